"""CSV and bundle export and import (pandas): spreadsheet-safe, validated, lossless.

Pure parts (no store needed): :mod:`.columns`, :mod:`.csv_format`, :mod:`.parse`,
:mod:`.frames`, :mod:`.summary`, :mod:`.bundle`. Store-facing parts: :mod:`.export`
and :mod:`.merge`. Never imports ipywidgets.
"""

from inclusion_widgets.exchange.bundle import Bundle, Limits, read_bundle, write_bundle
from inclusion_widgets.exchange.columns import ACTION_COLUMNS, ANSWER_COLUMNS, SUMMARY_COLUMNS
from inclusion_widgets.exchange.csv_format import guard, read_table, unguard, write_csv
from inclusion_widgets.exchange.export import (
    actions_frame,
    answers_frame,
    export_session,
    session_bundle,
)
from inclusion_widgets.exchange.merge import ImportResult, import_files
from inclusion_widgets.exchange.parse import parse_actions, parse_answers
from inclusion_widgets.exchange.problems import ImportProblem

__all__ = [
    "ACTION_COLUMNS",
    "ANSWER_COLUMNS",
    "SUMMARY_COLUMNS",
    "Bundle",
    "ImportProblem",
    "ImportResult",
    "Limits",
    "actions_frame",
    "answers_frame",
    "export_session",
    "guard",
    "import_files",
    "parse_actions",
    "parse_answers",
    "read_bundle",
    "read_table",
    "session_bundle",
    "unguard",
    "write_bundle",
    "write_csv",
]
