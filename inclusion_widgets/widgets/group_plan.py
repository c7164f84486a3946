"""The group's plan, built on the facilitator's page from the participants' drafts: one
anywidget model, drawn by ``static/plan.js``.

The page lists the gaps no plan action answers yet and the participants' draft actions
with who proposed them and their votes, most votes first. "Take into plan" copies a
draft in; choosing two or more and "Merge into one" makes one plan action of them (it
lists every proposer); two plan actions that turn out to say the same thing are merged
with "Merge this action into". Every field of a plan action is edited in place and saved
like an agreed result (see :mod:`.editable`); "Remove" takes it out of the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import traitlets

from inclusion_widgets.edits import PLAN_FIELDS, Edit, PlanEdit
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import normalize
from inclusion_widgets.priorities import open_gaps, ordered_plan, plan_votes
from inclusion_widgets.record_fields import text_fields
from inclusion_widgets.records import DRAFT, GAP, Action, ActionStatus, AgreedResult, PlanAction
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.editable import EditableWidget, EditRefused, edited_time, plain
from inclusion_widgets.widgets.front_end import module

TEXT_FIELDS = text_fields(PlanAction)

DraftRef = tuple[int, str]
TakeCallback = Callable[[list[DraftRef], str | None], None]
"""Called with the drafts to take (participant id, action id) and the plan action to
merge them into (None: a new one)."""


@dataclass(frozen=True)
class Draft:
    """A participant's draft action, with who proposed it."""

    participant_id: int
    who: str
    action: Action


def plan_json(action: PlanAction, version: int, votes: int) -> dict[str, Any]:
    return {
        "id": action.id,
        **{name: plain(getattr(action, name)) for name in PLAN_FIELDS},
        "proposed_by": list(action.proposed_by),
        "drafts": list(action.drafts),
        "votes": votes,
        "version": version,
    }


