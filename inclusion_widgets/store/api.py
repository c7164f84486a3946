"""The store that every kernel of a workshop shares: one object, chosen by URL.

Each method is one short transaction. Writes on SQLite begin with ``BEGIN
IMMEDIATE`` and wait for the lock (busy timeout); a write that still meets a lock,
a PostgreSQL serialization failure or a race on a unique row is run again, so
many kernels saving at once never see an error. Whatever cannot be done comes
back as a :class:`StoreError` sentence, and nothing is half-written.

For imports, :meth:`Store.transaction` gives one transaction for many writes::

    with store.transaction() as tx:
        for person, answers in incoming:
            participant, _token = tx.join(code, person.name, person.city, ..., allow_locked=True)
            for answer in answers:
                tx.merge_answer(code, participant.id, answer)   # newer updated_at wins

Either every write of the block is committed or, if anything raises, none is.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from inclusion_widgets.config import Settings
from inclusion_widgets.edits import AgreedEdit, Edit, PlanEdit, SaveResult
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, SOURCE_LANGUAGE
from inclusion_widgets.records import Action, AgreedResult, Answer, PlanAction, Vote
from inclusion_widgets.store.agreeing import save_agreed
from inclusion_widgets.store.engine import BEGIN_OPTION, make_engine
from inclusion_widgets.store.errors import NO_MATCH, StoreError, StoreUnreachable
from inclusion_widgets.store.migrate import upgrade
from inclusion_widgets.store.models import (
    HistoryEntry,
    MergeOutcome,
    NoteVersion,
    Participant,
    ParticipantAction,
    ParticipantAnswer,
    Recorder,
    Room,
    SessionInfo,
    Tally,
)
from inclusion_widgets.store.names import distinct_names
from inclusion_widgets.store.notices import ChangeNotices, Subscription
from inclusion_widgets.store.planning import (
    DraftRef,
    merge_plan_actions,
    remove_from_plan,
    save_plan,
    take_into_plan,
)
from inclusion_widgets.store.reading import Reader
from inclusion_widgets.store.saving import save_edit
from inclusion_widgets.store.tokens import Authority, hash_key, same_hash
from inclusion_widgets.store.transaction import Transaction, utc_now
from inclusion_widgets.store.voting import fold_votes, set_votes_each, vote

T = TypeVar("T")

RETRY_SECONDS = 120.0
"""How long a write keeps trying when the database is busy before it gives up."""
UNIQUE_RACE_RETRIES = 3
_BUSY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock timeout


def _busy(error: DBAPIError) -> bool:
    if getattr(error.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    message = str(error.orig).lower()
    return isinstance(error, OperationalError) and ("locked" in message or "busy" in message)


UNREACHABLE = N_(
    "The store could not be reached or stayed busy; nothing was saved. Please try again."
)


class Store:
    """Sessions, participants, answers, actions and their history, in one database.

    ``Store()`` opens the database named by ``INCLUSION_DB_URL`` (a SQLite file in
    the working directory by default) and upgrades its schema to the newest version.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or Settings.from_env().db_url
        self._engine = make_engine(self.url)
        self._frameworks: dict[int, Framework] = {}
        self._notices: ChangeNotices | None = None
        self._run(lambda: upgrade(self._engine))

    def close(self) -> None:
        """Give back the database connections (the store can be opened again)."""
        if self._notices is not None:
            self._notices.close()
            self._notices = None
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self._engine.url.render_as_string(hide_password=True)!r})"

    # -- transactions ---------------------------------------------------------

    def _run(self, work: Callable[[], T]) -> T:
        deadline = time.monotonic() + RETRY_SECONDS
        races = 0
        while True:
            try:
                return work()
            except IntegrityError as error:
                races += 1
                if races >= UNIQUE_RACE_RETRIES:
                    raise StoreError(
                        N_("The store refused a change that conflicts with another.")
                    ) from error
            except DBAPIError as error:
                lost = isinstance(error, OperationalError) or error.connection_invalidated
                if not lost and not _busy(error):
                    raise  # a programming error, not the database's state
                if not _busy(error) or time.monotonic() > deadline:
                    raise StoreUnreachable(UNREACHABLE) from error
            time.sleep(random.uniform(0.005, 0.05))  # noqa: S311 -- jitter, not a secret

    def _read(self, work: Callable[[Reader], T]) -> T:
        def once() -> T:
            with self._engine.connect() as connection:
                return work(Reader(connection, self._frameworks))

        return self._run(once)

    def _write(self, work: Callable[[Transaction], T]) -> T:
        def once() -> T:
            with self._transaction() as tx:
                return work(tx)

        return self._run(once)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction for many changes (imports): all are committed, or none.

        The block is not run again on a conflict; on SQLite it holds the write lock
        from the start, so keep it to writing what was validated beforehand.
        """
        try:
            with self._transaction() as tx:
                yield tx
        except OperationalError as error:
            raise StoreUnreachable(UNREACHABLE) from error

    @contextmanager
    def _transaction(self) -> Iterator[Transaction]:
        with self._engine.connect() as plain:
            connection = plain.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                yield Transaction(connection, self._frameworks)

    # -- sessions -------------------------------------------------------------

    def create_session(
        self,
        framework: Framework,
        title: str,
        mentor_city: str = "",
        mentee_city: str = "",
        theme: str = "",
        baseline: str | None = None,
        language: str = SOURCE_LANGUAGE,
    ) -> tuple[SessionInfo, str]:
        """A new session and its facilitator key; the key is shown once and kept only hashed.

        ``language`` is the interface language its pages open in unless a person
        chooses another."""
        return self._write(
            lambda tx: tx.create_session(
                framework, title, mentor_city, mentee_city, theme, baseline, language=language
            )
        )

    def session(self, code: str) -> SessionInfo:
        return self._read(lambda r: r.session(code))

    def sessions(self) -> list[SessionInfo]:
        return self._read(lambda r: r.sessions())

    def framework(self, code: str) -> Framework:
        """The framework as it was when the session was created (not the file as it is now)."""
        return self._read(lambda r: r.framework(code))

    def check_key(self, code: str, key: str) -> bool:
        """Whether ``key`` is the facilitator key of ``code``; False for a code no session has."""

        def check(reader: Reader) -> bool:
            try:
                row = reader.session_row(code)
            except StoreError:
                return False
            return same_hash(row.key_hash, hash_key(key))

        return self._read(check)

    def require_key(self, code: str, key: str) -> None:
        """Raise the same sentence for a wrong key as for a code no session has."""
        if not self.check_key(code, key):
            raise StoreError(NO_MATCH)

    # -- the room's screen ----------------------------------------------------

    def presenter_key(self, code: str, key: str) -> str:
        """The key of the session's room screen (the presenter view), for its facilitator
        (``key``) to share. It opens the room screen only, never the dashboard; the store
        keeps its hash, and the facilitator's key gives it again at any time."""
        return self._write(lambda tx: tx.presenter_key(code, key))

    def open_room(self, code: str, key: str) -> SessionInfo:
        """The session, if ``key`` is its presenter key or its facilitator key; otherwise a
        :class:`StoreError` with the same sentence for a wrong key as for an unknown code."""
        return self._read(lambda r: r.open_room(code, key))

    def room(self, code: str) -> Room:
        """What the facilitator chose to show on the room's screen."""
        return self._read(lambda r: r.room(code))

    def set_room(self, code: str, key: str, room: Room) -> Room:
        """Show ``room`` on the room's screen (the facilitator's key only); an item the
        session's framework does not have is refused with a sentence."""
        return self._write(lambda tx: tx.set_room(code, key, room))

    def set_locked(self, code: str, key: str, locked: bool) -> SessionInfo:
        """Lock (read-only for participants) or unlock a session.

        A locked session still accepts edits a person made before the moment it was
        locked (``SessionInfo.locked_at``) that arrive later; see :meth:`saved_after_lock`.
        """
        return self._write(lambda tx: tx.set_flag(code, key, "locked", locked))

    def saved_after_lock(self, code: str) -> int:
        """How many participants had text in flight when the session was locked that the
        store has saved since (changes they made before the lock, arriving after it).

        0 when the session is not locked. The facilitator's page polls it after locking
        and says, e.g., "2 people were still typing when you locked; their text is saved."
        """
        return self._read(lambda r: r.saved_after_lock(code))

    def set_results_visible(self, code: str, key: str, visible: bool) -> SessionInfo:
        """Show or hide the group's results on participants' pages."""
        return self._write(lambda tx: tx.set_flag(code, key, "results_visible", visible))

    def create_followup(self, code: str, key: str, title: str) -> tuple[SessionInfo, str]:
        """A new round linked to this session as its baseline; returns it with its own key."""
        return self._write(lambda tx: tx.create_followup(code, key, title))

    def change_token(self, code: str) -> int:
        """A number that changes whenever anything of the session changes, and only then.

        Every change (an answer, an action, a join, a flag, an agreed result) bumps it in
        the transaction that makes the change, so a change committed by any process or
        connection is seen by the next look. One query by primary key: cheap enough to
        ask several times a second. Tokens of one session only compare for equality.
        """
        return self._read(lambda r: r.change_token(code))

    def subscribe(self) -> Subscription | None:
        """Notices of changes, as they are committed by any process (PostgreSQL's
        LISTEN/NOTIFY); None where the database sends none (SQLite): then ask
        :meth:`change_token`. Subscribe before reading what the notices are about, so
        that nothing committed in between goes unheard."""
        if self._engine.dialect.name != "postgresql":
            return None
        if self._notices is None:
            self._notices = ChangeNotices(self._engine)
        return self._notices.subscribe()

    def changed_since(self, code: str, since: int | None) -> int | None:
        """The session's change token if it differs from ``since`` (or ``since`` is None),
        else None: a page keeps the token it got and asks again with it."""
        token = self.change_token(code)
        return None if token == since else token

    # -- participants ---------------------------------------------------------

    def join(
        self,
        code: str,
        name: str,
        city: str = "",
        organisation: str = "",
        role: str = "",
        language: str = "",
    ) -> tuple[Participant, str]:
        """A new participant and their resume token, which is shown once and kept only hashed.

        ``language`` is the interface language they chose ("": the session's)."""
        return self._write(
            lambda tx: tx.join(code, name, city, organisation, role, language=language)
        )

    def set_participant_language(
        self, code: str, participant_id: int, language: str
    ) -> Participant:
        """Keep the interface language a participant switched to; their notes stay as typed."""
        return self._write(lambda tx: tx.set_participant_language(code, participant_id, language))

    def set_participant_city(self, code: str, participant_id: int, city: str) -> Participant:
        """Keep the city a participant chose anew (from their session bar)."""
        return self._write(lambda tx: tx.set_participant_city(code, participant_id, city))

    def resume(self, code: str, resume_token: str) -> Participant:
        return self._read(lambda r: r.resume(code, resume_token))

    def participants(self, code: str, include_removed: bool = False) -> list[Participant]:
        return self._read(lambda r: r.participants(code, include_removed))

    def remove_participant(self, code: str, key: Authority, participant_id: int) -> None:
        """Take a participant's answers and actions out of the session; history keeps them."""
        self._write(lambda tx: tx.remove_participant(code, key, participant_id))

    def merge_participants(
        self, code: str, key: Authority, keep_id: int, other_id: int
    ) -> Counter[MergeOutcome]:
        """Fold someone who joined twice into one participant; see
        :meth:`Transaction.merge_participants`."""

        def merge(tx: Transaction) -> Counter[MergeOutcome]:
            outcomes = tx.merge_participants(code, key, keep_id, other_id)
            fold_votes(tx, code, keep_id, other_id, utc_now())
            return outcomes

        return self._write(merge)

    # -- answers and actions --------------------------------------------------

    def save_answer(
        self, code: str, participant_id: int, answer: Answer, updated_at: datetime | None = None
    ) -> Answer:
        """Save an answer and return it stamped with the time it was saved (UTC)."""
        return self._write(lambda tx: tx.save_answer(code, participant_id, answer, updated_at))

    def save_edit(self, code: str, participant_id: int, edit: Edit) -> SaveResult:
        """Merge one edit of a participant's page into their answer or action.

        Field by field: a field the edit does not carry is never written. A field that
        the page saw as it is now (its version <= ``edit.base_version``) takes the
        edit's value. A field another tab changed since then: the newer ``edited_at``
        is current, the other value stays in the history, and the result carries a
        :class:`~inclusion_widgets.edits.Conflict` for it, so both texts are reachable.
        A stale edit (older than what is stored for a field, or than the removal of its
        card) never overwrites newer data; it is kept in the history.

        ``edited_at`` must be timezone-aware; a time ahead of the server's clock counts
        as now. Removing a card that was never saved returns ``record=None``. Raises
        :class:`ChangeRefused` (with ``.field``) for a change that cannot be kept as it
        is (checks of :mod:`inclusion_widgets.checks`, a session locked before the edit
        was made, an unknown participant) and :class:`StoreUnreachable` when the
        database cannot be reached or stays busy.
        """
        return self._write(lambda tx: save_edit(tx, code, participant_id, edit, utc_now()))

    def note_versions(self, code: str, participant_id: int) -> dict[str, tuple[NoteVersion, ...]]:
        """Per item id, the earlier distinct texts of the participant's note and evidence
        (not the current ones), newest first, each with the time it was written.

        Texts that lost to a newer one from another tab are among them. Bringing one
        back is an ordinary :class:`~inclusion_widgets.edits.AnswerEdit`.
        """
        return self._read(lambda r: r.note_versions(code, participant_id))

    def clear_answer(self, code: str, participant_id: int, item_id: str) -> None:
        self._write(lambda tx: tx.clear_answer(code, participant_id, item_id))

    def answers(self, code: str, participant_id: int | None = None) -> list[ParticipantAnswer]:
        return self._read(lambda r: r.answers(code, participant_id))

    def save_action(
        self, code: str, participant_id: int, action: Action, updated_at: datetime | None = None
    ) -> Action:
        return self._write(lambda tx: tx.save_action(code, participant_id, action, updated_at))

    def delete_action(self, code: str, participant_id: int, action_id: str) -> None:
        self._write(lambda tx: tx.delete_action(code, participant_id, action_id))

    def actions(self, code: str, participant_id: int | None = None) -> list[ParticipantAction]:
        return self._read(lambda r: r.actions(code, participant_id))

    def history(
        self, code: str, participant_id: int | None = None, item_id: str | None = None
    ) -> list[HistoryEntry]:
        """Every change, oldest first; ``item_id`` narrows it to the answers to that item."""
        return self._read(lambda r: r.history(code, participant_id, item_id))

    def pair_across_rounds(
        self, code: str, key: Authority, baseline_id: int, followup_id: int
    ) -> None:
        """Pair a participant of the follow-up ``code`` with one of its baseline round (the
        facilitator's answer to a name the rounds could not match); needs ``code``'s key."""
        self._write(lambda tx: tx.pair_across_rounds(code, key, baseline_id, followup_id))

    def round_pairs(self, code: str) -> list[tuple[int, int]]:
        """The pairs made for follow-up ``code``: (baseline participant id, follow-up id)."""
        return self._read(lambda r: r.round_pairs(code))

    def round_pairs_by_name(self, code: str) -> list[tuple[str, str]]:
        """The pairs made for follow-up ``code`` by the names tables show ("Ana (2)"):
        (name at baseline, name at follow-up); pairs with someone since removed are left out."""
        session = self.session(code)
        if not session.baseline_code:
            return []
        before = distinct_names(self.participants(session.baseline_code))
        after = distinct_names(self.participants(code))
        return [
            (before[old], after[new])
            for old, new in self.round_pairs(code)
            if old in before and new in after
        ]

    # -- what the group agreed -------------------------------------------------

    def set_note_taker(self, code: str, key: Authority, participant_id: int | None) -> SessionInfo:
        """Name the participant who may record what the group agreed, besides the
        facilitator (``None``: only the facilitator); see ``SessionInfo.note_taker_id``."""
        return self._write(lambda tx: tx.set_note_taker(code, key, participant_id))

    def save_agreed(self, code: str, recorder: Recorder, edit: AgreedEdit) -> SaveResult:
        """Merge one edit of the group's agreed result for an item, as :meth:`save_edit`
        merges a participant's: field by field, a stale edit never overwriting newer data,
        every state and every value that met a newer one kept in the history.

        ``recorder`` is the facilitator (with the key) or the named note-taker; anyone
        else, a wrong key, an item that is not scored or a level off its scale is
        refused with :class:`ChangeRefused` and a sentence. A locked session still takes
        agreed results: the lock stops participants' answers, not the agreement.
        """
        return self._write(lambda tx: save_agreed(tx, code, recorder, edit, utc_now()))

    def agreed(self, code: str) -> list[AgreedResult]:
        """The agreed results recorded for the session (items not in it: not agreed yet)."""
        return self._read(lambda r: r.agreed(code))

    # -- the group's plan and the votes -----------------------------------------

    def take_into_plan(
        self,
        code: str,
        recorder: Recorder,
        drafts: Sequence[DraftRef],
        into: str | None = None,
    ) -> SaveResult:
        """Take participants' draft actions into the group's plan: one draft becomes a
        plan action, several are merged into one, or they are merged ``into`` a plan
        action already there. The plan action keeps every draft and proposer through
        merges. Refused with a sentence for anyone but the facilitator or the
        note-taker, a draft that is gone, or one already in the plan."""
        return self._write(lambda tx: take_into_plan(tx, code, recorder, drafts, into, utc_now()))

    def save_plan(self, code: str, recorder: Recorder, edit: PlanEdit) -> SaveResult:
        """Merge one edit of a plan action, as :meth:`save_agreed` merges agreed results:
        field by field, a stale edit never overwriting newer data, history kept;
        ``ChangeRefused`` (with ``.field``) for a change that cannot be kept."""
        return self._write(lambda tx: save_plan(tx, code, recorder, edit, utc_now()))

    def merge_plan_actions(
        self, code: str, recorder: Recorder, keep: str, other: str
    ) -> SaveResult:
        """Merge plan action ``other`` into ``keep`` (two that say the same thing): ``keep``
        gains its drafts, proposers, items and description, and the fields it leaves
        empty; ``other`` leaves the plan, kept in the history."""
        return self._write(
            lambda tx: merge_plan_actions(tx, code, recorder, keep, other, utc_now())
        )

    def remove_from_plan(self, code: str, recorder: Recorder, plan_id: str) -> None:
        """Take an action out of the plan (the history keeps it; its drafts can be taken
        again)."""
        self._write(lambda tx: remove_from_plan(tx, code, recorder, plan_id, utc_now()))

    def plan(self, code: str) -> list[PlanAction]:
        """The group's plan, in the order its actions were taken in."""
        return self._read(lambda r: r.plan(code))

    def set_votes_each(self, code: str, key: Authority, votes_each: int) -> SessionInfo:
        """How many votes each participant may spend (default 3); votes given stay."""
        self._write(lambda tx: set_votes_each(tx, code, key, votes_each))
        return self.session(code)

    def vote(self, code: str, participant_id: int, target: str, change: int = 1) -> Vote:
        """Give a vote to ``target`` (``gap:ITEM`` or ``draft:ACTION``), or take one back
        with ``change=-1``. Beyond the participant's number of votes it is refused with
        :class:`ChangeRefused` at the target, and nothing changes."""
        return self._write(lambda tx: vote(tx, code, participant_id, target, change, utc_now()))

    def tally(self, code: str) -> Tally:
        """Every vote of the session: per target, and per participant."""
        return self._read(lambda r: r.tally(code))

    def votes(self, code: str) -> list[tuple[int, Vote]]:
        """Each present participant's votes (participant id, vote), for exports."""
        return self._read(lambda r: r.votes(code))
