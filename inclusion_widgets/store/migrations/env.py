"""Alembic environment: runs on the connection the store hands over, inside its transaction.

The store builds the Alembic configuration in code (see ``migrate.py``), so no
``alembic.ini`` is needed at run time.
"""

from __future__ import annotations

from alembic import context

from inclusion_widgets.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
