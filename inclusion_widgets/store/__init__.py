"""The session store: SQLite by default, PostgreSQL by URL, nothing typed is ever lost.

No widgets, pandas or UI here; see :class:`Store` for the API.
"""

from inclusion_widgets.store.api import Store
from inclusion_widgets.store.errors import ChangeRefused, StoreError, StoreUnreachable
from inclusion_widgets.store.models import (
    ROLES,
    Change,
    HistoryEntry,
    MergeOutcome,
    NoteVersion,
    Participant,
    ParticipantAction,
    ParticipantAnswer,
    Room,
    Screen,
    SessionInfo,
    SessionKey,
    Subject,
    Tally,
)
from inclusion_widgets.store.tokens import OPERATOR
from inclusion_widgets.store.transaction import Transaction

__all__ = [
    "OPERATOR",
    "ROLES",
    "Change",
    "ChangeRefused",
    "HistoryEntry",
    "MergeOutcome",
    "NoteVersion",
    "Participant",
    "ParticipantAction",
    "ParticipantAnswer",
    "Room",
    "Screen",
    "SessionInfo",
    "SessionKey",
    "Store",
    "StoreError",
    "StoreUnreachable",
    "Subject",
    "Tally",
    "Transaction",
]
