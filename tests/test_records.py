"""The records every layer passes on: answers and actions, immutable and checked."""

from __future__ import annotations

import pytest

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, Answer, AnswerKind


def test_a_framework_snapshot_round_trips_through_plain_data(mini_framework):
    assert Framework.from_dict(mini_framework.to_dict()) == mini_framework


def test_dont_know_carries_no_level():
    answer = Answer("mini/01").with_level(2).with_kind(AnswerKind.DONT_KNOW)
    assert answer.level is None and answer.kind is AnswerKind.DONT_KNOW


def test_a_level_is_given_exactly_when_the_kind_is_level():
    with pytest.raises(ValueError, match="exactly when the answer kind is 'level'"):
        Answer("mini/01", AnswerKind.LEVEL)
    with pytest.raises(ValueError, match="exactly when the answer kind is 'level'"):
        Answer("mini/01", AnswerKind.NOT_APPLICABLE, level=1)


def test_impact_and_effort_are_rated_one_to_three():
    with pytest.raises(ValueError, match="impact must be 1, 2 or 3"):
        Action("a1", "Too big", impact=5)


def test_an_action_row_joins_its_linked_items():
    row = Action("a1", "Open a desk", items=("mini/01", "mini/03")).as_row()
    assert row["items"] == "mini/01;mini/03"
    assert list(row)[:3] == ["action_id", "position", "title"]
