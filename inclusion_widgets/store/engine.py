"""Engines for a store URL: a SQLite file by default, PostgreSQL (or any SQLAlchemy URL) by choice.

SQLite is set up for many kernels writing at once: WAL journal (readers never wait
for a writer), a long busy timeout (a writer waits for the lock instead of failing),
``synchronous=FULL`` (a committed save survives a crash) and foreign keys on. The
Python driver's own transaction handling is switched off so that the store can open
write transactions with ``BEGIN IMMEDIATE``: the write lock is taken up front, so a
transaction never has to upgrade a read lock, which is what makes SQLite report
"database is locked" without waiting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from inclusion_widgets.i18n import N_
from inclusion_widgets.store.errors import StoreError

BUSY_TIMEOUT_MS = 60_000
BEGIN_OPTION = "sqlite_begin"
"""Execution option naming how a SQLite transaction begins: DEFERRED or IMMEDIATE."""


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(
            N_("The store address “{url}” is not a database URL."), params=(("url", url),)
        ) from error
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            N_("The store runs on SQLite or PostgreSQL; the address “{url}” names {backend}."),
            params=(("url", url), ("backend", backend)),
        )
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser().resolve()
        if not path.parent.is_dir():
            raise StoreError(
                N_("The folder “{folder}” for the store file does not exist."),
                params=(("folder", str(path.parent)),),
            )
        _create_private(path)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _create_private(path: Path) -> None:
    """Create the store file readable and writable by its owner only, before SQLite does
    (SQLite gives its journal files the same permissions as the database file)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise StoreError(
            N_("The store file “{path}” cannot be created ({reason})."),
            params=(("path", str(path)), ("reason", error.strerror)),
        ) from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
