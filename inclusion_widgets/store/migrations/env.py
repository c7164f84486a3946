"""Alembic environment: runs on the connection the store hands over, inside its transaction.

The store builds the Alembic configuration in code (see ``migrate.py``), so no
``alembic.ini`` is needed at run time. Developers who run the ``alembic`` command
(``alembic revision --autogenerate -m "..."`` with the repository's ``alembic.ini``)
get an engine for ``INCLUSION_DB_URL`` instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from inclusion_widgets.config import Settings
from inclusion_widgets.store.engine import make_engine
from inclusion_widgets.store.schema import metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = make_engine(Settings.from_env().db_url)
    with engine.connect() as connection:
        run(connection)
    engine.dispose()
