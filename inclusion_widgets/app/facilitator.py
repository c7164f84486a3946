"""The facilitator's workbook: the live dashboard and the controls of the session."""

from __future__ import annotations

import time
from datetime import datetime
from html import escape
from typing import Any

import ipywidgets as w
import pandas as pd

from inclusion_widgets.analysis import match_participants
from inclusion_widgets.app.address_bar import forget_key
from inclusion_widgets.app.attempts import Attempts
from inclusion_widgets.app.autosave import Autosaver, SaveState, SaveStatus
from inclusion_widgets.app.downloads import merge_uploads, restore_uploads, session_downloads
from inclusion_widgets.app.hosting import Hosting, kernels_running, memory_in_use
from inclusion_widgets.app.live import SessionWatch
from inclusion_widgets.app.page_load import hold_widget_messages_while_the_page_loads
from inclusion_widgets.app.polling import Poller
from inclusion_widgets.app.query import PageQuery, facilitator_query, with_language
from inclusion_widgets.app.server_log import server_log
from inclusion_widgets.config import Settings
from inclusion_widgets.edits import AgreedEdit, Edit, PlanEdit, SaveResult
from inclusion_widgets.exchange import answers_frame
from inclusion_widgets.exchange.frames import answers_frame_from
from inclusion_widgets.frameworks import framework_in_language
from inclusion_widgets.i18n import Translator, language_choices, normalize, translator
from inclusion_widgets.records import AgreedResult, AnswerKind, PlanAction
from inclusion_widgets.store import (
    MergeOutcome,
    ParticipantAnswer,
    Room,
    SessionInfo,
    Store,
    StoreError,
)
from inclusion_widgets.store.errors import ChangeRefused, StoreUnreachable
from inclusion_widgets.store.models import Recorder
from inclusion_widgets.store.names import distinct_names
from inclusion_widgets.widgets.agreement import AgreedAssessment
from inclusion_widgets.widgets.app_styles import app_stylesheet
from inclusion_widgets.widgets.dashboard import Dashboard, DashboardData
from inclusion_widgets.widgets.dashboard_views import AuthoredAction, RoundsOutcome
from inclusion_widgets.widgets.files import Files
from inclusion_widgets.widgets.group_plan import Draft, DraftRef, GroupPlan
from inclusion_widgets.widgets.group_view import count_answers
from inclusion_widgets.widgets.invite import InvitePanel, PageAddress
from inclusion_widgets.widgets.key_form import KeyForm, KeyFormTexts
from inclusion_widgets.widgets.language_picker import LanguagePicker
from inclusion_widgets.widgets.page_head import PageHead
from inclusion_widgets.widgets.people_panel import PeoplePanel
from inclusion_widgets.widgets.room_controls import RoomControls
from inclusion_widgets.widgets.round_pairing import RoundPairing
from inclusion_widgets.widgets.status_line import StatusLine

REFRESH_SECONDS = 0.25
"""How often the page asks the store whether anything changed where the store sends no
notices (SQLite) or while it is not up to date: one query of one number by primary key,
so a change reaches the dashboard well within a second."""
SAFETY_SECONDS = 5.0
"""Where the store's notices wake the page (PostgreSQL), how often it looks all the same,
in case a notice was lost."""
LOCK_WATCH_SECONDS = 12.0
"""How long after a lock the page counts text still arriving from participants' pages
(typed before the lock, saved after it: a page waits under a second before saving, and
retries every few seconds)."""
SERVER_CHECK_SECONDS = 20.0
"""How often the time left and the memory in use are looked at again."""

log = server_log("facilitator")


