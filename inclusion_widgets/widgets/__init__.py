"""Views built from ipywidgets. Each is imported only when first asked for."""

from __future__ import annotations

from typing import Any

_LAZY = {
    "Checklist": "inclusion_widgets.widgets.checklist",
    "ActionPlan": "inclusion_widgets.widgets.action_plan",
    "FrameworkPicker": "inclusion_widgets.widgets.framework_picker",
}

__all__ = ["ActionPlan", "Checklist", "FrameworkPicker"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'inclusion_widgets.widgets' has no attribute {name!r}")
