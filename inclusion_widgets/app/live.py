"""Whether a page's session changed since the page last looked, one cheap query a look."""

from __future__ import annotations

from collections.abc import Callable

from inclusion_widgets.store import Store


class SessionWatch:
    """Looks at a session's change token; a page redraws only when :meth:`look` says so.

    Callbacks given to :meth:`on_change` receive the new token at each change seen, so
    whatever a page computes from the session is computed once per change and shared by
    everything the page shows.
    """

    def __init__(self, store: Store, code: str) -> None:
        self.store = store
        self.code = code
        self._token: int | None = None
        self._listeners: list[Callable[[int], None]] = []

    def on_change(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(token)`` at every change that :meth:`look` finds."""
        self._listeners.append(callback)

    def seen(self) -> None:
        """Take the session as it is now as seen (a page that has just read it)."""
        self._token = self.store.change_token(self.code)

    def forget(self) -> None:
        """Count the next look as a change, whatever the token (a page drawn anew)."""
        self._token = None

    def look(self) -> bool:
        """Whether the session changed since the last look; tells the callbacks if so."""
        token = self.store.changed_since(self.code, self._token)
        if token is None:
            return False
        self._token = token
        for callback in self._listeners:
            callback(token)
        return True