class GroupPlan(EditableWidget[PlanAction]):
    """The group's plan for the city, its open gaps and the drafts it is built from.

    :meth:`on_take`, :meth:`on_merge` and :meth:`on_remove` receive the page's "Take
    into plan", "Merge into one", "Merge this action into" and "Remove"; field edits are
    :class:`~inclusion_widgets.edits.PlanEdit` for :meth:`on_edit` callbacks.
    :meth:`show_refused` with key ``"take"`` shows a sentence above the drafts.
    """

    _esm = module("plan")
    _record_fields = PLAN_FIELDS
    _key_prefix = "plan:"

    items: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Every scored item in framework order: id, number and title, sent once."
    ).tag(sync=True)
    drafts: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The participants' draft actions, most votes first: participant, id, who, "
        "title, description, items, votes, and the plan action it is in ('' if none)."
    ).tag(sync=True)
    gaps: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The items agreed to be gaps that no plan action answers yet, most votes "
        "first: item, number, title, votes."
    ).tag(sync=True)
    plan_state: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The plan's actions, most votes first, each with its saved version."
    ).tag(sync=True)
    plan = traitlets.Tuple(read_only=True, help="The plan's actions, immutable, most votes first.")
    last_change = traitlets.Instance(
        PlanAction, allow_none=True, read_only=True, help="The plan action most recently edited."
    )

    def __init__(self, framework: Framework, language: str | None = None, **kwargs: Any) -> None:
        self.framework = framework
        self._numbers = {item.id: number for number, item in enumerate(framework.items, 1)}
        self._titles = {item.id: item.title for item in framework.items}
        self._counts: dict[str, int] = {}
        self._agreed: tuple[AgreedResult, ...] = ()
        self._drafts: tuple[Draft, ...] = ()
        self._take_callbacks: list[TakeCallback] = []
        self._remove_callbacks: list[Callable[[str], None]] = []
        self._merge_callbacks: list[Callable[[str, str], None]] = []
        rows = [
            {"id": item.id, "number": number, "title": item.title}
            for number, item in enumerate(framework.items, start=1)
        ]
        super().__init__(
            items=rows,
            labels=labels.translated(labels.GROUP_PLAN, language),
            locale=normalize(language),
            **kwargs,
        )

    # -- what the app tells it ---------------------------------------------------------

    def on_take(self, callback: TakeCallback) -> None:
        self._take_callbacks.append(callback)

    def on_remove(self, callback: Callable[[str], None]) -> None:
        self._remove_callbacks.append(callback)

    def on_merge(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(keep, other)`` when plan action ``other`` is to be merged into
        ``keep``."""
        self._merge_callbacks.append(callback)

    def load(self, plan: Iterable[PlanAction]) -> None:
        """Replace the plan shown, reporting nothing."""
        self._current = {action.id: action for action in plan}
        self._versions = {action.id: action.version for action in self._current.values()}
        self._unsaved = {}
        self._publish(sync=True)

    def apply_saved(self, plan: Iterable[PlanAction], complete: bool = False) -> None:
        """Plan actions saved elsewhere: shown, never over a field changed here and not
        yet saved; with ``complete``, an action missing from ``plan`` was removed."""
        saved = list(plan)
        changed = False
        for action in saved:
            changed |= self._take_saved(action.id, action)
        if complete:
            kept = {action.id for action in saved}
            for gone in [i for i in self._current if i not in kept]:
                del self._current[gone]
                self._versions.pop(gone, None)
                self._unsaved.pop(gone, None)
                changed = True
        if changed:
            self._publish(sync=True)

    def show_room(
        self,
        drafts: Sequence[Draft],
        agreed: Iterable[AgreedResult],
        counts: Mapping[str, int],
    ) -> None:
        """The drafts, what the group agreed (for the gaps) and the votes, as they are now."""
        self._drafts, self._agreed, self._counts = tuple(drafts), tuple(agreed), dict(counts)
        self._publish(sync=True)

    # -- messages from the page --------------------------------------------------------

    def _receive(self, widget: object, content: Mapping[str, Any], buffers: object) -> None:
        kind = content.get("type")
        if kind == "take":
            chosen = [
                (int(pair[0]), str(pair[1]))
                for pair in content.get("drafts", ())
                if isinstance(pair, list | tuple) and len(pair) == 2
            ]
            into = content.get("into") or None
            self._clear("take")
            for take in self._take_callbacks:
                take(chosen, None if into is None else str(into))
        elif kind == "remove":
            plan_id = str(content.get("id", ""))
            for remove in self._remove_callbacks:
                remove(plan_id)
        elif kind == "merge_plan":
            keep, other = str(content.get("keep", "")), str(content.get("other", ""))
            self._clear(f"{self._key_prefix}{other}")
            for merge in self._merge_callbacks:
                merge(keep, other)
        else:
            super()._receive(widget, content, buffers)

    def _edit_from_message(self, content: Mapping[str, Any]) -> Edit | None:
        plan_id = str(content.get("key", "")).removeprefix(self._key_prefix)
        raw = content.get("fields")
        if content.get("type") != "edit" or plan_id not in self._current:
            return None
        if not isinstance(raw, Mapping):
            return None
        fields = {name: self._value(name, value) for name, value in raw.items()}
        if not fields:
            return None
        base = int(content.get("base_version", 0))
        return PlanEdit(plan_id, fields, base, edited_time(content.get("edited_at")))

    def _value(self, name: str, value: Any) -> Any:
        """One field from the page as the record holds it; a sentence when it cannot be."""
        if name in TEXT_FIELDS:
            return self._text(name, value)
        if name == "items":
            linked = tuple(str(item) for item in value or ())
            if any(item not in self._numbers for item in linked):
                raise EditRefused(self.labels["bad_item"], "items")
            return linked
        if name in ("start", "due"):
            try:
                return date.fromisoformat(str(value)) if value else None
            except ValueError:
                raise EditRefused(self.labels["bad_date"], name) from None
        if name == "status":
            try:
                return ActionStatus(str(value))
            except ValueError:
                raise EditRefused(self.labels["bad_status"], name) from None
        raise EditRefused(self.labels["bad_field"], "")

    def _apply(self, edit: Edit) -> None:
        assert isinstance(edit, PlanEdit)
        changed = replace(self._current[edit.plan_id], **edit.fields, updated_at=edit.edited_at)
        self._changed(edit.plan_id, changed, edit.fields)

    def _publish(self, sync: bool) -> None:
        counts = self._counts
        ordered = ordered_plan(self._current.values(), counts)
        self.set_trait("plan", tuple(ordered))
        state = [
            plan_json(action, self._versions.get(action.id, 0), plan_votes(action, counts))
            for action in ordered
        ]
        taken = {draft: action.id for action in ordered for draft in action.drafts}
        drafts = sorted(self._drafts, key=lambda d: -counts.get(f"{DRAFT}:{d.action.id}", 0))
        gaps = open_gaps(self.framework, self._agreed, ordered, counts)
        with self.hold_sync():
            self.drafts = [
                {
                    "participant": draft.participant_id,
                    "id": draft.action.id,
                    "who": draft.who,
                    "title": draft.action.title,
                    "description": draft.action.description,
                    "items": [self._numbers[i] for i in draft.action.items if i in self._numbers],
                    "votes": counts.get(f"{DRAFT}:{draft.action.id}", 0),
                    "in_plan": taken.get(draft.action.id, ""),
                }
                for draft in drafts
            ]
            self.gaps = [
                {
                    "item": item,
                    "number": self._numbers[item],
                    "title": self._titles[item],
                    "votes": counts.get(f"{GAP}:{item}", 0),
                }
                for item in gaps
            ]
            if sync:
                self.plan_state = state
            else:
                with self._lock_property(plan_state=state):
                    self.plan_state = state
