"""The room's screen: its own key (hashed) and what the facilitator chose to show on it.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = (
    # Sessions created before this migration get their key when their facilitator
    # page opens (it is derived from the facilitator key, which only the page has).
    ("presenter_key_hash", sa.String(64), None, True),
    ("room_screen", sa.String(20), sa.text("'welcome'"), False),
    ("room_item", sa.String(200), sa.text("''"), False),
    ("room_follow", sa.Boolean, sa.true(), False),
    ("room_notes", sa.Boolean, sa.false(), False),
    ("room_names", sa.Boolean, sa.false(), False),
)


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        for name, sql_type, default, nullable in _COLUMNS:
            batch.add_column(sa.Column(name, sql_type, nullable=nullable, server_default=default))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        for name, *_rest in reversed(_COLUMNS):
            batch.drop_column(name)
