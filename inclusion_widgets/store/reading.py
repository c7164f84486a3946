"""Queries over one connection: rows of the tables turned into immutable records."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.engine import Connection

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_
from inclusion_widgets.records import Action, AgreedResult, Answer, PlanAction, Vote
from inclusion_widgets.store import schema as t
from inclusion_widgets.store.codec import action_from_json, answer_from_json, record_from_json
from inclusion_widgets.store.errors import NO_ROOM_MATCH, StoreError
from inclusion_widgets.store.models import (
    Change,
    HistoryEntry,
    NoteVersion,
    Participant,
    ParticipantAction,
    ParticipantAnswer,
    Room,
    Screen,
    SessionInfo,
    Subject,
    Tally,
)
from inclusion_widgets.store.rows import record_from_row
from inclusion_widgets.store.tokens import hash_key, hash_token, normalise_code, same_hash

MERGE_HOPS = 10
"""How many merges one after another a personal link follows to the participant kept."""
_baseline = t.sessions.alias("baseline")
# The framework snapshot (tens of kilobytes) is read once per session and cached, not
# with every row: a participant's every save looks its session up.
_SESSION_COLUMNS = [c for c in t.sessions.c if c.name != "framework_snapshot"]
_SESSION_QUERY: Select[Any] = select(
    *_SESSION_COLUMNS, _baseline.c.code.label("baseline_code")
).outerjoin(_baseline, t.sessions.c.baseline_id == _baseline.c.id)


class Reader:
    """Reads one store through one connection (and, for a writer, inside its transaction).

    ``frameworks`` caches parsed snapshots by session id: a snapshot never changes.
    """

    def __init__(self, connection: Connection, frameworks: dict[int, Framework]) -> None:
        self.connection = connection
        self._frameworks = frameworks

    # -- sessions -------------------------------------------------------------

    def session_row(self, code: str) -> Row[Any]:
        wanted = normalise_code(code)
        row = self.connection.execute(_SESSION_QUERY.where(t.sessions.c.code == wanted)).first()
        if row is None:
            raise StoreError(
                N_("There is no session with the code “{code}”."), params=(("code", code.strip()),)
            )
        return row

    def session(self, code: str) -> SessionInfo:
        return _session_info(self.session_row(code))

    def sessions(self) -> list[SessionInfo]:
        rows = self.connection.execute(_SESSION_QUERY.order_by(t.sessions.c.id))
        return [_session_info(row) for row in rows]

    def open_room(self, code: str, key: str) -> SessionInfo:
        """The session whose room screen ``key`` (its presenter or facilitator key) opens;
        the same sentence for a wrong key as for a code no session has."""
        try:
            row = self.session_row(code)
        except StoreError:
            raise StoreError(NO_ROOM_MATCH) from None
        typed = hash_key(key)
        if not any(
            stored and same_hash(stored, typed) for stored in (row.presenter_key_hash, row.key_hash)
        ):
            raise StoreError(NO_ROOM_MATCH)
        return _session_info(row)

    def room(self, code: str) -> Room:
        """What the room's screen shows now."""
        row = self.session_row(code)
        return Room(
            screen=Screen(row.room_screen),
            item_id=row.room_item,
            follow=bool(row.room_follow),
            notes=bool(row.room_notes),
            names=bool(row.room_names),
        )

    def framework_of(self, row: Row[Any]) -> Framework:
        cached = self._frameworks.get(row.id)
        if cached is None:
            snapshot = self.connection.execute(
                select(t.sessions.c.framework_snapshot).where(t.sessions.c.id == row.id)
            ).scalar_one()
            cached = Framework.from_dict(json.loads(snapshot))
            self._frameworks[row.id] = cached
        return cached

    def framework(self, code: str) -> Framework:
        return self.framework_of(self.session_row(code))

    def change_token(self, code: str) -> int:
        changes: int | None = self.connection.execute(
            select(t.sessions.c.changes).where(t.sessions.c.code == normalise_code(code))
        ).scalar()
        if changes is None:
            return int(self.session_row(code).changes)  # a code no session has: its sentence
        return changes

    # -- participants ---------------------------------------------------------

    def writer_session_row(self, code: str, participant_id: int) -> Row[Any]:
        """The session of a participant who is about to write, in one query; the
        sentence of :meth:`session_row` or :meth:`participant_row` when either is wrong."""
        row = self.connection.execute(
            _SESSION_QUERY.join(
                t.participants, t.participants.c.session_id == t.sessions.c.id
            ).where(
                t.sessions.c.code == normalise_code(code),
                t.participants.c.id == participant_id,
                t.participants.c.removed_at.is_(None),
            )
        ).first()
        if row is None:
            # Find out which of the two is wrong, for the sentence.
            session = self.session_row(code)
            self.participant_row(session, participant_id)
            return session
        return row

    def round_pairs(self, code: str) -> list[tuple[int, int]]:
        """The facilitator's pairs of follow-up ``code``: (baseline id, follow-up id)."""
        pairs = t.round_pairs
        rows = self.connection.execute(
            select(pairs.c.baseline_participant_id, pairs.c.followup_participant_id)
            .where(pairs.c.session_id == self.session_row(code).id)
            .order_by(pairs.c.id)
        )
        return [(int(old), int(new)) for old, new in rows]

    def participant_row(self, session: Row[Any], participant_id: int) -> Row[Any]:
        row = self.connection.execute(
            select(t.participants).where(
                t.participants.c.id == participant_id,
                t.participants.c.session_id == session.id,
                t.participants.c.removed_at.is_(None),
            )
        ).first()
        if row is None:
            raise StoreError(
                N_("There is no participant {id} in the session {code}."),
                params=(("id", participant_id), ("code", session.code)),
            )
        return row

    def participants(self, code: str, include_removed: bool = False) -> list[Participant]:
        session = self.session_row(code)
        query = select(t.participants).where(t.participants.c.session_id == session.id)
        if not include_removed:
            query = query.where(t.participants.c.removed_at.is_(None))
        rows = self.connection.execute(query.order_by(t.participants.c.id))
        return [participant_of(row) for row in rows]

    def resume(self, code: str, token: str) -> Participant:
        session = self.session_row(code)
        row = self.connection.execute(
            select(t.participants).where(
                t.participants.c.session_id == session.id,
                t.participants.c.token_hash == hash_token(token),
            )
        ).first()
        if row is None:
            raise StoreError(
                N_("This personal link does not belong to anyone in the session {code}."),
                params=(("code", session.code),),
            )
        merged_into = self._merged_into(row) if row.removed_at is not None else None
        if merged_into is not None:
            # Someone who joined twice and was merged: their old link opens the one kept.
            row = merged_into
        if row.removed_at is not None:
            raise StoreError(
                N_("{name} was removed from the session {code} by its facilitator."),
                params=(("name", row.name), ("code", session.code)),
            )
        return participant_of(row)

    def _merged_into(self, person: Row[Any]) -> Row[Any] | None:
        """The participant that ``person`` was last merged into, following later merges."""
        for _hop in range(MERGE_HOPS):
            data = self.connection.execute(
                select(t.history.c.data)
                .where(
                    t.history.c.participant_id == person.id,
                    t.history.c.subject == Subject.PARTICIPANT.value,
                    t.history.c.change == Change.MERGE.value,
                )
                .order_by(t.history.c.id.desc())
                .limit(1)
            ).scalar()
            if data is None:
                return person
            kept = self.connection.execute(
                select(t.participants).where(t.participants.c.id == json.loads(data)["into"])
            ).first()
            if kept is None:
                return None
            person = kept
            if person.removed_at is None:
                return person
        return person

    # -- answers and actions --------------------------------------------------

    def answers(self, code: str, participant_id: int | None = None) -> list[ParticipantAnswer]:
        session = self.session_row(code)
        query = select(t.responses).where(t.responses.c.session_id == session.id)
        if participant_id is not None:
            query = query.where(t.responses.c.participant_id == participant_id)
        rows = self.connection.execute(
            query.order_by(t.responses.c.participant_id, t.responses.c.id)
        )
        return [ParticipantAnswer(row.participant_id, answer_of(row)) for row in rows]

    def answer_row(
        self, participant_id: int, item_id: str, for_update: bool = False
    ) -> Row[Any] | None:
        """The stored answer; ``for_update`` holds its row until the transaction ends
        (PostgreSQL; SQLite's write transaction holds the whole file already)."""
        query = select(t.responses).where(
            t.responses.c.participant_id == participant_id, t.responses.c.item_id == item_id
        )
        return self.connection.execute(query.with_for_update() if for_update else query).first()

    def actions(self, code: str, participant_id: int | None = None) -> list[ParticipantAction]:
        session = self.session_row(code)
        query = select(t.actions).where(t.actions.c.session_id == session.id)
        if participant_id is not None:
            query = query.where(t.actions.c.participant_id == participant_id)
        rows = self.connection.execute(
            query.order_by(t.actions.c.participant_id, t.actions.c.position, t.actions.c.id)
        )
        return [ParticipantAction(row.participant_id, action_of(row)) for row in rows]

    def action_row(
        self, participant_id: int, action_id: str, for_update: bool = False
    ) -> Row[Any] | None:
        query = select(t.actions).where(
            t.actions.c.participant_id == participant_id, t.actions.c.action_id == action_id
        )
        return self.connection.execute(query.with_for_update() if for_update else query).first()

    # -- what the group agreed -------------------------------------------------

    def agreed(self, code: str) -> list[AgreedResult]:
        """The agreed results recorded for the session's items, in the order recorded."""
        session = self.session_row(code)
        rows = self.connection.execute(
            select(t.agreed).where(t.agreed.c.session_id == session.id).order_by(t.agreed.c.id)
        )
        return [agreed_of(row) for row in rows]

    def agreed_row(
        self, session_id: int, item_id: str, for_update: bool = False
    ) -> Row[Any] | None:
        query = select(t.agreed).where(
            t.agreed.c.session_id == session_id, t.agreed.c.item == item_id
        )
        return self.connection.execute(query.with_for_update() if for_update else query).first()

    # -- the group's plan and the votes -----------------------------------------

    def plan(self, code: str) -> list[PlanAction]:
        """The session's plan actions, by position then in the order they were taken."""
        session = self.session_row(code)
        rows = self.connection.execute(
            select(t.plan)
            .where(t.plan.c.session_id == session.id)
            .order_by(t.plan.c.position, t.plan.c.id)
        )
        return [plan_of(row) for row in rows]

    def plan_row(self, session_id: int, plan_id: str, for_update: bool = False) -> Row[Any] | None:
        query = select(t.plan).where(
            t.plan.c.session_id == session_id, t.plan.c.plan_action_id == plan_id
        )
        return self.connection.execute(query.with_for_update() if for_update else query).first()

    def tally(self, code: str) -> Tally:
        """Every vote of the session's present participants."""
        session = self.session_row(code)
        rows = self.connection.execute(
            select(t.votes.c.participant_id, t.votes.c.target, t.votes.c.votes)
            .join(t.participants, t.participants.c.id == t.votes.c.participant_id)
            .where(
                t.votes.c.session_id == session.id,
                t.votes.c.votes > 0,
                t.participants.c.removed_at.is_(None),
            )
            .order_by(t.votes.c.id)
        )
        tally = Tally(session.votes_each)
        for row in rows:
            tally.given.setdefault(row.participant_id, {})[row.target] = row.votes
            tally.counts[row.target] = tally.counts.get(row.target, 0) + row.votes
        return tally

    def votes(self, code: str) -> list[tuple[int, Vote]]:
        """Each present participant's votes, by participant then in the order given."""
        session = self.session_row(code)
        rows = self.connection.execute(
            select(t.votes)
            .join(t.participants, t.participants.c.id == t.votes.c.participant_id)
            .where(
                t.votes.c.session_id == session.id,
                t.votes.c.votes > 0,
                t.participants.c.removed_at.is_(None),
            )
            .order_by(t.votes.c.participant_id, t.votes.c.id)
        )
        return [(row.participant_id, record_from_row(Vote, row)) for row in rows]

    # -- history --------------------------------------------------------------

    def note_versions(self, code: str, participant_id: int) -> dict[str, tuple[NoteVersion, ...]]:
        """Per item, the earlier distinct texts of the note and the evidence, newest first."""
        session = self.session_row(code)
        rows = self.connection.execute(
            select(t.history.c.subject_id, t.history.c.data, t.history.c.recorded_at)
            .where(
                t.history.c.session_id == session.id,
                t.history.c.participant_id == participant_id,
                t.history.c.subject == Subject.ANSWER.value,
            )
            .order_by(t.history.c.id.desc())
        )
        current = {
            entry.answer.item_id: entry.answer for entry in self.answers(code, participant_id)
        }
        found: dict[str, list[NoteVersion]] = {}
        seen: set[tuple[str, str, str]] = set()
        for row in rows:
            data = json.loads(row.data)
            stamps = data.get("stamps", {})
            now = current.get(row.subject_id)
            for name in ("note", "evidence"):
                text = data[name]
                if not text or (now is not None and getattr(now, name) == text):
                    continue
                if (row.subject_id, name, text) in seen:
                    continue
                seen.add((row.subject_id, name, text))
                when = stamps[name][0] if name in stamps else data["updated_at"]
                edited_at = datetime.fromisoformat(when) if when else row.recorded_at
                found.setdefault(row.subject_id, []).append(NoteVersion(name, text, edited_at))
        return {item: tuple(versions) for item, versions in found.items()}

    def saved_after_lock(self, code: str) -> int:
        """How many participants had changes, made before the lock, saved after it."""
        session = self.session_row(code)
        if not session.locked or session.locked_at is None:
            return 0
        count: int = self.connection.execute(
            select(func.count(func.distinct(t.history.c.participant_id))).where(
                t.history.c.session_id == session.id,
                t.history.c.recorded_at > session.locked_at,
                t.history.c.subject.in_((Subject.ANSWER.value, Subject.ACTION.value)),
            )
        ).scalar_one()
        return count

    def history(
        self, code: str, participant_id: int | None = None, item_id: str | None = None
    ) -> list[HistoryEntry]:
        """Every change, oldest first; ``item_id`` narrows it to the answers to that item."""
        session = self.session_row(code)
        query = select(t.history).where(t.history.c.session_id == session.id)
        if participant_id is not None:
            query = query.where(t.history.c.participant_id == participant_id)
        if item_id is not None:
            query = query.where(
                t.history.c.subject == Subject.ANSWER.value, t.history.c.subject_id == item_id
            )
        rows = self.connection.execute(query.order_by(t.history.c.id))
        return [_history_entry(row) for row in rows]


