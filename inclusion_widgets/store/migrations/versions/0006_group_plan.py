"""The group's plan per session, participants' votes, and how many votes each has.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("plan_action_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("partners", sa.Text, nullable=False),
        sa.Column("start", sa.Date, nullable=True),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("resources", sa.Text, nullable=False),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("drafts", sa.Text, nullable=False),
        sa.Column("proposed_by", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("stamps", sa.Text, nullable=False, server_default=sa.text("'{}'")),
        sa.PrimaryKeyConstraint("id", name="pk_plan"),
        sa.UniqueConstraint(
            "session_id", "plan_action_id", name="uq_plan_session_id_plan_action_id"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_plan_session_id_sessions"
        ),
    )
    op.create_index("ix_plan_session_id", "plan", ["session_id"])
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("participant_id", sa.Integer, nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("votes", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_votes"),
        sa.UniqueConstraint("participant_id", "target", name="uq_votes_participant_id_target"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_votes_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name="fk_votes_participant_id_participants"
        ),
    )
    op.create_index("ix_votes_session_id", "votes", ["session_id"])
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column("votes_each", sa.Integer, nullable=False, server_default=sa.text("3"))
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("votes_each")
    op.drop_index("ix_votes_session_id", "votes")
    op.drop_table("votes")
    op.drop_index("ix_plan_session_id", "plan")
    op.drop_table("plan")
