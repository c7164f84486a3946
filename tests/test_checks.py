"""The checks a widget runs before sending an edit: the store refuses with the same words."""

from __future__ import annotations

from datetime import date

import pytest

from inclusion_widgets.checks import action_problem, answer_problem, check_action
from inclusion_widgets.records import Action, AnswerKind


def test_a_due_date_before_the_start_is_shown_at_the_due_date(mini_framework):
    problem = action_problem(
        mini_framework, "a1", {"start": date(2026, 9, 1), "due": date(2026, 3, 1)}
    )
    assert problem is not None and problem.field == "due"
    assert problem.sentence == (
        "The due date (2026-03-01) is before the start date (2026-09-01); "
        "move one of them so the action ends after it starts."
    )
    assert action_problem(mini_framework, "a1", {"due": date(2026, 3, 1)}) is None


@pytest.mark.parametrize(
    ("item_id", "fields", "field", "words"),
    [
        ("mini/01", {"kind": AnswerKind.LEVEL, "level": 4}, "level", "4 is not a level"),
        ("mini/01", {"kind": "maybe", "level": None}, "level", "not a kind of answer"),
        ("mini/context/01", {"kind": "level", "level": 1}, "level", "answered with text"),
        ("mini/01", {"note": "x" * 20_001}, "note", "20,001 characters"),
        ("mini/01", {"evidence": "a\x00b"}, "evidence", "NUL character"),
        ("mini/01", {"priority": "yes"}, "priority", "yes or no"),
        ("mini/99", {"note": "x"}, "", "“mini/99” is not an item"),
    ],
)
def test_answer_fields_are_checked_one_by_one(mini_framework, item_id, fields, field, words):
    problem = answer_problem(mini_framework, item_id, fields)
    assert problem is not None and problem.field == field and words in problem.sentence


def test_a_valid_record_has_no_problem(mini_framework):
    action = Action("a1", "Forum", items=("mini/01",), impact=2, start=date(2026, 1, 1))
    assert check_action(mini_framework, action) is None
    assert answer_problem(mini_framework, "mini/02", {"note": "ok", "priority": True}) is None
