"""How the fields of a record are declared, once, and what every layer derives from them.

A record (an answer, an action, an agreed result) is a frozen dataclass whose fields are
declared with :func:`declared`: the field's kind (free text, a choice, a date...) and,
where it differs, its name in tables and files. The store's codec, its table columns
and rows, the fields an edit may carry and the columns of an exported CSV all follow
from that declaration, so adding a field to a record is one line here plus a migration.

Pure Python: no layer below the records, no SQL and no pandas.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from functools import cache
from typing import Any, TypeVar, dataclass_transform

SPEC = "inclusion_widgets.spec"
"""The key of a field's :class:`Spec` in its dataclass metadata."""

ITEM_SEPARATOR = ";"
"""How a record's linked item ids are joined in a table cell."""


class Kind(Enum):
    """What a field holds, which decides how it is stored, written and read back."""

    KEY = "key"
    """The record's id among its owner's records: text, never edited."""
    TEXT = "text"
    """Free text (possibly empty)."""
    CHOICE = "choice"
    """One value of a :class:`StrEnum` (``Spec.choices``)."""
    NUMBER = "number"
    """A whole number or nothing (a level)."""
    RATING = "rating"
    """1, 2 or 3, or nothing (impact, effort)."""
    WHOLE = "whole"
    """A whole number (a position)."""
    FLAG = "flag"
    """Yes or no."""
    DAY = "day"
    """A date or nothing."""
    ITEMS = "items"
    """Ids of framework items, in order."""
    ORIGIN = "origin"
    """Short texts in order that say where a record came from (the drafts a plan action
    was built from, who proposed them): set by the store, never edited."""
    RECORDER = "recorder"
    """Who recorded the record, in words: set by the store, never edited."""
    STAMP = "stamp"
    """When the record last changed (aware, UTC): set by the store, never edited."""
    VERSION = "version"
    """How many times the store saved the record: not in files, never edited."""


NOT_EDITED = frozenset({Kind.KEY, Kind.ORIGIN, Kind.RECORDER, Kind.STAMP, Kind.VERSION})
LISTS = frozenset({Kind.ITEMS, Kind.ORIGIN})
"""Kinds that hold a tuple of texts, joined with ``ITEM_SEPARATOR`` in a table cell."""
NOT_TEXT = frozenset({Kind.NUMBER, Kind.RATING, Kind.WHOLE, Kind.FLAG, Kind.DAY, Kind.STAMP})
"""Kinds whose cells a spreadsheet reads as values; every other cell is guarded text."""


@dataclass(frozen=True)
class Spec:
    """The declaration of one field besides its Python name, type and default."""

    kind: Kind
    column: str = ""
    """Its name in the store's table and in files, when not the field's own name."""
    choices: type[StrEnum] | None = None
    length: int = 0
    """For a ``KEY``: the most characters its column holds."""
    words: str = ""
    """The field in words, as a sentence names it (default: its name)."""


def declared(
    kind: Kind,
    *,
    default: Any = dataclasses.MISSING,
    column: str = "",
    choices: type[StrEnum] | None = None,
    length: int = 0,
    words: str = "",
    kw_only: bool = False,
) -> Any:
    """A dataclass field of ``kind``. Times and versions do not make two records differ.

    ``kw_only`` places a field early in the files' column order without making it a
    positional argument.
    """
    spec = Spec(kind, column, choices, length, words)
    return dataclasses.field(
        default=default,
        compare=kind not in (Kind.STAMP, Kind.VERSION),
        metadata={SPEC: spec},
        kw_only=kw_only,
    )


