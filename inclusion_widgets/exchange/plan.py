"""What an import asks the store to write, decided before anything is written.

:mod:`.merge` builds one :class:`ImportPlan` from every file of an import and hands it
to the store, which writes it in one transaction (see ``ImportStore`` in :mod:`.merge`).
Participants new to the store are named by a ``ref`` that answers and actions use in
place of a participant id until the store has given them one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inclusion_widgets.exchange.bundle import SessionRecord
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, Answer


@dataclass(frozen=True)
class NewSession:
    """A session restored from a bundle: same code, facts and framework snapshot."""

    record: SessionRecord
    framework: Framework


@dataclass(frozen=True)
class NewParticipant:
    session: str
    ref: str
    name: str
    city: str
    organisation: str
    role: str
    joined_at: datetime | None = None


@dataclass(frozen=True)
class AnswerWrite:
    """An answer to save. ``current`` False: the answer is older than the store's, so
    it is kept in the history only, and the store's answer stays."""

    session: str
    participant: str
    """A participant id of the store, or the ``ref`` of a :class:`NewParticipant`."""
    answer: Answer
    current: bool = True


@dataclass(frozen=True)
class ActionWrite:
    """An action to save; ``current`` as for :class:`AnswerWrite`. ``participant`` is
    ``None`` when the file names nobody as its author."""

    session: str
    participant: str | None
    action: Action
    current: bool = True


@dataclass(frozen=True)
class ImportPlan:
    sessions: tuple[NewSession, ...] = ()
    participants: tuple[NewParticipant, ...] = ()
    answers: tuple[AnswerWrite, ...] = ()
    actions: tuple[ActionWrite, ...] = ()
