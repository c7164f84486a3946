"""The analysis functions on small data sets whose figures are worked out by hand.

The mini framework has items mini/01 and mini/02 (group mini/governance) and
mini/03 (group mini/services), all on the scale 0..3.
"""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from inclusion_widgets.analysis import (
    ANSWER_COLUMNS,
    AnswersError,
    answers_frame,
    compare_agreed,
    compare_groups,
    compare_rounds,
    disagreement,
    empty_answers_frame,
    group_summary,
    item_summary,
    level_distribution,
    match_participants,
    movers,
    participant_progress,
    summary_table,
)
from inclusion_widgets.records import AgreedResult, AnswerKind

ROOT = Path(__file__).parent.parent
NAN = float("nan")
ITEMS = ["mini/01", "mini/02", "mini/03"]


def person(name, city="Riga", role="mentor", session="S1", **answers):
    """Rows for one participant: keyword ``mini_01=2`` gives level 2 to mini/01,
    ``mini_02="dont_know"`` an answer kind, and a tuple adds extra fields."""
    rows = []
    for key, answer in answers.items():
        extra = {}
        if isinstance(answer, tuple):
            answer, extra = answer
        row = {"participant": name, "city": city, "role": role, "session": session}
        row["item"] = key.replace("_", "/", 1) if key.startswith("mini_") else key
        if isinstance(answer, int):
            row["level"] = answer
        else:
            row["answer_kind"] = answer
        rows.append({**row, **extra})
    return rows


PRIORITY = {"priority": True}


def workshop(framework):
    """Five participants; the hand computations below refer to this table.

    ======  ======  =======  ========  ======  =====
    name    role    city     mini/01   mini/02  mini/03
    ======  ======  =======  ========  ======  =====
    ana     mentor  Riga     3 prio    dk      2
    ben     mentor  Riga     3         n/a     0
    cleo    mentee  Lyon     1 prio    dk      1
    dan     mentee  Lyon     0 prio    (row, unanswered)  3
    eva     partner Lyon     1         -       -
    ======  ======  =======  ========  ======  =====
    """
    return answers_frame(
        framework,
        person("ana", mini_01=(3, PRIORITY), mini_02="dont_know", mini_03=2)
        + person("ben", mini_01=3, mini_02="not_applicable", mini_03=0)
        + person("cleo", "Lyon", "mentee", mini_01=(1, PRIORITY), mini_02="dont_know", mini_03=1)
        + person("dan", "Lyon", "mentee", mini_01=(0, PRIORITY), mini_02="unanswered", mini_03=3)
        + person("eva", "Lyon", "partner", mini_01=1),
    )


def column(table, name):
    return table[name].tolist()


def same(actual, expected):
    """Lists of floats equal, NaN equal to NaN."""
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(got), (actual, expected)
        else:
            assert got == pytest.approx(want), (actual, expected)


# --- the frame -------------------------------------------------------------------


def test_frames_have_exactly_the_export_columns(mini_framework):
    assert tuple(empty_answers_frame().columns) == ANSWER_COLUMNS
    assert tuple(workshop(mini_framework).columns) == ANSWER_COLUMNS
    assert str(empty_answers_frame()["level"].dtype) == "Int64"


def test_answers_frame_fills_what_the_framework_knows(mini_framework):
    frame = answers_frame(
        mini_framework,
        person("ana", mini_01=3, mini_02="dont_know", mini_03="not_applicable"),
    )
    assert column(frame, "group") == ["Governance", "Governance", "Services"]
    assert column(frame, "level_label") == ["Embedded", "Don't know", "Not applicable"]
    assert column(frame, "answer_kind") == ["level", "dont_know", "not_applicable"]
    assert column(frame, "framework") == ["mini"] * 3
    assert frame["level"].isna().tolist() == [False, True, True]


def test_answers_frame_names_an_unknown_field(mini_framework):
    with pytest.raises(ValueError, match="answer 1: unknown field"):
        answers_frame(mini_framework, [{"participant": "ana", "item": "mini/01", "score": 2}])


# --- item_summary ----------------------------------------------------------------


