"""The tables of the store, as they are after the newest migration.

The migrations in ``migrations/versions`` build exactly these tables step by step;
this module is what the code queries. Timestamps are stored in UTC and come back
as timezone-aware datetimes on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.types import TypeDecorator

from inclusion_widgets.record_fields import LISTS, Kind, fields_of, key_of
from inclusion_widgets.records import Action, AgreedResult, Answer, PlanAction, Vote


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store keeps only timezone-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stamp: datetime = value
        return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def versioned() -> tuple[Column[Any], Column[Any]]:
    """How often a record was saved, and when and in which save each field last changed.

    ``stamps`` is JSON: ``{field: [edited_at ISO, version]}``; a field missing from it
    was last written with the whole record (at ``updated_at``, in ``version``).
    """
    return (
        Column("version", Integer, nullable=False, server_default=text("1")),
        Column("stamps", Text, nullable=False, server_default=text("'{}'")),
    )


def record_columns(record: type) -> list[Column[Any]]:
    """The columns of a record's table, following its declaration: its key, one column
    per field, and ``version`` with ``stamps``."""
    columns: list[Column[Any]] = []
    for each in fields_of(record):
        name, kind, default = each.column, each.kind, each.default
        if kind is Kind.VERSION:
            columns += versioned()
        elif kind is Kind.KEY:
            columns.append(Column(name, String(each.spec.length), nullable=False))
        elif kind is Kind.STAMP:
            columns.append(Column(name, UTCDateTime, nullable=False))
        elif kind is Kind.CHOICE:
            columns.append(Column(name, String(20), nullable=False))
        elif kind in (Kind.NUMBER, Kind.RATING):
            columns.append(Column(name, Integer, nullable=True))
        elif kind is Kind.DAY:
            columns.append(Column(name, Date, nullable=True))
        else:
            sql_type = {Kind.WHOLE: Integer, Kind.FLAG: Boolean}.get(kind, Text)
            value = "[]" if kind in LISTS else default
            columns.append(
                Column(name, sql_type, nullable=False)
                if value is dataclasses.MISSING
                else Column(name, sql_type, nullable=False, default=value)
            )
    return columns


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def record_table(name: str, record: type, *, per_participant: bool) -> Table:
    """The table of a record kept per session, or per participant of a session: its row
    id, its session (and participant), the record's columns, one row per owner and key."""
    owner = (
        [Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False)]
        if per_participant
        else []
    )
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False, index=True),
        *owner,
        *record_columns(record),
        UniqueConstraint(owner[0].name if owner else "session_id", key_of(record).column),
    )


sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("framework_id", String(200), nullable=False),
    Column("framework_version", String(50), nullable=False),
    Column("framework_snapshot", Text, nullable=False),
    Column("mentor_city", Text, nullable=False, default=""),
    Column("mentee_city", Text, nullable=False, default=""),
    Column("theme", Text, nullable=False, default=""),
    Column("round", Integer, nullable=False, default=1),
    Column("baseline_id", Integer, ForeignKey("sessions.id"), nullable=True),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("locked", Boolean, nullable=False, server_default=false()),
    Column("results_visible", Boolean, nullable=False, server_default=false()),
    Column("locked_at", UTCDateTime, nullable=True),
    # A participant belongs to a session: use_alter breaks the cycle for table ordering.
    Column("note_taker_id", Integer, ForeignKey("participants.id", use_alter=True), nullable=True),
    Column("language", String(16), nullable=False, server_default=text("'en'")),
    Column("votes_each", Integer, nullable=False, server_default=text("3")),
    Column("presenter_key_hash", String(64), nullable=True),
    # What the room's screen shows (models.Room).
    Column("room_screen", String(20), nullable=False, server_default=text("'welcome'")),
    Column("room_item", String(200), nullable=False, server_default=text("''")),
    Column("room_follow", Boolean, nullable=False, server_default=true()),
    Column("room_notes", Boolean, nullable=False, server_default=false()),
    Column("room_names", Boolean, nullable=False, server_default=false()),
    # Bumped by every change of the session (see :mod:`.changes`); pages poll it.
    Column("changes", Integer, nullable=False, server_default=text("0")),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("city", Text, nullable=False, default=""),
    Column("organisation", Text, nullable=False, default=""),
    Column("role", Text, nullable=False, default=""),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("joined_at", UTCDateTime, nullable=False),
    Column("removed_at", UTCDateTime, nullable=True),
    Column("language", String(16), nullable=False, server_default=text("''")),
)

responses = record_table("responses", Answer, per_participant=True)
actions = record_table("actions", Action, per_participant=True)
agreed = record_table("agreed", AgreedResult, per_participant=False)
plan = record_table("plan", PlanAction, per_participant=False)
votes = record_table("votes", Vote, per_participant=True)

round_pairs = Table(
    "round_pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    # The follow-up session; its baseline holds the other participant.
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False, index=True),
    Column("baseline_participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("followup_participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("paired_at", UTCDateTime, nullable=False),
    UniqueConstraint("session_id", "followup_participant_id"),
)

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=True),
    Column("subject", String(20), nullable=False),
    Column("subject_id", String(200), nullable=False),
    Column("change", String(30), nullable=False),
    Column("data", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("edited_at", UTCDateTime, nullable=True),
    Index(None, "session_id", "recorded_at"),
    Index(None, "session_id", "subject_id"),
)
