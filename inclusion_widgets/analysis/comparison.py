"""Two sides of the room compared: mentor vs mentee, one city vs another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, check_answers
from inclusion_widgets.analysis.names import folded, folded_column
from inclusion_widgets.analysis.stats import side_by_side
from inclusion_widgets.frameworks import Framework

COMPARABLE: tuple[str, ...] = ("role", "city", "organisation", "session", "round", "participant")
"""The answers columns that can split participants into two sides."""

TYPED: frozenset[str] = frozenset({"city", "organisation", "participant"})
"""Columns people type: compared with :func:`~.names.folded`."""


@dataclass(frozen=True, eq=False)
class GroupComparison:
    """Side ``a`` against side ``b`` of the column ``by``, per item and per framework group.

    ``items``: one row per framework item, in framework order, columns ``group``,
    ``item``, ``item_title``, ``n_a``, ``mean_a``, ``median_a``, ``n_b``,
    ``mean_b``, ``median_b``, ``gap``.
    ``groups``: one row per framework group, in framework order, columns ``group``,
    ``group_title`` and the same figures; a group's figures pool every level
    answer its items got from that side.

    ``n_*`` counts level answers; ``mean_*`` and ``median_*`` are NaN where a side
    gave no level. ``gap`` is ``median_b - median_a`` (the median is the figure every
    comparison uses, see :mod:`inclusion_widgets.analysis`): positive when side ``b``
    rates the item higher than side ``a``; NaN when either side gave no level.
    """

    by: str
    a: Any
    b: Any
    items: pd.DataFrame
    groups: pd.DataFrame


def compare_groups(
    answers: Answers,
    framework: Framework,
    by: str = "role",
    a: Any = "mentor",
    b: Any = "mentee",
) -> GroupComparison:
    """Compare the participants whose ``by`` is ``a`` with those whose ``by`` is ``b``.

    ``by`` is one of :data:`COMPARABLE`, e.g. ``"role"`` (mentor vs mentee) or
    ``"city"`` (one city vs another). Cities, organisations and names are matched as a
    person reads them (accents, case and spaces ignored: "Rīga" and " riga" are one
    city); other values exactly. A side with no participants yet is not an error: its
    counts are 0 and its figures NaN.
    """
    if by not in COMPARABLE:
        raise ValueError(
            f"cannot compare by {by!r}: choose one of {', '.join(repr(c) for c in COMPARABLE)}"
        )
    checked = check_answers(answers, framework)
    rows = checked.rows
    values, first, second = rows[by], a, b
    if by in TYPED:
        values, first, second = folded_column(values), folded(str(a)), folded(str(b))
    items, groups = side_by_side(
        checked.items, rows[values == first], rows[values == second], ("a", "b")
    )
    for table in (items, groups):
        table["gap"] = table["median_b"] - table["median_a"]
    return GroupComparison(by=by, a=a, b=b, items=items, groups=groups)
