"""Checks run before anything is written: each refusal is one sentence naming what and where.

The checks of answers and actions live in :mod:`inclusion_widgets.checks`, which widgets
run too; here they become :class:`ChangeRefused` with the field to show the sentence at.
"""

from __future__ import annotations

from datetime import datetime

from inclusion_widgets import checks
from inclusion_widgets.checks import MAX_ACTION_ID, MAX_LINE, Problem
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import MAX_TEXT, Action, Answer
from inclusion_widgets.store.errors import ChangeRefused, StoreError

__all__ = [
    "MAX_ACTION_ID",
    "MAX_LINE",
    "check_action",
    "check_answer",
    "check_line",
    "check_stamp",
    "check_text",
    "refuse",
]


def refuse(problem: Problem | None) -> None:
    """Raise the problem, if there is one, as a refusal shown at its field."""
    if problem is not None:
        raise ChangeRefused(problem.sentence, problem.field)


def check_text(what: str, text: str, limit: int = MAX_TEXT) -> None:
    """Refuse text that is too long or that no database can store (NUL, broken Unicode)."""
    sentence = checks.text_problem(what, text, limit)
    if sentence is not None:
        raise StoreError(sentence)


def check_line(what: str, text: str, required: bool = False) -> str:
    """A one-line field: stripped, and refused when empty but required."""
    text = text.strip()
    if required and not text:
        raise StoreError(f"Please give a {what}.")
    check_text(what, text, MAX_LINE)
    return text


def check_stamp(what: str, stamp: datetime | None) -> None:
    if stamp is not None and stamp.tzinfo is None:
        raise ChangeRefused(
            f"The time of the {what} has no time zone; give it in UTC or with an offset."
        )


def check_answer(framework: Framework, answer: Answer) -> None:
    """The item or context question is in the framework, and the level on its scale."""
    refuse(checks.check_answer(framework, answer))
    check_stamp(f"answer to {answer.item_id!r}", answer.updated_at)


def check_action(framework: Framework, action: Action) -> None:
    """Every linked item exists, every text fits, the due date is not before the start."""
    refuse(checks.check_action(framework, action))
    check_stamp(f"action {action.id!r}", action.updated_at)
