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
from inclusion_widgets.i18n import N_, Params, Sentence, fill
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

THE_ANSWER = N_("the answer to “{item}”")
THE_ACTION = N_("the action “{action}”")
THE_AGREED = N_("the agreed result for “{item}”")
THE_SESSION = N_("the session")
THE_PARTICIPANT = N_("the participant “{name}”")
NOT_AN_ITEM = N_(
    "“{item}” is not an item of the framework “{framework}” (version {version}) used by this "
    "session."
)


def field_of(name: str, record: Sentence) -> Sentence:
    """A field of a record as the subject of a sentence: "The note of the answer to …"."""
    return Sentence(
        N_("The {field} of {record}"), (("field", Sentence(FIELD_WORDS[name])), ("record", record))
    )


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

    @classmethod
    def at(cls, field: str, sentence: Sentence) -> Problem:
        return cls(field, sentence.message, sentence.params)


def text_problem(what: Sentence, text: object, limit: int = MAX_TEXT) -> Sentence | None:
    """Text that is too long or that no database can store (NUL, broken Unicode);
    ``what`` names the text as the subject of the sentence ("The note of …")."""
    if not isinstance(text, str):
        return Sentence(N_("{what} must be text."), (("what", what),))
    if len(text) > limit:
        return Sentence(
            N_("{what} has {count} characters; at most {limit} are kept."),
            (("what", what), ("count", len(text)), ("limit", limit)),
        )
    if "\x00" in text:
        return Sentence(
            N_("{what} contains a NUL character, which cannot be stored."), (("what", what),)
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return Sentence(
            N_("{what} contains a broken character at position {position}."),
            (("what", what), ("position", error.start)),
        )
    return None


def _texts_problem(
    names: tuple[str, ...], record: Sentence, fields: Mapping[str, Any], limit: int = MAX_TEXT
) -> Problem | None:
    for name in names:
        if name in fields:
            sentence = text_problem(field_of(name, record), fields[name], limit)
            if sentence is not None:
                return Problem.at(name, sentence)
    return None


def answer_problem(framework: Framework, item_id: str, fields: Mapping[str, Any]) -> Problem | None:
    """Some fields of an answer: the item is in the framework, the level on its scale,
    the texts fit. ``fields`` may hold any of ``kind``, ``level``, ``note``, ``evidence``,
    ``priority`` (kind and level together)."""
    record = Sentence(THE_ANSWER, (("item", item_id),))
    item_ids = {item.id for item in framework.items}
    question_ids = {question.id for question in framework.context_questions}
    if item_id not in item_ids and item_id not in question_ids:
        return Problem("", NOT_AN_ITEM, _framework_params(framework, item_id))
    if "kind" in fields or "level" in fields:
        problem = _level_problem(framework, item_id, fields.get("kind"), fields.get("level"))
        if problem is not None:
            return problem
    problem = _texts_problem(("note", "evidence"), record, fields)
    if problem is not None:
        return problem
    if "priority" in fields and not isinstance(fields["priority"], bool):
        return Problem.at("priority", _yes_or_no("priority", record))
    return None


def _yes_or_no(name: str, record: Sentence) -> Sentence:
    return Sentence(N_("{what} is yes or no."), (("what", field_of(name, record)),))


def _framework_params(framework: Framework, item_id: str) -> Params:
    return (("item", item_id), ("framework", framework.id), ("version", framework.version))


def _level_problem(
    framework: Framework, item_id: str, kind: object, level: object
) -> Problem | None:
    try:
        kind = AnswerKind(str(kind))
    except ValueError:
        return Problem("level", N_("“{kind}” is not a kind of answer."), (("kind", str(kind)),))
    if (kind is AnswerKind.LEVEL) != (level is not None):
        return Problem(
            "level",
            N_("A level is given exactly when “{item}” is answered with one."),
            (("item", item_id),),
        )
    if kind is not AnswerKind.LEVEL:
        return None
    if item_id not in {item.id for item in framework.items}:
        return Problem(
            "level",
            N_("The context question “{item}” is answered with text, not with a level."),
            (("item", item_id),),
        )
    scale = framework.scale_for(item_id)
    if isinstance(level, bool) or level not in scale.values:
        choices = ", ".join(str(value) for value in scale.values)
        return Problem(
            "level",
            N_(
                "{level} is not a level of the scale “{scale}” used by item “{item}”; the "
                "levels are {choices}."
            ),
            (
                ("level", str(level)),
                ("scale", scale.title),
                ("item", item_id),
                ("choices", choices),
            ),
        )
    return None


def action_problem(
    framework: Framework, action_id: str, fields: Mapping[str, Any]
) -> Problem | None:
    """Some fields of an action: linked items exist, texts fit, the due date is not
    before the start date (when both are in ``fields``), ratings are 1 to 3."""
    if not action_id.strip() or len(action_id) > MAX_ACTION_ID:
        return Problem(
            "", N_("An action needs an id of 1 to {limit} characters."), (("limit", MAX_ACTION_ID),)
        )
    record = Sentence(THE_ACTION, (("action", action_id),))
    problem = _texts_problem(("title",), record, fields, MAX_ACTION_TITLE) or _texts_problem(
        ACTION_TEXTS, record, fields
    )
    if problem is not None:
        return problem
    if "items" in fields:
        item_ids = {item.id for item in framework.items}
        for item_id in fields["items"]:
            if item_id not in item_ids:
                return Problem(
                    "items",
                    N_("{what}: {why}"),
                    (
                        ("what", field_of("items", record)),
                        ("why", Sentence(NOT_AN_ITEM, _framework_params(framework, item_id))),
                    ),
                )
    for name in ("start", "due"):
        value = fields.get(name)
        if value is not None and not isinstance(value, date):
            return Problem.at(
                name, Sentence(N_("{what} must be a date."), (("what", field_of(name, record)),))
            )
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
            return Problem(
                "status",
                N_("“{status}” is not a status of an action."),
                (("status", str(fields["status"])),),
            )
    for name in ("impact", "effort"):
        value = fields.get(name)
        if value is not None and (isinstance(value, bool) or value not in IMPACT_EFFORT_LABELS):
            return Problem(
                name,
                N_("{what} is 1, 2 or 3, not {value}."),
                (("what", field_of(name, record)), ("value", str(value))),
            )
    position = fields.get("position", 0)
    if isinstance(position, bool) or not isinstance(position, int):
        return Problem.at(
            "position",
            Sentence(
                N_("{what} must be a whole number."), (("what", field_of("position", record)),)
            ),
        )
    return None


def agreed_problem(framework: Framework, item_id: str, fields: Mapping[str, Any]) -> Problem | None:
    """Some fields of an agreed result: the item is a scored item of the framework, the
    level on its scale, the texts fit, the revisit flag is yes or no."""
    record = Sentence(THE_AGREED, (("item", item_id),))
    if item_id not in {item.id for item in framework.items}:
        return Problem(
            "",
            N_(
                "“{item}” is not a scored item of the framework “{framework}” (version "
                "{version}) used by this session."
            ),
            _framework_params(framework, item_id),
        )
    if "kind" in fields or "level" in fields:
        problem = _level_problem(framework, item_id, fields.get("kind"), fields.get("level"))
        if problem is not None:
            return problem
    problem = _texts_problem(text_fields(AgreedResult), record, fields)
    if problem is not None:
        return problem
    if "revisit" in fields and not isinstance(fields["revisit"], bool):
        return Problem.at("revisit", _yes_or_no("revisit", record))
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
