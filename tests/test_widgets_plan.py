"""The group-plan widget and the participants' vote board, driven from Python and by the
messages their pages send."""

from __future__ import annotations

from datetime import UTC, date, datetime

from inclusion_widgets.edits import PlanEdit, SaveResult
from inclusion_widgets.records import Action, ActionStatus, AgreedResult, AnswerKind, PlanAction
from inclusion_widgets.widgets.group_plan import Draft, GroupPlan
from inclusion_widgets.widgets.votes import VoteBoard
from tests.widget_page import NOW, Page

DRAFTS = [
    Draft(1, "Ana", Action("a1", "One-stop desk", items=("mini/01",))),
    Draft(2, "Bo", Action("b1", "Welcome desk")),
]
AGREED = [
    AgreedResult("mini/01", AnswerKind.LEVEL, 0),  # the lowest level: a gap
    AgreedResult("mini/02", AnswerKind.LEVEL, 3),  # the highest: not a gap
    AgreedResult("mini/03", AnswerKind.LEVEL, 3, revisit=True),  # flagged: a gap
]
PLANNED = PlanAction(
    "p1", title="Desk", drafts=("b1",), proposed_by=("Bo",), recorded_by="Facilitator", version=1
)


def test_the_page_lists_open_gaps_and_drafts_by_votes_and_sends_take_and_merge(mini_framework):
    widget = GroupPlan(mini_framework)
    widget.load([PLANNED])
    widget.show_room(DRAFTS, AGREED, {"gap:mini/03": 2, "draft:a1": 1})
    assert [gap["item"] for gap in widget.gaps] == ["mini/03", "mini/01"]
    assert [(d["id"], d["who"], d["votes"], d["in_plan"]) for d in widget.drafts] == [
        ("a1", "Ana", 1, ""),
        ("b1", "Bo", 0, "p1"),
    ]
    taken: list = []
    widget.on_take(lambda drafts, into: taken.append((drafts, into)))
    page = Page(widget)
    page.send(type="take", drafts=[[1, "a1"]], into=None)
    page.send(type="take", drafts=[[1, "a1"], [2, "b1"]], into=None)
    assert taken == [([(1, "a1")], None), ([(1, "a1"), (2, "b1")], None)]


def test_a_gap_is_listed_until_a_plan_action_answers_it(mini_framework):
    widget = GroupPlan(mini_framework)
    widget.show_room(DRAFTS, AGREED, {})
    assert [gap["item"] for gap in widget.gaps] == ["mini/01", "mini/03"]
    widget.apply_saved([PlanAction("p2", title="Desk", items=("mini/01",), version=1)])
    assert [gap["item"] for gap in widget.gaps] == ["mini/03"]


def test_a_field_edited_on_the_page_is_a_plan_edit_and_a_bad_date_is_shown_at_its_field(
    mini_framework,
):
    widget = GroupPlan(mini_framework)
    widget.load([PLANNED])
    edits: list = []
    widget.on_edit(edits.append)
    page = Page(widget)
    page.send(
        type="edit",
        key="plan:p1",
        fields={
            "owner": "Mayor",
            "due": "2027-06-01",
            "status": "in_progress",
            "items": ["mini/02"],
        },
        base_version=1,
        edited_at=NOW,
        revision=1,
    )
    fields = {
        "owner": "Mayor",
        "due": date(2027, 6, 1),
        "status": ActionStatus.IN_PROGRESS,
        "items": ("mini/02",),
    }
    assert edits == [PlanEdit("p1", fields, 1, datetime(2026, 3, 1, 10, tzinfo=UTC))]
    assert widget.plan[0].owner == "Mayor" and widget.plan[0].proposed_by == ("Bo",)
    page.send(type="edit", key="plan:p1", fields={"start": "June"}, base_version=1, revision=2)
    assert len(edits) == 1
    assert widget.problems["plan:p1"]["start"] == "That is not a date (year-month-day)."
    widget.show_saved(SaveResult("plan:p1", None, 2))
    assert widget.plan_state[0]["version"] == 2 and "plan:p1" not in widget.problems


def test_removing_and_a_refused_take_reach_the_app_and_the_page(mini_framework):
    widget = GroupPlan(mini_framework)
    widget.load([PLANNED])
    removed: list = []
    widget.on_remove(removed.append)
    Page(widget).send(type="remove", id="p1")
    assert removed == ["p1"]
    widget.apply_saved([], complete=True)
    assert widget.plan == () and widget.plan_state == []
    widget.show_refused("take", "", "“Desk” is already in the plan.")
    assert widget.problems == {"take": {"": "“Desk” is already in the plan."}}


def test_merging_one_plan_action_into_another_reaches_the_app_and_a_refusal_its_card(
    mini_framework,
):
    other = PlanAction("p2", title="Welcome desk", recorded_by="Facilitator", version=1)
    widget = GroupPlan(mini_framework)
    widget.load([PLANNED, other])
    merged: list = []
    widget.on_merge(lambda keep, gone: merged.append((keep, gone)))
    Page(widget).send(type="merge_plan", keep="p1", other="p2")
    assert merged == [("p1", "p2")]
    widget.show_refused("plan:p2", "", "This action is no longer in the plan.")
    assert widget.problems == {"plan:p2": {"": "This action is no longer in the plan."}}
    Page(widget).send(type="merge_plan", keep="p1", other="p2")
    assert widget.problems == {}


def test_the_vote_board_lists_gaps_and_drafts_and_sends_votes_and_shows_refusals(mini_framework):
    board = VoteBoard(mini_framework)
    board.show(AGREED, DRAFTS, {"draft:b1": 3, "gap:mini/01": 1}, {"draft:b1": 1}, 2)
    assert [(t["target"], t["votes"], t["mine"]) for t in board.targets] == [
        ("draft:b1", 3, 1),
        ("gap:mini/01", 1, 0),
        ("gap:mini/03", 0, 0),
        ("draft:a1", 0, 0),
    ]
    assert board.left == 2
    clicks: list = []
    board.on_vote(lambda target, change: clicks.append((target, change)))
    page = Page(board)
    page.send(type="vote", target="gap:mini/03", change=1)
    page.send(type="vote", target="draft:b1", change=-1)
    page.send(type="vote", target="draft:b1", change=5)  # not a vote: ignored
    assert clicks == [("gap:mini/03", 1), ("draft:b1", -1)]
    board.show_refused("gap:mini/03", "You have no votes left (each person has 3).")
    assert board.problems == {"gap:mini/03": "You have no votes left (each person has 3)."}
    page.send(type="vote", target="draft:a1", change=1)  # any new click clears it
    assert board.problems == {}


def test_labels_come_translated(mini_framework):
    assert GroupPlan(mini_framework, language="fr").labels["take"] != "Take into plan"
    assert "vote" in VoteBoard(mini_framework).labels["left.one"]
