"""Save what a participant types shortly after they stop typing, and keep trying.

Changes are collected per item and per action, so a burst of keystrokes becomes one
write. A write that fails stays pending (the text stays on screen) and is retried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inclusion_widgets.records import Action, Answer


class SaveState(StrEnum):
    IDLE = "idle"
    SAVING = "saving"
    SAVED = "saved"
    RETRYING = "retrying"


@dataclass(frozen=True)
class SaveStatus:
    """What the status line shows: ``Saved 14:03``, ``Saving...``, ``Not saved - retrying``."""

    state: SaveState
    at: datetime | None = None
    problem: str = ""

    @property
    def text(self) -> str:
        if self.state is SaveState.SAVING:
            return "Saving..."
        if self.state is SaveState.RETRYING:
            return "Not saved - retrying"
        if self.state is SaveState.SAVED and self.at is not None:
            return f"Saved {self.at:%H:%M}"
        return "Saved as you type"


@dataclass(frozen=True)
class ActionDeletion:
    action_id: str


Change = Answer | Action | ActionDeletion


def change_key(change: Change) -> str:
    if isinstance(change, Answer):
        return f"answer:{change.item_id}"
    if isinstance(change, Action):
        return f"action:{change.id}"
    return f"action:{change.action_id}"


class Autosaver:
    """Debounces changes and hands them to ``write`` one by one.

    ``write`` raises to say a change was not saved; it is then kept and retried after
    ``retry_delay`` seconds. ``on_status`` hears every change of state. Without a
    running event loop (a plain script), call :meth:`flush` yourself.
    """

    def __init__(
        self,
        write: Callable[[Change], None],
        on_status: Callable[[SaveStatus], None],
        delay: float = 0.6,
        retry_delay: float = 3.0,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._write = write
        self._on_status = on_status
        self._delay = delay
        self._retry_delay = retry_delay
        self._clock = clock
        self._pending: dict[str, Change] = {}
        self._timer: asyncio.TimerHandle | None = None
        self.status = SaveStatus(SaveState.IDLE)

    @property
    def pending(self) -> tuple[Change, ...]:
        return tuple(self._pending.values())

    def add(self, change: Change) -> None:
        """Remember a change and save it once typing pauses."""
        self._pending[change_key(change)] = change
        self._set(SaveStatus(SaveState.SAVING, self.status.at))
        self._schedule(self._delay)

    def flush(self) -> bool:
        """Write every pending change now; True when nothing is left pending."""
        self._cancel()
        for key, change in list(self._pending.items()):
            try:
                self._write(change)
            except Exception as error:
                self._set(SaveStatus(SaveState.RETRYING, self.status.at, str(error)))
                self._schedule(self._retry_delay)
                return False
            # A newer edit of the same field may have arrived while writing.
            if self._pending.get(key) is change:
                del self._pending[key]
        self._set(SaveStatus(SaveState.SAVED, self._clock()))
        return True

    def _set(self, status: SaveStatus) -> None:
        self.status = status
        self._on_status(status)

    def _schedule(self, delay: float) -> None:
        self._cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(delay, self.flush)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
