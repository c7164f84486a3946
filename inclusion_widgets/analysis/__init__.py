"""Pure functions over answers: where the group stands, disagrees and moved.

Every function reads an answers frame (see :mod:`.frame`) and a
:class:`~inclusion_widgets.frameworks.Framework`, and returns a new table; none
writes anything. pandas is used here, so the participant path never imports this
package; nor does it import widgets or SQL.
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
from inclusion_widgets.analysis.rounds import RoundComparison, compare_rounds, movers
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
    "answers_frame",
    "check_answers",
    "compare_groups",
    "compare_rounds",
    "disagreement",
    "empty_answers_frame",
    "group_summary",
    "item_summary",
    "level_distribution",
    "movers",
    "participant_progress",
    "summary_table",
]
