"""The notebook workbooks' framework picker, driven from Python: the menus and sentences a
person reads, in their language, and nothing they typed lost when they switch."""

from __future__ import annotations

import warnings
from pathlib import Path

from ipywidgets import HTML, Dropdown, Tab
from ipywidgets.widgets.widget import _instances

from inclusion_widgets.frameworks import list_frameworks, load_framework
from inclusion_widgets.i18n import translator
from inclusion_widgets.records import Action
from inclusion_widgets.widgets import ActionPlan, Checklist, FrameworkPicker
from inclusion_widgets.widgets.framework_picker import checklist_and_plan
from tests.widget_page import Page, html_of

BROKEN = "id: broken\nversion: '1'\ntitle: [unclosed\n"


def menus(picker: FrameworkPicker) -> dict[str, Dropdown]:
    """The page's menus by the label a person reads beside them."""
    found: dict[str, Dropdown] = {}

    def walk(widget: object) -> None:
        if isinstance(widget, Dropdown):
            found[widget.description] = widget
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(picker)
    return found


def views(widget: object, kind: type) -> list:
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += views(child, kind)
    return found


def broken_folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(tmp_path))
    return tmp_path


def test_the_picker_speaks_english_by_default():
    picker = FrameworkPicker()
    assert set(menus(picker)) == {"Framework", "Language"}
    oecd = load_framework("oecd-12")
    assert f"{oecd.title} (oecd-12)" in menus(picker)["Framework"].options[-1][0]
    assert "only while it is open" in html_of(picker)


def test_the_picker_in_greek_shows_the_menus_titles_and_checklist_in_greek():
    picker = FrameworkPicker(language="el")
    t = translator("el")
    found = menus(picker)
    assert set(found) == {t.gettext("Framework"), t.gettext("Language")}
    assert found[t.gettext("Language")].value == "el"
    greek = load_framework("oecd-12", lang="el")
    labels = [label for label, _value in found[t.gettext("Framework")].options]
    assert f"{greek.title} (oecd-12)" in labels
    assert "only while it is open" not in html_of(picker)
    found[t.gettext("Framework")].value = "oecd-12"
    checklist = views(picker, Checklist)[0]
    assert checklist.framework.title == greek.title
    assert checklist.labels == Checklist(greek, language="el").labels
    # The project's own translation is marked beside the source citation, as in the app.
    assert greek.translation is not None
    assert greek.translation.note in checklist.spec["source_note"]


def test_the_plan_workbook_names_its_tabs_in_the_language():
    plan = checklist_and_plan(load_framework("oecd-12", lang="lv"), "lv")
    t = translator("lv")
    assert isinstance(plan, Tab)
    assert plan.titles == (t.gettext("Checklist"), t.gettext("Action plan"))
    assert plan.titles != ("Checklist", "Action plan")


def test_switching_the_language_keeps_the_answers_and_actions(mini_framework):
    picker = FrameworkPicker(checklist_and_plan, frameworks=[mini_framework])
    checklist, plan = views(picker, Checklist)[0], views(picker, ActionPlan)[0]
    page = Page(checklist)
    page.choose("mini/01", 2)
    page.answer("mini/01", note="Typed before the switch")
    typed = plan.add_action("A forum")
    Page(plan).action(typed.id, base=plan.version(typed.id), owner="City hall")
    plan.load([*plan.actions, Action("a2", "Loaded action", position=1)])

    menus(picker)["Language"].value = "fr"

    t = translator("fr")
    assert t.gettext("Framework") in menus(picker)
    checklist, plan = views(picker, Checklist)[0], views(picker, ActionPlan)[0]
    assert checklist.labels == Checklist(mini_framework, language="fr").labels
    kept = checklist.answer("mini/01")
    assert (kept.level, kept.note) == (2, "Typed before the switch")
    assert [(a.id, a.title) for a in plan.actions] == [
        (typed.id, "A forum"),
        ("a2", "Loaded action"),
    ]
    assert plan.actions[0].owner == "City hall"
    assert views(picker, Tab)[0].titles == (t.gettext("Checklist"), t.gettext("Action plan"))


def test_answers_come_back_when_a_person_returns_to_a_framework(mini_framework):
    other = load_framework("oecd-12")
    picker = FrameworkPicker(frameworks=[mini_framework, other])
    Page(views(picker, Checklist)[0]).choose("mini/02", "dont_know")
    picker.dropdown.value = "oecd-12"
    assert views(picker, Checklist)[0].framework is other
    picker.dropdown.value = "mini"
    assert views(picker, Checklist)[0].answer("mini/02").kind.value == "dont_know"


def test_switching_language_and_framework_leaves_no_model_behind(mini_framework):
    picker = FrameworkPicker(checklist_and_plan, frameworks=[mini_framework])
    before = len(_instances)
    for language in ("el", "lv", "en"):
        menus(picker)[translator(picker.language).gettext("Language")].value = language
    assert len(_instances) == before


def test_without_frameworks_the_picker_says_where_it_looked_in_its_language():
    english = FrameworkPicker(frameworks=())
    assert "No framework file was found" in html_of(english)
    latvian = FrameworkPicker(frameworks=(), language="lv")
    shown = html_of(latvian)
    assert "No framework file was found" not in shown
    t = translator("lv")
    assert t.gettext("Set INCLUSION_FRAMEWORKS_PATH to a folder of framework files.") in shown


def test_a_broken_framework_file_is_said_under_the_menu_in_the_pickers_language(
    tmp_path, monkeypatch
):
    broken_folder(tmp_path, monkeypatch)
    picker = FrameworkPicker(language="fr")
    shown = html_of(picker)
    assert "broken.yaml, ligne" in shown
    assert "broken.yaml, line" not in shown
    assert "oecd-12" in [value for _label, value in picker.dropdown.options]
    menus(picker)[translator("fr").gettext("Language")].value = "de"
    assert "broken.yaml, Zeile" in html_of(picker)


def test_a_broken_file_name_is_escaped_on_the_page(tmp_path, monkeypatch):
    (tmp_path / "<b>x.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(tmp_path))
    shown = "\n".join(view.value for view in views(FrameworkPicker(), HTML))
    assert "&lt;b&gt;x.yaml" in shown and "<b>x" not in shown


def test_list_frameworks_warns_in_the_language_it_is_given(tmp_path, monkeypatch):
    broken_folder(tmp_path, monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ids = [framework.id for framework in list_frameworks(language="fr")]
        list_frameworks()
    assert "broken" not in ids and "oecd-12" in ids
    french, english = (str(warning.message) for warning in caught)
    assert french.startswith("broken.yaml, ligne 4 : erreur de syntaxe YAML")
    assert english.startswith("broken.yaml, line 4: YAML syntax error")
