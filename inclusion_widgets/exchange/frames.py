"""Sessions, participants, answers and actions laid out as the exported tables.

Pure functions over records, so the exact files can be built and tested without a
store; :mod:`.export` feeds them from the store. The session and participant arguments
are anything with the attributes below (the store's ``SessionInfo`` and ``Participant``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import pandas as pd

from inclusion_widgets.exchange.columns import (
    ACTION_COLUMNS,
    ANSWER_COLUMNS,
    CONTEXT_GROUP,
)
from inclusion_widgets.frameworks import Framework, Scale
from inclusion_widgets.records import Action, AgreedResult, Answer, AnswerKind
from inclusion_widgets.store.names import distinct_names


class SessionFacts(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def round(self) -> int: ...
    @property
    def framework_id(self) -> str: ...
    @property
    def framework_version(self) -> str: ...
    @property
    def language(self) -> str: ...


ParticipantId = int | str
"""The store's participant ids are numbers; files and tests may use text."""


class ParticipantFacts(Protocol):
    @property
    def id(self) -> ParticipantId: ...
    @property
    def name(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def language(self) -> str: ...


def level_label(scale: Scale | None, answer: Answer | AgreedResult) -> str:
    """The words for an answer on its scale: the level's label, or the non-level label."""
    if scale is None:
        return ""
    if answer.kind is AnswerKind.LEVEL and answer.level is not None:
        return scale.level(answer.level).label
    if answer.kind is AnswerKind.DONT_KNOW:
        return scale.dont_know_label
    if answer.kind is AnswerKind.NOT_APPLICABLE:
        return scale.not_applicable_label
    return ""


def _typed(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    return frame


def answers_frame_from(
    session: SessionFacts,
    framework: Framework,
    participants: Sequence[ParticipantFacts],
    answers: Iterable[tuple[ParticipantId, Answer]],
) -> pd.DataFrame:
    """One row per participant and item, then per context question, in framework order;
    what a participant has not answered is a row of kind ``unanswered``."""
    given = {(participant_id, answer.item_id): answer for participant_id, answer in answers}
    slots: list[tuple[str, str, Scale | None]] = [
        (item.id, item.title, framework.scale_for(item)) for item in framework.items
    ]
    slots += [(question.id, question.text, None) for question in framework.context_questions]
    rows: list[dict[str, Any]] = []
    names = distinct_names(participants)
    for person in participants:
        for item_id, title, scale in slots:
            answer = given.get((person.id, item_id), Answer(item_id))
            group = framework.group_of(item_id).title if scale is not None else CONTEXT_GROUP
            rows.append(
                {
                    "session": session.code,
                    "round": session.round,
                    "participant": names[person.id],
                    "city": person.city,
                    "organisation": person.organisation,
                    "role": person.role,
                    "language": person.language or session.language,
                    "framework": framework.id,
                    "framework_version": framework.version,
                    "group": group,
                    "item": item_id,
                    "item_title": title,
                    "level": answer.level,
                    "level_label": level_label(scale, answer),
                    "answer_kind": answer.kind.value,
                    "note": answer.note,
                    "evidence": answer.evidence,
                    "priority": answer.priority,
                    "updated_at": answer.updated_at,
                }
            )
    frame = _typed(rows, ANSWER_COLUMNS)
    frame["round"] = frame["round"].astype("int64")
    frame["level"] = frame["level"].astype("Int64")
    frame["priority"] = frame["priority"].astype(bool)
    return frame


def actions_frame_from(
    session: SessionFacts,
    participants: Sequence[ParticipantFacts],
    actions: Iterable[tuple[ParticipantId, Action]],
) -> pd.DataFrame:
    """One row per action, by position then id; an action whose author is not among
    ``participants`` has empty participant cells."""
    people = {person.id: person for person in participants}
    names = distinct_names(participants)
    rows: list[dict[str, Any]] = []
    for participant_id, action in sorted(actions, key=lambda pair: (pair[1].position, pair[1].id)):
        person = people.get(participant_id)
        rows.append(
            {
                "session": session.code,
                "round": session.round,
                "participant": names[person.id] if person else "",
                "city": person.city if person else "",
                "organisation": person.organisation if person else "",
                "role": person.role if person else "",
                **action.as_row(),
            }
        )
    frame = _typed(rows, ACTION_COLUMNS)
    frame["round"] = frame["round"].astype("int64")
    for column in ("position", "impact", "effort"):
        frame[column] = frame[column].astype("Int64")
    return frame
