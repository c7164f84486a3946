"""The language of a session (the default of its pages) and of each participant.

A participant's language is empty until they choose one: their pages then open in the
session's. Sessions already there speak English.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sessions",
        sa.Column("language", sa.String(16), nullable=False, server_default=sa.text("'en'")),
    )
    op.add_column(
        "participants",
        sa.Column("language", sa.String(16), nullable=False, server_default=sa.text("''")),
    )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("language")
