"""The group's plan and the votes, in the store: drafts taken and merged into plan
actions that keep their proposers, edits field by field with history, votes within
each participant's number."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from inclusion_widgets.edits import Conflict, PlanEdit
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, ActionStatus, PlanAction
from inclusion_widgets.store import Change, ChangeRefused, Store, Subject
from inclusion_widgets.store.models import Recorder


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def room(store: Store, mini_framework: Framework) -> tuple[str, Recorder, int, int]:
    """Ana and Bo, each with a draft action: (code, facilitator, Ana's id, Bo's id)."""
    info, key = store.create_session(mini_framework, "Athens mentors Riga", "Athens", "Riga")
    ana, _ = store.join(info.code, "Ana", "Athens")
    bo, _ = store.join(info.code, "Bo", "Riga")
    store.save_action(
        info.code,
        ana.id,
        Action("a1", "One-stop desk", "A desk for newcomers", ("mini/01",), owner="City"),
    )
    store.save_action(
        info.code,
        bo.id,
        Action("b1", "Welcome desk", "Open on Saturdays", ("mini/02",), due=date(2027, 6, 1)),
    )
    store.save_action(info.code, bo.id, Action("b2", "Language cafe", items=("mini/03",)))
    return info.code, Recorder(key=key), ana.id, bo.id


def ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


def plan_history(store: Store, code: str) -> list[tuple[Change, PlanAction]]:
    return [
        (entry.change, entry.plan)
        for entry in store.history(code)
        if entry.subject is Subject.PLAN and entry.plan is not None
    ]


def test_a_draft_taken_into_the_plan_keeps_its_fields_and_its_proposer(store, room):
    code, facilitator, ana, _ = room
    result = store.take_into_plan(code, facilitator, [(ana, "a1")])
    plan = result.record
    assert isinstance(plan, PlanAction) and result.key == f"plan:{plan.id}"
    assert (plan.title, plan.description, plan.items, plan.owner) == (
        "One-stop desk",
        "A desk for newcomers",
        ("mini/01",),
        "City",
    )
    assert (plan.drafts, plan.proposed_by, plan.status, plan.version) == (
        ("a1",),
        ("Ana",),
        ActionStatus.PLANNED,
        1,
    )
    assert store.plan(code) == [plan]
    assert [change for change, _ in plan_history(store, code)] == [Change.TAKE]


def test_merged_drafts_make_one_plan_action_that_lists_every_proposer(store, room):
    code, facilitator, ana, bo = room
    merged = store.take_into_plan(code, facilitator, [(ana, "a1"), (bo, "b1")]).record
    assert (merged.title, merged.proposed_by, merged.drafts) == (
        "One-stop desk",
        ("Ana", "Bo"),
        ("a1", "b1"),
    )
    assert merged.items == ("mini/01", "mini/02")
    assert merged.description == "A desk for newcomers\n\nOpen on Saturdays"
    assert merged.due == date(2027, 6, 1)  # taken from the draft that had one
    # A later merge into it keeps everyone who proposed before.
    again = store.take_into_plan(code, facilitator, [(bo, "b2")], into=merged.id).record
    assert (again.proposed_by, again.drafts, again.version) == (
        ("Ana", "Bo"),
        ("a1", "b1", "b2"),
        2,
    )
    assert again.items == ("mini/01", "mini/02", "mini/03")
    [stored] = store.plan(code)
    assert stored.proposed_by == ("Ana", "Bo")


def test_two_plan_actions_that_say_the_same_thing_become_one(store, room):
    code, facilitator, ana, bo = room
    desk = store.take_into_plan(code, facilitator, [(ana, "a1")]).record
    welcome = store.take_into_plan(code, facilitator, [(bo, "b1")]).record
    store.vote(code, ana, "draft:b1")
    merged = store.merge_plan_actions(code, facilitator, keep=desk.id, other=welcome.id).record
    assert (merged.id, merged.title, merged.owner, merged.due) == (
        desk.id,
        "One-stop desk",
        "City",
        date(2027, 6, 1),  # the kept action had no due date: the other's is taken
    )
    assert (merged.drafts, merged.proposed_by, merged.items, merged.version) == (
        ("a1", "b1"),
        ("Ana", "Bo"),
        ("mini/01", "mini/02"),
        2,
    )
    assert merged.description == "A desk for newcomers\n\nOpen on Saturdays"
    assert store.plan(code) == [merged]
    # The vote on the other action's draft now counts for the one kept.
    assert store.tally(code).counts["draft:b1"] == 1 and "b1" in merged.drafts
    changes = [(change, plan.id) for change, plan in plan_history(store, code)]
    assert changes[-2:] == [(Change.DELETE, welcome.id), (Change.MERGE, desk.id)]
    with pytest.raises(ChangeRefused, match="no longer in the plan"):
        store.merge_plan_actions(code, facilitator, keep=desk.id, other=welcome.id)
    with pytest.raises(ChangeRefused, match="into itself"):
        store.merge_plan_actions(code, facilitator, keep=desk.id, other=desk.id)
    with pytest.raises(ChangeRefused):
        store.merge_plan_actions(code, Recorder(participant_id=bo), keep=desk.id, other=desk.id)
    assert store.plan(code) == [merged]


def test_a_draft_already_in_the_plan_is_refused_with_a_sentence(store, room):
    code, facilitator, ana, bo = room
    store.take_into_plan(code, facilitator, [(ana, "a1")])
    with pytest.raises(ChangeRefused, match="“One-stop desk” is already in the plan"):
        store.take_into_plan(code, facilitator, [(bo, "b1"), (ana, "a1")])
    with pytest.raises(ChangeRefused, match="no longer in the session"):
        store.take_into_plan(code, facilitator, [(ana, "nope")])
    assert len(store.plan(code)) == 1


def test_plan_edits_merge_field_by_field_and_a_stale_one_never_overwrites(store, room):
    code, facilitator, ana, bo = room
    store.set_note_taker(code, facilitator.key, bo)
    note_taker = Recorder(participant_id=bo)
    plan = store.take_into_plan(code, facilitator, [(ana, "a1")]).record
    # Both pages showed version 1; they change different fields: both are kept.
    store.save_plan(code, facilitator, PlanEdit(plan.id, {"owner": "Mayor's office"}, 1, ago(3)))
    saved = store.save_plan(
        code, note_taker, PlanEdit(plan.id, {"status": "in_progress"}, 1, ago(2))
    )
    assert (saved.record.owner, saved.record.status) == ("Mayor's office", ActionStatus.IN_PROGRESS)
    assert saved.record.recorded_by == "Bo"
    # A stale page (version 1) typed an older owner: the newer one stays, the older is kept.
    stale = store.save_plan(code, note_taker, PlanEdit(plan.id, {"owner": "Old"}, 1, ago(4)))
    assert stale.record.owner == "Mayor's office"
    assert stale.conflicts == (Conflict("owner", "Mayor's office", "other"),)
    history = plan_history(store, code)
    assert [change for change, _ in history] == [
        Change.TAKE,
        Change.SAVE,
        Change.SAVE,
        Change.KEPT_OLDER,
    ]
    assert history[-1][1].owner == "Old" and history[-1][1].proposed_by == ("Ana",)


def test_a_refused_plan_edit_names_its_field_and_only_recorders_may_edit(store, room):
    code, facilitator, ana, _bo = room
    plan = store.take_into_plan(code, facilitator, [(ana, "a1")]).record
    store.save_plan(code, facilitator, PlanEdit(plan.id, {"start": date(2027, 3, 1)}, 1, ago(2)))
    with pytest.raises(ChangeRefused) as refused:
        store.save_plan(code, facilitator, PlanEdit(plan.id, {"due": date(2027, 1, 1)}, 2, ago(1)))
    assert refused.value.field == "due" and "before the start date" in refused.value.message
    with pytest.raises(ChangeRefused, match=r"^Only the facilitator"):
        store.save_plan(
            code, Recorder(participant_id=ana), PlanEdit(plan.id, {"owner": "x"}, 2, ago(0))
        )
    with pytest.raises(ChangeRefused, match=r"^Only the facilitator"):
        store.take_into_plan(code, Recorder(participant_id=ana), [(ana, "a1")])
    assert store.plan(code)[0].due is None


def test_a_removed_plan_action_stays_in_the_history_and_its_drafts_can_be_taken_again(store, room):
    code, facilitator, ana, bo = room
    plan = store.take_into_plan(code, facilitator, [(ana, "a1"), (bo, "b1")]).record
    store.remove_from_plan(code, facilitator, plan.id)
    store.remove_from_plan(code, facilitator, plan.id)  # gone already: not an error
    assert store.plan(code) == []
    assert plan_history(store, code)[-1] == (Change.DELETE, plan)
    assert store.take_into_plan(code, facilitator, [(bo, "b1")]).record.proposed_by == ("Bo",)


def test_votes_stay_within_each_participants_number_and_can_be_taken_back(store, room):
    code, _facilitator, ana, bo = room
    assert store.session(code).votes_each == 3
    for target in ("gap:mini/01", "gap:mini/01", "draft:b1"):
        store.vote(code, ana, target)
    with pytest.raises(ChangeRefused) as refused:
        store.vote(code, ana, "draft:a1")
    assert refused.value.field == "draft:a1"
    assert refused.value.message.startswith("You have no votes left (each person has 3).")
    # Changing her mind: one back from the gap, then the draft she wanted.
    assert store.vote(code, ana, "gap:mini/01", -1).votes == 1
    store.vote(code, ana, "draft:a1")
    store.vote(code, bo, "draft:b1")
    tally = store.tally(code)
    assert tally.counts == {"gap:mini/01": 1, "draft:b1": 2, "draft:a1": 1}
    assert (tally.left(ana), tally.left(bo)) == (0, 2)
    with pytest.raises(ChangeRefused, match="no vote on this to take back"):
        store.vote(code, bo, "gap:mini/02", -1)
    with pytest.raises(ChangeRefused, match="nothing to vote for"):
        store.vote(code, bo, "draft:nope")
    votes = [e for e in store.history(code) if e.subject is Subject.VOTE]
    assert len(votes) == 6 and votes[3].subject_id == "gap:mini/01"


def test_the_facilitator_sets_the_number_of_votes_and_a_removed_persons_votes_go(store, room):
    code, facilitator, ana, bo = room
    assert store.set_votes_each(code, facilitator.key, 1).votes_each == 1
    store.vote(code, bo, "gap:mini/02")
    with pytest.raises(ChangeRefused, match=r"no votes left \(each person has 1\)"):
        store.vote(code, bo, "gap:mini/03")
    with pytest.raises(ChangeRefused, match="0 to 20 votes"):
        store.set_votes_each(code, facilitator.key, 99)
    store.vote(code, ana, "gap:mini/02")
    store.remove_participant(code, facilitator.key, bo)
    assert store.tally(code).counts == {"gap:mini/02": 1}


def test_two_tabs_voting_at_the_same_moment_never_go_beyond_the_number(store, store_url, room):
    import threading

    from inclusion_widgets.store.voting import vote

    code, facilitator, ana, _ = room
    assert facilitator.key is not None
    store.set_votes_each(code, facilitator.key, 1)
    other_tab = Store(store_url)
    outcome: dict[str, object] = {}

    def vote_in_the_other_tab() -> None:
        try:
            outcome["vote"] = other_tab.vote(code, ana, "gap:mini/02")
        except ChangeRefused as refused:
            outcome["refused"] = refused

    with store.transaction() as tx:
        vote(tx, code, ana, "gap:mini/01", 1, datetime.now(UTC))
        tab = threading.Thread(target=vote_in_the_other_tab)
        tab.start()
        # The other tab's vote must wait for this one to be counted, not go ahead beside it.
        tab.join(timeout=1.0)
    tab.join(timeout=60)
    other_tab.close()
    assert "refused" in outcome, outcome
    assert sum(each.votes for _person, each in store.votes(code)) == 1


def test_merging_someone_who_joined_twice_keeps_their_votes_within_the_number(store, room):
    code, facilitator, ana, bo = room
    assert facilitator.key is not None
    store.vote(code, ana, "gap:mini/01")
    store.vote(code, ana, "gap:mini/02")
    store.vote(code, bo, "gap:mini/01")
    store.vote(code, bo, "gap:mini/01")
    store.merge_participants(code, facilitator.key, ana, bo)
    kept = {(person, each.target): each.votes for person, each in store.votes(code)}
    # Ana had 2 of her 3 votes: one of Bo's two comes with the merge.
    assert kept == {(ana, "gap:mini/01"): 2, (ana, "gap:mini/02"): 1}