_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, field_specifiers=(declared,))
def record(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a frozen dataclass whose fields are all :func:`declared`."""
    made = dataclass(frozen=True)(cls)
    fields_of(made)  # every field declared, checked when the module loads
    return made


@dataclass(frozen=True)
class Declared:
    """One declared field: its Python name and its spec."""

    name: str
    spec: Spec
    default: Any

    @property
    def column(self) -> str:
        return self.spec.column or self.name

    @property
    def kind(self) -> Kind:
        return self.spec.kind

    @property
    def words(self) -> str:
        return self.spec.words or self.name


R = TypeVar("R")


def fields_of(record: type) -> tuple[Declared, ...]:
    """Every declared field of a record type, in declaration order."""
    return _fields_of(record)


@cache
def _fields_of(record: Any) -> tuple[Declared, ...]:
    found = []
    for spec_field in dataclasses.fields(record):
        spec = spec_field.metadata.get(SPEC)
        if spec is None:
            raise TypeError(f"{record.__name__}.{spec_field.name} is not declared")
        default = spec_field.default
        if default is dataclasses.MISSING and spec_field.default_factory is not dataclasses.MISSING:
            default = spec_field.default_factory()
        found.append(Declared(spec_field.name, spec, default))
    return tuple(found)


def key_of(record: type) -> Declared:
    """The record's ``KEY`` field."""
    return next(each for each in fields_of(record) if each.kind is Kind.KEY)


def edited_fields(record: type) -> tuple[str, ...]:
    """The fields a person edits (an edit may carry any of them), in declaration order."""
    return tuple(each.name for each in fields_of(record) if each.kind not in NOT_EDITED)


def field_words(record: type) -> dict[str, str]:
    """Each edited field in words, by name."""
    return {each.name: each.words for each in fields_of(record) if each.kind not in NOT_EDITED}


def text_fields(record: type) -> tuple[str, ...]:
    """The free-text fields."""
    return tuple(each.name for each in fields_of(record) if each.kind is Kind.TEXT)


def edited_values(record: Any) -> dict[str, Any]:
    """Every edited field of a record, by name, as the record holds it."""
    return {name: getattr(record, name) for name in edited_fields(type(record))}


def coerce(record: type, values: dict[str, Any]) -> dict[str, Any]:
    """Edited values as the record holds them: item ids as a tuple, choices as members."""
    kinds = {each.name: each for each in fields_of(record)}
    coerced = dict(values)
    for name, value in values.items():
        each = kinds[name]
        if each.kind in LISTS:
            coerced[name] = tuple(value)
        elif each.kind is Kind.CHOICE and each.spec.choices is not None:
            coerced[name] = each.spec.choices(value)
    return coerced


# -- plain data (JSON) ----------------------------------------------------------


def to_plain(record: Any) -> dict[str, Any]:
    """Every field as plain JSON data, by field name (the store's history codec)."""
    data: dict[str, Any] = {}
    for each in fields_of(type(record)):
        value = getattr(record, each.name)
        if value is None:
            data[each.name] = None
        elif each.kind in (Kind.DAY, Kind.STAMP):
            data[each.name] = value.isoformat()
        elif each.kind in LISTS:
            data[each.name] = list(value)
        elif each.kind is Kind.CHOICE:
            data[each.name] = value.value
        else:
            data[each.name] = value
    return data


def from_plain(record: type[R], data: dict[str, Any]) -> R:
    """The record from :func:`to_plain` data; a field the data lacks (written before the
    field was declared) takes its default."""
    values: dict[str, Any] = {}
    for each in fields_of(record):
        if each.name not in data:
            if each.default is dataclasses.MISSING:
                raise ValueError(f"{record.__name__}: the data lacks {each.name!r}")
            continue
        value = data[each.name]
        if value is not None:
            if each.kind is Kind.DAY:
                value = date.fromisoformat(value)
            elif each.kind is Kind.STAMP:
                value = datetime.fromisoformat(value)
            elif each.kind in LISTS:
                value = tuple(value)
            elif each.kind is Kind.CHOICE and each.spec.choices is not None:
                value = each.spec.choices(value)
        values[each.name] = value
    return record(**values)


# -- rows of files --------------------------------------------------------------


def file_columns(record: type) -> tuple[str, ...]:
    """The record's columns in an exported table, in order (its version is not exported)."""
    return tuple(each.column for each in fields_of(record) if each.kind is not Kind.VERSION)


def not_text_columns(record: type) -> frozenset[str]:
    """The record's file columns that hold values, not text (no formula guard)."""
    return frozenset(each.column for each in fields_of(record) if each.kind in NOT_TEXT)


def file_row(record: Any) -> dict[str, Any]:
    """The record as one row of an exported table: item ids joined, choices as values."""
    row: dict[str, Any] = {}
    for each in fields_of(type(record)):
        if each.kind is Kind.VERSION:
            continue
        value = getattr(record, each.name)
        if each.kind in LISTS:
            value = ITEM_SEPARATOR.join(value)
        elif each.kind is Kind.CHOICE:
            value = value.value
        row[each.column] = value
    return row