def test_item_summary_of_the_workshop(mini_framework):
    table = item_summary(workshop(mini_framework), mini_framework)
    # mini/01: levels 3,3,1,0,1 -> sorted 0,1,1,3,3: median 1, mean 8/5 = 1.6;
    #   one at 0, two at 1, none at 2, two at 3; priority: ana, cleo, dan = 3.
    # mini/02: dk ana+cleo = 2, n/a ben = 1, unanswered dan (row) + eva (no row) = 2.
    # mini/03: levels 2,0,1,3: median 1.5, mean 1.5; eva has no row: unanswered 1.
    assert list(table.columns) == [
        "group",
        "item",
        "item_title",
        "n_participants",
        "n_answered",
        "n_dont_know",
        "n_not_applicable",
        "n_unanswered",
        "n_level_0",
        "n_level_1",
        "n_level_2",
        "n_level_3",
        "median",
        "mean",
        "n_priority",
    ]
    assert column(table, "item") == ITEMS
    assert column(table, "group") == ["mini/governance", "mini/governance", "mini/services"]
    assert column(table, "n_participants") == [5, 5, 5]
    assert column(table, "n_answered") == [5, 0, 4]
    assert column(table, "n_dont_know") == [0, 2, 0]
    assert column(table, "n_not_applicable") == [0, 1, 0]
    assert column(table, "n_unanswered") == [0, 2, 1]
    assert [column(table, f"n_level_{v}") for v in range(4)] == [
        [1, 0, 1],
        [2, 0, 1],
        [0, 0, 1],
        [2, 0, 1],
    ]
    same(column(table, "median"), [1.0, NAN, 1.5])
    same(column(table, "mean"), [1.6, NAN, 1.5])
    assert column(table, "n_priority") == [3, 0, 0]


def test_dont_know_is_not_zero(mini_framework):
    # Everyone says "don't know" to mini/01: no level, so no 0, no median, no mean.
    answers = answers_frame(
        mini_framework,
        person("ana", mini_01="dont_know") + person("ben", mini_01="dont_know"),
    )
    row = item_summary(answers, mini_framework).iloc[0]
    assert (row["n_dont_know"], row["n_answered"], row["n_level_0"]) == (2, 0, 0)
    assert math.isnan(row["median"]) and math.isnan(row["mean"])


def test_not_applicable_is_left_out_of_the_average(mini_framework):
    # mini/01: 3, 3 and "not applicable": mean and median 3, not (3+3+0)/3 = 2.
    answers = answers_frame(
        mini_framework,
        person("ana", mini_01=3)
        + person("ben", mini_01=3)
        + person("cleo", mini_01="not_applicable"),
    )
    row = item_summary(answers, mini_framework).iloc[0]
    assert (row["mean"], row["median"], row["n_not_applicable"], row["n_answered"]) == (
        3.0,
        3.0,
        1,
        2,
    )


def test_an_item_nobody_answered_still_appears(mini_framework):
    # Only mini/01 is answered, plus a context question (not scored, but ben joined).
    answers = answers_frame(
        mini_framework,
        [*person("ana", mini_01=2), {"participant": "ben", "item": "mini/context/01"}],
    )
    table = item_summary(answers, mini_framework)
    assert column(table, "item") == ITEMS
    assert column(table, "n_participants") == [2, 2, 2]
    assert column(table, "n_answered") == [1, 0, 0]
    assert column(table, "n_unanswered") == [1, 2, 2]
    same(column(table, "mean"), [2.0, NAN, NAN])


def test_no_answers_at_all(mini_framework):
    table = item_summary(empty_answers_frame(), mini_framework)
    assert column(table, "item") == ITEMS
    assert column(table, "n_participants") == [0, 0, 0]
    assert column(table, "n_unanswered") == [0, 0, 0]
    same(column(table, "median"), [NAN, NAN, NAN])


def test_levels_read_from_a_csv_as_floats_give_the_same_figures(mini_framework):
    # A CSV read without dtypes has levels as floats with NaN and a missing session.
    answers = workshop(mini_framework)
    loose = answers.astype({"level": "float64", "session": object})
    loose.loc[:, "session"] = None
    pd.testing.assert_frame_equal(
        item_summary(loose, mini_framework), item_summary(answers, mini_framework)
    )


