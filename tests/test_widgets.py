"""The Checklist, ActionPlan and GroupView driven from Python and by the messages their
page sends, delivered through the widget's comm the way the kernel delivers them."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets.widget import _instances

from inclusion_widgets import ActionPlan, Checklist, load_framework
from inclusion_widgets.edits import ActionDeletion, ActionEdit, AnswerEdit, Conflict, SaveResult
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import Plural
from inclusion_widgets.records import Action, ActionStatus, Answer, AnswerKind
from inclusion_widgets.widgets import FrameworkPicker, labels
from inclusion_widgets.widgets.action_plan import is_gap
from inclusion_widgets.widgets.front_end import STATIC
from inclusion_widgets.widgets.group_view import GroupView, count_answers
from tests.widget_page import Page

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"


def new_card(**fields: Any) -> dict[str, Any]:
    """Every field of a card as the page sends it for a new action."""
    card = {
        "title": "",
        "description": "",
        "items": [],
        "owner": "",
        "partners": "",
        "start": None,
        "due": None,
        "resources": "",
        "indicator": "",
        "status": "idea",
        "impact": None,
        "effort": None,
        "position": 0,
    }
    return {**card, **fields}


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


def models() -> int:
    """Widget models alive in this kernel (ipywidgets' registry of open comms)."""
    return len(_instances)


# -- Checklist: what the page sends --------------------------------------------------


def test_a_level_chosen_on_the_page_is_an_answer_edit_and_an_answer(mini_framework):
    checklist = Checklist(mini_framework)
    edits: list[Any] = []
    answers: list[Answer] = []
    checklist.on_edit(edits.append)
    checklist.on_answer_change(answers.append)
    Page(checklist).choose("mini/01", 2)
    assert edits == [
        AnswerEdit(
            "mini/01",
            {"kind": AnswerKind.LEVEL, "level": 2},
            0,
            datetime(2026, 3, 1, 10, tzinfo=UTC),
        )
    ]
    assert checklist.answer("mini/01") == Answer("mini/01", AnswerKind.LEVEL, 2)
    assert answers == [checklist.answer("mini/01")] and checklist.last_change == answers[0]
    assert checklist.answers == (answers[0],)


def test_dont_know_and_not_applicable_are_kinds_not_levels(mini_framework):
    checklist = Checklist(mini_framework)
    page = Page(checklist)
    page.choose("mini/01", 1)
    page.choose("mini/01", "dont_know")
    assert checklist.answer("mini/01") == Answer("mini/01", kind=AnswerKind.DONT_KNOW)
    page.choose("mini/01", "not_applicable")
    assert checklist.answer("mini/01").level is None


def test_an_edit_carries_only_the_fields_the_person_changed(mini_framework):
    checklist = Checklist(mini_framework)
    edits: list[Any] = []
    checklist.on_edit(edits.append)
    page = Page(checklist)
    page.answer("mini/03", note="Ελληνικά και latviešu")
    page.answer("mini/03", evidence="Council decision 12/2025", priority=True)
    assert [dict(edit.fields) for edit in edits] == [
        {"note": "Ελληνικά και latviešu"},
        {"evidence": "Council decision 12/2025", "priority": True},
    ]
    assert checklist.answer("mini/03") == Answer(
        "mini/03", note="Ελληνικά και latviešu", evidence="Council decision 12/2025", priority=True
    )


def test_context_question_is_answered_with_text_only(mini_framework):
    checklist = Checklist(mini_framework)
    Page(checklist).answer("mini/context/01", note="About 1,200")
    assert checklist.answer("mini/context/01") == Answer("mini/context/01", note="About 1,200")
    assert checklist.answer("mini/context/01").kind is AnswerKind.UNANSWERED


def test_load_reports_nothing_and_the_page_gets_the_answers(mini_framework):
    checklist = Checklist(mini_framework)
    seen: list[Answer] = []
    checklist.on_answer_change(seen.append)
    checklist.on_edit(seen.append)
    checklist.load([Answer("mini/03", kind=AnswerKind.DONT_KNOW, note="loaded")])
    assert seen == []
    assert checklist.answer_state["mini/03"]["note"] == "loaded"
    assert checklist.answer("mini/01") == Answer("mini/01")


def test_answers_round_trip_through_load(mini_framework):
    first = Checklist(mini_framework)
    page = Page(first)
    page.choose("mini/01", 1)
    page.choose("mini/02", "not_applicable")
    page.answer("mini/03", evidence="a report")
    page.answer("mini/context/01", note="many")
    second = Checklist(mini_framework, answers=first.answers)
    assert second.answers == first.answers
    assert second.answer_state == {
        key: {**value, "version": 0} for key, value in first.answer_state.items()
    }


def test_load_refuses_answers_of_another_framework_and_changes_nothing(mini_framework):
    checklist = Checklist(mini_framework, answers=[Answer("mini/01", kind=AnswerKind.DONT_KNOW)])
    with pytest.raises(ValueError, match=r"'oecd-12/01'.*no such item"):
        checklist.load([Answer("mini/02"), Answer("oecd-12/01")])
    with pytest.raises(ValueError, match=r"mini/01: level 7 is not on the scale 'maturity'"):
        checklist.load([Answer("mini/01", kind=AnswerKind.LEVEL, level=7)])
    assert checklist.answer("mini/01").kind is AnswerKind.DONT_KNOW


def test_a_too_long_note_is_refused_at_its_field_and_not_reported(mini_framework):
    checklist = Checklist(mini_framework)
    seen: list[Any] = []
    checklist.on_edit(seen.append)
    page = Page(checklist)
    page.answer("mini/01", note="x" * 20_001)
    assert seen == []
    assert "20,001 characters" in checklist.problems["answer:mini/01"]["note"]
    page.answer("mini/01", note="x" * 20_000)
    assert len(seen) == 1 and "answer:mini/01" not in checklist.problems


def test_a_level_the_scale_does_not_have_is_refused(mini_framework):
    checklist = Checklist(mini_framework)
    Page(checklist).choose("mini/01", 9)
    assert checklist.answer("mini/01") == Answer("mini/01")
    assert "9 is not a level" in checklist.problems["answer:mini/01"]["kind"]


def test_a_refused_answer_from_the_page_is_said_in_the_widgets_language(mini_framework):
    checklist = Checklist(mini_framework, language="de")
    page = Page(checklist)
    page.choose("mini/01", 9)
    assert checklist.problems["answer:mini/01"] == {"kind": "9 ist keine Stufe dieser Skala."}
    page.choose("mini/02", "maybe")
    assert checklist.problems["answer:mini/02"] == {"kind": "Das ist keine Art von Antwort."}


def test_a_time_from_a_browser_clock_ahead_is_never_in_the_future(mini_framework):
    checklist = Checklist(mini_framework)
    edits: list[Any] = []
    checklist.on_edit(edits.append)
    ahead = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    Page(checklist).answer("mini/01", when=ahead, note="n")
    assert edits[0].edited_at <= datetime.now(UTC)


# -- Checklist: the save contract ------------------------------------------------------


def test_show_saved_gives_the_new_base_and_lets_the_page_forget_its_edits(mini_framework):
    checklist = Checklist(mini_framework)
    page = Page(checklist)
    page.answer("mini/01", note="a")
    page.answer("mini/01", note="ab")
    record = Answer("mini/01", note="ab")
    checklist.show_saved(SaveResult("answer:mini/01", record, 4))
    assert page.received == [
        {"type": "saved", "key": "answer:mini/01", "version": 4, "revision": 2}
    ]
    assert checklist.version("mini/01") == 4
    assert checklist.answer_state["mini/01"]["version"] == 4
    edits: list[Any] = []
    checklist.on_edit(edits.append)
    page.answer("mini/01", base=4, note="abc")
    assert edits[0].base_version == 4


def test_a_refusal_is_shown_at_its_field_until_the_next_edit(mini_framework):
    checklist = Checklist(mini_framework)
    page = Page(checklist)
    page.answer("mini/01", note="typed")
    checklist.show_refused("answer:mini/01", "note", "The answers are locked.")
    assert checklist.problems == {"answer:mini/01": {"note": "The answers are locked."}}
    assert checklist.answer("mini/01").note == "typed"
    page.answer("mini/02", note="other")
    assert "answer:mini/01" in checklist.problems
    page.answer("mini/01", note="typed again")
    assert checklist.problems == {}


def test_a_conflict_is_shown_beside_its_field_with_the_other_text(mini_framework):
    checklist = Checklist(mini_framework)
    page = Page(checklist)
    page.answer("mini/01", note="mine")
    result = SaveResult(
        "answer:mini/01",
        Answer("mini/01", note="mine"),
        3,
        (Conflict("note", "from the other tab", "mine"),),
    )
    checklist.show_saved(result)
    assert checklist.conflicts == {
        "answer:mini/01": [{"field": "note", "other": "from the other tab", "kept": "mine"}]
    }
    page.answer("mini/01", base=3, note="from the other tab")
    assert checklist.conflicts == {}


def test_saved_elsewhere_never_overwrites_a_field_not_yet_saved_here(mini_framework):
    checklist = Checklist(mini_framework, answers=[Answer("mini/01", note="old")])
    Page(checklist).answer("mini/01", note="typed here")
    elsewhere = _versioned(Answer("mini/01", note="other tab", evidence="report"), 2)
    checklist.apply_saved([elsewhere])
    assert checklist.answer("mini/01").note == "typed here"
    assert checklist.answer("mini/01").evidence == "report"
    assert checklist.version("mini/01") == 2
    checklist.show_saved(SaveResult("answer:mini/01", checklist.answer("mini/01"), 3))
    checklist.apply_saved([_versioned(Answer("mini/01", note="newest"), 4)])
    assert checklist.answer("mini/01").note == "newest"
    checklist.apply_saved([_versioned(Answer("mini/01", note="stale"), 1)])
    assert checklist.answer("mini/01").note == "newest"


def _versioned(record: Any, version: int) -> Any:
    """A record as the store returns it, with its version (a field once the store has it)."""
    if "version" in getattr(record, "__dataclass_fields__", {}):
        return replace(record, version=version)
    object.__setattr__(record, "version", version)
    return record


def test_read_only_and_compact_reach_the_page_and_can_be_toggled(mini_framework):
    checklist = Checklist(mini_framework, read_only=True, compact=True)
    state = checklist.get_state()
    assert state["read_only"] is True and state["compact"] is True
    checklist.read_only = False
    assert checklist.get_state()["read_only"] is False


def test_to_dataframe_has_a_row_per_item_and_context_question(mini_framework):
    checklist = Checklist(mini_framework)
    Page(checklist).choose("mini/01", 2)
    frame = checklist.to_dataframe()
    assert list(frame["item_id"]) == ["mini/01", "mini/02", "mini/03", "mini/context/01"]
    assert frame.loc[0, "level_label"] == "In progress" and frame.loc[0, "level"] == 2
    assert frame.loc[1, "kind"] == "unanswered"


def test_the_page_gets_framework_texts_as_text_and_builds_no_html(mini_framework, tmp_path):
    text = (ROOT / "tests/data/frameworks/mini.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Coordination across levels", f"title: '{SCRIPT}'")
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    checklist = Checklist(load_framework(path))
    items = [item for group in checklist.spec["groups"] for item in group["items"]]
    assert items[0]["title"] == SCRIPT
    assert items[1]["source"].startswith("based on Inclusion workbook tests (2026)")
    assert items[0]["source"].startswith("from Inclusion workbook tests (2026)")
    for module in STATIC.glob("*.js"):
        source = module.read_text(encoding="utf-8")
        assert "innerHTML" not in source and "insertAdjacentHTML" not in source, module.name


@pytest.mark.parametrize(
    ("module", "strings"),
    [
        ("checklist.js", labels.CHECKLIST),
        ("action_plan.js", labels.ACTION_PLAN),
        ("group_view.js", labels.GROUP_VIEW),
        ("../status_line.js", labels.STATUS_LINE),
    ],
)
def test_every_sentence_the_page_shows_comes_from_the_labels(module, strings):
    source = (STATIC / module).read_text(encoding="utf-8")
    if module in ("checklist.js", "action_plan.js"):  # they also show common.js's sentences
        source += (STATIC / "common.js").read_text(encoding="utf-8")
    used = set(re.findall(r'\b(?:t|label)\("([a-z_]+)"', source))
    counted = set(re.findall(r'\bt\.count\("([a-z_]+)"', source))
    assert used, "the module shows no label at all"
    assert used <= set(strings), sorted(used - set(strings))
    assert all(isinstance(strings[key], Plural) for key in counted)


# -- ActionPlan ------------------------------------------------------------------------


def test_gaps_are_low_scores_or_priorities_and_follow_the_checklist(mini_framework):
    checklist = Checklist(mini_framework)
    plan = ActionPlan(mini_framework, checklist)
    page = Page(checklist)
    assert plan.proposed_gaps() == () and plan.gaps == []
    page.choose("mini/01", 1)
    page.choose("mini/02", 2)
    page.choose("mini/03", "dont_know")
    assert [item.id for item in plan.proposed_gaps()] == ["mini/01"]
    assert [item.id for item in plan.proposed_gaps(gap_levels=3)] == ["mini/01", "mini/02"]
    page.answer("mini/03", priority=True)
    assert plan.gaps == [
        {"id": "mini/01", "why": ["Planned"]},
        {"id": "mini/03", "why": ["priority"]},
    ]


def test_dont_know_alone_is_never_a_gap(mini_framework):
    answer = Answer("mini/01", kind=AnswerKind.DONT_KNOW)
    assert not is_gap(mini_framework, answer, gap_levels=4)


def test_an_action_linked_to_a_gap_closes_it(mini_framework):
    checklist = Checklist(mini_framework)
    plan = ActionPlan(mini_framework, checklist)
    page = Page(checklist)
    page.choose("mini/01", 0)
    page.answer("mini/02", priority=True)
    assert [item.id for item in plan.open_gaps()] == ["mini/01", "mini/02"]
    action = plan.add_action("Set up a forum")
    assert action.items == ("mini/01",)
    assert [item.id for item in plan.open_gaps()] == ["mini/02"]


def test_a_card_added_on_the_page_is_a_whole_action_edit(mini_framework):
    plan = ActionPlan(mini_framework)
    edits: list[Any] = []
    changed: list[Action] = []
    plan.on_edit(edits.append)
    plan.on_action_change(changed.append)
    Page(plan).action("a1", **new_card(items=["mini/03"]))
    assert isinstance(edits[0], ActionEdit) and set(edits[0].fields) >= {"title", "items"}
    assert plan.actions == (Action("a1", "", items=("mini/03",)),)
    assert changed == list(plan.actions)


def test_card_fields_from_the_page_become_typed_values(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "First")])
    page = Page(plan)
    page.action("a", description="Steps", status="planned", impact=3, start="2026-03-01")
    page.action("a", due="2026-06-30", items=["mini/01", "mini/02"], effort=None)
    action = plan.actions[0]
    assert (action.description, action.status, action.impact, action.start, action.due) == (
        "Steps",
        ActionStatus.PLANNED,
        3,
        date(2026, 3, 1),
        date(2026, 6, 30),
    )
    assert action.items == ("mini/01", "mini/02") and action.effort is None


