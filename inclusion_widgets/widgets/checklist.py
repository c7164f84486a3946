"""The checklist a participant fills in: a framework's items, group by group."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from inclusion_widgets.checks import answer_fields
from inclusion_widgets.edits import AnswerEdit, Edit, SaveResult
from inclusion_widgets.frameworks import ContextQuestion, Framework, Group
from inclusion_widgets.records import MAX_TEXT, Answer, AnswerKind
from inclusion_widgets.widgets.edit_tracking import EditTracker
from inclusion_widgets.widgets.field_notices import FieldNotices
from inclusion_widgets.widgets.item_card import ItemCard, source_line
from inclusion_widgets.widgets.parts import Parts
from inclusion_widgets.widgets.styles import style_block
from inclusion_widgets.widgets.text import esc, para, tag

if TYPE_CHECKING:
    import pandas as pd

AnswerCallback = Callable[[Answer], None]


def answer_key(item_id: str) -> str:
    return f"answer:{item_id}"


def progress_counts(answers: Iterable[Answer]) -> tuple[int, int]:
    """How many of the answers are answered (a level, don't know or n/a) and flagged."""
    answered = flagged = 0
    for answer in answers:
        answered += answer.kind is not AnswerKind.UNANSWERED
        flagged += answer.priority
    return answered, flagged


class ContextRow:
    """A context question and the text box that answers it (no score)."""

    def __init__(self, question: ContextQuestion, parts: Parts, on_change: AnswerCallback) -> None:
        self.question = question
        self._on_change = on_change
        self._quiet = False
        self._answer = Answer(question.id)
        text = tag("h4", question.text, "ic-item-title")
        if question.help:
            text += tag("p", question.help, "ic-summary")
        reconstructed = question.provenance.value == "reconstructed"
        text += source_line(question.source.citation(), reconstructed)
        self.text = parts.html(text, "ic-item-text")
        self.note = parts.textarea(
            f"Answer: {question.text}", "Describe the situation…", "ic-sr-label"
        )
        self.warning = parts.html("", "ic-level-help")
        self.box = parts.vbox([self.text, self.note, self.warning], "ic-card", "ic-context")
        self.note.observe(self._changed, names="value")

    @property
    def answer(self) -> Answer:
        return self._answer

    def show(self, answer: Answer) -> None:
        self._quiet = True
        try:
            self.note.value = answer.note
        finally:
            self._quiet = False
        self._answer = answer
        self.warning.value = ""

    def _changed(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        text = str(change["new"])
        if len(text) > MAX_TEXT:
            self.warning.value = tag(
                "p",
                f"This answer is {len(text):,} characters long; up to {MAX_TEXT:,} are kept. "
                "Shorten it and it will be saved again.",
                "ic-warning",
            )
            return
        self.warning.value = ""
        self._answer = Answer(self.question.id, note=text, updated_at=datetime.now(UTC))
        self._on_change(self._answer)


class Checklist(w.VBox):
    """What a participant sees: the framework's title, a progress line, then each group
    with its items. Per item: the title and summary, guiding questions folded until
    opened, one choice among the levels plus "don't know" and "not applicable" (the
    meaning of each shows on hover and under the choice), a note, evidence, and a
    priority flag. Context questions at the end are answered with text only.

    Every change a person makes is reported once, to the callbacks registered with
    :meth:`on_answer_change` and as the ``last_change`` trait; :meth:`load` reports
    nothing, so answers read from a store are not saved back. Text boxes report while
    typing: an app that saves should debounce, and flush on a timer, because
    ipywidgets tells the kernel nothing when a text box loses focus.
    """

    answers = traitlets.Tuple(
        read_only=True,
        help="One immutable Answer per item or context question touched, in framework order; "
        "replace them with load().",
    )
    last_change = traitlets.Instance(
        Answer,
        allow_none=True,
        read_only=True,
        help="The answer most recently changed by a person.",
    )
    read_only = traitlets.Bool(False, help="Show the answers with every control disabled.")
    compact = traitlets.Bool(False, help="Hide summaries, guidance and evidence; tighter cards.")

    def __init__(
        self,
        framework: Framework,
        answers: Iterable[Answer] = (),
        read_only: bool = False,
        compact: bool = False,
    ) -> None:
        self.framework = framework
        self._callbacks: list[AnswerCallback] = []
        self._edit_callbacks: list[Callable[[Edit], None]] = []
        self._tracker = EditTracker()
        self._notices: dict[str, FieldNotices] = {}
        parts = Parts()
        self._cards = {
            item.id: ItemCard(framework, item, number, parts, self._changed)
            for number, item in enumerate(framework.items, start=1)
        }
        self._context = {
            question.id: ContextRow(question, parts, self._changed)
            for question in framework.context_questions
        }
        self._progress = parts.html("", "ic-progress")
        self._group_heads = {
            group.id: parts.html("", "ic-group-head") for group in framework.groups
        }
        children: list[w.Widget] = [style_block(parts), parts.html(self._head_html(), "ic-head")]
        children.append(self._progress)
        for group in framework.groups:
            children.append(self._group_heads[group.id])
            children.extend(self._cards[item.id].box for item in group.items)
        if self._context:
            children.append(
                parts.html(
                    '<h3>About your city</h3><p class="ic-muted">Not scored: a few lines '
                    "each, to set the scene.</p>",
                    "ic-group-head",
                )
            )
            children.extend(row.box for row in self._context.values())
        super().__init__(children=children, layout=parts.layout)
        self.add_class("ic-root")
        self.add_class("ic-checklist")
        self.load(answers)
        self.read_only = read_only
        self.compact = compact
        self._apply_read_only()
        self._apply_compact()

    # -- reading state -------------------------------------------------------------

    def answer(self, item_id: str) -> Answer:
        """The current answer to an item or context question (empty if untouched)."""
        if item_id in self._cards:
            return self._cards[item_id].answer
        if item_id in self._context:
            return self._context[item_id].answer
        raise KeyError(f"{item_id!r} is not an item or context question of {self.framework.id!r}")

    def to_dataframe(self) -> pd.DataFrame:
        """One row per item and context question, answered or not (imports pandas)."""
        import pandas as pd

        rows = []
        for item in self.framework.items:
            answer = self.answer(item.id)
            label = ""
            if answer.level is not None:
                label = self.framework.scale_for(item).level(answer.level).label
            rows.append(
                {
                    "item_id": item.id,
                    "group": self.framework.group_of(item.id).title,
                    "title": item.title,
                    "kind": answer.kind.value,
                    "level": answer.level,
                    "level_label": label,
                    "note": answer.note,
                    "evidence": answer.evidence,
                    "priority": answer.priority,
                    "updated_at": answer.updated_at,
                }
            )
        for question in self.framework.context_questions:
            answer = self.answer(question.id)
            rows.append(
                {
                    "item_id": question.id,
                    "group": "Context",
                    "title": question.text,
                    "kind": answer.kind.value,
                    "level": None,
                    "level_label": "",
                    "note": answer.note,
                    "evidence": "",
                    "priority": False,
                    "updated_at": answer.updated_at,
                }
            )
        frame = pd.DataFrame(rows)
        frame["level"] = frame["level"].astype("Int64")
        return frame

    # -- changing state ------------------------------------------------------------

    def load(self, answers: Iterable[Answer]) -> None:
        """Replace every answer with ``answers`` (others become empty), reporting nothing.

        Raises ValueError naming the answer when it belongs to another framework or
        gives a level the item's scale does not have; nothing is changed then.
        """
        given: dict[str, Answer] = {}
        for answer in answers:
            if answer.item_id in self._cards:
                scale = self._cards[answer.item_id].scale
                if answer.level is not None and answer.level not in scale.values:
                    raise ValueError(
                        f"answer to {answer.item_id}: level {answer.level} is not on the "
                        f"scale {scale.id!r} (levels {', '.join(map(str, scale.values))})"
                    )
            elif answer.item_id not in self._context:
                raise ValueError(
                    f"answer to {answer.item_id!r}: no such item or context question in "
                    f"the framework {self.framework.id!r}"
                )
            given[answer.item_id] = answer
        # Untouched items count as saved empty answers (version 0), so a first change
        # carries only its own fields, never empty ones over another tab's text.
        self._tracker.forget_all()
        for item_id in (*self._cards, *self._context):
            answer = given.get(item_id, Answer(item_id))
            self._tracker.loaded(
                answer_key(item_id), answer_fields(answer), getattr(answer, "version", 0)
            )
        for item_id, card in self._cards.items():
            card.show(given.get(item_id, Answer(item_id)))
        for question_id, row in self._context.items():
            row.show(given.get(question_id, Answer(question_id)))
        self._publish()

    def on_answer_change(self, callback: AnswerCallback) -> None:
        """Call ``callback(answer)`` after every change a person makes (not on load)."""
        self._callbacks.append(callback)

    def on_edit(self, callback: Callable[[Edit], None]) -> None:
        """Call ``callback(edit)`` with an :class:`AnswerEdit` of the fields a person
        changed, on the version this page showed (the save contract)."""
        self._edit_callbacks.append(callback)

    def show_saved(self, result: SaveResult) -> None:
        """The store kept an edit: the new base version, the saved text shown unless it
        was changed here since, any refusal cleared, conflicts with another tab shown."""
        item_id = result.key.split(":", 1)[1]
        if item_id not in self._cards and item_id not in self._context:
            return
        record = result.record if isinstance(result.record, Answer) else None
        theirs = frozenset(c.field for c in result.conflicts if c.kept == "other")
        mine = answer_fields(self.answer(item_id))
        update = self._tracker.saved(
            result.key, result.version, answer_fields(record) if record else None, theirs
        )
        self._put(item_id, update)
        notices = self._notices_of(item_id)
        notices.clear_refusal()
        for conflict in result.conflicts:
            other = mine.get(conflict.field) if conflict.kept == "other" else conflict.other
            # A text is offered back; a choice or an empty text has nothing to bring back.
            if conflict.field in ("note", "evidence") and isinstance(other, str) and other:
                notices.conflict(conflict.field, other, conflict.kept)

    def show_refused(self, key: str, field: str, sentence: str) -> None:
        """Show why the store refused the last change of an answer, at its field; what
        the person typed stays on screen."""
        item_id = key.split(":", 1)[1]
        if item_id in self._cards or item_id in self._context:
            self._notices_of(item_id).refuse(field, sentence)

    def apply_saved(self, records: Iterable[Answer]) -> None:
        """Answers saved elsewhere (another tab of the same person): shown, except a field
        changed here and not saved yet."""
        for answer in records:
            if answer.item_id not in self._cards and answer.item_id not in self._context:
                continue
            update = self._tracker.saved_elsewhere(
                answer_key(answer.item_id), getattr(answer, "version", 0), answer_fields(answer)
            )
            if update:
                self._put(answer.item_id, update)

    def _put(self, item_id: str, fields: dict[str, Any]) -> None:
        """Show saved values of some fields, reporting nothing."""
        current = self.answer(item_id)
        if not fields or all(getattr(current, name) == value for name, value in fields.items()):
            return
        answer = replace(current, **fields)
        if item_id in self._cards:
            self._cards[item_id].show(answer)
        else:
            self._context[item_id].show(answer)
        self._publish()

    def _use(self, item_id: str, field: str, value: Any) -> None:
        """Put a text into a field as if typed there, so it is saved like any change."""
        control = self._cards[item_id] if item_id in self._cards else self._context[item_id]
        if field in ("note", "evidence") and hasattr(control, field):
            getattr(control, field).value = value

    def _notices_of(self, item_id: str) -> FieldNotices:
        if item_id not in self._notices:
            row = self._cards.get(item_id) or self._context[item_id]
            self._notices[item_id] = FieldNotices(
                row.box, lambda field, value: self._use(item_id, field, value)
            )
        return self._notices[item_id]

    def _changed(self, answer: Answer) -> None:
        self._publish()
        self.set_trait("last_change", answer)
        key = answer_key(answer.item_id)
        fields = self._tracker.changed(key, answer_fields(answer), together=("kind", "level"))
        for callback in self._callbacks:
            callback(answer)
        if fields:
            edit = AnswerEdit(answer.item_id, fields, self._tracker.version(key), datetime.now(UTC))
            for edit_callback in self._edit_callbacks:
                edit_callback(edit)

    def _publish(self) -> None:
        current = [card.answer for card in self._cards.values()]
        current += [row.answer for row in self._context.values()]
        self.set_trait("answers", tuple(answer for answer in current if not answer.is_empty))
        self._refresh_progress()

    # -- display -------------------------------------------------------------------

    def _head_html(self) -> str:
        framework = self.framework
        text = tag("h2", framework.title)
        if framework.description:
            text += tag("p", framework.description, "ic-intro")
        note = f"Source: {framework.source.citation()}."
        if any(item.reconstructed for item in framework.items):
            note += (
                " Items marked “based on” are restated in our own words, not the publisher's text."
            )
        return text + tag("p", note, "ic-muted")

    def _refresh_progress(self) -> None:
        cards = [card.answer for card in self._cards.values()]
        answered, flagged = progress_counts(cards)
        total = len(cards)
        share = round(100 * answered / total) if total else 0
        self._progress.value = (
            f'<div class="ic-progress-line" role="status">{answered} of {total} answered, '
            f"{flagged} flagged as priority</div>"
            f'<div class="ic-bar" aria-hidden="true"><span style="width:{share}%"></span></div>'
        )
        for group in self.framework.groups:
            self._group_heads[group.id].value = self._group_html(group)

    def _group_html(self, group: Group) -> str:
        answers = [self._cards[item.id].answer for item in group.items]
        answered, flagged = progress_counts(answers)
        count = f"{answered} of {len(answers)} answered"
        if flagged:
            count += f", {flagged} priority"
        text = f'<h3>{esc(group.title)}</h3><span class="ic-count ic-muted">{esc(count)}</span>'
        if group.description:
            text += f'<p class="ic-muted">{para(group.description)}</p>'
        return text

    @traitlets.observe("read_only")
    def _read_only_changed(self, _change: dict[str, Any]) -> None:
        self._apply_read_only()

    @traitlets.observe("compact")
    def _compact_changed(self, _change: dict[str, Any]) -> None:
        self._apply_compact()

    def _apply_read_only(self) -> None:
        for card in self._cards.values():
            card.set_read_only(self.read_only)
        for row in self._context.values():
            row.note.disabled = self.read_only

    def _apply_compact(self) -> None:
        if self.compact:
            self.add_class("ic-compact")
        else:
            self.remove_class("ic-compact")
