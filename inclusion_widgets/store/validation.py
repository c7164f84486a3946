"""Checks run before anything is written: each refusal is one sentence naming what and where."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import MAX_TEXT, Action, Answer, AnswerKind
from inclusion_widgets.store.errors import StoreError

MAX_LINE = 200
"""The longest title, name, city, organisation or role accepted, in characters."""
MAX_ACTION_ID = 64
CLOCK_SKEW = timedelta(minutes=5)
"""How far the clock of another computer may be off before its times are refused."""


def check_text(what: str, text: str, limit: int = MAX_TEXT) -> None:
    """Refuse text that is too long or that no database can store (NUL, broken Unicode)."""
    if len(text) > limit:
        raise StoreError(f"The {what} has {len(text):,} characters; at most {limit:,} are kept.")
    if "\x00" in text:
        raise StoreError(f"The {what} contains a NUL character, which cannot be stored.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise StoreError(
            f"The {what} contains a broken character at position {error.start}."
        ) from error


def check_line(what: str, text: str, required: bool = False) -> str:
    """A one-line field: stripped, and refused when empty but required."""
    text = text.strip()
    if required and not text:
        raise StoreError(f"Please give a {what}.")
    check_text(what, text, MAX_LINE)
    return text


def check_stamp(what: str, stamp: datetime | None) -> None:
    if stamp is not None and stamp.tzinfo is None:
        raise StoreError(
            f"The time of the {what} has no time zone; give it in UTC or with an offset."
        )


def check_merged_time(
    what: str, stamp: datetime, created_at: datetime, now: datetime | None = None
) -> None:
    """A time brought in from elsewhere lies between its session's start and now.

    Anything later than now would stay "newest" for ever and win every merge; anything
    before the session existed cannot be true. A few minutes of clock skew are allowed.
    """
    stamp = stamp.astimezone(UTC)
    if stamp > (now or datetime.now(UTC)) + CLOCK_SKEW:
        raise StoreError(
            f"The {what} was changed at {stamp:%Y-%m-%d %H:%M} UTC, which is later than now; "
            "check the clock of the computer it comes from."
        )
    if stamp < created_at - CLOCK_SKEW:
        raise StoreError(
            f"The {what} was changed at {stamp:%Y-%m-%d %H:%M} UTC, before its session was "
            f"created ({created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC)."
        )


def check_answer(framework: Framework, answer: Answer) -> None:
    """The item or context question is in the framework, and the level on its scale."""
    where = f"answer to {answer.item_id!r}"
    item_ids = {item.id for item in framework.items}
    question_ids = {question.id for question in framework.context_questions}
    if answer.item_id in item_ids:
        if answer.kind is AnswerKind.LEVEL:
            scale = framework.scale_for(answer.item_id)
            if answer.level not in scale.values:
                choices = ", ".join(str(value) for value in scale.values)
                raise StoreError(
                    f"{answer.level} is not a level of the scale '{scale.title}' used by item "
                    f"{answer.item_id!r}; the levels are {choices}."
                )
    elif answer.item_id in question_ids:
        if answer.kind is AnswerKind.LEVEL:
            raise StoreError(
                f"The context question {answer.item_id!r} is answered with text, not with a level."
            )
    else:
        raise StoreError(
            f"{answer.item_id!r} is not an item of the framework '{framework.id}' "
            f"(version {framework.version}) used by this session."
        )
    check_text(f"note of the {where}", answer.note)
    check_text(f"evidence of the {where}", answer.evidence)
    check_stamp(where, answer.updated_at)


def check_action(framework: Framework, action: Action) -> None:
    """Every linked item exists and every text fits."""
    if not action.id.strip() or len(action.id) > MAX_ACTION_ID:
        raise StoreError(f"An action needs an id of 1 to {MAX_ACTION_ID} characters.")
    where = f"action {action.id!r}"
    item_ids = {item.id for item in framework.items}
    for item_id in action.items:
        if item_id not in item_ids:
            raise StoreError(
                f"The {where} is linked to {item_id!r}, which is not an item of the framework "
                f"'{framework.id}' (version {framework.version}) used by this session."
            )
    check_text(f"title of the {where}", action.title, MAX_LINE * 5)
    for name in ("description", "owner", "partners", "resources", "indicator"):
        check_text(f"{name} of the {where}", getattr(action, name))
    if action.start and action.due and action.due < action.start:
        raise StoreError(f"The {where} is due ({action.due}) before it starts ({action.start}).")
    check_stamp(where, action.updated_at)
