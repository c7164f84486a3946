"""Facilitator flags on sessions (locked, results visible) and indexes for polling history.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sessions", sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column(
        "sessions",
        sa.Column("results_visible", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    # Dashboards ask "what changed since?" every few seconds; history grows with every save.
    op.create_index("ix_history_session_id_recorded_at", "history", ["session_id", "recorded_at"])
    op.create_index("ix_history_session_id_subject_id", "history", ["session_id", "subject_id"])


def downgrade() -> None:
    op.drop_index("ix_history_session_id_subject_id", table_name="history")
    op.drop_index("ix_history_session_id_recorded_at", table_name="history")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("results_visible")
        batch.drop_column("locked")
