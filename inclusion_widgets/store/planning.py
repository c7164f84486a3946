"""The group's plan: actions built from participants' drafts, edited field by field.

The facilitator (holding the session's key) or the note-taker takes drafts into the
plan: one draft becomes a plan action, several become one (merged), and a draft may
be merged into an action already in the plan. A plan action keeps the drafts it came
from and who proposed them through every merge. Its fields are then edited like an
agreed result (see :mod:`.agreeing`): each edit carries the version its page showed,
a field changed meanwhile by someone else is merged as :mod:`.fieldmerge` says, and
every state, every removal and every value that met a newer one is kept in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update

from inclusion_widgets.checks import action_problem
from inclusion_widgets.edits import PLAN_FIELDS, PlanEdit, SaveResult, edit_key
from inclusion_widgets.i18n import N_
from inclusion_widgets.record_fields import coerce, edited_values
from inclusion_widgets.records import Action, PlanAction, new_action_id
from inclusion_widgets.store import schema as t
from inclusion_widgets.store.agreeing import recorder_of
from inclusion_widgets.store.changes import add_history
from inclusion_widgets.store.codec import record_json
from inclusion_widgets.store.errors import NO_TIME_ZONE, ChangeRefused
from inclusion_widgets.store.fieldmerge import (
    NEVER,
    Stamp,
    merge_fields,
    stamps_from_json,
    stamps_json,
)
from inclusion_widgets.store.models import Change, Recorder, Subject
from inclusion_widgets.store.reading import action_of, plan_of
from inclusion_widgets.store.rows import row_values
from inclusion_widgets.store.transaction import Transaction, utc_now
from inclusion_widgets.store.validation import refuse

DraftRef = tuple[int, str]
"""A participant's draft action: the participant's id and the action's id."""

NO_DRAFT = N_("This draft action is no longer in the session; reload the page.")
ALREADY_TAKEN = N_("“{title}” is already in the plan.")
NO_PLAN_ACTION = N_("This action is no longer in the plan; it may have been removed meanwhile.")


def take_into_plan(
    tx: Transaction,
    code: str,
    recorder: Recorder,
    drafts: Sequence[DraftRef],
    into: str | None,
    now: datetime,
) -> SaveResult:
    """Make one plan action of ``drafts`` (in the order given), or merge them ``into`` a
    plan action already there; a draft already in the plan is refused with a sentence."""
    session, participant_id, name = recorder_of(tx, code, recorder)
    if not drafts:
        raise ChangeRefused(N_("Choose the draft actions to take into the plan first."))
    taken = _taken(tx, session.id)
    found: list[tuple[str, Action]] = []
    for person_id, action_id in drafts:
        row = tx.action_row(person_id, action_id)
        person = tx.connection.execute(
            select(t.participants.c.name).where(
                t.participants.c.id == person_id,
                t.participants.c.session_id == session.id,
                t.participants.c.removed_at.is_(None),
            )
        ).first()
        if row is None or person is None or row.session_id != session.id:
            raise ChangeRefused(NO_DRAFT)
        draft = action_of(row)
        if draft.id in taken:
            raise ChangeRefused(ALREADY_TAKEN, params=(("title", draft.title),))
        found.append((person.name, draft))
    if into is None:
        position = tx.connection.execute(
            select(func.max(t.plan.c.position)).where(t.plan.c.session_id == session.id)
        ).scalar_one()
        first = found[0][1]
        start = PlanAction(
            new_action_id(),
            position=(position or 0) + 1,
            title=first.title,
            **{
                field: value
                for field, value in edited_values(first).items()
                if field in PLAN_FIELDS and field not in ("title", "position", "status")
            },
        )
        stamps = {unit: NEVER for unit in PLAN_FIELDS}
        plan = _with_origin(_merged(start, found[1:]), found)
        version = plan.version + 1
        plan = replace(plan, recorded_by=name, updated_at=now, version=version)
        values = {**row_values(plan), "version": version, "stamps": stamps_json(stamps)}
        tx.connection.execute(
            insert(t.plan).values(session_id=session.id, plan_action_id=plan.id, **values)
        )
        _history(tx, session.id, participant_id, plan, Change.TAKE, now, now)
        return SaveResult(f"plan:{plan.id}", plan, version)
    row = tx.plan_row(session.id, into, for_update=True)
    if row is None:
        raise ChangeRefused(NO_PLAN_ACTION)
    before = plan_of(row)
    plan = _rewrite(tx, row, _with_origin(_merged(before, found), found, before), name, now)
    _history(tx, session.id, participant_id, plan, Change.TAKE, now, now)
    return SaveResult(f"plan:{plan.id}", plan, plan.version)


