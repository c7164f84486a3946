"""The room's screen (the presenter view): what the facilitator chose to show the room,
followed by polling the store. It holds no control over the session and shows nothing
private: it opens with the presenter key (or the facilitator key), which then leaves
the address bar."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.app.address_bar import forget_key
from inclusion_widgets.app.attempts import Attempts
from inclusion_widgets.app.hosting import Hosting
from inclusion_widgets.app.live import SessionWatch
from inclusion_widgets.app.page_load import hold_widget_messages_while_the_page_loads
from inclusion_widgets.app.polling import Poller
from inclusion_widgets.app.query import PageQuery
from inclusion_widgets.app.server_log import server_log
from inclusion_widgets.config import Settings
from inclusion_widgets.frameworks import Framework, framework_in_language
from inclusion_widgets.i18n import Translator, normalize, translator
from inclusion_widgets.priorities import ordered_plan, plan_votes
from inclusion_widgets.records import DRAFT, GAP, AgreedResult, AnswerKind
from inclusion_widgets.store import Room, Screen, SessionInfo, Store, StoreError
from inclusion_widgets.widgets.app_styles import app_stylesheet
from inclusion_widgets.widgets.group_view import count_answers
from inclusion_widgets.widgets.invite import PageAddress
from inclusion_widgets.widgets.key_form import KeyForm, KeyFormTexts
from inclusion_widgets.widgets.language_picker import LanguagePicker
from inclusion_widgets.widgets.page_head import PageHead
from inclusion_widgets.widgets.room_screen import (
    ROOM_CSS,
    Note,
    OverviewRow,
    PlanRow,
    RoomScreen,
    VoteRow,
    Welcome,
    agreed_of,
    item_shown,
    qr_code,
)
from inclusion_widgets.widgets.status_line import StatusLine

REFRESH_SECONDS = 0.25
"""How often the screen asks the store whether the session changed where the store sends
no notices (SQLite): one number; what the facilitator chooses for the screen counts as a
change."""
SAFETY_SECONDS = 5.0
"""Where the store's notices wake the screen (PostgreSQL), how often it looks all the
same, in case a notice was lost."""

log = server_log("presenter")


class PresenterApp(w.VBox):  # type: ignore[misc]
    """The room's screen of one session: the way to join, then the item, the overview
    (and what else the facilitator chooses), in the page's own language."""

    def __init__(self, store: Store, query: PageQuery, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-app")
        self.add_class("ic-room-app")
        self.store = store
        self.language = query.lang
        self.session: SessionInfo | None = None
        self.framework: Framework | None = None
        self.screen: RoomScreen | None = None
        self._shown: tuple[Room, str] | None = None
        self.watch: SessionWatch | None = None
        self.heartbeat = StatusLine(language=query.lang)
        gone_after = Settings.from_env().page_gone_seconds
        self._poller = Poller(
            self.refresh,
            lambda: SAFETY_SECONDS if self._poller.reading else REFRESH_SECONDS,
            lambda: self.heartbeat.page_open(gone_after),
            at_most_every=REFRESH_SECONDS,
        )
        self.heartbeat.on_page_seen(self._poller.wake)
        self._attempts = Attempts("presenter key")
        self._script = w.Output(layout=w.Layout(display="none"))
        self._body = w.VBox()
        style = w.HTML(f"<style>{ROOM_CSS}</style>")
        self.page_head = PageHead()
        self.page_head.describe(self.language, self.t.gettext("Room screen"))
        self.children = (
            app_stylesheet(),
            style,
            self._script,
            self.page_head,
            self.heartbeat,
            self._body,
        )
        if not query.session:
            self._refuse(
                self.t.gettext(
                    "This page is the room's screen of a session. Open it with the presenter "
                    "link, which holds the session code and the presenter key."
                )
            )
        elif not query.key:
            self._ask_key(query.session)
        else:
            refused = self._open(query.session, query.key)
            if refused:
                self._refuse(refused)

    @property
    def t(self) -> Translator:
        return translator(self.language)

    # -- opening -----------------------------------------------------------------

    def _open(self, code: str, key: str) -> str:
        """Open the room screen with ``key``; the sentence of the refusal, or ""."""
        refused = self._attempts.refusal(self.t)
        if refused:
            return refused
        try:
            session = self.store.open_room(code, key)
        except StoreError as error:
            self._attempts.failed(code)
            return self.t.sentence(error.template, error.params)
        self._attempts.succeeded()
        self.session = session
        self.watch = SessionWatch(self.store, session.code)
        self.language = normalize(self.language or session.language)
        forget_key(self._script)
        self.hosting = Hosting.detect()
        self.page_address = PageAddress()
        self.page_address.observe(lambda _change: self.refresh(), "value")
        self._build()
        self._body.children = (self._top, self.screen, self.page_address, self.page_address.ask())
        self.refresh()
        self._poller.wake_on(self.watch.listening, self.watch.receive)
        self._poller.start()
        return ""

    def _ask_key(self, code: str) -> None:
        _ = self.t.gettext
        texts = KeyFormTexts(
            heading=_("Room screen"),
            intro=_("Type the presenter key of session {code} to show its screen to the room."),
            label=_("Presenter key"),
            placeholder=_("e.g. {code}").format(code="K7QP-4M9X-TR6W-HJ3N"),
            button=_("Open the room screen"),
            empty=_("Please type the presenter key first."),
        )
        self._body.children = (KeyForm(code, texts, self._open),)

    def _refuse(self, message: str) -> None:
        heading = escape(self.t.gettext("Room screen"))
        self._body.children = (
            w.HTML(
                f'<div class="ic-form"><h2>{heading}</h2>'
                f'<p class="ic-problem" role="alert">{escape(message)}</p></div>'
            ),
        )

    # -- the page in its language -------------------------------------------------------

    def _build(self) -> None:
        assert self.session is not None
        language = normalize(self.language)
        self.framework = framework_in_language(self.store.framework(self.session.code), language)
        self.page_head.describe(language, self.session.title, self.t.gettext("Room screen"))
        self.heartbeat.speak(language)
        self.screen = RoomScreen(language)
        self.language_picker = LanguagePicker(language, self.choose_language)
        self._top = w.HBox([self.language_picker])
        self._top.add_class("ic-room-top")

    def choose_language(self, language: str) -> None:
        """Show the screen in ``language`` (the page's own menu: nothing changes for the
        session or anyone else)."""
        language = normalize(language)
        if language == normalize(self.language) or self.session is None:
            return
        self.language = language
        old = (self._top, self.screen)
        self._build()
        self._body.children = (self._top, self.screen, *self._body.children[2:])
        self._shown = None
        self.refresh()
        for widget in old:
            for child in getattr(widget, "children", ()):
                child.close()
            if widget is not None:
                widget.close()

    # -- following the facilitator ---------------------------------------------------

    @property
    def join_link(self) -> str:
        """The participant link, from this page's own address (once the page said it)."""
        assert self.session is not None
        address = self.page_address.value
        return self.hosting.invite_link(address, self.session.code) if address else ""

    def refresh(self) -> None:
        """Show what the facilitator chose, if it or the session's data changed."""
        if self.session is None or self.screen is None or self.watch is None:
            return
        try:
            changed = self.watch.look()
            if not changed and self._shown is not None and self._shown[1] == self.join_link:
                return
            room = self.store.room(self.session.code)
            self._show(room)
            self._shown = (room, self.join_link)
        except StoreError:
            # The screen keeps what it shows; the next tick tries again.
            log.warning("The room screen of %s could not be refreshed", self.session.code)

    def _show(self, room: Room) -> None:
        assert self.session is not None and self.framework is not None
        assert self.screen is not None
        session, framework = self.session, self.framework
        link = self.join_link
        if room.screen is Screen.WELCOME or not framework.items:
            if not link:
                self.screen.show_message(self.t.gettext("Preparing the join address…"))
                return
            title = self.t.gettext("QR code of the participant link")
            self.screen.show_welcome(
                Welcome(session.title, session.code, link, qr_code(link, title))
            )
            return
        people = {p.id: p for p in self.store.participants(session.code)}
        answers = [a for a in self.store.answers(session.code) if a.participant_id in people]
        counts = count_answers([entry.answer for entry in answers])
        agreed: dict[str, AgreedResult] = {r.item_id: r for r in self.store.agreed(session.code)}
        if room.screen is Screen.VOTES:
            self.screen.show_votes(
                self.t.gettext("What the group voted for"),
                self._vote_rows(framework),
                session.code,
                link,
            )
            return
        if room.screen is Screen.PLAN:
            self.screen.show_plan(
                self.t.gettext("The group's plan"), self._plan_rows(room), session.code, link
            )
            return
        if room.screen is Screen.OVERVIEW:
            rows = [
                OverviewRow(
                    number,
                    item.title,
                    sum(counts.get(item.id, {}).values()),
                    agreed_of(framework, agreed.get(item.id)),
                )
                for number, item in enumerate(framework.items, start=1)
            ]
            self.screen.show_overview(session.title, rows, session.code, link)
            return
        ids = [item.id for item in framework.items]
        item_id = room.item_id if room.item_id in ids else ids[0]
        notes = None
        if room.notes:
            notes = [
                Note(entry.answer.note, people[entry.participant_id].name if room.names else "")
                for entry in answers
                if entry.answer.item_id == item_id
                and entry.answer.note
                and entry.answer.kind is not AnswerKind.UNANSWERED
            ]
        shown = item_shown(framework, item_id, counts.get(item_id, {}), agreed.get(item_id), notes)
        self.screen.show_item(shown, session.code, link)

    def _vote_rows(self, framework: Framework) -> list[VoteRow]:
        """Every gap and draft action with votes, most first."""
        assert self.session is not None
        _ = self.t.gettext
        counts = self.store.tally(self.session.code).counts
        titles = {f"{GAP}:{item.id}": item.title for item in framework.items}
        titles.update(
            (f"{DRAFT}:{entry.action.id}", entry.action.title)
            for entry in self.store.actions(self.session.code)
        )
        kinds = {GAP: _("gap"), DRAFT: _("draft action")}
        given = sorted(
            ((target, n) for target, n in counts.items() if n > 0 and target in titles),
            key=lambda pair: -pair[1],
        )
        most = max([1, *(n for _target, n in given)])
        return [
            VoteRow(titles[target], kinds[target.split(":")[0]], n, round(100 * n / most))
            for target, n in given
        ]

    def _plan_rows(self, room: Room) -> list[PlanRow]:
        """The group's plan, most votes first; who proposed each action only when the
        facilitator shows names."""
        assert self.session is not None
        t = self.t
        counts = self.store.tally(self.session.code).counts
        return [
            PlanRow(
                title=action.title,
                owner=action.owner,
                due=t.format_date(action.due, "medium") if action.due else "",
                status=t.gettext(action.status.label),
                votes=plan_votes(action, counts),
                proposed_by=", ".join(action.proposed_by) if room.names else "",
            )
            for action in ordered_plan(self.store.plan(self.session.code), counts)
        ]


def presenter_app(store: Store | None = None, query: PageQuery | None = None) -> PresenterApp:
    """The room's screen for the page's query string; the notebook's last line shows it."""
    hold_widget_messages_while_the_page_loads()
    return PresenterApp(store or Store(), query or PageQuery.from_page())
