"""The bar at the top of the participant's page: who, which session, and "Saved 14:03"."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w
import traitlets as t


class SessionBar(w.VBox):  # type: ignore[misc]
    """Shows the session title, the participant's name and city, the save status, and
    their personal link with a copy button and the advice to keep it.

    The status line turns amber while saving and red while a save is being retried,
    so nobody closes the tab on unsaved text.
    """

    title = t.Unicode("", help="Title of the session.")
    participant = t.Unicode("", help="Name and city of the participant, as shown.")
    link = t.Unicode("", help="Query string of the personal link (?session=..&resume=..).")
    status_text = t.Unicode("", help="Text of the save status, e.g. 'Saved 14:03'.")
    status_state = t.Enum(
        ("idle", "saving", "saved", "retrying"), default_value="idle", help="Save state."
    )

    def __init__(self, **kwargs: Any) -> None:
        self._heading = w.HTML()
        self._status = w.HTML()
        self._link = w.HTML()
        super().__init__(**kwargs)
        top = w.HBox([self._heading, self._status])
        top.add_class("ic-session-bar-top")
        self.children = (top, self._link)
        self.add_class("ic-session-bar")
        self._render_heading()
        self._render_status()
        self._render_link()

    @t.observe("title", "participant")
    def _render_heading(self, _change: object = None) -> None:
        who = (
            f' <span class="ic-muted">{escape(self.participant)}</span>' if self.participant else ""
        )
        self._heading.value = f'<div class="ic-session-title">{escape(self.title)}{who}</div>'

    @t.observe("status_text", "status_state")
    def _render_status(self, _change: object = None) -> None:
        self._status.value = (
            f'<div class="ic-save-status ic-save-{self.status_state}" role="status" '
            f'aria-live="polite">{escape(self.status_text)}</div>'
        )

    @t.observe("link")
    def _render_link(self, _change: object = None) -> None:
        if not self.link:
            self._link.value = ""
            return
        href = escape(self.link, quote=True)
        # The anchor resolves the relative link against the page's own address, so the
        # copied link is right behind Binder's or JupyterHub's proxy too.
        self._link.value = (
            '<div class="ic-personal-link">'
            "<strong>Your personal link</strong> brings your answers back after a reload, "
            "in another tab or on another day. Keep it: copy it into your notes. "
            f'<a class="ic-personal-href" href="{href}">Open my personal link</a> '
            '<button type="button" class="ic-copy-link" '
            'onclick="navigator.clipboard.writeText(this.previousElementSibling.href)'
            ".then(() => { this.textContent = 'Copied'; })\">Copy link</button>"
            "</div>"
        )
