"""Answers and actions to and from plain JSON data, for history rows."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from inclusion_widgets.records import Action, ActionStatus, Answer, AnswerKind


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def answer_json(answer: Answer) -> str:
    return json.dumps(
        {
            "item_id": answer.item_id,
            "kind": answer.kind.value,
            "level": answer.level,
            "note": answer.note,
            "evidence": answer.evidence,
            "priority": answer.priority,
            "updated_at": _stamp(answer.updated_at),
        },
        ensure_ascii=False,
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
    )


def action_json(action: Action) -> str:
    return json.dumps(
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
        },
        ensure_ascii=False,
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
    )
