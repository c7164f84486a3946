"""The per-item summary table written next to the answers (see ``SUMMARY_COLUMNS``).

The figures are those of :func:`inclusion_widgets.analysis.summary_table`, the same
the dashboard and the report show, renamed and laid out for the CSV.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from inclusion_widgets.analysis import summary_table
from inclusion_widgets.exchange.columns import SUMMARY_COLUMNS
from inclusion_widgets.frameworks import Framework


def _levels_chosen(figures: pd.Series, values: list[int]) -> list[int]:
    return [value for value in values if figures[f"n_level_{value}"] > 0]


def summary_frame(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """One row per session, round and scored item of ``answers`` (an answers table as
    built by :func:`.frames.answers_frame_from`), in framework order."""
    values = sorted({value for scale in framework.scales for value in scale.values})
    groups = {group.id: group.title for group in framework.groups}
    rows: list[dict[str, Any]] = []
    keys = ["session", "round", "framework", "framework_version"]
    for key, part in answers.groupby(keys, sort=False):
        for _, figures in summary_table(part, framework).iterrows():
            chosen = _levels_chosen(figures, values)
            rows.append(
                dict(zip(keys, key, strict=True))
                | {
                    "group": groups[figures["group"]],
                    "item": figures["item"],
                    "item_title": figures["item_title"],
                    "participants": int(figures["n_participants"]),
                    "levels": int(figures["n_answered"]),
                    "dont_know": int(figures["n_dont_know"]),
                    "not_applicable": int(figures["n_not_applicable"]),
                    "unanswered": int(figures["n_unanswered"]),
                    "mean": round(float(figures["mean"]), 2) if chosen else None,
                    "median": float(figures["median"]) if chosen else None,
                    "min": min(chosen) if chosen else None,
                    "max": max(chosen) if chosen else None,
                    "spread": None
                    if pd.isna(figures["spread"])
                    else round(float(figures["spread"]), 2),
                    "range": max(chosen) - min(chosen) if chosen else None,
                    "priorities": int(figures["n_priority"]),
                }
            )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
