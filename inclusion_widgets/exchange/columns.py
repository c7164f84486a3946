"""The columns of the exported files, in the order they are written.

Every exported CSV has exactly these columns, in this order, so that a spreadsheet,
a pandas notebook and an import all agree on what a file holds. Columns not named in
a ``*_NOT_TEXT`` set hold text and get the formula guard (see :mod:`.csv_format`).
"""

from __future__ import annotations

from inclusion_widgets.analysis.frame import ANSWER_COLUMNS as ANALYSED_COLUMNS
from inclusion_widgets.analysis.frame import CONTEXT_GROUP
from inclusion_widgets.record_fields import file_columns, not_text_columns
from inclusion_widgets.records import ACTION_ITEM_SEPARATOR, Action, AgreedResult, PlanAction, Vote

ANSWER_COLUMNS = ANALYSED_COLUMNS
"""One row per participant and item (context questions included); unanswered items
have ``answer_kind`` ``unanswered``. ``group`` is the title of the framework group
(``Context`` for context questions): a reader of the CSV sees words, and the
framework snapshot in a bundle maps titles back to group ids. The same columns as
the analysis package's answers frame, which every analysis function reads."""

ANSWER_NOT_TEXT = frozenset({"level", "priority", "updated_at"})

DRAFTED_BY: tuple[str, ...] = ("session", "round", "participant", "city", "organisation", "role")
"""The columns before a participant's record: the session and who it is."""

ACTION_COLUMNS: tuple[str, ...] = DRAFTED_BY + file_columns(Action)
"""One row per action card. ``participant`` to ``role`` name who drafted it (the same
four columns as in the answers file, so a participant is recognised across files);
then the action's fields as :class:`~inclusion_widgets.records.Action` declares them:
``items`` joins the linked item ids with ``;``; ``start`` and ``due`` are ISO dates;
``impact`` and ``effort`` are 1 to 3 or empty."""

ACTION_NOT_TEXT = not_text_columns(Action)

_AGREED = file_columns(AgreedResult)
AGREED_COLUMNS: tuple[str, ...] = (
    "session",
    "round",
    "group",
    _AGREED[0],
    "item_title",
    *_AGREED[1:],
)
"""One row per scored item: what the group agreed, as
:class:`~inclusion_widgets.records.AgreedResult` declares it, with the item's group and
title beside its id. ``agreed`` holds words, not codes: the agreed level's label, the
scale's words for "don't know" or "not applicable", or "Not agreed yet"; ``level`` the
agreed level's number (empty otherwise); ``revisit`` true or false; ``recorded_by`` the
facilitator or the note-taker's name."""

AGREED_NOT_TEXT = not_text_columns(AgreedResult)

PLAN_COLUMNS: tuple[str, ...] = ("session", "round", *file_columns(PlanAction), "votes")
"""One row per action of the group's plan, most votes first, as
:class:`~inclusion_widgets.records.PlanAction` declares it: ``status`` in words ("In
progress", not ``in_progress``); ``drafts`` the ids of the draft actions it was built
from and ``proposed_by`` who proposed them, joined with ``;``; ``votes`` the votes on
those drafts and on the gaps it answers."""

PLAN_NOT_TEXT = not_text_columns(PlanAction) | {"votes"}

VOTE_COLUMNS: tuple[str, ...] = DRAFTED_BY + file_columns(Vote)
"""One row per participant and what they voted for (in a bundle): ``target`` is
``gap:ITEM`` or ``draft:ACTION``, ``votes`` how many of their votes it has."""

VOTE_NOT_TEXT = not_text_columns(Vote)

ITEM_SEPARATOR = ACTION_ITEM_SEPARATOR

__all__ = [
    "ACTION_COLUMNS",
    "ACTION_NOT_TEXT",
    "AGREED_COLUMNS",
    "AGREED_NOT_TEXT",
    "ANSWER_COLUMNS",
    "ANSWER_NOT_TEXT",
    "CONTEXT_GROUP",
    "ITEM_SEPARATOR",
    "PLAN_COLUMNS",
    "PLAN_NOT_TEXT",
    "SUMMARY_COLUMNS",
    "SUMMARY_NOT_TEXT",
    "VOTE_COLUMNS",
    "VOTE_NOT_TEXT",
]

SUMMARY_COLUMNS: tuple[str, ...] = (
    "session",
    "round",
    "framework",
    "framework_version",
    "group",
    "item",
    "item_title",
    "participants",
    "levels",
    "dont_know",
    "not_applicable",
    "unanswered",
    "mean",
    "median",
    "min",
    "max",
    "spread",
    "range",
    "priorities",
)
"""One row per scored item: how many participants, how many gave a level, a "don't
know", "not applicable" or nothing; the mean (two decimals), median, lowest and highest
level over the levels only; the spread (0: everyone chose the same level, 1: evenly
over every level; two decimals, empty with fewer than two level answers) and the range
(highest minus lowest), as :mod:`inclusion_widgets.analysis` defines them; how many
flagged the item as a priority. Context questions are not scored and have no summary
row."""

SUMMARY_NOT_TEXT = frozenset(SUMMARY_COLUMNS) - {
    "session",
    "round",
    "framework",
    "framework_version",
    "group",
    "item",
    "item_title",
}
