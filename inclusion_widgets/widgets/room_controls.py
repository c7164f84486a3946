"""The facilitator's choice of what the room's screen shows, and the presenter link to open
that screen with (on the projector's computer)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import translator
from inclusion_widgets.store.models import Room, Screen

CONTROLS_CSS = """
.ic-room-controls { border: 1px solid #dde3ea; border-radius: 8px; padding: 0.4rem 0.75rem;
  margin: 0.5rem 0; background: #fbfcfd; }
.ic-room-controls h4 { margin: 0 0 0.2rem; }
.ic-room-controls p { margin: 0 0 0.3rem; }
.ic-presenter-link { color: #1f5a85; font-weight: 600; overflow-wrap: anywhere; }
.ic-room-controls .widget-toggle-buttons, .ic-room-choices { flex-wrap: wrap; height: auto; }
.ic-room-controls .widget-toggle-buttons .widget-label { width: 100%; max-width: none;
  text-align: left; font-weight: 600; }
.ic-room-item-choice { max-width: 100%; }
.ic-room-item-choice > select { min-width: 0; }
@media (max-width: 480px) {
  .ic-room-item-choice.widget-inline-hbox { flex-wrap: wrap; height: auto; }
  .ic-room-item-choice > .widget-label { width: 100% !important; text-align: left; }
  .ic-room-item-choice > select { flex: 1 1 100%; }
  /* Longer languages (German) wrap their choices instead of running off the phone. */
  .ic-room-controls .widget-toggle-button { white-space: normal; height: auto;
    max-width: 100%; }
  .ic-room-choices .widget-checkbox { height: auto; max-width: 100%; }
  .ic-room-choices .widget-checkbox label { white-space: normal; height: auto; }
}
"""

FOLLOW = ""
"""The item menu's value for "the item open in the agreed assessment"."""


class RoomControls(w.VBox):  # type: ignore[misc]
    """What the room sees (the welcome, one item, the overview), which item (the one open
    in the agreed assessment, or one chosen here), whether the item's notes are shown and
    whether with names; ``on_change(room)`` hears every choice. :meth:`show` sets the
    controls from the store without reporting."""

    def __init__(
        self,
        framework: Framework,
        on_change: Callable[[Room], None],
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-room-controls")
        self._t = translator(language)
        _ = self._t.gettext
        self._on_change = on_change
        self._room = Room()
        self.screen = w.ToggleButtons(
            options=[
                (_("Welcome: how to join"), Screen.WELCOME.value),
                (_("One item"), Screen.ITEM.value),
                (_("Overview"), Screen.OVERVIEW.value),
                (_("Votes"), Screen.VOTES.value),
                (_("Plan"), Screen.PLAN.value),
            ],
            value=Screen.WELCOME.value,
            description=_("The room sees"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.screen.add_class("ic-room-screen-choice")
        items = [
            (f"{number}. {item.title}", item.id)
            for number, item in enumerate(framework.items, start=1)
        ]
        self.item = w.Dropdown(
            options=[(_("The item open in the agreed assessment"), FOLLOW), *items],
            value=FOLLOW,
            description=_("Item shown"),
            style={"description_width": "initial"},
            layout=w.Layout(width="min(40em, 100%)"),
        )
        self.item.add_class("ic-room-item-choice")
        self.notes = w.Checkbox(value=False, description=_("Show the notes"), indent=False)
        self.names = w.Checkbox(
            value=False, description=_("with the names of who wrote them"), indent=False
        )
        self.notes.add_class("ic-room-notes-choice")
        self.names.add_class("ic-room-names-choice")
        for control in (self.notes, self.names):
            control.layout = w.Layout(width="auto")
        self.link = w.HTML()
        self._choices = (self.screen, self.item, self.notes, self.names)
        self._listen(True)
        heading = w.HTML(
            "<h4>" + escape(_("Room screen")) + "</h4>"
            '<p class="ic-muted">'
            + escape(
                _(
                    "Open the presenter link on the computer that shows the room's screen: "
                    "it shows what you choose here, and nothing private."
                )
            )
            + "</p>"
        )
        choices = w.HBox([self.notes, self.names])
        choices.add_class("ic-room-choices")
        style = w.HTML(f"<style>{CONTROLS_CSS}</style>")
        self.children = (style, heading, self.link, self.screen, self.item, choices)
        self._sync_names()

    @property
    def room(self) -> Room:
        return self._room

    def show_link(self, link: str) -> None:
        """The presenter link, with a button that copies it."""
        _ = self._t.gettext
        copied = escape(json.dumps(_("Copied")), quote=True)
        self.link.value = (
            '<p class="ic-presenter-box">'
            + escape(_("Presenter link:"))
            + f' <a class="ic-presenter-link" href="{escape(link, quote=True)}" target="_blank"'
            f' rel="noopener">{escape(link)}</a> '
            '<button type="button" class="ic-copy-link" onclick="'
            "navigator.clipboard.writeText(this.closest('.ic-presenter-box')"
            ".querySelector('.ic-presenter-link').href)"
            f'.then(() => {{ this.textContent = {copied}; }});">'
            + escape(_("Copy presenter link"))
            + "</button></p>"
        )

    def show(self, room: Room) -> None:
        """Set the controls to ``room`` (read from the store) without reporting it: the
        controls are not listened to while the store's values are put in."""
        self._room = room
        self._listen(False)
        try:
            self.screen.value = room.screen.value
            self.item.value = FOLLOW if room.follow else room.item_id
            self.notes.value = room.notes
            self.names.value = room.names
        finally:
            self._listen(True)
        self._sync_names()

    def follow(self, item_id: str) -> None:
        """The facilitator opened ``item_id`` in the agreed assessment: the room follows it
        when they chose so."""
        if self._room.follow and item_id and item_id != self._room.item_id:
            self._room = replace(self._room, item_id=item_id)
            self._on_change(self._room)

    def _listen(self, listening: bool) -> None:
        for control in self._choices:
            if listening:
                control.observe(self._changed, "value")
            else:
                control.unobserve(self._changed, "value")

    def _changed(self, _change: dict[str, Any]) -> None:
        self._sync_names()
        follow = self.item.value == FOLLOW
        self._room = Room(
            screen=Screen(self.screen.value),
            item_id=self._room.item_id if follow else self.item.value,
            follow=follow,
            notes=self.notes.value,
            names=self.notes.value and self.names.value,
        )
        self._on_change(self._room)

    def _sync_names(self) -> None:
        self.names.disabled = not self.notes.value
