"""The session the exchange tests' small exported files are written for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class SessionFacts:
    """What an exported file says of its session."""

    code: str
    round: int
    framework_id: str
    framework_version: str
    language: str = "el"


FILE_SESSION = SessionFacts("ABC123", 1, "mini", "1")
T0 = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
"""When the records of those files last changed."""
