"""The per-item summary table written next to the answers (see ``SUMMARY_COLUMNS``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from inclusion_widgets.exchange.columns import SUMMARY_COLUMNS
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import AnswerKind


def summary_frame(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """One row per session, round and scored item of ``answers`` (an answers table as
    built by :func:`.frames.answers_frame_from`), in framework order."""
    scored = {item.id: position for position, item in enumerate(framework.items)}
    rows: list[dict[str, Any]] = []
    keys = ["session", "round", "framework", "framework_version", "group", "item", "item_title"]
    chosen = answers[answers["item"].isin(list(scored))]
    for key, part in chosen.groupby(keys, sort=False):
        kinds = part["answer_kind"].value_counts()
        levels = part.loc[part["answer_kind"] == AnswerKind.LEVEL.value, "level"].dropna()
        has_levels = not levels.empty
        rows.append(
            dict(zip(keys, key, strict=True))
            | {
                "participants": len(part),
                "levels": int(kinds.get(AnswerKind.LEVEL.value, 0)),
                "dont_know": int(kinds.get(AnswerKind.DONT_KNOW.value, 0)),
                "not_applicable": int(kinds.get(AnswerKind.NOT_APPLICABLE.value, 0)),
                "unanswered": int(kinds.get(AnswerKind.UNANSWERED.value, 0)),
                "mean": round(float(levels.mean()), 2) if has_levels else None,
                "median": float(levels.median()) if has_levels else None,
                "min": int(levels.min()) if has_levels else None,
                "max": int(levels.max()) if has_levels else None,
                "spread": int(levels.max() - levels.min()) if has_levels else None,
                "priorities": int(part["priority"].sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    order = frame["item"].map(scored)
    return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)
