"""The participant's autosaver against a real store: each record saved on its own."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from inclusion_widgets.app.autosave import Autosaver, SaveState, SaveStatus
from inclusion_widgets.edits import ActionDeletion, ActionEdit, AnswerEdit, SaveResult
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.store import ChangeRefused, Store, StoreError
from tests.pg_server import PostgresServer, start_postgres

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


class Page:
    """What the page hears from its autosaver."""

    def __init__(self) -> None:
        self.statuses: list[SaveStatus] = []
        self.saved: list[SaveResult] = []
        self.refused: list[tuple[str, str, str]] = []

    def saver(self, store: Store, code: str, participant_id: int) -> Autosaver:
        return Autosaver(
            lambda edit: store.save_edit(code, participant_id, edit),
            self.statuses.append,
            self.saved.append,
            lambda key, error: self.refused.append((key, error.field, error.message)),
            clock=lambda: datetime(2026, 5, 4, 14, 3),
        )


def workshop(store: Store, framework: Framework) -> tuple[str, int]:
    info, _key = store.create_session(framework, "Autosave")
    person, _token = store.join(info.code, "Ana", "Riga")
    return info.code, person.id


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'autosave.sqlite'}")
    yield store
    store.close()


def test_a_refused_action_does_not_hold_back_the_notes_typed_after_it(sqlite_store, mini_framework):
    code, pid = workshop(sqlite_store, mini_framework)
    page = Page()
    saver = page.saver(sqlite_store, code, pid)
    saver.add(
        ActionEdit(
            "a1",
            {"title": "Forum", "start": date(2026, 9, 1), "due": date(2026, 3, 1)},
            0,
            at(1),
        )
    )
    saver.add(AnswerEdit("mini/01", {"note": "typed after"}, 0, at(2)))
    saver.add(AnswerEdit("mini/02", {"note": "and this"}, 0, at(3)))
    assert saver.flush()
    notes = {e.answer.item_id: e.answer.note for e in sqlite_store.answers(code, pid)}
    assert notes == {"mini/01": "typed after", "mini/02": "and this"}
    assert page.refused == [
        ("action:a1", "due", page.refused[0][2]),
    ]
    assert "due date" in page.refused[0][2] and "start date" in page.refused[0][2]
    assert saver.status.state is SaveState.SAVED
    assert saver.status.text.startswith("1 change not saved: The due date")
    assert "retrying" not in saver.status.text
    # Not sent again on its own...
    assert saver.pending == ()
    assert saver.flush() and sqlite_store.actions(code, pid) == []
    # ...but with the person's correction, together with what it carried.
    saver.add(ActionEdit("a1", {"due": date(2026, 12, 1)}, 0, at(4)))
    assert saver.flush()
    (kept,) = sqlite_store.actions(code, pid)
    assert (kept.action.title, kept.action.due) == ("Forum", date(2026, 12, 1))
    assert saver.refused == {} and saver.status.text == "Saved 14:03"


def test_an_action_added_and_removed_within_the_pause_is_not_an_error(sqlite_store, mini_framework):
    code, pid = workshop(sqlite_store, mini_framework)
    page = Page()
    saver = page.saver(sqlite_store, code, pid)
    saver.add(ActionEdit("a1", {"title": "Gone soon"}, 0, at(1)))
    saver.add(ActionDeletion("a1", 0, at(2)))
    saver.add(AnswerEdit("mini/01", {"note": "kept"}, 0, at(3)))
    assert saver.flush()
    assert page.refused == []
    assert saver.status.text == "Saved 14:03"
    assert sqlite_store.actions(code, pid) == []
    assert [e.answer.note for e in sqlite_store.answers(code, pid)] == ["kept"]
    assert {result.key: result.record for result in page.saved}["action:a1"] is None


def test_a_new_edit_of_a_record_saving_now_is_based_on_what_was_just_saved(
    sqlite_store, mini_framework
):
    code, pid = workshop(sqlite_store, mini_framework)
    saver: Autosaver

    def save(edit):
        result = sqlite_store.save_edit(code, pid, edit)
        if edit.fields.get("note") == "first":
            saver.add(AnswerEdit("mini/01", {"note": "second"}, 0, at(2)))
        return result

    page = Page()
    saver = Autosaver(save, page.statuses.append, page.saved.append)
    saver.add(AnswerEdit("mini/01", {"note": "first"}, 0, at(1)))
    saver.flush()
    assert saver.flush()
    assert [result.conflicts for result in page.saved] == [(), ()]
    assert sqlite_store.answers(code, pid)[0].answer.note == "second"


@pytest.mark.server  # the save must come within a time window
def test_edits_are_saved_after_the_pause_when_an_event_loop_runs(sqlite_store, mini_framework):
    code, pid = workshop(sqlite_store, mini_framework)
    page = Page()

    async def typing() -> None:
        saver = Autosaver(
            lambda edit: sqlite_store.save_edit(code, pid, edit),
            page.statuses.append,
            delay=0.05,
        )
        saver.add(AnswerEdit("mini/01", {"note": "from the loop"}, 0, at(1)))
        assert saver.status.text == "Saving..."
        for _ in range(100):
            await asyncio.sleep(0.02)
            if saver.status.state is SaveState.SAVED:
                break

    asyncio.run(typing())
    assert page.statuses[-1].state is SaveState.SAVED
    assert sqlite_store.answers(code, pid)[0].answer.note == "from the loop"


def test_a_failure_that_is_not_a_refusal_keeps_the_edit_and_retries():
    statuses: list[SaveStatus] = []
    attempts: list[AnswerEdit] = []

    def save(edit):
        attempts.append(edit)
        if len(attempts) == 1:
            raise OSError("disk unavailable")
        return SaveResult("answer:mini/01", None, 1)

    saver = Autosaver(save, statuses.append, clock=lambda: datetime(2026, 5, 4, 14, 3))
    saver.add(AnswerEdit("mini/01", {"note": "first"}, 0, at(1)))
    saver.add(AnswerEdit("mini/01", {"note": "first draft, longer"}, 0, at(2)))
    assert len(saver.pending) == 1
    assert not saver.flush()
    assert statuses[-1].text == "Not saved - retrying"
    assert saver.pending == (AnswerEdit("mini/01", {"note": "first draft, longer"}, 0, at(2)),)
    assert saver.flush()
    assert statuses[-1].text == "Saved 14:03"
    assert saver.pending == ()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own, to stop and start under a store."""
    try:
        server = start_postgres()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.mark.postgres