def test_level_distribution_shares_leave_out_dont_know(mini_framework):
    table = level_distribution(workshop(mini_framework), mini_framework)
    assert list(table.columns) == ["group", "item", "level", "level_label", "count", "share"]
    assert len(table) == 12  # 3 items x 4 levels
    first = table[table["item"] == "mini/01"]
    # mini/01: 1, 2, 0, 2 of 5 level answers.
    assert column(first, "count") == [1, 2, 0, 2]
    same(column(first, "share"), [0.2, 0.4, 0.0, 0.4])
    assert column(first, "level_label") == ["Not started", "Planned", "In progress", "Embedded"]
    # mini/02 has no level answer: shares are unknown, not 0.
    same(column(table[table["item"] == "mini/02"], "share"), [NAN] * 4)


# --- disagreement ----------------------------------------------------------------


def test_disagreement_ranks_the_most_spread_first(mini_framework):
    answers = answers_frame(
        mini_framework,
        person("a", mini_01=0, mini_02=1, mini_03=0)
        + person("b", mini_01=0, mini_02=1, mini_03=1)
        + person("c", mini_01=3, mini_02=2, mini_03=2)
        + person("d", mini_01=3, mini_02=2, mini_03=3),
    )
    table = disagreement(answers, mini_framework)
    # mini/03: 0,1,2,3, one at each of 4 levels: entropy ln4/ln4 = 1.
    #   Quartiles of 0,1,2,3 (linear): q25 at position 0.75 = 0.75, q75 at 2.25 = 2.25.
    # mini/01: 0,0,3,3: shares 1/2, 1/2: ln2/ln4 = 0.5; q25 = 0, q75 = 3; range 3.
    # mini/02: 1,1,2,2: also 0.5; q25 = 1, q75 = 2; range 1: after mini/01.
    assert list(table.columns) == [
        "rank",
        "group",
        "item",
        "item_title",
        "n_answered",
        "spread",
        "iqr",
        "range",
    ]
    assert column(table, "item") == ["mini/03", "mini/01", "mini/02"]
    assert column(table, "rank") == [1, 2, 3]
    same(column(table, "spread"), [1.0, 0.5, 0.5])
    same(column(table, "iqr"), [1.5, 3.0, 1.0])
    same(column(table, "range"), [3.0, 3.0, 1.0])


def test_disagreement_exact_ties_keep_framework_order(mini_framework):
    # mini/01: 0,0,1 and mini/02: 2,2,1 have the same shares (2/3, 1/3) and range 1.
    # entropy = (ln3 - 2/3 ln2) / ln4 = (1.098612 - 0.462098) / 1.386294 = 0.459148.
    answers = answers_frame(
        mini_framework,
        person("a", mini_01=0, mini_02=1, mini_03=2)
        + person("b", mini_01=0, mini_02=2)
        + person("c", mini_01=1, mini_02=2),
    )
    table = disagreement(answers, mini_framework)
    assert column(table, "item") == ["mini/01", "mini/02", "mini/03"]
    first, second = column(table, "spread")[:2]
    assert first == second == pytest.approx(0.459148, abs=1e-6)


def test_disagreement_puts_items_with_fewer_than_two_levels_last(mini_framework):
    # mini/03: 2,2 (agreement, entropy 0) still ranks before mini/01 (one level)
    # and mini/02 (none), which follow in framework order.
    answers = answers_frame(
        mini_framework,
        person("a", mini_01=1, mini_02="dont_know", mini_03=2) + person("b", mini_03=2),
    )
    table = disagreement(answers, mini_framework)
    assert column(table, "item") == ["mini/03", "mini/01", "mini/02"]
    assert column(table, "n_answered") == [2, 1, 0]
    same(column(table, "spread"), [0.0, NAN, NAN])
    same(column(table, "iqr"), [0.0, 0.0, NAN])
    same(column(table, "range"), [0.0, 0.0, NAN])


