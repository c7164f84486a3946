"""Where the group disagrees: a spread measure per item, and the items ranked by it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from inclusion_widgets.analysis.checked import Answers, Checked, check_answers
from inclusion_widgets.analysis.stats import level_answers
from inclusion_widgets.frameworks import Framework

MIN_ANSWERS = 2
"""Fewer level answers than this cannot disagree: such items rank last."""


def disagreement(answers: Answers, framework: Framework) -> pd.DataFrame:
    """Every framework item with how much the group disagrees on it, most disputed first.

    The main measure, ``spread``, says how scattered the answers are over the
    levels of the scale. It is 0 when everyone who gave a level chose the same
    one, and 1 when the answers are spread evenly over every level of the scale.
    On a four-level scale, two people at one level and two at another give 0.5;
    one person at each level gives 1. It counts how many levels are used and how
    evenly, not how far apart they are, so two more figures show the distance:
    ``range`` (highest level minus lowest) and ``iqr`` (the spread of the middle
    half of the answers). Only level answers count: "don't know" and "not
    applicable" are neither agreement nor disagreement.

    In numbers: with ``p`` the share of the level answers at each level of the
    item's scale and ``k`` the number of levels, ``spread = -sum(p * ln p) / ln k``
    (``0 * ln 0`` taken as 0), the normalised entropy of the answers. ``iqr`` is the
    75th minus the 25th percentile, with linear interpolation between answers
    (pandas' default).

    Items with fewer than two level answers cannot show disagreement: their
    ``spread`` is NaN (shown as "–", never as 0, which would say everyone agrees) and
    they come last, in framework order. Their ``iqr`` and ``range`` are 0 with one
    answer and NaN with none.

    Order: ``spread`` descending, ties broken by ``range`` descending, then by
    framework order.

    Columns, in order: ``rank`` (1 = most disputed), ``group``, ``item``,
    ``item_title``, ``n_answered`` (level answers), ``spread``, ``iqr``, ``range``.
    """
    return rank_disagreement(check_answers(answers, framework))


def rank_disagreement(checked: Checked) -> pd.DataFrame:
    """:func:`disagreement` from already checked answers."""
    items = checked.items
    levels = level_answers(checked.rows)
    by_item = levels.groupby("item")["level"]
    counts = (
        pd.crosstab(levels["item"], levels["level"])
        if len(levels)
        else pd.DataFrame(index=pd.Index([], name="item"))
    )
    counts = counts.reindex(items.index, fill_value=0)
    n = counts.sum(axis=1).astype("int64")
    table = items[["group", "item_title"]].assign(
        n_answered=n,
        spread=_normalised_entropy(counts.to_numpy(dtype="float64"), items["n_levels"]),
        iqr=(by_item.quantile(0.75) - by_item.quantile(0.25)).reindex(items.index),
        range=(by_item.max() - by_item.min()).reindex(items.index),
    )
    table = table.astype({"spread": "float64", "iqr": "float64", "range": "float64"})
    table.loc[n < MIN_ANSWERS, "spread"] = float("nan")
    table["_enough"] = n >= MIN_ANSWERS
    table["_position"] = items["position"]
    table = table.sort_values(
        ["_enough", "spread", "range", "_position"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    )
    table.index.name = "item"
    table = table.reset_index().drop(columns=["_enough", "_position"])
    table.insert(0, "rank", np.arange(1, len(table) + 1, dtype="int64"))
    return table[["rank", "group", "item", "item_title", "n_answered", "spread", "iqr", "range"]]


def _normalised_entropy(counts: np.ndarray, n_levels: pd.Series) -> np.ndarray:
    """Row-wise entropy of level counts divided by ln(levels of the scale).

    Each row is sorted first so that items with the same counts at different
    levels get bit-for-bit the same value, and tie exactly.
    """
    ordered = -np.sort(-counts, axis=1)
    totals = ordered.sum(axis=1, keepdims=True)
    shares = np.divide(ordered, totals, out=np.zeros_like(ordered), where=totals > 0)
    logs = np.log(shares, out=np.zeros_like(shares), where=shares > 0)
    entropy = -(shares * logs).sum(axis=1)
    scale = np.log(n_levels.to_numpy(dtype="float64"))
    normalised: np.ndarray = np.divide(entropy, scale, out=np.zeros_like(entropy), where=scale > 0)
    return normalised
