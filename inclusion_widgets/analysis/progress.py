"""How far each participant has come: the facilitator's list of who has joined."""

from __future__ import annotations

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, check_answers
from inclusion_widgets.analysis.frame import PARTICIPANT_COLUMNS
from inclusion_widgets.frameworks import Framework

_KINDS = {"level": "n_level", "dont_know": "n_dont_know", "not_applicable": "n_not_applicable"}


def participant_progress(answers: Answers, framework: Framework) -> pd.DataFrame:
    """One row per participant, in the order they first appear in ``answers``.

    Columns, in order: ``session``, ``participant``, ``city``, ``organisation``,
    ``role``; ``n_answered`` (items with any answer: a level, "don't know" or
    "not applicable" all count as answered), ``n_items`` (items of the
    framework), ``share_answered`` (``n_answered / n_items``, 0 to 1);
    ``n_level``, ``n_dont_know``, ``n_not_applicable`` (the answers by kind);
    ``n_priority`` and ``priority_items`` (a tuple of the flagged item ids, in
    framework order); ``updated_at`` (their latest change, NaT if unknown).
    """
    checked = check_answers(answers, framework)
    people = checked.participants.set_index(list(PARTICIPANT_COLUMNS))
    rows = checked.rows.assign(_position=checked.rows["item"].map(checked.items["position"]))
    keys = list(PARTICIPANT_COLUMNS)
    if len(rows):
        kinds = pd.crosstab([rows["session"], rows["participant"]], rows["answer_kind"])
    else:
        kinds = pd.DataFrame(index=people.index)
    kinds = kinds.reindex(index=people.index, columns=list(_KINDS), fill_value=0)
    kinds = kinds.fillna(0).astype("int64").rename(columns=_KINDS)
    flagged = rows[rows["priority"]].sort_values("_position", kind="stable")
    priority_items = flagged.groupby(keys)["item"].agg(tuple).reindex(people.index)
    n_items = len(checked.items)
    answered = kinds.sum(axis=1).astype("int64")
    table = people[["city", "organisation", "role"]].assign(
        n_answered=answered,
        n_items=n_items,
        share_answered=(answered / n_items).astype("float64"),
        **kinds,
        n_priority=priority_items.map(lambda items: len(items) if isinstance(items, tuple) else 0),
        priority_items=priority_items.map(lambda items: items if isinstance(items, tuple) else ()),
        updated_at=people["updated_at"],
    )
    table["n_priority"] = table["n_priority"].astype("int64")
    return table.reset_index()
