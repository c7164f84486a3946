"""What the group answered, shown to a participant once the facilitator reveals it:
one anywidget model, drawn by ``static/group_view.js``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import traitlets

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import normalize
from inclusion_widgets.records import AgreedResult, Answer, AnswerKind
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.front_end import OneModel, module

Counts = Mapping[str, Mapping[str, int]]
"""Per item id, how many gave each answer: level values as text, or an answer kind."""


def answer_key(answer: Answer) -> str:
    """How an answer is counted: its level as text, or its kind."""
    return str(answer.level) if answer.kind is AnswerKind.LEVEL else answer.kind.value


class GroupView(OneModel):
    """For every item the participant has answered, how the whole group answered it,
    as bars per level with the participant's own answer marked. Items they have not
    answered stay hidden, so nobody anchors on the group before answering.
    """

    _esm = module("group_view")

    items: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Every item in framework order: id, title and the answers it can have "
        "(key and label), sent once."
    ).tag(sync=True)
    counts = traitlets.Dict(help="Per item id, how many gave each answer (keys as in items).").tag(
        sync=True
    )
    mine = traitlets.Dict(help="Per item id, the participant's own answer key.").tag(sync=True)
    agreed = traitlets.Dict(
        help="Per item id, what the group agreed: the answer key, its words, the reasoning "
        "and whether to revisit it (items not agreed yet are absent)."
    ).tag(sync=True)
    labels = traitlets.Dict(help="Every sentence the view shows, by key.").tag(sync=True)
    locale = traitlets.Unicode("en", help="Language of the labels.").tag(sync=True)

    def __init__(self, framework: Framework, language: str | None = None, **kwargs: Any) -> None:
        self.framework = framework
        rows = []
        for item in framework.items:
            scale = framework.scale_for(item)
            answers = [
                {"key": str(level.value), "label": f"{level.value} {level.label}"}
                for level in scale.levels
            ]
            answers += [
                {"key": AnswerKind.DONT_KNOW.value, "label": scale.dont_know_label},
                {"key": AnswerKind.NOT_APPLICABLE.value, "label": scale.not_applicable_label},
            ]
            rows.append({"id": item.id, "title": item.title, "answers": answers})
        super().__init__(
            items=rows,
            labels=labels.translated(labels.GROUP_VIEW, language),
            locale=normalize(language),
            **kwargs,
        )

    def show(self, counts: Counts, mine: Mapping[str, Answer]) -> None:
        """Show the group's ``counts`` for the items answered in ``mine``."""
        own = {
            item_id: answer_key(answer)
            for item_id, answer in mine.items()
            if answer.kind is not AnswerKind.UNANSWERED
        }
        with self.hold_sync():
            self.counts = {item: dict(given) for item, given in counts.items()}
            self.mine = own


def agreed_view(framework: Framework, results: Iterable[AgreedResult]) -> dict[str, Any]:
    """The agreed results as the group view shows them, for items agreed on."""
    shown: dict[str, Any] = {}
    for result in results:
        if not result.is_agreed or result.item_id not in {item.id for item in framework.items}:
            continue
        scale = framework.scale_for(result.item_id)
        words = {
            AnswerKind.DONT_KNOW: scale.dont_know_label,
            AnswerKind.NOT_APPLICABLE: scale.not_applicable_label,
        }
        label = (
            f"{result.level} {scale.level(result.level).label}"
            if result.level is not None
            else words.get(result.kind, "")
        )
        shown[result.item_id] = {
            "key": str(result.level) if result.level is not None else result.kind.value,
            "label": label,
            "reasoning": result.reasoning,
            "revisit": result.revisit,
        }
    return shown


def count_answers(answers: list[Answer]) -> dict[str, dict[str, int]]:
    """Per item, how many gave each level (as text) or each non-level answer."""
    counts: dict[str, dict[str, int]] = {}
    for answer in answers:
        if answer.kind is AnswerKind.UNANSWERED:
            continue
        per_item = counts.setdefault(answer.item_id, {})
        key = answer_key(answer)
        per_item[key] = per_item.get(key, 0) + 1
    return counts
