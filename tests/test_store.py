"""The session store, on a SQLite file and on a real PostgreSQL server alike."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from inclusion_widgets.edits import ActionDeletion, ActionEdit, AnswerEdit, Conflict
from inclusion_widgets.frameworks import Framework, load_framework
from inclusion_widgets.records import MAX_TEXT, Action, ActionStatus, Answer, AnswerKind
from inclusion_widgets.store import (
    ROLES,
    Change,
    ChangeRefused,
    MergeOutcome,
    NoteVersion,
    Store,
    StoreError,
    Subject,
)
from inclusion_widgets.store.engine import make_engine
from inclusion_widgets.store.migrate import current_revision, head_revision, upgrade
from inclusion_widgets.store.models import Room, Screen
from inclusion_widgets.store.tokens import READABLE, hash_key, hash_token

FORK = multiprocessing.get_context("fork")
HOUR = timedelta(hours=1)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def workshop(store: Store, mini_framework: Framework) -> tuple[str, str, int]:
    """A session with one joined participant: (code, facilitator key, participant id)."""
    info, key = store.create_session(mini_framework, "Athens mentors Riga", "Athens", "Riga")
    participant, _token = store.join(info.code, "Ana", "Athens", "City of Athens", "mentor")
    return info.code, key, participant.id


def everything(store: Store, code: str) -> tuple[Any, ...]:
    """All a session holds, to check that a refused call wrote nothing."""
    return (
        store.session(code),
        store.participants(code, include_removed=True),
        store.answers(code),
        store.actions(code),
        store.history(code),
    )


# -- sessions -----------------------------------------------------------------


def test_session_codes_cannot_be_guessed_and_read_aloud_without_confusion():
    assert len(READABLE) ** 9 >= 10**12
    # Pairs that look or sound alike: 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
    assert not set(READABLE) & set("0O1IL2Z5S8BUV")


@pytest.mark.parametrize("typed", ["{}", "{lower}", "{plain}", "{spaced}"])
def test_a_code_is_found_however_it_is_typed(store, mini_framework, typed):
    code = store.create_session(mini_framework, "Workshop")[0].code
    plain = code.replace("-", "")
    spaced = " ".join(code.split("-")).lower()
    assert (
        store.session(typed.format(code, lower=code.lower(), plain=plain, spaced=spaced)).code
        == code
    )


def test_a_six_character_code_of_an_earlier_version_keeps_working(store, mini_framework):
    with store.transaction() as tx:
        tx.create_session(mini_framework, "Older", code="K7QM2P")
    assert store.session(" k7qm2p ").code == "K7QM2P"


def test_a_session_has_a_short_readable_code_and_round_one(store, mini_framework):
    info, key = store.create_session(mini_framework, "Workshop", "Athens", "Riga", "housing")
    assert re.fullmatch(rf"[{READABLE}]{{3}}-[{READABLE}]{{3}}-[{READABLE}]{{3}}", info.code)
    assert (info.round, info.baseline_code, info.locked, info.results_visible) == (
        1,
        None,
        False,
        False,
    )
    assert (info.framework_id, info.framework_version, info.theme) == ("mini", "1", "housing")
    assert info.created_at.tzinfo is not None
    assert store.session(f" {info.code.lower()} ") == info
    assert store.sessions() == [info]
    assert store.check_key(info.code, key) and store.check_key(info.code, key.lower())
    assert not store.check_key(info.code, "ABCD-EFGH-JKMN-PQRS")


def test_an_unknown_session_code_is_refused_with_a_sentence(store):
    with pytest.raises(StoreError, match=r"^There is no session with the code “NOPE42”\.$"):
        store.session("NOPE42")


def test_a_session_keeps_its_framework_even_when_the_file_changes(store, tmp_path):
    source = Path(__file__).parent / "data" / "frameworks" / "mini.yaml"
    copy = tmp_path / "mini.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    original = load_framework(copy)
    info, _ = store.create_session(original, "Snapshot")
    copy.write_text(
        source.read_text(encoding="utf-8").replace("Coordination across levels", "Renamed"),
        encoding="utf-8",
    )
    assert load_framework(copy).item("mini/01").title == "Renamed"
    assert store.framework(info.code) == original
    assert store.framework(info.code).item("mini/01").title == "Coordination across levels"


def test_a_followup_is_a_new_round_linked_to_its_baseline(store, workshop, mini_framework):
    code, key, _ = workshop
    followup, followup_key = store.create_followup(code, key, "Six months later")
    assert (followup.round, followup.baseline_code) == (2, code)
    assert (followup.mentor_city, followup.mentee_city) == ("Athens", "Riga")
    assert followup.code != code and followup_key != key
    assert store.framework(followup.code) == store.framework(code)
    third, _ = store.create_session(mini_framework, "A year later", baseline=followup.code.lower())
    assert (third.round, third.baseline_code) == (3, followup.code)
    with pytest.raises(StoreError, match="facilitator key does not match"):
        store.create_followup(code, "WRONG", "No")


# -- participants ---------------------------------------------------------------


def test_join_gives_a_token_that_brings_the_participant_back(store, workshop):
    code, _, _ = workshop
    assert "mentee" in ROLES
    maria, token = store.join(code, " María ", "Riga", "NGO Ελληνικά", "mentee")
    assert maria.name == "María" and maria.organisation == "NGO Ελληνικά"
    assert store.resume(code.lower(), token) == maria
    assert [p.name for p in store.participants(code)] == ["Ana", "María"]
    with pytest.raises(StoreError, match="does not belong to anyone"):
        store.resume(code, token + "x")


def test_tokens_and_keys_are_stored_only_as_hashes(store, store_url, mini_framework):
    info, key = store.create_session(mini_framework, "Hashes")
    _participant, token = store.join(info.code, "Ana")
    engine = make_engine(store_url)
    with engine.connect() as connection:
        stored = [
            str(value)
            for table in ("sessions", "participants", "history")
            for row in connection.execute(sa.text(f"SELECT * FROM {table}"))
            for value in row
        ]
    engine.dispose()
    assert hash_key(key) in stored and hash_token(token) in stored
    assert not any(key in value or token in value for value in stored)
    if store_url.startswith("sqlite"):
        store.close()
        database = Path(store_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert hash_token(token).encode() in raw
        assert token.encode() not in raw and key.encode() not in raw


# -- answers --------------------------------------------------------------------


def test_a_saved_answer_comes_back_with_a_utc_time_and_a_history_row(store, workshop):
    code, _, ana = workshop
    before = datetime.now(UTC)
    saved = store.save_answer(
        code, ana, Answer("mini/01", note="Forum meets monthly").with_level(2)
    )
    assert saved.updated_at is not None and saved.updated_at.tzinfo is not None
    assert before <= saved.updated_at <= datetime.now(UTC)
    [stored] = store.answers(code, ana)
    assert stored.participant_id == ana and stored.answer == saved
    assert stored.answer.updated_at == saved.updated_at
    [entry] = store.history(code, ana, "mini/01")
    assert (entry.subject, entry.change, entry.answer) == (Subject.ANSWER, Change.SAVE, saved)


def test_an_overwrite_keeps_the_earlier_text_in_the_history(store, workshop):
    code, _, ana = workshop
    store.save_answer(code, ana, Answer("mini/03", note="Erste Fassung: Ελληνικά"))
    store.save_answer(code, ana, Answer("mini/03", note="Second version"))
    store.save_answer(code, ana, Answer("mini/03", kind=AnswerKind.DONT_KNOW))
    [current] = store.answers(code, ana)
    assert current.answer.kind is AnswerKind.DONT_KNOW and current.answer.note == ""
    notes = [entry.answer.note for entry in store.history(code, item_id="mini/03")]
    assert notes == ["Erste Fassung: Ελληνικά", "Second version", ""]


def test_a_cleared_answer_is_gone_from_the_answers_but_kept_in_history(store, workshop):
    code, _, ana = workshop
    store.save_answer(code, ana, Answer("mini/02", note="keep me").with_level(1))
    store.clear_answer(code, ana, "mini/02")
    assert store.answers(code) == []
    changes = [(e.change, e.answer.note) for e in store.history(code, item_id="mini/02")]
    assert changes == [(Change.SAVE, "keep me"), (Change.CLEAR, "keep me")]


def test_a_context_question_is_answered_with_text(store, workshop):
    code, _, ana = workshop
    store.save_answer(code, ana, Answer("mini/context/01", note="About 1,200 people."))
    assert store.answers(code)[0].answer.note == "About 1,200 people."


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s, c, p: s.save_answer(c, p, Answer("mini/99").with_level(1)),
            r"^“mini/99” is not an item of the framework “mini” \(version 1\) "
            r"used by this session\.$",
        ),
        (
            lambda s, c, p: s.save_answer(c, p, Answer("mini/01").with_level(4)),
            r"^4 is not a level of the scale “Maturity” used by item “mini/01”; "
            r"the levels are 0, 1, 2, 3\.$",
        ),
        (
            lambda s, c, p: s.save_answer(c, p, Answer("mini/01", note="x" * (MAX_TEXT + 1))),
            r"^The note of the answer to “mini/01” has 20,001 characters; "
            r"at most 20,000 are kept\.$",
        ),
        (
            lambda s, c, p: s.save_answer(c, p, Answer("mini/01", evidence="a\x00b")),
            r"NUL character",
        ),
        (
            lambda s, c, p: s.save_answer(c, p, Answer("mini/context/01").with_level(1)),
            r"context question “mini/context/01” is answered with text",
        ),
        (
            lambda s, c, p: s.save_answer("ZZZZZZ", p, Answer("mini/01")),
            r"^There is no session with the code “ZZZZZZ”\.$",
        ),
        (
            lambda s, c, p: s.save_answer(c, p + 100, Answer("mini/01")),
            r"^There is no participant \d+ in the session [\w-]+\.$",
        ),
        (
            lambda s, c, p: s.save_answer(c, p, Answer("mini/01"), datetime(2026, 1, 1)),
            r"has no time zone",
        ),
        (
            lambda s, c, p: s.clear_answer(c, p, "mini/99"),
            r"“mini/99” is not an item",
        ),
        (
            lambda s, c, p: s.save_action(c, p, Action("a1", "Plan", items=("mini/99",))),
            r"^The linked items of the action “a1”: “mini/99” is not an item",
        ),
        (
            lambda s, c, p: s.save_action(c, p, Action("a1", "Plan", description="x" * 20_001)),
            r"description of the action “a1” has 20,001 characters",
        ),
        (
            lambda s, c, p: s.delete_action(c, p, "nope"),
            r"^There is no action “nope” of this participant to delete\.$",
        ),
        (lambda s, c, p: s.join(c, "   "), r"^The name is needed\.$"),
        (lambda s, c, p: s.join(c, "Ana", city="c" * 201), r"city has 201 characters"),
        (
            lambda s, c, p: s.set_locked(c, "WRONG-KEY", True),
            r"^The facilitator key does not match this session code\.$",
        ),
        (
            lambda s, c, p: s.remove_participant(c, "WRONG-KEY", p),
            r"^The facilitator key does not match this session code\.$",
        ),
        (lambda s, c, p: s.resume(c, "guessed"), r"does not belong to anyone"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_is_written(
    store, workshop, call, message
):
    code, _, ana = workshop
    store.save_answer(code, ana, Answer("mini/01", note="already there").with_level(1))
    before = everything(store, code)
    with pytest.raises(StoreError, match=message):
        call(store, code, ana)
    assert everything(store, code) == before


def test_a_bad_store_url_is_refused_with_a_sentence():
    with pytest.raises(StoreError, match="is not a database URL"):
        Store("not a url")


def test_the_store_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSION_DB_URL", f"sqlite:///{tmp_path / 'from-env.sqlite'}")
    Store().close()
    assert (tmp_path / "from-env.sqlite").is_file()


# -- actions --------------------------------------------------------------------


def test_actions_are_saved_updated_and_deleted_with_history(store, workshop):
    code, _, ana = workshop
    first = Action(
        "a1",
        "Standing forum",
        items=("mini/01", "mini/02"),
        owner="Mayor's office",
        start=datetime(2026, 3, 1).date(),
        due=datetime(2026, 9, 1).date(),
        impact=3,
        effort=2,
    )
    saved = store.save_action(code, ana, first)
    assert saved.updated_at is not None
    moved = store.save_action(code, ana, replace(first, status=ActionStatus.PLANNED, title="Forum"))
    [current] = store.actions(code)
    assert current.action == moved and current.action.items == ("mini/01", "mini/02")
    store.delete_action(code, ana, "a1")
    assert store.actions(code) == []
    rows = [e for e in store.history(code) if e.subject is Subject.ACTION]
    assert [(e.change, e.action.title) for e in rows] == [
        (Change.SAVE, "Standing forum"),
        (Change.SAVE, "Forum"),
        (Change.DELETE, "Forum"),
    ]


# -- facilitator controls -------------------------------------------------------


def test_each_participant_keeps_their_own_language_and_the_session_a_default(store, mini_framework):
    info, key = store.create_session(mini_framework, "Jelgava mentors Larissa", language="lv")
    assert store.session(info.code).language == "lv"
    eleni, token = store.join(info.code, "Ελένη", "Larissa", language="el-GR")
    janis, _ = store.join(info.code, "Jānis", "Jelgava")
    assert (eleni.language, janis.language) == ("el", "")
    assert store.set_participant_language(info.code, janis.id, "fr").language == "fr"
    assert store.resume(info.code, token).language == "el"
    assert [p.language for p in store.participants(info.code)] == ["el", "fr"]
    followup, _ = store.create_followup(info.code, key, "Round two")
    assert followup.language == "lv"
    with pytest.raises(StoreError, match="“xx” is not a language of the interface"):
        store.set_participant_language(info.code, janis.id, "xx")
    with pytest.raises(StoreError, match="not a language"):
        store.create_session(mini_framework, "Nowhere", language="")
    assert store.resume(info.code, token).language == "el"


def test_a_locked_session_refuses_changes_until_unlocked(store, workshop):
    code, key, ana = workshop
    assert store.set_locked(code, key, True).locked
    before = everything(store, code)
    for refused in (
        lambda: store.save_answer(code, ana, Answer("mini/01").with_level(0)),
        lambda: store.clear_answer(code, ana, "mini/01"),
        lambda: store.save_action(code, ana, Action("a1", "Plan")),
        lambda: store.join(code, "Late comer"),
    ):
        with pytest.raises(StoreError, match=r"is locked by its facilitator"):
            refused()
    assert everything(store, code) == before
    assert not store.set_locked(code, key, False).locked
    store.save_answer(code, ana, Answer("mini/01").with_level(0))


def test_results_can_be_shown_to_participants_and_hidden_again(store, workshop):
    code, key, _ = workshop
    assert store.set_results_visible(code, key, True).results_visible
    assert store.session(code).results_visible
    assert not store.set_results_visible(code, key, False).results_visible
    changes = [e.change for e in store.history(code) if e.subject is Subject.SESSION]
    assert changes == [Change.CREATE, Change.SHOW_RESULTS, Change.HIDE_RESULTS]


def test_removing_a_participant_keeps_their_answers_in_history(store, workshop):
    code, key, ana = workshop
    bob, token = store.join(code, "Bob", "Riga", "", "mentee")
    store.save_answer(code, ana, Answer("mini/01").with_level(3))
    store.save_answer(code, bob.id, Answer("mini/01", note="Bob's note").with_level(0))
    store.save_action(code, bob.id, Action("b1", "Bob's action"))
    store.remove_participant(code, key, bob.id)
    assert [p.name for p in store.participants(code)] == ["Ana"]
    assert [a.participant_id for a in store.answers(code)] == [ana]
    assert store.actions(code) == []
    kept = store.history(code, bob.id)
    assert [(e.subject, e.change) for e in kept][-3:] == [
        (Subject.ANSWER, Change.REMOVE),
        (Subject.ACTION, Change.REMOVE),
        (Subject.PARTICIPANT, Change.REMOVE),
    ]
    assert kept[-3].answer.note == "Bob's note"
    with pytest.raises(StoreError, match="Bob was removed"):
        store.resume(code, token)
    with pytest.raises(StoreError, match="no participant"):
        store.save_answer(code, bob.id, Answer("mini/02"))


def test_changed_since_tells_a_dashboard_when_to_refresh(store, workshop):
    code, _, ana = workshop
    stamp = store.changed_since(code, None)
    assert stamp is not None
    assert store.changed_since(code, stamp) is None
    store.save_answer(code, ana, Answer("mini/02").with_level(2))
    later = store.changed_since(code, stamp)
    assert later is not None and later != stamp
    assert store.changed_since(code, later) is None


def test_reading_a_session_leaves_its_change_token_as_it_is(store, workshop):
    code, _, ana = workshop
    token = store.change_token(code)
    store.session(code), store.participants(code), store.answers(code), store.agreed(code)
    store.history(code), store.note_versions(code, ana), store.saved_after_lock(code)
    assert store.change_token(code) == token
    assert store.changed_since(code, token) is None


def test_every_kind_of_change_gives_the_session_a_new_change_token(store, workshop, mini_framework):
    code, key, ana = workshop
    other, _ = store.create_session(mini_framework, "Another workshop")
    seen = [store.change_token(code)]
    untouched = store.change_token(other.code)

    def changed() -> None:
        token = store.change_token(code)
        assert token not in seen
        seen.append(token)

    bob, _token = store.join(code, "Bob", "Riga", role="mentee")
    changed()
    when = datetime.now(UTC)
    level = {"kind": AnswerKind.LEVEL, "level": 2}
    store.save_edit(code, ana, AnswerEdit("mini/01", level, 0, when))
    changed()
    store.save_edit(code, bob.id, ActionEdit("a1", {"title": "Open a desk"}, 0, when))
    changed()
    store.set_results_visible(code, key, True)
    changed()
    store.set_votes_each(code, key, 5)
    changed()
    store.vote(code, ana, "gap:mini/01")
    changed()
    store.set_note_taker(code, key, bob.id)
    changed()
    store.set_room(code, key, Room(Screen.OVERVIEW))
    changed()
    store.set_locked(code, key, True)
    changed()
    store.remove_participant(code, key, bob.id)
    changed()
    assert store.change_token(other.code) == untouched


def _save_level(url: str, code: str, participant_id: int, level: int) -> None:
    writer = Store(url)
    try:
        writer.save_answer(code, participant_id, Answer("mini/02").with_level(level))
    finally:
        writer.close()


@pytest.mark.server  # a second process
def test_a_change_saved_by_another_process_is_seen_by_the_next_look(store, store_url, workshop):
    code, _, ana = workshop
    token = store.change_token(code)
    assert store.changed_since(code, token) is None
    process = FORK.Process(target=_save_level, args=(store_url, code, ana, 3))
    process.start()
    process.join(timeout=60)
    assert process.exitcode == 0
    later = store.changed_since(code, token)
    assert later is not None
    assert [entry.answer.level for entry in store.answers(code)] == [3]
    assert store.changed_since(code, later) is None


def test_the_change_token_of_a_session_that_does_not_exist_is_a_sentence(store):
    with pytest.raises(StoreError, match="no session with the code"):
        store.change_token("NOPE-NOPE")


# -- imports: one transaction, newer wins ---------------------------------------


def test_a_merge_keeps_the_newer_answer_and_puts_the_older_text_in_history(store, workshop):
    code, _, ana = workshop
    now = datetime.now(UTC)
    store.save_answer(code, ana, Answer("mini/01", note="typed here").with_level(2), updated_at=now)
    older = Answer("mini/01", note="typed elsewhere earlier", updated_at=now - timedelta(minutes=1))
    newer = Answer("mini/02", note="new elsewhere", updated_at=now + timedelta(minutes=1))
    with store.transaction() as tx:
        assert tx.merge_answer(code, ana, older.with_level(1)) is MergeOutcome.SKIPPED
        assert tx.merge_answer(code, ana, newer) is MergeOutcome.ADDED
        assert (
            tx.merge_answer(
                code, ana, replace(newer, note="newer still", updated_at=now + timedelta(minutes=2))
            )
            is MergeOutcome.UPDATED
        )
        assert (
            tx.merge_answer(code, ana, replace(newer, note="newer still")) is MergeOutcome.SKIPPED
        )
    current = {a.answer.item_id: a.answer for a in store.answers(code)}
    assert current["mini/01"].note == "typed here"
    assert current["mini/02"].note == "newer still"
    assert current["mini/02"].updated_at == now + timedelta(minutes=2)
    older_kept = store.history(code, item_id="mini/01")[-1]
    assert (older_kept.change, older_kept.answer.note) == (
        Change.MERGE_OLDER,
        "typed elsewhere earlier",
    )
    assert older_kept.answer.updated_at == now - timedelta(minutes=1)


def test_an_import_of_several_participants_is_one_transaction(store, workshop):
    code, _, _ = workshop
    stamp = datetime.now(UTC)
    before = everything(store, code)
    with pytest.raises(StoreError, match="not an item"), store.transaction() as tx:
        for name in ("Eva", "Jānis"):
            person, _ = tx.join(code, name, "Riga", "", "mentee", joined_at=stamp)
            tx.merge_answer(code, person.id, Answer("mini/01", note=name, updated_at=stamp))
            tx.merge_action(code, person.id, Action("x1", f"{name}'s plan", updated_at=stamp))
        tx.merge_answer(code, person.id, Answer("mini/77", updated_at=stamp))
    assert everything(store, code) == before
    with store.transaction() as tx:
        for name in ("Eva", "Jānis"):
            person, _ = tx.join(code, name, "Riga", "", "mentee", joined_at=stamp)
            tx.merge_answer(code, person.id, Answer("mini/01", note=name, updated_at=stamp))
            tx.merge_action(code, person.id, Action("x1", f"{name}'s plan", updated_at=stamp))
    assert [p.name for p in store.participants(code)] == ["Ana", "Eva", "Jānis"]
    assert sorted(a.answer.note for a in store.answers(code)) == ["Eva", "Jānis"]
    assert {a.action.updated_at for a in store.actions(code)} == {stamp}


def test_a_session_can_be_restored_under_its_own_code(store, mini_framework):
    created = datetime(2026, 2, 3, 9, 30, tzinfo=UTC)
    with store.transaction() as tx:
        info, key = tx.create_session(mini_framework, "Restored", code="abc234", created_at=created)
    assert (info.code, info.created_at) == ("ABC234", created)
    assert store.check_key("ABC234", key)
    with pytest.raises(StoreError, match="already a session with the code “ABC234”"):
        with store.transaction() as tx:
            tx.create_session(mini_framework, "Again", code="ABC234")


# -- schema upgrades ------------------------------------------------------------


@pytest.mark.parametrize("start", ["0001", "0002"])
def test_a_store_written_by_an_earlier_migration_is_upgraded_with_its_data(
    store_url, mini_framework, start
):
    engine = make_engine(store_url)
    upgrade(engine, start)
    assert current_revision(engine) == start
    old = sa.MetaData()
    old.reflect(engine)
    assert ("locked" in old.tables["sessions"].c) == (start == "0002")
    assert "version" not in old.tables["responses"].c
    sqlite = engine.dialect.name == "sqlite"
    when = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
    stamp = when.replace(tzinfo=None) if sqlite else when
    answer = (
        '{"item_id": "mini/01", "kind": "level", "level": 2, "note": "old note", '
        '"evidence": "", "priority": false, "updated_at": "2025-11-20T10:00:00+00:00"}'
    )
    with engine.begin() as connection:
        tables = old.tables
        connection.execute(
            tables["sessions"]
            .insert()
            .values(
                id=1,
                code="OLD123",
                title="Written by version one",
                framework_id="mini",
                framework_version="1",
                framework_snapshot=json.dumps(mini_framework.to_dict()),
                mentor_city="Athens",
                mentee_city="Riga",
                theme="",
                round=1,
                baseline_id=None,
                key_hash=hash_key("ABCD-EFGH-JKMN-PQRS"),
                created_at=stamp,
            )
        )
        connection.execute(
            tables["participants"]
            .insert()
            .values(
                id=1,
                session_id=1,
                name="Ana",
                city="Athens",
                organisation="",
                role="mentor",
                token_hash=hash_token("old-token"),
                joined_at=stamp,
                removed_at=None,
            )
        )
        connection.execute(
            tables["responses"]
            .insert()
            .values(
                session_id=1,
                participant_id=1,
                item_id="mini/01",
                kind="level",
                level=2,
                note="old note",
                evidence="",
                priority=False,
                updated_at=stamp,
            )
        )
        connection.execute(
            tables["history"]
            .insert()
            .values(
                session_id=1,
                participant_id=1,
                subject="answer",
                subject_id="mini/01",
                change="save",
                data=answer,
                recorded_at=stamp,
            )
        )
    engine.dispose()

    store = Store(store_url)
    try:
        check = make_engine(store_url)
        assert current_revision(check) == head_revision() != "0001"
        check.dispose()
        info = store.session("old123")
        assert (info.title, info.created_at, info.locked, info.results_visible) == (
            "Written by version one",
            when,
            False,
            False,
        )
        ana = store.resume("OLD123", "old-token")
        assert (info.language, ana.language) == ("en", "")
        [saved] = store.answers("OLD123")
        assert (saved.participant_id, saved.answer.level, saved.answer.note) == (
            ana.id,
            2,
            "old note",
        )
        assert saved.answer.updated_at == when
        assert saved.answer.version == 1
        assert store.history("OLD123")[0].answer == saved.answer
        edited = store.save_edit(
            "OLD123", ana.id, AnswerEdit("mini/01", {"note": "new note"}, 1, when + HOUR)
        )
        assert (edited.version, edited.conflicts) == (2, ())
        assert edited.record == replace(saved.answer, note="new note")
        assert store.note_versions("OLD123", ana.id)["mini/01"] == (
            NoteVersion("note", "old note", when),
        )
        locked = store.set_locked("OLD123", "abcd efgh jkmn pqrs", True)
        assert locked.locked and locked.locked_at is not None
        assert store.changed_since("OLD123", None) is not None
    finally:
        store.close()


# -- many kernels at once, and kernels that die -----------------------------------


def wide_framework(mini: Framework, items: int) -> Framework:
    data = mini.to_dict()
    template = data["groups"][0]["items"][0]
    data["groups"] = [
        {
            "id": "wide/all",
            "title": "Everything",
            "description": "",
            "items": [dict(template, id=f"wide/{n:03d}") for n in range(items)],
        }
    ]
    return Framework.from_dict(data)


def _writer(url: str, code: str, name: str, start: Any, results: Any) -> None:
    try:
        store = Store(url)
        person, _ = store.join(code, name, "Riga", "", "mentee")
        start.wait()
        for n in range(200):
            store.save_answer(
                code, person.id, Answer(f"wide/{n:03d}", note=f"{name} {n}").with_level(n % 4)
            )
        results.put((name, None))
    except BaseException as error:
        results.put((name, repr(error)))


@pytest.mark.slow
@pytest.mark.server  # thirty processes racing for one SQLite file
def test_thirty_writer_processes_save_6000_answers_without_an_error(tmp_path, mini_framework):
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    store = Store(url)
    info, _ = store.create_session(wide_framework(mini_framework, 200), "Busy workshop")
    start, results = FORK.Event(), FORK.Queue()
    writers = [
        FORK.Process(target=_writer, args=(url, info.code, f"writer-{i:02d}", start, results))
        for i in range(30)
    ]
    for process in writers:
        process.start()
    start.set()
    reports = dict(results.get(timeout=120) for _ in writers)
    for process in writers:
        process.join(timeout=30)
    assert {name: error for name, error in reports.items() if error} == {}
    assert all(process.exitcode == 0 for process in writers)
    answers = store.answers(info.code)
    assert len(answers) == 6000
    assert len({(a.participant_id, a.answer.item_id) for a in answers}) == 6000
    saves = [e for e in store.history(info.code) if e.change is Change.SAVE]
    assert len(saves) == 6000
    assert {(e.participant_id, e.answer) for e in saves} == {
        (a.participant_id, a.answer) for a in answers
    }
    store.close()


def _saver(url: str, code: str, participant_id: int, first: int, report: int) -> None:
    store = Store(url)
    for seq in range(first, first + 1_000_000):
        store.save_answer(code, participant_id, Answer(f"mini/0{seq % 3 + 1}", note=f"seq {seq}"))
        os.write(report, f"{seq}\n".encode())


@pytest.mark.slow
@pytest.mark.server  # a process killed mid-save
def test_a_writer_killed_mid_save_loses_nothing_that_was_committed(tmp_path, mini_framework):
    path = tmp_path / "killed.sqlite"
    url = f"sqlite:///{path}"
    store = Store(url)
    info, _ = store.create_session(mini_framework, "Crashing kernels")
    person, _ = store.join(info.code, "Ana")
    store.close()
    committed: list[int] = []
    for attempt in range(20):
        read, write = os.pipe()
        process = FORK.Process(
            target=_saver, args=(url, info.code, person.id, attempt * 1_000_000, write)
        )
        process.start()
        os.close(write)
        first = os.read(read, 64)  # at least one save is committed before the kill
        time.sleep(random.uniform(0.0, 0.05))
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        assert process.exitcode == -signal.SIGKILL
        chunks = [first]
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        committed += [int(line) for line in b"".join(chunks).decode().splitlines()]

        with closing(sqlite3.connect(path)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        reopened = Store(url)
        seen = {
            int(e.answer.note.split()[1])
            for e in reopened.history(info.code, person.id)
            if e.subject is Subject.ANSWER
        }
        assert set(committed) <= seen
        current = {
            a.answer.item_id: int(a.answer.note.split()[1]) for a in reopened.answers(info.code)
        }
        for item in ("mini/01", "mini/02", "mini/03"):
            mine = [seq for seq in committed if f"mini/0{seq % 3 + 1}" == item]
            if mine:  # a kill soon after the start may leave an item never saved
                assert current[item] >= max(mine)
        reopened.close()
    assert len(committed) > 20


def test_the_tables_the_code_queries_are_exactly_what_the_migrations_build(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from inclusion_widgets.store.schema import metadata

    Store(store_url).close()
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    engine.dispose()


def _opener(url: str, framework: Framework, start: Any, results: Any) -> None:
    try:
        start.wait()
        store = Store(url)
        info, _ = store.create_session(framework, "Opened at once")
        results.put(info.code)
    except BaseException as error:
        results.put(repr(error))


@pytest.mark.server  # processes racing to migrate
def test_kernels_opening_a_new_store_at_once_all_get_the_same_schema(store_url, mini_framework):
    start, results = FORK.Event(), FORK.Queue()
    openers = [
        FORK.Process(target=_opener, args=(store_url, mini_framework, start, results))
        for _ in range(6)
    ]
    for process in openers:
        process.start()
    start.set()
    codes = {results.get(timeout=60) for _ in openers}
    for process in openers:
        process.join(timeout=30)
    assert all(re.fullmatch(r"\w{3}-\w{3}-\w{3}", code) for code in codes), codes
    store = Store(store_url)
    assert {info.code for info in store.sessions()} == codes
    store.close()


def _same_items(
    url: str, code: str, participant_id: int, name: str, start: Any, results: Any
) -> None:
    try:
        store = Store(url)
        start.wait()
        for n in range(30):
            store.save_answer(
                code, participant_id, Answer(f"mini/0{n % 3 + 1}", note=f"{name} {n}")
            )
        results.put(None)
    except BaseException as error:
        results.put(repr(error))


@pytest.mark.server  # processes racing
def test_two_tabs_of_one_participant_saving_the_same_items_never_fail(store, workshop):
    code, _, ana = workshop
    start, results = FORK.Event(), FORK.Queue()
    tabs = [
        FORK.Process(target=_same_items, args=(store.url, code, ana, f"tab{i}", start, results))
        for i in range(6)
    ]
    for process in tabs:
        process.start()
    start.set()
    errors = [results.get(timeout=60) for _ in tabs]
    for process in tabs:
        process.join(timeout=30)
    assert errors == [None] * 6
    assert sorted(a.answer.item_id for a in store.answers(code)) == [
        "mini/01",
        "mini/02",
        "mini/03",
    ]
    assert len([e for e in store.history(code) if e.subject is Subject.ANSWER]) == 180


def test_the_store_imports_no_widgets_and_no_pandas():
    probe = (
        "import sys, inclusion_widgets.store; "
        "print(sorted({'ipywidgets', 'pandas'} & set(sys.modules)))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "[]"


def test_the_newest_migration_is_the_one_the_store_expects():
    from inclusion_widgets.store.migrate import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_opening_a_current_store_does_not_load_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'current.sqlite'}"
    Store(url).close()
    code = (
        "import sys; from inclusion_widgets.store import Store; "
        f"Store({url!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "False"


def test_a_bulk_write_to_a_store_that_went_away_is_a_sentence(tmp_path, mini_framework):
    import shutil

    folder = tmp_path / "gone"
    folder.mkdir()
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    store.close()
    shutil.rmtree(folder)
    with pytest.raises(StoreError, match="could not be reached"), store.transaction() as tx:
        tx.create_session(mini_framework, "Never written")


def test_a_database_other_than_sqlite_or_postgresql_is_refused_with_a_sentence():
    with pytest.raises(StoreError, match=r"runs on SQLite or PostgreSQL.*names mysql"):
        Store("mysql://user@localhost/workshops")


@pytest.mark.parametrize(
    ("stamp", "message"),
    [
        (datetime(2099, 1, 1, tzinfo=UTC), "2099-01-01 00:00 UTC, which is later than now"),
        (datetime(1999, 1, 1, tzinfo=UTC), "1999-01-01 00:00 UTC, before its session was created"),
    ],
)
def test_a_merged_time_outside_the_sessions_life_is_refused(store, workshop, stamp, message):
    code, _, ana = workshop
    before = everything(store, code)
    for merge in (
        lambda tx: tx.merge_answer(code, ana, Answer("mini/01", note="x", updated_at=stamp)),
        lambda tx: tx.merge_action(code, ana, Action("x1", "Plan", updated_at=stamp)),
    ):
        with pytest.raises(StoreError, match=message), store.transaction() as tx:
            merge(tx)
    assert everything(store, code) == before


# -- field-level edits from pages, with a version check -----------------------------


def ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


def test_a_stale_tab_changing_the_level_keeps_the_other_tabs_note_and_level(store, workshop):
    code, _, ana = workshop
    first = store.save_edit(
        code, ana, AnswerEdit("mini/01", {"kind": "level", "level": 1, "note": "n0"}, 0, ago(10))
    )
    assert first.version == 1 and first.record == Answer("mini/01", AnswerKind.LEVEL, 1, "n0")
    # Tab A, on version 1, writes a note and evidence and flags the item.
    tab_a = store.save_edit(
        code,
        ana,
        AnswerEdit("mini/01", {"note": "A's note", "evidence": "A's proof"}, 1, ago(9)),
    )
    assert (tab_a.version, tab_a.conflicts) == (2, ())
    # Tab B still shows version 1 and changes only the level.
    tab_b = store.save_edit(
        code, ana, AnswerEdit("mini/01", {"kind": "level", "level": 3}, 1, ago(8))
    )
    assert tab_b.conflicts == ()
    assert tab_b.record == Answer("mini/01", AnswerKind.LEVEL, 3, "A's note", "A's proof")
    # Tab A, still on version 2, flags the item: B's level is not undone.
    again = store.save_edit(code, ana, AnswerEdit("mini/01", {"priority": True}, 2, ago(7)))
    assert again.record == Answer(
        "mini/01", AnswerKind.LEVEL, 3, "A's note", "A's proof", priority=True
    )
    assert again.version == 4
    [stored] = store.answers(code, ana)
    assert stored.answer == again.record and stored.answer.version == 4


def test_the_same_field_changed_in_two_tabs_keeps_both_texts(store, workshop):
    code, _, ana = workshop
    store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "start"}, 0, ago(10)))
    store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "from tab A"}, 1, ago(9)))
    # Tab B, on version 1, wrote later: its text is current, A's is the conflict.
    newer = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "from tab B"}, 1, ago(8)))
    assert newer.record.note == "from tab B"
    assert newer.conflicts == (Conflict("note", "from tab A", "mine"),)
    # A tab that wrote earlier but saves later does not win: its text is kept aside.
    older = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "slow tab C"}, 1, ago(8.5)))
    assert older.record.note == "from tab B" and older.version == newer.version
    assert older.conflicts == (Conflict("note", "from tab B", "other"),)
    texts = [entry.answer.note for entry in store.history(code, ana, "mini/01")]
    assert {"start", "from tab A", "from tab B", "slow tab C"} <= set(texts)
    assert store.history(code, ana, "mini/01")[-1].change is Change.KEPT_OLDER
    versions = store.note_versions(code, ana)["mini/01"]
    assert [(v.field, v.text) for v in versions] == [
        ("note", "slow tab C"),
        ("note", "from tab A"),
        ("note", "start"),
    ]


def test_a_first_edit_does_not_claim_the_fields_it_left_empty(store, workshop):
    code, _, ana = workshop
    # Two tabs on an empty answer: A writes a note, then B (which typed its evidence
    # later) saves first. A's note met only an empty field nobody typed: it is kept.
    evidence = store.save_edit(code, ana, AnswerEdit("mini/01", {"evidence": "B's"}, 0, ago(1)))
    note = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "A's"}, 0, ago(2)))
    assert (note.conflicts, note.version) == ((), evidence.version + 1)
    assert (note.record.note, note.record.evidence) == ("A's", "B's")


def test_a_new_action_does_not_claim_the_fields_it_left_empty(store, workshop):
    code, _, ana = workshop
    store.save_edit(code, ana, ActionEdit("a1", {"title": "Desk"}, 0, ago(1)))
    owner = store.save_edit(code, ana, ActionEdit("a1", {"owner": "Libraries"}, 0, ago(2)))
    assert owner.conflicts == () and owner.record.owner == "Libraries"


def test_a_level_met_by_another_tab_names_the_other_level(store, workshop):
    code, _, ana = workshop
    store.save_edit(code, ana, AnswerEdit("mini/01", {"kind": "level", "level": 1}, 0, ago(9)))
    store.save_edit(
        code, ana, AnswerEdit("mini/01", {"kind": "dont_know", "level": None}, 1, ago(8))
    )
    result = store.save_edit(
        code, ana, AnswerEdit("mini/01", {"kind": "level", "level": 2}, 1, ago(7))
    )
    assert result.conflicts == (Conflict("level", AnswerKind.DONT_KNOW, "mine"),)
    assert (result.record.kind, result.record.level) == (AnswerKind.LEVEL, 2)


def test_a_replayed_edit_never_overwrites_newer_data(store, workshop):
    code, _, ana = workshop
    old_answer = AnswerEdit("mini/01", {"note": "old", "priority": True}, 0, ago(10))
    store.save_edit(code, ana, old_answer)
    store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "new", "priority": False}, 1, ago(5)))
    replay = store.save_edit(code, ana, old_answer)
    assert (replay.record.note, replay.record.priority) == ("new", False)
    assert store.answers(code, ana)[0].answer.note == "new"

    created = ActionEdit("a1", {"title": "Forum", "owner": "Mayor"}, 0, ago(10))
    store.save_edit(code, ana, created)
    store.save_edit(code, ana, ActionDeletion("a1", 1, ago(6)))
    # The card's creation arrives again after its removal: it does not come back.
    assert store.save_edit(code, ana, created).record is None
    assert store.actions(code, ana) == []
    # Made again later: it starts again, after the removed card's versions.
    again = store.save_edit(code, ana, ActionEdit("a1", {"title": "Forum again"}, 0, ago(4)))
    assert again.version == 2 and again.record.owner == ""
    # The old removal arrives again: the newer card stays.
    kept = store.save_edit(code, ana, ActionDeletion("a1", 1, ago(6)))
    assert kept.record is not None and kept.record.title == "Forum again"
    assert [entry.action.title for entry in store.actions(code, ana)] == ["Forum again"]


def test_an_edit_writes_only_the_fields_it_carries(store, workshop):
    code, _, ana = workshop
    store.save_edit(
        code,
        ana,
        ActionEdit(
            "a1",
            {"title": "Forum", "start": date(2026, 3, 1), "due": date(2026, 9, 1)},
            0,
            ago(9),
        ),
    )
    store.save_edit(code, ana, ActionEdit("a1", {"owner": "Mayor"}, 1, ago(8)))
    result = store.save_edit(code, ana, ActionEdit("a1", {"status": "planned"}, 1, ago(7)))
    assert result.record == Action(
        "a1",
        "Forum",
        owner="Mayor",
        start=date(2026, 3, 1),
        due=date(2026, 9, 1),
        status=ActionStatus.PLANNED,
    )
    assert result.version == 3 and result.conflicts == ()


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (
            ActionEdit("a1", {"due": date(2026, 1, 1)}, 1, datetime.now(UTC)),
            "due",
            r"^The due date \(2026-01-01\) is before the start date \(2026-03-01\)",
        ),
        (
            AnswerEdit("mini/01", {"kind": "level", "level": 7}, 0, datetime.now(UTC)),
            "level",
            r"^7 is not a level of the scale “Maturity”",
        ),
        (
            AnswerEdit("mini/01", {"evidence": "x" * (MAX_TEXT + 1)}, 0, datetime.now(UTC)),
            "evidence",
            r"evidence of the answer to “mini/01” has 20,001 characters",
        ),
        (
            ActionEdit("a1", {"items": ("mini/99",)}, 1, datetime.now(UTC)),
            "items",
            r"linked items of the action “a1”: “mini/99” is not an item",
        ),
        (
            ActionEdit("a1", {"impact": 5}, 1, datetime.now(UTC)),
            "impact",
            r"impact of the action “a1” is 1, 2 or 3",
        ),
        (
            AnswerEdit("mini/99", {"note": "x"}, 0, datetime.now(UTC)),
            "",
            r"“mini/99” is not an item",
        ),
        (
            AnswerEdit("mini/01", {"note": "x"}, 0, datetime(2026, 1, 1)),
            "",
            r"has no time zone",
        ),
    ],
)
def test_a_refused_edit_names_its_field_and_writes_nothing(store, workshop, edit, field, message):
    code, _, ana = workshop
    store.save_edit(
        code,
        ana,
        ActionEdit(
            "a1", {"title": "Forum", "start": date(2026, 3, 1), "due": date(2026, 9, 1)}, 0, ago(5)
        ),
    )
    before = everything(store, code)
    with pytest.raises(ChangeRefused, match=message) as refused:
        store.save_edit(code, ana, edit)
    assert refused.value.field == field
    assert everything(store, code) == before


def test_removing_a_card_never_saved_is_not_an_error(store, workshop):
    code, _, ana = workshop
    result = store.save_edit(code, ana, ActionDeletion("never-saved", 0, ago(1)))
    assert (result.key, result.record, result.version) == ("action:never-saved", None, 0)


def test_an_edit_from_a_clock_ahead_counts_as_now(store, workshop):
    code, _, ana = workshop
    ahead = datetime.now(UTC) + timedelta(days=3)
    saved = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "ahead"}, 0, ahead))
    assert saved.record.updated_at <= datetime.now(UTC)
    # So a later edit from a correct clock, on a stale page, still wins.
    later = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "correct"}, 0, ago(-0.01)))
    assert later.record.note == "correct"


def test_a_lock_keeps_text_typed_before_it_and_counts_who_had_it_in_flight(store, workshop):
    code, key, ana = workshop
    bob, _ = store.join(code, "Bob", "Riga")
    typed_before = datetime.now(UTC) - timedelta(seconds=2)
    store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "saved in time"}, 0, ago(5)))
    info = store.set_locked(code, key, True)
    assert info.locked_at is not None and info.locked_at > typed_before
    assert store.saved_after_lock(code) == 0
    # Typed before the lock, arriving after it: kept.
    late = store.save_edit(code, ana, AnswerEdit("mini/02", {"note": "in flight"}, 0, typed_before))
    assert late.record.note == "in flight"
    store.save_edit(code, bob.id, ActionEdit("b1", {"title": "In flight too"}, 0, typed_before))
    # Typed after the lock: refused with a sentence, nothing written.
    with pytest.raises(ChangeRefused, match="locked the answers at") as refused:
        store.save_edit(
            code, ana, AnswerEdit("mini/03", {"note": "too late"}, 0, datetime.now(UTC))
        )
    assert refused.value.field == ""
    assert store.saved_after_lock(code) == 2
    assert [e.answer.item_id for e in store.answers(code, ana)] == ["mini/01", "mini/02"]
    unlocked = store.set_locked(code, key, False)
    assert unlocked.locked_at is None and store.saved_after_lock(code) == 0


def test_note_versions_list_earlier_texts_once_each_newest_first(store, workshop):
    code, _, ana = workshop
    for minutes, note in ((9, "one"), (8, "two"), (7, "one"), (6, "three")):
        store.save_edit(code, ana, AnswerEdit("mini/01", {"note": note}, 0, ago(minutes)))
    store.save_edit(code, ana, AnswerEdit("mini/01", {"evidence": "minutes"}, 0, ago(5)))
    store.save_edit(code, ana, AnswerEdit("mini/01", {"evidence": "report"}, 0, ago(4)))
    store.save_edit(code, ana, AnswerEdit("mini/02", {"note": "only"}, 0, ago(3)))
    versions = store.note_versions(code, ana)
    assert [(v.field, v.text) for v in versions["mini/01"]] == [
        ("evidence", "minutes"),
        ("note", "one"),
        ("note", "two"),
    ]
    assert versions["mini/01"][1].edited_at < versions["mini/01"][0].edited_at
    assert "mini/02" not in versions
    # Bringing one back is an ordinary edit.
    back = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "two"}, 0, ago(1)))
    assert back.record.note == "two"
    assert ("note", "three") in [
        (v.field, v.text) for v in store.note_versions(code, ana)["mini/01"]
    ]


def test_whole_record_saves_and_imports_count_versions_too(store, workshop):
    code, _, ana = workshop
    first = store.save_answer(code, ana, Answer("mini/01", note="one"))
    second = store.save_answer(code, ana, Answer("mini/01", note="two"))
    assert (first.version, second.version) == (1, 2)
    action = store.save_action(code, ana, Action("a1", "Forum"))
    assert action.version == 1
    assert store.save_action(code, ana, replace(action, owner="Mayor")).version == 2
    # A page on version 2 changes the note: no conflict with the whole-record saves.
    edited = store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "three"}, 2, ago(-0.01)))
    assert (edited.version, edited.conflicts) == (3, ())


# -- someone who joined twice -----------------------------------------------------------


def test_merging_someone_who_joined_twice_keeps_the_newer_answer_and_all_history(store, workshop):
    code, key, ana = workshop
    again = store.join(code, "Ana", "Athens", "City of Athens", "mentor")[0].id
    store.save_answer(code, ana, Answer("mini/01", AnswerKind.LEVEL, 1, note="first tab"))
    store.save_answer(code, again, Answer("mini/01", AnswerKind.LEVEL, 3, note="second tab"))
    store.save_answer(code, again, Answer("mini/02", note="only here"))
    store.save_action(code, again, Action("x1", "Housing desk"))
    outcomes = store.merge_participants(code, key, ana, again)
    assert (outcomes[MergeOutcome.ADDED], outcomes[MergeOutcome.UPDATED]) == (2, 1)
    assert [p.id for p in store.participants(code)] == [ana]
    current = {entry.answer.item_id: entry.answer.note for entry in store.answers(code)}
    assert current == {"mini/01": "second tab", "mini/02": "only here"}
    assert [entry.action.title for entry in store.actions(code, ana)] == ["Housing desk"]
    notes = {entry.answer.note for entry in store.history(code) if entry.answer}
    assert {"first tab", "second tab", "only here"} <= notes


def test_merging_participants_needs_the_key_and_two_people_of_the_session(store, workshop):
    code, key, ana = workshop
    again = store.join(code, "Ana", "Athens")[0].id
    before = everything(store, code)
    for call, message in (
        (lambda: store.merge_participants(code, "WRONG", ana, again), "key does not match"),
        (lambda: store.merge_participants(code, key, ana, ana), "two different participants"),
        (lambda: store.merge_participants(code, key, ana, 999), "no participant 999"),
    ):
        with pytest.raises(StoreError, match=message):
            call()
    assert everything(store, code) == before


def test_the_operator_removes_and_merges_without_a_key(store, workshop):
    from inclusion_widgets.store import OPERATOR

    code, _key, ana = workshop
    again = store.join(code, "Ana", "Athens")[0].id
    third = store.join(code, "Ana", "Athens")[0].id
    store.merge_participants(code, OPERATOR, ana, again)
    store.remove_participant(code, OPERATOR, third)
    assert [p.id for p in store.participants(code)] == [ana]


def test_a_new_store_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "private.sqlite"
    Store(f"sqlite:///{path}").close()
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes and set(modes.values()) == {0o600}, modes


def test_a_removed_participant_is_refused_not_left_retrying(store, workshop):
    code, key, ana = workshop
    store.remove_participant(code, key, ana)
    with pytest.raises(ChangeRefused, match=r"^There is no participant \d+ in the session"):
        store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "after removal"}, 0, ago(1)))


TAB_FIELDS = ("note", "evidence", "priority", "level")


def _tab(url: str, code: str, pid: int, field: str, start: Any, results: Any) -> None:
    """One tab of the same person, changing one field of the same answer over and over."""
    try:
        store = Store(url)
        start.wait()
        version = 0
        for n in range(30):
            if field == "level":
                fields: dict[str, Any] = {"kind": "level", "level": n % 4}
            else:
                fields = {field: n % 2 == 0 if field == "priority" else f"{field} {n}"}
            edit = AnswerEdit("mini/01", fields, version, datetime.now(UTC))
            version = store.save_edit(code, pid, edit).version
        store.close()
        results.put((field, None))
    except BaseException as error:
        results.put((field, repr(error)))


@pytest.mark.server  # processes racing
def test_tabs_saving_the_same_answer_at_once_never_undo_each_other(store_url, mini_framework):
    store = Store(store_url)
    info, _ = store.create_session(mini_framework, "Four tabs")
    person, _ = store.join(info.code, "Ana", "Riga")
    start, results = FORK.Event(), FORK.Queue()
    tabs = [
        FORK.Process(target=_tab, args=(store_url, info.code, person.id, name, start, results))
        for name in TAB_FIELDS
    ]
    for process in tabs:
        process.start()
    start.set()
    reports = dict(results.get(timeout=300) for _ in tabs)
    for process in tabs:
        process.join(timeout=30)
    assert {name: error for name, error in reports.items() if error} == {}
    [saved] = store.answers(info.code, person.id)
    # Each tab's last value of its own field, whatever the others wrote meanwhile.
    assert saved.answer == Answer(
        "mini/01", AnswerKind.LEVEL, 29 % 4, "note 29", "evidence 29", priority=False
    )
    assert saved.answer.version == 4 * 30
    saves = [e for e in store.history(info.code, person.id) if e.change is Change.SAVE]
    assert len(saves) == 4 * 30
    store.close()


def test_the_personal_link_of_someone_merged_away_opens_the_one_kept(store, workshop):
    code, key, _ana = workshop
    first, token = store.join(code, "Bo", "Riga")
    again, _token = store.join(code, "Bo", "Riga")
    store.merge_participants(code, key, again.id, first.id)
    assert store.resume(code, token).id == again.id
    store.remove_participant(code, key, again.id)
    with pytest.raises(StoreError, match="was removed from the session"):
        store.resume(code, token)


def test_joins_with_the_same_details_are_pointed_out_as_likely_duplicates(store, workshop):
    from inclusion_widgets.store.duplicates import likely_duplicates

    code, _key, ana = workshop
    same = store.join(code, " ana ", "ATHENS", "city of  athens", "Mentor")[0]
    store.join(code, "Ana", "Riga")
    groups = likely_duplicates(store.participants(code))
    assert [[p.id for p in group] for group in groups] == [[ana, same.id]]


def test_the_facilitator_pairs_people_across_rounds_and_the_pair_is_kept(
    store: Store, mini_framework: Framework
):
    info, key = store.create_session(mini_framework, "Baseline", "Riga", "Lyon")
    followup, followup_key = store.create_followup(info.code, key, "Follow-up")
    zoe, _ = store.join(info.code, "Zoe", "Lyon", "", "mentee")
    ana, _ = store.join(info.code, "Ana", "Riga", "", "mentor")
    zoe_anne, _ = store.join(followup.code, "Zoé-Anne", "Lyon", "", "mentee")
    store.pair_across_rounds(followup.code, followup_key, zoe.id, zoe_anne.id)
    assert store.round_pairs(followup.code) == [(zoe.id, zoe_anne.id)]
    # Pairing Zoé-Anne again replaces her pair: one person has one match.
    store.pair_across_rounds(followup.code, followup_key, ana.id, zoe_anne.id)
    assert store.round_pairs(followup.code) == [(ana.id, zoe_anne.id)]
    history = store.history(followup.code)
    assert [entry.change for entry in history].count(Change.PAIR) == 2
    # Only with the follow-up's key, and only people of the two rounds.
    with pytest.raises(StoreError):
        store.pair_across_rounds(followup.code, key, zoe.id, zoe_anne.id)
    with pytest.raises(StoreError):
        store.pair_across_rounds(followup.code, followup_key, zoe_anne.id, zoe_anne.id)
    with pytest.raises(StoreError):
        store.pair_across_rounds(info.code, key, zoe.id, zoe_anne.id)
    assert store.round_pairs(followup.code) == [(ana.id, zoe_anne.id)]
