"""The group's plan and the votes as tables.

``CODE-plan.csv`` holds one row per plan action, most votes first, with its status in
words ("In progress"); a bundle also carries ``votes.csv``, each participant's votes, so
that an import restores the plan and the votes. Reading either file back checks every
cell and names the row and column of each problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from inclusion_widgets.exchange.columns import (
    PLAN_COLUMNS,
    PLAN_NOT_TEXT,
    VOTE_COLUMNS,
    VOTE_NOT_TEXT,
)
from inclusion_widgets.exchange.csv_format import Table
from inclusion_widgets.exchange.frames import ParticipantFacts, ParticipantId, SessionFacts
from inclusion_widgets.exchange.parse import (
    Frameworks,
    Person,
    _Cells,
    _framework_for,
    _record_values,
)
from inclusion_widgets.exchange.problems import ImportProblem, at, problem, shown
from inclusion_widgets.i18n import N_, Sentence
from inclusion_widgets.priorities import ordered_plan, plan_votes
from inclusion_widgets.record_fields import file_row
from inclusion_widgets.records import DRAFT, GAP, ActionStatus, PlanAction, Vote
from inclusion_widgets.store.names import distinct_names


def plan_frame_from(
    session: SessionFacts, plan: Iterable[PlanAction], counts: Mapping[str, int]
) -> pd.DataFrame:
    """One row per plan action, most votes first, its status in words."""
    rows: list[dict[str, Any]] = [
        {
            "session": session.code,
            "round": session.round,
            **file_row(action),
            "status": action.status.label,
            "votes": plan_votes(action, counts),
        }
        for action in ordered_plan(plan, counts)
    ]
    frame = pd.DataFrame(rows, columns=list(PLAN_COLUMNS))
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    for column in ("round", "position", "votes"):
        frame[column] = frame[column].astype("int64")
    return frame


def votes_frame_from(
    session: SessionFacts,
    participants: Sequence[ParticipantFacts],
    votes: Iterable[tuple[ParticipantId, Vote]],
) -> pd.DataFrame:
    """One row per participant and target they voted for (a bundle's ``votes.csv``)."""
    people = {person.id: person for person in participants}
    names = distinct_names(participants)
    rows: list[dict[str, Any]] = []
    for participant_id, vote in votes:
        person = people.get(participant_id)
        if person is None:
            continue
        rows.append(
            {
                "session": session.code,
                "round": session.round,
                "participant": names[person.id],
                "city": person.city,
                "organisation": person.organisation,
                "role": person.role,
                **file_row(vote),
            }
        )
    frame = pd.DataFrame(rows, columns=list(VOTE_COLUMNS))
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    for column in ("round", "votes"):
        frame[column] = frame[column].astype("int64")
    return frame


@dataclass(frozen=True)
class PlanRow:
    """One row of a plan CSV: where it came from, its session, and the plan action."""

    file: str
    row: int
    session: str
    plan: PlanAction


@dataclass(frozen=True)
class VoteRow:
    """One row of a votes file: its session, whose votes, and on what."""

    file: str
    row: int
    session: str
    person: Person
    vote: Vote


_STATUS_WORDS = {
    **{status.label.casefold(): status.value for status in ActionStatus},
    **{status.value: status.value for status in ActionStatus},
}


def parse_plan(table: Table, frameworks: Frameworks = None) -> tuple[PlanRow, ...]:
    """Every row of a plan CSV as a :class:`PlanRow`, or :class:`ImportProblem`."""
    problems: list[Sentence] = []
    rows: list[PlanRow] = []
    for number, values in table.rows:
        cells = _Cells(table, number, values, PLAN_NOT_TEXT)
        session = cells.text("session", required=True)
        words = cells.values["status"].strip()
        status = _STATUS_WORDS.get(words.casefold())
        if status is None:
            said = ", ".join(f"“{status.label}”" for status in ActionStatus)
            cells.fail(
                "status",
                N_("{value} is none of {choices}."),
                (("value", shown(words)), ("choices", said)),
            )
        # Read as a code from here on (the row is dropped anyway when the words were wrong).
        cells.values["status"] = status or ActionStatus.PLANNED.value
        fields = _record_values(cells, PlanAction, _framework_for(frameworks, session))
        for column in ("round", "votes"):
            cells.text(column)
        problems.extend(cells.problems)
        if cells.problems or fields is None:
            continue
        rows.append(PlanRow(table.name, number, session, PlanAction(**fields)))
    if problems:
        raise ImportProblem(problems)
    return tuple(rows)


def parse_votes(table: Table) -> tuple[VoteRow, ...]:
    """Every row of a votes file as a :class:`VoteRow`, or :class:`ImportProblem`."""
    problems: list[Sentence] = []
    rows: list[VoteRow] = []
    for number, values in table.rows:
        cells = _Cells(table, number, values, VOTE_NOT_TEXT)
        session = cells.text("session", required=True)
        person = cells.person()
        fields = _record_values(cells, Vote, None)
        cells.text("round")
        target = cells.values["target"]
        if fields is not None and not target.startswith((f"{GAP}:", f"{DRAFT}:")):
            problems.append(
                problem(
                    at(table.name, number, "target"),
                    N_("{value} is no gap or draft."),
                    (("value", shown(target)),),
                )
            )
        problems.extend(cells.problems)
        if cells.problems or fields is None:
            continue
        rows.append(VoteRow(table.name, number, session, person, Vote(**fields)))
    if problems:
        raise ImportProblem(problems)
    return tuple(rows)