def test_a_single_participant(mini_framework):
    answers = answers_frame(mini_framework, person("ana", mini_01=2, mini_03="not_applicable"))
    summary = item_summary(answers, mini_framework)
    assert column(summary, "n_answered") == [1, 0, 0]
    same(column(summary, "median"), [2.0, NAN, NAN])
    spread = disagreement(answers, mini_framework)
    assert column(spread, "item") == ITEMS
    same(column(spread, "spread"), [NAN, NAN, NAN])
    progress = participant_progress(answers, mini_framework)
    assert column(progress, "n_answered") == [2]
    same(column(progress, "share_answered"), [2 / 3])


# --- comparisons -----------------------------------------------------------------


def test_mentor_vs_mentee(mini_framework):
    result = compare_groups(workshop(mini_framework), mini_framework)
    items = result.items
    # The gap compares medians. mini/01: mentors 3,3 (median 3), mentees 1,0 (median 0.5):
    # gap 0.5 - 3 = -2.5. mini/02: no level on either side: NaN.
    # mini/03: mentors 2,0 (median 1), mentees 1,3 (median 2): gap +1.
    assert list(items.columns) == [
        "group",
        "item",
        "item_title",
        "n_a",
        "mean_a",
        "median_a",
        "n_b",
        "mean_b",
        "median_b",
        "gap",
    ]
    assert (result.by, result.a, result.b) == ("role", "mentor", "mentee")
    assert column(items, "n_a") == [2, 0, 2]
    assert column(items, "n_b") == [2, 0, 2]
    same(column(items, "mean_a"), [3.0, NAN, 1.0])
    same(column(items, "median_b"), [0.5, NAN, 2.0])
    same(column(items, "gap"), [-2.5, NAN, 1.0])
    # Groups pool the items' level answers: governance has only mini/01's.
    groups = result.groups
    assert column(groups, "group") == ["mini/governance", "mini/services"]
    assert column(groups, "group_title") == ["Governance", "Services"]
    assert column(groups, "n_a") == [2, 2]
    same(column(groups, "gap"), [-2.5, 1.0])


def test_city_vs_city(mini_framework):
    result = compare_groups(workshop(mini_framework), mini_framework, by="city", a="Riga", b="Lyon")
    # mini/01: Riga 3,3 (median 3); Lyon cleo 1, dan 0, eva 1: mean 2/3, median 1.
    # Gap: medians, 1 - 3 = -2.
    items = result.items
    assert column(items, "n_b") == [3, 0, 2]
    same(column(items, "mean_b"), [2 / 3, NAN, 2.0])
    same(column(items, "median_b"), [1.0, NAN, 2.0])
    same(column(items, "gap"), [-2.0, NAN, 1.0])


def test_a_side_nobody_belongs_to_is_empty_not_an_error(mini_framework):
    result = compare_groups(workshop(mini_framework), mini_framework, b="association")
    assert column(result.items, "n_b") == [0, 0, 0]
    same(column(result.items, "gap"), [NAN, NAN, NAN])


def test_compare_groups_refuses_an_unknown_column(mini_framework):
    with pytest.raises(ValueError, match="cannot compare by 'note'"):
        compare_groups(workshop(mini_framework), mini_framework, by="note")


# --- rounds ----------------------------------------------------------------------


def two_rounds(framework, followup_extra=()):
    """Baseline B1 and follow-up F1 (names typed differently at follow-up).

    ===========  ===============  ======================
    person       baseline         follow-up
    ===========  ===============  ======================
    Ana, Riga    01=1 02=2 03=dk  "ana ", "RIGA": 01=3 02=2 03=2
    Ben, Riga    01=2 02=2        01=1 02=dk
    Cleo, Lyon   01=0             (absent)
    Dan, Lyon    (absent)         01=2
    ===========  ===============  ======================
    """
    baseline = answers_frame(
        framework,
        person("Ana", session="B1", mini_01=1, mini_02=2, mini_03="dont_know")
        + person("Ben", session="B1", mini_01=2, mini_02=2)
        + person("Cleo", "Lyon", session="B1", mini_01=0),
    )
    followup = answers_frame(
        framework,
        person("ana ", "RIGA", session="F1", mini_01=3, mini_02=2, mini_03=2)
        + person("Ben", session="F1", mini_01=1, mini_02="dont_know")
        + person("Dan", "Lyon", session="F1", mini_01=2)
        + list(followup_extra),
    )
    return baseline, followup