def merge_plan_actions(
    tx: Transaction, code: str, recorder: Recorder, keep: str, other: str, now: datetime
) -> SaveResult:
    """Merge plan action ``other`` into ``keep``, as drafts are merged: ``keep`` gains its
    drafts (and so their votes), its proposers, its linked items and description, and
    what ``keep`` leaves empty; ``other`` leaves the plan. The history keeps both."""
    session, participant_id, name = recorder_of(tx, code, recorder)
    if keep == other:
        raise ChangeRefused(N_("An action cannot be merged into itself; choose another one."))
    row = tx.plan_row(session.id, keep, for_update=True)
    gone = tx.plan_row(session.id, other, for_update=True)
    if row is None or gone is None:
        raise ChangeRefused(NO_PLAN_ACTION)
    before, absorbed = plan_of(row), plan_of(gone)
    combined = replace(
        _merged(before, [("", absorbed)]),
        drafts=tuple(dict.fromkeys((*before.drafts, *absorbed.drafts))),
        proposed_by=tuple(dict.fromkeys((*before.proposed_by, *absorbed.proposed_by))),
    )
    tx.connection.execute(delete(t.plan).where(t.plan.c.id == gone.id))
    _history(tx, session.id, participant_id, absorbed, Change.DELETE, now, now)
    plan = _rewrite(tx, row, combined, name, now)
    _history(tx, session.id, participant_id, plan, Change.MERGE, now, now)
    return SaveResult(f"plan:{plan.id}", plan, plan.version)


def _rewrite(
    tx: Transaction, row: Row[Any], plan: PlanAction, name: str, now: datetime
) -> PlanAction:
    """Store ``plan`` over ``row``, stamping the fields it changed; the plan as stored."""
    before = plan_of(row)
    stamps = stamps_from_json(row.stamps, PLAN_FIELDS, Stamp(row.updated_at, row.version))
    version = row.version + 1
    changed = [unit for unit in PLAN_FIELDS if getattr(plan, unit) != getattr(before, unit)]
    stamps = {**stamps, **{unit: Stamp(now, version) for unit in changed}}
    plan = replace(plan, recorded_by=name, updated_at=now, version=version)
    tx.connection.execute(
        update(t.plan)
        .where(t.plan.c.id == row.id)
        .values(**row_values(plan), version=version, stamps=stamps_json(stamps))
    )
    return plan


def _taken(tx: Transaction, session_id: int) -> set[str]:
    rows = tx.connection.execute(select(t.plan).where(t.plan.c.session_id == session_id))
    return {draft for row in rows for draft in plan_of(row).drafts}


def _merged(plan: PlanAction, found: Iterable[tuple[str, Action | PlanAction]]) -> PlanAction:
    """``plan`` with what the drafts add: their linked items and their descriptions (each
    once); dates, owner and the other texts only where the plan has none yet."""
    merged = plan
    for _who, draft in found:
        described = [part for part in merged.description.split("\n\n") if part]
        extra: dict[str, Any] = {
            "items": tuple(dict.fromkeys((*merged.items, *draft.items))),
            "description": "\n\n".join(dict.fromkeys((*described, draft.description)))
            if draft.description
            else merged.description,
        }
        for name in ("owner", "partners", "start", "due", "resources", "indicator"):
            if not getattr(merged, name) and getattr(draft, name):
                extra[name] = getattr(draft, name)
        merged = replace(merged, **extra)
    return merged


def _with_origin(
    plan: PlanAction, found: Sequence[tuple[str, Action]], before: PlanAction | None = None
) -> PlanAction:
    kept = before or plan
    drafts = tuple(dict.fromkeys((*kept.drafts, *(draft.id for _, draft in found))))
    people = tuple(dict.fromkeys((*kept.proposed_by, *(who for who, _ in found))))
    return replace(plan, drafts=drafts, proposed_by=people)


