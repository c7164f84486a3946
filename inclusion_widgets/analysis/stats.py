"""Counts and averages of level answers, shared by the tables of this package."""

from __future__ import annotations

import pandas as pd

KIND_COLUMNS: dict[str, str] = {
    "level": "n_answered",
    "dont_know": "n_dont_know",
    "not_applicable": "n_not_applicable",
}
"""Answer kinds counted per item, and the column each count goes to."""


def level_answers(rows: pd.DataFrame) -> pd.DataFrame:
    """Only the answers that are a level ("don't know" and "not applicable" are not)."""
    return rows[rows["answer_kind"] == "level"]


def level_stats(rows: pd.DataFrame, keys: list[str], index: pd.Index) -> pd.DataFrame:
    """Columns ``n``, ``mean``, ``median`` of the level answers, per ``keys``.

    Reindexed to ``index`` so that every item or group appears: ``n`` is 0 and
    ``mean`` and ``median`` are NaN where nobody gave a level.
    """
    grouped = level_answers(rows).groupby(keys, sort=False)["level"]
    stats = grouped.agg(["count", "mean", "median"]).rename(columns={"count": "n"})
    stats = stats.reindex(index)
    stats["n"] = stats["n"].fillna(0).astype("int64")
    return stats.astype({"mean": "float64", "median": "float64"})


def kind_counts(rows: pd.DataFrame, key: str, index: pd.Index, n_participants: int) -> pd.DataFrame:
    """Per ``key``: answered / don't know / not applicable / unanswered counts.

    ``n_unanswered`` is what is left of ``n_participants``: explicit "unanswered"
    rows and participants with no row for the item alike.
    """
    counts = pd.crosstab(rows[key], rows["answer_kind"]) if len(rows) else pd.DataFrame()
    counts = counts.reindex(index=index, columns=list(KIND_COLUMNS), fill_value=0)
    counts = counts.fillna(0).astype("int64").rename(columns=KIND_COLUMNS)
    counts["n_unanswered"] = n_participants - counts.sum(axis=1)
    return counts


def framework_groups(items: pd.DataFrame) -> pd.DataFrame:
    """The groups of an items table, in framework order: index ``group``, ``group_title``."""
    return items.drop_duplicates("group").set_index("group")[["group_title"]]


def side_by_side(
    items: pd.DataFrame, first: pd.DataFrame, second: pd.DataFrame, names: tuple[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Level statistics of two sets of answers next to each other, per item and per group.

    Returns the per-item table (columns ``group``, ``item``, ``item_title``) and the
    per-group table (``group``, ``group_title``), each followed by ``n_<name>``,
    ``mean_<name>``, ``median_<name>`` for both names. A group's figures pool every
    level answer given to its items.
    """
    groups = framework_groups(items)
    item_table = items[["group", "item_title"]].copy()
    group_table = groups.copy()
    for rows, name in ((first, names[0]), (second, names[1])):
        for table, key in ((item_table, "item"), (group_table, "group")):
            stats = level_stats(rows, [key], table.index)
            for column in ("n", "mean", "median"):
                table[f"{column}_{name}"] = stats[column]
    item_table.index.name = "item"
    group_table.index.name = "group"
    item_table = item_table.reset_index()
    ordered = ["group", "item", "item_title"]
    item_table = item_table[ordered + [c for c in item_table.columns if c not in ordered]]
    return item_table, group_table.reset_index()
