"""The room's screen and the facilitator's controls of it, driven from Python."""

from __future__ import annotations

from inclusion_widgets.records import AgreedResult, AnswerKind
from inclusion_widgets.store import Room, Screen
from inclusion_widgets.widgets.room_controls import RoomControls
from inclusion_widgets.widgets.room_screen import Note, RoomScreen, item_shown


def test_the_controls_report_each_choice_of_what_the_room_sees(mini_framework):
    heard: list[Room] = []
    controls = RoomControls(mini_framework, heard.append)
    controls.screen.value = "item"
    controls.follow("mini/02")
    controls.item.value = "mini/03"
    controls.follow("mini/01")  # an item was chosen: the open item is not followed
    controls.notes.value = True
    assert heard == [
        Room(Screen.ITEM),
        Room(Screen.ITEM, item_id="mini/02"),
        Room(Screen.ITEM, item_id="mini/03", follow=False),
        Room(Screen.ITEM, item_id="mini/03", follow=False, notes=True),
    ]


def test_names_can_be_chosen_only_with_the_notes(mini_framework):
    controls = RoomControls(mini_framework, lambda room: None)
    assert controls.names.disabled
    controls.notes.value = True
    assert not controls.names.disabled


def test_controls_set_from_the_store_report_nothing(mini_framework):
    heard: list[Room] = []
    controls = RoomControls(mini_framework, heard.append)
    controls.show(Room(Screen.OVERVIEW, item_id="mini/02", follow=False, notes=True, names=True))
    assert heard == []
    assert (controls.screen.value, controls.item.value, controls.names.value) == (
        "overview",
        "mini/02",
        True,
    )


def test_a_choice_after_the_store_set_the_controls_reports_the_whole_room(mini_framework):
    heard: list[Room] = []
    controls = RoomControls(mini_framework, heard.append)
    controls.show(Room(Screen.OVERVIEW, item_id="mini/02", follow=False, notes=True))
    controls.show(Room(Screen.ITEM, item_id="mini/03", follow=False, notes=True))
    # As the page sends a click: the new state of the one control.
    controls.names.set_state({"value": True})
    controls.screen.set_state({"index": 3})  # selections send the index chosen
    assert heard == [
        Room(Screen.ITEM, item_id="mini/03", follow=False, notes=True, names=True),
        Room(Screen.VOTES, item_id="mini/03", follow=False, notes=True, names=True),
    ]


def test_an_item_shows_every_answer_and_marks_the_agreed_one(mini_framework):
    agreed = AgreedResult("mini/01", AnswerKind.LEVEL, 2, reasoning="Work started")
    shown = item_shown(mini_framework, "mini/01", {"2": 3, "0": 1, "dont_know": 2}, agreed, None)
    assert [(bar.label, bar.count, bar.width, bar.agreed) for bar in shown.bars] == [
        ("0 Not started", 1, 33, False),
        ("1 Planned", 0, 0, False),
        ("2 In progress", 3, 100, True),
        ("3 Embedded", 0, 0, False),
        ("Don't know", 2, 67, False),
        ("Not applicable", 0, 0, False),
    ]
    assert (shown.number, shown.count, shown.total) == (1, 3, 6)
    assert shown.agreed is not None and shown.agreed.label == "2 In progress"


def test_what_people_typed_is_escaped_on_the_room_screen(mini_framework):
    screen = RoomScreen()
    notes = [Note("<script>alert(1)</script>", who="<b>Ana</b>")]
    screen.show_item(item_shown(mini_framework, "mini/02", {}, None, notes), "K7Q", "http://x")
    assert "<script>" not in screen.value and "&lt;script&gt;" in screen.value
    assert "&lt;b&gt;Ana&lt;/b&gt;" in screen.value
    assert "Not agreed yet" in screen.value
