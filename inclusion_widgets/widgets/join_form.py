"""The forms a participant meets before the checklist: the session code, then who they are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.folding import folded
from inclusion_widgets.i18n import N_, translator
from inclusion_widgets.widgets.language_picker import LanguagePicker

DEFAULT_ROLES = ("mentor", "mentee", "partner", "facilitator", "observer")
ROLE_LABELS = {
    "mentor": N_("Mentor"),
    "mentee": N_("Mentee"),
    "partner": N_("Partner"),
    "facilitator": N_("Facilitator"),
    "observer": N_("Observer"),
}
"""A role as the menu shows it; the role kept is its id, the same in every language."""


OTHER_CITY = "\x00other"
"""The city menu's choice for a city that is not one of the session's (then typed)."""


def _keep(_language: str) -> None:
    return None


def session_cities(*cities: str) -> tuple[str, ...]:
    """The session's cities for the menu: each once, in order, blanks left out."""
    seen: dict[str, str] = {}
    for city in cities:
        if city.strip():
            seen.setdefault(folded(city), city.strip())
    return tuple(seen.values())


def city_of(choice: str, typed: str, cities: tuple[str, ...]) -> str:
    """The city someone gave: the one chosen, or the one typed, spelled as the session
    spells it when it is one of the session's ("rīga " is "Riga")."""
    if choice and choice != OTHER_CITY:
        return choice
    typed = " ".join(typed.split())
    return next((city for city in cities if folded(city) == folded(typed)), typed)


@dataclass(frozen=True)
class JoinDetails:
    """What a participant says about themselves when joining."""

    name: str
    city: str
    organisation: str
    role: str


def _field(widget: w.Widget, label: str) -> w.Widget:
    widget.description = label
    widget.style = {"description_width": "9em"}
    widget.layout = w.Layout(width="min(32em, 100%)")
    return widget


class CodeForm(w.VBox):  # type: ignore[misc]
    """A friendly page that asks for the session code when the link carried none; on a
    personal server it also offers the sessions the server holds."""

    def __init__(
        self,
        on_code: Callable[[str], None],
        message: str = "",
        sessions: tuple[tuple[str, str], ...] = (),
        language: str | None = None,
        on_language: Callable[[str], None] = _keep,
        **kwargs: Any,
    ) -> None:
        self._on_code = on_code
        self._t = translator(language)
        _ = self._t.gettext
        self.language = LanguagePicker(self._t.language, on_language)
        self.code = _field(
            w.Text(placeholder=_("e.g. {code}").format(code="K7Q-M4P-XHD")), _("Session code")
        )
        self.code.add_class("ic-code-input")
        self.go = w.Button(description=_("Open session"), button_style="primary")
        self.go.add_class("ic-open-session")
        self.message = w.HTML()
        super().__init__(**kwargs)
        intro = w.HTML(
            "<h2>"
            + escape(_("Welcome to the workshop"))
            + "</h2><p>"
            + escape(
                _(
                    "Type the session code your facilitator gave you. It is on the slide or "
                    "in the invitation: nine letters and digits, in three groups."
                )
            )
            + "</p>"
        )
        children = [self.language, intro, self.code, self.go, self.message]
        if sessions:
            children.append(
                w.HTML("<h3>" + escape(_("Or open a session on this server")) + "</h3>")
            )
            for code, title in sessions:
                button = w.Button(description=f"{code}: {title}", layout=w.Layout(width="auto"))
                button.add_class("ic-pick-session")
                button.on_click(lambda _button, code=code: self._on_code(code))
                children.append(button)
        self.children = children
        self.add_class("ic-form")
        self.go.on_click(lambda _button: self._submit())
        self.code.continuous_update = False
        self.show_message(message)

    def show_message(self, message: str) -> None:
        self.message.value = (
            f'<p class="ic-problem" role="alert">{escape(message)}</p>' if message else ""
        )

    def _submit(self) -> None:
        code = self.code.value.strip()
        if not code:
            self.show_message(self._t.gettext("Please type the session code first."))
            return
        self._on_code(code)


