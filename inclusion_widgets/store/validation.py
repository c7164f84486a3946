"""Checks run before anything is written: each refusal is one sentence naming what and where.

The checks of answers and actions live in :mod:`inclusion_widgets.checks`, which widgets
run too; here they become :class:`ChangeRefused` with the field to show the sentence at.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inclusion_widgets import checks
from inclusion_widgets.checks import MAX_ACTION_ID, MAX_LINE, Problem
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import LANGUAGES, N_, Sentence, supported
from inclusion_widgets.records import MAX_TEXT, Action, Answer
from inclusion_widgets.store.errors import ChangeRefused, StoreError

__all__ = [
    "CLOCK_SKEW",
    "MAX_ACTION_ID",
    "MAX_LINE",
    "check_action",
    "check_answer",
    "check_line",
    "check_merged_time",
    "check_stamp",
    "check_text",
    "refuse",
]


def refuse(problem: Problem | None) -> None:
    """Raise the problem, if there is one, as a refusal shown at its field."""
    if problem is not None:
        raise ChangeRefused(problem.message, problem.field, params=problem.params)


CLOCK_SKEW = timedelta(minutes=5)
"""How far the clock of another computer may be off before its times are refused."""


def check_text(what: str, text: str, limit: int = MAX_TEXT) -> None:
    """Refuse text that is too long or that no database can store (NUL, broken Unicode);
    ``what`` names it as a sentence's subject ("The city"), marked with ``N_``."""
    sentence = checks.text_problem(Sentence(what), text, limit)
    if sentence is not None:
        raise StoreError(sentence.message, params=sentence.params)


LINES = {
    "title": N_("The session title"),
    "mentor_city": N_("The mentor city"),
    "mentee_city": N_("The mentee city"),
    "theme": N_("The theme"),
    "name": N_("The name"),
    "city": N_("The city"),
    "organisation": N_("The organisation"),
    "role": N_("The role"),
}
"""The one-line fields of sessions and participants, each as a sentence's subject."""


def check_line(field: str, text: str, required: bool = False) -> str:
    """A one-line field (one of :data:`LINES`): stripped, and refused when empty but
    required."""
    text = text.strip()
    if required and not text:
        raise StoreError(N_("{what} is needed."), params=(("what", Sentence(LINES[field])),))
    check_text(LINES[field], text, MAX_LINE)
    return text


def check_language(language: str, required: bool = True) -> str:
    """An interface language (``el``, ``el-GR`` gives ``el``); "" only when not required."""
    if not language and not required:
        return ""
    found = supported(language)
    if found is None:
        raise StoreError(
            N_("“{language}” is not a language of the interface; choose one of {languages}."),
            params=(("language", language), ("languages", ", ".join(LANGUAGES))),
        )
    return found


def check_stamp(what: Sentence, stamp: datetime | None) -> None:
    """Refuse a time with no time zone; ``what`` is the record it stamps ("the session")."""
    if stamp is not None and stamp.tzinfo is None:
        raise ChangeRefused(
            N_("The time of {what} has no time zone; give it in UTC or with an offset."),
            params=(("what", what),),
        )


def check_merged_time(
    what: Sentence, stamp: datetime, created_at: datetime, now: datetime | None = None
) -> None:
    """A time brought in from elsewhere lies between its session's start and now.

    Anything later than now would stay "newest" for ever and win every merge; anything
    before the session existed cannot be true. A few minutes of clock skew are allowed.
    """
    stamp = stamp.astimezone(UTC)
    if stamp > (now or datetime.now(UTC)) + CLOCK_SKEW:
        raise StoreError(
            N_(
                "The change to {what} is dated {time} UTC, which is later than now; check the "
                "clock of the computer it comes from."
            ),
            params=(("what", what), ("time", f"{stamp:%Y-%m-%d %H:%M}")),
        )
    if stamp < created_at - CLOCK_SKEW:
        raise StoreError(
            N_(
                "The change to {what} is dated {time} UTC, before its session was created "
                "({created} UTC)."
            ),
            params=(
                ("what", what),
                ("time", f"{stamp:%Y-%m-%d %H:%M}"),
                ("created", f"{created_at.astimezone(UTC):%Y-%m-%d %H:%M}"),
            ),
        )


def check_answer(framework: Framework, answer: Answer) -> None:
    """The item or context question is in the framework, and the level on its scale."""
    refuse(checks.check_answer(framework, answer))
    check_stamp(Sentence(checks.THE_ANSWER, (("item", answer.item_id),)), answer.updated_at)


def check_action(framework: Framework, action: Action) -> None:
    """Every linked item exists, every text fits, the due date is not before the start."""
    refuse(checks.check_action(framework, action))
    check_stamp(Sentence(checks.THE_ACTION, (("action", action.id),)), action.updated_at)