def test_an_unreachable_store_keeps_every_edit_and_saves_it_when_back(own_postgres, mini_framework):
    store = Store(own_postgres.new_database())
    code, pid = workshop(store, mini_framework)
    page = Page()
    saver = page.saver(store, code, pid)
    saver.add(AnswerEdit("mini/01", {"note": "typed before"}, 0, at(1)))
    assert saver.flush()
    own_postgres.pause()
    try:
        saver.add(AnswerEdit("mini/01", {"note": "typed while away"}, 1, at(2)))
        saver.add(ActionEdit("a1", {"title": "Drafted while away"}, 0, at(3)))
        assert not saver.flush()
        assert saver.status.text == "Not saved - retrying"
        assert "could not be reached" in saver.status.problem
        assert len(saver.pending) == 2 and page.refused == []
    finally:
        own_postgres.resume()
    assert saver.flush()
    assert saver.status.text == "Saved 14:03"
    assert store.answers(code, pid)[0].answer.note == "typed while away"
    assert [e.action.title for e in store.actions(code, pid)] == ["Drafted while away"]
    store.close()


def test_a_refusal_is_a_store_error_with_the_field_to_show_it_at(sqlite_store, mini_framework):
    code, pid = workshop(sqlite_store, mini_framework)
    with pytest.raises(ChangeRefused) as refused:
        sqlite_store.save_edit(code, pid, AnswerEdit("mini/01", {"note": "x" * 20_001}, 0, at(1)))
    assert isinstance(refused.value, StoreError)
    assert refused.value.field == "note"
