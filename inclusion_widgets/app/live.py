"""Whether a page's session changed since the page last looked: on PostgreSQL the store's
notices say so (no query at all while nothing changes), on SQLite one cheap query a look."""

from __future__ import annotations

import time
from collections.abc import Callable

from inclusion_widgets.store import Store
from inclusion_widgets.store.notices import Listening

POLL_SECONDS = 0.05
"""How often :meth:`SessionWatch.wait` reads the counter where there are no notices."""


class SessionWatch:
    """Looks at a session's change token; a page redraws only when :meth:`look` says so.

    ``also`` names sessions whose changes count as the session's own: a follow-up round's
    page shows its baseline round too, which can still change (an agreed level recorded
    late, a plan action's status).

    Callbacks given to :meth:`on_change` receive the new token at each change seen, so
    whatever a page computes from the session is computed once per change and shared by
    everything the page shows.

    On PostgreSQL a look reads the change tokens only after a notice named one of the
    sessions (or when the store's listening connection was opened anew, which may have
    missed some); elsewhere it reads them at every look.
    """

    def __init__(self, store: Store, code: str, also: tuple[str, ...] = ()) -> None:
        self.store = store
        self.code = code
        self.also = also
        self._tokens: tuple[int, ...] | None = None
        self._listeners: list[Callable[[int], None]] = []
        # Listening starts before the first token is read: nothing committed in between
        # goes unheard.
        self._notices = store.subscribe()

    def on_change(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(token)`` at every change that :meth:`look` finds; the token is
        the session's own."""
        self._listeners.append(callback)

    def listening(self) -> Listening | None:
        """The socket the store's notices arrive on, to wait on instead of looking again
        and again; None on SQLite, or while the listening connection is broken."""
        return self._notices.listening() if self._notices is not None else None

    def receive(self) -> None:
        """Take in the notices that have arrived (the next look finds them), without
        waiting."""
        if self._notices is not None:
            self._notices.receive()

    def seen(self) -> None:
        """Take the session as it is now as seen (a page that has just read it)."""
        self._tokens = self._read()

    def forget(self) -> None:
        """Count the next look as a change, whatever the token (a page drawn anew)."""
        self._tokens = None

    def look(self) -> bool:
        """Whether the session changed since the last look; tells the callbacks if so."""
        return self.wait(0.0)

    def wait(self, timeout: float) -> bool:
        """Like :meth:`look`, but waits up to ``timeout`` seconds for a change."""
        deadline = time.monotonic() + timeout
        while True:
            heard = None
            if self._tokens is not None and self._notices is not None:
                heard = self._notices.heard((self.code, *self.also), timeout)
            if heard is not False and self._changed():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if heard is None:  # nothing to wait on: read the counter again shortly
                time.sleep(min(POLL_SECONDS, left))
            timeout = left

    def _changed(self) -> bool:
        tokens = self._read()
        if tokens == self._tokens:
            return False
        self._tokens = tokens
        for callback in self._listeners:
            callback(tokens[0])
        return True

    def _read(self) -> tuple[int, ...]:
        return tuple(self.store.change_token(code) for code in (self.code, *self.also))