def test_a_field_the_page_cannot_mean_is_refused_at_that_field(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "First")])
    page = Page(plan)
    page.action("a", start="1 March")
    page.action("a", impact=7)
    page.action("a", items=["mini/99"])
    assert plan.problems["action:a"] == {"items": "A linked item is not in this framework."}
    assert plan.actions == (Action("a", "First"),)


def test_a_refused_action_field_is_said_in_the_widgets_language(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "First")], language="fr")
    page = Page(plan)
    refused = {}
    for field, value in (("start", "1 March"), ("status", "late"), ("impact", 7)):
        page.action("a", **{field: value})
        refused.update(plan.problems["action:a"])
    assert refused == {
        "start": "Ce n’est pas une date (année-mois-jour).",
        "status": "Ce n’est pas un statut.",
        "impact": "Ce n’est pas une note de 1 à 3.",
    }
    assert plan.actions == (Action("a", "First"),)


def test_removing_on_the_page_is_a_deletion_and_python_can_undo_it(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "One"), Action("b", "Two", position=1)])
    edits: list[Any] = []
    deleted: list[str] = []
    plan.on_edit(edits.append)
    plan.on_action_delete(deleted.append)
    Page(plan).delete("a")
    assert deleted == ["a"] and [a.id for a in plan.actions] == ["b"]
    assert isinstance(edits[0], ActionDeletion)
    plan.undo_remove()
    assert [a.title for a in plan.actions] == ["One", "Two"]
    assert isinstance(edits[1], ActionEdit) and edits[1].fields["title"] == "One"


