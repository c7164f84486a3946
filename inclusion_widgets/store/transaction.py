"""Every write of the store, done inside one transaction that the caller owns.

:class:`Store` runs each of its writes as a short transaction of its own. The
exchange layer opens one with ``Store.transaction()`` and calls these methods many
times, so that an import of many participants' answers lands all at once or not at
all. Each method checks its input before it writes anything and adds a history row
for every change, so an overwrite never destroys the earlier text.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import CursorResult, Row, Table, delete, insert, select, update

from inclusion_widgets import checks
from inclusion_widgets.checks import THE_ACTION, THE_AGREED, THE_ANSWER, THE_SESSION
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, SOURCE_LANGUAGE, Sentence
from inclusion_widgets.records import Action, AgreedResult, Answer
from inclusion_widgets.store import schema as t
from inclusion_widgets.store.changes import add_history, count_change
from inclusion_widgets.store.codec import action_json, answer_json, record_json
from inclusion_widgets.store.errors import NO_MATCH, ChangeRefused, StoreError
from inclusion_widgets.store.models import (
    Change,
    MergeOutcome,
    Participant,
    Room,
    Screen,
    SessionInfo,
    Subject,
)
from inclusion_widgets.store.reading import (
    Reader,
    action_of,
    agreed_of,
    answer_of,
    participant_of,
)
from inclusion_widgets.store.rows import row_values
from inclusion_widgets.store.tokens import (
    Authority,
    Operator,
    hash_key,
    hash_token,
    new_facilitator_key,
    new_resume_token,
    new_session_code,
    normalise_code,
    presenter_key_for,
    same_hash,
)
from inclusion_widgets.store.validation import (
    check_action,
    check_answer,
    check_language,
    check_line,
    check_merged_time,
    check_stamp,
    refuse,
)


def _upsert_of(dialect: str) -> Any:
    """The INSERT ... ON CONFLICT of the store's database ("sqlite" or "postgresql"),
    imported only for the database in use: the engine has loaded that dialect already,
    and a participant's kernel on SQLite need not load PostgreSQL's (about 50 ms)."""
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert


def _merge(
    incoming_at: datetime,
    current: Answer | Action | AgreedResult | None,
    incoming: Answer | Action | AgreedResult,
    put: Callable[[], object],
    keep_older: Callable[[], None],
) -> MergeOutcome:
    """The newer ``updated_at`` wins; an older incoming record goes to the history only."""
    if current is None:
        put()
        return MergeOutcome.ADDED
    if current == incoming:
        return MergeOutcome.SKIPPED
    if current.updated_at is not None and incoming_at <= current.updated_at:
        keep_older()
        return MergeOutcome.SKIPPED
    put()
    return MergeOutcome.UPDATED


def utc_now() -> datetime:
    return datetime.now(UTC)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


class Transaction(Reader):
    """Reads and writes of one open transaction; committed by whoever opened it."""

    # -- sessions -------------------------------------------------------------

    def create_session(
        self,
        framework: Framework,
        title: str,
        mentor_city: str = "",
        mentee_city: str = "",
        theme: str = "",
        baseline: str | None = None,
        code: str | None = None,
        created_at: datetime | None = None,
        language: str = SOURCE_LANGUAGE,
    ) -> tuple[SessionInfo, str]:
        """A new session (round 1, or the baseline's round + 1) and its facilitator key.

        ``code`` and ``created_at`` are for restoring an exported session; a new one
        gets a random code.
        """
        title = check_line("title", title, required=True)
        cities = [
            check_line(field, text)
            for field, text in (
                ("mentor_city", mentor_city),
                ("mentee_city", mentee_city),
                ("theme", theme),
            )
        ]
        check_stamp(Sentence(THE_SESSION), created_at)
        language = check_language(language)
        baseline_id, round_ = None, 1
        if baseline is not None:
            base = self.session_row(baseline)
            if base.framework_id != framework.id:
                raise StoreError(
                    N_(
                        "A follow-up of {code} must use its framework “{framework}”, not “{other}”."
                    ),
                    params=(
                        ("code", base.code),
                        ("framework", base.framework_id),
                        ("other", framework.id),
                    ),
                )
            baseline_id, round_ = base.id, base.round + 1
        if code is None:
            code = self._free_code()
        else:
            code = normalise_code(code)
            if not code or len(code) > t.sessions.c.code.type.length:  # type: ignore[attr-defined]
                raise StoreError(N_("“{code}” cannot be a session code."), params=(("code", code),))
            if self._code_taken(code):
                raise StoreError(
                    N_("There is already a session with the code “{code}”."),
                    params=(("code", code),),
                )
        key = new_facilitator_key()
        now = created_at or utc_now()
        session_id = _new_id(
            self.connection.execute(
                insert(t.sessions).values(
                    code=code,
                    title=title,
                    framework_id=framework.id,
                    framework_version=framework.version,
                    framework_snapshot=json.dumps(framework.to_dict(), ensure_ascii=False),
                    mentor_city=cities[0],
                    mentee_city=cities[1],
                    theme=cities[2],
                    round=round_,
                    baseline_id=baseline_id,
                    key_hash=hash_key(key),
                    presenter_key_hash=hash_key(presenter_key_for(key)),
                    created_at=now,
                    language=language,
                )
            )
        )
        self.history_entry(session_id, None, Subject.SESSION, code, Change.CREATE, {"title": title})
        return self.session(code), key

    def _code_taken(self, code: str) -> bool:
        found = self.connection.execute(select(t.sessions.c.id).where(t.sessions.c.code == code))
        return found.first() is not None

    def _free_code(self) -> str:
        while True:
            code = new_session_code()
            if not self._code_taken(code):
                return code

    def require_key(self, code: str, key: Authority) -> Row[Any]:
        try:
            row = self.session_row(code)
        except StoreError:
            raise StoreError(NO_MATCH) from None
        if not isinstance(key, Operator) and not same_hash(row.key_hash, hash_key(key)):
            raise StoreError(NO_MATCH)
        return row

    def set_flag(self, code: str, key: str, flag: str, value: bool) -> SessionInfo:
        row = self.require_key(code, key)
        if bool(getattr(row, flag)) != value:
            values: dict[str, Any] = {flag: value}
            if flag == "locked":
                values["locked_at"] = utc_now() if value else None
            self.connection.execute(
                update(t.sessions).where(t.sessions.c.id == row.id).values(values)
            )
            change = {
                ("locked", True): Change.LOCK,
                ("locked", False): Change.UNLOCK,
                ("results_visible", True): Change.SHOW_RESULTS,
                ("results_visible", False): Change.HIDE_RESULTS,
            }[flag, value]
            self.history_entry(row.id, None, Subject.SESSION, row.code, change, {})
        return self.session(code)

    def set_note_taker(self, code: str, key: Authority, participant_id: int | None) -> SessionInfo:
        """Name the participant who may record what the group agreed (None: nobody)."""
        row = self.require_key(code, key)
        if participant_id is not None:
            self.participant_row(row, participant_id)
        if row.note_taker_id != participant_id:
            self.connection.execute(
                update(t.sessions)
                .where(t.sessions.c.id == row.id)
                .values(note_taker_id=participant_id)
            )
            self.history_entry(
                row.id,
                None,
                Subject.SESSION,
                row.code,
                Change.NOTE_TAKER,
                {"participant_id": participant_id},
            )
        return self.session(code)

    def presenter_key(self, code: str, key: str) -> str:
        """The room screen's key, for the facilitator (``key``) to share; a session from
        before the room screen keeps its hash from now on."""
        row = self.require_key(code, key)
        presenter = presenter_key_for(key)
        if row.presenter_key_hash != hash_key(presenter):
            self.connection.execute(
                update(t.sessions)
                .where(t.sessions.c.id == row.id)
                .values(presenter_key_hash=hash_key(presenter))
            )
        return presenter

    def set_room(self, code: str, key: str, room: Room) -> Room:
        """Show ``room`` on the room's screen; only the facilitator chooses it."""
        row = self.require_key(code, key)
        if room.item_id and room.item_id not in {i.id for i in self.framework_of(row).items}:
            raise StoreError(
                N_("The framework of this session has no item “{item}”."),
                params=(("item", room.item_id),),
            )
        self.connection.execute(
            update(t.sessions)
            .where(t.sessions.c.id == row.id)
            .values(
                room_screen=Screen(room.screen).value,
                room_item=room.item_id,
                room_follow=room.follow,
                room_notes=room.notes,
                room_names=room.names,
            )
        )
        count_change(self.connection, row.id)
        return self.room(code)

    def pair_across_rounds(
        self, code: str, key: Authority, baseline_id: int, followup_id: int
    ) -> None:
        """Pair a participant of follow-up ``code`` with one of its baseline; a follow-up
        participant has one pair, so an earlier pair of theirs is replaced."""
        row = self.require_key(code, key)
        if row.baseline_id is None:
            raise StoreError(N_("This session is a first round: it has no baseline to pair with."))
        baseline = self.connection.execute(
            select(t.sessions).where(t.sessions.c.id == row.baseline_id)
        ).one()
        self.participant_row(baseline, baseline_id)
        self.participant_row(row, followup_id)
        pairs = t.round_pairs
        self.connection.execute(
            delete(pairs).where(
                pairs.c.session_id == row.id, pairs.c.followup_participant_id == followup_id
            )
        )
        self.connection.execute(
            insert(pairs).values(
                session_id=row.id,
                baseline_participant_id=baseline_id,
                followup_participant_id=followup_id,
                paired_at=utc_now(),
            )
        )
        self.history_entry(
            row.id,
            followup_id,
            Subject.PARTICIPANT,
            str(followup_id),
            Change.PAIR,
            {"baseline_participant_id": baseline_id},
        )

    def create_followup(self, code: str, key: str, title: str) -> tuple[SessionInfo, str]:
        """A new round linked to this one, with the same framework snapshot and cities."""
        base = self.require_key(code, key)
        return self.create_session(
            self.framework_of(base),
            title,
            mentor_city=base.mentor_city,
            mentee_city=base.mentee_city,
            theme=base.theme,
            baseline=base.code,
            language=base.language,
        )

    # -- participants ---------------------------------------------------------

    def join(
        self,
        code: str,
        name: str,
        city: str = "",
        organisation: str = "",
        role: str = "",
        joined_at: datetime | None = None,
        allow_locked: bool = False,
        language: str = "",
    ) -> tuple[Participant, str]:
        """A new participant and their resume token (the only time the token is seen)."""
        session = self.session_row(code)
        if not allow_locked:
            self._refuse_if_locked(session)
        fields = {
            "name": check_line("name", name, required=True),
            "city": check_line("city", city),
            "organisation": check_line("organisation", organisation),
            "role": check_line("role", role),
        }
        check_stamp(Sentence(N_("joining")), joined_at)
        language = check_language(language, required=False)
        token = new_resume_token()
        participant_id = _new_id(
            self.connection.execute(
                insert(t.participants).values(
                    session_id=session.id,
                    token_hash=hash_token(token),
                    joined_at=joined_at or utc_now(),
                    language=language,
                    **fields,
                )
            )
        )
        self.history_entry(
            session.id,
            participant_id,
            Subject.PARTICIPANT,
            str(participant_id),
            Change.JOIN,
            fields,
        )
        return participant_of(self.participant_row(session, participant_id)), token

    def set_participant_language(
        self, code: str, participant_id: int, language: str
    ) -> Participant:
        """Keep the interface language a participant chose ("" for the session's)."""
        session = self.session_row(code)
        person = self.participant_row(session, participant_id)
        language = check_language(language, required=False)
        self.connection.execute(
            update(t.participants).where(t.participants.c.id == person.id).values(language=language)
        )
        count_change(self.connection, session.id)
        return participant_of(self.participant_row(session, participant_id))

    def set_participant_city(self, code: str, participant_id: int, city: str) -> Participant:
        """Keep the city a participant chose anew; the history keeps the earlier one."""
        session = self.session_row(code)
        person = self.participant_row(session, participant_id)
        city = check_line("city", city)
        if city != person.city:
            self.connection.execute(
                update(t.participants).where(t.participants.c.id == person.id).values(city=city)
            )
            self.history_entry(
                session.id,
                person.id,
                Subject.PARTICIPANT,
                str(person.id),
                Change.CITY,
                {"city": city, "before": person.city},
            )
        return participant_of(self.participant_row(session, participant_id))

    def remove_participant(self, code: str, key: Authority, participant_id: int) -> None:
        """Take a participant's answers and actions out of the session; the history keeps them."""
        session = self.require_key(code, key)
        person = self.participant_row(session, participant_id)
        self._take_out(session, person, Change.REMOVE, {"name": person.name})

    def merge_participants(
        self, code: str, key: Authority, keep_id: int, other_id: int
    ) -> Counter[MergeOutcome]:
        """Fold the answers and actions of ``other_id`` into ``keep_id`` (someone who joined
        twice), the newer of two answers to one item winning, then take ``other_id`` out.
        Nothing is lost: the older answer and everything of ``other_id`` stay in the history.
        """
        session = self.require_key(code, key)
        if keep_id == other_id:
            raise StoreError(N_("Choose two different participants to merge."))
        keep = self.participant_row(session, keep_id)
        other = self.participant_row(session, other_id)
        outcomes: Counter[MergeOutcome] = Counter()
        for row in self._rows_of(t.responses, other.id):
            answer = answer_of(row)
            current = self.answer_row(keep.id, answer.item_id)
            outcomes[
                _merge(
                    row.updated_at,
                    None if current is None else answer_of(current),
                    answer,
                    put=partial(self._put_answer, session, keep.id, answer, Change.MERGE),
                    keep_older=partial(
                        self._answer_history, session.id, keep.id, answer, Change.MERGE_OLDER
                    ),
                )
            ] += 1
        for row in self._rows_of(t.actions, other.id):
            action = action_of(row)
            current = self.action_row(keep.id, action.id)
            outcomes[
                _merge(
                    row.updated_at,
                    None if current is None else action_of(current),
                    action,
                    put=partial(self._put_action, session, keep.id, action, Change.MERGE),
                    keep_older=partial(
                        self._action_history, session.id, keep.id, action, Change.MERGE_OLDER
                    ),
                )
            ] += 1
        self._take_out(session, other, Change.MERGE, {"name": other.name, "into": keep.id})
        return outcomes

    def _rows_of(self, table: Table, participant_id: int) -> list[Row[Any]]:
        query = select(table).where(table.c.participant_id == participant_id)
        return list(self.connection.execute(query).all())

    def _take_out(
        self, session: Row[Any], person: Row[Any], change: Change, data: dict[str, Any]
    ) -> None:
        """Move a participant's answers and actions to the history and mark them removed."""
        for row in self._rows_of(t.responses, person.id):
            self._answer_history(session.id, person.id, answer_of(row), Change.REMOVE)
        for row in self._rows_of(t.actions, person.id):
            self._action_history(session.id, person.id, action_of(row), Change.REMOVE)
        self.connection.execute(
            delete(t.responses).where(t.responses.c.participant_id == person.id)
        )
        self.connection.execute(delete(t.actions).where(t.actions.c.participant_id == person.id))
        self.connection.execute(
            update(t.participants)
            .where(t.participants.c.id == person.id)
            .values(removed_at=utc_now())
        )
        self.history_entry(session.id, person.id, Subject.PARTICIPANT, str(person.id), change, data)

    # -- answers --------------------------------------------------------------

    def save_answer(
        self, code: str, participant_id: int, answer: Answer, updated_at: datetime | None = None
    ) -> Answer:
        """Keep ``answer`` as the participant's current one, stamped ``updated_at`` or now."""
        session, framework = self._open_for_writing(code, participant_id)
        check_answer(framework, answer)
        check_stamp(Sentence(THE_ANSWER, (("item", answer.item_id),)), updated_at)
        saved = replace(answer, updated_at=updated_at or utc_now())
        return self._put_answer(session, participant_id, saved, Change.SAVE)

    def clear_answer(self, code: str, participant_id: int, item_id: str) -> None:
        """Forget the current answer to an item; its history stays."""
        session, framework = self._open_for_writing(code, participant_id)
        check_answer(framework, Answer(item_id))
        row = self.answer_row(participant_id, item_id)
        if row is None:
            return
        self.connection.execute(delete(t.responses).where(t.responses.c.id == row.id))
        self._answer_history(session.id, participant_id, answer_of(row), Change.CLEAR)

    def merge_answer(self, code: str, participant_id: int, answer: Answer) -> MergeOutcome:
        """Bring in an answer from elsewhere (an import): the newer ``updated_at`` wins.

        An incoming answer older than the current one is kept in the history only. A
        locked session accepts merges, since only a facilitator imports.
        """
        session = self.session_row(code)
        self.participant_row(session, participant_id)
        check_answer(self.framework_of(session), answer)
        what = Sentence(THE_ANSWER, (("item", answer.item_id),))
        if answer.updated_at is None:
            raise StoreError(N_("The change to {what} has no time."), params=(("what", what),))
        check_merged_time(what, answer.updated_at, session.created_at)
        row = self.answer_row(participant_id, answer.item_id)
        return _merge(
            answer.updated_at,
            None if row is None else answer_of(row),
            answer,
            put=lambda: self._put_answer(session, participant_id, answer, Change.MERGE),
            keep_older=lambda: self._answer_history(
                session.id, participant_id, answer, Change.MERGE_OLDER
            ),
        )

    def _put_answer(
        self, session: Row[Any], participant_id: int, answer: Answer, change: Change
    ) -> Answer:
        """Write the whole answer (one more version; every field stamped with it)."""
        values = row_values(answer)
        # One statement whether the answer is new or not: every save is a participant's
        # keystroke pause, so a select-then-write would double the time the lock is held.
        upsert = _upsert_of(self.connection.dialect.name)(t.responses).values(
            session_id=session.id,
            participant_id=participant_id,
            item_id=answer.item_id,
            version=1,
            stamps="{}",
            **values,
        )
        version = self.connection.execute(
            upsert.on_conflict_do_update(
                index_elements=["participant_id", "item_id"],
                set_={**values, "version": t.responses.c.version + 1, "stamps": "{}"},
            ).returning(t.responses.c.version)
        ).scalar_one()
        saved = replace(answer, version=version)
        self._answer_history(session.id, participant_id, saved, change)
        return saved

    # -- actions --------------------------------------------------------------

    def save_action(
        self, code: str, participant_id: int, action: Action, updated_at: datetime | None = None
    ) -> Action:
        """Keep ``action`` as one of the participant's cards, stamped ``updated_at`` or now."""
        session, framework = self._open_for_writing(code, participant_id)
        check_action(framework, action)
        check_stamp(Sentence(THE_ACTION, (("action", action.id),)), updated_at)
        saved = replace(action, updated_at=updated_at or utc_now())
        return self._put_action(session, participant_id, saved, Change.SAVE)

    def delete_action(self, code: str, participant_id: int, action_id: str) -> None:
        session, _ = self._open_for_writing(code, participant_id)
        row = self.action_row(participant_id, action_id)
        if row is None:
            raise StoreError(
                N_("There is no action “{action}” of this participant to delete."),
                params=(("action", action_id),),
            )
        self.connection.execute(delete(t.actions).where(t.actions.c.id == row.id))
        self._action_history(session.id, participant_id, action_of(row), Change.DELETE)

    def merge_action(self, code: str, participant_id: int, action: Action) -> MergeOutcome:
        """Bring in an action from elsewhere; the newer ``updated_at`` wins, as for answers."""
        session = self.session_row(code)
        self.participant_row(session, participant_id)
        check_action(self.framework_of(session), action)
        what = Sentence(THE_ACTION, (("action", action.id),))
        if action.updated_at is None:
            raise StoreError(N_("The change to {what} has no time."), params=(("what", what),))
        check_merged_time(what, action.updated_at, session.created_at)
        row = self.action_row(participant_id, action.id)
        return _merge(
            action.updated_at,
            None if row is None else action_of(row),
            action,
            put=lambda: self._put_action(session, participant_id, action, Change.MERGE),
            keep_older=lambda: self._action_history(
                session.id, participant_id, action, Change.MERGE_OLDER
            ),
        )

    def _put_action(
        self, session: Row[Any], participant_id: int, action: Action, change: Change
    ) -> Action:
        """Write the whole action (one more version; every field stamped with it)."""
        values = row_values(action)
        row = self.action_row(participant_id, action.id, for_update=True)
        if row is None:
            saved = replace(action, version=1)
            self.connection.execute(
                insert(t.actions).values(
                    session_id=session.id,
                    participant_id=participant_id,
                    action_id=action.id,
                    version=1,
                    stamps="{}",
                    **values,
                )
            )
        else:
            saved = replace(action, version=row.version + 1)
            self.connection.execute(
                update(t.actions)
                .where(t.actions.c.id == row.id)
                .values({**values, "version": saved.version, "stamps": "{}"})
            )
        self._action_history(session.id, participant_id, saved, change)
        return saved

    # -- what the group agreed -------------------------------------------------

    def merge_agreed(self, code: str, agreed: AgreedResult) -> MergeOutcome:
        """Bring in an agreed result from elsewhere (an import): the newer ``updated_at``
        wins; an older one is kept in the history only."""
        session = self.session_row(code)
        refuse(checks.check_agreed(self.framework_of(session), agreed))
        what = Sentence(THE_AGREED, (("item", agreed.item_id),))
        if agreed.updated_at is None:
            raise StoreError(N_("The change to {what} has no time."), params=(("what", what),))
        check_merged_time(what, agreed.updated_at, session.created_at)
        row = self.agreed_row(session.id, agreed.item_id, for_update=True)
        return _merge(
            agreed.updated_at,
            None if row is None else agreed_of(row),
            agreed,
            put=lambda: self._put_agreed(session, row, agreed),
            keep_older=lambda: self._history_row(
                session.id,
                None,
                Subject.AGREED,
                agreed.item_id,
                Change.MERGE_OLDER,
                record_json(agreed),
            ),
        )

    def _put_agreed(self, session: Row[Any], row: Row[Any] | None, agreed: AgreedResult) -> None:
        version = 1 if row is None else row.version + 1
        saved = replace(agreed, version=version)
        values = {**row_values(saved), "version": version, "stamps": "{}"}
        if row is None:
            self.connection.execute(
                insert(t.agreed).values(session_id=session.id, item=agreed.item_id, **values)
            )
        else:
            self.connection.execute(update(t.agreed).where(t.agreed.c.id == row.id).values(values))
        self._history_row(
            session.id, None, Subject.AGREED, agreed.item_id, Change.MERGE, record_json(saved)
        )

    # -- shared ---------------------------------------------------------------

    def _open_for_writing(self, code: str, participant_id: int) -> tuple[Row[Any], Framework]:
        session = self.writer_session_row(code, participant_id)
        self._refuse_if_locked(session)
        return session, self.framework_of(session)

    @staticmethod
    def _refuse_if_locked(session: Row[Any]) -> None:
        if session.locked:
            raise ChangeRefused(
                N_(
                    "The session {code} is locked by its facilitator: answers can be read but "
                    "not changed."
                ),
                params=(("code", session.code),),
            )

    def _answer_history(
        self, session_id: int, participant_id: int, answer: Answer, change: Change
    ) -> None:
        self._history_row(
            session_id, participant_id, Subject.ANSWER, answer.item_id, change, answer_json(answer)
        )

    def _action_history(
        self, session_id: int, participant_id: int, action: Action, change: Change
    ) -> None:
        self._history_row(
            session_id, participant_id, Subject.ACTION, action.id, change, action_json(action)
        )

    def history_entry(
        self,
        session_id: int,
        participant_id: int | None,
        subject: Subject,
        subject_id: str,
        change: Change,
        data: dict[str, Any],
    ) -> None:
        self._history_row(
            session_id,
            participant_id,
            subject,
            subject_id,
            change,
            json.dumps(data, ensure_ascii=False),
        )

    def _history_row(
        self,
        session_id: int,
        participant_id: int | None,
        subject: Subject,
        subject_id: str,
        change: Change,
        data: str,
    ) -> None:
        add_history(
            self.connection,
            session_id=session_id,
            participant_id=participant_id,
            subject=subject.value,
            subject_id=subject_id,
            change=change.value,
            data=data,
            recorded_at=utc_now(),
        )
