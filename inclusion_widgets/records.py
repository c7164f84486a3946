"""What participants produce: answers to items and actions of a plan.

These immutable records travel between the layers: a widget emits them, the store
keeps them, analysis and exchange read them. No layer adds fields of its own.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum

from inclusion_widgets.i18n import N_
from inclusion_widgets.record_fields import ITEM_SEPARATOR, Kind, declared, file_row, record

MAX_TEXT = 20_000
"""The longest note, evidence or action text accepted, in characters."""


class AnswerKind(StrEnum):
    """What sort of answer an item has. Only ``LEVEL`` carries a score."""

    LEVEL = "level"
    DONT_KNOW = "dont_know"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"


@record
class Answer:
    """One participant's answer to one item (or the text of a context question).

    ``level`` is set exactly when ``kind`` is ``LEVEL``: "don't know" and "not
    applicable" are kinds of their own and never count as a level.
    """

    item_id: str = declared(Kind.KEY, length=200)
    kind: AnswerKind = declared(
        Kind.CHOICE, default=AnswerKind.UNANSWERED, choices=AnswerKind, words=N_("answer")
    )
    level: int | None = declared(Kind.NUMBER, default=None, words=N_("level"))
    note: str = declared(Kind.TEXT, default="")
    evidence: str = declared(Kind.TEXT, default="")
    priority: bool = declared(Kind.FLAG, default=False, words=N_("priority flag"))
    updated_at: datetime | None = declared(Kind.STAMP, default=None)
    version: int = declared(Kind.VERSION, default=0)
    """How many times the store has saved this answer; 0: never saved."""

    def __post_init__(self) -> None:
        if (self.kind is AnswerKind.LEVEL) != (self.level is not None):
            raise ValueError(
                f"{self.item_id}: a level is given exactly when the answer kind is 'level'"
            )

    @property
    def is_empty(self) -> bool:
        """True when nothing at all has been answered or typed."""
        return (
            self.kind is AnswerKind.UNANSWERED
            and not self.note
            and not self.evidence
            and not self.priority
        )

    def with_level(self, level: int) -> Answer:
        return replace(self, kind=AnswerKind.LEVEL, level=level)

    def with_kind(self, kind: AnswerKind) -> Answer:
        if kind is AnswerKind.LEVEL:
            raise ValueError("use with_level() to give a level")
        return replace(self, kind=kind, level=None)


class ActionStatus(StrEnum):
    """Where an action stands."""

    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        """In English; translate it where it is shown (``translator(lang).gettext(label)``)."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ActionStatus.IDEA: N_("Idea"),
    ActionStatus.PLANNED: N_("Planned"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
}


ACTION_ITEM_SEPARATOR = ITEM_SEPARATOR
"""How an action's linked item ids are joined in a table cell."""

IMPACT_EFFORT_LABELS = {1: N_("Low"), 2: N_("Medium"), 3: N_("High")}
"""Impact and effort are rated 1 to 3; ``None`` means not rated yet."""


def new_action_id() -> str:
    return uuid.uuid4().hex[:12]


@record
class ActionCard:
    """The fields a participant's draft action and a plan action share, declared once,
    in the order of their files' columns. Each kind of action adds its own fields after
    these, and may declare one of these again (its key's column, its status's default),
    which keeps its place in the order."""

    id: str = declared(Kind.KEY, column="action_id", length=64)
    position: int = declared(Kind.WHOLE, default=0, kw_only=True, words=N_("position"))
    title: str = declared(Kind.TEXT)
    description: str = declared(Kind.TEXT, default="")
    items: tuple[str, ...] = declared(Kind.ITEMS, default=(), words=N_("linked items"))
    owner: str = declared(Kind.TEXT, default="")
    partners: str = declared(Kind.TEXT, default="")
    start: date | None = declared(Kind.DAY, default=None, words=N_("start date"))
    due: date | None = declared(Kind.DAY, default=None, words=N_("due date"))
    resources: str = declared(Kind.TEXT, default="")
    indicator: str = declared(Kind.TEXT, default="", words=N_("success indicator"))
    status: ActionStatus = declared(Kind.CHOICE, default=ActionStatus.IDEA, choices=ActionStatus)


