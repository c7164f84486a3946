"""The action-plan canvas: the gaps to act on, the action cards, and an impact/effort
view, as one anywidget model (see :mod:`.editable` for how edits travel and survive)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import traitlets

from inclusion_widgets.edits import ACTION_FIELDS, ActionDeletion, ActionEdit, Edit
from inclusion_widgets.frameworks import Framework, Item
from inclusion_widgets.i18n import normalize
from inclusion_widgets.record_fields import text_fields
from inclusion_widgets.records import (
    IMPACT_EFFORT_LABELS,
    Action,
    ActionStatus,
    Answer,
    AnswerKind,
    new_action_id,
)
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.checklist import Checklist
from inclusion_widgets.widgets.editable import EditableWidget, EditRefused, edited_time, plain
from inclusion_widgets.widgets.front_end import module

if TYPE_CHECKING:
    import pandas as pd

TEXT_FIELDS = text_fields(Action)


def is_gap(framework: Framework, answer: Answer, gap_levels: int = 2) -> bool:
    """The gap rule: an item is a gap when it is flagged as a priority, or when it is
    scored at one of the ``gap_levels`` lowest levels of its scale. "Don't know" and
    "not applicable" are not scores, so alone they never make a gap."""
    if answer.priority:
        return True
    if answer.kind is not AnswerKind.LEVEL or answer.level is None:
        return False
    lowest = sorted(framework.scale_for(answer.item_id).values)[:gap_levels]
    return answer.level in lowest


def action_json(action: Action, version: int) -> dict[str, Any]:
    values = {name: plain(getattr(action, name)) for name in ACTION_FIELDS}
    return {**values, "version": version}


class ActionPlan(EditableWidget[Action]):
    """What a participant sees: the gaps the checklist shows (items scored low or
    flagged as a priority, each marked open until an action answers it), then one
    card per action with every field of the plan (title, description, linked items,
    owner, partners, start, due, resources, success indicator, status, impact and
    effort) and buttons to move it up, down or remove it (with an undo). A toolbar
    adds an action (linked to a chosen gap), filters the cards by status and
    switches to a grid of actions by impact and effort.

    Each change is reported as an edit to :meth:`on_edit` callbacks (a new card as an
    :class:`~inclusion_widgets.edits.ActionEdit` with every field, a removal as an
    :class:`~inclusion_widgets.edits.ActionDeletion`), and as the whole action to
    :meth:`on_action_change` / the id to :meth:`on_action_delete` callbacks;
    :meth:`load` reports nothing.
    """

    _esm = module("action_plan")
    _record_fields = ACTION_FIELDS
    _key_prefix = "action:"

    items: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The framework's items the cards can link to: id, number and title."
    ).tag(sync=True)
    action_state = traitlets.Dict(
        help="The actions the page shows, by id: every field (dates as ISO text) and the "
        "saved version the page's edits are based on."
    ).tag(sync=True)
    gaps: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The gaps to act on, in framework order: item id and why it is a gap."
    ).tag(sync=True)
    has_checklist = traitlets.Bool(
        False, help="Whether a checklist is linked; without one the page says how to link it."
    ).tag(sync=True)
    gap_levels = traitlets.Int(
        2, help="How many of the lowest levels of a scale count as a gap (see is_gap)."
    ).tag(sync=True)
    actions = traitlets.Tuple(
        read_only=True, help="Every action, immutable, in plan order; replace them with load()."
    )
    last_change = traitlets.Instance(
        Action, allow_none=True, read_only=True, help="The action most recently edited."
    )

    def __init__(
        self,
        framework: Framework,
        checklist: Checklist | None = None,
        actions: Iterable[Action] = (),
        gap_levels: int = 2,
        storage_key: str = "",
        language: str | None = None,
    ) -> None:
        self.framework = framework
        self.checklist = checklist
        self._numbers = {item.id: n for n, item in enumerate(framework.items, start=1)}
        self._removed: Action | None = None
        self._delete_callbacks: list[Callable[[str], None]] = []
        super().__init__(
            items=[
                {"id": item.id, "number": self._numbers[item.id], "title": item.title}
                for item in framework.items
            ],
            labels=labels.translated(labels.ACTION_PLAN, language),
            locale=normalize(language),
            gap_levels=gap_levels,
            storage_key=storage_key,
            has_checklist=checklist is not None,
        )
        if checklist is not None:
            checklist.observe(lambda _change: self._show_gaps(), names="answers")
        self._show_gaps()
        self.load(actions)

    # -- gaps ----------------------------------------------------------------------

    def proposed_gaps(self, gap_levels: int | None = None) -> tuple[Item, ...]:
        """Items to act on, in framework order, by the rule of :func:`is_gap`."""
        if self.checklist is None:
            return ()
        levels = self.gap_levels if gap_levels is None else gap_levels
        return tuple(
            item
            for item in self.framework.items
            if is_gap(self.framework, self.checklist.answer(item.id), levels)
        )

    def open_gaps(self, gap_levels: int | None = None) -> tuple[Item, ...]:
        """Proposed gaps that no action is linked to yet."""
        linked = {item for action in self._current.values() for item in action.items}
        return tuple(item for item in self.proposed_gaps(gap_levels) if item.id not in linked)

    # -- reading state -------------------------------------------------------------

    def to_dataframe(self) -> pd.DataFrame:
        """One row per action, in plan order (imports pandas)."""
        import pandas as pd

        rows = [action.as_row() for action in self.actions]
        columns = list(Action(id="", title="").as_row())
        frame = pd.DataFrame(rows, columns=columns)
        for name in ("impact", "effort"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def version(self, action_id: str) -> int:
        """The saved version of an action the page's next edit is based on (0: none)."""
        return self._versions.get(action_id, 0)

    # -- changing state ------------------------------------------------------------

    def load(self, actions: Iterable[Action]) -> None:
        """Replace every action with ``actions`` (ordered by position), reporting nothing.

        Raises ValueError naming the action that links an item the framework does not
        have; nothing is changed then.
        """
        given = list(actions)
        for action in given:
            self._check(action)
        self._current = {action.id: action for action in given}
        self._versions = {action.id: int(getattr(action, "version", 0)) for action in given}
        self._unsaved = {}
        self._removed = None
        self._publish(sync=True)

    def apply_saved(self, records: Iterable[Action], complete: bool = False) -> None:
        """Actions saved elsewhere (another tab or device of the same person): show them
        and take their versions, but never over a field changed here and not yet saved.

        ``complete``: ``records`` are every action the store holds for this person, so a
        card saved before and missing from them was removed elsewhere and goes from this
        page too, unless it holds changes made here and not yet saved."""
        given = list(records)
        changed = False
        for record in given:
            changed |= self._take_saved(record.id, record)
        if complete:
            kept = {record.id for record in given}
            for gone in [i for i in self._current if i not in kept and self.version(i)]:
                if not self._unsaved.get(gone):
                    del self._current[gone]
                    del self._versions[gone]
                    changed = True
        if changed:
            self._publish(sync=True)

    def add_action(self, title: str = "", items: Iterable[str] | None = None) -> Action:
        """Add a card at the end, linked to ``items`` (by default the first open gap)."""
        if items is None:
            first = self.open_gaps()[:1]
            items = [item.id for item in first]
        action = Action(
            id=new_action_id(), title=title, items=tuple(items), position=len(self._current)
        )
        self._check(action)
        self._change(ActionEdit(action.id, _all_fields(action), 0, datetime.now(UTC)))
        return action

    def move(self, action_id: str, delta: int) -> None:
        """Move an action ``delta`` places (-1 up, 1 down); positions are renumbered."""
        order = [action.id for action in self.actions]
        index = order.index(action_id) if action_id in order else -1
        target = index + delta
        if index < 0 or not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        now = datetime.now(UTC)
        for position, moved in enumerate(order):
            if self._current[moved].position != position:
                edit = ActionEdit(moved, {"position": position}, self.version(moved), now)
                self._change(edit)

    def remove(self, action_id: str) -> None:
        """Remove an action; :meth:`undo_remove` brings back the last one removed."""
        if action_id not in self._current:
            raise KeyError(f"no action has the id {action_id!r}")
        self._change(ActionDeletion(action_id, self.version(action_id), datetime.now(UTC)))

    def undo_remove(self) -> None:
        """Bring back the action removed last, with every field it had."""
        if self._removed is None:
            return
        action = self._removed
        self._change(ActionEdit(action.id, _all_fields(action), 0, datetime.now(UTC)))

    def on_action_change(self, callback: Callable[[Action], None]) -> None:
        """Call ``callback(action)`` after every edit, addition or move (not on load)."""
        self._change_callbacks.append(callback)

    def on_action_delete(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(action_id)`` after an action is removed."""
        self._delete_callbacks.append(callback)

    # -- edits ---------------------------------------------------------------------

    def _change(self, edit: Edit) -> None:
        """A change made from Python: applied, shown on the page and reported."""
        self._apply(edit)
        self._publish(sync=True)
        self._emit(edit)

    def _check(self, action: Action) -> None:
        unknown = [item for item in action.items if item not in self._numbers]
        if unknown:
            raise ValueError(
                f"action {action.id} ({action.title!r}) links {', '.join(unknown)}, "
                f"which the framework {self.framework.id!r} does not have"
            )

    def _edit_from_message(self, content: Mapping[str, Any]) -> Edit | None:
        action_id = str(content.get("action", ""))
        if not action_id or len(action_id) > 64:
            return None
        base = int(content.get("base_version", 0))
        when = edited_time(content.get("edited_at"))
        if content.get("type") == "delete":
            return ActionDeletion(action_id, base, when)
        raw = content.get("fields")
        if content.get("type") != "edit" or not isinstance(raw, Mapping):
            return None
        fields = {name: self._value(name, value) for name, value in raw.items()}
        return ActionEdit(action_id, fields, base, when) if fields else None

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
        if name in ("impact", "effort"):
            if value in (None, "", 0):
                return None
            if value not in IMPACT_EFFORT_LABELS:
                raise EditRefused(self.labels["bad_rating"], name)
            return int(value)
        if name == "position":
            return int(value)
        raise EditRefused(self.labels["bad_field"], "")

    def _apply(self, edit: Edit) -> None:
        if isinstance(edit, ActionDeletion):
            removed = self._current.pop(edit.action_id, None)
            self._unsaved.pop(edit.action_id, None)
            if removed is not None:
                self._removed = removed
            self._publish(sync=False)
            for callback in self._delete_callbacks:
                callback(edit.action_id)
            return
        assert isinstance(edit, ActionEdit)
        current = self._current.get(edit.action_id) or Action(id=edit.action_id, title="")
        action = replace(current, **edit.fields, updated_at=edit.edited_at)
        if self._removed is not None and self._removed.id == action.id:
            self._removed = None
        self._changed(action.id, action, edit.fields)

    def _publish(self, sync: bool) -> None:
        ordered = sorted(self._current.values(), key=lambda action: action.position)
        self.set_trait("actions", tuple(ordered))
        state = {
            action.id: action_json(action, self._versions.get(action.id, 0)) for action in ordered
        }
        self._show_state("action_state", state, sync)

    def _show_gaps(self) -> None:
        if self.checklist is None:
            return
        rows = []
        for item in self.proposed_gaps():
            answer = self.checklist.answer(item.id)
            why = []
            if answer.level is not None:
                why.append(self.framework.scale_for(item).level(answer.level).label)
            if answer.priority:
                why.append(self.labels["gap_priority"])
            rows.append({"id": item.id, "why": why})
        self.gaps = rows

    @traitlets.observe("gap_levels")
    def _gap_levels_changed(self, _change: dict[str, Any]) -> None:
        if hasattr(self, "_current"):
            self._show_gaps()


def _all_fields(action: Action) -> dict[str, Any]:
    return {name: getattr(action, name) for name in ACTION_FIELDS}
