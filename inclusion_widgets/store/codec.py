"""Records to and from JSON text, for history rows, following their declaration.

A row may also hold ``stamps`` (see :mod:`.fieldmerge`): when each field's value was made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from inclusion_widgets.record_fields import from_plain, to_plain
from inclusion_widgets.records import Action, Answer
from inclusion_widgets.store.fieldmerge import Stamp

R = TypeVar("R")


def record_json(record: Any, stamps: Mapping[str, Stamp] | None = None) -> str:
    data = to_plain(record)
    if stamps is not None:
        data["stamps"] = {name: [s.at.isoformat(), s.version] for name, s in stamps.items()}
    return json.dumps(data, ensure_ascii=False)


def record_from_json(record: type[R], text: str) -> R:
    data: dict[str, Any] = json.loads(text)
    data.pop("stamps", None)
    return from_plain(record, data)


def answer_json(answer: Answer, stamps: Mapping[str, Stamp] | None = None) -> str:
    return record_json(answer, stamps)


def answer_from_json(text: str) -> Answer:
    return record_from_json(Answer, text)


def action_json(action: Action, stamps: Mapping[str, Stamp] | None = None) -> str:
    return record_json(action, stamps)


def action_from_json(text: str) -> Action:
    return record_from_json(Action, text)
