"""One card of the action plan: every field of an action, and buttons to move or remove it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from inclusion_widgets.records import (
    IMPACT_EFFORT_LABELS,
    MAX_TEXT,
    Action,
    ActionStatus,
)
from inclusion_widgets.widgets.parts import Parts
from inclusion_widgets.widgets.text import esc, tag

# A Dropdown cannot offer None as a choice (None means "nothing chosen"): 0 stands for it.
RATING_OPTIONS: list[tuple[str, int]] = [("Not rated", 0)] + [
    (label, value) for value, label in IMPACT_EFFORT_LABELS.items()
]
STATUS_OPTIONS = [(status.label, status) for status in ActionStatus]
TEXT_FIELDS = ("title", "description", "owner", "partners", "resources", "indicator")


class ActionCard:
    """The controls of one action; reports each edit as a new :class:`Action`.

    ``card.box`` is what is shown. ``link_labels`` maps item ids to the text shown
    for them; ``on_move(action_id, -1 | 1)`` and ``on_remove(action_id)`` are called
    by the buttons.
    """

    def __init__(
        self,
        action: Action,
        item_options: Sequence[tuple[str, str]],
        parts: Parts,
        on_change: Callable[[Action], None],
        on_move: Callable[[str, int], None],
        on_remove: Callable[[str], None],
    ) -> None:
        self._action = action
        self._on_change = on_change
        self._quiet = False
        self._number = 0
        self._labels: dict[str, str] = {}
        self.head = parts.html("", "ic-action-head")
        self.title = parts.text("Title", "What will be done?", "ic-span-3", "ic-a-title")
        self.status = parts.dropdown("Status", STATUS_OPTIONS, action.status, "ic-a-status")
        self.description = parts.textarea(
            "Description", "Steps, scope, who benefits…", "ic-wide", "ic-a-description"
        )
        self.items = parts.select_multiple("Linked items", item_options, "ic-wide")
        self.owner = parts.text("Owner", "Who leads it?", "ic-span-2")
        self.partners = parts.text("Partners", "Who takes part?", "ic-span-2")
        self.resources = parts.text("Resources", "Budget, staff, time…", "ic-span-2")
        self.indicator = parts.text("Success indicator", "How will we know it worked?", "ic-span-2")
        self.start = parts.date("Start")
        self.due = parts.date("Due")
        self.impact = parts.dropdown("Impact", RATING_OPTIONS, 0, "ic-a-impact")
        self.effort = parts.dropdown("Effort", RATING_OPTIONS, 0, "ic-a-effort")
        self.up = parts.button("Up", "Move this action up", icon="arrow-up")
        self.down = parts.button("Down", "Move this action down", icon="arrow-down")
        self.remove = parts.button("Remove", "Remove this action", "ic-danger", icon="trash")
        controls = [
            self.title,
            self.status,
            self.description,
            self.items,
            self.owner,
            self.partners,
            self.resources,
            self.indicator,
            self.start,
            self.due,
            self.impact,
            self.effort,
        ]
        self._controls = controls
        fields = parts.hbox(controls, "ic-fields")
        buttons = parts.hbox([self.up, self.down, self.remove], "ic-action-buttons")
        self.box = parts.vbox([self.head, fields, buttons], "ic-card", "ic-action")
        self.up.on_click(lambda _button: on_move(self._action.id, -1))
        self.down.on_click(lambda _button: on_move(self._action.id, 1))
        self.remove.on_click(lambda _button: on_remove(self._action.id))
        self.show(action)
        for control in controls:
            control.observe(self._changed, names="value")

    @property
    def action(self) -> Action:
        return self._action

    def show(self, action: Action) -> None:
        """Put ``action`` into the controls without reporting a change."""
        self._quiet = True
        try:
            for name in TEXT_FIELDS:
                getattr(self, name).value = getattr(action, name)
            known = {value for _label, value in self.items.options}
            self.items.value = tuple(item for item in action.items if item in known)
            self.start.value = action.start
            self.due.value = action.due
            self.status.value = action.status
            self.impact.value = action.impact or 0
            self.effort.value = action.effort or 0
        finally:
            self._quiet = False
        self._action = action

    def set_item_options(self, options: Sequence[tuple[str, str]]) -> None:
        """New labels for the items (e.g. marking gaps); the selection is kept."""
        self._quiet = True
        try:
            self.items.options = list(options)
            self.items.value = self._action.items
        finally:
            self._quiet = False

    def set_read_only(self, read_only: bool) -> None:
        for control in (*self._controls, self.up, self.down, self.remove):
            control.disabled = read_only

    def render_head(self, number: int, link_labels: dict[str, str], warning: str = "") -> None:
        """The card's heading: number, title, status, the items it answers, any problem."""
        self._number, self._labels = number, link_labels
        action = self._action
        title = action.title.strip() or "Untitled action"
        text = f'<span class="ic-num">{number}.</span>{esc(title)}'
        text += f' <span class="ic-tag">{esc(action.status.label)}</span>'
        if action.items:
            names = "; ".join(link_labels.get(item, item) for item in action.items)
            text += tag("p", f"Answers: {names}", "ic-links ic-muted")
        else:
            text += tag("p", "Not linked to an item yet.", "ic-links ic-muted")
        problem = warning or self._date_problem()
        if problem:
            text += tag("p", problem, "ic-warning")
        self.head.value = text

    def _date_problem(self) -> str:
        action = self._action
        if action.start and action.due and action.due < action.start:
            return "The due date is before the start date."
        return ""

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        values: dict[str, Any] = {name: getattr(self, name).value for name in TEXT_FIELDS}
        for name, value in values.items():
            if len(value) > MAX_TEXT:
                self._warn(
                    f"The {name} is {len(value):,} characters long; up to {MAX_TEXT:,} are "
                    "kept. Shorten it and it will be saved again."
                )
                return
        action = replace(
            self._action,
            **values,
            items=tuple(self.items.value),
            start=self.start.value,
            due=self.due.value,
            status=self.status.value,
            impact=self.impact.value or None,
            effort=self.effort.value or None,
            updated_at=datetime.now(UTC),
        )
        if action == self._action:
            self.render_head(self._number, self._labels)
            return
        self._action = action
        self.render_head(self._number, self._labels)
        self._on_change(action)

    def _warn(self, warning: str) -> None:
        self.render_head(self._number, self._labels, warning)
