"""The notebook workbooks (checklist, action plan) served by Voila, in the language of their
address and of their menu; and the app pages with nothing empty drawn on them."""

from __future__ import annotations

import pytest
from conftest import Server, new_session, open_page, shoot
from playwright.sync_api import Browser, Page, expect
from untranslated import english_interface, english_left

from inclusion_widgets.frameworks import load_framework
from inclusion_widgets.i18n import translator
from inclusion_widgets.widgets import labels
from inclusion_widgets.widgets.framework_picker import INTRO

pytestmark = pytest.mark.browser

WORKBOOK_STRINGS = ("Framework", "Language", "Checklist", "Action plan", INTRO)


WORKBOOK_ENGLISH = english_interface((labels.CHECKLIST, labels.ACTION_PLAN), WORKBOOK_STRINGS)


def choose_language(page: Page, name: str, menu_label: str) -> None:
    menu = page.get_by_label(menu_label, exact=True)
    menu.focus()  # as a person's click does: the field they typed in loses focus and sends
    menu.select_option(label=name)


def test_the_checklist_workbook_speaks_the_language_of_its_address_and_keeps_answers(
    browser: Browser, server: Server
):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("checklist.ipynb", "?lang=fr"))
    french, greek = load_framework("oecd-12", lang="fr"), load_framework("oecd-12", lang="el")
    page.get_by_label("Référentiel", exact=True).select_option(label=f"{french.title} (oecd-12)")
    expect(page.get_by_text(french.items[0].title)).to_be_visible()
    expect(page.get_by_label("Langue", exact=True)).to_have_value("Français")
    assert english_left(page, "fr", WORKBOOK_ENGLISH) == []

    card = page.locator(".ic-item-oecd-12-01")
    level = french.scale_for(french.items[0]).levels[2].label
    card.get_by_role("radio", name=level, exact=True).check()
    card.get_by_label("Note", exact=True).fill("Un forum existe · <b>pas de HTML</b>")
    choose_language(page, "Ελληνικά", "Langue")
    expect(page.get_by_text(greek.items[0].title)).to_be_visible()
    card = page.locator(".ic-item-oecd-12-01")
    greek_level = greek.scale_for(greek.items[0]).levels[2].label
    expect(card.get_by_role("radio", name=greek_level, exact=True)).to_be_checked()
    expect(card.get_by_label("Σημείωση", exact=True)).to_have_value(
        "Un forum existe · <b>pas de HTML</b>"
    )
    assert english_left(page, "el", WORKBOOK_ENGLISH) == []
    shoot(page, "workbook-checklist-greek")
    choose_language(page, "Latviešu", "Γλώσσα")
    expect(page.get_by_label("Ietvars", exact=True)).to_be_visible()
    assert english_left(page, "lv", WORKBOOK_ENGLISH) == []
    shoot(page, "workbook-checklist-latvian")


def test_the_action_plan_workbook_in_latvian_and_greek_keeps_the_actions(
    browser: Browser, server: Server
):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("action_plan.ipynb", "?lang=lv"))
    t = translator("lv")
    latvian = load_framework("oecd-12", lang="lv")
    page.get_by_label("Ietvars", exact=True).select_option(label=f"{latvian.title} (oecd-12)")
    page.get_by_role("tab", name=t.gettext("Action plan")).click()
    page.get_by_role("button", name=t.gettext(labels.ACTION_PLAN["add"])).click()
    title = page.locator(".ic-action").first.get_by_label(
        t.gettext(labels.ACTION_PLAN["title"]), exact=True
    )
    title.fill("Kopīgs forums ar reģionu")
    title.press("Tab")
    assert english_left(page, "lv", WORKBOOK_ENGLISH) == []
    shoot(page, "workbook-action-plan-latvian")
    choose_language(page, "Ελληνικά", "Valoda")
    el = translator("el")
    expect(page.get_by_role("tab", name=el.gettext("Action plan"))).to_have_attribute(
        "aria-selected", "true"
    )
    expect(
        page.locator(".ic-action").first.get_by_label(
            el.gettext(labels.ACTION_PLAN["title"]), exact=True
        )
    ).to_have_value("Kopīgs forums ar reģionu")
    assert english_left(page, "el", WORKBOOK_ENGLISH) == []
    shoot(page, "workbook-action-plan-greek")


# A box that draws colour but holds no text and nothing else: what a person sees as a stray
# grey pill. Form fields, pictures and chart bars are meant to be drawn empty.
EMPTY_BOXES = """() => [...document.querySelectorAll('#rendered_cells *')].filter((el) => {
  if (el.children.length || el.textContent.trim()) return false;
  if (el.closest('svg, select, input, textarea, button, img, canvas, hr')) return false;
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return false;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden') return false;
  return !['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)', 'transparent']
    .includes(style.backgroundColor);
}).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)"""


def test_no_page_draws_an_empty_box(browser: Browser, server: Server):
    code, key = new_session(server)
    presenter_key = server.store().presenter_key(code, key)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    for notebook, query in (
        ("presenter.ipynb", f"?session={code}&lang=el"),
        ("presenter.ipynb", f"?session={code}&key={presenter_key}"),
        ("facilitator.ipynb", f"?session={code}&lang=lv"),
        ("facilitator.ipynb", f"?session={code}&key={key}"),
        ("start.ipynb", "?lang=el"),
        ("participant.ipynb", f"?session={code}&lang=lv"),
        ("checklist.ipynb", "?lang=el"),
    ):
        open_page(page, server.url(notebook, query))
        page.wait_for_timeout(1500)  # the status line has pinged its kernel by now
        assert page.evaluate(EMPTY_BOXES) == [], f"{notebook}{query}"