def test_compare_rounds(mini_framework):
    result = compare_rounds(*two_rounds(mini_framework), mini_framework)
    items = result.items
    # The change compares medians.
    # mini/01: baseline 1,2,0 (median 1); follow-up 3,1,2 (median 2): change +1.
    # mini/02: baseline 2,2; follow-up 2 (Ben said don't know): change 0.
    # mini/03: no baseline level: change NaN.
    assert list(items.columns) == [
        "group",
        "item",
        "item_title",
        "n_baseline",
        "mean_baseline",
        "median_baseline",
        "n_followup",
        "mean_followup",
        "median_followup",
        "change",
    ]
    assert column(items, "n_baseline") == [3, 2, 0]
    assert column(items, "n_followup") == [3, 1, 1]
    same(column(items, "mean_baseline"), [1.0, 2.0, NAN])
    same(column(items, "median_followup"), [2.0, 2.0, 2.0])
    same(column(items, "change"), [1.0, 0.0, NAN])
    # Governance pools 01 and 02: baseline 1,2,0,2,2 (mean 7/5 = 1.4, median 2),
    # follow-up 3,1,2,2 (mean 2, median 2): change of the medians 0.
    groups = result.groups
    same(column(groups, "mean_baseline"), [1.4, NAN])
    same(column(groups, "median_baseline"), [2.0, NAN])
    same(column(groups, "change"), [0.0, NAN])


def test_movers_matched_by_name_and_city(mini_framework):
    table = movers(*two_rounds(mini_framework), mini_framework)
    # Ana 01: 1 -> 3 (+2); Ben 01: 2 -> 1 (-1). Ana 02 stayed at 2; Ana 03 and
    # Ben 02 involve "don't know"; Cleo and Dan took part in one round only.
    assert list(table.columns) == [
        "participant",
        "city",
        "group",
        "item",
        "item_title",
        "level_baseline",
        "level_followup",
        "change",
    ]
    assert table[["participant", "city", "item", "change"]].values.tolist() == [
        ["ana ", "RIGA", "mini/01", 2],
        ["Ben", "Riga", "mini/01", -1],
    ]
    assert column(table, "level_baseline") == [1, 2]
    assert column(table, "level_followup") == [3, 1]


def test_movers_can_list_who_stayed(mini_framework):
    table = movers(*two_rounds(mini_framework), mini_framework, include_unchanged=True)
    assert table[["participant", "item", "change"]].values.tolist() == [
        ["ana ", "mini/01", 2],
        ["Ben", "mini/01", -1],
        ["ana ", "mini/02", 0],
    ]


def test_movers_leave_out_a_name_that_is_not_unique(mini_framework):
    # A second "ben" from Riga joins the follow-up: neither Ben can be matched.
    second_ben = person("ben", session="F1", mini_01=3)
    table = movers(*two_rounds(mini_framework, second_ben), mini_framework)
    assert column(table, "participant") == ["ana "]


# --- groups and participants -----------------------------------------------------


def test_group_summary(mini_framework):
    table = group_summary(workshop(mini_framework), mini_framework)
    # Governance = mini/01 + mini/02: answered 5+0, dk 0+2, n/a 0+1, unanswered 0+2
    # (together 10 = 2 items x 5 people), priority 3+0; levels 3,3,1,0,1: median 1, mean 1.6.
    # Services = mini/03: answered 4, unanswered 1; levels 2,0,1,3: median 1.5, mean 1.5.
    assert list(table.columns) == [
        "group",
        "group_title",
        "n_items",
        "n_participants",
        "n_answered",
        "n_dont_know",
        "n_not_applicable",
        "n_unanswered",
        "n_priority",
        "median",
        "mean",
    ]
    assert column(table, "group") == ["mini/governance", "mini/services"]
    assert column(table, "n_items") == [2, 1]
    assert column(table, "n_participants") == [5, 5]
    assert column(table, "n_answered") == [5, 4]
    assert column(table, "n_dont_know") == [2, 0]
    assert column(table, "n_not_applicable") == [1, 0]
    assert column(table, "n_unanswered") == [2, 1]
    assert column(table, "n_priority") == [3, 0]
    same(column(table, "median"), [1.0, 1.5])
    same(column(table, "mean"), [1.6, 1.5])


