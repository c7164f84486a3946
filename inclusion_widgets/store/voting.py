"""Participants' votes on gaps and draft actions, within the number each one has.

A participant spends a vote on a target (``gap:ITEM`` or ``draft:ACTION``) or takes one
back; a vote beyond their number is refused with a sentence (shown where they clicked),
and nothing else changes. Every vote and every vote taken back is kept in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, update

from inclusion_widgets.i18n import N_
from inclusion_widgets.record_fields import to_plain
from inclusion_widgets.records import DRAFT, GAP, Vote
from inclusion_widgets.store import schema as t
from inclusion_widgets.store.errors import ChangeRefused, StoreError
from inclusion_widgets.store.models import Change, Subject
from inclusion_widgets.store.tokens import Authority
from inclusion_widgets.store.transaction import Transaction

MOST_VOTES = 20
"""The most votes a facilitator can give each participant."""

NO_VOTES_LEFT = N_(
    "You have no votes left (each person has {n}). Take one back from something else to "
    "vote for this."
)
NOTHING_TO_TAKE_BACK = N_("You have no vote on this to take back.")
NOT_A_TARGET = N_("There is nothing to vote for here any more; reload the page.")


def vote(
    tx: Transaction, code: str, participant_id: int, target: str, change: int, now: datetime
) -> Vote:
    """Add ``change`` (1: a vote, -1: one taken back) to the participant's votes on
    ``target``; the vote as it now stands."""
    if change not in (1, -1):
        raise ValueError("a vote is given or taken back one at a time")
    try:
        session = tx.writer_session_row(code, participant_id)
    except StoreError as error:
        raise ChangeRefused(error.template, target, params=error.params) from error
    _check_target(tx, session, target)
    # One vote of a person at a time: another tab's vote waits until this one is counted.
    tx.connection.execute(
        select(t.participants.c.id).where(t.participants.c.id == participant_id).with_for_update()
    )
    row = tx.connection.execute(
        select(t.votes)
        .where(t.votes.c.participant_id == participant_id, t.votes.c.target == target)
        .with_for_update()
    ).first()
    now_votes = 0 if row is None else row.votes
    if change < 0 and now_votes == 0:
        raise ChangeRefused(NOTHING_TO_TAKE_BACK, target)
    if change > 0:
        spent = tx.connection.execute(
            select(func.coalesce(func.sum(t.votes.c.votes), 0)).where(
                t.votes.c.participant_id == participant_id
            )
        ).scalar_one()
        if spent >= session.votes_each:
            raise ChangeRefused(NO_VOTES_LEFT, target, params=(("n", session.votes_each),))
    result = Vote(target, now_votes + change, now)
    if row is None:
        tx.connection.execute(
            insert(t.votes).values(
                session_id=session.id,
                participant_id=participant_id,
                target=target,
                votes=result.votes,
                updated_at=now,
            )
        )
    else:
        tx.connection.execute(
            update(t.votes).where(t.votes.c.id == row.id).values(votes=result.votes, updated_at=now)
        )
    tx.history_entry(
        session.id, participant_id, Subject.VOTE, target, Change.SAVE, to_plain(result)
    )
    return result


def _check_target(tx: Transaction, session: Row[Any], target: str) -> None:
    kind, _, target_id = target.partition(":")
    if kind == GAP:
        known = target_id in {item.id for item in tx.framework_of(session).items}
    elif kind == DRAFT:
        known = (
            tx.connection.execute(
                select(t.actions.c.id)
                .join(t.participants, t.participants.c.id == t.actions.c.participant_id)
                .where(
                    t.actions.c.session_id == session.id,
                    t.actions.c.action_id == target_id,
                    t.participants.c.removed_at.is_(None),
                )
            ).first()
            is not None
        )
    else:
        known = False
    if not known:
        raise ChangeRefused(NOT_A_TARGET, target)


def set_votes_each(tx: Transaction, code: str, key: Authority, votes_each: int) -> None:
    """How many votes each participant has from now on; votes already given stay."""
    if not 0 <= votes_each <= MOST_VOTES:
        raise ChangeRefused(
            N_("Each participant can have 0 to {most} votes."),
            "votes_each",
            params=(("most", MOST_VOTES),),
        )
    row = tx.require_key(code, key)
    if row.votes_each != votes_each:
        tx.connection.execute(
            update(t.sessions).where(t.sessions.c.id == row.id).values(votes_each=votes_each)
        )
        tx.history_entry(
            row.id, None, Subject.SESSION, row.code, Change.VOTES_EACH, {"votes_each": votes_each}
        )


def merge_vote(tx: Transaction, session: Row[Any], participant_id: int, vote: Vote) -> bool:
    """Bring in a participant's votes on a target from elsewhere (an import): the newer
    ``updated_at`` wins; whether it was written. The number each has is not checked:
    the votes were given within it where they were given."""
    row = tx.connection.execute(
        select(t.votes)
        .where(t.votes.c.participant_id == participant_id, t.votes.c.target == vote.target)
        .with_for_update()
    ).first()
    stamp = vote.updated_at or session.created_at
    if row is not None and row.updated_at >= stamp:
        return False
    if row is None:
        tx.connection.execute(
            insert(t.votes).values(
                session_id=session.id,
                participant_id=participant_id,
                target=vote.target,
                votes=vote.votes,
                updated_at=stamp,
            )
        )
    else:
        tx.connection.execute(
            update(t.votes).where(t.votes.c.id == row.id).values(votes=vote.votes, updated_at=stamp)
        )
    tx.history_entry(
        session.id, participant_id, Subject.VOTE, vote.target, Change.MERGE, to_plain(vote)
    )
    return True


def fold_votes(tx: Transaction, code: str, keep_id: int, other_id: int, now: datetime) -> None:
    """Give ``keep_id`` the votes of ``other_id`` (someone who joined twice and is merged),
    newest first, as far as ``keep_id``'s number of votes allows; the history keeps both."""
    session = tx.session_row(code)
    spent = tx.connection.execute(
        select(func.coalesce(func.sum(t.votes.c.votes), 0)).where(
            t.votes.c.participant_id == keep_id
        )
    ).scalar_one()
    theirs = tx.connection.execute(
        select(t.votes)
        .where(t.votes.c.participant_id == other_id, t.votes.c.votes > 0)
        .order_by(t.votes.c.updated_at.desc())
    ).all()
    for row in theirs:
        moved = min(row.votes, session.votes_each - spent)
        if moved <= 0:
            return
        current = tx.connection.execute(
            select(t.votes)
            .where(t.votes.c.participant_id == keep_id, t.votes.c.target == row.target)
            .with_for_update()
        ).first()
        now_votes = 0 if current is None else current.votes
        merge_vote(tx, session, keep_id, Vote(row.target, now_votes + moved, now))
        spent += moved
