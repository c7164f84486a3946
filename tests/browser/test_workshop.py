"""A workshop in a real Voila server and Debian's Chromium: join, score, note, reload."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from conftest import (
    Server,
    axe_violations,
    new_session,
    open_page,
    screenshot,
    start_server,
    stop_server,
)
from playwright.sync_api import Browser, Page, expect

from inclusion_widgets.records import AnswerKind

pytestmark = pytest.mark.browser

PEOPLE = (
    ("Ana Bērziņa", "Riga", "mentor", "oecd-12-01", "Established", "Forum meets monthly <b>x</b>"),
    ("Νίκος Παππάς", "Larissa", "mentee", "oecd-12-01", "Not started", "Δεν υπάρχει φόρουμ ακόμη."),
    ("Lucía Gómez", "Larissa", "partner", "oecd-12-02", "Don't know", "Hay que preguntar."),
)


def choose_city(page: Page, city: str) -> None:
    """Choose ``city`` from the join page's menu of the session's cities, or type it as
    another city."""
    menu = page.locator(".ic-join-city-choice select")
    offered = menu.locator("option").all_inner_texts()
    if city in offered:
        menu.select_option(label=city)
    else:
        menu.select_option(index=len(offered) - 1)  # "Another city", in any language
        page.fill(".ic-join-city input", city)


def join(page: Page, name: str, city: str, role: str) -> None:
    page.fill(".ic-join-name input", name)
    choose_city(page, city)
    page.fill(".ic-join-organisation input", f"City of {city}")
    page.select_option(".ic-join-role select", label=role.capitalize())
    page.click(".ic-join-button")
    page.wait_for_selector(".ic-session-bar .ic-personal-href", timeout=30_000)


def answer(page: Page, server: Server, code: str, item: str, level: str, note: str) -> None:
    """Choose a level and type a note, then wait until the store holds the note."""
    card = page.locator(f".ic-item-{item}")
    card.get_by_role("radio", name=level, exact=True).check()
    card.get_by_label("Note").fill(note)
    item_id = item.replace("oecd-12-", "oecd-12/")
    store = server.store()
    for _attempt in range(60):
        if any(
            row.answer.item_id == item_id and row.answer.note == note for row in store.answers(code)
        ):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"the note for {item_id} was not saved within 15 s")
    expect(page.locator(".ic-save-status")).to_contain_text("Saved", timeout=15_000)


def note_of(page: Page, item: str) -> str:
    return page.locator(f".ic-item-{item}").get_by_label("Note").input_value()


def test_three_participants_join_score_and_get_everything_back(browser: Browser, server: Server):
    code, _key = new_session(server)
    pages: list[Page] = []
    kernels: list[int] = []
    for name, city, role, item, level, note in PEOPLE:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        before = server.kernel_pids()
        open_page(page, server.url("participant.ipynb", f"?session={code}"))
        kernels.append((server.kernel_pids() - before).pop())
        if not pages:
            screenshot(page, "join")
            assert axe_violations(page) == []
        join(page, name, city, role)
        answer(page, server, code, item, level, note)
        pages.append(page)
    screenshot(pages[0], "checklist")
    assert axe_violations(pages[0]) == []

    # A reload keeps the personal link in the address bar and brings everything back.
    first = pages[0]
    assert "resume=" in first.url
    first.reload()
    first.wait_for_selector("#loading", state="detached", timeout=90_000)
    first.wait_for_selector(".ic-item-oecd-12-01 textarea", timeout=30_000)
    assert note_of(first, "oecd-12-01") == "Forum meets monthly <b>x</b>"
    card = first.locator(".ic-item-oecd-12-01")
    expect(card.get_by_role("radio", name="Established", exact=True)).to_be_checked()
    expect(card.locator(".ic-level-help")).to_contain_text("Established")

    # A participant whose kernel died opens their personal link and finds their work.
    second = pages[1]
    link = second.locator(".ic-personal-href").get_attribute("href")
    os.kill(kernels[1], signal.SIGKILL)
    fresh = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(fresh, server.url("participant.ipynb", link))
    fresh.wait_for_selector(".ic-item-oecd-12-01 textarea", timeout=30_000)
    assert note_of(fresh, "oecd-12-01") == "Δεν υπάρχει φόρουμ ακόμη."

    # The store holds exactly what was typed, and nothing else.
    store = server.store()
    people = {p.id: p.name for p in store.participants(code)}
    saved = {
        (people[row.participant_id], row.answer.item_id): row.answer for row in store.answers(code)
    }
    assert len(people) == 3
    assert set(saved) == {
        (name, item.replace("oecd-12-", "oecd-12/")) for name, _c, _r, item, *_ in PEOPLE
    }
    assert saved[("Ana Bērziņa", "oecd-12/01")].level == 3
    assert saved[("Νίκος Παππάς", "oecd-12/01")].level == 0
    assert saved[("Lucía Gómez", "oecd-12/02")].kind is AnswerKind.DONT_KNOW
    assert saved[("Lucía Gómez", "oecd-12/02")].note == "Hay que preguntar."


def test_the_action_plan_is_saved_from_the_page(browser: Browser, server: Server):
    code, _key = new_session(server)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Jonas", "Jelgava", "mentee")
    answer(page, server, code, "oecd-12-03", "Not started", "No budget line at all.")
    page.get_by_role("tab", name="Action plan").click()
    page.get_by_role("button", name="Add action").click()
    card = page.locator(".ic-action").nth(0)
    card.get_by_label("Title", exact=True).fill("Ask the region for a budget line")
    card.get_by_label("Status", exact=True).select_option(label="Planned")
    store = server.store()
    for _attempt in range(60):
        actions = [row.action for row in store.actions(code)]
        if [(a.title, a.status.value) for a in actions] == [
            ("Ask the region for a budget line", "planned")
        ]:
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"the action was not saved as typed: {actions}")
    screenshot(page, "action-plan")
    assert axe_violations(page) == []


def test_a_page_without_a_code_asks_for_it_and_a_wrong_one_is_a_sentence(
    browser: Browser, server: Server
):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb"))
    page.fill(".ic-code-input input", "ZZZZZZ")
    page.click(".ic-open-session")
    expect(page.locator(".ic-problem")).to_contain_text("no session with the code")
    assert "Traceback" not in page.content()
    screenshot(page, "no-code")
    assert axe_violations(page) == []


def test_the_checklist_works_from_the_keyboard(browser: Browser, server: Server):
    code, _key = new_session(server)
    page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Ilze", "Jelgava", "mentee")
    card = page.locator(".ic-item-oecd-12-04")
    card.get_by_role("radio", name="Not started", exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # the radio group: arrows move the choice
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # "Established"
    expect(card.get_by_role("radio", name="Established", exact=True)).to_be_checked()
    expect(card.locator(".ic-level-help")).to_contain_text("Established")
    page.keyboard.press("Tab")  # one Tab stop for the whole group: on to its explanation
    expect(card.get_by_text("What the answers mean")).to_be_focused()
    page.keyboard.press("Enter")  # every choice's meaning, without choosing it
    expect(card.locator(".ic-meanings dd").first).to_be_visible()
    card.get_by_label("Note").focus()
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")  # leaving the field saves at once
    store = server.store()
    for _attempt in range(60):
        saved = [row.answer for row in store.answers(code)]
        if saved and saved[0].note == "Typed without a mouse.":
            break
        page.wait_for_timeout(250)
    assert [(a.item_id, a.level, a.note) for a in saved] == [
        ("oecd-12/04", 3, "Typed without a mouse.")
    ]
    screenshot(page, "checklist-1024")


@pytest.fixture
def pooled_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server that keeps one kernel waiting for each workshop page."""
    server = start_server(tmp_path_factory.mktemp("pooled"), "--pool-size=1")
    yield server
    stop_server(server)


