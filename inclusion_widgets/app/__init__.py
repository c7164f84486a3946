"""The composed workshop apps that the workbooks show.

Imported lazily: the participant's kernel must not load the facilitator's pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "ParticipantApp": "inclusion_widgets.app.participant",
    "participant_app": "inclusion_widgets.app.participant_page",
    "FacilitatorApp": "inclusion_widgets.app.facilitator",
    "facilitator_app": "inclusion_widgets.app.facilitator",
    "PresenterApp": "inclusion_widgets.app.presenter",
    "presenter_app": "inclusion_widgets.app.presenter",
    "StartApp": "inclusion_widgets.app.start",
    "action_plan_workbook": "inclusion_widgets.app.workbooks",
    "checklist_workbook": "inclusion_widgets.app.workbooks",
    "start_app": "inclusion_widgets.app.start",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'inclusion_widgets.app' has no attribute {name!r}")
