"""Export and dashboard figures at workshop scale, against plain pandas on the same frame.

- Export: 100,000 answers (1,000 participants x 100 items) written by
  ``exchange.csv_format.write_csv`` with the answers columns (formula guard, UTF-8 with
  byte-order mark, CRLF) vs ``DataFrame.to_csv`` of the same frame, encoded to UTF-8.
- Figures: ``analysis.item_summary``, ``disagreement``, ``compare_groups`` and
  ``participant_progress`` for 50 participants x 100 items vs one bare
  ``groupby().agg()`` per figure (per item, per item and role, per participant).

The framework is made for the benchmark: 10 groups of 10 items on the maturity scale of
the largest shipped framework. Answers are random but fixed (seeded): mostly levels,
some "don't know", "not applicable" and unanswered, notes in several languages, some
starting with ``=`` so the formula guard has work to do.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from common import Measurement, Options, median, timed

EXPORT_TARGET_RATIO = 1.5
NOTES = ("", "", "Forum meets monthly.", "Δεν υπάρχει ακόμη.", "=SUM(A1:A3)", "Hay que preguntar.")
ROLES = ("mentor", "mentee", "partner")
CITIES = ("Riga", "Larissa", "Jelgava", "Málaga")


class Person(NamedTuple):
    id: str
    name: str
    city: str
    organisation: str
    role: str
    language: str = ""


class Round(NamedTuple):
    code: str
    round: int
    framework_id: str
    framework_version: str
    language: str = "en"


def bench_framework(groups: int = 10, per_group: int = 10) -> Any:
    """A framework of ``groups`` x ``per_group`` items, on the largest framework's scale."""
    from inclusion_widgets.frameworks import Framework, load_framework

    data = load_framework("liat").to_dict()
    template = data["groups"][0]["items"][0]
    data.update(id="bench", title="Benchmark framework", context_questions=[])
    data["groups"] = [
        {
            "id": f"bench/g{g}",
            "title": f"Group {g}",
            "description": "",
            "items": [
                {**template, "id": f"bench/{g}.{i}", "title": f"Item {g}.{i}"}
                for i in range(per_group)
            ],
        }
        for g in range(groups)
    ]
    return Framework.from_dict(data)


def random_answers(framework: Any, participants: int, seed: int = 9) -> list[tuple[str, Any]]:
    from inclusion_widgets.records import Answer, AnswerKind

    rng = random.Random(seed)
    start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    answers = []
    for person in range(participants):
        for item in framework.items:
            draw = rng.random()
            if draw < 0.08:
                continue
            kind = (
                AnswerKind.DONT_KNOW
                if draw < 0.16
                else AnswerKind.NOT_APPLICABLE
                if draw < 0.2
                else AnswerKind.LEVEL
            )
            answers.append(
                (
                    str(person),
                    Answer(
                        item.id,
                        kind,
                        rng.randint(0, 4) if kind is AnswerKind.LEVEL else None,
                        note=rng.choice(NOTES),
                        priority=rng.random() < 0.1,
                        updated_at=start + timedelta(seconds=rng.randint(0, 7200)),
                    ),
                )
            )
    return answers


def people(count: int) -> list[Person]:
    return [
        Person(str(n), f"Participant {n}", CITIES[n % 4], f"Office {n % 7}", ROLES[n % 3])
        for n in range(count)
    ]


def export_frame(framework: Any, participants: int) -> Any:
    """The tidy answers table of the export (unanswered items included)."""
    from inclusion_widgets.exchange.frames import answers_frame_from

    return answers_frame_from(
        Round("BENCH1", 1, framework.id, framework.version),
        framework,
        people(participants),
        random_answers(framework, participants),
    )


def analysis_frame(framework: Any, participants: int) -> Any:
    """The analysis answers frame for ``participants`` people (see ``analysis.frame``)."""
    from inclusion_widgets.analysis import answers_frame

    who = {person.id: person for person in people(participants)}
    rows = [
        {
            "session": "BENCH1",
            "participant": who[pid].name,
            "city": who[pid].city,
            "organisation": who[pid].organisation,
            "role": who[pid].role,
            "item": answer.item_id,
            "level": answer.level,
            "answer_kind": answer.kind.value,
            "note": answer.note,
            "priority": answer.priority,
            "updated_at": answer.updated_at,
        }
        for pid, answer in random_answers(framework, participants)
    ]
    return answers_frame(framework, rows)


def figures(frame: Any, framework: Any) -> None:
    from inclusion_widgets import analysis

    analysis.item_summary(frame, framework)
    analysis.disagreement(frame, framework)
    analysis.compare_groups(frame, framework, "role", "mentor", "mentee")
    analysis.participant_progress(frame, framework)


def bare_figures(frame: Any) -> None:
    levels = frame[frame["answer_kind"] == "level"]
    levels.groupby("item")["level"].agg(["count", "mean", "median", "min", "max"])
    levels.groupby("item")["level"].agg(["std", "min", "max"])
    levels.groupby(["item", "role"])["level"].agg(["count", "mean", "median"])
    frame.groupby("participant").agg(
        answered=("answer_kind", "count"),
        priorities=("priority", "sum"),
        updated=("updated_at", "max"),
    )


def write_ours(frame: Any) -> bytes:
    from inclusion_widgets.exchange.columns import ANSWER_COLUMNS, ANSWER_NOT_TEXT
    from inclusion_widgets.exchange.csv_format import write_csv

    return write_csv(frame, ANSWER_COLUMNS, ANSWER_NOT_TEXT)


def write_bare(frame: Any) -> bytes:
    return str(frame.to_csv(index=False)).encode("utf-8")


def run(options: Options) -> list[Measurement]:
    repeats = 3 if options.quick else 7
    framework = bench_framework()
    export_participants = 200 if options.quick else 1000
    exported = export_frame(framework, export_participants)
    ours = median(timed(lambda: write_ours(exported), repeats))
    bare = median(timed(lambda: write_bare(exported), repeats))
    small = analysis_frame(framework, 50)
    ours_figures = median(timed(lambda: figures(small, framework), repeats))
    bare_groupby = median(timed(lambda: bare_figures(small), repeats))
    return [
        Measurement(
            name=f"export {len(exported):,} answers to CSV, median of {repeats}",
            value=ours,
            baseline=bare,
            unit="s",
            baseline_label="DataFrame.to_csv of the same frame",
            target=f"<= {EXPORT_TARGET_RATIO}x",
            met=ours / bare <= EXPORT_TARGET_RATIO,
        ),
        Measurement(
            name=f"dashboard figures, 50 participants x {len(framework.items)} items",
            value=ours_figures,
            baseline=bare_groupby,
            unit="s",
            baseline_label="bare groupby().agg() per figure",
            notes=("item_summary, disagreement, compare_groups, participant_progress",),
        ),
    ]
