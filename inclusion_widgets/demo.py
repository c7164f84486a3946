"""Demonstration data: a mentoring pair per IncluCities theme, two rounds each.

The cities are the real IncluCities mentoring pairs; the people, answers, notes and
actions are invented and marked as demonstration data everywhere they appear.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from inclusion_widgets.edits import AgreedEdit, PlanEdit
from inclusion_widgets.frameworks import Framework, load_framework
from inclusion_widgets.records import (
    Action,
    ActionStatus,
    Answer,
    AnswerKind,
    PlanAction,
    new_action_id,
)
from inclusion_widgets.store import SessionInfo, Store
from inclusion_widgets.store.models import Recorder

DEMO_MARK = "DEMO"


@dataclass(frozen=True)
class Pair:
    framework: str
    theme: str
    mentor_city: str
    mentee_city: str
    mentee_language_note: str


PAIRS = (
    Pair(
        "inclucities-gender",
        "Gender-sensitive integration",
        "Brussels",
        "Saint-Jean-de-la-Ruelle",
        "Les femmes arrivées récemment ne viennent pas aux réunions du soir.",
    ),
    Pair(
        "inclucities-city-for-all",
        "A city for all",
        "Mechelen",
        "Capaci",
        "Serve un messaggio comune del sindaco e delle associazioni.",
    ),
    Pair(
        "inclucities-labour",
        "Labour market integration",
        "Fuenlabrada",
        "Livadia",
        "Χρειαζόμαστε συνεργασία με τον ΔΥΠΑ για την εγγραφή των προσφύγων.",
    ),
    Pair(
        "inclucities-language",
        "Language learning",
        "Schaerbeek",
        "Jelgava",
        "Valodas kursi vakaros ir pilni; trūkst bērnu pieskatīšanas.",
    ),
)

FIRST_NAMES = (
    "Amira", "Bram", "Chiara", "Dimitra", "Elena", "Farid", "Greta", "Hugo",
    "Ilze", "Jonas", "Karim", "Lucía", "Marta", "Nikos", "Olga", "Pieter",
)  # fmt: skip

NOTES = {
    0: "Nothing exists yet; nobody has been asked to start it.",
    1: "Discussed in the council, but no budget or owner so far.",
    2: "A first project runs with one NGO; it depends on project money.",
    3: "Part of the yearly plan with a named team; not yet evaluated.",
    4: "Embedded in the strategy and evaluated every year with migrant groups.",
}

ACTION_TEMPLATES = (
    ("Map who does what", "List every service and partner and share it with front-desk staff."),
    ("Consult migrant women", "Hold three listening sessions with childcare and interpreters."),
    ("Agree a lead person", "Name one coordinator and give them a small budget line."),
    ("Start a volunteer scheme", "Recruit and train volunteers with two community partners."),
)


@dataclass(frozen=True)
class DemoSession:
    """A demonstration session and its facilitator key."""

    info: SessionInfo
    key: str


def _round_answers(
    rng: random.Random, framework: Framework, truth: dict[str, int], bias: float, note_extra: str
) -> list[Answer]:
    answers = []
    top = max(framework.get_scale().values)
    for item in framework.items:
        roll = rng.random()
        if roll < 0.06:
            answers.append(Answer(item.id, AnswerKind.DONT_KNOW, note="We need to ask the team."))
            continue
        if roll < 0.08:
            answers.append(Answer(item.id, AnswerKind.NOT_APPLICABLE))
            continue
        if roll < 0.12:
            continue
        level = round(truth[item.id] + bias + rng.gauss(0, 0.7))
        level = max(0, min(top, level))
        note = NOTES.get(level, "") if rng.random() < 0.5 else ""
        if note and rng.random() < 0.2:
            note = f"{note} {note_extra}"
        answers.append(
            Answer(
                item.id,
                AnswerKind.LEVEL,
                level,
                note=note,
                evidence="Council decision 2024/17" if level >= 3 and rng.random() < 0.3 else "",
                priority=level <= 1 and rng.random() < 0.6,
            )
        )
    for question in framework.context_questions:
        if rng.random() < 0.5:
            answers.append(Answer(question.id, note="About 2,000 newcomers in the last two years."))
    return answers


def _people(rng: random.Random, pair: Pair, count: int) -> list[tuple[str, str, str, str]]:
    roles = ["mentor"] * 3 + ["partner"] * 2 + ["mentee"] * (count - 5)
    names = rng.sample(FIRST_NAMES, count)
    people = []
    for name, role in zip(names, roles, strict=True):
        city = pair.mentor_city if role == "mentor" else pair.mentee_city
        organisation = {
            "mentor": f"City of {pair.mentor_city}",
            "mentee": f"City of {pair.mentee_city}",
            "partner": "Local migrant association",
        }[role]
        people.append((f"{name} ({DEMO_MARK})", city, organisation, role))
    return people


def create_demo(store: Store, seed: int = 2026) -> list[DemoSession]:
    """Fill ``store`` with a baseline and a follow-up round for every mentoring pair."""
    rng = random.Random(seed)  # noqa: S311 - demonstration data, not secrets
    sessions = []
    for index, pair in enumerate(PAIRS):
        framework = load_framework(pair.framework)
        top = max(framework.get_scale().values)
        truth = {item.id: rng.randint(0, max(1, top - 2)) for item in framework.items}
        people = _people(rng, pair, 12 if index == 0 else rng.randint(8, 11))
        baseline, key = store.create_session(
            framework,
            title=f"{DEMO_MARK}: {pair.theme}, {pair.mentor_city} mentors {pair.mentee_city}",
            mentor_city=pair.mentor_city,
            mentee_city=pair.mentee_city,
            theme=pair.theme,
        )
        followup, followup_key = store.create_followup(
            baseline.code, key, f"{baseline.title} (follow-up)"
        )
        for round_info, gain in ((baseline, 0.0), (followup, 1.0)):
            for name, city, organisation, role in people:
                participant, _token = store.join(round_info.code, name, city, organisation, role)
                bias = {"mentor": -0.4, "mentee": 0.5, "partner": 0.0}[role] + gain
                for answer in _round_answers(
                    rng, framework, truth, bias, pair.mentee_language_note
                ):
                    store.save_answer(round_info.code, participant.id, answer)
                if role == "mentee":
                    _plan(rng, store, round_info.code, participant.id, framework, truth)
            round_key = key if round_info is baseline else followup_key
            _agree(store, round_info.code, round_key, framework, truth, round(gain))
            # Its own generator, so the answers above stay what they were before votes existed.
            plan_rng = random.Random(seed * 100 + 2 * index + round(gain))  # noqa: S311
            _vote_and_consolidate(plan_rng, store, round_info.code, round_key, round(gain))
        sessions += [DemoSession(baseline, key), DemoSession(followup, followup_key)]
    return sessions


def _agree(
    store: Store, code: str, key: str, framework: Framework, truth: dict[str, int], gain: int
) -> None:
    """What the group agreed for the first two thirds of the items (the rest: not yet)."""
    top = max(framework.get_scale().values)
    discussed = framework.items[: max(1, 2 * len(framework.items) // 3)]
    for item in discussed:
        level = max(0, min(top, truth[item.id] + gain))
        fields = {
            "kind": AnswerKind.LEVEL,
            "level": level,
            "reasoning": f"{DEMO_MARK}: {NOTES.get(level, '')} Mentor and mentee agreed.",
            "revisit": level <= 1,
        }
        edit = AgreedEdit(item.id, fields, 0, datetime.now(UTC))
        store.save_agreed(code, Recorder(key=key), edit)


def _vote_and_consolidate(
    rng: random.Random, store: Store, code: str, key: str, followup: int
) -> None:
    """Everyone spends their votes on gaps and drafts; the facilitator takes the drafts
    into the group's plan, merging those that answer the same item, and gives each plan
    action an owner, a due date and a status (further along in the follow-up round)."""
    drafts = [(entry.participant_id, entry.action) for entry in store.actions(code)]
    gaps = [f"gap:{r.item_id}" for r in store.agreed(code) if r.revisit]
    targets = gaps + [f"draft:{action.id}" for _, action in drafts]
    if targets:
        for person in store.participants(code):
            for target in rng.choices(targets, k=store.session(code).votes_each):
                store.vote(code, person.id, target)
    by_item: dict[str, list[tuple[int, str]]] = {}
    for participant_id, action in drafts:
        by_item.setdefault(action.items[0], []).append((participant_id, action.id))
    facilitator = Recorder(key=key)
    statuses = ("planned", "in_progress") if not followup else ("in_progress", "done")
    for number, same in enumerate(by_item.values()):
        plan = store.take_into_plan(code, facilitator, same).record
        assert isinstance(plan, PlanAction)
        fields = {
            "owner": "Integration office" if number % 2 else "Mayor's office",
            "partners": "Migrant council, NGO partners",
            "due": datetime(2027, 3 + number % 9, 1, tzinfo=UTC).date(),
            "status": statuses[number % 2],
            "indicator": f"{DEMO_MARK}: reported to the council each quarter",
        }
        store.save_plan(
            code, facilitator, PlanEdit(plan.id, fields, plan.version, datetime.now(UTC))
        )


def _plan(
    rng: random.Random,
    store: Store,
    code: str,
    participant_id: int,
    framework: Framework,
    truth: dict[str, int],
) -> None:
    weakest = sorted(framework.items, key=lambda item: (truth[item.id], item.id))[:3]
    for position, item in enumerate(rng.sample(weakest, rng.randint(0, 2))):
        title, description = rng.choice(ACTION_TEMPLATES)
        store.save_action(
            code,
            participant_id,
            Action(
                id=new_action_id(),
                title=title,
                description=description,
                items=(item.id,),
                owner="Integration office",
                status=rng.choice(list(ActionStatus)),
                impact=rng.randint(1, 3),
                effort=rng.randint(1, 3),
                position=position,
            ),
        )
