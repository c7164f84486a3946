"""Who may change what through an import, and how much one import may hold.

Denied by default: a restore without a key only creates sessions the store does not
hold; an upload on a session's page changes that session only; the operator's CLI is
trusted. Times from the future or from before the session existed, and imports too
large to write quickly, are refused before anything is written.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from inclusion_widgets.exchange.bundle import read_bundle, write_bundle
from inclusion_widgets.exchange.columns import ANSWER_COLUMNS, ANSWER_NOT_TEXT
from inclusion_widgets.exchange.csv_format import format_timestamp, write_csv
from inclusion_widgets.exchange.export import answers_frame, session_bundle
from inclusion_widgets.exchange.grant import Grant
from inclusion_widgets.exchange.merge import import_files
from inclusion_widgets.exchange.problems import ImportProblem
from inclusion_widgets.records import Answer, AnswerKind
from inclusion_widgets.store import Store


def problems_of(call) -> tuple[str, ...]:
    with pytest.raises(ImportProblem) as caught:
        call()
    return caught.value.said()


def _workshop(store: Store, framework, title: str = "Workshop") -> tuple[str, str]:
    info, key = store.create_session(framework, title, "Rīga", "Athens")
    ana, _ = store.join(info.code, "Ana", "Rīga", "City", "mentee")
    store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, 1, note="mine"))
    return info.code, key


def _answers(store: Store, code: str) -> list[tuple[str, str, int | None, str]]:
    return sorted(
        (person.name, entry.answer.item_id, entry.answer.level, entry.answer.note)
        for entry in store.answers(code)
        for person in store.participants(code)
        if person.id == entry.participant_id
    )


def _csv(store: Store, code: str) -> bytes:
    return write_csv(answers_frame(store, code), ANSWER_COLUMNS, ANSWER_NOT_TEXT)


def _overwriting(csv: bytes, store: Store, code: str, stamp: datetime) -> bytes:
    """The session's answers CSV with Ana's note replaced and stamped ``stamp``."""
    (saved,) = [entry.answer for entry in store.answers(code)]
    assert saved.updated_at is not None
    return csv.replace(b",mine,", b",forged,").replace(
        format_timestamp(saved.updated_at).encode(), format_timestamp(stamp).encode()
    )


def _forged_bundle(store: Store, code: str, metadata_code: str) -> bytes:
    """A bundle whose metadata names ``metadata_code`` while its rows name ``code``."""
    bundle = session_bundle(store, code)
    sessions = tuple(replace(s, code=metadata_code) for s in bundle.metadata.sessions)
    frameworks = {metadata_code: next(iter(bundle.metadata.frameworks.values()))}
    people = tuple(replace(p, session=metadata_code) for p in bundle.metadata.participants)
    metadata = replace(
        bundle.metadata, sessions=sessions, frameworks=frameworks, participants=people
    )
    future = datetime(2099, 1, 1, tzinfo=UTC)
    return write_bundle(
        replace(
            bundle,
            metadata=metadata,
            answers=_overwriting(bundle.answers, store, code, future),
        )
    )


# --- a restore without a key -----------------------------------------------------------


def test_a_restore_without_a_key_cannot_write_into_a_session_the_store_holds(
    make_store, mini_framework
):
    store = make_store()
    code, _key = _workshop(store, mini_framework)
    before = _answers(store, code)
    forged = _forged_bundle(store, code, "NEW234")
    problems = problems_of(
        lambda: import_files(store, [("forged.zip", forged)], grant=Grant.restore_only())
    )
    assert problems[0] == (
        f'forged.zip: answers.csv, row 2, column "session": the session "{code}" is already on '
        "this server; open its facilitator page with its key to merge into it."
    )
    assert _answers(store, code) == before
    assert [info.code for info in store.sessions()] == [code]


def test_a_restore_without_a_key_compares_codes_in_any_case(make_store, mini_framework):
    store = make_store()
    code, _key = _workshop(store, mini_framework)
    before = _answers(store, code)
    forged = _forged_bundle(store, code, code.lower())
    problems = problems_of(
        lambda: import_files(store, [("forged.zip", forged)], grant=Grant.restore_only())
    )
    assert problems[0] == (
        f'forged.zip: the session "{code.lower()}" is already on this server; open its '
        "facilitator page with its key to merge into it."
    )
    assert _answers(store, code) == before


def test_a_restore_without_a_key_refuses_loose_csvs(make_store, mini_framework):
    store = make_store()
    code, _key = _workshop(store, mini_framework)
    csv = _overwriting(_csv(store, code), store, code, datetime.now(UTC))
    assert problems_of(
        lambda: import_files(store, [("ana.csv", csv)], grant=Grant.restore_only())
    ) == (
        f'ana.csv, row 2, column "session": the session "{code}" is already on this server; '
        "open its facilitator page with its key to merge into it.",
    )


def test_a_restore_without_a_key_creates_a_session_the_store_does_not_hold(
    make_store, mini_framework
):
    first = make_store("first")
    code, _key = _workshop(first, mini_framework)
    bundle = write_bundle(session_bundle(first, code))
    fresh = make_store("fresh")
    result = import_files(fresh, [("bundle.zip", bundle)], grant=Grant.restore_only())
    assert (result.sessions, result.added) == ((code,), 1)
    assert _answers(fresh, code) == _answers(first, code)


# --- an upload on a session's page ------------------------------------------------------


def test_an_upload_on_one_sessions_page_cannot_change_another(make_store, mini_framework):
    store = make_store()
    code_a, key_a = _workshop(store, mini_framework, "A")
    code_b, _key_b = _workshop(store, mini_framework, "B")
    before = _answers(store, code_b)
    csv = _overwriting(_csv(store, code_b), store, code_b, datetime.now(UTC))
    problems = problems_of(
        lambda: import_files(store, [("b.csv", csv)], grant=Grant.facilitator(code_a, key_a))
    )
    assert problems == (
        f'b.csv, row 2, column "session": the session "{code_b}" is not this page\'s session '
        f"({code_a}); upload it on the facilitator page of {code_b}.",
    )
    assert _answers(store, code_b) == before


def test_an_upload_on_a_sessions_page_cannot_restore_another_session(make_store, mini_framework):
    other = make_store("other")
    other_code, _ = _workshop(other, mini_framework, "Other")
    bundle = write_bundle(session_bundle(other, other_code))
    store = make_store()
    info, key = store.create_session(mini_framework, "Mine")
    code = info.code
    problems = problems_of(
        lambda: import_files(store, [("other.zip", bundle)], grant=Grant.facilitator(code, key))
    )
    assert problems == (
        f'other.zip: the session "{other_code}" is not this page\'s session ({code}); '
        "restore it from the facilitator page opened without a key.",
    )
    assert other_code not in {info.code for info in store.sessions()}


def test_an_upload_with_a_wrong_key_writes_nothing(make_store, mini_framework):
    store = make_store()
    code, _key = _workshop(store, mini_framework)
    before = _answers(store, code)
    csv = _overwriting(_csv(store, code), store, code, datetime.now(UTC))
    assert problems_of(
        lambda: import_files(store, [("a.csv", csv)], grant=Grant.facilitator(code, "WRONG"))
    ) == ("The facilitator key does not match this session code.",)
    assert _answers(store, code) == before


def test_the_facilitator_merges_into_their_own_session(make_store, mini_framework):
    store = make_store()
    code, key = _workshop(store, mini_framework)
    csv = _overwriting(_csv(store, code), store, code, datetime.now(UTC) + timedelta(seconds=1))
    result = import_files(store, [("a.csv", csv)], grant=Grant.facilitator(code.lower(), key))
    assert result.updated == 1
    assert _answers(store, code) == [("Ana", "mini/01", 1, "forged")]


def test_a_locked_session_takes_an_import_from_its_facilitator_who_is_told(
    make_store, mini_framework
):
    store = make_store()
    code, key = _workshop(store, mini_framework)
    store.set_locked(code, key, True)
    csv = _overwriting(_csv(store, code), store, code, datetime.now(UTC) + timedelta(seconds=1))
    result = import_files(store, [("a.csv", csv)], grant=Grant.facilitator(code, key))
    assert result.updated == 1
    assert result.sentence().endswith(
        f"Session {code} is locked; the import changed it because you are its facilitator."
    )


def test_the_operators_command_line_may_merge_into_any_session(make_store, mini_framework):
    store = make_store()
    code, _key = _workshop(store, mini_framework)
    csv = _overwriting(_csv(store, code), store, code, datetime.now(UTC) + timedelta(seconds=1))
    assert import_files(store, [("a.csv", csv)], grant=Grant.operator()).updated == 1


# --- times ------------------------------------------------------------------------------


def test_a_time_from_the_future_is_refused(make_store, mini_framework):
    store = make_store()
    code, key = _workshop(store, mini_framework)
    before = _answers(store, code)
    stamp = datetime(2099, 1, 1, tzinfo=UTC)
    csv = _overwriting(_csv(store, code), store, code, stamp)
    assert problems_of(
        lambda: import_files(store, [("a.csv", csv)], grant=Grant.facilitator(code, key))
    ) == (
        "a.csv, row 2: The change to the answer to “mini/01” is dated 2099-01-01 00:00 UTC, "
        "which is later than now; check the clock of the computer it comes from.",
    )
    assert _answers(store, code) == before


def test_a_time_before_the_session_existed_is_refused(make_store, mini_framework):
    store = make_store()
    code, key = _workshop(store, mini_framework)
    stamp = datetime(1999, 1, 1, tzinfo=UTC)
    csv = _overwriting(_csv(store, code), store, code, stamp)
    created = store.session(code).created_at
    assert problems_of(
        lambda: import_files(store, [("a.csv", csv)], grant=Grant.facilitator(code, key))
    ) == (
        "a.csv, row 2: The change to the answer to “mini/01” is dated 1999-01-01 00:00 UTC, "
        f"before its session was created ({created:%Y-%m-%d %H:%M} UTC).",
    )


def test_a_clock_a_little_ahead_is_accepted(make_store, mini_framework):
    store = make_store()
    code, key = _workshop(store, mini_framework)
    csv = _overwriting(_csv(store, code), store, code, datetime.now(UTC) + timedelta(minutes=2))
    assert import_files(store, [("a.csv", csv)], grant=Grant.facilitator(code, key)).updated == 1


# --- size -------------------------------------------------------------------------------


def test_too_many_rows_are_refused_before_anything_is_written(make_store, mini_framework):
    store = make_store()
    code, key = _workshop(store, mini_framework)
    csv = _csv(store, code)
    header, row = csv.split(b"\r\n")[:2]
    many = b"\r\n".join([header, *[row.replace(b"Ana", b"Ana %d" % n) for n in range(10_001)]])
    assert problems_of(
        lambda: import_files(store, [("many.csv", many)], grant=Grant.facilitator(code, key))
    ) == (
        "The files hold 10,001 rows; at most 10,000 are imported at once. Import them in "
        "smaller parts.",
    )
    assert len(store.participants(code)) == 1


def test_a_bundle_that_expands_far_beyond_a_workshop_is_refused(make_store, mini_framework):
    store = make_store()
    code, _key = _workshop(store, mini_framework)
    bundle = read_bundle("b.zip", write_bundle(session_bundle(store, code)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata.json", b"{}")
        archive.writestr("answers.csv", bundle.answers + os.urandom(9 * 1024 * 1024).hex().encode())
        archive.writestr("actions.csv", bundle.actions)
    fresh = make_store("fresh")
    assert problems_of(
        lambda: import_files(fresh, [("big.zip", buffer.getvalue())], grant=Grant.restore_only())
    ) == ("big.zip: the file expands to 18.0 MB; at most 16.0 MB is accepted.",)
