"""Saving what the group agreed for an item, field by field, like a participant's answer.

An agreed result is recorded by the facilitator (holding the session's key) or by the
participant the facilitator named note-taker. Two of them may record the same item at
once: each edit carries the version its page showed, and a field changed meanwhile by
the other is merged as :mod:`.fieldmerge` says (the newer edit is current, the other
value goes to the history and comes back as a conflict). Locking a session stops the
participants' answers, not the agreement, which is often recorded after the lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, update

from inclusion_widgets.checks import agreed_problem
from inclusion_widgets.edits import AgreedEdit, SaveResult, edit_key
from inclusion_widgets.i18n import N_
from inclusion_widgets.record_fields import edited_fields
from inclusion_widgets.records import AgreedResult, AnswerKind
from inclusion_widgets.store import schema as t
from inclusion_widgets.store.changes import add_history
from inclusion_widgets.store.codec import record_json
from inclusion_widgets.store.errors import NO_MATCH, NO_TIME_ZONE, ChangeRefused, StoreError
from inclusion_widgets.store.fieldmerge import (
    NEVER,
    Stamp,
    merge_fields,
    stamps_from_json,
    stamps_json,
)
from inclusion_widgets.store.models import Change, Recorder, Subject
from inclusion_widgets.store.reading import agreed_of
from inclusion_widgets.store.rows import row_values
from inclusion_widgets.store.transaction import Transaction
from inclusion_widgets.store.validation import refuse

FACILITATOR = "Facilitator"
"""``recorded_by`` of a result the facilitator recorded."""

NOT_NOTE_TAKER = N_(
    "Only the facilitator, or the participant the facilitator named note-taker, can record "
    "what the group agreed. Ask the facilitator to name you note-taker."
)

UNITS = tuple(name for name in edited_fields(AgreedResult) if name != "kind")
"""The fields as the merge sees them: ``level`` is the kind and the level together."""


def save_agreed(
    tx: Transaction, code: str, recorder: Recorder, edit: AgreedEdit, now: datetime
) -> SaveResult:
    """Merge ``edit`` into the session's agreed result for its item."""
    if edit.edited_at.tzinfo is None:
        raise ChangeRefused(NO_TIME_ZONE)
    edited_at = min(edit.edited_at, now)
    session, participant_id, name = recorder_of(tx, code, recorder)
    refuse(agreed_problem(tx.framework_of(session), edit.item_id, edit.fields))
    key = edit_key(edit)
    incoming = _units(edit.fields)
    row = tx.agreed_row(session.id, edit.item_id, for_update=True)
    if row is None:
        values = {**_units_of(AgreedResult(edit.item_id)), **incoming}
        result = _from_units(edit.item_id, values, name, edited_at, 1)
        mine = Stamp(edited_at, 1)
        stamps = {unit: mine if unit in incoming else NEVER for unit in UNITS}
        tx.connection.execute(
            insert(t.agreed).values(
                session_id=session.id,
                item=edit.item_id,
                **row_values(result),
                version=1,
                stamps=stamps_json(stamps),
            )
        )
        _history(
            tx,
            session,
            participant_id,
            edit.item_id,
            Change.SAVE,
            record_json(result, stamps),
            now,
            edited_at,
        )
        return SaveResult(key, result, 1)
    current = agreed_of(row)
    stamps = stamps_from_json(row.stamps, UNITS, Stamp(row.updated_at, row.version))
    merged = merge_fields(
        _units_of(current), stamps, incoming, edit.base_version, edited_at, row.version + 1
    )
    result = current
    if merged.written:
        result = _from_units(
            edit.item_id,
            merged.values,
            name,
            max(stamp.at for stamp in merged.stamps.values()),
            row.version + 1,
        )
        tx.connection.execute(
            update(t.agreed)
            .where(t.agreed.c.id == row.id)
            .values(**row_values(result), version=result.version, stamps=stamps_json(merged.stamps))
        )
        data = record_json(result, merged.stamps)
        _history(tx, session, participant_id, edit.item_id, Change.SAVE, data, now, edited_at)
    if merged.lost:
        older = _from_units(
            edit.item_id, {**merged.values, **merged.lost}, name, edited_at, result.version
        )
        _history(
            tx,
            session,
            participant_id,
            edit.item_id,
            Change.KEPT_OLDER,
            record_json(older),
            now,
            edited_at,
        )
    return SaveResult(key, result, result.version, merged.conflicts)


def recorder_of(tx: Transaction, code: str, recorder: Recorder) -> tuple[Row[Any], int | None, str]:
    """The session, the note-taker's id (None for the facilitator) and who it is in words."""
    if recorder.key is not None:
        try:
            return tx.require_key(code, recorder.key), None, FACILITATOR
        except StoreError:
            raise ChangeRefused(NO_MATCH) from None
    assert recorder.participant_id is not None
    try:
        session = tx.writer_session_row(code, recorder.participant_id)
        person = tx.participant_row(session, recorder.participant_id)
    except StoreError as error:
        raise ChangeRefused(error.template, params=error.params) from error
    if session.note_taker_id != recorder.participant_id:
        raise ChangeRefused(NOT_NOTE_TAKER)
    return session, recorder.participant_id, person.name


def _units(fields: Mapping[str, Any]) -> dict[str, Any]:
    units = {name: value for name, value in fields.items() if name not in ("kind", "level")}
    if "kind" in fields:
        units["level"] = (AnswerKind(fields["kind"]), fields["level"])
    return units


def _units_of(result: AgreedResult) -> dict[str, Any]:
    return {
        **{name: getattr(result, name) for name in UNITS},
        "level": (result.kind, result.level),
    }


def _from_units(
    item_id: str, units: Mapping[str, Any], name: str, updated_at: datetime, version: int
) -> AgreedResult:
    kind, level = units["level"]
    others = {unit: units[unit] for unit in UNITS if unit != "level"}
    return AgreedResult(
        item_id,
        kind=kind,
        level=level,
        recorded_by=name,
        updated_at=updated_at,
        version=version,
        **others,
    )


def _history(
    tx: Transaction,
    session: Row[Any],
    participant_id: int | None,
    item_id: str,
    change: Change,
    data: str,
    now: datetime,
    edited_at: datetime,
) -> None:
    add_history(
        tx.connection,
        session_id=session.id,
        participant_id=participant_id,
        subject=Subject.AGREED.value,
        subject_id=item_id,
        change=change.value,
        data=data,
        recorded_at=now,
        edited_at=edited_at,
    )