@record
class Action(ActionCard):
    """A card of the action plan, linked to the framework items it answers."""

    impact: int | None = declared(Kind.RATING, default=None)
    effort: int | None = declared(Kind.RATING, default=None)
    updated_at: datetime | None = declared(Kind.STAMP, default=None)
    version: int = declared(Kind.VERSION, default=0)
    """How many times the store has saved this action; 0: never saved."""

    def __post_init__(self) -> None:
        for name in ("impact", "effort"):
            value = getattr(self, name)
            if value is not None and value not in IMPACT_EFFORT_LABELS:
                raise ValueError(f"action {self.id}: {name} must be 1, 2 or 3, not {value!r}")

    def as_row(self) -> dict[str, object]:
        """The action as one table row (linked items joined), for exports and dataframes."""
        return file_row(self)


NOT_AGREED_YET = N_("Not agreed yet")
"""What an item's agreed result says before the group has agreed on it."""


@record
class AgreedResult:
    """What the group agreed for one item of a session: a level, or "don't know" / "not
    applicable", or nothing yet (kind ``UNANSWERED``: "not agreed yet"); the reasoning
    in a few lines, the evidence, whether to revisit it, and who recorded it.

    One per session and item, recorded by the facilitator or by the participant the
    facilitator named note-taker. ``level`` is set exactly when ``kind`` is ``LEVEL``.
    """

    item_id: str = declared(Kind.KEY, column="item", length=200)
    kind: AnswerKind = declared(
        Kind.CHOICE,
        default=AnswerKind.UNANSWERED,
        choices=AnswerKind,
        column="agreed",
        words="agreed level",
    )
    level: int | None = declared(Kind.NUMBER, default=None, words="agreed level")
    reasoning: str = declared(Kind.TEXT, default="")
    evidence: str = declared(Kind.TEXT, default="")
    revisit: bool = declared(Kind.FLAG, default=False, words="revisit flag")
    recorded_by: str = declared(Kind.RECORDER, default="")
    """The facilitator, or the note-taker's name, as the store recorded it."""
    updated_at: datetime | None = declared(Kind.STAMP, default=None)
    version: int = declared(Kind.VERSION, default=0)
    """How many times the store has saved this result; 0: never saved."""

    def __post_init__(self) -> None:
        if (self.kind is AnswerKind.LEVEL) != (self.level is not None):
            raise ValueError(
                f"{self.item_id}: an agreed level is given exactly when the kind is 'level'"
            )

    @property
    def is_agreed(self) -> bool:
        return self.kind is not AnswerKind.UNANSWERED


@record
class PlanAction(ActionCard):
    """An action of the group's plan for the city, one plan per session.

    Built by the facilitator (or the note-taker) from participants' draft actions: taking
    a draft copies it in, merging drafts makes one action of several. ``drafts`` are the
    ids of the draft actions it came from and ``proposed_by`` the people who proposed
    them, kept through every merge; the store sets both, a person never edits them.
    """

    id: str = declared(Kind.KEY, column="plan_action_id", length=64)
    status: ActionStatus = declared(Kind.CHOICE, default=ActionStatus.PLANNED, choices=ActionStatus)
    drafts: tuple[str, ...] = declared(Kind.ORIGIN, default=())
    """The ids of the participants' draft actions it was built from."""
    proposed_by: tuple[str, ...] = declared(Kind.ORIGIN, default=())
    """Who proposed those drafts, by name, each once, in the order they came in."""
    recorded_by: str = declared(Kind.RECORDER, default="")
    updated_at: datetime | None = declared(Kind.STAMP, default=None)
    version: int = declared(Kind.VERSION, default=0)
    """How many times the store has saved this plan action; 0: never saved."""


GAP = "gap"
DRAFT = "draft"
"""What a vote is for: ``gap:ITEM_ID`` (an item the group agreed is a gap) or
``draft:ACTION_ID`` (a participant's draft action)."""

DEFAULT_VOTES = 3
"""How many votes each participant has unless the facilitator sets another number."""


def vote_target(kind: str, target_id: str) -> str:
    """How a vote names what it is for: ``gap:ITEM_ID`` or ``draft:ACTION_ID``."""
    if kind not in (GAP, DRAFT):
        raise ValueError(f"a vote is for a {GAP} or a {DRAFT}, not {kind!r}")
    return f"{kind}:{target_id}"


@record
class Vote:
    """How many of a participant's votes went to one gap or draft action."""

    target: str = declared(Kind.KEY, length=200)
    votes: int = declared(Kind.WHOLE, default=1)
    updated_at: datetime | None = declared(Kind.STAMP, default=None)
