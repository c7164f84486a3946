"""What the store hands out: immutable records of sessions, participants and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from inclusion_widgets.records import DEFAULT_VOTES, Action, AgreedResult, Answer, PlanAction

ROLES = ("mentor", "mentee", "partner", "facilitator", "observer")
"""Roles offered when joining; any other text is accepted too."""


@dataclass(frozen=True)
class SessionInfo:
    """One workshop round: what a participant needs to know about it (never its key)."""

    code: str
    title: str
    framework_id: str
    framework_version: str
    mentor_city: str
    mentee_city: str
    theme: str
    round: int
    baseline_code: str | None
    created_at: datetime
    locked: bool
    results_visible: bool
    locked_at: datetime | None = None
    """When the facilitator locked the session (None when not locked); changes a person
    made before this moment are still accepted when they arrive later."""
    note_taker_id: int | None = None
    """The participant the facilitator named to record what the group agreed, if any."""
    language: str = "en"
    """The language its pages open in unless a person chooses another."""
    votes_each: int = DEFAULT_VOTES
    """How many votes each participant may spend on gaps and draft actions."""


class Screen(StrEnum):
    """What the room's screen (the presenter view) shows."""

    WELCOME = "welcome"
    """The join address, the session code and the QR code of the participant link."""
    ITEM = "item"
    """One item in large type: how the group answered it and what it agreed."""
    OVERVIEW = "overview"
    """Every item with what the group agreed for it."""
    VOTES = "votes"
    """The gaps and draft actions people voted for, most votes first."""
    PLAN = "plan"
    """The group's plan, most votes first."""


@dataclass(frozen=True)
class Room:
    """What the facilitator chose to show on the room's screen."""

    screen: Screen = Screen.WELCOME
    item_id: str = ""
    """The item shown on the item screen ("": the first)."""
    follow: bool = True
    """The item follows the one the facilitator has open in the agreed assessment."""
    notes: bool = False
    """The notes people wrote for the item are shown."""
    names: bool = False
    """Each note is shown with the name of who wrote it."""


@dataclass(frozen=True)
class SessionKey:
    """A session code with its facilitator key, as the facilitator's page holds them."""

    code: str
    key: str = field(repr=False)


@dataclass(frozen=True)
class Participant:
    """Someone who joined a session. The resume token is never kept, only its hash."""

    id: int
    name: str
    city: str
    organisation: str
    role: str
    joined_at: datetime
    language: str = ""
    """The interface language the participant chose ("": the session's)."""


@dataclass(frozen=True)
class ParticipantAnswer:
    participant_id: int
    answer: Answer


@dataclass(frozen=True)
class ParticipantAction:
    participant_id: int
    action: Action


class Subject(StrEnum):
    """What a history row is about."""

    ANSWER = "answer"
    ACTION = "action"
    AGREED = "agreed"
    PLAN = "plan"
    VOTE = "vote"
    PARTICIPANT = "participant"
    SESSION = "session"


class Change(StrEnum):
    """What happened, as recorded in the history."""

    CREATE = "create"
    JOIN = "join"
    SAVE = "save"
    CLEAR = "clear"
    DELETE = "delete"
    REMOVE = "remove"
    MERGE = "merge"
    """An answer or action brought in by an import, a participant folded into another, or
    a plan action that another was merged into."""
    MERGE_OLDER = "merge_older"
    KEPT_OLDER = "kept_older"
    """A tab's value that met a newer one for the same field: kept in the history only."""
    LOCK = "lock"
    UNLOCK = "unlock"
    SHOW_RESULTS = "show_results"
    HIDE_RESULTS = "hide_results"
    NOTE_TAKER = "note_taker"
    """The facilitator named (or stopped naming) a note-taker."""
    TAKE = "take"
    """Draft actions taken into the group's plan (a new plan action, or merged into one)."""
    VOTES_EACH = "votes_each"
    """The facilitator set how many votes each participant has."""
    CITY = "city"
    """A participant changed the city they work for."""
    PAIR = "pair"
    """The facilitator paired a follow-up participant with one of the baseline."""


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the history: the state of an answer or action as it was at that moment.

    ``answer`` is set for answer rows and ``action`` for action rows; for a clear,
    delete or remove it holds the state that was taken away.
    """

    id: int
    participant_id: int | None
    subject: Subject
    subject_id: str
    change: Change
    recorded_at: datetime
    answer: Answer | None = None
    action: Action | None = None
    edited_at: datetime | None = None
    """When the person made the change (None for rows older than this field)."""
    agreed: AgreedResult | None = None
    """Set for rows about the group's agreed result for an item."""
    plan: PlanAction | None = None
    """Set for rows about an action of the group's plan."""


@dataclass(frozen=True)
class NoteVersion:
    """An earlier text of an answer's note or evidence, and when the person wrote it."""

    field: str
    text: str
    edited_at: datetime


class MergeOutcome(StrEnum):
    """What a merge did with one incoming answer or action."""

    ADDED = "added"
    UPDATED = "updated"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Recorder:
    """Who records what the group agreed: the facilitator, holding the session's key, or
    the participant the facilitator named note-taker."""

    key: str | None = field(default=None, repr=False)
    participant_id: int | None = None

    def __post_init__(self) -> None:
        if (self.key is None) == (self.participant_id is None):
            raise ValueError("a recorder is the facilitator (a key) or a note-taker (an id)")


@dataclass(frozen=True)
class Tally:
    """The votes of a session: how many each gap or draft has, and each person's."""

    each: int
    """How many votes each participant has."""
    counts: dict[str, int] = field(default_factory=dict)
    """Per target (``gap:ITEM`` or ``draft:ACTION``), every participant's votes together."""
    given: dict[int, dict[str, int]] = field(default_factory=dict)
    """Per participant id, their votes per target."""

    def left(self, participant_id: int) -> int:
        """How many votes a participant has not spent."""
        return self.each - sum(self.given.get(participant_id, {}).values())
