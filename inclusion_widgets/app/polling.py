"""Run a function every few seconds on the kernel's event loop, for as long as asked."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Poller:
    """Calls ``tick`` every ``seconds`` while the kernel's event loop runs.

    An exception in ``tick`` does not stop the polling: the next tick tries again
    (the store may be briefly unreachable). Without a running loop nothing is
    scheduled and the caller ticks by hand.
    """

    def __init__(self, tick: Callable[[], None], seconds: float) -> None:
        self._tick = tick
        self._seconds = seconds
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self.stop()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(self._seconds, self._run)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self) -> None:
        try:
            self._tick()
        except Exception:  # noqa: S110 - a failed tick is retried by the next one
            pass
        finally:
            loop = asyncio.get_running_loop()
            self._handle = loop.call_later(self._seconds, self._run)
