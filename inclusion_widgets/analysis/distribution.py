"""Where the group stands, item by item: counts, distribution over levels, centre."""

from __future__ import annotations

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, Checked, check_answers
from inclusion_widgets.analysis.stats import kind_counts, level_answers, level_stats
from inclusion_widgets.frameworks import Framework


def item_summary(answers: Answers, framework: Framework) -> pd.DataFrame:
    """One row per framework item, in framework order, items nobody answered included.

    Columns, in order:

    - ``group``, ``item``, ``item_title``: the framework's ids and title.
    - ``n_participants``: everyone in ``answers`` (a participant is a distinct
      ``session`` + ``participant``), whether or not they answered this item.
    - ``n_answered``: answers that are a level.
    - ``n_dont_know``, ``n_not_applicable``: those two answers, never counted as a
      level (not in the distribution, the median or the mean).
    - ``n_unanswered``: the rest, so the four counts add up to ``n_participants``.
    - ``n_level_<value>``: one column per level value of the framework's scales
      (e.g. ``n_level_0`` ... ``n_level_3``), the number who chose that level.
    - ``median``, ``mean``: of the level answers (the median of an even number of
      answers is the midpoint, e.g. 1.5); NaN when nobody gave a level.
    - ``n_priority``: participants who flagged the item as a priority, whatever
      their answer.
    """
    return summarise(check_answers(answers, framework), framework)


def summarise(checked: Checked, framework: Framework) -> pd.DataFrame:
    """:func:`item_summary` from already checked answers."""
    items, rows = checked.items, checked.rows
    index = items.index
    counts = kind_counts(rows, "item", index, len(checked.participants))
    values = sorted({value for scale in framework.scales for value in scale.values})
    levels = level_answers(rows)
    spread = pd.crosstab(levels["item"], levels["level"].astype("int64")) if len(levels) else None
    distribution = pd.DataFrame(
        {
            f"n_level_{value}": (
                spread[value].reindex(index, fill_value=0)
                if spread is not None and value in spread.columns
                else 0
            )
            for value in values
        },
        index=index,
    ).astype("int64")
    stats = level_stats(rows, ["item"], index)
    priority = rows[rows["priority"]].groupby("item").size().reindex(index, fill_value=0)
    table = pd.concat(
        [
            items[["group", "item_title"]],
            pd.Series(len(checked.participants), index=index, name="n_participants"),
            counts,
            distribution,
            stats[["median", "mean"]],
            priority.astype("int64").rename("n_priority"),
        ],
        axis=1,
    )
    table.index.name = "item"
    table = table.reset_index()
    first = ["group", "item", "item_title"]
    return table[first + [name for name in table.columns if name not in first]]


def level_distribution(answers: Answers, framework: Framework) -> pd.DataFrame:
    """The distribution over levels in long form: one row per item and level of its scale.

    Items in framework order, levels in scale order, levels nobody chose included.
    Columns: ``group``, ``item``, ``level`` (int), ``level_label``, ``count``
    (participants who chose that level) and ``share`` (``count`` divided by the
    item's level answers, so "don't know" and "not applicable" do not dilute it;
    NaN when nobody gave a level).
    """
    checked = check_answers(answers, framework)
    levels = level_answers(checked.rows)
    counts = levels.groupby(["item", "level"]).size()
    records = []
    for item in framework.items:
        for level in framework.scale_for(item).levels:
            records.append(
                {
                    "group": checked.items.at[item.id, "group"],
                    "item": item.id,
                    "level": level.value,
                    "level_label": level.label,
                    "count": int(counts.get((item.id, float(level.value)), 0)),
                }
            )
    table = pd.DataFrame(
        records, columns=["group", "item", "level", "level_label", "count"]
    ).astype({"level": "int64", "count": "int64"})
    totals = table.groupby("item", sort=False)["count"].transform("sum")
    table["share"] = (table["count"] / totals.where(totals > 0)).astype("float64")
    return table
