"""Answers checked against a framework, in the shape the analysis functions count.

Every analysis function starts here, so a wrong frame fails with sentences that
say what is wrong and in which row, not with a pandas error three calls deeper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd

from inclusion_widgets.analysis.frame import ANSWER_COLUMNS, ANSWER_KINDS, PARTICIPANT_COLUMNS
from inclusion_widgets.frameworks import Framework

_SHOWN_PROBLEMS = 10


class AnswersError(ValueError):
    """An answers frame that cannot be analysed; ``problems`` holds one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"- {problem}" for problem in problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        if more > 0:
            shown += f"\n- and {more} more"
        super().__init__(f"The answers cannot be analysed:\n{shown}")


@dataclass(frozen=True, eq=False)
class Checked:
    """Answers ready for counting.

    - ``items``: one row per framework item, in framework order, indexed by item id;
      columns ``position`` (0-based framework order), ``group``, ``group_title``,
      ``item_title``, ``scale``, ``n_levels``.
    - ``rows``: the answers to framework items (context questions dropped);
      columns ``session``, ``participant``, ``city``, ``organisation``, ``role``,
      ``round``, ``group`` (from the framework), ``item``, ``answer_kind``,
      ``level`` (float64, NaN unless the answer is a level), ``priority`` (bool).
    - ``participants``: everyone with at least one row (context questions
      included), in order of first appearance; columns ``session``,
      ``participant``, ``city``, ``organisation``, ``role``, ``updated_at`` (latest).
    """

    items: pd.DataFrame
    rows: pd.DataFrame
    participants: pd.DataFrame
    frame: pd.DataFrame
    """The answers frame as it was given, for what reads its other columns (notes)."""
    framework_id: str


Answers: TypeAlias = pd.DataFrame | Checked
"""What every analysis function reads: an answers frame, or one already checked by
:func:`check_answers` (a page that shows several figures checks its answers once)."""


def framework_items(framework: Framework) -> pd.DataFrame:
    """The framework's items as a table (the ``items`` of :class:`Checked`)."""
    records = [
        {
            "item": item.id,
            "position": position,
            "group": group.id,
            "group_title": group.title,
            "item_title": item.title,
            "scale": framework.scale_for(item).id,
            "n_levels": len(framework.scale_for(item).levels),
        }
        for position, (group, item) in enumerate(
            (group, item) for group in framework.groups for item in group.items
        )
    ]
    return pd.DataFrame(records).set_index("item")


def check_answers(answers: Answers, framework: Framework) -> Checked:
    """Check an answers frame against ``framework`` and shape it for counting.

    Answers already checked against ``framework`` are returned as they are.

    Raises :class:`AnswersError` naming every problem (up to ten shown) and the
    row (index label) it is in: a missing column, an unknown answer kind or item,
    a level given without ``answer_kind == "level"`` or the other way round, a
    level that is not on the item's scale, a priority that is not true/false, a
    missing participant, or two answers of one participant to one item.
    """
    if isinstance(answers, Checked):
        if answers.framework_id != framework.id or list(answers.items.index) != [
            item.id for item in framework.items
        ]:
            raise AnswersError(
                [
                    f"the answers were checked against the framework {answers.framework_id!r}, "
                    f"not {framework.id!r}"
                ]
            )
        return answers
    missing = [name for name in ANSWER_COLUMNS if name not in answers.columns]
    if missing:
        raise AnswersError(
            [f"the answers have no column {', '.join(repr(name) for name in missing)}"]
        )
    items = framework_items(framework)
    problems: list[str] = []

    def report(mask: pd.Series, sentence: Callable[[object], str]) -> None:
        problems.extend(f"answers row {label}: {sentence(label)}" for label in mask[mask].index)

    kind = answers["answer_kind"]
    item = answers["item"].astype(str)
    participant = answers["participant"]
    report(
        ~kind.isin(ANSWER_KINDS),
        lambda row: f"answer_kind {kind[row]!r} is not one of {', '.join(ANSWER_KINDS)}",
    )
    context = {question.id for question in framework.context_questions}
    known = item.isin(items.index)
    report(
        ~known & ~item.isin(context),
        lambda row: f"{item[row]!r} is not an item of the framework {framework.id!r}",
    )
    report(
        participant.isna() | (participant.astype(str).str.strip() == ""),
        lambda row: "the participant is missing",
    )
    level = pd.to_numeric(answers["level"], errors="coerce")
    whole = level.notna() & (level == level.round())
    report(
        answers["level"].notna() & ~whole,
        lambda row: f"level {answers['level'][row]!r} is not a whole number",
    )
    report(
        (kind == "level") & answers["level"].isna(),
        lambda row: "answer_kind is 'level' but no level is given",
    )
    report(
        kind.isin(ANSWER_KINDS) & (kind != "level") & answers["level"].notna(),
        lambda row: f"a level is given but answer_kind is {kind[row]!r}",
    )
    scales = {scale.id: set(scale.values) for scale in framework.scales}
    item_scale = item.map(items["scale"])
    on_scale = pd.Series(
        [
            scales[str(scale)].__contains__(int(value)) if has else True
            for scale, value, has in zip(item_scale, level, whole & known, strict=True)
        ],
        index=answers.index,
        dtype=bool,
    )
    report(
        ~on_scale,
        lambda row: (
            f"level {int(level[row])} is not on the scale {item_scale[row]!r} of {item[row]!r}"
        ),
    )
    report(
        ~answers["priority"].isin([True, False]),
        lambda row: f"priority {answers['priority'][row]!r} is not true or false",
    )
    session = answers["session"].fillna("").astype(str)
    key = pd.DataFrame({"session": session, "participant": participant.astype(str), "item": item})
    report(
        key.duplicated(keep="first"),
        lambda row: f"a second answer of {participant[row]!r} to {item[row]!r}",
    )
    if problems:
        raise AnswersError(problems)
    return Checked(
        items=items,
        rows=_rows(answers[known], session[known], items, level[known]),
        participants=_participants(answers, session),
        frame=answers,
        framework_id=framework.id,
    )


def _rows(
    answers: pd.DataFrame, session: pd.Series, items: pd.DataFrame, level: pd.Series
) -> pd.DataFrame:
    item = answers["item"].astype(str)
    return pd.DataFrame(
        {
            "session": session,
            "participant": answers["participant"].astype(str),
            "city": answers["city"],
            "organisation": answers["organisation"],
            "role": answers["role"],
            "round": answers["round"],
            "group": item.map(items["group"]),
            "item": item,
            "answer_kind": answers["answer_kind"].astype(str),
            "level": level.where(answers["answer_kind"] == "level").astype("float64"),
            "priority": answers["priority"].astype(bool),
        }
    ).reset_index(drop=True)


def _participants(answers: pd.DataFrame, session: pd.Series) -> pd.DataFrame:
    frame = answers.assign(session=session, participant=answers["participant"].astype(str))
    grouped = frame.groupby(list(PARTICIPANT_COLUMNS), sort=False)
    people = grouped[["city", "organisation", "role"]].first()
    people["updated_at"] = grouped["updated_at"].max()
    return people.reset_index()
