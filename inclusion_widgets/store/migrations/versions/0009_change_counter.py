"""A change counter per session, bumped with every change, for pages that poll a session.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild on SQLite); existing sessions start at their
    # number of history rows, so a token read before the upgrade is not met again.
    op.add_column(
        "sessions",
        sa.Column("changes", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        "UPDATE sessions SET changes = "
        "(SELECT count(*) FROM history WHERE history.session_id = sessions.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("changes")
