"""The checks the store makes before it keeps an answer or an action, with no UI and no SQL.

A widget runs the same checks before it sends an edit, so a person sees the sentence at
the field at once; the store runs them again and refuses with the same sentence. Each
check returns a :class:`Problem` (the field to show it at, and a sentence saying how to
fix it) or ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, Params, fill
from inclusion_widgets.record_fields import edited_values, field_words, text_fields
from inclusion_widgets.records import (
    IMPACT_EFFORT_LABELS,
    MAX_TEXT,
    Action,
    ActionStatus,
    AgreedResult,
    Answer,
    AnswerKind,
)

MAX_LINE = 200
"""The longest title, name, city, organisation or role accepted, in characters."""
MAX_ACTION_TITLE = MAX_LINE * 5
MAX_ACTION_ID = 64
ACTION_TEXTS = tuple(name for name in text_fields(Action) if name != "title")

FIELD_WORDS = {**field_words(Answer), **field_words(Action), **field_words(AgreedResult)}
"""Each field in words, as a sentence names it."""


@dataclass(frozen=True)
class Problem:
    """Why a change cannot be kept: the field to show it at ("" for the whole record).

    ``message`` may hold ``{name}`` placeholders filled from ``params``; the page
    translates it (those marked with ``N_``) before filling it.
    """

    field: str
    message: str
    params: Params = ()

    @property
    def sentence(self) -> str:
        """The sentence in English."""
        return fill(self.message, self.params)


def text_problem(what: str, text: object, limit: int = MAX_TEXT) -> str | None:
    """Text that is too long or that no database can store (NUL, broken Unicode)."""
    if not isinstance(text, str):
        return f"The {what} must be text."
    if len(text) > limit:
        return f"The {what} has {len(text):,} characters; at most {limit:,} are kept."
    if "\x00" in text:
        return f"The {what} contains a NUL character, which cannot be stored."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"The {what} contains a broken character at position {error.start}."
    return None


def answer_problem(framework: Framework, item_id: str, fields: Mapping[str, Any]) -> Problem | None:
    """Some fields of an answer: the item is in the framework, the level on its scale,
    the texts fit. ``fields`` may hold any of ``kind``, ``level``, ``note``, ``evidence``,
    ``priority`` (kind and level together)."""
    where = f"answer to {item_id!r}"
    item_ids = {item.id for item in framework.items}
    question_ids = {question.id for question in framework.context_questions}
    if item_id not in item_ids and item_id not in question_ids:
        return Problem(
            "",
            f"{item_id!r} is not an item of the framework '{framework.id}' "
            f"(version {framework.version}) used by this session.",
        )
    if "kind" in fields or "level" in fields:
        problem = _level_problem(framework, item_id, fields.get("kind"), fields.get("level"))
        if problem is not None:
            return problem
    for name in ("note", "evidence"):
        if name in fields:
            sentence = text_problem(f"{name} of the {where}", fields[name])
            if sentence is not None:
                return Problem(name, sentence)
    if "priority" in fields and not isinstance(fields["priority"], bool):
        return Problem("priority", f"The priority flag of the {where} is yes or no.")
    return None


def _level_problem(
    framework: Framework, item_id: str, kind: object, level: object
) -> Problem | None:
    try:
        kind = AnswerKind(str(kind))
    except ValueError:
        return Problem("level", f"{kind!r} is not a kind of answer.")
    if (kind is AnswerKind.LEVEL) != (level is not None):
        return Problem("level", f"A level is given exactly when {item_id!r} is answered with one.")
    if kind is not AnswerKind.LEVEL:
        return None
    if item_id not in {item.id for item in framework.items}:
        return Problem(
            "level", f"The context question {item_id!r} is answered with text, not with a level."
        )
    scale = framework.scale_for(item_id)
    if isinstance(level, bool) or level not in scale.values:
        choices = ", ".join(str(value) for value in scale.values)
        return Problem(
            "level",
            f"{level} is not a level of the scale '{scale.title}' used by item {item_id!r}; "
            f"the levels are {choices}.",
        )
    return None


def action_problem(
    framework: Framework, action_id: str, fields: Mapping[str, Any]
) -> Problem | None:
    """Some fields of an action: linked items exist, texts fit, the due date is not
    before the start date (when both are in ``fields``), ratings are 1 to 3."""
    if not action_id.strip() or len(action_id) > MAX_ACTION_ID:
        return Problem("", f"An action needs an id of 1 to {MAX_ACTION_ID} characters.")
    where = f"action {action_id!r}"
    if "title" in fields:
        sentence = text_problem(f"title of the {where}", fields["title"], MAX_ACTION_TITLE)
        if sentence is not None:
            return Problem("title", sentence)
    for name in ACTION_TEXTS:
        if name in fields:
            sentence = text_problem(f"{name} of the {where}", fields[name])
            if sentence is not None:
                return Problem(name, sentence)
    if "items" in fields:
        item_ids = {item.id for item in framework.items}
        for item_id in fields["items"]:
            if item_id not in item_ids:
                return Problem(
                    "items",
                    f"The {where} is linked to {item_id!r}, which is not an item of the "
                    f"framework '{framework.id}' (version {framework.version}) used by this "
                    "session.",
                )
    for name in ("start", "due"):
        value = fields.get(name)
        if value is not None and not isinstance(value, date):
            return Problem(name, f"The {FIELD_WORDS[name]} of the {where} must be a date.")
    start, due = fields.get("start"), fields.get("due")
    if start is not None and due is not None and due < start:
        return Problem(
            "due",
            N_(
                "The due date ({due}) is before the start date ({start}); move one of them "
                "so the action ends after it starts."
            ),
            (("due", due), ("start", start)),
        )
    if "status" in fields:
        try:
            ActionStatus(fields["status"])
        except ValueError:
            return Problem("status", f"{fields['status']!r} is not a status of an action.")
    for name in ("impact", "effort"):
        value = fields.get(name)
        if value is not None and (isinstance(value, bool) or value not in IMPACT_EFFORT_LABELS):
            return Problem(name, f"The {name} of the {where} is 1, 2 or 3, not {value!r}.")
    position = fields.get("position", 0)
    if isinstance(position, bool) or not isinstance(position, int):
        return Problem("position", f"The position of the {where} must be a whole number.")
    return None


def agreed_problem(framework: Framework, item_id: str, fields: Mapping[str, Any]) -> Problem | None:
    """Some fields of an agreed result: the item is a scored item of the framework, the
    level on its scale, the texts fit, the revisit flag is yes or no."""
    where = f"agreed result for {item_id!r}"
    if item_id not in {item.id for item in framework.items}:
        return Problem(
            "",
            f"{item_id!r} is not a scored item of the framework '{framework.id}' "
            f"(version {framework.version}) used by this session.",
        )
    if "kind" in fields or "level" in fields:
        problem = _level_problem(framework, item_id, fields.get("kind"), fields.get("level"))
        if problem is not None:
            return problem
    for name in text_fields(AgreedResult):
        if name in fields:
            sentence = text_problem(f"{name} of the {where}", fields[name])
            if sentence is not None:
                return Problem(name, sentence)
    if "revisit" in fields and not isinstance(fields["revisit"], bool):
        return Problem("revisit", f"The revisit flag of the {where} is yes or no.")
    return None


def check_agreed(framework: Framework, agreed: AgreedResult) -> Problem | None:
    """A whole agreed result, as :func:`agreed_problem` checks its fields."""
    return agreed_problem(framework, agreed.item_id, edited_values(agreed))


def check_answer(framework: Framework, answer: Answer) -> Problem | None:
    """A whole answer, as :func:`answer_problem` checks its fields."""
    return answer_problem(framework, answer.item_id, edited_values(answer))


def check_action(framework: Framework, action: Action) -> Problem | None:
    """A whole action, as :func:`action_problem` checks its fields."""
    return action_problem(framework, action.id, edited_values(action))
