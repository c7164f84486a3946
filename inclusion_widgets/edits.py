"""Changes a person makes on a page, as they travel from a widget to the store.

An edit carries only the fields the person changed, the version of the record the
page showed when they changed it, and when they changed it. The store merges it field
by field, so a tab showing old content never writes its stale fields over newer ones,
and it answers with a :class:`SaveResult`: the record as it now stands, its new
version, and any field where another tab's text met this one (neither text is lost).

Widgets emit edits; the app's autosaver hands them to the store one by one, each on
its own, so that a refused edit never holds back another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from inclusion_widgets.record_fields import edited_fields
from inclusion_widgets.records import Action, AgreedResult, Answer, PlanAction

ANSWER_FIELDS = edited_fields(Answer)
"""The fields of an answer an edit may carry; ``kind`` and ``level`` always travel together."""

ACTION_FIELDS = edited_fields(Action)
"""The fields of an action an edit may carry (its id and times are not edited)."""


AGREED_FIELDS = edited_fields(AgreedResult)
"""The fields of an agreed result an edit may carry; ``kind`` and ``level`` travel together."""


@dataclass(frozen=True)
class AnswerEdit:
    """Some fields of one answer, as a person changed them.

    ``base_version`` is the answer's version the page showed (0: the page knew no saved
    answer); ``edited_at`` is when the person made the change, in UTC.
    """

    item_id: str
    fields: Mapping[str, Any]
    base_version: int
    edited_at: datetime

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(ANSWER_FIELDS)
        if unknown:
            raise ValueError(f"{self.item_id}: an answer has no field {sorted(unknown)[0]!r}")
        if ("kind" in self.fields) != ("level" in self.fields):
            raise ValueError(f"{self.item_id}: 'kind' and 'level' are edited together")


@dataclass(frozen=True)
class ActionEdit:
    """Some fields of one action card (all of them for a new card)."""

    action_id: str
    fields: Mapping[str, Any]
    base_version: int
    edited_at: datetime

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(ACTION_FIELDS)
        if unknown:
            raise ValueError(f"action {self.action_id}: no field {sorted(unknown)[0]!r}")


@dataclass(frozen=True)
class ActionDeletion:
    """A card the person removed. Removing a card that was never saved is not an error."""

    action_id: str
    base_version: int
    edited_at: datetime


@dataclass(frozen=True)
class AgreedEdit:
    """Some fields of the group's agreed result for one item, as the facilitator or the
    note-taker changed them (``base_version``: the version their page showed)."""

    item_id: str
    fields: Mapping[str, Any]
    base_version: int
    edited_at: datetime

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(AGREED_FIELDS)
        if unknown:
            raise ValueError(
                f"{self.item_id}: an agreed result has no field {sorted(unknown)[0]!r}"
            )
        if ("kind" in self.fields) != ("level" in self.fields):
            raise ValueError(f"{self.item_id}: 'kind' and 'level' are edited together")


PLAN_FIELDS = edited_fields(PlanAction)
"""The fields of a plan action an edit may carry (not where it came from: the store
sets that when drafts are taken or merged)."""


@dataclass(frozen=True)
class PlanEdit:
    """Some fields of one action of the group's plan, as the facilitator or the
    note-taker changed them."""

    plan_id: str
    fields: Mapping[str, Any]
    base_version: int
    edited_at: datetime

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(PLAN_FIELDS)
        if unknown:
            raise ValueError(f"plan action {self.plan_id}: no field {sorted(unknown)[0]!r}")


Edit = AnswerEdit | ActionEdit | ActionDeletion | AgreedEdit | PlanEdit


def edit_key(edit: Edit) -> str:
    """What an edit changes: later edits of the same key supersede earlier pending ones
    only field by field (see :func:`combine`)."""
    if isinstance(edit, AnswerEdit):
        return f"answer:{edit.item_id}"
    if isinstance(edit, AgreedEdit):
        return f"agreed:{edit.item_id}"
    if isinstance(edit, PlanEdit):
        return f"plan:{edit.plan_id}"
    return f"action:{edit.action_id}"


def combine(earlier: Edit, later: Edit) -> Edit:
    """One pending edit from two of the same key, the later fields winning.

    A deletion wins over any edit; an edit after a deletion starts the record again.
    """
    if isinstance(later, ActionDeletion) or isinstance(earlier, ActionDeletion):
        return later
    if isinstance(earlier, AnswerEdit) and isinstance(later, AnswerEdit):
        return AnswerEdit(
            later.item_id,
            {**earlier.fields, **later.fields},
            earlier.base_version,
            later.edited_at,
        )
    if isinstance(earlier, ActionEdit) and isinstance(later, ActionEdit):
        return ActionEdit(
            later.action_id,
            {**earlier.fields, **later.fields},
            earlier.base_version,
            later.edited_at,
        )
    if isinstance(earlier, AgreedEdit) and isinstance(later, AgreedEdit):
        return AgreedEdit(
            later.item_id,
            {**earlier.fields, **later.fields},
            earlier.base_version,
            later.edited_at,
        )
    if isinstance(earlier, PlanEdit) and isinstance(later, PlanEdit):
        return PlanEdit(
            later.plan_id,
            {**earlier.fields, **later.fields},
            earlier.base_version,
            later.edited_at,
        )
    raise ValueError("only edits of the same record can be combined")


@dataclass(frozen=True)
class Conflict:
    """A field that another tab (or device) of the same person changed meanwhile.

    ``other`` is the other tab's value; ``kept`` says which is current now: ``"mine"``
    when this edit is newer and replaced it, ``"other"`` when the other one is newer
    and this edit's value went to the history instead. Either way both are reachable.
    """

    field: str
    other: Any
    kept: str


@dataclass(frozen=True)
class SaveResult:
    """What the store made of one edit: the record now (None once deleted), its version,
    and the fields where another tab's text met this one."""

    key: str
    record: Answer | Action | AgreedResult | PlanAction | None
    version: int
    conflicts: tuple[Conflict, ...] = field(default=())