def save_plan(
    tx: Transaction, code: str, recorder: Recorder, edit: PlanEdit, now: datetime
) -> SaveResult:
    """Merge ``edit`` into a plan action, field by field (see the module's docstring)."""
    if edit.edited_at.tzinfo is None:
        raise ChangeRefused(NO_TIME_ZONE)
    edited_at = min(edit.edited_at, now)
    session, participant_id, name = recorder_of(tx, code, recorder)
    fields = coerce(PlanAction, dict(edit.fields))
    refuse(action_problem(tx.framework_of(session), edit.plan_id, fields))
    row = tx.plan_row(session.id, edit.plan_id, for_update=True)
    if row is None:
        raise ChangeRefused(NO_PLAN_ACTION)
    current = plan_of(row)
    stored = stamps_from_json(row.stamps, PLAN_FIELDS, Stamp(row.updated_at, row.version))
    if "start" in fields or "due" in fields:
        start, due = fields.get("start", current.start), fields.get("due", current.due)
        refuse(action_problem(tx.framework_of(session), edit.plan_id, {"start": start, "due": due}))
    merged = merge_fields(
        edited_values_of(current), stored, fields, edit.base_version, edited_at, row.version + 1
    )
    result = current
    if merged.written:
        result = replace(
            current,
            **merged.values,
            recorded_by=name,
            updated_at=max(stamp.at for stamp in merged.stamps.values()),
            version=row.version + 1,
        )
        tx.connection.execute(
            update(t.plan)
            .where(t.plan.c.id == row.id)
            .values(**row_values(result), version=result.version, stamps=stamps_json(merged.stamps))
        )
        _history(tx, session.id, participant_id, result, Change.SAVE, now, edited_at)
    if merged.lost:
        older = replace(result, **merged.lost, updated_at=edited_at)
        _history(tx, session.id, participant_id, older, Change.KEPT_OLDER, now, edited_at)
    return SaveResult(edit_key(edit), result, result.version, merged.conflicts)


def edited_values_of(plan: PlanAction) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def remove_from_plan(
    tx: Transaction, code: str, recorder: Recorder, plan_id: str, now: datetime
) -> None:
    """Take an action out of the plan; the history keeps it, and its drafts can be taken
    again. Removing one that is gone already is not an error."""
    session, participant_id, _name = recorder_of(tx, code, recorder)
    row = tx.plan_row(session.id, plan_id, for_update=True)
    if row is None:
        return
    tx.connection.execute(delete(t.plan).where(t.plan.c.id == row.id))
    _history(tx, session.id, participant_id, plan_of(row), Change.DELETE, now, now)


def merge_plan_action(tx: Transaction, session: Row[Any], plan: PlanAction) -> bool:
    """Bring in a plan action from elsewhere (an import): the newer ``updated_at`` wins;
    whether it was written."""
    row = tx.plan_row(session.id, plan.id, for_update=True)
    if row is not None and row.updated_at >= (plan.updated_at or row.updated_at):
        return False
    version = 1 if row is None else row.version + 1
    saved = replace(plan, version=version)
    values = {**row_values(saved), "version": version, "stamps": "{}"}
    if row is None:
        tx.connection.execute(
            insert(t.plan).values(session_id=session.id, plan_action_id=plan.id, **values)
        )
    else:
        tx.connection.execute(update(t.plan).where(t.plan.c.id == row.id).values(**values))
    _history(tx, session.id, None, saved, Change.MERGE, utc_now(), plan.updated_at or utc_now())
    return True


def _history(
    tx: Transaction,
    session_id: int,
    participant_id: int | None,
    plan: PlanAction,
    change: Change,
    now: datetime,
    edited_at: datetime,
) -> None:
    add_history(
        tx.connection,
        session_id=session_id,
        participant_id=participant_id,
        subject=Subject.PLAN.value,
        subject_id=plan.id,
        change=change.value,
        data=record_json(plan),
        recorded_at=now,
        edited_at=edited_at,
    )