def test_participant_progress(mini_framework):
    answers = workshop(mini_framework)
    # Ana flags mini/03 too (her row for 03 comes last, but 01 is listed first
    # anyway: framework order) and changed mini/02 last.
    late = datetime(2026, 3, 5, 10, 30, tzinfo=UTC)
    ana = answers["participant"] == "ana"
    answers.loc[ana & (answers["item"] == "mini/03"), "priority"] = True
    answers.loc[ana, "updated_at"] = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    answers.loc[ana & (answers["item"] == "mini/02"), "updated_at"] = late
    table = participant_progress(answers, mini_framework)
    assert list(table.columns) == [
        "session",
        "participant",
        "city",
        "organisation",
        "role",
        "n_answered",
        "n_items",
        "share_answered",
        "n_level",
        "n_dont_know",
        "n_not_applicable",
        "n_priority",
        "priority_items",
        "updated_at",
    ]
    # ana 3, dk, 2 | ben 3, n/a, 0 | cleo 1, dk, 1 | dan 0, (unanswered), 3 | eva 1.
    assert column(table, "participant") == ["ana", "ben", "cleo", "dan", "eva"]
    assert column(table, "n_answered") == [3, 3, 3, 2, 1]
    assert column(table, "n_items") == [3] * 5
    same(column(table, "share_answered"), [1.0, 1.0, 1.0, 2 / 3, 1 / 3])
    assert column(table, "n_level") == [2, 2, 2, 2, 1]
    assert column(table, "n_dont_know") == [1, 0, 1, 0, 0]
    assert column(table, "n_not_applicable") == [0, 1, 0, 0, 0]
    assert column(table, "n_priority") == [2, 0, 1, 1, 0]
    assert column(table, "priority_items") == [
        ("mini/01", "mini/03"),
        (),
        ("mini/01",),
        ("mini/01",),
        (),
    ]
    assert table["updated_at"].iloc[0] == late
    assert pd.isna(table["updated_at"].iloc[1])


def test_summary_table_adds_the_disagreement_figures(mini_framework):
    answers = workshop(mini_framework)
    table = summary_table(answers, mini_framework)
    summary = item_summary(answers, mini_framework)
    assert list(table.columns) == [
        *summary.columns,
        "spread",
        "iqr",
        "range",
        "disagreement_rank",
    ]
    # mini/01 levels 0,1,1,3,3 (shares .2,.4,.4): entropy (0.2 ln5 + 0.8 ln2.5) / ln4
    #   = (0.321888 + 0.733033) / 1.386294 = 0.760964.
    # mini/03 levels 0,1,2,3: entropy 1 -> rank 1; mini/02 has no level -> rank 3.
    assert column(table, "disagreement_rank") == [2, 3, 1]
    same(column(table, "spread"), [0.760964, NAN, 1.0])
    pd.testing.assert_frame_equal(table[list(summary.columns)], summary)


# --- bad input -------------------------------------------------------------------


def test_a_missing_column_is_named(mini_framework):
    with pytest.raises(AnswersError, match="no column 'answer_kind'"):
        item_summary(workshop(mini_framework).drop(columns="answer_kind"), mini_framework)


@pytest.mark.parametrize(
    ("row", "sentence"),
    [
        ({"item": "mini/01", "level": 7}, "level 7 is not on the scale 'maturity' of 'mini/01'"),
        (
            {"item": "mini/01", "level": 2, "answer_kind": "dont_know"},
            "a level is given but answer_kind is 'dont_know'",
        ),
        ({"item": "mini/01", "answer_kind": "level"}, "answer_kind is 'level' but no level"),
        ({"item": "mini/01", "answer_kind": "maybe"}, "answer_kind 'maybe' is not one of"),
        ({"item": "mini/01", "level": 1, "participant": " "}, "the participant is missing"),
    ],
)
def test_a_bad_row_is_named(mini_framework, row, sentence):
    answers = answers_frame(mini_framework, [{"participant": "ana", **row}])
    with pytest.raises(AnswersError) as raised:
        item_summary(answers, mini_framework)
    assert any(sentence in problem for problem in raised.value.problems), raised.value.problems


