"""Records to the values of a table row and back, following their declaration.

The tables' columns come from the same declaration (see :func:`.schema.record_columns`).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from sqlalchemy import Row

from inclusion_widgets.record_fields import LISTS, Kind, fields_of

R = TypeVar("R")


def row_values(record: Any) -> dict[str, Any]:
    """Every column of the record's row except its key and version, by column name."""
    values: dict[str, Any] = {}
    for each in fields_of(type(record)):
        if each.kind in (Kind.KEY, Kind.VERSION):
            continue
        value = getattr(record, each.name)
        if each.kind in LISTS:
            value = json.dumps(list(value), ensure_ascii=False)
        elif each.kind is Kind.CHOICE:
            value = value.value
        values[each.column] = value
    return values


def record_from_row(record: type[R], row: Row[Any]) -> R:
    """The record a table row holds."""
    values: dict[str, Any] = {}
    for each in fields_of(record):
        value = getattr(row, each.column)
        if each.kind in LISTS:
            value = tuple(json.loads(value))
        elif each.kind is Kind.CHOICE and each.spec.choices is not None:
            value = each.spec.choices(value)
        elif each.kind is Kind.FLAG:
            value = bool(value)
        values[each.name] = value
    return record(**values)
