"""First schema: sessions, participants, responses, actions and their history.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("framework_id", sa.String(200), nullable=False),
        sa.Column("framework_version", sa.String(50), nullable=False),
        sa.Column("framework_snapshot", sa.Text, nullable=False),
        sa.Column("mentor_city", sa.Text, nullable=False),
        sa.Column("mentee_city", sa.Text, nullable=False),
        sa.Column("theme", sa.Text, nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("baseline_id", sa.Integer, nullable=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("code", name="uq_sessions_code"),
        sa.ForeignKeyConstraint(
            ["baseline_id"], ["sessions.id"], name="fk_sessions_baseline_id_sessions"
        ),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("city", sa.Text, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _when("joined_at"),
        _when("removed_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
        sa.UniqueConstraint("token_hash", name="uq_participants_token_hash"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_participants_session_id_sessions"
        ),
    )
    op.create_index("ix_participants_session_id", "participants", ["session_id"])
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("participant_id", sa.Integer, nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("level", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("priority", sa.Boolean, nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_responses"),
        sa.UniqueConstraint(
            "participant_id", "item_id", name="uq_responses_participant_id_item_id"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_responses_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name="fk_responses_participant_id_participants",
        ),
    )
    op.create_index("ix_responses_session_id", "responses", ["session_id"])
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("participant_id", sa.Integer, nullable=False),
        sa.Column("action_id", sa.String(64), nullable=False),
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
        sa.Column("impact", sa.Integer, nullable=True),
        sa.Column("effort", sa.Integer, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
        sa.UniqueConstraint(
            "participant_id", "action_id", name="uq_actions_participant_id_action_id"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_actions_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name="fk_actions_participant_id_participants",
        ),
    )
    op.create_index("ix_actions_session_id", "actions", ["session_id"])
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("participant_id", sa.Integer, nullable=True),
        sa.Column("subject", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("change", sa.String(30), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        _when("recorded_at"),
        sa.PrimaryKeyConstraint("id", name="pk_history"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_history_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name="fk_history_participant_id_participants",
        ),
    )


def downgrade() -> None:
    for table in ("history", "actions", "responses", "participants", "sessions"):
        op.drop_table(table)
