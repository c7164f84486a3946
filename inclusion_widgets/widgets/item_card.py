"""One item of a checklist: what it asks, the choice of level, a note, evidence, priority.

A card is seven widget models: the card box, its text, the choice, the line under
the choice, two text boxes and the priority box. Guiding questions fold inside the
text with a plain ``<details>`` element, which costs no model and works from the
keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from inclusion_widgets.frameworks import Framework, Item, Scale
from inclusion_widgets.records import MAX_TEXT, Answer, AnswerKind
from inclusion_widgets.widgets.parts import Parts
from inclusion_widgets.widgets.text import bullet_list, esc, para, tag

DONT_KNOW_HELP = "We do not know enough to say."
NOT_APPLICABLE_HELP = "This does not apply to our city."


def source_line(citation: str, reconstructed: bool) -> str:
    """The muted line under an item: "from" the publisher, or "based on" it when restated."""
    word = "based on" if reconstructed else "from"
    return tag("p", f"{word} {citation}", "ic-source ic-muted")


def item_html(number: int, item: Item) -> str:
    """Title, summary, folded guiding questions and examples, and the source line."""
    parts = [
        f'<h4 class="ic-item-title"><span class="ic-num">{number}.</span>{esc(item.title)}</h4>'
    ]
    if item.summary:
        parts.append(tag("p", item.summary, "ic-summary"))
    folded = []
    if item.guiding_questions:
        folded.append("<h5>Guiding questions</h5>" + bullet_list(item.guiding_questions))
    if item.examples:
        folded.append("<h5>Examples</h5>" + bullet_list(item.examples))
    if folded:
        counts = []
        if item.guiding_questions:
            counts.append(f"Guiding questions ({len(item.guiding_questions)})")
        if item.examples:
            counts.append(f"examples ({len(item.examples)})")
        label = " and ".join(counts)
        parts.append(
            f'<details class="ic-more"><summary>{esc(label.capitalize())}</summary>'
            + "".join(folded)
            + "</details>"
        )
    parts.append(source_line(item.source.citation(), item.reconstructed))
    return "".join(parts)


class ItemCard:
    """The controls of one item; reports each change a person makes as a new :class:`Answer`.

    Not a widget itself: ``card.box`` is what is shown. ``show(answer)`` puts an
    answer into the controls without reporting it.
    """

    def __init__(
        self,
        framework: Framework,
        item: Item,
        number: int,
        parts: Parts,
        on_change: Callable[[Answer], None],
    ) -> None:
        self.item = item
        self.scale: Scale = framework.scale_for(item)
        self._on_change = on_change
        self._quiet = False
        self._answer = Answer(item.id)
        scale = self.scale
        options: list[tuple[str, Any]] = [(level.label, level.value) for level in scale.levels]
        options += [
            (scale.dont_know_label, AnswerKind.DONT_KNOW),
            (scale.not_applicable_label, AnswerKind.NOT_APPLICABLE),
        ]
        tooltips = [level.description or level.label for level in scale.levels]
        tooltips += [DONT_KNOW_HELP, NOT_APPLICABLE_HELP]
        self.text = parts.html(item_html(number, item), "ic-item-text")
        self.choice = parts.toggles(
            f"Answer for {item.title}", options, tooltips, "ic-choice", "ic-sr-label"
        )
        self.level_help = parts.html("", "ic-level-help")
        self.note = parts.textarea("Note", "What makes you say so?", "ic-note", rows=3)
        self.evidence = parts.textarea(
            "Evidence or example", "A document, a project, a figure…", "ic-evidence", rows=3
        )
        self.priority = parts.checkbox("Priority for us", "ic-priority")
        fields = parts.hbox([self.note, self.evidence], "ic-fields")
        self.box = parts.vbox(
            [self.text, self.choice, self.level_help, fields, self.priority],
            "ic-card",
            "ic-item",
            f"ic-item-{item.id.replace('/', '-')}",
        )
        for control in (self.choice, self.note, self.evidence, self.priority):
            control.observe(self._changed, names="value")
        self._refresh()

    @property
    def answer(self) -> Answer:
        return self._answer

    def show(self, answer: Answer) -> None:
        """Put ``answer`` into the controls without reporting a change."""
        self._quiet = True
        try:
            if answer.kind is AnswerKind.LEVEL:
                self.choice.value = answer.level
            elif answer.kind is AnswerKind.UNANSWERED:
                self.choice.index = None
            else:
                self.choice.value = answer.kind
            self.note.value = answer.note
            self.evidence.value = answer.evidence
            self.priority.value = answer.priority
        finally:
            self._quiet = False
        self._answer = answer
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        for control in (self.choice, self.note, self.evidence, self.priority):
            control.disabled = read_only

    def _from_controls(self) -> Answer:
        choice = self.choice.value
        if choice is None:
            kind, level = AnswerKind.UNANSWERED, None
        elif isinstance(choice, AnswerKind):
            kind, level = choice, None
        else:
            kind, level = AnswerKind.LEVEL, int(choice)
        return Answer(
            self.item.id,
            kind=kind,
            level=level,
            note=self.note.value,
            evidence=self.evidence.value,
            priority=bool(self.priority.value),
            updated_at=datetime.now(UTC),
        )

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        answer = self._from_controls()
        too_long = self._too_long(answer)
        if too_long or answer == self._answer:
            self._refresh(too_long)
            return
        self._answer = answer
        self._refresh()
        self._on_change(answer)

    @staticmethod
    def _too_long(answer: Answer) -> str:
        for label, value in (("note", answer.note), ("evidence", answer.evidence)):
            if len(value) > MAX_TEXT:
                return (
                    f"The {label} is {len(value):,} characters long; up to {MAX_TEXT:,} "
                    "are kept. Shorten it and it will be saved again."
                )
        return ""

    def _refresh(self, warning: str = "") -> None:
        answer = self._answer
        if warning:
            self.level_help.value = tag("p", warning, "ic-warning")
        elif answer.kind is AnswerKind.LEVEL and answer.level is not None:
            level = self.scale.level(answer.level)
            text = f"<b>{esc(level.label)}</b>"
            if level.description:
                text += f" — {para(level.description)}"
            self.level_help.value = f"<p>{text}</p>"
        elif answer.kind is AnswerKind.DONT_KNOW:
            self.level_help.value = tag("p", DONT_KNOW_HELP, "ic-muted")
        elif answer.kind is AnswerKind.NOT_APPLICABLE:
            self.level_help.value = tag("p", NOT_APPLICABLE_HELP, "ic-muted")
        else:
            self.level_help.value = tag(
                "p", "Not answered yet. Point at a choice to read what it means.", "ic-muted"
            )
        answered = answer.kind is not AnswerKind.UNANSWERED
        for cls, on in (("ic-answered", answered), ("ic-flagged", answer.priority)):
            if on:
                self.box.add_class(cls)
            else:
                self.box.remove_class(cls)
