"""The group's agreed result per session and item, and the session's note-taker.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreed",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("item", sa.String(200), nullable=False),
        sa.Column("agreed", sa.String(20), nullable=False),
        sa.Column("level", sa.Integer, nullable=True),
        sa.Column("reasoning", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("revisit", sa.Boolean, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("stamps", sa.Text, nullable=False, server_default=sa.text("'{}'")),
        sa.PrimaryKeyConstraint("id", name="pk_agreed"),
        sa.UniqueConstraint("session_id", "item", name="uq_agreed_session_id_item"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_agreed_session_id_sessions"
        ),
    )
    op.create_index("ix_agreed_session_id", "agreed", ["session_id"])
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("note_taker_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_sessions_note_taker_id_participants", "participants", ["note_taker_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_constraint("fk_sessions_note_taker_id_participants", type_="foreignkey")
        batch.drop_column("note_taker_id")
    op.drop_index("ix_agreed_session_id", "agreed")
    op.drop_table("agreed")
