"""Workbooks for city-to-city mentoring on migrant and refugee inclusion.

Two lines in a notebook::

    from inclusion_widgets import Checklist, load_framework
    Checklist(load_framework("oecd-12"))

Every part (frameworks, widgets, pandas) is imported only when first asked for, so that
``import inclusion_widgets`` stays cheap for the store, the command line and the first
cell of a workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inclusion_widgets.frameworks import list_frameworks, load_framework

__version__ = "0.1.0"

_LAZY = {
    "Checklist": "inclusion_widgets.widgets.checklist",
    "ActionPlan": "inclusion_widgets.widgets.action_plan",
    "list_frameworks": "inclusion_widgets.frameworks",
    "load_framework": "inclusion_widgets.frameworks",
}

__all__ = ["ActionPlan", "Checklist", "list_frameworks", "load_framework"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'inclusion_widgets' has no attribute {name!r}")
