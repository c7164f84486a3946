"""The Checklist and ActionPlan driven from Python, the way the browser drives them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from ipywidgets import HTML
from ipywidgets.widgets.widget import _instances

from inclusion_widgets import ActionPlan, Checklist, load_framework
from inclusion_widgets.edits import ActionDeletion, Conflict, SaveResult
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, ActionStatus, Answer, AnswerKind
from inclusion_widgets.widgets import FrameworkPicker
from inclusion_widgets.widgets.action_plan import is_gap
from inclusion_widgets.widgets.text import esc

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def card(checklist: Checklist, item_id: str):
    return checklist._cards[item_id]


def html_of(widget) -> str:
    """Every HTML widget's value inside a widget tree, joined."""
    values = [widget.value] if isinstance(widget, HTML) else []
    for child in getattr(widget, "children", ()):
        values.append(html_of(child))
    return "\n".join(values)


def big_framework(tmp_path: Path, count: int) -> Framework:
    items = "\n".join(
        f"""      - id: big/{n:02d}
        title: Item {n} with a title of ordinary length
        summary: A summary that says what the item is about.
        guiding_questions: ["First question?", "Second question?"]
        source: {{publisher: Tests, year: 2026, item: "{n}"}}"""
        for n in range(1, count + 1)
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "big.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            id: big
            version: "1"
            title: Big
            source: {publisher: Tests, year: 2026}
            scale: s
            scales:
              - id: s
                title: S
                levels: [{value: 0, label: Zero}, {value: 1, label: One}, {value: 2, label: Two}]
            groups:
              - id: big/g
                title: G
                items:
            """
        )
        + items
        + "\n",
        encoding="utf-8",
    )
    return load_framework(path)


# -- Checklist -----------------------------------------------------------------------


def test_choosing_a_level_gives_a_level_answer_and_shows_its_description(mini_framework):
    checklist = Checklist(mini_framework)
    card(checklist, "mini/01").choice.value = 2
    answer = checklist.answer("mini/01")
    assert answer.kind is AnswerKind.LEVEL and answer.level == 2
    assert "Work has started." in card(checklist, "mini/01").level_help.value
    assert checklist.answers == (answer,)


def test_dont_know_and_not_applicable_are_kinds_not_levels(mini_framework):
    checklist = Checklist(mini_framework)
    choice = card(checklist, "mini/01").choice
    choice.value = 1
    choice.value = AnswerKind.DONT_KNOW
    assert checklist.answer("mini/01") == Answer("mini/01", kind=AnswerKind.DONT_KNOW)
    choice.value = AnswerKind.NOT_APPLICABLE
    assert checklist.answer("mini/01").level is None
    assert "1 of 3 answered" in checklist._progress.value


def test_note_evidence_and_priority_are_kept_and_counted(mini_framework):
    checklist = Checklist(mini_framework)
    item = card(checklist, "mini/03")
    item.note.value = "Ελληνικά και latviešu"
    item.evidence.value = "Council decision 12/2025"
    item.priority.value = True
    card(checklist, "mini/01").choice.value = 0
    assert checklist.answer("mini/03") == Answer(
        "mini/03", note="Ελληνικά και latviešu", evidence="Council decision 12/2025", priority=True
    )
    assert "1 of 3 answered, 1 flagged as priority" in checklist._progress.value
    assert "1 of 2 answered" in checklist._group_heads["mini/governance"].value
    assert "0 of 1 answered, 1 priority" in checklist._group_heads["mini/services"].value


def test_level_buttons_carry_the_level_descriptions_and_a_label(mini_framework):
    choice = card(Checklist(mini_framework), "mini/01").choice
    assert list(choice.tooltips[:4]) == [
        "Nothing is in place yet.",
        "Agreed but not yet started.",
        "Work has started.",
        "Part of how the city works.",
    ]
    assert [label for label, _ in choice.options][-2:] == ["Don't know", "Not applicable"]
    assert choice.description == "Answer for Coordination across levels"
    assert choice.description_allow_html is False


def test_context_question_is_answered_with_text_only(mini_framework):
    checklist = Checklist(mini_framework)
    checklist._context["mini/context/01"].note.value = "About 1,200"
    assert checklist.answer("mini/context/01") == Answer("mini/context/01", note="About 1,200")
    assert checklist.answer("mini/context/01").kind is AnswerKind.UNANSWERED
    assert "0 of 3 answered" in checklist._progress.value


def test_each_change_is_reported_once_and_load_reports_nothing(mini_framework):
    checklist = Checklist(mini_framework)
    seen: list[Answer] = []
    observed: list[Answer] = []
    checklist.on_answer_change(seen.append)
    checklist.observe(lambda change: observed.append(change["new"]), names="last_change")
    card(checklist, "mini/01").choice.value = 3
    card(checklist, "mini/01").note.value = "n"
    card(checklist, "mini/02").priority.value = True
    assert [(a.item_id, a.level, a.note, a.priority) for a in seen] == [
        ("mini/01", 3, "", False),
        ("mini/01", 3, "n", False),
        ("mini/02", None, "", True),
    ]
    assert observed == seen
    checklist.load([Answer("mini/03", kind=AnswerKind.DONT_KNOW, note="loaded")])
    assert len(seen) == 3 and len(observed) == 3
    assert checklist.answer("mini/01") == Answer("mini/01")
    assert card(checklist, "mini/03").note.value == "loaded"


def test_answers_round_trip_through_load(mini_framework):
    first = Checklist(mini_framework)
    card(first, "mini/01").choice.value = 1
    card(first, "mini/02").choice.value = AnswerKind.NOT_APPLICABLE
    card(first, "mini/03").evidence.value = "a report"
    first._context["mini/context/01"].note.value = "many"
    second = Checklist(mini_framework, answers=first.answers)
    assert second.answers == first.answers
    assert card(second, "mini/01").choice.value == 1
    assert card(second, "mini/02").choice.value is AnswerKind.NOT_APPLICABLE
    assert second._context["mini/context/01"].note.value == "many"


def test_load_refuses_answers_of_another_framework_and_changes_nothing(mini_framework):
    checklist = Checklist(mini_framework, answers=[Answer("mini/01", kind=AnswerKind.DONT_KNOW)])
    with pytest.raises(ValueError, match=r"'oecd-12/01'.*no such item"):
        checklist.load([Answer("mini/02"), Answer("oecd-12/01")])
    with pytest.raises(ValueError, match=r"mini/01: level 7 is not on the scale 'maturity'"):
        checklist.load([Answer("mini/01", kind=AnswerKind.LEVEL, level=7)])
    assert checklist.answer("mini/01").kind is AnswerKind.DONT_KNOW


def test_too_long_note_is_not_reported_and_says_why(mini_framework):
    checklist = Checklist(mini_framework)
    seen: list[Answer] = []
    checklist.on_answer_change(seen.append)
    item = card(checklist, "mini/01")
    item.note.value = "x" * 20_001
    assert seen == [] and "20,001 characters" in item.level_help.value
    item.note.value = "x" * 20_000
    assert len(seen) == 1 and "characters" not in item.level_help.value


def test_read_only_disables_every_control_and_can_be_toggled(mini_framework):
    checklist = Checklist(mini_framework, read_only=True)
    controls = [
        control
        for item in checklist._cards.values()
        for control in (item.choice, item.note, item.evidence, item.priority)
    ] + [row.note for row in checklist._context.values()]
    assert all(control.disabled for control in controls)
    checklist.read_only = False
    assert not any(control.disabled for control in controls)


def test_compact_mode_is_a_class_that_can_be_toggled(mini_framework):
    checklist = Checklist(mini_framework, compact=True)
    assert "ic-compact" in checklist._dom_classes
    checklist.compact = False
    assert "ic-compact" not in checklist._dom_classes


def test_reconstructed_items_say_based_on(mini_framework):
    checklist = Checklist(mini_framework)
    assert "based on Inclusion workbook tests (2026), 2" in card(checklist, "mini/02").text.value
    assert "from Inclusion workbook tests (2026), 1" in card(checklist, "mini/01").text.value


def test_to_dataframe_has_a_row_per_item_and_context_question(mini_framework):
    checklist = Checklist(mini_framework)
    card(checklist, "mini/01").choice.value = 2
    frame = checklist.to_dataframe()
    assert list(frame["item_id"]) == ["mini/01", "mini/02", "mini/03", "mini/context/01"]
    assert frame.loc[0, "level_label"] == "In progress" and frame.loc[0, "level"] == 2
    assert frame.loc[1, "kind"] == "unanswered"


# -- ActionPlan ----------------------------------------------------------------------


def test_gaps_are_low_scores_or_priorities_and_follow_the_checklist(mini_framework):
    checklist = Checklist(mini_framework)
    plan = ActionPlan(mini_framework, checklist)
    assert plan.proposed_gaps() == ()
    card(checklist, "mini/01").choice.value = 1
    card(checklist, "mini/02").choice.value = 2
    card(checklist, "mini/03").choice.value = AnswerKind.DONT_KNOW
    assert [item.id for item in plan.proposed_gaps()] == ["mini/01"]
    assert [item.id for item in plan.proposed_gaps(gap_levels=3)] == ["mini/01", "mini/02"]
    card(checklist, "mini/03").priority.value = True
    assert [item.id for item in plan.proposed_gaps()] == ["mini/01", "mini/03"]
    assert "Coordination across levels" in plan._gaps_html.value
    assert "open" in plan._gaps_html.value


def test_dont_know_alone_is_never_a_gap(mini_framework):
    answer = Answer("mini/01", kind=AnswerKind.DONT_KNOW)
    assert not is_gap(mini_framework, answer, gap_levels=4)


def test_an_action_linked_to_a_gap_closes_it(mini_framework):
    checklist = Checklist(mini_framework)
    plan = ActionPlan(mini_framework, checklist)
    card(checklist, "mini/01").choice.value = 0
    card(checklist, "mini/02").priority.value = True
    assert [item.id for item in plan.open_gaps()] == ["mini/01", "mini/02"]
    assert plan._link_to.value == "mini/01"
    action = plan.add_action("Set up a forum")
    assert action.items == ("mini/01",)
    assert [item.id for item in plan.open_gaps()] == ["mini/02"]
    assert plan._link_to.value == "mini/02"


def test_actions_are_added_edited_moved_removed_and_reported(mini_framework):
    plan = ActionPlan(mini_framework)
    changed: list[Action] = []
    deleted: list[str] = []
    plan.on_action_change(changed.append)
    plan.on_action_delete(deleted.append)
    first = plan.add_action("First")
    second = plan.add_action("Second", items=["mini/03"])
    assert len(changed) == 2
    cards = plan._cards
    cards[0].description.value = "Steps"
    cards[0].status.value = ActionStatus.PLANNED
    cards[0].impact.value = 3
    cards[0].start.value = date(2026, 3, 1)
    assert len(changed) == 6
    edited = plan.actions[0]
    assert (edited.description, edited.status, edited.impact, edited.start) == (
        "Steps",
        ActionStatus.PLANNED,
        3,
        date(2026, 3, 1),
    )
    cards[1].down.click()  # already last: nothing happens
    cards[1].up.click()
    assert [(a.title, a.position) for a in plan.actions] == [("Second", 0), ("First", 1)]
    assert [a.id for a in changed[-2:]] == [second.id, first.id]
    plan._cards[1].remove.click()
    assert deleted == [first.id] and [a.title for a in plan.actions] == ["Second"]
    plan._undo.click()
    assert [a.title for a in plan.actions] == ["Second", "First"]
    assert plan.actions[1].description == "Steps"


def test_status_filter_hides_other_cards(mini_framework):
    plan = ActionPlan(
        mini_framework,
        actions=[
            Action("a", "Idea one"),
            Action("b", "Doing", status=ActionStatus.IN_PROGRESS, position=1),
        ],
    )
    plan._filter.value = ActionStatus.IN_PROGRESS
    hidden = ["ic-hidden" in card.box._dom_classes for card in plan._cards]
    assert hidden == [True, False]
    plan._filter.value = "all"
    assert not any("ic-hidden" in card.box._dom_classes for card in plan._cards)


def test_load_reports_nothing_and_refuses_unknown_items(mini_framework):
    plan = ActionPlan(mini_framework)
    changed: list[Action] = []
    plan.on_action_change(changed.append)
    plan.load([Action("b", "Later", position=1), Action("a", "Sooner", items=("mini/01",))])
    assert [a.title for a in plan.actions] == ["Sooner", "Later"] and changed == []
    assert plan._cards[0].items.value == ("mini/01",)
    with pytest.raises(ValueError, match=r"action x \('Bad'\) links mini/99"):
        plan.load([Action("x", "Bad", items=("mini/99",))])
    assert len(plan.actions) == 2


def test_impact_effort_grid_places_titles(mini_framework):
    plan = ActionPlan(
        mini_framework,
        actions=[Action("a", "Quick win", impact=3, effort=1), Action("b", "Unrated")],
    )
    grid = plan._grid.value
    assert '<div class="ic-cell ic-best"><ul><li>Quick win</li></ul></div>' in grid
    assert "not rated yet" in grid and "<li>Unrated</li>" in grid


def test_action_plan_to_dataframe(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "One", items=("mini/01", "mini/02"))])
    frame = plan.to_dataframe()
    assert frame.loc[0, "items"] == "mini/01;mini/02" and frame.loc[0, "status"] == "idea"


# -- Escaping, weight, imports -------------------------------------------------------


def test_hostile_text_is_escaped_everywhere(tmp_path, mini_framework):
    text = (ROOT / "tests/data/frameworks/mini.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Coordination across levels", f"title: '{SCRIPT} {IMG}'")
    text = text.replace("Who does what between", f"{IMG} Who does what between")
    text = text.replace("Is there a standing forum?", SCRIPT)
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    framework = load_framework(path)
    checklist = Checklist(framework)
    card(checklist, "mini/01").note.value = SCRIPT + IMG
    card(checklist, "mini/01").priority.value = True
    plan = ActionPlan(framework, checklist, actions=[Action("a", SCRIPT + IMG, impact=1, effort=1)])
    plan._cards[0].items.value = ("mini/01",)
    plan._cards[0].remove.click()
    shown = html_of(checklist) + html_of(plan)
    assert "<script>alert" not in shown and "<img src=x" not in shown
    assert esc(SCRIPT) in shown and esc(IMG) in shown
    assert "<style>" in shown  # the one block of markup that is ours


def test_widget_models_per_item_stay_few(tmp_path):
    small, large = big_framework(tmp_path / "s", 10), big_framework(tmp_path / "l", 60)
    before = len(_instances)
    Checklist(small)
    middle = len(_instances)
    Checklist(large)
    after = len(_instances)
    per_item = ((after - middle) - (middle - before)) / 50
    assert per_item <= 8
    assert after - middle <= 8 * 60 + 20


def test_no_pandas_or_matplotlib_after_building_both_widgets():
    code = textwrap.dedent(
        """
        import sys
        import inclusion_widgets
        from inclusion_widgets import ActionPlan, Checklist, load_framework
        framework = load_framework("tests/data/frameworks/mini.yaml")
        checklist = Checklist(framework)
        checklist._cards["mini/01"].choice.value = 0
        plan = ActionPlan(framework, checklist)
        plan.add_action("x")
        print(sorted(m for m in sys.modules if m.split(".")[0] in {"pandas", "matplotlib"}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_picker_offers_the_frameworks_and_swaps_the_view(mini_framework, tmp_path):
    other = big_framework(tmp_path, 2)
    picker = FrameworkPicker(frameworks=[mini_framework, other])
    assert isinstance(picker.view, Checklist) and picker.view.framework is mini_framework
    picker.dropdown.value = "big"
    assert picker.view.framework is other


def test_picker_without_frameworks_says_where_it_looked():
    picker = FrameworkPicker(frameworks=())
    assert "No framework file was found" in html_of(picker)


# -- The save contract: edits, saved results, refusals, records saved elsewhere ---------


def buttons_named(widget, description: str) -> list:
    found = [widget] if getattr(widget, "description", None) == description else []
    for child in getattr(widget, "children", ()):
        found += buttons_named(child, description)
    return [button for button in found if hasattr(button, "click")]


def test_an_edit_carries_only_the_fields_changed_on_the_version_shown(mini_framework):
    checklist = Checklist(mini_framework)
    checklist.load([Answer("mini/01", AnswerKind.LEVEL, 1, note="kept", version=3)])
    edits: list = []
    checklist.on_edit(edits.append)
    card(checklist, "mini/01").choice.value = 2
    card(checklist, "mini/02").note.value = "first words"
    assert [(e.item_id, dict(e.fields), e.base_version) for e in edits] == [
        ("mini/01", {"kind": AnswerKind.LEVEL, "level": 2}, 3),
        ("mini/02", {"note": "first words"}, 0),
    ]
    assert all(e.edited_at.tzinfo is not None for e in edits)


def test_saved_elsewhere_updates_the_page_but_never_a_field_changed_here(mini_framework):
    checklist = Checklist(mini_framework)
    checklist.load([Answer("mini/01", AnswerKind.LEVEL, 1, note="old", version=1)])
    card(checklist, "mini/01").note.value = "typed here, not saved yet"
    checklist.apply_saved(
        [Answer("mini/01", AnswerKind.LEVEL, 3, note="from the other tab", version=2)]
    )
    answer = checklist.answer("mini/01")
    assert (answer.level, answer.note) == (3, "typed here, not saved yet")
    # Once this tab's note is saved, later notes from the other tab show again.
    checklist.show_saved(SaveResult("answer:mini/01", replace(answer, version=3), 3))
    checklist.apply_saved([Answer("mini/01", AnswerKind.LEVEL, 3, note="newer", version=4)])
    assert checklist.answer("mini/01").note == "newer"


def test_a_conflict_shows_the_other_text_one_click_away(mini_framework):
    checklist = Checklist(mini_framework)
    checklist.load([])
    edits: list = []
    checklist.on_edit(edits.append)
    card(checklist, "mini/01").note.value = "mine"
    saved = Answer("mini/01", note="mine", version=2)
    checklist.show_saved(
        SaveResult("answer:mini/01", saved, 2, (Conflict("note", "theirs", "mine"),))
    )
    assert "Your other tab saved a different note" in html_of(checklist)
    assert "theirs" in html_of(checklist)
    (use,) = buttons_named(checklist, "Use it")
    use.click()
    assert checklist.answer("mini/01").note == "theirs"
    assert edits[-1].fields == {"note": "theirs"} and edits[-1].base_version == 2
    assert "Your other tab saved" not in html_of(checklist)


def test_a_refusal_is_shown_at_its_record_and_keeps_the_text(mini_framework):
    plan = ActionPlan(mini_framework)
    edits: list = []
    plan.on_edit(edits.append)
    action = plan.add_action("Budget line")
    assert edits[-1].fields["title"] == "Budget line" and edits[-1].base_version == 0
    plan.show_refused(f"action:{action.id}", "due", "The due date is before the start date.")
    assert "Due date not saved: The due date is before the start date." in html_of(plan)
    assert plan.actions[0].title == "Budget line"
    plan.show_saved(SaveResult(f"action:{action.id}", plan.actions[0], 1))
    assert "not saved" not in html_of(plan)
    plan._cards[0].remove.click()
    assert isinstance(edits[-1], ActionDeletion) and edits[-1].base_version == 1


def test_actions_saved_elsewhere_appear_and_removed_ones_go(mini_framework):
    plan = ActionPlan(mini_framework)
    plan.load([Action(id="a1", title="Kept", version=1)])
    plan.apply_saved(
        [
            Action(id="a1", title="Kept", version=1),
            Action(id="a2", title="New", position=1, version=1),
        ]
    )
    assert [a.title for a in plan.actions] == ["Kept", "New"]
    plan.apply_saved([Action(id="a2", title="New", position=1, version=1)])
    assert [a.title for a in plan.actions] == ["New"]
