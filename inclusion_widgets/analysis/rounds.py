"""A follow-up round against its baseline: how the group moved, and who moved."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, Checked, check_answers
from inclusion_widgets.analysis.stats import level_answers, side_by_side
from inclusion_widgets.frameworks import Framework


@dataclass(frozen=True, eq=False)
class RoundComparison:
    """Baseline against follow-up, per item and per framework group.

    ``items``: one row per framework item, in framework order, columns ``group``,
    ``item``, ``item_title``, ``n_baseline``, ``mean_baseline``,
    ``median_baseline``, ``n_followup``, ``mean_followup``, ``median_followup``,
    ``change``.
    ``groups``: one row per framework group, in framework order, columns ``group``,
    ``group_title`` and the same figures, pooling every level answer of the
    group's items.

    ``n_*`` counts level answers; ``mean_*`` and ``median_*`` are NaN where a
    round has no level answer. ``change`` is ``mean_followup - mean_baseline``:
    positive when the group rates the item higher at follow-up; NaN when either
    round has no level answer. The rounds are compared as groups: people who
    took part in only one round count in that round.
    """

    items: pd.DataFrame
    groups: pd.DataFrame


def compare_rounds(
    baseline_answers: Answers, followup_answers: Answers, framework: Framework
) -> RoundComparison:
    """Compare a follow-up session's answers with its baseline's (same framework)."""
    baseline = check_answers(baseline_answers, framework)
    followup = check_answers(followup_answers, framework)
    items, groups = side_by_side(
        baseline.items, baseline.rows, followup.rows, ("baseline", "followup")
    )
    for table in (items, groups):
        table["change"] = table["mean_followup"] - table["mean_baseline"]
    return RoundComparison(items=items, groups=groups)


def movers(
    baseline_answers: Answers,
    followup_answers: Answers,
    framework: Framework,
    include_unchanged: bool = False,
) -> pd.DataFrame:
    """Who moved between the rounds, on which item, and by how much.

    A participant's ids differ between sessions, so people are matched by the
    ``participant`` column (their name) and ``city``, ignoring case and extra
    spaces. A name and city that appear for two participants within one round
    cannot be matched and are left out. Only items where the person gave a level
    in both rounds count: a move from "don't know" to a level has no size.

    One row per matched person and item whose level changed (or every such pair
    with ``include_unchanged``). Columns: ``participant`` and ``city`` (as
    written at follow-up), ``group``, ``item``, ``item_title``,
    ``level_baseline``, ``level_followup``, ``change`` (``level_followup -
    level_baseline``, positive when they rate it higher now), all three int64.
    Ordered by framework item, then the largest move first, then name.
    """
    baseline = check_answers(baseline_answers, framework)
    followup = check_answers(followup_answers, framework)
    keys = ["_name", "_city", "item"]
    pairs = _matchable(baseline)[[*keys, "level"]].merge(
        _matchable(followup)[[*keys, "participant", "city", "level"]],
        on=keys,
        suffixes=("_baseline", "_followup"),
    )
    items = followup.items
    pairs["change"] = pairs["level_followup"] - pairs["level_baseline"]
    if not include_unchanged:
        pairs = pairs[pairs["change"] != 0]
    pairs = pairs.assign(
        group=pairs["item"].map(items["group"]),
        item_title=pairs["item"].map(items["item_title"]),
        _position=pairs["item"].map(items["position"]),
        _size=pairs["change"].abs(),
    ).sort_values(["_position", "_size", "_name"], ascending=[True, False, True], kind="stable")
    columns = ["level_baseline", "level_followup", "change"]
    pairs = pairs.astype(dict.fromkeys(columns, "int64"))
    return pairs[["participant", "city", "group", "item", "item_title", *columns]].reset_index(
        drop=True
    )


def _matchable(checked: Checked) -> pd.DataFrame:
    """The level answers of people whose name and city are unique in their round."""
    people = checked.participants.assign(
        _name=_folded(checked.participants["participant"]),
        _city=_folded(checked.participants["city"]),
    )
    unique = people[~people.duplicated(["_name", "_city"], keep=False)]
    rows = level_answers(checked.rows)
    return rows.merge(
        unique[["session", "participant", "_name", "_city"]], on=["session", "participant"]
    )


def _folded(texts: pd.Series) -> pd.Series:
    """Text compared the way a person would: case and runs of spaces ignored."""
    return texts.fillna("").astype(str).str.split().str.join(" ").str.casefold()
