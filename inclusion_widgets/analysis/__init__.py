"""Pure functions over answers: where the group stands, disagrees and moved.

Every function reads an answers frame (see :mod:`.frame`) and a
:class:`~inclusion_widgets.frameworks.Framework`, and returns a new table; none
writes anything. pandas is used here, so the participant path never imports this
package; nor does it import widgets or SQL.

The figures, defined once here and named the same on the dashboard, in the report,
in ``CODE-summary.csv`` and in the README's glossary:

- **Level answers** (``n_answered``; CSV ``levels``): answers that chose a level of
  the scale. "Don't know" and "not applicable" are counted apart and never as a level.
- **Median** (``median``): the middle of the level answers (the midpoint of the two
  middle ones for an even count). It is the group's typical level, and every
  comparison compares medians: mentor vs mentee and city vs city (**gap** =
  ``median_b - median_a``), baseline vs follow-up (**change** = ``median_followup -
  median_baseline``). The **mean** is kept in the tables and the CSV for analysts, and
  compares nothing.
- **Spread** (``spread``): how scattered the level answers are over the scale, from 0
  (everyone chose the same level) to 1 (evenly over every level); see
  :func:`disagreement`. None (NaN, shown "–") with fewer than two level answers.
- **Range** (``range``): the highest level given minus the lowest.
- **Priorities** (``n_priority``): people who flagged the item as a priority.

Cities, organisations and names are compared as a person reads them: accents, case
and spaces ignored (:mod:`.names`).
"""

from inclusion_widgets.analysis.checked import Answers, AnswersError, Checked, check_answers
from inclusion_widgets.analysis.comparison import COMPARABLE, GroupComparison, compare_groups
from inclusion_widgets.analysis.disagreement import disagreement
from inclusion_widgets.analysis.distribution import item_summary, level_distribution
from inclusion_widgets.analysis.frame import (
    ANSWER_COLUMNS,
    ANSWER_KINDS,
    answers_frame,
    empty_answers_frame,
)
from inclusion_widgets.analysis.groups import group_summary
from inclusion_widgets.analysis.progress import participant_progress
from inclusion_widgets.analysis.rounds import (
    RoundComparison,
    RoundMatch,
    compare_agreed,
    compare_rounds,
    match_participants,
    movers,
)
from inclusion_widgets.analysis.summary import summary_table

__all__ = [
    "ANSWER_COLUMNS",
    "ANSWER_KINDS",
    "COMPARABLE",
    "Answers",
    "AnswersError",
    "Checked",
    "GroupComparison",
    "RoundComparison",
    "RoundMatch",
    "answers_frame",
    "check_answers",
    "compare_agreed",
    "compare_groups",
    "compare_rounds",
    "disagreement",
    "empty_answers_frame",
    "group_summary",
    "item_summary",
    "level_distribution",
    "match_participants",
    "movers",
    "participant_progress",
    "summary_table",
]
