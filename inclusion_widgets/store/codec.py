"""Answers and actions to and from plain JSON data, for history rows.

A row may also hold ``stamps`` (see :mod:`.fieldmerge`): when each field's value was made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from inclusion_widgets.records import Action, ActionStatus, Answer, AnswerKind
from inclusion_widgets.store.fieldmerge import Stamp


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _with_stamps(data: dict[str, Any], stamps: Mapping[str, Stamp] | None) -> str:
    if stamps is not None:
        data["stamps"] = {name: [s.at.isoformat(), s.version] for name, s in stamps.items()}
    return json.dumps(data, ensure_ascii=False)


def answer_json(answer: Answer, stamps: Mapping[str, Stamp] | None = None) -> str:
    return _with_stamps(
        {
            "item_id": answer.item_id,
            "kind": answer.kind.value,
            "level": answer.level,
            "note": answer.note,
            "evidence": answer.evidence,
            "priority": answer.priority,
            "updated_at": _stamp(answer.updated_at),
            "version": answer.version,
        },
        stamps,
    )


def answer_from_json(text: str) -> Answer:
    data: dict[str, Any] = json.loads(text)
    return Answer(
        item_id=data["item_id"],
        kind=AnswerKind(data["kind"]),
        level=data["level"],
        note=data["note"],
        evidence=data["evidence"],
        priority=data["priority"],
        updated_at=None
        if data["updated_at"] is None
        else datetime.fromisoformat(data["updated_at"]),
        version=data.get("version", 0),
    )


def action_json(action: Action, stamps: Mapping[str, Stamp] | None = None) -> str:
    return _with_stamps(
        {
            "id": action.id,
            "title": action.title,
            "description": action.description,
            "items": list(action.items),
            "owner": action.owner,
            "partners": action.partners,
            "start": _day(action.start),
            "due": _day(action.due),
            "resources": action.resources,
            "indicator": action.indicator,
            "status": action.status.value,
            "impact": action.impact,
            "effort": action.effort,
            "position": action.position,
            "updated_at": _stamp(action.updated_at),
            "version": action.version,
        },
        stamps,
    )


def action_from_json(text: str) -> Action:
    data: dict[str, Any] = json.loads(text)
    return Action(
        id=data["id"],
        title=data["title"],
        description=data["description"],
        items=tuple(data["items"]),
        owner=data["owner"],
        partners=data["partners"],
        start=None if data["start"] is None else date.fromisoformat(data["start"]),
        due=None if data["due"] is None else date.fromisoformat(data["due"]),
        resources=data["resources"],
        indicator=data["indicator"],
        status=ActionStatus(data["status"]),
        impact=data["impact"],
        effort=data["effort"],
        position=data["position"],
        updated_at=None
        if data["updated_at"] is None
        else datetime.fromisoformat(data["updated_at"]),
        version=data.get("version", 0),
    )