class FacilitatorApp(w.VBox):  # type: ignore[misc]
    """What the facilitator sees: the session's facts and links, its controls and the
    dashboard, refreshed every few seconds while participants answer.

    The page opens only with the session code and its facilitator key; without them
    it says so and shows no data at all.
    """

    def __init__(self, store: Store, query: PageQuery, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-app")
        self.store = store
        self.session: SessionInfo | None = None
        self.key = ""
        self.dashboard: Dashboard | None = None
        self.status = w.HTML()
        self.watch: SessionWatch | None = None
        self._baseline: tuple[str, int, pd.DataFrame] | None = None
        self._fresh_at: datetime | None = None
        self._changed_at: datetime | None = None
        self.language = query.lang
        # The heartbeat of the page: a closed page's dashboard stops polling, so its
        # kernel goes idle and is culled.
        self.heartbeat = StatusLine(language=query.lang)
        gone_after = Settings.from_env().page_gone_seconds
        self._stale = False
        self._poller = Poller(
            self.refresh,
            self._tick_seconds,
            lambda: self.heartbeat.page_open(gone_after),
            at_most_every=REFRESH_SECONDS,
        )
        self.heartbeat.on_page_seen(self._poller.wake)
        self._body = w.VBox()
        self._script = w.Output(layout=w.Layout(display="none"))
        self._attempts = Attempts("facilitator key")
        self.page_head = PageHead()
        self.page_head.describe(self.language, self.t.gettext("Facilitator page"))
        self.children = (
            app_stylesheet(),
            self._script,
            self.page_head,
            self.heartbeat,
            self._body,
        )
        if not query.session:
            self._refuse(
                self.t.gettext(
                    "This page is for the facilitator of a session. Open it with the "
                    "facilitator link, which holds the session code and the facilitator key."
                )
            )
            return
        if not query.key:
            self._ask_key(query.session)
            return
        refused = self._open(query.session, query.key)
        if refused:
            self._refuse(refused)

    @property
    def t(self) -> Translator:
        """The page's language: its messages, dates and numbers."""
        return translator(self.language)

    def choose_language(self, language: str) -> None:
        """Show the page in ``language`` from now on (what its language menu does)."""
        language = normalize(language)
        if language == normalize(self.language) or self.session is None:
            return
        self.language = language
        self.heartbeat.speak(language)
        old = self._body.children
        self.status = w.HTML()  # the old one closes with the page it was part of
        self._build()
        self._refresh_now()
        for widget in old:
            _close_all(widget)

    def _open(self, code: str, key: str) -> str:
        """Open the dashboard with ``key``; the sentence of the refusal, or "" if opened."""
        refused = self._attempts.refusal(self.t)
        if refused:
            return refused
        try:
            # The same sentence for a code no session has as for a wrong key.
            self.store.require_key(code, key)
            session = self.store.session(code)
        except StoreError as error:
            self._attempts.failed(code)
            return self.t.sentence(error.template, error.params)
        self._attempts.succeeded()
        self.session, self.key = session, key
        baseline = (session.baseline_code,) if session.baseline_code else ()
        self.watch = SessionWatch(self.store, session.code, also=baseline)
        self.language = normalize(self.language or session.language)
        self.heartbeat.speak(self.language)
        self._forget_key_in_address_bar()
        self._build()
        self.refresh()
        self._poller.wake_on(self.watch.listening, self.watch.receive)
        self._poller.start()
        return ""

    def _tick_seconds(self) -> float:
        """Until the next look: a slow safety tick where the store's notices wake the
        page, else (and while the page is not up to date) a quick one."""
        return SAFETY_SECONDS if self._poller.reading and not self._stale else REFRESH_SECONDS

    def _forget_key_in_address_bar(self) -> None:
        """The key leaves the address bar and the browser's history once the page has it:
        a projected screen or a shared computer must not show it."""
        forget_key(self._script)

    def _ask_key(self, code: str) -> None:
        """A page opened with the code only (a reload, since the key left the address bar)."""
        _ = self.t.gettext
        texts = KeyFormTexts(
            heading=_("Facilitator page"),
            intro=_(
                "Type the facilitator key of session {code} to open its dashboard. "
                "It was shown when the session was created."
            ),
            label=_("Facilitator key"),
            placeholder=_("e.g. {code}").format(code="K7QP-4M9X-TR6W-HJ3N"),
            button=_("Open the dashboard"),
            empty=_("Please type the facilitator key first."),
        )
        self._body.children = (KeyForm(code, texts, self._open, button_class="ic-open-dashboard"),)

    def _refuse(self, message: str) -> None:
        _ = self.t.gettext
        restore = Files(
            None,
            on_upload=lambda uploads: restore_uploads(self.store, uploads, self.language),
            upload_help=_(
                "Starting again on a new server? Upload the bundle (.zip) you downloaded from "
                "a facilitator page to restore its session here; you get a new facilitator key."
            ),
            language=self.language,
        )
        heading = _("Facilitator page")
        self._body.children = (
            w.HTML(
                f'<div class="ic-form"><h2>{escape(heading)}</h2>'
                f'<p class="ic-problem" role="alert">{escape(message)}</p></div>'
            ),
            restore,
        )

    def _build(self) -> None:
        assert self.session is not None
        session = self.session
        language = normalize(self.language)
        _ = self.t.gettext
        framework = framework_in_language(self.store.framework(session.code), language)
        self.page_head.describe(language, session.title, _("Facilitator page"))
        self.dashboard = Dashboard(framework, language)
        self.header = w.HTML()
        self.language_picker = LanguagePicker(language, self.choose_language)
        self.lock = w.ToggleButton(description=_("Lock answers"), icon="lock")
        self.reveal = w.ToggleButton(description=_("Show results to participants"), icon="eye")
        self.followup = w.Button(description=_("Create follow-up round"), icon="plus")
        self.lock.add_class("ic-lock")
        self.reveal.add_class("ic-reveal")
        self.followup.add_class("ic-followup")
        for control in (self.lock, self.reveal, self.followup):
            control.layout = w.Layout(width="auto")
        self.lock.observe(self._on_lock, "value")
        self.reveal.observe(self._on_reveal, "value")
        self.followup.on_click(lambda _button: self._create_followup())
        self.message = w.HTML()
        self.lock_note = w.HTML()
        self._watch_lock_until = 0.0
        self.people = PeoplePanel(on_merge=self._merge, on_remove=self._remove, language=language)
        controls = w.HBox([self.lock, self.reveal, self.followup, self.status])
        controls.add_class("ic-controls")
        self._sync_controls(session)
        code, key = session.code, self.key
        self.report_language = w.Dropdown(
            options=list(language_choices()),
            value=language,
            description=_("Language of the report"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.report_language.add_class("ic-report-language")
        self.files = Files(
            lambda: session_downloads(self.store, code, self.report_language.value),
            intro=_(
                "Download everything before the workshop server goes away: the bundle "
                "restores the session on any server, the CSVs open in a spreadsheet, the "
                "report goes into the mentoring file."
            ),
            on_upload=lambda uploads: merge_uploads(self.store, code, key, uploads, language),
            upload_help=_(
                "Upload participants' answers CSVs or a bundle to merge them into this "
                "session: newer answers win, older ones stay in the history."
            ),
            language=language,
        )
        self.files.prepare_button.description = _("Prepare downloads")
        self.dashboard.add_page(self._agreement_page(framework), _("Agreed assessment"))
        self.dashboard.add_page(self._plan_page(framework), _("Group plan"))
        self.room_controls = RoomControls(framework, self._on_room, language)
        self.room_controls.show(self.store.room(code))
        self.agreement.observe(lambda change: self.room_controls.follow(change["new"]), "open_item")
        self.dashboard.add_page(w.VBox([self.report_language, self.files]), _("Files"))
        self.dashboard.append_to("progress", self.people)
        self.pairing = RoundPairing(self._pair, language=language)
        if session.baseline_code:
            self.dashboard.append_to("rounds", self.pairing)
        self.hosting = Hosting.detect()
        self.invite = InvitePanel(language)
        self.page_address = PageAddress()
        self.page_address.observe(self._on_page_address, "value")
        self._server_checked = 0.0
        self._body.children = (
            self.language_picker,
            self.header,
            self.invite,
            self.page_address,
            self.page_address.ask(),
            controls,
            self.room_controls,
            self.lock_note,
            self.message,
            self.dashboard,
        )
        self._render_header(session)
        self._check_server()

    def _agreement_page(self, framework: Any) -> w.Widget:
        """What the group agreed per item, saved as the facilitator types, and who else
        may record it (the note-taker)."""
        assert self.session is not None
        code, _ = self.session.code, self.t.gettext
        self.agreement = AgreedAssessment(
            framework, language=normalize(self.language), storage_key=f"{code}/facilitator"
        )
        self.agreement.load(self.store.agreed(code))
        self.agreed_status = w.HTML()
        self.agreed_status.add_class("ic-agreed-status")
        self.agreed_saver = Autosaver(
            self._save_agreed, self._show_agreed_status, self._agreed_saved, self._agreed_refused
        )
        self.agreement.on_edit(self.agreed_saver.add)
        self.note_taker = w.Dropdown(description=_("Note-taker"), layout=w.Layout(width="auto"))
        self.note_taker.add_class("ic-note-taker")
        self.note_taker.observe(self._on_note_taker, "value")
        help_text = w.HTML(
            '<p class="ic-muted">'
            + escape(
                _(
                    "The note-taker can record what the group agreed from their own page "
                    "too; only one person at a time."
                )
            )
            + "</p>"
        )
        return w.VBox([w.HBox([self.note_taker, self.agreed_status]), help_text, self.agreement])

    def _plan_page(self, framework: Any) -> w.Widget:
        """The group's plan built from the drafts, the open gaps and the votes, and how
        many votes each participant has."""
        assert self.session is not None
        code, _ = self.session.code, self.t.gettext
        self.group_plan = GroupPlan(
            framework, language=normalize(self.language), storage_key=f"{code}/facilitator"
        )
        self.group_plan.load(self.store.plan(code))
        self.plan_status = w.HTML()
        self.plan_status.add_class("ic-plan-status")
        self.plan_saver = Autosaver(
            self._save_plan,
            lambda status: self._show_saver_status(self.plan_status, status),
            self._plan_saved,
            self._plan_refused,
        )
        self.group_plan.on_edit(self.plan_saver.add)
        self.group_plan.on_take(self._take_into_plan)
        self.group_plan.on_remove(self._remove_from_plan)
        self.group_plan.on_merge(self._merge_plan_actions)
        self.votes_each = w.BoundedIntText(
            value=self.session.votes_each,
            min=0,
            max=20,
            description=_("Votes per participant"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.votes_each.add_class("ic-votes-each")
        self.votes_each.observe(self._on_votes_each, "value")
        return w.VBox([w.HBox([self.votes_each, self.plan_status]), self.group_plan])

    def _save_plan(self, edit: Edit) -> SaveResult:
        assert self.session is not None and isinstance(edit, PlanEdit)
        return self.store.save_plan(self.session.code, Recorder(key=self.key), edit)

    def _plan_saved(self, result: SaveResult) -> None:
        if isinstance(result.record, PlanAction):
            self.group_plan.apply_saved([result.record])
        self.group_plan.show_saved(result)

    def _plan_refused(self, key: str, error: ChangeRefused) -> None:
        self.group_plan.show_refused(
            key, error.field, self.t.sentence(error.template, error.params)
        )

    def _take_into_plan(self, drafts: list[DraftRef], into: str | None) -> None:
        assert self.session is not None
        try:
            result = self.store.take_into_plan(
                self.session.code, Recorder(key=self.key), drafts, into
            )
        except StoreError as error:
            self.group_plan.show_refused("take", "", self.t.sentence(error.template, error.params))
            return
        if isinstance(result.record, PlanAction):
            self.group_plan.apply_saved([result.record])

    def _remove_from_plan(self, plan_id: str) -> None:
        assert self.session is not None
        code = self.session.code
        try:
            self.store.remove_from_plan(code, Recorder(key=self.key), plan_id)
        except StoreError as error:
            sentence = self.t.sentence(error.template, error.params)
            self.group_plan.show_refused(f"plan:{plan_id}", "", sentence)
            return
        self.group_plan.apply_saved(self.store.plan(code), complete=True)

    def _merge_plan_actions(self, keep: str, other: str) -> None:
        assert self.session is not None
        code = self.session.code
        try:
            self.store.merge_plan_actions(code, Recorder(key=self.key), keep, other)
        except StoreError as error:
            sentence = self.t.sentence(error.template, error.params)
            self.group_plan.show_refused(f"plan:{other}", "", sentence)
            return
        self.group_plan.apply_saved(self.store.plan(code), complete=True)

    def _on_votes_each(self, change: dict[str, Any]) -> None:
        if self.session is None or change["new"] == self.session.votes_each:
            return
        try:
            self.session = self.store.set_votes_each(self.session.code, self.key, change["new"])
        except StoreError as error:
            self.votes_each.value = self.session.votes_each
            self.plan_status.value = (
                '<span class="ic-problem" role="alert">'
                + escape(self.t.sentence(error.template, error.params))
                + "</span>"
            )

    def _show_plan(self, code: str, people: dict[int, Any], actions: list[Any]) -> None:
        drafts = [
            Draft(entry.participant_id, people[entry.participant_id].name, entry.action)
            for entry in actions
            if entry.participant_id in people and entry.action.title.strip()
        ]
        self.group_plan.show_room(drafts, self.store.agreed(code), self.store.tally(code).counts)
        self.group_plan.apply_saved(self.store.plan(code), complete=True)
        if self.session is not None and self.votes_each.value != self.session.votes_each:
            self.votes_each.value = self.session.votes_each

    def _save_agreed(self, edit: Edit) -> SaveResult:
        assert self.session is not None and isinstance(edit, AgreedEdit)
        return self.store.save_agreed(self.session.code, Recorder(key=self.key), edit)

    def _agreed_saved(self, result: SaveResult) -> None:
        if isinstance(result.record, AgreedResult):
            self.agreement.apply_saved([result.record])
            self.agreement.show_saved_record(result.record)
        self.agreement.show_saved(result)

    def _agreed_refused(self, key: str, error: ChangeRefused) -> None:
        self.agreement.show_refused(key, error.field, self.t.sentence(error.template, error.params))

    def _show_agreed_status(self, status: SaveStatus) -> None:
        self._show_saver_status(self.agreed_status, status)

    def _show_saver_status(self, shown: w.HTML, status: SaveStatus) -> None:
        css = "ic-problem" if status.refused or status.state is SaveState.RETRYING else "ic-muted"
        text = status.say(self.t)
        shown.value = f'<span class="{css}" role="status">{escape(text)}</span>'

    def _on_note_taker(self, change: dict[str, Any]) -> None:
        if self.session is None or change["new"] == (self.session.note_taker_id or 0):
            return
        self.session = self.store.set_note_taker(self.session.code, self.key, change["new"] or None)

    def _show_agreement(
        self, code: str, people: dict[int, Any], answers: list[ParticipantAnswer]
    ) -> None:
        notes: dict[str, list[dict[str, str]]] = {}
        for entry in answers:
            if entry.answer.note and entry.answer.kind is not AnswerKind.UNANSWERED:
                who = people[entry.participant_id].name
                notes.setdefault(entry.answer.item_id, []).append(
                    {"who": who, "text": entry.answer.note}
                )
        self.agreement.show_group(count_answers([entry.answer for entry in answers]), notes)
        self.agreement.apply_saved(self.store.agreed(code))
        choices = [(self.t.gettext("Nobody"), 0), *((p.name, p.id) for p in people.values())]
        if list(self.note_taker.options) != choices:
            self.note_taker.options = choices
        wanted = self.session.note_taker_id if self.session else None
        self.note_taker.value = wanted if wanted in people else 0

    def _on_page_address(self, change: dict[str, Any]) -> None:
        if self.session is not None and change["new"]:
            code = self.session.code
            link = self.hosting.invite_link(change["new"], code)
            self.invite.show_invite(link, opens_server=self.hosting.link_carries_token)
            presenter = self.store.presenter_key(code, self.key)
            self.room_controls.show_link(
                self.hosting.presenter_link(change["new"], code, presenter)
            )

    def _on_room(self, room: Room) -> None:
        """Show ``room`` on the room's screen, which follows it within a second."""
        assert self.session is not None
        try:
            self.room_controls.show(self.store.set_room(self.session.code, self.key, room))
        except StoreError as error:
            sentence = self.t.sentence(error.template, error.params)
            self.message.value = f'<p class="ic-problem" role="alert">{escape(sentence)}</p>'

    def _check_server(self) -> None:
        """Time left on a Binder, the memory in use where the server has a limit, and the
        pages open where ``serve`` caps them."""
        if time.monotonic() - self._server_checked < SERVER_CHECK_SECONDS:
            return
        self._server_checked = time.monotonic()
        limit = self.hosting.memory_limit
        max_kernels = Settings.from_env().max_kernels
        self.invite.show_server(
            self.hosting.seconds_left(),
            memory_in_use(self.hosting.server_pid) if limit else None,
            limit,
            kernels_running(self.hosting.server_pid) if max_kernels else None,
            max_kernels,
        )

    def _render_header(self, session: SessionInfo) -> None:
        _ = self.t.gettext
        round_text = _("round {n}").format(n=session.round)
        if session.baseline_code:
            round_text = _("round {n}, follow-up of {code}").format(
                n=session.round, code=session.baseline_code
            )
        cities = [city for city in (session.mentor_city, session.mentee_city) if city]
        pair = (
            _("{mentor} and {mentee}").format(mentor=cities[0], mentee=cities[1])
            if len(cities) == 2
            else "".join(cities)
        )
        code_line = escape(_("Session {code}")).replace(
            "{code}", f'<strong class="ic-code">{escape(session.code)}</strong>'
        )
        joining = _(
            "Participants join with the invite link below, or by typing the code on the "
            "participant page."
        )
        self.header.value = (
            '<div class="ic-session-bar"><div class="ic-session-title">'
            f"{escape(session.title)}</div>"
            f'<p class="ic-muted">{code_line} &middot; {escape(round_text)}'
            + (f" &middot; {escape(pair)}" if pair else "")
            + f"</p><p>{escape(joining)}</p></div>"
        )

    def refresh(self) -> None:
        """Read the store again if anything changed since the last look; when that fails,
        the status says since when the dashboard is not up to date (polling goes on)."""
        if self.session is None or self.dashboard is None:
            return
        try:
            self._refresh()
        except StoreUnreachable:
            self._show_stale(self.t.gettext("the store cannot be reached"))
        except Exception:
            log.exception("The dashboard of %s could not be refreshed", self.session.code)
            self._show_stale(self.t.gettext("an error on the server stopped the refresh"))
        else:
            self._fresh_at = datetime.now()
            self._stale = False

    def _show_stale(self, why: str) -> None:
        self._stale = True
        t = self.t
        if self._fresh_at:
            sentence = t.gettext(
                "Not up to date since {time}: {why}. Trying again every second."
            ).format(time=t.format_time(self._fresh_at, "medium"), why=why)
        else:
            sentence = t.gettext("Not up to date: {why}. Trying again every second.").format(
                why=why
            )
        self.status.value = (
            f'<span class="ic-problem ic-stale" role="alert">{escape(sentence)}</span>'
        )

    def _refresh(self) -> None:
        assert self.session is not None and self.dashboard is not None
        self._watch_lock()
        self._check_server()
        assert self.watch is not None
        if not self.watch.look():
            self._show_live()
            return
        code = self.session.code
        session = self.store.session(code)
        people = {p.id: p for p in self.store.participants(code)}
        # Read once per change, shared by the dashboard and the agreement tab.
        answers = [entry for entry in self.store.answers(code) if entry.participant_id in people]
        drafts = self.store.actions(code)
        actions = [
            AuthoredAction(people[entry.participant_id].name, entry.action)
            for entry in drafts
            if entry.participant_id in people
        ]
        frame = answers_frame_from(
            session,
            self.store.framework(code),
            list(people.values()),
            [(entry.participant_id, entry.answer) for entry in answers],
        )
        baseline, outcome = None, None
        if session.baseline_code:
            baseline = self._baseline_frame(session.baseline_code)
            outcome = self._rounds_outcome(session)
            self._offer_pairs(session, baseline, frame, outcome)
        self.dashboard.update(DashboardData(frame, actions, baseline, outcome))
        self.people.show(list(people.values()))
        self._sync_controls(session)
        # Another tab of this page may have changed what the room sees.
        self.room_controls.show(self.store.room(code))
        self._show_agreement(code, people, answers)
        self._show_plan(code, people, drafts)
        self._changed_at = datetime.now()
        self._show_live()

    def _show_live(self) -> None:
        """The dashboard is live, and when it last changed: the same text at every look
        until the next change, so an idle page is sent nothing (and a screen reader has
        nothing to read again)."""
        t = self.t
        when = t.format_time(self._changed_at or datetime.now(), "medium")
        text = t.gettext("Live, updated {time}").format(time=when)
        self.status.value = f'<span class="ic-muted ic-live">{escape(text)}</span>'

    def _baseline_frame(self, code: str) -> pd.DataFrame:
        """The baseline round's answers, read again only when that round changed."""
        token = self.store.change_token(code)
        if self._baseline is None or self._baseline[:2] != (code, token):
            self._baseline = (code, token, answers_frame(self.store, code))
        return self._baseline[2]

    def _rounds_outcome(self, session: SessionInfo) -> RoundsOutcome:
        """What both rounds agreed, the baseline's plan, and the pairs made, by name."""
        assert session.baseline_code
        return RoundsOutcome(
            baseline_agreed=self.store.agreed(session.baseline_code),
            agreed=self.store.agreed(session.code),
            baseline_plan=self.store.plan(session.baseline_code),
            pairs=self.store.round_pairs_by_name(session.code),
        )

    def _offer_pairs(
        self,
        session: SessionInfo,
        baseline: pd.DataFrame,
        answers: pd.DataFrame,
        outcome: RoundsOutcome,
    ) -> None:
        assert session.baseline_code
        matched = match_participants(baseline, answers, outcome.pairs)
        offered = []
        for code, names in (
            (session.baseline_code, matched.unmatched_baseline),
            (session.code, matched.unmatched_followup),
        ):
            people = self.store.participants(code)
            shown = distinct_names(people)
            ids = {shown[person.id]: person for person in people}
            offered.append(
                [(f"{name}, {ids[name].city}", ids[name].id) for name in names if name in ids]
            )
        self.pairing.show(offered[0], offered[1])

    def _pair(self, baseline_id: int, followup_id: int) -> str:
        assert self.session is not None
        try:
            self.store.pair_across_rounds(self.session.code, self.key, baseline_id, followup_id)
        except StoreError as error:
            return self.t.sentence(error.template, error.params)
        self._refresh_now()
        return ""

    def _sync_controls(self, session: SessionInfo) -> None:
        self.session = session
        for control, value in ((self.lock, session.locked), (self.reveal, session.results_visible)):
            if control.value != value:
                control.value = value

    def _on_lock(self, change: dict[str, Any]) -> None:
        assert self.session is not None
        if change["new"] != self.session.locked:
            self.session = self.store.set_locked(self.session.code, self.key, change["new"])
            self._watch_lock_until = time.monotonic() + LOCK_WATCH_SECONDS if change["new"] else 0
            self.lock_note.value = ""
            self._watch_lock()
        _ = self.t.gettext
        self.lock.description = _("Answers locked") if change["new"] else _("Lock answers")

    def _watch_lock(self) -> None:
        """After a lock, say how many people still had text in flight, and that it was saved."""
        if not self._watch_lock_until or self.session is None:
            return
        done = time.monotonic() >= self._watch_lock_until
        count = self.store.saved_after_lock(self.session.code)
        t = self.t
        if count:
            text = t.ngettext(
                "{n} person still had text in flight when you locked the answers; it was saved.",
                "{n} people still had text in flight when you locked the answers; it was saved.",
                count,
            ).format(n=t.format_number(count))
        elif done:
            text = t.gettext(
                "Nobody was still typing when you locked the answers: everything is saved."
            )
        else:
            text = t.gettext(
                "Answers locked. Text that people typed just before is still arriving…"
            )
        self.lock_note.value = f'<p class="ic-notice ic-lock-note" role="status">{escape(text)}</p>'
        if done:
            self._watch_lock_until = 0.0

    def _on_reveal(self, change: dict[str, Any]) -> None:
        assert self.session is not None
        if change["new"] != self.session.results_visible:
            self.session = self.store.set_results_visible(
                self.session.code, self.key, change["new"]
            )
        _ = self.t.gettext
        self.reveal.description = (
            _("Results shown to participants")
            if change["new"]
            else _("Show results to participants")
        )

    def _create_followup(self) -> None:
        assert self.session is not None
        _ = self.t.gettext
        title = translator(self.session.language).gettext("{title} (follow-up)")
        info, key = self.store.create_followup(
            self.session.code, self.key, title.format(title=self.session.title)
        )
        link = with_language(facilitator_query(info.code, key), normalize(self.language))
        created = (
            escape(
                _(
                    "Follow-up round created: session code {code}, facilitator key {key} "
                    "(keep it; it is shown only now)."
                )
            )
            .replace("{code}", f"<strong>{escape(info.code)}</strong>")
            .replace("{key}", f"<code>{escape(key)}</code>")
        )
        open_it = _("Open its facilitator page")
        self.message.value = (
            f'<div class="ic-notice" role="status">{created} '
            f'<a href="{escape(link, quote=True)}" target="_blank">{escape(open_it)}</a>'
            "</div>"
        )

    def _remove(self, participant_id: int) -> str:
        assert self.session is not None
        self.store.remove_participant(self.session.code, self.key, participant_id)
        self._refresh_now()
        return self.t.gettext("Removed from the session view; their answers stay in the history.")

    def _merge(self, keep_id: int, other_id: int) -> str:
        assert self.session is not None
        outcomes = self.store.merge_participants(self.session.code, self.key, keep_id, other_id)
        self._refresh_now()
        added, updated = outcomes[MergeOutcome.ADDED], outcomes[MergeOutcome.UPDATED]
        older = outcomes[MergeOutcome.SKIPPED]
        t = self.t
        return t.ngettext(
            "Merged: {added} answer or action added, {updated} updated, {older} older kept in "
            "the history only. Their old personal link now opens the participant kept.",
            "Merged: {added} answers or actions added, {updated} updated, {older} older kept in "
            "the history only. Their old personal link now opens the participant kept.",
            added,
        ).format(
            added=t.format_number(added),
            updated=t.format_number(updated),
            older=t.format_number(older),
        )

    def _refresh_now(self) -> None:
        if self.watch is not None:
            self.watch.forget()
        self.refresh()


def _close_all(widget: w.Widget) -> None:
    """Close a widget and everything inside it, so a page drawn again leaves nothing behind."""
    for child in getattr(widget, "children", ()):
        _close_all(child)
    widget.close()


def facilitator_app(store: Store | None = None, query: PageQuery | None = None) -> FacilitatorApp:
    """The facilitator app for the page's query string; the notebook's last line shows it."""
    hold_widget_messages_while_the_page_loads()
    return FacilitatorApp(store or Store(), query or PageQuery.from_page())
