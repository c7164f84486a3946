"""What a report is made of, as plain immutable data.

The report reads only these dataclasses, never a pandas frame: whoever fills them
(the analysis layer, a test, a script) needs to know nothing of the template.
Item ids refer to the framework given in :class:`ReportContext`; titles, groups,
provenance and level labels are read from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, PlanAction


@dataclass(frozen=True)
class SessionFacts:
    """The facts of one workshop round, as shown at the top of the report."""

    code: str
    title: str
    held_on: date | None = None
    mentor_city: str = ""
    mentee_city: str = ""
    theme: str = ""
    round: str = "Baseline"
    """How the round is called, e.g. ``Baseline`` or ``Follow-up``."""
    baseline_code: str = ""
    """For a follow-up: the code of the session it is compared with."""
    baseline_held_on: date | None = None
    facilitator: str = ""


@dataclass(frozen=True)
class RoleCount:
    """How many participants took part in one role (mentor, mentee, partner...)."""

    role: str
    count: int


@dataclass(frozen=True)
class AgreedItem:
    """What the group agreed for one item, in words, as the report shows it first."""

    item_id: str
    agreed: str
    """The agreed answer in words: ``2 · Started``, ``Don't know``, ``Not agreed yet``."""
    reasoning: str = ""
    evidence: str = ""
    revisit: bool = False


@dataclass(frozen=True)
class AgreedAcrossRounds:
    """What the group agreed on one item at baseline and at this follow-up."""

    baseline: AgreedItem
    followup: AgreedItem
    change: float | None = None
    """Follow-up level minus baseline level, where both rounds agreed a level."""

    @property
    def item_id(self) -> str:
        return self.followup.item_id


@dataclass(frozen=True)
class PlannedAction:
    """An action of the group's plan and the votes behind it."""

    action: PlanAction
    votes: int = 0


@dataclass(frozen=True)
class ItemFigures:
    """Where the group stands on one item.

    ``level_counts`` maps a level value to the number of people who chose it;
    "don't know" and "not applicable" are counted apart and never as a level.
    """

    item_id: str
    level_counts: Mapping[int, int] = field(default_factory=dict)
    dont_know: int = 0
    not_applicable: int = 0
    median: float | None = None
    mean: float | None = None
    spread: float | None = None
    """The disagreement measure named in :attr:`ReportContext.spread_measure`."""
    priority: int = 0
    """How many people flagged the item as a priority."""

    @property
    def scored(self) -> int:
        """Answers that gave a level."""
        return sum(self.level_counts.values())

    @property
    def answered(self) -> int:
        """Every answer, including "don't know" and "not applicable"."""
        return self.scored + self.dont_know + self.not_applicable

    def points(self) -> list[float]:
        """One value per person who gave a level, for a dot plot."""
        return [float(value) for value, n in sorted(self.level_counts.items()) for _ in range(n)]


@dataclass(frozen=True)
class Note:
    """A note one participant wrote for an item, with the answer it came with."""

    author: str
    text: str
    answer: str = ""
    """The answer as shown, e.g. ``1 · Planned`` or ``Don't know``."""
    role: str = ""
    city: str = ""


@dataclass(frozen=True)
class DisputedItem:
    """An item on which the group disagrees, with what people wrote about it."""

    item_id: str
    spread: float
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class ComparisonRow:
    """One item compared between two sides (two roles, or two rounds)."""

    item_id: str
    a: float | None
    b: float | None
    a_count: int = 0
    b_count: int = 0
    moved: tuple[str, ...] = ()
    """For rounds: who changed their answer, e.g. ``"Ana Pérez: 1 → 2"``."""

    @property
    def gap(self) -> float | None:
        """``b - a`` when both sides have a figure."""
        return None if self.a is None or self.b is None else self.b - self.a


@dataclass(frozen=True)
class Comparison:
    """Side ``a`` against side ``b`` per item (medians of the levels given)."""

    a_label: str
    b_label: str
    rows: tuple[ComparisonRow, ...] = ()


@dataclass(frozen=True)
class ReportContext:
    """Everything a report shows. Only ``framework`` and ``session`` are required."""

    framework: Framework
    session: SessionFacts
    participants: tuple[RoleCount, ...] = ()
    agreed: tuple[AgreedItem, ...] = ()
    """What the group agreed, per item in framework order: the report's first section."""
    plan: tuple[PlannedAction, ...] = ()
    """The group's plan, most votes first: right after what was agreed."""
    figures: tuple[ItemFigures, ...] = ()
    disputed: tuple[DisputedItem, ...] = ()
    """Most disputed first."""
    roles: Comparison | None = None
    """Mentor against mentee, when both took part."""
    rounds: Comparison | None = None
    """Baseline (``a``) against this follow-up (``b``), when there is a baseline."""
    rounds_agreed: tuple[AgreedAcrossRounds, ...] = ()
    """What each round agreed, per item, when there is a baseline: the rounds' outcome."""
    baseline_plan: tuple[PlanAction, ...] = ()
    """The baseline's plan, whose actions a follow-up checks on."""
    actions: tuple[Action, ...] = ()
    spread_measure: str = "interquartile range of the levels given"
    generated_at: datetime | None = None

    def __post_init__(self) -> None:
        known = {item.id for item in self.framework.items}
        mentioned: list[tuple[str, str]] = [("figures", f.item_id) for f in self.figures]
        mentioned += [("agreed assessment", a.item_id) for a in self.agreed]
        mentioned += [("agreed in each round", a.item_id) for a in self.rounds_agreed]
        mentioned += [("disputed items", d.item_id) for d in self.disputed]
        for name, comparison in (("roles", self.roles), ("rounds", self.rounds)):
            if comparison is not None:
                mentioned += [(name, row.item_id) for row in comparison.rows]
        mentioned += [(f"action {a.title!r}", item) for a in self.actions for item in a.items]
        for where, item_id in mentioned:
            if item_id not in known:
                raise ValueError(
                    f"report {where}: {item_id!r} is not an item of the framework "
                    f"{self.framework.id!r}"
                )

    @property
    def participant_total(self) -> int:
        return sum(role.count for role in self.participants)
