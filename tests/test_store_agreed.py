"""What the group agreed per item, in the store: recorded by the facilitator or the
note-taker, saved field by field with versions, every state kept in the history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from inclusion_widgets.edits import AgreedEdit, AnswerEdit, Conflict
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import MAX_TEXT, AgreedResult, AnswerKind
from inclusion_widgets.store import Change, ChangeRefused, MergeOutcome, Store, StoreError, Subject
from inclusion_widgets.store.models import Recorder


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def room(store: Store, mini_framework: Framework) -> tuple[str, Recorder, int, int]:
    """A session with two participants, Ana and Bo: (code, facilitator, Ana's id, Bo's id)."""
    info, key = store.create_session(mini_framework, "Athens mentors Riga", "Athens", "Riga")
    ana, _ = store.join(info.code, "Ana", "Athens", "City of Athens", "mentor")
    bo, _ = store.join(info.code, "Bo", "Riga", "City of Riga", "mentee")
    return info.code, Recorder(key=key), ana.id, bo.id


def ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


def agreed_history(store: Store, code: str) -> list[AgreedResult]:
    return [
        entry.agreed
        for entry in store.history(code)
        if entry.subject is Subject.AGREED and entry.agreed is not None
    ]


def test_the_facilitator_records_an_agreed_level_with_reasoning_evidence_and_revisit(store, room):
    code, facilitator, _, _ = room
    result = store.save_agreed(
        code,
        facilitator,
        AgreedEdit(
            "mini/01",
            {
                "kind": "level",
                "level": 2,
                "reasoning": "A desk exists, no budget yet.",
                "evidence": "Council decision 12/2025",
                "revisit": True,
            },
            0,
            ago(1),
        ),
    )
    assert (result.key, result.version) == ("agreed:mini/01", 1)
    assert result.record == AgreedResult(
        "mini/01",
        AnswerKind.LEVEL,
        2,
        "A desk exists, no budget yet.",
        "Council decision 12/2025",
        revisit=True,
        recorded_by="Facilitator",
    )
    [stored] = store.agreed(code)
    assert stored == result.record and stored.version == 1 and stored.updated_at is not None


def test_dont_know_and_not_agreed_yet_carry_no_level(store, room):
    code, facilitator, _, _ = room
    store.save_agreed(
        code, facilitator, AgreedEdit("mini/01", {"kind": "dont_know", "level": None}, 0, ago(2))
    )
    back = store.save_agreed(
        code, facilitator, AgreedEdit("mini/01", {"kind": "unanswered", "level": None}, 1, ago(1))
    )
    assert (back.record.kind, back.record.level, back.record.is_agreed) == (
        AnswerKind.UNANSWERED,
        None,
        False,
    )
    assert [r.kind for r in agreed_history(store, code)] == [
        AnswerKind.DONT_KNOW,
        AnswerKind.UNANSWERED,
    ]


def test_a_named_note_taker_records_and_is_named_as_its_recorder(store, room):
    code, facilitator, _, bo = room
    info = store.set_note_taker(code, facilitator.key, bo)
    assert info.note_taker_id == bo and store.session(code).note_taker_id == bo
    result = store.save_agreed(
        code, Recorder(participant_id=bo), AgreedEdit("mini/02", {"reasoning": "Later"}, 0, ago(1))
    )
    assert result.record.recorded_by == "Bo"
    [entry] = [e for e in store.history(code) if e.subject is Subject.AGREED]
    assert entry.participant_id == bo and entry.change is Change.SAVE
    # The note-taker's own page saves through the participants' path as well.
    again = store.save_edit(code, bo, AgreedEdit("mini/02", {"revisit": True}, 1, ago(0)))
    assert (again.record.reasoning, again.record.revisit, again.version) == ("Later", True, 2)


def test_only_the_facilitator_or_the_note_taker_records_and_a_refusal_is_a_sentence(store, room):
    code, facilitator, ana, bo = room
    store.set_note_taker(code, facilitator.key, bo)
    edit = AgreedEdit("mini/01", {"reasoning": "Mine"}, 0, ago(1))
    with pytest.raises(ChangeRefused, match=r"^Only the facilitator, or the participant"):
        store.save_agreed(code, Recorder(participant_id=ana), edit)
    with pytest.raises(ChangeRefused, match="facilitator key does not match"):
        store.save_agreed(code, Recorder(key="not-the-key"), edit)
    # Naming someone else takes the right away from the earlier note-taker.
    store.set_note_taker(code, facilitator.key, ana)
    with pytest.raises(ChangeRefused, match=r"^Only the facilitator"):
        store.save_agreed(code, Recorder(participant_id=bo), edit)
    assert store.agreed(code) == []
    with pytest.raises(StoreError, match="facilitator key does not match"):
        store.set_note_taker(code, "not-the-key", bo)
    with pytest.raises(StoreError, match="There is no participant 999"):
        store.set_note_taker(code, facilitator.key, 999)


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (
            AgreedEdit("mini/01", {"kind": "level", "level": 7}, 0, datetime.now(UTC)),
            "level",
            r"^7 is not a level of the scale “Maturity”",
        ),
        (
            AgreedEdit("mini/01", {"reasoning": "x" * (MAX_TEXT + 1)}, 0, datetime.now(UTC)),
            "reasoning",
            r"reasoning of the agreed result for “mini/01” has 20,001 characters",
        ),
        (
            AgreedEdit("mini/99", {"reasoning": "x"}, 0, datetime.now(UTC)),
            "",
            r"“mini/99” is not a scored item",
        ),
        (
            AgreedEdit("mini/01", {"revisit": "often"}, 0, datetime.now(UTC)),
            "revisit",
            r"revisit flag of the agreed result for “mini/01” is yes or no",
        ),
        (
            AgreedEdit("mini/01", {"reasoning": "x"}, 0, datetime(2026, 1, 1)),
            "",
            r"has no time zone",
        ),
    ],
)
def test_a_refused_agreed_edit_names_its_field_and_writes_nothing(
    store, room, edit, field, message
):
    code, facilitator, _, _ = room
    before = (store.agreed(code), store.history(code))
    with pytest.raises(ChangeRefused, match=message) as refused:
        store.save_agreed(code, facilitator, edit)
    assert refused.value.field == field
    assert (store.agreed(code), store.history(code)) == before


def test_facilitator_and_note_taker_on_one_item_keep_both_texts(store, room):
    code, facilitator, _, bo = room
    store.set_note_taker(code, facilitator.key, bo)
    note_taker = Recorder(participant_id=bo)
    store.save_agreed(code, facilitator, AgreedEdit("mini/01", {"reasoning": "start"}, 0, ago(10)))
    # Both pages show version 1; the note-taker sets the level, the facilitator the text.
    level = store.save_agreed(
        code, note_taker, AgreedEdit("mini/01", {"kind": "level", "level": 3}, 1, ago(9))
    )
    assert level.conflicts == ()
    text = store.save_agreed(
        code, facilitator, AgreedEdit("mini/01", {"reasoning": "From the facilitator"}, 1, ago(8))
    )
    assert text.conflicts == ()
    assert (text.record.level, text.record.reasoning) == (3, "From the facilitator")
    # The note-taker, still on version 2, typed other reasoning earlier: it does not win,
    # and it is kept in the history.
    slow = store.save_agreed(
        code, note_taker, AgreedEdit("mini/01", {"reasoning": "Note-taker's words"}, 2, ago(8.5))
    )
    assert slow.record.reasoning == "From the facilitator" and slow.version == text.version
    assert slow.conflicts == (Conflict("reasoning", "From the facilitator", "other"),)
    kept = [r.reasoning for r in agreed_history(store, code)]
    assert {"start", "From the facilitator", "Note-taker's words"} <= set(kept)
    assert store.history(code)[-1].change is Change.KEPT_OLDER


def test_a_replayed_agreed_edit_never_overwrites_a_newer_one(store, room):
    code, facilitator, _, _ = room
    old = AgreedEdit("mini/01", {"kind": "level", "level": 1, "revisit": True}, 0, ago(10))
    store.save_agreed(code, facilitator, old)
    store.save_agreed(
        code,
        facilitator,
        AgreedEdit("mini/01", {"kind": "level", "level": 2, "revisit": False}, 1, ago(5)),
    )
    replay = store.save_agreed(code, facilitator, old)
    assert (replay.record.level, replay.record.revisit) == (2, False)
    [stored] = store.agreed(code)
    assert (stored.level, stored.revisit, stored.version) == (2, False, 2)


def test_a_locked_session_still_takes_what_the_group_agreed(store, room):
    code, facilitator, ana, _ = room
    store.set_locked(code, facilitator.key, True)
    with pytest.raises(ChangeRefused, match="locked"):
        store.save_edit(code, ana, AnswerEdit("mini/01", {"note": "late"}, 0, ago(-1)))
    result = store.save_agreed(
        code, facilitator, AgreedEdit("mini/01", {"kind": "level", "level": 2}, 0, ago(0))
    )
    assert result.record.level == 2


def test_an_imported_agreed_result_merges_by_time_and_keeps_the_older_in_history(store, room):
    code, facilitator, _, _ = room
    store.save_agreed(
        code, facilitator, AgreedEdit("mini/01", {"kind": "level", "level": 2}, 0, ago(1))
    )
    # Times from another computer: within the clock skew the store allows.
    older = AgreedResult("mini/01", AnswerKind.LEVEL, 1, "older", updated_at=ago(3))
    newer = AgreedResult("mini/02", AnswerKind.NOT_APPLICABLE, None, "new", updated_at=ago(0.5))
    with store.transaction() as tx:
        assert tx.merge_agreed(code, older) is MergeOutcome.SKIPPED
        assert tx.merge_agreed(code, newer) is MergeOutcome.ADDED
    agreed = {result.item_id: result for result in store.agreed(code)}
    assert agreed["mini/01"].level == 2 and agreed["mini/02"] == newer
    assert "older" in [r.reasoning for r in agreed_history(store, code)]
