"""A realistic workshop written into a real store: a baseline and a follow-up round.

Ten people of a mentor and a mentee city (and partners) answer every item of a
framework with notes, a few "don't know" and "not applicable", priorities and an
action plan; months later most of them answer again in a follow-up round. Answers
come from a seeded generator, so the figures are the same on every run.
``python -m tests.seeded_session OUT_DIR`` writes the follow-up's export and report.
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from inclusion_widgets.frameworks import Framework, load_framework
from inclusion_widgets.records import Action, ActionStatus, Answer, AnswerKind
from inclusion_widgets.store import Store

PEOPLE = [
    ("Ane Etxeberria", "Bilbao", "Bilbao City Council", "mentor"),
    ("Iñigo Larrañaga", "Bilbao", "Bilbao City Council", "mentor"),
    ("Miren Agirre", "Bilbao", "Biltzen", "mentor"),
    ("Līga Bērziņa", "Liepāja", "Liepāja City Council", "mentee"),
    ("Jānis Kalniņš", "Liepāja", "Liepāja City Council", "mentee"),
    ("Ilze Ozola", "Liepāja", "Social Service", "mentee"),
    ("Kārlis Liepiņš", "Liepāja", "Employment Agency", "mentee"),
    ("Dace Vītola", "Liepāja", "School Board", "mentee"),
    ("Ελένη Παπαδοπούλου", "Liepāja", "Migrant Forum", "partner"),
    ("Camille Durand", "Liepāja", "Red Cross", "partner"),
]
NOTES = [
    "We have a forum on paper, but it has not met since the spring.",
    "Only the social department is involved; housing and schools are not at the table.",
    "The state funds two caseworkers for 600 arrivals: that is not matched to the task.",
    "Data exists at the state level; the city does not receive it.",
    "The residents' council was consulted once, about the new community centre.",
    "Interpreters are available by phone in Ukrainian and Russian, not in Arabic.",
    "Families wait eight months on average; NGOs fill the gap.",
    "Mid-year arrivals go to one school only, which is full.",
]


@dataclass(frozen=True)
class Seeded:
    baseline: str
    followup: str
    key: str


def _answers(
    store: Store, code: str, framework: Framework, rng: random.Random, lift: int, at: datetime
) -> None:
    top = framework.get_scale().values[-1]
    for n, (name, city, organisation, role) in enumerate(PEOPLE):
        if lift and n == len(PEOPLE) - 1:
            continue  # one partner did not come back for the follow-up
        person, _ = store.join(code, name, city, organisation, role)
        for k, item in enumerate(framework.items):
            roll = rng.random()
            centre = 1 + k % 3 + (1 if role == "mentor" else 0) + lift
            wide = 2 if k in (2, 6, 9) else 1  # a few items people disagree on
            if roll < 0.05:
                answer = Answer(item.id, AnswerKind.DONT_KNOW)
            elif roll < 0.08:
                answer = Answer(item.id, AnswerKind.NOT_APPLICABLE)
            else:
                level = min(max(centre + rng.randint(-wide, wide), 0), top)
                answer = Answer(item.id, AnswerKind.LEVEL, level)
            if rng.random() < 0.3:
                answer = Answer(
                    answer.item_id, answer.kind, answer.level, note=NOTES[(n + k) % len(NOTES)]
                )
            if rng.random() < 0.15:
                answer = Answer(
                    answer.item_id, answer.kind, answer.level, answer.note, priority=True
                )
            stamp = at + timedelta(minutes=n * 3 + k)
            store.save_answer(code, person.id, answer, updated_at=stamp)


def seed_workshop(store: Store, framework: Framework | None = None) -> Seeded:
    """The baseline and the follow-up round of one mentoring pair, with an action plan."""
    framework = framework or load_framework("oecd-12")
    rng = random.Random(8)
    baseline_day = datetime(2025, 9, 16, 9, 0, tzinfo=UTC)
    followup_day = datetime(2026, 2, 24, 9, 0, tzinfo=UTC)
    with store.transaction() as tx:  # the only way to give a session the day it was held
        info, key = tx.create_session(
            framework,
            "Liepāja and Bilbao: welcoming newcomers",
            "Bilbao",
            "Liepāja",
            "Reception and first steps of newcomers",
            created_at=baseline_day,
        )
        followup, _followup_key = tx.create_session(
            framework,
            "Liepāja and Bilbao: follow-up workshop",
            "Bilbao",
            "Liepāja",
            "Reception and first steps of newcomers",
            baseline=info.code,
            created_at=followup_day,
        )
    _answers(store, info.code, framework, rng, 0, baseline_day + timedelta(minutes=30))
    _answers(store, followup.code, framework, rng, 1, followup_day + timedelta(minutes=30))
    owner = store.participants(followup.code)[3]
    items = [item.id for item in framework.items]
    start = date(2026, 3, 2)
    plan = [
        Action("a1", "Revive the integration forum with a fixed calendar",
               "Four meetings a year, chaired by the deputy mayor; minutes published.",
               (items[0], items[1]), "Līga Bērziņa", "Regional state office; Red Cross Latvia",
               start, start + timedelta(days=90), "", "Four meetings held in 2026",
               ActionStatus.PLANNED, 3, 1, 0),
        Action("a2", "Agree a data-sharing protocol with the state", "", (items[3],),
               "Jānis Kalniņš", "Ministry of the Interior", start + timedelta(days=30),
               start + timedelta(days=240), "", "Monthly arrival figures received by the city",
               ActionStatus.IN_PROGRESS, 3, 3, 1),
        Action("a3", "One front desk in the library, two afternoons a week",
               "Bilbao's welcome office model, adapted to a smaller team.", (items[8],),
               "Ilze Ozola", "City library; Ελληνικό Φόρουμ Μεταναστών", start,
               start + timedelta(days=150), "", "200 visits in the first six months",
               ActionStatus.IDEA, 2, 2, 2),
    ]  # fmt: skip
    for action in plan:
        store.save_action(followup.code, owner.id, action)
    return Seeded(info.code, followup.code, key)


if __name__ == "__main__":
    from inclusion_widgets.exchange import export_session
    from inclusion_widgets.report import write_report

    out = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/seeded.sqlite")
        seeded = seed_workshop(store)
        for path in export_session(store, seeded.followup, out, report=write_report):
            print(path)
        store.close()
