"""Whether a page's session changed since the page last looked, one cheap query a look."""

from __future__ import annotations

from collections.abc import Callable

from inclusion_widgets.store import Store


class SessionWatch:
    """Looks at a session's change token; a page redraws only when :meth:`look` says so.

    ``also`` names sessions whose changes count as the session's own: a follow-up round's
    page shows its baseline round too, which can still change (an agreed level recorded
    late, a plan action's status).

    Callbacks given to :meth:`on_change` receive the new token at each change seen, so
    whatever a page computes from the session is computed once per change and shared by
    everything the page shows.
    """

    def __init__(self, store: Store, code: str, also: tuple[str, ...] = ()) -> None:
        self.store = store
        self.code = code
        self.also = also
        self._tokens: tuple[int, ...] | None = None
        self._listeners: list[Callable[[int], None]] = []

    def on_change(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(token)`` at every change that :meth:`look` finds; the token is
        the session's own."""
        self._listeners.append(callback)

    def seen(self) -> None:
        """Take the session as it is now as seen (a page that has just read it)."""
        self._tokens = self._read()

    def forget(self) -> None:
        """Count the next look as a change, whatever the token (a page drawn anew)."""
        self._tokens = None

    def look(self) -> bool:
        """Whether the session changed since the last look; tells the callbacks if so."""
        tokens = self._read()
        if tokens == self._tokens:
            return False
        self._tokens = tokens
        for callback in self._listeners:
            callback(tokens[0])
        return True

    def _read(self) -> tuple[int, ...]:
        return tuple(self.store.change_token(code) for code in (self.code, *self.also))
