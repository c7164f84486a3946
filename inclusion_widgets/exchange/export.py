"""Everything a session holds, out of the store and into files.

Store-facing side of the exchange: reads a session through the store's API and lays it
out with :mod:`.frames`, :mod:`.summary`, :mod:`.csv_format` and :mod:`.bundle`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from inclusion_widgets.exchange.agreed import agreed_frame_from
from inclusion_widgets.exchange.bundle import (
    Bundle,
    Metadata,
    ParticipantRecord,
    RoundPairRecord,
    SessionRecord,
    write_bundle,
)
from inclusion_widgets.exchange.columns import (
    ACTION_COLUMNS,
    ACTION_NOT_TEXT,
    AGREED_COLUMNS,
    AGREED_NOT_TEXT,
    ANSWER_COLUMNS,
    ANSWER_NOT_TEXT,
    PLAN_COLUMNS,
    PLAN_NOT_TEXT,
    SUMMARY_COLUMNS,
    SUMMARY_NOT_TEXT,
    VOTE_COLUMNS,
    VOTE_NOT_TEXT,
)
from inclusion_widgets.exchange.csv_format import write_csv
from inclusion_widgets.exchange.frames import actions_frame_from, answers_frame_from
from inclusion_widgets.exchange.parse import Person
from inclusion_widgets.exchange.plan import plan_frame_from, votes_frame_from
from inclusion_widgets.exchange.summary import summary_frame
from inclusion_widgets.store.names import distinct_names

if TYPE_CHECKING:
    from inclusion_widgets.store import Store

ReportHook = Callable[["Store", str, Path], Path]
"""Writes the HTML report of a session into a folder and returns its path."""


def answers_frame(store: Store, code: str) -> pd.DataFrame:
    """The answers table of a session (``ANSWER_COLUMNS``), unanswered items included."""
    return answers_frame_from(
        store.session(code),
        store.framework(code),
        store.participants(code),
        [(row.participant_id, row.answer) for row in store.answers(code)],
    )


def actions_frame(store: Store, code: str) -> pd.DataFrame:
    """The actions table of a session (``ACTION_COLUMNS``)."""
    return actions_frame_from(
        store.session(code),
        store.participants(code),
        [(row.participant_id, row.action) for row in store.actions(code)],
    )


def agreed_frame(store: Store, code: str) -> pd.DataFrame:
    """The group's agreed assessment of a session (``AGREED_COLUMNS``), every scored item."""
    return agreed_frame_from(store.session(code), store.framework(code), store.agreed(code))


def plan_frame(store: Store, code: str) -> pd.DataFrame:
    """The group's plan of a session (``PLAN_COLUMNS``), most votes first."""
    return plan_frame_from(store.session(code), store.plan(code), store.tally(code).counts)


def session_record(store: Store, code: str) -> SessionRecord:
    info = store.session(code)
    return SessionRecord(
        code=info.code,
        title=info.title,
        framework_id=info.framework_id,
        framework_version=info.framework_version,
        mentor_city=info.mentor_city,
        mentee_city=info.mentee_city,
        theme=info.theme,
        round=info.round,
        baseline_code=info.baseline_code,
        created_at=info.created_at,
        locked=info.locked,
        results_visible=info.results_visible,
        language=info.language,
        votes_each=info.votes_each,
    )


def round_pair_records(store: Store, code: str) -> tuple[RoundPairRecord, ...]:
    """The facilitator's pairs of follow-up ``code``, each baseline participant named as
    the baseline's bundle names them; pairs with someone since removed are left out."""
    baseline = store.session(code).baseline_code
    if not baseline:
        return ()
    before = {person.id: person for person in store.participants(baseline)}
    names = distinct_names(list(before.values()))
    after = {person.id for person in store.participants(code)}
    return tuple(
        RoundPairRecord(
            session=code,
            followup=str(new),
            baseline=Person(
                names[old], before[old].city, before[old].organisation, before[old].role
            ),
        )
        for old, new in store.round_pairs(code)
        if old in before and new in after
    )


def session_bundle(store: Store, code: str, exported_at: datetime | None = None) -> Bundle:
    """A session as a :class:`Bundle` (write it with :func:`.bundle.write_bundle`)."""
    framework = store.framework(code)
    answers = answers_frame(store, code)
    people = store.participants(code)
    names = distinct_names(people)
    return Bundle(
        metadata=Metadata(
            exported_at=exported_at or datetime.now(UTC),
            sessions=(session_record(store, code),),
            frameworks={code: framework},
            participants=tuple(
                ParticipantRecord(
                    session=code,
                    id=str(person.id),
                    name=names[person.id],
                    city=person.city,
                    organisation=person.organisation,
                    role=person.role,
                    joined_at=person.joined_at,
                    language=person.language,
                )
                for person in people
            ),
            round_pairs=round_pair_records(store, code),
        ),
        answers=write_csv(answers, ANSWER_COLUMNS, ANSWER_NOT_TEXT),
        actions=write_csv(actions_frame(store, code), ACTION_COLUMNS, ACTION_NOT_TEXT),
        summary=write_csv(summary_frame(answers, framework), SUMMARY_COLUMNS, SUMMARY_NOT_TEXT),
        agreed=write_csv(agreed_frame(store, code), AGREED_COLUMNS, AGREED_NOT_TEXT),
        plan=write_csv(plan_frame(store, code), PLAN_COLUMNS, PLAN_NOT_TEXT),
        votes=write_csv(
            votes_frame_from(store.session(code), people, store.votes(code)),
            VOTE_COLUMNS,
            VOTE_NOT_TEXT,
        ),
    )


def export_session(
    store: Store, code: str, out_dir: Path, report: ReportHook | None = None
) -> list[Path]:
    """Write ``CODE-answers.csv``, ``CODE-actions.csv``, ``CODE-agreed.csv``,
    ``CODE-plan.csv``, ``CODE-summary.csv`` and ``CODE-bundle.zip`` into ``out_dir``
    (created if needed); with ``report``, also the HTML report it writes. Returns the
    paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = session_bundle(store, code)
    files = {
        f"{code}-answers.csv": bundle.answers,
        f"{code}-actions.csv": bundle.actions,
        f"{code}-agreed.csv": bundle.agreed or b"",
        f"{code}-plan.csv": bundle.plan or b"",
        f"{code}-summary.csv": bundle.summary or b"",
        f"{code}-bundle.zip": write_bundle(bundle),
    }
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    if report is not None:
        written.append(report(store, code, out_dir))
    return written
