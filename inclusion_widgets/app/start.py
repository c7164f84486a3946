"""The start page: a facilitator creates a session (or a follow-up round) without a terminal."""

from __future__ import annotations

import secrets
from typing import Any

import ipywidgets as w

from inclusion_widgets.app.page_load import hold_widget_messages_while_the_page_loads
from inclusion_widgets.app.query import PageQuery, facilitator_query, with_language
from inclusion_widgets.config import Settings
from inclusion_widgets.frameworks import FrameworkError, discover_frameworks, load_framework
from inclusion_widgets.i18n import N_, normalize, translator
from inclusion_widgets.store import SessionInfo, Store, StoreError
from inclusion_widgets.widgets.app_styles import app_stylesheet
from inclusion_widgets.widgets.page_head import PageHead
from inclusion_widgets.widgets.session_form import (
    CreatedSession,
    NewFollowup,
    NewSession,
    SessionForm,
)

WRONG_CREATION_KEY = N_(
    "The creation key is not right. It was printed when the server was started, in the "
    "start page's link; ask whoever started the server."
)
_FIELDS = (
    "creation_key",
    "framework",
    "title",
    "mentor_city",
    "mentee_city",
    "theme",
    "language",
    "earlier_code",
    "earlier_key",
    "followup_title",
)
"""The start form's fields, kept as typed when the page switches language."""


class StartApp(w.VBox):  # type: ignore[misc]
    """The start page: the session form, then the new session's code, key and links.

    On a shared server (``serve`` on an address others reach) creating needs the
    server's creation key; on a personal server (a laptop, a Binder) it does not.
    The page speaks the language of ``?lang=``, and its menu switches it.
    """

    def __init__(self, store: Store, query: PageQuery, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-app")
        self.store = store
        self._creation_key = settings.creation_key
        self.language = normalize(query.lang)
        self.created = w.VBox()
        self.form = self._new_form(query.create)
        self.page_head = PageHead()
        self._name_tab()
        # The new session's code and key come first, where the facilitator looks.
        self.children = (app_stylesheet(), self.page_head, self.created, self.form)

    def _new_form(self, creation_key: str) -> SessionForm:
        frameworks, broken = discover_frameworks()
        t = translator(self.language)
        return SessionForm(
            frameworks,
            self._create,
            self._create_followup,
            creation_key_needed=bool(self._creation_key),
            creation_key=creation_key,
            language=self.language,
            on_language=self.choose_language,
            problems=[sentence for error in broken for sentence in error.said(t)],
        )

    def choose_language(self, language: str) -> None:
        """Speak ``language`` from now on; what was typed in the form stays."""
        old = self.form
        follows = old.language.value == self.language  # the session's not chosen apart
        self.language = normalize(language)
        self.form = self._new_form(old.creation_key.value)
        for name in _FIELDS:
            getattr(self.form, name).value = getattr(old, name).value
        if follows:
            self.form.language.value = self.language
        for message in ("message", "followup_message"):
            getattr(self.form, message).value = getattr(old, message).value
        self._name_tab()
        self.children = (app_stylesheet(), self.page_head, self.created, self.form)
        for child in old.children:
            child.close()
        old.close()

    def _name_tab(self) -> None:
        self.page_head.describe(
            self.language, translator(self.language).gettext("Start a workshop session")
        )

    def _allowed(self, given: str) -> bool:
        return not self._creation_key or secrets.compare_digest(
            given.encode(), self._creation_key.encode()
        )

    def _create(self, request: NewSession) -> None:
        if not self._allowed(request.creation_key):
            self.form.show_message(translator(self.language).gettext(WRONG_CREATION_KEY))
            return
        try:
            framework = load_framework(request.framework_id)
            info, key = self.store.create_session(
                framework,
                title=request.title,
                mentor_city=request.mentor_city,
                mentee_city=request.mentee_city,
                theme=request.theme,
                language=request.language,
            )
        except FrameworkError as error:
            self.form.show_message("\n".join(error.said(translator(self.language))))
            return
        except StoreError as error:
            self.form.show_message(translator(self.language).sentence(error.template, error.params))
            return
        self._show_created(info, key)

    def _create_followup(self, request: NewFollowup) -> None:
        if not self._allowed(request.creation_key):
            self.form.show_followup_message(translator(self.language).gettext(WRONG_CREATION_KEY))
            return
        try:
            earlier = self.store.session(request.code)
            title = request.title or translator(earlier.language).gettext(
                "{title} (follow-up)"
            ).format(title=earlier.title)
            info, key = self.store.create_followup(earlier.code, request.key, title)
        except StoreError as error:
            self.form.show_followup_message(
                translator(self.language).sentence(error.template, error.params)
            )
            return
        self._show_created(info, key)

    def _show_created(self, info: SessionInfo, key: str) -> None:
        self.created.children = (
            CreatedSession(
                info.code,
                key,
                facilitator_href="facilitator.ipynb"
                + with_language(facilitator_query(info.code, key), self.language),
                participant_href=f"participant.ipynb?session={info.code}",
                language=self.language,
            ),
        )


def start_app(store: Store | None = None, query: PageQuery | None = None) -> StartApp:
    """The start page for the page's query string; the notebook's last line shows it."""
    hold_widget_messages_while_the_page_loads()
    return StartApp(store or Store(), query or PageQuery.from_page(), Settings.from_env())
