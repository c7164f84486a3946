"""The bar at the top of the participant's page: who, which session, their link and language."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as w
import traitlets as t

from inclusion_widgets.i18n import translator
from inclusion_widgets.widgets.join_form import OTHER_CITY, city_of
from inclusion_widgets.widgets.language_picker import LanguagePicker


def _keep(_language: str) -> None:
    return None


def _kept(_city: str) -> str:
    return ""


class SessionBar(w.VBox):  # type: ignore[misc]
    """Shows the session title, the participant's name and city, the language menu, and
    their personal link with a copy button and the advice to keep it. The save status is
    the page's :class:`~inclusion_widgets.widgets.status_line.StatusLine`, which stays in
    view. ``on_language(code)`` hears a new language chosen in the menu. The city menu
    offers the session's ``cities`` (or another, typed): ``on_city(city)`` keeps a new
    choice and returns "" or the sentence saying why it was refused.
    """

    title = t.Unicode("", help="Title of the session.")
    participant = t.Unicode("", help="Name and city of the participant, as shown.")
    link = t.Unicode("", help="Query string of the personal link (?session=..&resume=..).")

    def __init__(
        self,
        language: str | None = None,
        on_language: Callable[[str], None] = _keep,
        cities: tuple[str, ...] = (),
        city: str = "",
        on_city: Callable[[str], str] = _kept,
        **kwargs: Any,
    ) -> None:
        self._t = translator(language)
        _ = self._t.gettext
        self._heading = w.HTML()
        self._link = w.HTML()
        self.language = LanguagePicker(self._t.language, on_language)
        self.cities, self._on_city = cities, on_city
        self.city_choice = w.Dropdown(
            options=[*((name, name) for name in cities), (_("Another city"), OTHER_CITY)],
            value=city if city in cities else OTHER_CITY,
            description=_("City"),
        )
        self.city = w.Text(
            value="" if city in cities else city,
            placeholder=_("Your city"),
            continuous_update=False,
        )
        self.city.layout = w.Layout(width="12em")
        self.city.add_class("ic-bar-city")
        self.city_choice.add_class("ic-bar-city-choice")
        self.city_choice.style = {"description_width": "initial"}
        self.city_choice.layout = w.Layout(width="auto")
        self.city.description = _("Your city")
        self.city.style = {"description_width": "0"}
        self._city_message = w.HTML()
        self.city_choice.observe(lambda _change: self._city_changed(), "value")
        self.city.observe(lambda _change: self._city_changed(), "value")
        super().__init__(**kwargs)
        top = w.HBox([self._heading, self.language])
        top.add_class("ic-session-top")
        where = w.HBox([self.city_choice, self.city, self._city_message])
        where.layout = w.Layout(flex_flow="row wrap", align_items="center")
        where.add_class("ic-session-city")
        self.children = (top, where, self._link)
        self._show_typed_city()
        self.add_class("ic-session-bar")
        self._render_heading()
        self._render_link()

    def _show_typed_city(self) -> None:
        self.city.layout.display = None if self.city_choice.value == OTHER_CITY else "none"

    def _city_changed(self) -> None:
        self._show_typed_city()
        city = city_of(self.city_choice.value, self.city.value, self.cities)
        if not city:
            return  # "Another city" chosen, nothing typed yet
        refused = self._on_city(city)
        self._city_message.value = (
            f'<span class="ic-problem" role="alert">{escape(refused)}</span>' if refused else ""
        )

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
