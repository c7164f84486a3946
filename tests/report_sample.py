"""A realistic report context for tests and for looking at the report.

Twelve participants of a mentor and a mentee city answer a twelve-item sample
framework (the project's own wording), in a follow-up round with a baseline and a
plan of actions. Answers are drawn from a seeded generator, so the figures are the
same on every run. ``python -m tests.report_sample OUT.html`` writes the report.
"""

from __future__ import annotations

import random
import statistics
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, ActionStatus
from inclusion_widgets.report import (
    Comparison,
    ComparisonRow,
    DisputedItem,
    ItemFigures,
    Note,
    ReportContext,
    RoleCount,
    SessionFacts,
    render_report,
)

SOURCE = {"publisher": "Inclusion workbook sample", "year": 2026, "title": "Sample checklist"}
GROUPS = {
    "Governance": [
        "A standing forum brings together the city, the state and civil society",
        "Each department knows its role in welcoming newcomers",
        "Funding for reception and inclusion is matched to the tasks given to the city",
    ],
    "Evidence and participation": [
        "Data on newcomers is collected, shared and used to plan services",
        "Migrant and refugee residents take part in decisions that concern them",
        "Ελληνικά, latviešu, français, español: services speak the residents' languages",
    ],
    "Services": [
        "Housing support reaches newcomers without long waiting lists",
        "Schools receive children mid-year with language support",
        "One front desk guides newcomers to every service they are entitled to",
    ],
    "Work and community": [
        "Skills and diplomas gained abroad are recognised quickly",
        "Employers are supported to hire refugees",
        "Neighbourhood initiatives build contact between long-time and new residents",
    ],
}
LEVELS = [
    ("Not in place", "Nothing exists yet."),
    ("Starting", "First steps taken or agreed."),
    ("Developing", "In place in parts of the city."),
    ("Established", "In place city-wide."),
    ("Embedded", "In place, funded and reviewed."),
]
PEOPLE = [
    ("Ane Etxeberria", "mentor", "Bilbao"),
    ("Iñigo Larrañaga", "mentor", "Bilbao"),
    ("Miren Agirre", "mentor", "Bilbao"),
    ("Jon Zubiri", "mentor", "Bilbao"),
    ("Līga Bērziņa", "mentee", "Liepāja"),
    ("Jānis Kalniņš", "mentee", "Liepāja"),
    ("Ilze Ozola", "mentee", "Liepāja"),
    ("Kārlis Liepiņš", "mentee", "Liepāja"),
    ("Dace Vītola", "mentee", "Liepāja"),
    ("Edgars Krūmiņš", "mentee", "Liepāja"),
    ("Ελένη Παπαδοπούλου", "partner", "Liepāja"),
    ("Camille Durand", "partner", "Liepāja"),
]
KIND_LABELS: dict[int | str, str] = {
    "dont_know": "Don't know",
    "not_applicable": "Not applicable",
}
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


def sample_framework() -> Framework:
    """Twelve items in four groups on a five-level scale; two items reconstructed."""
    groups = []
    number = 0
    for g, (group, titles) in enumerate(GROUPS.items(), start=1):
        items = []
        for title in titles:
            number += 1
            items.append(
                {
                    "id": f"sample-12/{number:02d}",
                    "title": title,
                    "source": {**SOURCE, "item": str(number)},
                    "provenance": "reconstructed" if number in (3, 10) else "found",
                }
            )
        groups.append({"id": f"sample-12/g{g}", "title": group, "items": items})
    return Framework.from_dict(
        {
            "id": "sample-12",
            "version": "2026.1",
            "title": "Sample checklist for local inclusion of newcomers",
            "source": {**SOURCE, "url": "https://example.org/sample-checklist"},
            "scale": "maturity-5",
            "scales": [
                {
                    "id": "maturity-5",
                    "title": "Maturity",
                    "levels": [
                        {"value": v, "label": label, "description": text}
                        for v, (label, text) in enumerate(LEVELS)
                    ],
                }
            ],
            "groups": groups,
        }
    )


