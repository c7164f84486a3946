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
from inclusion_widgets.exchange.problems import ImportProblem, at, problem, shown
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, Params, Sentence
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

A_WHOLE_NUMBER = N_("a whole number")
A_TIMESTAMP = N_("an ISO 8601 date and time")
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
        self.problems: list[Sentence] = []

    def fail(self, column: str, message: str, params: Params = ()) -> None:
        """Note a problem at ``column`` of this row (``message`` marked with ``N_``)."""
        self.problems.append(problem(at(self.table.name, self.number, column), message, params))

    def text(self, column: str, required: bool = False) -> str:
        value = self.values[column]
        if len(value) > MAX_TEXT:
            self.fail(
                column,
                N_("the text has {count} characters, at most {limit}."),
                (("count", len(value)), ("limit", MAX_TEXT)),
            )
        elif required and not value.strip():
            self.fail(column, N_("the cell is empty."))
        elif "\x00" in value:
            self.fail(column, N_("the text contains a NUL character, which cannot be stored."))
        elif not value.isascii() and _broken(value):
            self.fail(column, N_("the text contains a broken character, which cannot be stored."))
        return value

    def parsed(self, column: str, parse: Callable[[str], T], what: str) -> T | None:
        """The cell through ``parse``; empty is ``None``; unreadable is a problem
        (``what`` says what it should be, marked with ``N_``)."""
        value = self.values[column].strip()
        if not value:
            return None
        try:
            return parse(value)
        except ValueError:
            self.fail(
                column,
                N_("{value} is not {what}."),
                (("value", shown(value)), ("what", Sentence(what))),
            )
            return None

    def flag(self, column: str) -> bool:
        value = self.values[column].strip().lower()
        if value in TRUE_WORDS:
            return True
        if value not in FALSE_WORDS:
            self.fail(
                column,
                N_("{value} is not true or false."),
                (("value", shown(self.values[column])),),
            )
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
    cells.fail(
        column,
        N_("{value} is not one of {allowed}."),
        (("value", shown(value)), ("allowed", ", ".join(allowed))),
    )
    return None


def parse_answers(table: Table, frameworks: Frameworks = None) -> tuple[AnswerRow, ...]:
    """Every row of an answers CSV as an :class:`AnswerRow`, or :class:`ImportProblem`."""
    problems: list[Sentence] = []
    rows: list[AnswerRow] = []
    first_row: dict[tuple[str, Person, str], int] = {}
    kinds = tuple(kind.value for kind in AnswerKind)
    for number, values in table.rows:
        cells = _Cells(table, number, values, ANSWER_NOT_TEXT)
        session = cells.text("session", required=True)
        person = cells.person()
        item_id = cells.text("item", required=True)
        kind = _choice(cells, "answer_kind", kinds)
        level = cells.parsed("level", _whole, A_WHOLE_NUMBER)
        if kind == AnswerKind.LEVEL and level is None and not cells.values["level"].strip():
            cells.fail("level", N_('the answer kind is "level" but no level is given.'))
        elif kind is not None and kind != AnswerKind.LEVEL and cells.values["level"].strip():
            cells.fail(
                "level", N_('a level is given but the answer kind is "{kind}".'), (("kind", kind),)
            )
        framework = _framework_for(frameworks, session)
        framework_id = cells.text("framework")
        if framework is not None:
            if framework_id != framework.id:
                cells.fail(
                    "framework",
                    N_('{value} is not the framework of session "{session}" ("{framework}").'),
                    (
                        ("value", shown(framework_id)),
                        ("session", session),
                        ("framework", framework.id),
                    ),
                )
            elif item_id in {question.id for question in framework.context_questions}:
                if kind == AnswerKind.LEVEL:
                    cells.fail(
                        "level",
                        N_('"{item}" is a context question and takes no level.'),
                        (("item", item_id),),
                    )
            elif item_id not in {item.id for item in framework.items}:
                not_an_item(cells, "item", item_id, framework)
            elif level is not None and level not in framework.scale_for(item_id).values:
                allowed = ", ".join(str(value) for value in framework.scale_for(item_id).values)
                cells.fail(
                    "level",
                    N_("{level} is not a level of the scale ({allowed})."),
                    (("level", str(level)), ("allowed", allowed)),
                )
        key = (session, person, item_id)
        if key in first_row and item_id:
            cells.fail(
                "item",
                N_('"{item}" is answered again by the same participant (first in row {row}).'),
                (("item", item_id), ("row", str(first_row[key]))),
            )
        first_row.setdefault(key, number)
        note = cells.text("note")
        evidence = cells.text("evidence")
        priority = cells.flag("priority")
        updated_at = cells.parsed("updated_at", parse_timestamp, A_TIMESTAMP)
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
            values[each.name] = cells.parsed(column, _whole, A_WHOLE_NUMBER)
        elif kind is Kind.WHOLE:
            number = cells.parsed(column, _whole, A_WHOLE_NUMBER)
            values[each.name] = each.default if number is None else number
        elif kind is Kind.RATING:
            values[each.name] = cells.parsed(column, _rating, N_("1, 2 or 3"))
        elif kind is Kind.FLAG:
            values[each.name] = cells.flag(column)
        elif kind is Kind.DAY:
            values[each.name] = cells.parsed(
                column, date.fromisoformat, N_("a date such as 2026-03-31")
            )
        elif kind is Kind.ITEMS:
            values[each.name] = _items(cells, column, framework)
        elif kind is Kind.ORIGIN:
            values[each.name] = tuple(
                part.strip() for part in cells.text(column).split(ITEM_SEPARATOR) if part.strip()
            )
        elif kind is Kind.STAMP:
            values[each.name] = cells.parsed(column, parse_timestamp, A_TIMESTAMP)
    return values if complete else None


def _items(cells: _Cells, column: str, framework: Framework | None) -> tuple[str, ...]:
    items = tuple(part for part in cells.text(column).split(ITEM_SEPARATOR) if part.strip())
    if framework is not None:
        known = {item.id for item in framework.items}
        for item_id in items:
            if item_id not in known:
                not_an_item(cells, column, item_id, framework)
    return items


def not_an_item(cells: _Cells, column: str, item_id: str, framework: Framework) -> None:
    cells.fail(
        column,
        N_('"{item}" is not an item of the framework "{framework}".'),
        (("item", item_id), ("framework", framework.id)),
    )


def parse_actions(table: Table, frameworks: Frameworks = None) -> tuple[ActionRow, ...]:
    """Every row of an actions CSV as an :class:`ActionRow`, or :class:`ImportProblem`."""
    problems: list[Sentence] = []
    rows: list[ActionRow] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, values in table.rows:
        cells = _Cells(table, number, values, ACTION_NOT_TEXT)
        session = cells.text("session", required=True)
        person = cells.person(required=False)
        action_id = cells.values["action_id"]
        key = (session, action_id)
        if key in first_row and action_id:
            cells.fail(
                "action_id",
                N_('"{action}" appears again (first in row {row}).'),
                (("action", action_id), ("row", str(first_row[key]))),
            )
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