def test_actions_are_added_moved_and_removed_from_python(mini_framework):
    plan = ActionPlan(mini_framework)
    changed: list[Action] = []
    deleted: list[str] = []
    plan.on_action_change(changed.append)
    plan.on_action_delete(deleted.append)
    first = plan.add_action("First")
    second = plan.add_action("Second", items=["mini/03"])
    plan.move(second.id, 1)  # already last: nothing happens
    plan.move(second.id, -1)
    assert [(a.title, a.position) for a in plan.actions] == [("Second", 0), ("First", 1)]
    assert [a.id for a in changed[:2]] == [first.id, second.id]
    assert {a.id for a in changed[2:]} == {first.id, second.id}
    assert plan.action_state[second.id]["position"] == 0
    plan.remove(first.id)
    assert deleted == [first.id] and [a.title for a in plan.actions] == ["Second"]


def test_action_plan_load_reports_nothing_and_refuses_unknown_items(mini_framework):
    plan = ActionPlan(mini_framework)
    changed: list[Action] = []
    plan.on_action_change(changed.append)
    plan.load([Action("b", "Later", position=1), Action("a", "Sooner", items=("mini/01",))])
    assert [a.title for a in plan.actions] == ["Sooner", "Later"] and changed == []
    assert plan.action_state["a"]["items"] == ["mini/01"]
    with pytest.raises(ValueError, match=r"action x \('Bad'\) links mini/99"):
        plan.load([Action("x", "Bad", items=("mini/99",))])
    assert len(plan.actions) == 2


