"""The per-item figures in one table: what the summary CSV and the report show."""

from __future__ import annotations

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, check_answers
from inclusion_widgets.analysis.disagreement import rank_disagreement
from inclusion_widgets.analysis.distribution import summarise
from inclusion_widgets.frameworks import Framework


def summary_table(answers: Answers, framework: Framework) -> pd.DataFrame:
    """:func:`item_summary` with the disagreement figures added, in framework order.

    Columns: those of :func:`~inclusion_widgets.analysis.item_summary`, then
    ``spread``, ``iqr``, ``range`` and ``disagreement_rank`` (1 = most disputed)
    from :func:`~inclusion_widgets.analysis.disagreement`.
    """
    checked = check_answers(answers, framework)
    figures = summarise(checked, framework)
    spread = rank_disagreement(checked).set_index("item")
    for column in ("spread", "iqr", "range"):
        figures[column] = figures["item"].map(spread[column]).astype("float64")
    figures["disagreement_rank"] = figures["item"].map(spread["rank"]).astype("int64")
    return figures