def test_pre_heated_kernels_read_the_link_they_were_opened_with(
    browser: Browser, pooled_server: Server
):
    server = pooled_server
    code, _key = new_session(server)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Greta", "Jelgava", "mentee")
    answer(page, server, code, "oecd-12-06", "Started", "Front desk trained in 2025.")
    page.reload()
    page.wait_for_selector("#loading", state="detached", timeout=90_000)
    page.wait_for_selector(".ic-item-oecd-12-06 textarea", timeout=30_000)
    assert note_of(page, "oecd-12-06") == "Front desk trained in 2025."


def test_text_typed_just_before_the_kernel_dies_reaches_the_store_after_a_reopen(
    browser: Browser, server: Server
):
    code, _key = new_session(server)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    before = server.kernel_pids()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    kernel = (server.kernel_pids() - before).pop()
    join(page, "Rasa", "Riga", "mentor")
    link = page.locator(".ic-personal-href").get_attribute("href")
    note = "Typed a moment before the kernel died."
    page.locator(".ic-item-oecd-12-05").get_by_label("Note").fill(note)
    page.wait_for_timeout(100)
    os.kill(kernel, signal.SIGKILL)
    page.wait_for_timeout(1_000)
    assert not [row for row in server.store().answers(code) if row.answer.note == note]

    # The person closes the dead page and opens the personal link again in the same
    # browser: the new page sends what the browser kept.
    page.close()
    again = context.new_page()
    open_page(again, server.url("participant.ipynb", link))
    store = server.store()
    for _attempt in range(60):
        saved = [row.answer for row in store.answers(code) if row.answer.note == note]
        if saved:
            break
        again.wait_for_timeout(250)
    assert [answer.item_id for answer in saved] == ["oecd-12/05"]
    assert note_of(again, "oecd-12-05") == note


SIDEWAYS = (
    "() => Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,"
    " ...[...document.querySelectorAll('#rendered_cells, .ic-root')]"
    ".map((el) => el.scrollWidth - el.clientWidth))"
)


def test_a_phone_shows_one_column_without_sideways_scrolling(browser: Browser, server: Server):
    code, _key = new_session(server)
    page = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Mara", "Jelgava", "partner")
    card = page.locator(".ic-item-oecd-12-02")
    card.get_by_role("radio", name="Started", exact=True).tap()
    card.get_by_text("What the answers mean").tap()  # every meaning, by tap
    expect(card.locator(".ic-meanings dd").first).to_be_visible()
    note, evidence = card.get_by_label("Note"), card.get_by_label("Evidence or example")
    assert evidence.bounding_box()["y"] > note.bounding_box()["y"] + 20  # stacked
    assert page.evaluate(SIDEWAYS) <= 0
    screenshot(page, "checklist-390")
    assert axe_violations(page) == []
    page.get_by_role("tab", name="Action plan").tap()
    page.get_by_role("button", name="Add action").tap()
    page.locator(".ic-action").first.get_by_label("Title", exact=True).fill("A phone plan")
    assert page.evaluate(SIDEWAYS) <= 0
    screenshot(page, "action-plan-390")
    assert axe_violations(page) == []
