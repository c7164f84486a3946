"""The answers frame: the one table every analysis function reads.

One row per answer of one participant to one item, with exactly the columns of
:data:`ANSWER_COLUMNS` (the same columns, in the same order, as the tidy answers
CSV). :func:`inclusion_widgets.exchange.answers_frame` builds it from a session of
the store, :func:`answers_frame` from plain dicts; this package only reads it. Its
``group`` column is for people (the group's title); the analysis takes each item's
group from the framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import AnswerKind

ANSWER_COLUMNS: tuple[str, ...] = (
    "session",
    "round",
    "participant",
    "city",
    "organisation",
    "role",
    "language",
    "framework",
    "framework_version",
    "group",
    "item",
    "item_title",
    "level",
    "level_label",
    "answer_kind",
    "note",
    "evidence",
    "priority",
    "updated_at",
)
"""The columns of an answers frame, in order."""

CONTEXT_GROUP = "Context"
"""The ``group`` of a context question, which belongs to no framework group."""

ANSWER_KINDS: tuple[str, ...] = tuple(kind.value for kind in AnswerKind)
"""The values of ``answer_kind``; only ``level`` carries a level."""

PARTICIPANT_COLUMNS: tuple[str, ...] = ("session", "participant")
"""What identifies one participant within an answers frame."""

TIMESTAMP_DTYPE = "datetime64[us, UTC]"
"""The type of ``updated_at``: timezone-aware, in UTC."""

_TEXT_DEFAULTS: dict[str, str] = {
    "session": "",
    "city": "",
    "organisation": "",
    "role": "",
    "language": "",
    "note": "",
    "evidence": "",
}


def empty_answers_frame() -> pd.DataFrame:
    """An answers frame with no rows and the column types of a filled one.

    Types: ``round`` int64, ``level`` nullable Int64, ``priority`` bool,
    ``updated_at`` timezone-aware (UTC) datetimes, every other column text.
    """
    return pd.DataFrame({name: _empty_column(name) for name in ANSWER_COLUMNS})


def _empty_column(name: str) -> pd.Series:
    if name == "round":
        return pd.Series(dtype="int64")
    if name == "level":
        return pd.Series(dtype="Int64")
    if name == "priority":
        return pd.Series(dtype="bool")
    if name == "updated_at":
        return pd.Series(dtype=TIMESTAMP_DTYPE)
    return pd.Series(dtype=str)


def answers_frame(framework: Framework, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build an answers frame from plain dicts, filling what the framework knows.

    Each dict needs ``participant`` and ``item`` (an item or a context question of
    ``framework``) and may give any other column of :data:`ANSWER_COLUMNS`.
    Left out: ``answer_kind`` is ``level`` when a level is given and ``unanswered``
    otherwise; ``framework``, ``framework_version``, ``group``, ``item_title`` and
    ``level_label`` come from the framework (the label of the level, or the scale's
    "don't know" / "not applicable" label); ``round`` is 1; ``priority`` False;
    ``updated_at`` missing (NaT); other texts empty. The result is not checked:
    the analysis functions check it when they read it.
    """
    built = [_full_row(framework, number, row) for number, row in enumerate(rows, start=1)]
    if not built:
        return empty_answers_frame()
    frame = pd.DataFrame(built, columns=list(ANSWER_COLUMNS))
    frame["round"] = frame["round"].astype("int64")
    frame["level"] = frame["level"].astype("Int64")
    frame["priority"] = frame["priority"].astype(bool)
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True).astype(TIMESTAMP_DTYPE)
    return frame


def _full_row(framework: Framework, number: int, row: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(row) - set(ANSWER_COLUMNS))
    if unknown:
        raise ValueError(f"answer {number}: unknown field(s) {', '.join(unknown)}")
    for needed in ("participant", "item"):
        if row.get(needed) in (None, ""):
            raise ValueError(f"answer {number}: '{needed}' is missing")
    item_id = str(row["item"])
    level = row.get("level")
    kind = str(row.get("answer_kind") or ("level" if level is not None else "unanswered"))
    group, title, label = _describe(framework, number, item_id, kind, level)
    full: dict[str, Any] = {
        **_TEXT_DEFAULTS,
        "round": 1,
        "framework": framework.id,
        "framework_version": framework.version,
        "group": group,
        "item_title": title,
        "level": level,
        "level_label": label,
        "answer_kind": kind,
        "priority": False,
        "updated_at": None,
    }
    full.update(row)
    full["item"] = item_id
    full["answer_kind"] = kind
    updated = full["updated_at"]
    if isinstance(updated, datetime) and updated.tzinfo is None:
        raise ValueError(f"answer {number}: updated_at needs a time zone")
    return full


def _describe(
    framework: Framework, number: int, item_id: str, kind: str, level: Any
) -> tuple[str, str, str]:
    """Group title, item title and answer label of an item or context question."""
    if any(question.id == item_id for question in framework.context_questions):
        return CONTEXT_GROUP, framework.context_question(item_id).text, ""
    try:
        item = framework.item(item_id)
    except KeyError:
        raise ValueError(
            f"answer {number}: {item_id!r} is not an item of the framework {framework.id!r}"
        ) from None
    scale = framework.scale_for(item)
    labels = {"dont_know": scale.dont_know_label, "not_applicable": scale.not_applicable_label}
    label = labels.get(kind, "")
    if kind == "level" and level is not None and int(level) in scale.values:
        label = scale.level(int(level)).label
    return framework.group_of(item_id).title, item.title, label
