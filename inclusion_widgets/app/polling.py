"""Run a function every few seconds on the kernel's event loop, for as long as asked."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Poller:
    """Calls ``tick`` every ``seconds`` while the kernel's event loop runs.

    An exception in ``tick`` does not stop the polling: the next tick tries again
    (the store may be briefly unreachable). Without a running loop nothing is
    scheduled and the caller ticks by hand.

    ``while_open`` says whether the page is still open: when it says no, the poller
    pauses, so that the kernel of a closed page goes idle and is culled; :meth:`wake`
    (called on the page's next heartbeat) resumes it at once.
    """

    def __init__(
        self,
        tick: Callable[[], None],
        seconds: float,
        while_open: Callable[[], bool] | None = None,
    ) -> None:
        self._tick = tick
        self._seconds = seconds
        self._while_open = while_open
        self._handle: asyncio.Handle | None = None
        self._running = False

    @property
    def paused(self) -> bool:
        """Started, but waiting for the page to show it is open."""
        return self._running and self._handle is None

    def start(self) -> None:
        self.stop()
        self._running = True
        self._schedule(self._seconds)

    def stop(self) -> None:
        self._running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def wake(self) -> None:
        """Resume a paused poller with a tick now; a running or stopped one is left alone."""
        if self.paused:
            self._schedule(0)

    def _schedule(self, delay: float) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(delay, self._run)

    def _run(self) -> None:
        self._handle = None
        if self._while_open is not None and not self._while_open():
            return
        try:
            self._tick()
        except Exception:  # noqa: S110 - a failed tick is retried by the next one
            pass
        finally:
            if self._running:
                self._schedule(self._seconds)


def soon(work: Callable[[], None]) -> None:
    """Run ``work`` once the kernel's event loop is free (after the running cell has
    returned), or at once where no loop runs (plain Python, a test)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    loop.call_soon(work)
