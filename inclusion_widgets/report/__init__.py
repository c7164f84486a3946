"""The workshop report: one self-contained HTML file for the mentoring file.

Fill a :class:`ReportContext` with plain data and call :func:`render_report`, or let
:func:`write_report` fill it from a session of the store.
"""

from inclusion_widgets.report.build import report_context, write_report
from inclusion_widgets.report.context import (
    AgreedAcrossRounds,
    AgreedItem,
    Comparison,
    ComparisonRow,
    DisputedItem,
    ItemFigures,
    Note,
    ReportContext,
    RoleCount,
    SessionFacts,
)
from inclusion_widgets.report.render import render_report

__all__ = [
    "AgreedAcrossRounds",
    "AgreedItem",
    "Comparison",
    "ComparisonRow",
    "DisputedItem",
    "ItemFigures",
    "Note",
    "ReportContext",
    "RoleCount",
    "SessionFacts",
    "render_report",
    "report_context",
    "write_report",
]
