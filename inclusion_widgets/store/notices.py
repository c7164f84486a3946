"""Change notices on PostgreSQL: a change announces itself, and pages listen instead of asking.

The transaction that counts a change of a session (:mod:`.changes`) also sends
``NOTIFY`` with the session's code. PostgreSQL delivers it when, and only when, that
transaction commits, to every connection that listens, whichever process committed.
A page's watch then reads the session again only when a notice names it, and asks the
store nothing in between. SQLite has no notices: there the watch reads the change
counter at each look, one number by primary key.

Each store keeps one listening connection for all the watches of its process (a
kernel), so a workshop of forty pages holds forty more connections, not one per view.
A connection that breaks is opened again at the next look; until then, and once after,
a watch reads the counter, so a notice lost meanwhile is never a change missed.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy import select as sql_select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from inclusion_widgets.store import schema as t

CHANNEL = "inclusion_session_change"
"""The channel every store of every process announces changes on; the payload is the code."""


def announce(connection: Connection, session_id: int) -> None:
    """Tell the listeners that ``session_id`` changed, when this transaction commits."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        sql_select(func.pg_notify(CHANNEL, t.sessions.c.code)).where(t.sessions.c.id == session_id)
    )


@dataclass(frozen=True)
class Listening:
    """The socket the notices arrive on: readable when a notice (or the end of a broken
    connection) is waiting to be received."""

    connection: int
    """Which listening connection, counted from 1: one opened anew is another socket,
    even where the system gives it the same number."""
    fileno: int


class Subscription:
    """What one watch has heard: the codes named by notices since it last asked."""

    def __init__(self, notices: ChangeNotices, since: int) -> None:
        self._notices = notices
        self._heard: set[str] = set()
        self._since = since
        """The listening connection this subscription has heard everything from (-1: none)."""

    def heard(self, codes: tuple[str, ...], timeout: float = 0.0) -> bool | None:
        """Whether a notice named one of ``codes`` since the last call, waiting up to
        ``timeout`` seconds for one; None when that cannot be known (no listening
        connection, or a new one that may have missed notices): then read the counter."""
        deadline = time.monotonic() + timeout
        while True:
            connection = self._notices.receive(max(0.0, deadline - time.monotonic()))
            if connection < 0 or connection != self._since:
                self._since = connection
                self._heard.clear()
                return None
            named = self._heard & set(codes)
            if named:
                self._heard -= named
                return True
            if time.monotonic() >= deadline:
                return False

    def listening(self) -> Listening | None:
        """The socket to wait on for notices; None while there is no listening connection."""
        return self._notices.listening()

    def receive(self) -> None:
        """Take in the notices that have arrived, without waiting; they are kept for
        :meth:`heard`."""
        self._notices.receive(0.0)

    def note(self, code: str) -> None:
        """Keep that a notice named ``code``."""
        self._heard.add(code)


class ChangeNotices:
    """The store's one listening connection (PostgreSQL), shared by every subscription."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Any = None
        self._opened = 0
        self._subscriptions: weakref.WeakSet[Subscription] = weakref.WeakSet()

    def subscribe(self) -> Subscription:
        """A new subscription; the connection listens from now on, so nothing committed
        after this call goes unheard."""
        subscription = Subscription(self, self.receive(0.0))
        self._subscriptions.add(subscription)
        return subscription

    def receive(self, timeout: float) -> int:
        """Hand every notice received to the subscriptions, waiting up to ``timeout``
        seconds for the first; the number of the connection listening (-1: none)."""
        import psycopg

        try:
            connection = self._listening()
            # Wait for the first notice, then take whatever else has arrived.
            first = list(connection.notifies(timeout=timeout, stop_after=1))
            rest = list(connection.notifies(timeout=0)) if first else []
            for notice in first + rest:
                for subscription in list(self._subscriptions):
                    subscription.note(notice.payload)
        except (psycopg.Error, DBAPIError, OSError):  # the server is gone, or going
            self.close()
            return -1
        return self._opened

    def listening(self) -> Listening | None:
        """The listening connection's socket, if one is open."""
        import psycopg

        connection = self._connection
        if connection is None or connection.closed:
            return None
        try:
            return Listening(self._opened, connection.fileno())
        except psycopg.Error:  # broken: the next receive closes it and opens another
            return None

    def _listening(self) -> Any:
        if self._connection is None or self._connection.closed:
            proxied = self._engine.raw_connection()
            connection = proxied.driver_connection
            assert connection is not None
            proxied.detach()  # its own connection, never handed back to the pool
            connection.rollback()
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
            self._connection = connection
            self._opened += 1
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