def _iqr(values: list[int]) -> float:
    if len(values) < 2:
        return 0.0
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q3 - q1


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def sample_context(framework: Framework | None = None) -> ReportContext:
    framework = framework or sample_framework()
    rng = random.Random(12)
    items = framework.items
    levels = framework.get_scale().values
    answers: dict[str, dict[str, int | str]] = {item.id: {} for item in items}
    baseline: dict[str, dict[str, int]] = {item.id: {} for item in items}
    for k, item in enumerate(items):
        centre = 1 + (k % 3)
        for name, role, _ in PEOPLE:
            roll = rng.random()
            if roll < 0.06:
                answers[item.id][name] = "dont_know"
                continue
            if roll < 0.09:
                answers[item.id][name] = "not_applicable"
                continue
            lean = 1 if role == "mentor" else 0
            wide = 2 if k in (2, 6, 8) else 1  # a few items people disagree on
            level = min(max(centre + lean + rng.randint(-wide, wide), levels[0]), levels[-1])
            answers[item.id][name] = level
            baseline[item.id][name] = max(levels[0], level - rng.choice((0, 0, 1, 1, 2)))

    figures = []
    for item in items:
        given = [v for v in answers[item.id].values() if isinstance(v, int)]
        kinds = Counter(v for v in answers[item.id].values() if isinstance(v, str))
        figures.append(
            ItemFigures(
                item_id=item.id,
                level_counts=dict(Counter(given)),
                dont_know=kinds["dont_know"],
                not_applicable=kinds["not_applicable"],
                median=_median(given),
                mean=statistics.fmean(given) if given else None,
                spread=_iqr(given),
                priority=rng.randint(0, 5),
            )
        )
    label = {
        level.value: f"{level.value} · {level.label}" for level in framework.get_scale().levels
    }
    ranked = sorted(figures, key=lambda f: -(f.spread or 0))[:3]
    disputed = tuple(
        DisputedItem(
            item_id=f.item_id,
            spread=f.spread or 0.0,
            notes=tuple(
                Note(
                    author=name,
                    role=role,
                    city=city,
                    answer=label.get(given, KIND_LABELS.get(given, "")),
                    text=NOTES[(n + k) % len(NOTES)],
                )
                for n, (name, role, city) in enumerate(PEOPLE[k::3][:4])
                if (given := answers[f.item_id][name]) is not None
            ),
        )
        for k, f in enumerate(ranked)
    )

    def side(item_id: str, role: str) -> list[int]:
        return [
            v
            for (name, r, _) in PEOPLE
            if r == role and isinstance(v := answers[item_id].get(name), int)
        ]

    roles = Comparison(
        "Mentor (Bilbao)",
        "Mentee (Liepāja)",
        tuple(
            ComparisonRow(
                item.id,
                _median(side(item.id, "mentor")),
                _median(side(item.id, "mentee")),
                len(side(item.id, "mentor")),
                len(side(item.id, "mentee")),
            )
            for item in items
        ),
    )
    rounds = Comparison(
        "Baseline",
        "Follow-up",
        tuple(
            ComparisonRow(
                item.id,
                _median(list(baseline[item.id].values())),
                _median([v for v in answers[item.id].values() if isinstance(v, int)]),
                len(baseline[item.id]),
                len([v for v in answers[item.id].values() if isinstance(v, int)]),
                moved=tuple(
                    f"{name}: {before} → {answers[item.id][name]}"
                    for name, before in baseline[item.id].items()
                    if answers[item.id][name] != before
                )[:3],
            )
            for item in items
        ),
    )
    start = date(2026, 3, 2)
    actions = (
        Action(
            id="a1",
            title="Revive the integration forum with a fixed calendar",
            description="Four meetings a year, chaired by the deputy mayor; minutes published.",
            items=("sample-12/01", "sample-12/02"),
            owner="Līga Bērziņa",
            partners="Regional state office; Red Cross Latvia",
            start=start,
            due=start + timedelta(days=90),
            indicator="Four meetings held in 2026 with every department present",
            status=ActionStatus.PLANNED,
            impact=3,
            effort=1,
        ),
        Action(
            id="a2",
            title="Agree a data-sharing protocol with the state",
            items=("sample-12/04",),
            owner="Jānis Kalniņš",
            partners="Ministry of the Interior",
            start=start + timedelta(days=30),
            due=start + timedelta(days=240),
            indicator="Monthly arrival figures received by the city",
            status=ActionStatus.IN_PROGRESS,
            impact=3,
            effort=3,
        ),
        Action(
            id="a3",
            title="One front desk in the library, open two afternoons a week",
            description="Bilbao's welcome office model, adapted to a smaller team.",
            items=("sample-12/09", "sample-12/06"),
            owner="Ilze Ozola",
            partners="City library; Ελληνικό Φόρουμ Μεταναστών",
            start=start,
            due=start + timedelta(days=150),
            indicator="200 visits in the first six months",
            status=ActionStatus.IDEA,
            impact=2,
            effort=2,
        ),
        Action(
            id="a4",
            title="Study visit to Bilbao's housing mediation service",
            items=("sample-12/07",),
            owner="Kārlis Liepiņš",
            partners="Ane Etxeberria (Bilbao)",
            due=start + timedelta(days=60),
            status=ActionStatus.DONE,
            impact=2,
            effort=1,
        ),
    )
    return ReportContext(
        framework=framework,
        session=SessionFacts(
            code="LIEP-2026-FU",
            title="Liepāja and Bilbao: welcoming newcomers, follow-up workshop",
            held_on=date(2026, 2, 24),
            mentor_city="Bilbao",
            mentee_city="Liepāja",
            theme="Reception and first steps of newcomers",
            round="Follow-up",
            baseline_code="LIEP-2025-BL",
            baseline_held_on=date(2025, 9, 16),
            facilitator="Camille Durand",
        ),
        participants=(RoleCount("mentor", 4), RoleCount("mentee", 6), RoleCount("partner", 2)),
        figures=tuple(figures),
        disputed=disputed,
        roles=roles,
        rounds=rounds,
        actions=actions,
        generated_at=datetime(2026, 2, 24, 17, 30, tzinfo=UTC),
    )


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(render_report(sample_context()), encoding="utf-8")