def _session_info(row: Row[Any]) -> SessionInfo:
    return SessionInfo(
        code=row.code,
        title=row.title,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        mentor_city=row.mentor_city,
        mentee_city=row.mentee_city,
        theme=row.theme,
        round=row.round,
        baseline_code=row.baseline_code,
        created_at=row.created_at,
        locked=bool(row.locked),
        results_visible=bool(row.results_visible),
        locked_at=row.locked_at,
        note_taker_id=row.note_taker_id,
        language=row.language,
        votes_each=row.votes_each,
    )


def participant_of(row: Row[Any]) -> Participant:
    return Participant(
        id=row.id,
        name=row.name,
        city=row.city,
        organisation=row.organisation,
        role=row.role,
        joined_at=row.joined_at,
        language=row.language,
    )


def answer_of(row: Row[Any]) -> Answer:
    return record_from_row(Answer, row)


def action_of(row: Row[Any]) -> Action:
    return record_from_row(Action, row)


def agreed_of(row: Row[Any]) -> AgreedResult:
    return record_from_row(AgreedResult, row)


def plan_of(row: Row[Any]) -> PlanAction:
    return record_from_row(PlanAction, row)


def _history_entry(row: Row[Any]) -> HistoryEntry:
    subject = Subject(row.subject)
    return HistoryEntry(
        id=row.id,
        participant_id=row.participant_id,
        subject=subject,
        subject_id=row.subject_id,
        change=Change(row.change),
        recorded_at=row.recorded_at,
        answer=answer_from_json(row.data) if subject is Subject.ANSWER else None,
        action=action_from_json(row.data) if subject is Subject.ACTION else None,
        edited_at=row.edited_at,
        agreed=record_from_json(AgreedResult, row.data) if subject is Subject.AGREED else None,
        plan=record_from_json(PlanAction, row.data) if subject is Subject.PLAN else None,
    )
