"""The participant's workbook: join a session, score, note, plan; saved as they type."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

import ipywidgets as w
from IPython.display import Javascript, display

from inclusion_widgets.app.attempts import Attempts
from inclusion_widgets.app.autosave import Autosaver, SaveState, SaveStatus
from inclusion_widgets.app.downloads import participant_downloads
from inclusion_widgets.app.live import SessionWatch
from inclusion_widgets.app.polling import Poller
from inclusion_widgets.app.query import PageQuery, personal_query, with_language
from inclusion_widgets.checks import FIELD_WORDS
from inclusion_widgets.config import Settings
from inclusion_widgets.edits import AnswerEdit, Edit, SaveResult
from inclusion_widgets.frameworks import framework_in_language
from inclusion_widgets.i18n import Translator, normalize, translator
from inclusion_widgets.records import Action, AgreedResult, Answer, PlanAction
from inclusion_widgets.store import Participant, SessionInfo, Store, StoreError
from inclusion_widgets.store.duplicates import details_key, key_of
from inclusion_widgets.store.errors import ChangeRefused, StoreUnreachable
from inclusion_widgets.store.models import Recorder
from inclusion_widgets.widgets.action_plan import ActionPlan
from inclusion_widgets.widgets.agreement import AgreedAssessment
from inclusion_widgets.widgets.app_styles import app_stylesheet
from inclusion_widgets.widgets.checklist import Checklist
from inclusion_widgets.widgets.files import Files
from inclusion_widgets.widgets.group_plan import Draft, DraftRef, GroupPlan
from inclusion_widgets.widgets.group_view import GroupView, agreed_view, count_answers
from inclusion_widgets.widgets.join_form import CodeForm, JoinDetails, JoinForm, session_cities
from inclusion_widgets.widgets.note_history import NoteHistory
from inclusion_widgets.widgets.page_head import PageHead
from inclusion_widgets.widgets.session_bar import SessionBar
from inclusion_widgets.widgets.status_line import StatusLine
from inclusion_widgets.widgets.votes import VoteBoard

POLL_SECONDS = 3.0


class ParticipantApp(w.VBox):  # type: ignore[misc]
    """What a participant sees, from the first page to the end of the workshop.

    Without a session code the page asks for one; with a code it asks who they are;
    with a personal link (code and resume token) it brings back their answers and
    actions. Every problem is shown as a sentence, never as a traceback.

    The page speaks the language of ``?lang=`` in its address, else the one the
    participant chose, else the session's; the menu in the session bar (or on the
    forms before it) switches it at any time, keeping everything typed.
    """

    def __init__(self, store: Store, query: PageQuery, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ic-app")
        self.store = store
        self.session: SessionInfo | None = None
        self.participant: Participant | None = None
        self.checklist: Checklist | None = None
        self.action_plan: ActionPlan | None = None
        self.bar: SessionBar | None = None
        self.autosaver: Autosaver | None = None
        self.watch: SessionWatch | None = None
        self._votes: VoteBoard | None = None
        self._group_view: GroupView | None = None
        self._agreement: AgreedAssessment | None = None
        self._group_plan: GroupPlan | None = None
        self.language = query.lang
        self._token = ""
        self._script = w.Output(layout=w.Layout(display="none"))
        self.status = StatusLine(language=query.lang)
        gone_after = Settings.from_env().page_gone_seconds
        self._poller = Poller(
            self.refresh, POLL_SECONDS, while_open=lambda: self.status.page_open(gone_after)
        )
        self.status.on_page_seen(self._poller.wake)
        self._attempts = Attempts("session code")
        self._address = ""
        self._link_attempts = Attempts("personal link")
        self._body = w.VBox()
        self.page_head = PageHead()
        self.children = (app_stylesheet(), self._script, self.page_head, self.status, self._body)
        self._open(query)

    @property
    def t(self) -> Translator:
        """The page's language: its messages, plurals, dates and numbers."""
        return translator(self.language)

    def _open(self, query: PageQuery) -> None:
        if not query.session:
            self._show(self._new_code_form())
            return
        session = self._find_session(query.session)
        if session is None:
            return
        self.language = query.lang or session.language
        if query.resume:
            try:
                participant = self.store.resume(session.code, query.resume)
            except StoreError:
                form = self._join_form(session)
                form.show_message(
                    self.t.gettext(
                        "This personal link does not match anyone in this session. Check that "
                        "the whole link was copied, or join again below."
                    )
                )
                return
            self.language = query.lang or participant.language or session.language
            self._start(session, participant, query.resume)
            return
        self._join_form(session)

    def _new_code_form(self, message: str = "") -> CodeForm:
        return CodeForm(
            self._open_code,
            message=message,
            sessions=self._listed_sessions(),
            language=self.language,
            on_language=self._choose_language,
        )

    def choose_language(self, language: str) -> None:
        """Speak ``language`` from now on (what the language menu does); what the person
        typed stays, in every field and as they typed it."""
        self._choose_language(language)

    def _choose_language(self, language: str) -> None:
        language = normalize(language)
        if language == normalize(self.language):
            return
        self.language = language
        self.status.speak(language)
        shown = self._body.children[0] if self._body.children else None
        if isinstance(shown, CodeForm):
            typed, message = shown.code.value, shown.message.value
            form = self._new_code_form()
            form.code.value = typed
            form.message.value = message
            self._replace(form)
        elif isinstance(shown, JoinForm) and self.session is not None:
            self._switch_join_form(shown, self.session)
        elif self.participant is not None and self.session is not None:
            self._switch_workbook(language)
        self._set_address(with_language(self._address, language))
        if self.autosaver is not None:
            self._show_status(self.autosaver.status)

    def _switch_join_form(self, shown: JoinForm, session: SessionInfo) -> None:
        form = self._join_form(session, show=False)
        for name in ("name", "city_choice", "city", "organisation", "role", "link"):
            getattr(form, name).value = getattr(shown, name).value
        form.as_new = shown.as_new
        if shown.returning.layout.display != "none":
            form.offer_return()
        form.message.value = shown.message.value
        self._replace(form)

    def _change_city(self, city: str) -> str:
        """Keep the city chosen in the session bar; "" or why it was refused."""
        assert self.session is not None and self.participant is not None
        try:
            self.participant = self.store.set_participant_city(
                self.session.code, self.participant.id, city
            )
        except StoreError as error:
            return self.t.sentence(error.template, error.params)
        if self.bar is not None:
            self.bar.participant = f"{self.participant.name}, {self.participant.city}"
        return ""

    def _switch_workbook(self, language: str) -> None:
        """The workbook again in ``language``: what was typed is saved first, then read back."""
        assert self.session is not None and self.participant is not None
        previous = None
        if self.autosaver is not None:
            self.autosaver.flush()
            previous = self.autosaver.status
        try:
            self.participant = self.store.set_participant_language(
                self.session.code, self.participant.id, language
            )
        except StoreError:
            pass  # the page still switches; the choice is kept in the personal link
        tabs = getattr(self, "tabs", None)
        chosen = tabs.selected_index if tabs is not None else 0
        old = self._body.children
        self._start(self.session, self.participant, self._token)
        if previous is not None and self.autosaver is not None:
            self.autosaver.status = previous  # "Saved 14:03" stays, now in the new language
        if chosen is not None and chosen < len(self.tabs.children):
            self.tabs.selected_index = chosen
        for widget in old:
            _close_all(widget)

    def _replace(self, widget: w.Widget) -> None:
        old = self._body.children
        self._show(widget)
        for shown in old:
            _close_all(shown)

    def _listed_sessions(self) -> tuple[tuple[str, str], ...]:
        if not Settings.from_env().show_sessions:
            return ()
        return tuple((info.code, info.title) for info in self.store.sessions())

    def _find_session(self, code: str) -> SessionInfo | None:
        refused = self._attempts.refusal(self.t)
        if refused:
            self._code_form(refused)
            return None
        try:
            session = self.store.session(code)
        except StoreUnreachable as error:
            self._code_form(self.t.sentence(error.template, error.params))
            return None
        except StoreError:
            self._attempts.failed(code)
            self._code_form(
                self.t.gettext("There is no session with the code “{code}”.").format(
                    code=code.strip()
                )
            )
            return None
        self._attempts.succeeded()
        return session

    def _code_form(self, message: str) -> None:
        """Say why on the code form, reusing the one on the page: each wrong code typed
        would otherwise leave a whole form of widgets behind in the kernel."""
        shown = self._body.children[0] if self._body.children else None
        if isinstance(shown, CodeForm):
            shown.show_message(message)
        else:
            self._show(self._new_code_form(message))

    def _open_code(self, code: str) -> None:
        session = self._find_session(code)
        if session is not None:
            self.language = self.language or session.language
            self._set_address(with_language(f"?session={session.code}", normalize(self.language)))
            self._join_form(session)

    def _join_form(self, session: SessionInfo, show: bool = True) -> JoinForm:
        self.session = session

        def join(details: JoinDetails) -> None:
            if not form.as_new and self._already_joined(session.code, details):
                form.offer_return()
                return
            try:
                participant, token = self.store.join(
                    session.code,
                    details.name,
                    details.city,
                    details.organisation,
                    details.role,
                    language=normalize(self.language),
                )
            except StoreError as error:
                form.show_message(self.t.sentence(error.template, error.params))
                return
            self._start(session, participant, token)

        def bring_back(link: str) -> None:
            refused = self._link_attempts.refusal(self.t)
            if refused:
                form.show_message(refused)
                return
            token = PageQuery.parse(urlsplit(link).query).resume or link
            try:
                participant = self.store.resume(session.code, token)
            except StoreError:
                self._link_attempts.failed(link)
                form.show_message(
                    self.t.gettext(
                        "This personal link does not match anyone in this session. Check that "
                        "the whole link was copied, or join as a new participant."
                    )
                )
                return
            self._link_attempts.succeeded()
            self.language = PageQuery.parse(urlsplit(link).query).lang or (
                participant.language or self.language
            )
            self._start(session, participant, token)

        form = JoinForm(
            session.title,
            join,
            on_link=bring_back,
            language=self.language,
            on_language=self._choose_language,
            cities=session_cities(session.mentor_city, session.mentee_city),
        )
        if show:
            self._show(form)
        return form

    def _already_joined(self, code: str, details: JoinDetails) -> bool:
        wanted = details_key(details.name, details.city, details.organisation, details.role)
        return any(key_of(person) == wanted for person in self.store.participants(code))

    def _start(self, session: SessionInfo, participant: Participant, token: str) -> None:
        self.session, self.participant, self._token = session, participant, token
        # Seen before anything is read, so a change made meanwhile is found by the next look.
        self.watch = SessionWatch(self.store, session.code)
        self.watch.seen()
        language = normalize(self.language)
        self.language = language
        framework = framework_in_language(self.store.framework(session.code), language)
        link = personal_query(session.code, token, language)
        self._set_address(link)
        self.status.reopen = link
        self.status.speak(language)
        self.bar = SessionBar(
            language=language,
            on_language=self._choose_language,
            cities=session_cities(session.mentor_city, session.mentee_city),
            city=participant.city,
            on_city=self._change_city,
            title=session.title,
            participant=f"{participant.name}, {participant.city}",
            link=link,
        )
        self.autosaver = Autosaver(
            self._write,
            self._show_status,
            self._saved,
            self._refused,
            describe=lambda error: self.t.sentence(error.template, error.params),
        )
        self._show_status(self.autosaver.status)
        # The browser keeps unsaved edits under this key and sends them again on reopen.
        storage_key = f"{session.code}/{participant.id}"
        self.checklist = Checklist(framework, storage_key=storage_key, language=language)
        self.checklist.load(
            [entry.answer for entry in self.store.answers(session.code, participant.id)]
        )
        self.action_plan = ActionPlan(
            framework, checklist=self.checklist, storage_key=storage_key, language=language
        )
        self.action_plan.load(
            [entry.action for entry in self.store.actions(session.code, participant.id)]
        )
        self.checklist.on_edit(self.autosaver.add)
        self.action_plan.on_edit(self.autosaver.add)
        # Built when first needed: the tabs and panels a page does not open at once cost
        # it nothing until then (each is a model with its own code and stylesheet).
        self._framework, self._storage_key = framework, storage_key
        self._discard_parts()
        self._answers_page, self._votes_page = w.VBox(), w.VBox()
        self.tabs = w.Tab(
            children=[self.checklist, self.action_plan, self._answers_page, self._votes_page]
        )
        _ = self.t.gettext
        titles = (_("Self-assessment"), _("Action plan"), _("My answers"), _("Votes"))
        for index, title in enumerate(titles):
            self.tabs.set_title(index, title)
        self.tabs.add_class("ic-tabs")
        self.tabs.observe(lambda _change: self._opened_tab(), "selected_index")
        self._banner = w.HTML()
        self._show(w.VBox([self.bar, self._banner, self.tabs]))
        self._follow_session(session)
        self._poller.start()

    def _discard_parts(self) -> None:
        """Forget the parts built for an earlier language (the next use builds them again),
        closing those no tab shows; the shown ones close with the page they are on."""
        tabs = getattr(self, "tabs", None)
        shown = tabs.children if tabs is not None else ()
        for part in (self._votes, self._group_view, self._agreement, self._group_plan):
            if part is not None and part not in shown:
                part.close()
        self._votes = self._group_view = self._agreement = self._group_plan = None

    @property
    def votes(self) -> VoteBoard:
        """The Votes tab's board, built when it is first needed."""
        if self._votes is None:
            self._votes = VoteBoard(self._framework, language=self.language)
            self._votes.on_vote(self._vote)
            self._votes_page.children = (self._votes,)
        return self._votes

    @property
    def group_view(self) -> GroupView:
        """The everyone's-answers tab, built when the facilitator first shows results."""
        if self._group_view is None:
            self._group_view = GroupView(self._framework, language=self.language)
        return self._group_view

    @property
    def agreement(self) -> AgreedAssessment:
        """What the group agreed: a tab shown only while this person is the note-taker."""
        if self._agreement is None:
            assert self.session is not None and self.autosaver is not None
            self._agreement = AgreedAssessment(
                self._framework, language=self.language, storage_key=self._storage_key
            )
            self._agreement.load(self.store.agreed(self.session.code))
            self._agreement.on_edit(self.autosaver.add)
        return self._agreement

    @property
    def group_plan(self) -> GroupPlan:
        """The group's plan: a tab shown only while this person is the note-taker."""
        if self._group_plan is None:
            assert self.autosaver is not None
            self._group_plan = GroupPlan(
                self._framework, language=self.language, storage_key=self._storage_key
            )
            self._group_plan.on_edit(self.autosaver.add)
            self._group_plan.on_take(self._take_into_plan)
            self._group_plan.on_remove(self._remove_from_plan)
            self._group_plan.on_merge(self._merge_plan_actions)
        return self._group_plan

    def refresh(self) -> None:
        """Follow the facilitator's switches (locked answers, results shown or hidden) and
        what this person saved in another tab or on another device; nothing is read while
        the session has not changed."""
        if self.session is None or self.watch is None or not self.watch.look():
            return
        self._follow_session(self.store.session(self.session.code))
        if self.participant and self.checklist is not None and self.action_plan is not None:
            code, participant_id = self.session.code, self.participant.id
            self.checklist.apply_saved(e.answer for e in self.store.answers(code, participant_id))
            saved = [entry.action for entry in self.store.actions(code, participant_id)]
            self.action_plan.apply_saved(saved, complete=True)

    def _follow_session(self, session: SessionInfo) -> None:
        self.session = session
        self._apply_lock(session.locked)
        locked = self.t.gettext(
            "The facilitator has locked the answers: you can read them but not change them."
        )
        self._banner.value = (
            f'<div class="ic-banner" role="status">{escape(locked)}</div>' if session.locked else ""
        )
        pages = list(self.tabs.children)
        if session.results_visible:
            self._show_group()
            if self.group_view not in pages:
                self.tabs.children = (*pages, self.group_view)
                self.tabs.set_title(len(pages), self.t.gettext("Group view"))
        elif self._group_view in pages:
            if self.tabs.selected_index == pages.index(self._group_view):
                self.tabs.selected_index = 0
            self.tabs.children = tuple(page for page in pages if page is not self._group_view)
        self._follow_note_taker(session)
        self._show_votes()

    def _opened_tab(self) -> None:
        """*My answers* is built the first time it is opened; *Votes* is read each time."""
        pages = self.tabs.children
        index = self.tabs.selected_index
        if index is not None and pages[index] is self._answers_page:
            if not self._answers_page.children:
                self._answers_page.children = self._my_answers()
        self._show_votes()

    def _show_votes(self) -> None:
        """The gaps and drafts to vote for and everyone's votes, read while the Votes tab
        is open (when it is opened, and at each change of the session the page's refresh
        finds: a vote, a draft, an agreed result): a room of pages typing does not read
        every draft every second."""
        assert self.session is not None and self.participant is not None
        pages = list(self.tabs.children)
        if self._votes_page not in pages:
            return
        if self.tabs.selected_index != pages.index(self._votes_page):
            return
        code, me = self.session.code, self.participant.id
        names = {person.id: person.name for person in self.store.participants(code)}
        drafts = [
            Draft(entry.participant_id, names[entry.participant_id], entry.action)
            for entry in self.store.actions(code)
            if entry.participant_id in names and entry.action.title.strip()
        ]
        tally = self.store.tally(code)
        self.votes.show(
            self.store.agreed(code), drafts, tally.counts, tally.given.get(me, {}), tally.left(me)
        )

    def _show_plan(self) -> None:
        """The note-taker's copy of the group's plan, as the facilitator's page shows it."""
        assert self.session is not None
        code = self.session.code
        names = {person.id: person.name for person in self.store.participants(code)}
        drafts = [
            Draft(entry.participant_id, names[entry.participant_id], entry.action)
            for entry in self.store.actions(code)
            if entry.participant_id in names and entry.action.title.strip()
        ]
        self.group_plan.show_room(drafts, self.store.agreed(code), self.store.tally(code).counts)
        self.group_plan.apply_saved(self.store.plan(code), complete=True)

    def _take_into_plan(self, drafts: list[DraftRef], into: str | None) -> None:
        assert self.session is not None and self.participant is not None
        me = Recorder(participant_id=self.participant.id)
        try:
            self.store.take_into_plan(self.session.code, me, drafts, into)
        except StoreError as error:
            self.group_plan.show_refused("take", "", self.t.sentence(error.template, error.params))
            return
        self._show_plan()

    def _remove_from_plan(self, plan_id: str) -> None:
        assert self.session is not None and self.participant is not None
        me = Recorder(participant_id=self.participant.id)
        try:
            self.store.remove_from_plan(self.session.code, me, plan_id)
        except StoreError as error:
            sentence = self.t.sentence(error.template, error.params)
            self.group_plan.show_refused(f"plan:{plan_id}", "", sentence)
            return
        self._show_plan()

    def _merge_plan_actions(self, keep: str, other: str) -> None:
        assert self.session is not None and self.participant is not None
        me = Recorder(participant_id=self.participant.id)
        try:
            self.store.merge_plan_actions(self.session.code, me, keep, other)
        except StoreError as error:
            sentence = self.t.sentence(error.template, error.params)
            self.group_plan.show_refused(f"plan:{other}", "", sentence)
            return
        self._show_plan()

    def _vote(self, target: str, change: int) -> None:
        assert self.session is not None and self.participant is not None
        try:
            self.store.vote(self.session.code, self.participant.id, target, change)
        except StoreError as error:
            self.votes.show_refused(target, self.t.sentence(error.template, error.params))
        self._show_votes()

    def _follow_note_taker(self, session: SessionInfo) -> None:
        """The note-taker records what the group agreed on a tab of their own page."""
        assert self.participant is not None
        pages = list(self.tabs.children)
        if session.note_taker_id == self.participant.id:
            everyone = [entry.answer for entry in self.store.answers(session.code)]
            self.agreement.show_group(count_answers(everyone), {})
            self.agreement.apply_saved(self.store.agreed(session.code))
            self._show_plan()
            for page, title in (
                (self.agreement, self.t.gettext("Agreed assessment")),
                (self.group_plan, self.t.gettext("Group plan")),
            ):
                if page not in pages:
                    pages.append(page)
                    self.tabs.children = tuple(pages)
                    self.tabs.set_title(len(pages) - 1, title)
        elif self._agreement in pages:
            shown = pages[self.tabs.selected_index or 0]
            taken = (self._agreement, self._group_plan)
            if shown in taken:
                self.tabs.selected_index = 0
            self.tabs.children = tuple(page for page in pages if page not in taken)

    def _show_group(self) -> None:
        assert self.session is not None and self.checklist is not None
        everyone = [entry.answer for entry in self.store.answers(self.session.code)]
        mine = {answer.item_id: answer for answer in self.checklist.answers}
        self.group_view.show(count_answers(everyone), mine)
        agreed = agreed_view(self.checklist.framework, self.store.agreed(self.session.code))
        if agreed != self.group_view.agreed:
            self.group_view.agreed = agreed

    def _my_answers(self) -> tuple[w.Widget, w.Widget]:
        assert self.session is not None and self.participant is not None
        code, participant_id = self.session.code, self.participant.id
        language = self.language
        _ = self.t.gettext
        files = Files(
            lambda: participant_downloads(self.store, code, participant_id, language),
            intro=_(
                "Your answers are saved on this server as you type. If this page runs on "
                "Binder or another temporary server, download your answers and actions before "
                "you close it, and send them to your facilitator."
            ),
            language=language,
        )
        files.prepare_button.description = _("Prepare my answers for download")
        assert self.checklist is not None
        history = NoteHistory(
            self.checklist.framework,
            lambda: self.store.note_versions(code, participant_id),
            self._bring_back,
            language=language,
        )
        return files, history

    def _bring_back(self, item_id: str, field: str, text: str) -> str:
        """Make an earlier text current again, saved at once; a sentence says so."""
        assert self.session is not None and self.participant is not None
        assert self.checklist is not None
        code, pid = self.session.code, self.participant.id
        current = [e.answer for e in self.store.answers(code, pid) if e.answer.item_id == item_id]
        base = current[0].version if current else 0
        try:
            result = self.store.save_edit(
                code, pid, AnswerEdit(item_id, {field: text}, base, datetime.now(UTC))
            )
        except StoreError as error:
            return self.t.sentence(error.template, error.params)
        if isinstance(result.record, Answer):
            self.checklist.apply_saved([result.record])  # the page shows the text brought back
        self.checklist.show_saved(result)
        words = self.t.gettext(FIELD_WORDS.get(field, field))
        return self.t.gettext(
            "The earlier {field} is current again; the one it replaced is kept."
        ).format(field=words)

    def _widget_for(self, key: str) -> Checklist | ActionPlan | AgreedAssessment | GroupPlan | None:
        if key.startswith("agreed:"):
            return self.agreement
        if key.startswith("plan:"):
            return self.group_plan
        return self.checklist if key.startswith("answer:") else self.action_plan

    def _saved(self, result: SaveResult) -> None:
        # The record as saved may hold fields another tab changed: they show here at once
        # (never over a field changed here and not saved yet).
        record = result.record
        if isinstance(record, Answer) and self.checklist is not None:
            self.checklist.apply_saved([record])
        elif isinstance(record, Action) and self.action_plan is not None:
            self.action_plan.apply_saved([record])
        elif isinstance(record, AgreedResult):
            self.agreement.apply_saved([record])
            self.agreement.show_saved_record(record)
        elif isinstance(record, PlanAction):
            self.group_plan.apply_saved([record])
        widget = self._widget_for(result.key)
        if widget is not None:
            widget.show_saved(result)

    def _refused(self, key: str, error: ChangeRefused) -> None:
        widget = self._widget_for(key)
        if widget is not None:
            widget.show_refused(key, error.field, self.t.sentence(error.template, error.params))

    def _write(self, edit: Edit) -> SaveResult:
        assert self.session is not None and self.participant is not None
        return self.store.save_edit(self.session.code, self.participant.id, edit)

    def _show_status(self, status: SaveStatus) -> None:
        if status.refused and status.state is SaveState.SAVED:
            # The sentence itself is beside its field; the status only points there.
            self.status.state = "refused"
            self.status.text = self.t.ngettext(
                "{n} change not saved: see the message beside it",
                "{n} changes not saved: see the messages beside them",
                status.refused,
            ).format(n=self.t.format_number(status.refused))
            return
        self.status.state = status.state.value
        self.status.text = status.say(self.t)

    def _apply_lock(self, locked: bool) -> None:
        for widget in (self.checklist, self.action_plan):
            if widget is not None:
                widget.read_only = locked

    def _show(self, widget: w.Widget) -> None:
        self._body.children = (widget,)
        if self.session is not None and self.participant is not None:
            self.page_head.describe(self.language, self.session.title, self.participant.name)
        else:
            self.page_head.describe(self.language, self.t.gettext("Join the session"))

    def _set_address(self, query: str) -> None:
        """Put the personal link in the address bar, so that a reload resumes."""
        self._address = query
        self._run_script(f"window.history.replaceState(null, '', {json.dumps(query)});")

    def _run_script(self, script: str) -> None:
        with self._script:
            display(Javascript(script))  # type: ignore[no-untyped-call]


def _close_all(widget: w.Widget) -> None:
    """Close a widget and everything inside it, so a page drawn again leaves nothing behind."""
    for child in getattr(widget, "children", ()):
        _close_all(child)
    widget.close()