def test_an_action_saved_elsewhere_keeps_fields_not_yet_saved_here(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "Mine")])
    page = Page(plan)
    page.action("a", owner="Ana")
    plan.apply_saved([_versioned(Action("a", "Other tab", owner="Bo", indicator="x"), 2)])
    action = plan.actions[0]
    assert (action.title, action.owner, action.indicator) == ("Other tab", "Ana", "x")
    plan.show_saved(SaveResult("action:a", action, 3))
    assert page.received[-1] == {"type": "saved", "key": "action:a", "version": 3, "revision": 1}
    assert plan.version("a") == 3


def test_action_plan_to_dataframe(mini_framework):
    plan = ActionPlan(mini_framework, actions=[Action("a", "One", items=("mini/01", "mini/02"))])
    frame = plan.to_dataframe()
    assert frame.loc[0, "items"] == "mini/01;mini/02" and frame.loc[0, "status"] == "idea"


# -- GroupView ---------------------------------------------------------------------------


def test_group_view_shows_only_items_the_participant_answered(mini_framework):
    view = GroupView(mini_framework)
    everyone = [
        Answer("mini/01", AnswerKind.LEVEL, 2),
        Answer("mini/01", AnswerKind.LEVEL, 2),
        Answer("mini/01", kind=AnswerKind.DONT_KNOW),
        Answer("mini/02", AnswerKind.LEVEL, 0),
    ]
    view.show(count_answers(everyone), {"mini/01": everyone[0], "mini/02": Answer("mini/02")})
    assert view.counts["mini/01"] == {"2": 2, "dont_know": 1}
    assert view.mine == {"mini/01": "2"}


