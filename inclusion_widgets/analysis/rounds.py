"""A follow-up round against its baseline: how the group moved, and who moved."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from inclusion_widgets.analysis.checked import Answers, check_answers, framework_items
from inclusion_widgets.analysis.names import folded
from inclusion_widgets.analysis.stats import level_answers, side_by_side
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import AgreedResult

Pairs = Sequence[tuple[str, str]]
"""People paired by the facilitator: (name at baseline, name at follow-up)."""

_NUMBERED = re.compile(r"\s*\(\d+\)$")


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
    round has no level answer. ``change`` is ``median_followup - median_baseline``
    (comparisons use the median): positive when the group rates the item higher at
    follow-up; NaN when either
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
        table["change"] = table["median_followup"] - table["median_baseline"]
    return RoundComparison(items=items, groups=groups)


@dataclass(frozen=True, eq=False)
class RoundMatch:
    """Who is who across two rounds.

    ``pairs``: columns ``baseline`` and ``followup``, each a name as the round's
    ``participant`` column holds it, in follow-up order. ``unmatched_baseline`` and
    ``unmatched_followup``: the names nobody could be matched with, in order of
    appearance, for the facilitator to pair.
    """

    pairs: pd.DataFrame
    unmatched_baseline: tuple[str, ...]
    unmatched_followup: tuple[str, ...]


def _name_key(name: str) -> str:
    """A name as matched: folded, without the number the store adds to a second "Ana (2)"."""
    return folded(_NUMBERED.sub("", name))


def match_participants(
    baseline_answers: pd.DataFrame, followup_answers: pd.DataFrame, pairs: Pairs = ()
) -> RoundMatch:
    """Match the people of a follow-up round with those of its baseline.

    First the ``pairs`` the facilitator made; then by name, read as a person reads it
    (accents, case and spaces ignored, so "José  Pérez" is "jose perez"): a name held
    by one person in each round is a match whatever their city; where several people
    share a name, their city (read the same way) tells them apart. Whoever is left is
    unmatched.
    """
    before = _people(baseline_answers)
    after = _people(followup_answers)
    matched: list[tuple[str, str]] = []
    for old, new in pairs:
        if old in before and new in after:
            matched.append((old, new))
            del before[old], after[new]
    for key in ("name", "city"):
        for new, (new_name, new_city) in list(after.items()):
            found = [
                old
                for old, (old_name, old_city) in before.items()
                if old_name == new_name and (key == "name" or old_city == new_city)
            ]
            rivals = [
                other
                for other, (name, city) in after.items()
                if name == new_name and (key == "name" or city == new_city)
            ]
            if len(found) == 1 and len(rivals) == 1:
                matched.append((found[0], new))
                del before[found[0]], after[new]
    order = {name: n for n, name in enumerate(_people(followup_answers))}
    matched.sort(key=lambda pair: order[pair[1]])
    return RoundMatch(
        pairs=pd.DataFrame(matched, columns=["baseline", "followup"], dtype=object),
        unmatched_baseline=tuple(before),
        unmatched_followup=tuple(after),
    )


def _people(answers: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each participant's name, and their folded name and city, in order of appearance."""
    people = answers.drop_duplicates("participant")
    return {
        str(name): (_name_key(str(name)), folded(str(city)))
        for name, city in zip(people["participant"], people["city"].fillna(""), strict=True)
    }


def compare_agreed(
    baseline: Iterable[AgreedResult], followup: Iterable[AgreedResult], framework: Framework
) -> pd.DataFrame:
    """What the group agreed at baseline against what it agreed at follow-up, per item.

    One row per framework item, in framework order. Columns: ``group``, ``item``,
    ``item_title``; per round (``_baseline``, ``_followup``) ``kind`` (an answer kind:
    ``level``, ``dont_know``, ``not_applicable``, or ``unanswered`` for "not agreed
    yet"), ``level`` (NaN unless a level) and ``reasoning`` ("" if none); ``change``:
    ``level_followup - level_baseline`` where both rounds agreed a level, else NaN.
    """
    items = framework_items(framework)
    rounds = {"baseline": baseline, "followup": followup}
    table = items[["group", "item_title"]].copy()
    for name, results in rounds.items():
        by_item = {result.item_id: result for result in results}
        kept = [by_item.get(item, AgreedResult(item)) for item in items.index]
        table[f"kind_{name}"] = [result.kind.value for result in kept]
        table[f"level_{name}"] = pd.Series(
            [None if r.level is None else float(r.level) for r in kept],
            index=items.index,
            dtype="float64",
        )
        table[f"reasoning_{name}"] = [result.reasoning for result in kept]
    table["change"] = table["level_followup"] - table["level_baseline"]
    table.index.name = "item"
    table = table.reset_index()
    first = ["group", "item", "item_title"]
    return table[first + [c for c in table.columns if c not in first]]


def movers(
    baseline_answers: Answers,
    followup_answers: Answers,
    framework: Framework,
    include_unchanged: bool = False,
    pairs: Pairs = (),
) -> pd.DataFrame:
    """Who moved between the rounds, on which item, and by how much.

    A participant's ids differ between sessions, so people are matched by
    :func:`match_participants` (the facilitator's ``pairs``, then name, then city);
    whoever is unmatched is left out. Only items where the person gave a level
    in both rounds count: a move from "don't know" to a level has no size.

    One row per matched person and item whose level changed (or every such pair
    with ``include_unchanged``). Columns: ``participant`` and ``city`` (as
    written at follow-up), ``group``, ``item``, ``item_title``,
    ``level_baseline``, ``level_followup``, ``change`` (``level_followup -
    level_baseline``, positive when they rate it higher now), all three int64.
    Ordered by framework item, then the largest move first, then name.
    """
    before = check_answers(baseline_answers, framework)
    baseline = level_answers(before.rows)
    followup = check_answers(followup_answers, framework)
    matched = match_participants(before.frame, followup.frame, pairs).pairs
    earlier = baseline.merge(matched, left_on="participant", right_on="baseline")
    found = earlier[["followup", "item", "level"]].merge(
        level_answers(followup.rows)[["participant", "city", "item", "level"]],
        left_on=["followup", "item"],
        right_on=["participant", "item"],
        suffixes=("_baseline", "_followup"),
    )
    found["_name"] = found["participant"].map(folded)
    items = followup.items
    found["change"] = found["level_followup"] - found["level_baseline"]
    if not include_unchanged:
        found = found[found["change"] != 0]
    found = found.assign(
        group=found["item"].map(items["group"]),
        item_title=found["item"].map(items["item_title"]),
        _position=found["item"].map(items["position"]),
        _size=found["change"].abs(),
    ).sort_values(["_position", "_size", "_name"], ascending=[True, False, True], kind="stable")
    columns = ["level_baseline", "level_followup", "change"]
    found = found.astype(dict.fromkeys(columns, "int64"))
    return found[["participant", "city", "group", "item", "item_title", *columns]].reset_index(
        drop=True
    )