def test_an_item_of_another_framework_is_named(mini_framework):
    answers = answers_frame(mini_framework, person("ana", mini_01=1, mini_02=1))
    answers.loc[1, "item"] = "oecd-12/09"
    with pytest.raises(
        AnswersError, match="answers row 1: 'oecd-12/09' is not an item of the framework 'mini'"
    ):
        group_summary(answers, mini_framework)


def test_two_answers_of_one_person_to_one_item_are_refused(mini_framework):
    answers = answers_frame(mini_framework, person("ana", mini_01=1) + person("ana", mini_01=2))
    with pytest.raises(AnswersError, match="answers row 1: a second answer of 'ana' to 'mini/01'"):
        disagreement(answers, mini_framework)


# --- shape of the package --------------------------------------------------------


def test_every_function_copes_with_no_answers(mini_framework):
    empty = empty_answers_frame()
    assert column(disagreement(empty, mini_framework), "item") == ITEMS
    assert column(group_summary(empty, mini_framework), "n_answered") == [0, 0]
    assert len(participant_progress(empty, mini_framework)) == 0
    same(column(compare_groups(empty, mini_framework).items, "gap"), [NAN] * 3)
    same(column(compare_rounds(empty, empty, mini_framework).items, "change"), [NAN] * 3)
    assert len(movers(empty, empty, mini_framework)) == 0
    assert column(level_distribution(empty, mini_framework), "count") == [0] * 12


def test_a_filtered_frame_counts_only_who_is_left(mini_framework):
    # Keep mentees only (rows 6 to 11 of the workshop): cleo and dan.
    answers = workshop(mini_framework)
    mentees = answers[answers["role"] == "mentee"]
    table = item_summary(mentees, mini_framework)
    assert column(table, "n_participants") == [2, 2, 2]
    same(column(table, "mean"), [0.5, NAN, 2.0])
    assert column(participant_progress(mentees, mini_framework), "participant") == ["cleo", "dan"]