class JoinForm(w.VBox):  # type: ignore[misc]
    """Asks for name, city, organisation and role, then calls ``on_join`` with them.

    Someone who joined before and lost their personal link gets :meth:`offer_return`:
    pasting the old link calls ``on_link`` with it (their answers come back only that way,
    never by typing a name), or they join as a new participant (:attr:`as_new`).
    """

    def __init__(
        self,
        session_title: str,
        on_join: Callable[[JoinDetails], None],
        roles: tuple[str, ...] = DEFAULT_ROLES,
        on_link: Callable[[str], None] | None = None,
        language: str | None = None,
        on_language: Callable[[str], None] = _keep,
        cities: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        self._on_join = on_join
        self.cities = cities
        self._on_link = on_link
        self.as_new = False
        """The person chose to join as someone new although their details match."""
        self._t = translator(language)
        _ = self._t.gettext
        self.language = LanguagePicker(self._t.language, on_language)
        self.name = _field(w.Text(), _("Your name"))
        # The session's cities are chosen, so that one city is never typed two ways;
        # another city is typed.
        self.city_choice = _field(
            w.Dropdown(
                options=[
                    (_("Choose your city"), ""),
                    *((city, city) for city in cities),
                    (_("Another city"), OTHER_CITY),
                ],
                value="",
            ),
            _("City"),
        )
        self.city = _field(w.Text(), _("Your city") if cities else _("City"))
        self.city_choice.observe(lambda _change: self._show_typed_city(), "value")
        self._show_typed_city()
        self.organisation = _field(w.Text(), _("Organisation"))
        self.role = _field(
            w.Dropdown(
                options=[
                    (_("Choose your role"), ""),
                    *((_(ROLE_LABELS[r]) if r in ROLE_LABELS else r, r) for r in roles),
                ],
                value="",
            ),
            _("Role"),
        )
        for widget, name in (
            (self.name, "name"),
            (self.city_choice, "city-choice"),
            (self.city, "city"),
            (self.organisation, "organisation"),
            (self.role, "role"),
        ):
            widget.add_class(f"ic-join-{name}")
        self.join = w.Button(description=_("Join the session"), button_style="primary")
        self.join.add_class("ic-join-button")
        self.message = w.HTML()
        self.link = _field(
            w.Text(placeholder="https://…/participant.ipynb?session=…&resume=…"),
            _("Personal link"),
        )
        self.link.add_class("ic-join-link")
        self.bring_back = w.Button(description=_("Bring back my answers"), button_style="primary")
        self.bring_back.add_class("ic-bring-back")
        self.join_new = w.Button(description=_("Join as a new participant"))
        self.join_new.add_class("ic-join-new")
        for button in (self.bring_back, self.join_new):
            button.layout = w.Layout(width="auto")
        self.returning = w.VBox(
            [
                w.HTML(
                    '<div class="ic-notice" role="status"><p><strong>'
                    + escape(
                        _(
                            "Someone with the same name, city, organisation and role has "
                            "already joined this session."
                        )
                    )
                    + "</strong></p><p>"
                    + escape(
                        _(
                            "If that was you, paste the personal link you were given: it "
                            "brings your answers back. Without it, join as a new participant; "
                            "your facilitator can merge the two later."
                        )
                    )
                    + "</p></div>"
                ),
                self.link,
                w.HBox([self.bring_back, self.join_new], layout=w.Layout(flex_flow="row wrap")),
            ],
            layout=w.Layout(display="none"),
        )
        self.returning.add_class("ic-returning")
        super().__init__(**kwargs)
        intro = w.HTML(
            f"<h2>{escape(session_title)}</h2><p>"
            + escape(
                _(
                    "Tell the group who you are. Your answers are saved as you type and your "
                    "facilitator sees them together with everyone else's."
                )
            )
            + "</p>"
        )
        self.children = (
            self.language,
            intro,
            self.name,
            self.city_choice,
            self.city,
            self.organisation,
            self.role,
            self.join,
            self.returning,
            self.message,
        )
        self.add_class("ic-form")
        self.join.on_click(lambda _button: self._submit())
        self.bring_back.on_click(lambda _button: self._submit_link())
        self.join_new.on_click(lambda _button: self._join_as_new())

    def _show_typed_city(self) -> None:
        """The typed city only where the menu offers no city, or "Another city" is chosen."""
        if not self.cities:
            self.city_choice.layout.display = "none"
        typed = not self.cities or self.city_choice.value == OTHER_CITY
        self.city.layout.display = None if typed else "none"

    @property
    def city_given(self) -> str:
        """The city as it will be kept: chosen from the menu, or typed."""
        return city_of(self.city_choice.value, self.city.value, self.cities)

    def offer_return(self) -> None:
        """Show the way back for someone whose details match a participant's."""
        self.returning.layout.display = None
        self.join.layout.display = "none"
        self.show_message("")

    def _submit_link(self) -> None:
        link = self.link.value.strip()
        if not link:
            self.show_message(self._t.gettext("Please paste your personal link first."))
        elif self._on_link is not None:
            self._on_link(link)

    def _join_as_new(self) -> None:
        self.as_new = True
        self._submit()

    def show_message(self, message: str) -> None:
        self.message.value = (
            f'<p class="ic-problem" role="alert">{escape(message)}</p>' if message else ""
        )

    def _submit(self) -> None:
        details = JoinDetails(
            name=self.name.value.strip(),
            city=self.city_given,
            organisation=self.organisation.value.strip(),
            role=self.role.value,
        )
        if not details.name or not details.city:
            self.show_message(self._t.gettext("Please give at least your name and your city."))
            return
        if not details.role:
            self.show_message(self._t.gettext("Please choose your role in the workshop."))
            return
        self.join.disabled = True
        try:
            self._on_join(details)
        finally:
            self.join.disabled = False
