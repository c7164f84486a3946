"""The change counter of a session: every change bumps it in the transaction that makes it.

Every change to a session writes a history row, so the history is where the counter is
bumped: a page that polls the session asks for one integer by primary key, and sees a
new value exactly when something was committed since its last look, whichever process
or connection committed it (on PostgreSQL too, where ids and times of concurrent
transactions may become visible out of order, a counter updated under the row's lock
may not). On PostgreSQL the same transaction announces the change (:mod:`.notices`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.engine import Connection

from inclusion_widgets.store import schema as t
from inclusion_widgets.store.notices import announce


def add_history(connection: Connection, **values: Any) -> None:
    """Insert one history row (``values`` are its columns) and count the change."""
    connection.execute(insert(t.history).values(**values))
    count_change(connection, values["session_id"])


def count_change(connection: Connection, session_id: int) -> None:
    """Count a change of ``session_id`` that leaves no history row (a language chosen),
    and announce it to the pages listening (PostgreSQL, at commit)."""
    connection.execute(
        update(t.sessions)
        .where(t.sessions.c.id == session_id)
        .values(changes=t.sessions.c.changes + 1)
    )
    announce(connection, session_id)
