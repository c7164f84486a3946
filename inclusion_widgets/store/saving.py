"""Saving one edit of a participant's page: field by field, with a version check.

:func:`save_edit` is what ``Store.save_edit`` runs inside one write transaction. It
refuses with :class:`ChangeRefused` (the field to show it at and a sentence) before
writing anything; otherwise it merges the edit into the stored record (see
:mod:`.fieldmerge`), writes a history row for every state the record takes and one
for every value that met a newer one, and answers with a :class:`SaveResult`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, select, update

from inclusion_widgets.checks import action_problem, answer_problem
from inclusion_widgets.edits import (
    ACTION_FIELDS,
    ActionDeletion,
    ActionEdit,
    AgreedEdit,
    AnswerEdit,
    Conflict,
    Edit,
    PlanEdit,
    SaveResult,
    edit_key,
)
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_
from inclusion_widgets.record_fields import coerce, edited_values
from inclusion_widgets.records import Action, Answer, AnswerKind
from inclusion_widgets.store import schema as t
from inclusion_widgets.store.agreeing import save_agreed
from inclusion_widgets.store.changes import add_history
from inclusion_widgets.store.codec import (
    action_from_json,
    action_json,
    answer_from_json,
    answer_json,
)
from inclusion_widgets.store.errors import NO_TIME_ZONE, ChangeRefused, StoreError
from inclusion_widgets.store.fieldmerge import (
    NEVER,
    Stamp,
    merge_fields,
    stamps_from_json,
    stamps_json,
)
from inclusion_widgets.store.models import Change, Recorder, Subject
from inclusion_widgets.store.planning import save_plan
from inclusion_widgets.store.reading import action_of, answer_of
from inclusion_widgets.store.rows import row_values
from inclusion_widgets.store.transaction import Transaction
from inclusion_widgets.store.validation import refuse

ANSWER_UNITS = ("level", "note", "evidence", "priority")
"""The fields of an answer as the merge sees them: ``level`` is kind and level together."""
_GONE = (Change.DELETE.value, Change.CLEAR.value, Change.REMOVE.value)


@dataclass(frozen=True)
class _Tombstone:
    """The last time a record was taken away: its version then, and when."""

    version: int
    at: datetime


def save_edit(
    tx: Transaction, code: str, participant_id: int, edit: Edit, now: datetime
) -> SaveResult:
    """Merge ``edit`` into the participant's record; see the module's docstring."""
    if edit.edited_at.tzinfo is None:
        raise ChangeRefused(NO_TIME_ZONE)
    if isinstance(edit, AgreedEdit):
        # A participant's page records what the group agreed only as its note-taker.
        return save_agreed(tx, code, Recorder(participant_id=participant_id), edit, now)
    if isinstance(edit, PlanEdit):
        return save_plan(tx, code, Recorder(participant_id=participant_id), edit, now)
    # A device whose clock runs ahead must not make its edits win over later ones.
    edited_at = min(edit.edited_at, now)
    try:
        session = tx.writer_session_row(code, participant_id)
    except StoreError as error:
        # A removed participant or a session gone: sending again cannot help.
        raise ChangeRefused(error.template, params=error.params) from error
    if session.locked and (session.locked_at is None or edited_at > session.locked_at):
        if session.locked_at is None:
            raise ChangeRefused(
                N_(
                    "The facilitator locked the answers: changes made after that are not "
                    "kept. Ask the facilitator to unlock them to change this."
                )
            )
        raise ChangeRefused(
            N_(
                "The facilitator locked the answers at {time} UTC: changes made after that "
                "are not kept. Ask the facilitator to unlock them to change this."
            ),
            params=(("time", f"{session.locked_at:%H:%M}"),),
        )
    saver = _Saver(tx, session, participant_id, edited_at, now)
    if isinstance(edit, AnswerEdit):
        return saver.answer(tx.framework_of(session), edit)
    if isinstance(edit, ActionEdit):
        return saver.action(tx.framework_of(session), edit)
    return saver.deletion(edit)


class _Saver:
    def __init__(
        self,
        tx: Transaction,
        session: Row[Any],
        participant_id: int,
        edited_at: datetime,
        now: datetime,
    ) -> None:
        self.tx, self.session, self.participant_id = tx, session, participant_id
        self.edited_at, self.now = edited_at, now

    # -- answers --------------------------------------------------------------

    def answer(self, framework: Framework, edit: AnswerEdit) -> SaveResult:
        refuse(answer_problem(framework, edit.item_id, edit.fields))
        key = edit_key(edit)
        incoming = _answer_units(edit.fields)
        row = self.tx.answer_row(self.participant_id, edit.item_id, for_update=True)
        if row is None:
            tomb = self._tombstone(Subject.ANSWER, edit.item_id)
            version = 1 if tomb is None else tomb.version + 1
            values = {**_units_of_answer(Answer(edit.item_id)), **incoming}
            answer = _answer_from_units(edit.item_id, values, self.edited_at, version)
            if tomb is not None and self.edited_at <= tomb.at:
                # Made before the answer was cleared: kept, but only in the history.
                self._history(Subject.ANSWER, edit.item_id, Change.KEPT_OLDER, answer_json(answer))
                return SaveResult(key, None, tomb.version)
            stamps = self._first_stamps(ANSWER_UNITS, incoming, version, tomb)
            self.tx.connection.execute(
                insert(t.responses).values(
                    session_id=self.session.id,
                    participant_id=self.participant_id,
                    item_id=edit.item_id,
                    **row_values(answer),
                    version=version,
                    stamps=stamps_json(stamps),
                )
            )
            self._history(Subject.ANSWER, edit.item_id, Change.SAVE, answer_json(answer, stamps))
            return SaveResult(key, answer, version)
        current = answer_of(row)
        stamps = stamps_from_json(row.stamps, ANSWER_UNITS, Stamp(row.updated_at, row.version))
        merged = merge_fields(
            _units_of_answer(current),
            stamps,
            incoming,
            edit.base_version,
            self.edited_at,
            row.version + 1,
        )
        result = current
        if merged.written:
            result = _answer_from_units(
                edit.item_id,
                merged.values,
                max(stamp.at for stamp in merged.stamps.values()),
                row.version + 1,
            )
            self.tx.connection.execute(
                update(t.responses)
                .where(t.responses.c.id == row.id)
                .values(
                    **row_values(result),
                    version=result.version,
                    stamps=stamps_json(merged.stamps),
                )
            )
            self._history(
                Subject.ANSWER, edit.item_id, Change.SAVE, answer_json(result, merged.stamps)
            )
        if merged.lost:
            older = _answer_from_units(
                edit.item_id, {**merged.values, **merged.lost}, self.edited_at, result.version
            )
            lost_stamps = {
                **merged.stamps,
                **dict.fromkeys(merged.lost, Stamp(self.edited_at, result.version)),
            }
            self._history(
                Subject.ANSWER, edit.item_id, Change.KEPT_OLDER, answer_json(older, lost_stamps)
            )
        conflicts = tuple(_answer_conflict(conflict) for conflict in merged.conflicts)
        return SaveResult(key, result, result.version, conflicts)

    # -- actions --------------------------------------------------------------

    def action(self, framework: Framework, edit: ActionEdit) -> SaveResult:
        refuse(action_problem(framework, edit.action_id, edit.fields))
        key = edit_key(edit)
        incoming = _action_units(edit.fields)
        row = self.tx.action_row(self.participant_id, edit.action_id, for_update=True)
        if row is None:
            tomb = self._tombstone(Subject.ACTION, edit.action_id)
            version = 1 if tomb is None else tomb.version + 1
            values = {**edited_values(Action(edit.action_id, "")), **incoming}
            action = Action(edit.action_id, **values, updated_at=self.edited_at, version=version)
            if tomb is not None and self.edited_at <= tomb.at:
                # Made before the card was removed: kept, but only in the history.
                self._history(Subject.ACTION, action.id, Change.KEPT_OLDER, action_json(action))
                return SaveResult(key, None, tomb.version)
            refuse(action_problem(framework, action.id, values))
            stamps = self._first_stamps(ACTION_FIELDS, incoming, version, tomb)
            self.tx.connection.execute(
                insert(t.actions).values(
                    session_id=self.session.id,
                    participant_id=self.participant_id,
                    action_id=action.id,
                    **row_values(action),
                    version=version,
                    stamps=stamps_json(stamps),
                )
            )
            self._history(Subject.ACTION, action.id, Change.SAVE, action_json(action, stamps))
            return SaveResult(key, action, version)
        current = action_of(row)
        stamps = stamps_from_json(row.stamps, ACTION_FIELDS, Stamp(row.updated_at, row.version))
        merged = merge_fields(
            edited_values(current),
            stamps,
            incoming,
            edit.base_version,
            self.edited_at,
            row.version + 1,
        )
        result = current
        if merged.written:
            # The merged card as a whole: a due date from this tab and a start date from
            # another must still make sense together.
            refuse(action_problem(framework, current.id, merged.values))
            result = Action(
                current.id,
                **merged.values,
                updated_at=max(stamp.at for stamp in merged.stamps.values()),
                version=row.version + 1,
            )
            self.tx.connection.execute(
                update(t.actions)
                .where(t.actions.c.id == row.id)
                .values(
                    **row_values(result),
                    version=result.version,
                    stamps=stamps_json(merged.stamps),
                )
            )
            self._history(
                Subject.ACTION, result.id, Change.SAVE, action_json(result, merged.stamps)
            )
        if merged.lost:
            older = Action(
                current.id,
                **{**merged.values, **merged.lost},
                updated_at=self.edited_at,
                version=result.version,
            )
            self._history(Subject.ACTION, older.id, Change.KEPT_OLDER, action_json(older))
        return SaveResult(key, result, result.version, merged.conflicts)

    def deletion(self, edit: ActionDeletion) -> SaveResult:
        key = edit_key(edit)
        row = self.tx.action_row(self.participant_id, edit.action_id, for_update=True)
        if row is None:
            return SaveResult(key, None, 0)  # never saved, or removed already
        current = action_of(row)
        if row.version > edit.base_version and row.updated_at > self.edited_at:
            # Another tab changed the card after this one removed it: the newer change
            # stays, and the page is told so.
            return SaveResult(key, current, row.version, (Conflict("", current, "other"),))
        self.tx.connection.execute(delete(t.actions).where(t.actions.c.id == row.id))
        self._history(Subject.ACTION, current.id, Change.DELETE, action_json(current))
        return SaveResult(key, None, row.version)

    # -- shared ---------------------------------------------------------------

    def _first_stamps(
        self,
        names: tuple[str, ...],
        incoming: Mapping[str, Any],
        version: int,
        tomb: _Tombstone | None,
    ) -> dict[str, Stamp]:
        """The stamps of a new record: only the fields the edit carries are the edit's.

        A field left empty was typed by nobody, so another tab's first edit of it,
        made a moment earlier but saved later, must not lose to it.
        """
        untouched = NEVER if tomb is None else Stamp(tomb.at, tomb.version)
        mine = Stamp(self.edited_at, version)
        return {name: mine if name in incoming else untouched for name in names}

    def _tombstone(self, subject: Subject, subject_id: str) -> _Tombstone | None:
        row = self.tx.connection.execute(
            select(t.history.c.data, t.history.c.edited_at, t.history.c.recorded_at)
            .where(
                t.history.c.session_id == self.session.id,
                t.history.c.subject_id == subject_id,
                t.history.c.participant_id == self.participant_id,
                t.history.c.subject == subject.value,
                t.history.c.change.in_(_GONE),
            )
            .order_by(t.history.c.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        gone = action_from_json if subject is Subject.ACTION else answer_from_json
        return _Tombstone(gone(row.data).version, row.edited_at or row.recorded_at)

    def _history(self, subject: Subject, subject_id: str, change: Change, data: str) -> None:
        add_history(
            self.tx.connection,
            session_id=self.session.id,
            participant_id=self.participant_id,
            subject=subject.value,
            subject_id=subject_id,
            change=change.value,
            data=data,
            recorded_at=self.now,
            edited_at=self.edited_at,
        )


def _answer_units(fields: Mapping[str, Any]) -> dict[str, Any]:
    units: dict[str, Any] = {
        name: fields[name] for name in ("note", "evidence", "priority") if name in fields
    }
    if "kind" in fields:
        units["level"] = (AnswerKind(fields["kind"]), fields["level"])
    return units


def _units_of_answer(answer: Answer) -> dict[str, Any]:
    return {
        "level": (answer.kind, answer.level),
        "note": answer.note,
        "evidence": answer.evidence,
        "priority": answer.priority,
    }


def _answer_from_units(
    item_id: str, units: Mapping[str, Any], updated_at: datetime, version: int
) -> Answer:
    kind, level = units["level"]
    return Answer(
        item_id,
        kind,
        level,
        units["note"],
        units["evidence"],
        units["priority"],
        updated_at=updated_at,
        version=version,
    )


def _answer_conflict(conflict: Conflict) -> Conflict:
    """For the level, the other tab's level, or its kind when it gave no level."""
    if conflict.field != "level":
        return conflict
    kind, level = conflict.other
    return Conflict("level", kind if level is None else level, conflict.kept)


def _action_units(fields: Mapping[str, Any]) -> dict[str, Any]:
    return coerce(Action, dict(fields))
