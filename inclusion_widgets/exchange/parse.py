"""Rows of an answers or actions CSV turned into typed records, every cell checked.

All problems of a file are collected before anything is returned, each as a sentence
naming the file, the row (as a spreadsheet numbers it) and the column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from inclusion_widgets.exchange.columns import ACTION_NOT_TEXT, ANSWER_NOT_TEXT, ITEM_SEPARATOR
from inclusion_widgets.exchange.csv_format import Table, unguard
from inclusion_widgets.exchange.problems import ImportProblem, at, shown
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.record_fields import Kind, fields_of
from inclusion_widgets.records import (
    IMPACT_EFFORT_LABELS,
    MAX_TEXT,
    Action,
    Answer,
    AnswerKind,
)

T = TypeVar("T")

A_DATE = "a date such as 2026-03-31"

TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no", ""})

Frameworks = Framework | Mapping[str, Framework] | None
"""One framework for every row, one per session code, or none (item ids unchecked)."""


@dataclass(frozen=True)
class Person:
    """A participant as the files name them; the four cells together say who it is."""

    name: str
    city: str
    organisation: str
    role: str


@dataclass(frozen=True)
class AnswerRow:
    """One row of an answers CSV: where it came from, whose it is, and the answer."""

    file: str
    row: int
    session: str
    round: str
    person: Person
    framework: str
    framework_version: str
    answer: Answer


@dataclass(frozen=True)
class ActionRow:
    """One row of an actions CSV: where it came from, who drafted it, and the action."""

    file: str
    row: int
    session: str
    round: str
    person: Person
    action: Action


class _Cells:
    """The cells of one row by column name, text unguarded, problems collected."""

    def __init__(
        self, table: Table, number: int, values: tuple[str, ...], not_text: frozenset[str]
    ) -> None:
        self.table = table
        self.number = number
        self.values = {
            name: (value if name in not_text else unguard(value))
            for name, value in zip(table.header, values, strict=True)
        }
        self.problems: list[str] = []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(f"{at(self.table.name, self.number, column)}: {message}")

    def text(self, column: str, required: bool = False) -> str:
        value = self.values[column]
        if len(value) > MAX_TEXT:
            self.fail(column, f"the text has {len(value):,} characters, at most {MAX_TEXT:,}.")
        elif required and not value.strip():
            self.fail(column, "the cell is empty.")
        elif "\x00" in value:
            self.fail(column, "the text contains a NUL character, which cannot be stored.")
        elif not value.isascii() and _broken(value):
            self.fail(column, "the text contains a broken character, which cannot be stored.")
        return value

    def parsed(self, column: str, parse: Callable[[str], T], what: str) -> T | None:
        """The cell through ``parse``; empty is ``None``; unreadable is a problem."""
        value = self.values[column].strip()
        if not value:
            return None
        try:
            return parse(value)
        except ValueError:
            self.fail(column, f"{shown(value)} is not {what}.")
            return None

    def flag(self, column: str) -> bool:
        value = self.values[column].strip().lower()
        if value in TRUE_WORDS:
            return True
        if value not in FALSE_WORDS:
            self.fail(column, f"{shown(self.values[column])} is not true or false.")
        return False

    def person(self, required: bool = True) -> Person:
        return Person(
            name=self.text("participant", required=required),
            city=self.text("city"),
            organisation=self.text("organisation"),
            role=self.text("role"),
        )


def _broken(text: str) -> bool:
    """Half of a surrogate pair: no UTF-8 file or database can hold it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_timestamp(value: str) -> datetime:
    """ISO 8601; a time without an offset is taken to be UTC."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _whole(value: str) -> int:
    return int(value)


def _framework_for(frameworks: Frameworks, session: str) -> Framework | None:
    if frameworks is None or isinstance(frameworks, Framework):
        return frameworks
    return frameworks.get(session)


def _choice(cells: _Cells, column: str, allowed: tuple[str, ...]) -> str | None:
    value = cells.values[column].strip()
    if value in allowed:
        return value
    cells.fail(column, f"{shown(value)} is not one of {', '.join(allowed)}.")
    return None


def parse_answers(table: Table, frameworks: Frameworks = None) -> tuple[AnswerRow, ...]:
    """Every row of an answers CSV as an :class:`AnswerRow`, or :class:`ImportProblem`."""
    problems: list[str] = []
    rows: list[AnswerRow] = []
    first_row: dict[tuple[str, Person, str], int] = {}
    kinds = tuple(kind.value for kind in AnswerKind)
    for number, values in table.rows:
        cells = _Cells(table, number, values, ANSWER_NOT_TEXT)
        session = cells.text("session", required=True)
        person = cells.person()
        item_id = cells.text("item", required=True)
        kind = _choice(cells, "answer_kind", kinds)
        level = cells.parsed("level", _whole, "a whole number")
        if kind == AnswerKind.LEVEL and level is None and not cells.values["level"].strip():
            cells.fail("level", 'the answer kind is "level" but no level is given.')
        elif kind is not None and kind != AnswerKind.LEVEL and cells.values["level"].strip():
            cells.fail("level", f'a level is given but the answer kind is "{kind}".')
        framework = _framework_for(frameworks, session)
        framework_id = cells.text("framework")
        if framework is not None:
            if framework_id != framework.id:
                cells.fail(
                    "framework",
                    f'{shown(framework_id)} is not the framework of session "{session}" '
                    f'("{framework.id}").',
                )
            elif item_id in {question.id for question in framework.context_questions}:
                if kind == AnswerKind.LEVEL:
                    cells.fail("level", f'"{item_id}" is a context question and takes no level.')
            elif item_id not in {item.id for item in framework.items}:
                cells.fail("item", f'"{item_id}" is not an item of the framework "{framework.id}".')
            elif level is not None and level not in framework.scale_for(item_id).values:
                allowed = ", ".join(str(value) for value in framework.scale_for(item_id).values)
                cells.fail("level", f"{level} is not a level of the scale ({allowed}).")
        key = (session, person, item_id)
        if key in first_row and item_id:
            cells.fail(
                "item",
                f'"{item_id}" is answered again by the same participant '
                f"(first in row {first_row[key]}).",
            )
        first_row.setdefault(key, number)
        note = cells.text("note")
        evidence = cells.text("evidence")
        priority = cells.flag("priority")
        updated_at = cells.parsed("updated_at", parse_timestamp, "an ISO 8601 date and time")
        for column in ("round", "framework_version", "group", "item_title", "level_label"):
            cells.text(column)
        problems.extend(cells.problems)
        if cells.problems or kind is None:
            continue
        rows.append(
            AnswerRow(
                file=table.name,
                row=number,
                session=session,
                round=cells.values["round"],
                person=person,
                framework=framework_id,
                framework_version=cells.values["framework_version"],
                answer=Answer(
                    item_id=item_id,
                    kind=AnswerKind(kind),
                    level=level,
                    note=note,
                    evidence=evidence,
                    priority=priority,
                    updated_at=updated_at,
                ),
            )
        )
    if problems:
        raise ImportProblem(problems)
    return tuple(rows)


def _rating(value: str) -> int:
    rating = int(value)
    if rating not in IMPACT_EFFORT_LABELS:
        raise ValueError(value)
    return rating


def _record_values(
    cells: _Cells, record: type, framework: Framework | None
) -> dict[str, Any] | None:
    """The cells of a record's columns, read as its declaration says; None when a
    choice is not one of its values (the problem is noted)."""
    values: dict[str, Any] = {}
    complete = True
    for each in fields_of(record):
        column, kind = each.column, each.kind
        if kind is Kind.KEY:
            values[each.name] = cells.text(column, required=True)
        elif kind in (Kind.TEXT, Kind.RECORDER):
            values[each.name] = cells.text(column)
        elif kind is Kind.CHOICE and each.spec.choices is not None:
            choice = _choice(cells, column, tuple(member.value for member in each.spec.choices))
            complete = complete and choice is not None
            values[each.name] = None if choice is None else each.spec.choices(choice)
        elif kind is Kind.NUMBER:
            values[each.name] = cells.parsed(column, _whole, "a whole number")
        elif kind is Kind.WHOLE:
            number = cells.parsed(column, _whole, "a whole number")
            values[each.name] = each.default if number is None else number
        elif kind is Kind.RATING:
            values[each.name] = cells.parsed(column, _rating, "1, 2 or 3")
        elif kind is Kind.FLAG:
            values[each.name] = cells.flag(column)
        elif kind is Kind.DAY:
            values[each.name] = cells.parsed(
                column, date.fromisoformat, "a date such as 2026-03-31"
            )
        elif kind is Kind.ITEMS:
            values[each.name] = _items(cells, column, framework)
        elif kind is Kind.ORIGIN:
            values[each.name] = tuple(
                part.strip() for part in cells.text(column).split(ITEM_SEPARATOR) if part.strip()
            )
        elif kind is Kind.STAMP:
            values[each.name] = cells.parsed(column, parse_timestamp, "an ISO 8601 date and time")
    return values if complete else None


def _items(cells: _Cells, column: str, framework: Framework | None) -> tuple[str, ...]:
    items = tuple(part for part in cells.text(column).split(ITEM_SEPARATOR) if part.strip())
    if framework is not None:
        known = {item.id for item in framework.items}
        for item_id in items:
            if item_id not in known:
                cells.fail(column, f'"{item_id}" is not an item of the framework "{framework.id}".')
    return items


def parse_actions(table: Table, frameworks: Frameworks = None) -> tuple[ActionRow, ...]:
    """Every row of an actions CSV as an :class:`ActionRow`, or :class:`ImportProblem`."""
    problems: list[str] = []
    rows: list[ActionRow] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, values in table.rows:
        cells = _Cells(table, number, values, ACTION_NOT_TEXT)
        session = cells.text("session", required=True)
        person = cells.person(required=False)
        action_id = cells.values["action_id"]
        key = (session, action_id)
        if key in first_row and action_id:
            cells.fail("action_id", f'"{action_id}" appears again (first in row {first_row[key]}).')
        first_row.setdefault(key, number)
        fields = _record_values(cells, Action, _framework_for(frameworks, session))
        cells.text("round")
        problems.extend(cells.problems)
        if cells.problems or fields is None:
            continue
        rows.append(
            ActionRow(
                file=table.name,
                row=number,
                session=session,
                round=cells.values["round"],
                person=person,
                action=Action(**fields),  # version 0: not saved in this store yet
            )
        )
    if problems:
        raise ImportProblem(problems)
    return tuple(rows)
