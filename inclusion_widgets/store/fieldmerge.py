"""The field-by-field merge of an edit into a stored record, with no SQL.

Each field of a record carries a stamp: when the person made the change it holds
(``at``) and in which save of the record it was written (``version``). An edit made
on a page that showed version ``base`` changes a field the page saw as it is now
(stamp version <= base) without question; for a field that another tab changed after
the page's version, the newer edit time wins and the other value is reported as a
:class:`~inclusion_widgets.edits.Conflict`. A value that loses is kept in the history
by the caller, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from inclusion_widgets.edits import Conflict


@dataclass(frozen=True)
class Stamp:
    """When the value of one field was made, and in which save it was written."""

    at: datetime
    version: int


NEVER = Stamp(datetime.min.replace(tzinfo=UTC), 0)
"""The stamp of a field nobody has written: any edit of it is taken as it is."""


def stamps_from_json(text: str, names: Iterable[str], default: Stamp) -> dict[str, Stamp]:
    """The stamps column for every field in ``names``; a field missing from the column
    was written with the whole record and takes ``default``."""
    data: dict[str, list[Any]] = json.loads(text or "{}")
    return {
        name: Stamp(datetime.fromisoformat(data[name][0]), int(data[name][1]))
        if name in data
        else default
        for name in names
    }


def stamps_json(stamps: Mapping[str, Stamp]) -> str:
    return json.dumps(
        {name: [stamp.at.isoformat(), stamp.version] for name, stamp in sorted(stamps.items())}
    )


@dataclass(frozen=True)
class Merged:
    """What an edit does to a record.

    ``values`` and ``stamps`` are the record's fields after the edit; ``written`` the
    fields the edit changed; ``lost`` the edit's values that met a newer one and are
    kept in the history only; ``conflicts`` what the page is told.
    """

    values: dict[str, Any]
    stamps: dict[str, Stamp]
    written: tuple[str, ...] = ()
    lost: dict[str, Any] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()


def merge_fields(
    current: Mapping[str, Any],
    stamps: Mapping[str, Stamp],
    incoming: Mapping[str, Any],
    base_version: int,
    edited_at: datetime,
    new_version: int,
) -> Merged:
    """Merge ``incoming`` (some fields) into ``current`` (every field) as described above."""
    values, new_stamps = dict(current), {name: stamps[name] for name in current}
    written: list[str] = []
    lost: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for name, value in incoming.items():
        now, stamp = current[name], new_stamps[name]
        if value == now:
            continue
        if stamp.version <= base_version:
            # The page saw this field as it is: the person's change is the newer one,
            # whatever a device's clock says.
            values[name] = value
            new_stamps[name] = Stamp(max(edited_at, stamp.at), new_version)
            written.append(name)
        elif edited_at > stamp.at:
            values[name] = value
            new_stamps[name] = Stamp(edited_at, new_version)
            written.append(name)
            conflicts.append(Conflict(name, now, "mine"))
        else:
            lost[name] = value
            conflicts.append(Conflict(name, now, "other"))
    return Merged(values, new_stamps, tuple(written), lost, tuple(conflicts))