# -- Weight, leaks, imports -----------------------------------------------------------


def test_a_whole_checklist_is_at_most_three_models(tmp_path):
    before = models()
    checklist = Checklist(big_framework(tmp_path, 60))
    plan = ActionPlan(checklist.framework, checklist)
    assert models() - before <= 6
    checklist.close()
    plan.close()
    assert models() == before


def test_adding_removing_and_reloading_leaves_no_model_behind(mini_framework, tmp_path):
    other = big_framework(tmp_path, 2)
    picker = FrameworkPicker(frameworks=[mini_framework, other])
    plan = ActionPlan(mini_framework)
    page = Page(plan)
    before = models()
    for n in range(5):
        action = plan.add_action(f"Action {n}")
        page.action(action.id, description="typed")
        plan.remove(action.id)
        page.action(f"p{n}", **new_card(title="From the page"))
        page.delete(f"p{n}")
    for _reload in range(3):
        plan.load([Action("a", "Loaded")])
    for chosen in ("big", "mini", "big"):
        picker.dropdown.value = chosen
    assert models() == before


def test_no_pandas_or_matplotlib_after_building_both_widgets():
    code = textwrap.dedent(
        """
        import sys
        from inclusion_widgets import ActionPlan, Checklist, load_framework
        from inclusion_widgets.widgets.group_view import GroupView
        framework = load_framework("tests/data/frameworks/mini.yaml")
        checklist = Checklist(framework)
        plan = ActionPlan(framework, checklist)
        plan.add_action("x")
        GroupView(framework)
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


def test_the_key_form_asks_again_with_a_sentence_and_escapes_what_it_shows():
    from inclusion_widgets.widgets.key_form import KeyForm, KeyFormTexts

    tried: list[tuple[str, str]] = []

    def open_with(code: str, key: str) -> str:
        tried.append((code, key))
        return "" if key == "RIGHT" else "The key <b>does not</b> match."

    texts = KeyFormTexts("Room", "Type the key of {code}.", "Key", "e.g. K7QP", "Open", "Type it.")
    form = KeyForm("<ABC>", texts, open_with)
    heading, field, button, problem = form.children
    assert 'Type the key of <strong class="ic-code">&lt;ABC&gt;</strong>.' in heading.value
    button.click()
    assert tried == [] and "Type it." in problem.value
    field.value = "WRONG"
    button.click()
    assert "The key &lt;b&gt;does not&lt;/b&gt; match." in problem.value
    field.value = "RIGHT"
    button.click()
    assert tried[-1] == ("<ABC>", "RIGHT") and problem.value == ""
