"""Sentences shown at a card's fields: a change the store refused, or a text another tab
of the same person saved meanwhile (with that text one click away)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.widgets.edit_tracking import field_words


class FieldNotices:
    """The notices of one card, appended to its ``box`` on first use: a card with nothing
    to say costs no widget. ``use(field, value)`` puts a value into the field as if the
    person had typed it (so it is saved like any other change)."""

    def __init__(self, box: w.Box, use: Callable[[str, Any], None]) -> None:
        self._box = box
        self._use = use
        self._area: w.VBox | None = None
        self._refusal: w.HTML | None = None
        self._conflicts: dict[str, w.Widget] = {}

    def refuse(self, field: str, sentence: str) -> None:
        """Show why the store did not keep the last change of ``field`` ("" for the card)."""
        if self._refusal is None:
            self._refusal = w.HTML()
            self._refusal.add_class("ic-refusal")
            self._show(self._refusal)
        where = f"{field_words(field).capitalize()} not saved: " if field else "Not saved: "
        self._refusal.value = (
            f'<p class="ic-warning" role="alert">{escape(where)}{escape(sentence)}</p>'
        )

    def clear_refusal(self) -> None:
        if self._refusal is not None:
            self._hide(self._refusal)
            self._refusal = None

    def conflict(self, field: str, other: str, kept: str) -> None:
        """Another tab saved ``other`` for ``field``: newer than this tab's text when
        ``kept`` is "other" (the page now shows it, and ``other`` is this tab's text)."""
        words = field_words(field)
        if kept == "other":
            sentence = f"Your other tab saved a newer {words}, shown above. Your text from here:"
        else:
            sentence = f"Your other tab saved a different {words}:"
        text = escape(other) if other else "<em>(empty)</em>"
        html = w.HTML(
            f'<div class="ic-conflict-text" role="status">{escape(sentence)} '
            f'<details class="ic-conflict-other"><summary>Show</summary>'
            f'<div class="ic-conflict-value">{text}</div></details></div>'
        )
        use = w.Button(description="Use it", tooltip=f"Put this text in the {words} field")
        use.add_class("ic-use-other")
        notice = w.HBox([html, use])
        notice.add_class("ic-conflict")

        def apply(_button: object) -> None:
            self._drop_conflict(field)
            self._use(field, other)

        use.on_click(apply)
        self._drop_conflict(field)
        self._conflicts[field] = notice
        self._show(notice)

    def _drop_conflict(self, field: str) -> None:
        notice = self._conflicts.pop(field, None)
        if notice is not None:
            self._hide(notice)

    def _show(self, widget: w.Widget) -> None:
        if self._area is None:
            self._area = w.VBox()
            self._area.add_class("ic-notices")
            self._box.children = (*self._box.children, self._area)
        self._area.children = (*self._area.children, widget)

    def _hide(self, widget: w.Widget) -> None:
        if self._area is not None:
            self._area.children = tuple(c for c in self._area.children if c is not widget)
        widget.close()
