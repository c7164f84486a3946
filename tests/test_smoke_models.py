from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Answer, AnswerKind


def test_snapshot_round_trip_keeps_the_framework(mini_framework):
    assert Framework.from_dict(mini_framework.to_dict()) == mini_framework


def test_dont_know_carries_no_level():
    answer = Answer("mini/01").with_level(2).with_kind(AnswerKind.DONT_KNOW)
    assert answer.level is None and answer.kind is AnswerKind.DONT_KNOW
