"""The bar at the top of the participant's page: who, which session, and their link."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w
import traitlets as t


class SessionBar(w.VBox):  # type: ignore[misc]
    """Shows the session title, the participant's name and city, and their personal
    link with a copy button and the advice to keep it. The save status is the page's
    :class:`~inclusion_widgets.widgets.status_line.StatusLine`, which stays in view.
    """

    title = t.Unicode("", help="Title of the session.")
    participant = t.Unicode("", help="Name and city of the participant, as shown.")
    link = t.Unicode("", help="Query string of the personal link (?session=..&resume=..).")

    def __init__(self, **kwargs: Any) -> None:
        self._heading = w.HTML()
        self._link = w.HTML()
        super().__init__(**kwargs)
        self.children = (self._heading, self._link)
        self.add_class("ic-session-bar")
        self._render_heading()
        self._render_link()

    @t.observe("title", "participant")
    def _render_heading(self, _change: object = None) -> None:
        who = (
            f' <span class="ic-muted">{escape(self.participant)}</span>' if self.participant else ""
        )
        self._heading.value = f'<div class="ic-session-title">{escape(self.title)}{who}</div>'

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