def test_analysis_never_imports_widgets_or_sql():
    code = (
        "import sys, inclusion_widgets.analysis\n"
        "bad = [m for m in ('ipywidgets', 'sqlalchemy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- one definition of each figure ------------------------------------------------


def test_compare_by_city_counts_one_city_however_it_is_typed(mini_framework):
    # "Riga", " riga " and "Rīga" are one city: case, spaces and accents do not split it.
    answers = answers_frame(
        mini_framework,
        person("ana", "Riga", mini_01=3)
        + person("ben", " riga ", mini_01=1)
        + person("cleo", "Rīga", mini_01=2)
        + person("dan", "Lyon", mini_01=0),
    )
    result = compare_groups(answers, mini_framework, by="city", a="Riga", b="Lyon")
    assert column(result.items, "n_a") == [3, 0, 0]
    same(column(result.items, "median_a"), [2.0, NAN, NAN])
    same(column(result.items, "gap"), [-2.0, NAN, NAN])


def test_spread_is_0_to_1_and_range_is_highest_minus_lowest(mini_framework):
    # mini/01: 0,3 -> two of four levels, evenly: spread ln2/ln4 = 0.5; range 3.
    answers = answers_frame(mini_framework, person("a", mini_01=0) + person("b", mini_01=3))
    table = summary_table(answers, mini_framework)
    same(column(table, "spread")[:1], [0.5])
    same(column(table, "range")[:1], [3.0])


# --- rounds: who is who ----------------------------------------------------------


def test_people_are_matched_across_rounds_despite_accents_case_spacing_and_city_spelling(
    mini_framework,
):
    baseline = answers_frame(
        mini_framework,
        person("José  Pérez", "Lárisa", session="B1", mini_01=1)
        + person("Maria", "Riga", session="B1", mini_01=0)
        + person("Maria (2)", "Larissa", session="B1", mini_01=3)
        + person("Zoe", "Lyon", session="B1", mini_01=2),
    )
    followup = answers_frame(
        mini_framework,
        person("jose perez", "Larissa", session="F1", mini_01=2)
        + person("MARIA", "larissa", session="F1", mini_01=2)
        + person("Maria", "Rīga", session="F1", mini_01=1)
        + person("Zoé-Anne", "Lyon", session="F1", mini_01=2),
    )
    matched = match_participants(baseline, followup)
    assert sorted(matched.pairs.values.tolist()) == [
        ["José  Pérez", "jose perez"],
        ["Maria", "Maria"],
        ["Maria (2)", "MARIA"],
    ]
    # The two Marias (the store numbers the second one) are told apart by their cities.
    by_followup = dict(zip(matched.pairs["followup"], matched.pairs["baseline"], strict=True))
    assert matched.unmatched_baseline == ("Zoe",)
    assert matched.unmatched_followup == ("Zoé-Anne",)
    table = movers(baseline, followup, mini_framework)
    assert sorted(table[["participant", "change"]].values.tolist()) == [
        ["MARIA", -1],
        ["Maria", 1],
        ["jose perez", 1],
    ]
    assert by_followup == {"jose perez": "José  Pérez", "MARIA": "Maria (2)", "Maria": "Maria"}


def test_a_pair_made_by_the_facilitator_is_matched(mini_framework):
    baseline = answers_frame(mini_framework, person("Zoe", "Lyon", session="B1", mini_01=2))
    followup = answers_frame(mini_framework, person("Zoé-Anne", "Lyon", session="F1", mini_01=3))
    pairs = (("Zoe", "Zoé-Anne"),)
    matched = match_participants(baseline, followup, pairs)
    assert matched.pairs.values.tolist() == [["Zoe", "Zoé-Anne"]]
    assert matched.unmatched_baseline == matched.unmatched_followup == ()
    table = movers(baseline, followup, mini_framework, pairs=pairs)
    assert table[["participant", "change"]].values.tolist() == [["Zoé-Anne", 1]]


def test_rounds_compare_what_was_agreed(mini_framework):
    baseline = [
        AgreedResult("mini/01", AnswerKind.LEVEL, 1, reasoning="Only a plan on paper."),
        AgreedResult("mini/02", AnswerKind.DONT_KNOW, reasoning="Nobody had the figures."),
    ]
    followup = [
        AgreedResult("mini/01", AnswerKind.LEVEL, 3, reasoning="The forum meets monthly."),
        AgreedResult("mini/03", AnswerKind.LEVEL, 2),
    ]
    table = compare_agreed(baseline, followup, mini_framework)
    assert list(table.columns) == [
        "group",
        "item",
        "item_title",
        "kind_baseline",
        "level_baseline",
        "reasoning_baseline",
        "kind_followup",
        "level_followup",
        "reasoning_followup",
        "change",
    ]
    assert column(table, "item") == ITEMS
    assert column(table, "kind_baseline") == ["level", "dont_know", "unanswered"]
    assert column(table, "kind_followup") == ["level", "unanswered", "level"]
    assert column(table, "reasoning_baseline") == [
        "Only a plan on paper.",
        "Nobody had the figures.",
        "",
    ]
    assert column(table, "reasoning_followup")[0] == "The forum meets monthly."
    same(column(table, "change"), [2.0, NAN, NAN])


def test_answers_checked_once_give_every_figure_without_checking_again(mini_framework):
    from inclusion_widgets.analysis import (
        check_answers,
        compare_groups,
        disagreement,
        group_summary,
        item_summary,
        participant_progress,
    )

    frame = workshop(mini_framework)
    checked = check_answers(frame, mini_framework)
    assert check_answers(checked, mini_framework) is checked
    assert checked.frame is frame
    for figure in (item_summary, disagreement, group_summary, participant_progress):
        same(figure(checked, mini_framework), figure(frame, mini_framework))
    same(
        compare_groups(checked, mini_framework, "role", "mentor", "mentee").items,
        compare_groups(frame, mini_framework, "role", "mentor", "mentee").items,
    )


def test_answers_checked_against_another_framework_are_refused(mini_framework):
    from inclusion_widgets.analysis import AnswersError, check_answers
    from inclusion_widgets.frameworks import load_framework

    checked = check_answers(workshop(mini_framework), mini_framework)
    with pytest.raises(AnswersError, match="checked against the framework 'mini'"):
        item_summary(checked, load_framework("oecd-12"))
