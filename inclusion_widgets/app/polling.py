"""Run a function every few seconds on the kernel's event loop, for as long as asked, and
at once when the store's notices arrive on a socket."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only named here: importing the store would load SQLAlchemy into the cell that must
    # return before the participant page is sent.
    from inclusion_widgets.store.notices import Listening


class Poller:
    """Calls ``tick`` every ``seconds`` while the kernel's event loop runs.

    ``seconds`` may be a function, asked after each tick for the delay to the next. An
    exception in ``tick`` does not stop the polling: the next tick tries again (the store
    may be briefly unreachable). Without a running loop nothing is scheduled and the
    caller ticks by hand.

    ``while_open`` says whether the page is still open: when it says no, the poller
    pauses, so that the kernel of a closed page goes idle and is culled; :meth:`wake`
    (called on the page's next heartbeat) resumes it at once.

    With :meth:`wake_on`, it also ticks as soon as a socket is readable: a page then waits
    for the store's notices instead of asking again and again, looking at most once every
    ``at_most_every`` seconds however many notices arrive.
    """

    def __init__(
        self,
        tick: Callable[[], None],
        seconds: float | Callable[[], float],
        while_open: Callable[[], bool] | None = None,
        at_most_every: float = 0.0,
    ) -> None:
        self._tick = tick
        self._seconds = seconds
        self._while_open = while_open
        self._at_most_every = at_most_every
        self._last_tick = float("-inf")
        self._handle: asyncio.TimerHandle | None = None
        self._running = False
        self._listening: Callable[[], Listening | None] | None = None
        self._receive: Callable[[], None] = lambda: None
        self._reading: tuple[asyncio.AbstractEventLoop, Listening] | None = None

    @property
    def paused(self) -> bool:
        """Started, but waiting for the page to show it is open."""
        return self._running and self._handle is None

    @property
    def reading(self) -> bool:
        """Whether a tick also comes as soon as the socket of :meth:`wake_on` is readable."""
        return self._reading is not None

    def wake_on(
        self, listening: Callable[[], Listening | None], receive: Callable[[], None]
    ) -> None:
        """Also tick as soon as the socket ``listening()`` names is readable, once
        ``receive()`` has taken in what arrived on it. The socket is asked for again after
        every tick: a connection opened anew has another one (None: tick only)."""
        self._listening, self._receive = listening, receive
        self._follow()

    def start(self) -> None:
        self.stop()
        self._running = True
        self._follow()
        self._schedule(self._delay())

    def stop(self) -> None:
        self._running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._unread()

    def wake(self) -> None:
        """Resume a paused poller with a tick now; a running or stopped one is left alone."""
        if self.paused:
            self._schedule(0)

    def _delay(self) -> float:
        return self._seconds() if callable(self._seconds) else self._seconds

    def _schedule(self, delay: float) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(delay, self._run)

    def _run(self) -> None:
        self._handle = None
        if self._while_open is not None and not self._while_open():
            self._unread()  # a closed page: only its next heartbeat wakes it
            return
        self._last_tick = time.monotonic()
        try:
            self._tick()
        except Exception:  # noqa: S110 - a failed tick is retried by the next one
            pass
        finally:
            if self._running:
                self._follow()
                self._schedule(self._delay())

    def _readable(self) -> None:
        """Something arrived on the socket: take it in, then tick now rather than later.
        What arrived is always taken in, so that a readable socket never spins the loop."""
        try:
            self._receive()
        except Exception:
            # Not taken in: stop reading until the next tick, which shows what is wrong.
            self._unread()
            return
        if self._handle is None:  # paused or stopped
            self._unread()
            return
        # A burst of notices (a room typing) brings one look per ``at_most_every``, the
        # last one after the last notice, rather than a look per notice.
        wait = self._last_tick + self._at_most_every - time.monotonic()
        if wait > 0:
            if self._handle.when() > asyncio.get_running_loop().time() + wait:
                self._handle.cancel()
                self._schedule(wait)
            return
        self._handle.cancel()
        self._run()

    def _follow(self) -> None:
        """Read the socket the notices arrive on now: none, the same, or a new one."""
        wanted = self._listening() if self._running and self._listening is not None else None
        if self._reading is not None and self._reading[1] == wanted:
            return
        self._unread()
        if wanted is None:
            return
        try:
            loop = asyncio.get_running_loop()
            _READERS.add(loop, wanted, self._readable)
        except (RuntimeError, NotImplementedError, OSError):
            return  # no loop, or one that cannot wait on sockets: ticks only
        self._reading = (loop, wanted)

    def _unread(self) -> None:
        if self._reading is not None:
            loop, listening = self._reading
            self._reading = None
            _READERS.remove(loop, listening, self._readable)


@dataclass
class _Socket:
    listening: Listening
    callbacks: list[Callable[[], None]] = field(default_factory=list)


class _Readers:
    """Who waits on which socket of which loop: asyncio keeps one reader per socket, and
    every page of a kernel waits on its store's one listening connection."""

    def __init__(self) -> None:
        self._sockets: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _Socket]]
        self._sockets = weakref.WeakKeyDictionary()

    def add(
        self, loop: asyncio.AbstractEventLoop, listening: Listening, callback: Callable[[], None]
    ) -> None:
        sockets = self._sockets.setdefault(loop, {})
        number = listening.fileno
        known = sockets.get(number)
        if known is None or known.listening != listening:
            # A new socket, perhaps with the number of a closed one: read it afresh.
            if known is not None:
                loop.remove_reader(number)
            loop.add_reader(number, self._ready, loop, number)
            sockets[number] = known = _Socket(listening, known.callbacks if known else [])
        known.callbacks.append(callback)

    def remove(
        self, loop: asyncio.AbstractEventLoop, listening: Listening, callback: Callable[[], None]
    ) -> None:
        sockets = self._sockets.get(loop, {})
        known = sockets.get(listening.fileno)
        if known is None or callback not in known.callbacks:
            return
        known.callbacks.remove(callback)
        if not known.callbacks:
            del sockets[listening.fileno]
            if not loop.is_closed():
                loop.remove_reader(listening.fileno)

    def _ready(self, loop: asyncio.AbstractEventLoop, number: int) -> None:
        known = self._sockets.get(loop, {}).get(number)
        for callback in list(known.callbacks if known else ()):
            callback()


_READERS = _Readers()


def soon(work: Callable[[], None]) -> None:
    """Run ``work`` once the kernel's event loop is free (after the running cell has
    returned), or at once where no loop runs (plain Python, a test)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    loop.call_soon(work)
