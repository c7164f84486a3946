"""The bar at the top of the participant's page: who, which session, their link and language."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as w
import traitlets as t

from inclusion_widgets.i18n import translator
from inclusion_widgets.widgets.language_picker import LanguagePicker


def _keep(_language: str) -> None:
    return None


class SessionBar(w.VBox):  # type: ignore[misc]
    """Shows the session title, the participant's name and city, the language menu, and
    their personal link with a copy button and the advice to keep it. The save status is
    the page's :class:`~inclusion_widgets.widgets.status_line.StatusLine`, which stays in
    view. ``on_language(code)`` hears a new language chosen in the menu.
    """

    title = t.Unicode("", help="Title of the session.")
    participant = t.Unicode("", help="Name and city of the participant, as shown.")
    link = t.Unicode("", help="Query string of the personal link (?session=..&resume=..).")

    def __init__(
        self,
        language: str | None = None,
        on_language: Callable[[str], None] = _keep,
        **kwargs: Any,
    ) -> None:
        self._t = translator(language)
        self._heading = w.HTML()
        self._link = w.HTML()
        self.language = LanguagePicker(self._t.language, on_language)
        super().__init__(**kwargs)
        top = w.HBox([self._heading, self.language])
        top.add_class("ic-session-top")
        self.children = (top, self._link)
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
        _ = self._t.gettext
        href = escape(self.link, quote=True)
        # A JSON string, escaped for the attribute: the browser unescapes it back to JSON.
        copied = escape(json.dumps(_("Copied")), quote=True)
        heading, open_link, copy = (
            _("Your personal link"),
            _("Open my personal link"),
            _("Copy link"),
        )
        # The anchor resolves the relative link against the page's own address, so the
        # copied link is right behind Binder's or JupyterHub's proxy too.
        self._link.value = (
            '<div class="ic-personal-link">'
            f"<strong>{escape(heading)}</strong> "
            + escape(
                _(
                    "brings your answers back after a reload, in another tab or on another "
                    "day. Keep it: copy it into your notes."
                )
            )
            + f' <a class="ic-personal-href" href="{href}">'
            f"{escape(open_link)}</a> "
            '<button type="button" class="ic-copy-link" '
            'onclick="navigator.clipboard.writeText(this.previousElementSibling.href)'
            f'.then(() => {{ this.textContent = {copied}; }})">{escape(copy)}</button>'
            "</div>"
        )
