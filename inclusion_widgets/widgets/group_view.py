"""What the group answered, shown to a participant once the facilitator reveals it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Answer, AnswerKind
from inclusion_widgets.widgets.text import esc, plural

Counts = Mapping[str, Mapping[str, int]]
"""Per item id, how many gave each answer: level values as text, or an answer kind."""


class GroupView(w.VBox):  # type: ignore[misc]
    """For every item the participant has answered, how the whole group answered it,
    as bars per level with the participant's own answer marked. Items they have not
    answered stay hidden, so nobody anchors on the group before answering.
    """

    def __init__(self, framework: Framework, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.framework = framework
        self._html = w.HTML()
        self.children = (self._html,)
        self.add_class("ic-group-view")

    def show(self, counts: Counts, mine: Mapping[str, Answer]) -> None:
        sections = []
        hidden = 0
        for item in self.framework.items:
            own = mine.get(item.id)
            if own is None or own.kind is AnswerKind.UNANSWERED:
                hidden += 1
                continue
            scale = self.framework.scale_for(item)
            given = counts.get(item.id, {})
            rows = [(str(level.value), f"{level.value} {level.label}") for level in scale.levels]
            rows += [
                (AnswerKind.DONT_KNOW.value, scale.dont_know_label),
                (AnswerKind.NOT_APPLICABLE.value, scale.not_applicable_label),
            ]
            own_key = str(own.level) if own.kind is AnswerKind.LEVEL else own.kind.value
            most = max([1, *given.values()])
            bars = "".join(
                f'<div class="ic-dist-row{" ic-mine" if key == own_key else ""}">'
                f'<span class="ic-dist-label">{esc(label)}'
                f"{' (you)' if key == own_key else ''}</span>"
                f'<span class="ic-dist-fill" style="width: {_width(given.get(key, 0), most)}%">'
                f'</span><span class="ic-dist-count">{given.get(key, 0)}</span></div>'
                for key, label in rows
            )
            total = sum(given.values())
            sections.append(
                f'<section class="ic-disputed"><h4>{esc(item.title)} '
                f'<span class="ic-muted">{esc(item.id)}</span></h4>'
                f'<p class="ic-spread">{plural(total, "answer")} so far</p>'
                f'<div class="ic-dist">{bars}</div></section>'
            )
        intro = (
            "<p>How the whole group answered, item by item. You see the items you have "
            "answered yourself.</p>"
        )
        if hidden:
            intro += (
                f'<p class="ic-muted">{plural(hidden, "item")} you have not answered '
                "stay hidden.</p>"
            )
        self._html.value = intro + "".join(sections)


def _width(count: int, most: int) -> int:
    return round(100 * count / most)


def count_answers(answers: list[Answer]) -> dict[str, dict[str, int]]:
    """Per item, how many gave each level (as text) or each non-level answer."""
    counts: dict[str, dict[str, int]] = {}
    for answer in answers:
        if answer.kind is AnswerKind.UNANSWERED:
            continue
        key = str(answer.level) if answer.kind is AnswerKind.LEVEL else answer.kind.value
        per_item = counts.setdefault(answer.item_id, {})
        per_item[key] = per_item.get(key, 0) + 1
    return counts
