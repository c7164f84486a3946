"""The notebook workbooks (``checklist.ipynb``, ``action_plan.ipynb``): a framework picker
that opens in the language of the page's ``?lang=`` under Voila, in English in JupyterLab."""

from __future__ import annotations

from inclusion_widgets.app.page_load import hold_widget_messages_while_the_page_loads
from inclusion_widgets.app.query import PageQuery
from inclusion_widgets.widgets.framework_picker import (
    FrameworkPicker,
    checklist_and_plan,
    checklist_view,
)


def page_language(language: str | None) -> str | None:
    """``language`` when given, else the one the page's address asks for (None: English)."""
    return language or PageQuery.from_page().lang or None


def checklist_workbook(language: str | None = None) -> FrameworkPicker:
    """Any framework's checklist, chosen from a menu; answers kept in memory only."""
    hold_widget_messages_while_the_page_loads()
    return FrameworkPicker(checklist_view, language=page_language(language))


def action_plan_workbook(language: str | None = None) -> FrameworkPicker:
    """Any framework's checklist and the action plan fed by its gaps, in two tabs."""
    hold_widget_messages_while_the_page_loads()
    return FrameworkPicker(checklist_and_plan, language=page_language(language))
