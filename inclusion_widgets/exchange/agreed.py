"""The group's agreed assessment as a table: one row per scored item, in words.

``agreed`` holds what a person reads: the agreed level's label, the scale's words for
"don't know" or "not applicable", or "Not agreed yet"; ``level`` holds the number. Reading
a file back turns the words into the kind of answer again, with the session's framework.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from inclusion_widgets.exchange.columns import AGREED_COLUMNS, AGREED_NOT_TEXT
from inclusion_widgets.exchange.csv_format import Table
from inclusion_widgets.exchange.frames import SessionFacts, level_label
from inclusion_widgets.exchange.parse import Frameworks, _Cells, _framework_for, _record_values
from inclusion_widgets.exchange.problems import ImportProblem, at, problem, shown
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, Sentence
from inclusion_widgets.record_fields import file_row
from inclusion_widgets.records import NOT_AGREED_YET, AgreedResult, AnswerKind


def agreed_label(framework: Framework, result: AgreedResult) -> str:
    """The agreed result in words: a level's label, "don't know", "not applicable" as the
    item's scale says them, or "Not agreed yet"."""
    if result.kind is AnswerKind.UNANSWERED:
        return NOT_AGREED_YET
    return level_label(framework.scale_for(result.item_id), result)


def agreed_frame_from(
    session: SessionFacts, framework: Framework, agreed: Iterable[AgreedResult]
) -> pd.DataFrame:
    """One row per scored item in framework order; an item the group has not agreed on
    yet reads "Not agreed yet" with empty cells."""
    recorded = {result.item_id: result for result in agreed}
    rows: list[dict[str, Any]] = []
    for item in framework.items:
        result = recorded.get(item.id, AgreedResult(item.id))
        rows.append(
            {
                "session": session.code,
                "round": session.round,
                "group": framework.group_of(item.id).title,
                "item_title": item.title,
                **file_row(result),
                "agreed": agreed_label(framework, result),
            }
        )
    frame = pd.DataFrame(rows, columns=list(AGREED_COLUMNS))
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    frame["round"] = frame["round"].astype("int64")
    frame["level"] = frame["level"].astype("Int64")
    frame["revisit"] = frame["revisit"].astype(bool)
    return frame


@dataclass(frozen=True)
class AgreedRow:
    """One row of an agreed CSV: where it came from, its session, and the result."""

    file: str
    row: int
    session: str
    agreed: AgreedResult

    @property
    def is_empty(self) -> bool:
        """Nothing recorded for the item: not agreed yet and nothing typed."""
        result = self.agreed
        return not (result.is_agreed or result.reasoning or result.evidence or result.revisit)


def _kind(cells: _Cells, framework: Framework | None) -> str:
    """The kind of answer the ``agreed`` and ``level`` cells say, as its code."""
    words = cells.values["agreed"].strip()
    if cells.values["level"].strip():
        return AnswerKind.LEVEL.value
    if not words or words.casefold() == NOT_AGREED_YET.casefold():
        return AnswerKind.UNANSWERED.value
    item_id = cells.values["item"].strip()
    if framework is not None and item_id in {item.id for item in framework.items}:
        scale = framework.scale_for(item_id)
        said = {
            scale.dont_know_label.casefold(): AnswerKind.DONT_KNOW,
            scale.not_applicable_label.casefold(): AnswerKind.NOT_APPLICABLE,
        }
        if words.casefold() in said:
            return said[words.casefold()].value
        for level in scale.levels:
            if words.casefold() == level.label.casefold():
                cells.values["level"] = str(level.value)
                return AnswerKind.LEVEL.value
        choices = [level.label for level in scale.levels]
        choices += [scale.dont_know_label, scale.not_applicable_label, NOT_AGREED_YET]
        cells.fail(
            "agreed",
            N_("{value} is none of {choices}."),
            (("value", shown(words)), ("choices", ", ".join(f"“{choice}”" for choice in choices))),
        )
    elif framework is None:
        cells.fail(
            "agreed",
            N_("{value} cannot be read without the session's framework."),
            (("value", shown(words)),),
        )
    return AnswerKind.UNANSWERED.value


def parse_agreed(table: Table, frameworks: Frameworks = None) -> tuple[AgreedRow, ...]:
    """Every row of an agreed CSV as an :class:`AgreedRow`, or :class:`ImportProblem`."""
    problems: list[Sentence] = []
    rows: list[AgreedRow] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, values in table.rows:
        cells = _Cells(table, number, values, AGREED_NOT_TEXT)
        session = cells.text("session", required=True)
        framework = _framework_for(frameworks, session)
        cells.values["agreed"] = _kind(cells, framework)
        fields = _record_values(cells, AgreedResult, framework)
        item_id = cells.values["item"]
        key = (session, item_id)
        if key in first_row and item_id:
            cells.fail(
                "item",
                N_('"{item}" appears again (first in row {row}).'),
                (("item", item_id), ("row", str(first_row[key]))),
            )
        first_row.setdefault(key, number)
        for column in ("round", "group", "item_title"):
            cells.text(column)
        problems.extend(cells.problems)
        if cells.problems or fields is None:
            continue
        try:
            result = AgreedResult(**fields)
        except ValueError:
            problems.append(
                problem(at(table.name, number), N_("the agreed level does not match its words."))
            )
            continue
        rows.append(AgreedRow(table.name, number, session, result))
    if problems:
        raise ImportProblem(problems)
    return tuple(rows)
