"""Where the group stands per framework group (e.g. per block of the checklist)."""

from __future__ import annotations

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, check_answers
from inclusion_widgets.analysis.distribution import summarise
from inclusion_widgets.analysis.stats import framework_groups, level_stats
from inclusion_widgets.frameworks import Framework

_COUNTS = ["n_answered", "n_dont_know", "n_not_applicable", "n_unanswered", "n_priority"]


def group_summary(answers: Answers, framework: Framework) -> pd.DataFrame:
    """One row per framework group, in framework order.

    Columns, in order: ``group``, ``group_title``, ``n_items`` (items in the
    group), ``n_participants`` (everyone in ``answers``), then ``n_answered``,
    ``n_dont_know``, ``n_not_applicable``, ``n_unanswered`` and ``n_priority``
    summed over the group's items (so they count answers, one per participant
    and item: the first four add up to ``n_items * n_participants``), then
    ``median`` and ``mean`` of every level answer given to the group's items
    (pooled; NaN when there is none).
    """
    checked = check_answers(answers, framework)
    per_item = summarise(checked, framework)
    groups = framework_groups(checked.items)
    sums = per_item.groupby("group")[_COUNTS].sum().reindex(groups.index, fill_value=0)
    stats = level_stats(checked.rows, ["group"], groups.index)
    table = groups.assign(
        n_items=per_item.groupby("group").size().reindex(groups.index).astype("int64"),
        n_participants=len(checked.participants),
    )
    table = pd.concat([table, sums.astype("int64"), stats[["median", "mean"]]], axis=1)
    table.index.name = "group"
    return table.reset_index()
