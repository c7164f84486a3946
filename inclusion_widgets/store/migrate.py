"""Bring a store's schema to the newest migration, with Alembic configured in code.

Several kernels may open a fresh store at the same moment, so the upgrade runs
inside one transaction that holds the write lock (SQLite) or an advisory lock
(PostgreSQL); whoever comes second finds the schema already current.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection

from inclusion_widgets.i18n import N_
from inclusion_widgets.store.engine import BEGIN_OPTION
from inclusion_widgets.store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 7_351_402  # any constant shared by every process of this project
HEAD_REVISION = "0009"
"""The newest migration; a test keeps it equal to Alembic's head.

Opening a store that is already there needs no Alembic at all: importing it would cost
every participant's kernel about 10 MiB.
"""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's migration, read from Alembic's own table without importing Alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (the newest by default); cheap when already there."""
    wanted = HEAD_REVISION if revision == "head" else revision
    if current_revision(engine) == wanted:
        return
    from alembic import command

    with engine.connect() as plain:
        sqlite = plain.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds a table to alter it; that must not cascade through foreign
            # keys, and the pragma only takes effect outside a transaction.
            plain.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            connection = plain.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK}
                    )
                command.upgrade(alembic_config(connection), revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError(N_("Upgrading the store would break links between its rows."))
        finally:
            if sqlite:
                plain.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
