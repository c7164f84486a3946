"""A participant's votes on the gaps and the draft actions: one anywidget model, drawn by
``static/votes.js``.

Each row shows how many votes it has from everyone and from this person, with "Vote"
and "Take a vote back"; the page says how many votes are left. A click is sent to the
kernel as ``{"type": "vote", "target", "change"}``; a vote the store refuses (none left)
is shown as a sentence at the row clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import traitlets

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import normalize
from inclusion_widgets.priorities import gaps
from inclusion_widgets.records import DRAFT, GAP, AgreedResult
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.front_end import OneModel, module
from inclusion_widgets.widgets.group_plan import Draft

VoteCallback = Callable[[str, int], None]


class VoteBoard(OneModel):
    """The gaps the group agreed and the participants' drafts, most votes first, each with
    this person's vote controls; :meth:`on_vote` receives every click."""

    _esm = module("votes")

    labels = traitlets.Dict(help="Every sentence and label the page shows, by key.").tag(sync=True)
    locale = traitlets.Unicode("en", help="Language of the labels.").tag(sync=True)
    read_only = traitlets.Bool(False, help="Show the votes without controls.").tag(sync=True)
    targets: traitlets.List[dict[str, Any]] = traitlets.List(
        help="What can be voted for, most votes first: target, kind ('gap' or 'draft'), "
        "title, who proposed it (drafts), votes from everyone and from this person."
    ).tag(sync=True)
    left = traitlets.Int(0, help="How many votes this person has not spent.").tag(sync=True)
    problems = traitlets.Dict(help="A sentence at a target, by target.").tag(sync=True)

    def __init__(self, framework: Framework, language: str | None = None, **kwargs: Any) -> None:
        self.framework = framework
        self._numbers = {item.id: number for number, item in enumerate(framework.items, 1)}
        self._titles = {item.id: item.title for item in framework.items}
        self._callbacks: list[VoteCallback] = []
        super().__init__(
            labels=labels.translated(labels.VOTES, language), locale=normalize(language), **kwargs
        )
        self.on_msg(self._receive)

    def on_vote(self, callback: VoteCallback) -> None:
        """Call ``callback(target, change)`` for every click (1: a vote, -1: one back)."""
        self._callbacks.append(callback)

    def show(
        self,
        agreed: Iterable[AgreedResult],
        drafts: Sequence[Draft],
        counts: Mapping[str, int],
        mine: Mapping[str, int],
        left: int,
    ) -> None:
        """What there is to vote for and the votes as they are now."""
        rows: list[dict[str, Any]] = [
            {
                "target": f"{GAP}:{item}",
                "kind": GAP,
                "title": f"{self._numbers[item]}. {self._titles[item]}",
                "who": "",
            }
            for item in gaps(self.framework, agreed)
        ]
        rows += [
            {
                "target": f"{DRAFT}:{draft.action.id}",
                "kind": DRAFT,
                "title": draft.action.title,
                "who": draft.who,
            }
            for draft in drafts
        ]
        for row in rows:
            row["votes"] = counts.get(row["target"], 0)
            row["mine"] = mine.get(row["target"], 0)
        rows.sort(key=lambda row: -row["votes"])
        with self.hold_sync():
            if rows != self.targets:
                self.targets = rows
            self.left = left

    def show_refused(self, target: str, sentence: str) -> None:
        """Show ``sentence`` at the row of ``target``."""
        self.problems = {**self.problems, target: sentence}

    def _receive(self, _widget: object, content: Mapping[str, Any], _buffers: object) -> None:
        target, change = str(content.get("target", "")), content.get("change")
        if content.get("type") != "vote" or change not in (1, -1):
            return
        # A new click makes an earlier refusal out of date, wherever it was shown.
        if self.problems:
            self.problems = {}
        for callback in self._callbacks:
            callback(target, int(change))
