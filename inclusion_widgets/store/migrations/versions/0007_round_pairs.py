"""People the facilitator paired across rounds, where their names did not match.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "round_pairs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("baseline_participant_id", sa.Integer, nullable=False),
        sa.Column("followup_participant_id", sa.Integer, nullable=False),
        sa.Column("paired_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_round_pairs"),
        sa.UniqueConstraint(
            "session_id",
            "followup_participant_id",
            name="uq_round_pairs_session_id_followup_participant_id",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_round_pairs_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["baseline_participant_id"],
            ["participants.id"],
            name="fk_round_pairs_baseline_participant_id_participants",
        ),
        sa.ForeignKeyConstraint(
            ["followup_participant_id"],
            ["participants.id"],
            name="fk_round_pairs_followup_participant_id_participants",
        ),
    )
    op.create_index("ix_round_pairs_session_id", "round_pairs", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_round_pairs_session_id", "round_pairs")
    op.drop_table("round_pairs")
