"""Versions and per-field stamps on answers and actions, the time a session was locked,
and the time of each change as the person made it in the history.

Rows already there count as saved once, every field stamped with their ``updated_at``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("responses", "actions"):
        op.add_column(
            table, sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1"))
        )
        op.add_column(
            table, sa.Column("stamps", sa.Text, nullable=False, server_default=sa.text("'{}'"))
        )
    op.add_column("sessions", sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("history", sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("history") as batch:
        batch.drop_column("edited_at")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("locked_at")
    for table in ("actions", "responses"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("stamps")
            batch.drop_column("version")
