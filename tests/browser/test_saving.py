"""Nothing typed is lost: two tabs on one personal link, a refused change, an action added
and removed at once, a lock while a note is still on its way."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from conftest import Server, new_session, open_page, screenshot
from playwright.sync_api import Browser, Locator, Page, expect
from test_workshop import join

pytestmark = pytest.mark.browser

STATUS = ".ic-save-status"
WIDTHS = (1280, 1024, 390)


def item(page: Page, number: int) -> Locator:
    return page.locator(f".ic-item-oecd-12-{number:02d}")


def note(page: Page, number: int) -> Locator:
    return item(page, number).get_by_label("Note")


def stored(server: Server, code: str, what: Callable[[object], bool], seconds: float = 20) -> None:
    """Wait until the store holds what is asked; fail with what it holds."""
    store = server.store()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers = [row.answer for row in store.answers(code)]
        if what(answers):
            return
        time.sleep(0.25)
    raise AssertionError(f"the store holds {answers}")


def shots(page: Page, name: str) -> None:
    """The page at the three widths people use: a laptop, a small laptop, a phone."""
    size = page.viewport_size or {"width": 1280, "height": 800}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size(size)


def personal_tabs(browser: Browser, server: Server, code: str) -> tuple[Page, Page]:
    first = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(first, server.url("participant.ipynb", f"?session={code}"))
    join(first, "Laila", "Riga", "mentee")
    link = first.locator(".ic-personal-href").get_attribute("href")
    second = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(second, server.url("participant.ipynb", link))
    expect(note(second, 1)).to_be_visible(timeout=30_000)
    return first, second


def test_two_tabs_on_one_personal_link_keep_each_others_changes(browser: Browser, server: Server):
    code, _key = new_session(server)
    first, stale = personal_tabs(browser, server, code)

    # The first tab writes a note; the other one, still showing nothing, picks a level.
    note(first, 1).fill("Written in the first tab")
    stored(server, code, lambda rows: [a.note for a in rows] == ["Written in the first tab"])
    item(stale, 1).get_by_role("radio", name="Established", exact=True).check()
    stored(
        server,
        code,
        lambda rows: [(a.level, a.note) for a in rows] == [(3, "Written in the first tab")],
    )
    # Each tab shows the other's change within a few seconds.
    expect(note(stale, 1)).to_have_value("Written in the first tab", timeout=10_000)
    expect(item(first, 1).get_by_role("radio", name="Established", exact=True)).to_be_checked(
        timeout=10_000
    )

    # Both tabs write the same note at once: the newer is current, the other one reachable.
    note(first, 2).fill("The first tab's view")
    note(stale, 2).fill("The second tab's view")
    stored(server, code, lambda rows: any(a.note == "The second tab's view" for a in rows))
    conflict = stale.get_by_text("Your other tab saved a different note")
    expect(conflict).to_be_visible(timeout=15_000)
    item(stale, 2).get_by_text("Show", exact=True).click()
    expect(item(stale, 2).get_by_text("The first tab's view")).to_be_visible()
    shots(stale, "conflict")
    item(stale, 2).get_by_role("button", name="Use it").click()
    stored(server, code, lambda rows: any(a.note == "The first tab's view" for a in rows))
    expect(note(stale, 2)).to_have_value("The first tab's view")

    # My answers lists the text that was replaced, and brings it back.
    stale.get_by_role("tab", name="My answers").click()
    stale.get_by_role("button", name="Show earlier versions of my notes").click()
    history = stale.locator(".ic-note-history")
    expect(history.get_by_text("The second tab's view")).to_be_visible(timeout=10_000)
    shots(stale, "my-answers")
    row = history.locator(".ic-history-row", has_text="The second tab's view")
    row.get_by_role("button", name="Bring back").click()
    expect(history.get_by_text("is current again")).to_be_visible(timeout=10_000)
    stored(server, code, lambda rows: any(a.note == "The second tab's view" for a in rows))


def test_a_tab_whose_note_is_older_shows_the_newer_one_and_keeps_its_own(
    browser: Browser, server: Server
):
    code, _key = new_session(server)
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(laptop, server.url("participant.ipynb", f"?session={code}"))
    join(laptop, "Ilze", "Riga", "mentee")
    link = laptop.locator(".ic-personal-href").get_attribute("href")
    # A phone whose clock is five minutes behind: what it types counts as typed earlier.
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.clock.install(time=datetime.now(UTC) - timedelta(minutes=5))
    open_page(phone, server.url("participant.ipynb", link))
    expect(note(phone, 1)).to_be_visible(timeout=30_000)

    # The phone's note waits in the page (its clock paused, so the pause in typing never
    # ends) while the laptop's newer note is saved; leaving the field then sends it.
    phone.clock.pause_at(datetime.now(UTC) - timedelta(minutes=4))
    note(phone, 1).fill("Older, from the phone")
    note(laptop, 1).fill("Newer, from the laptop")
    note(laptop, 1).press("Tab")
    stored(server, code, lambda rows: [a.note for a in rows] == ["Newer, from the laptop"])
    note(phone, 1).press("Tab")
    phone.clock.resume()
    expect(note(phone, 1)).to_have_value("Newer, from the laptop", timeout=15_000)
    stored(server, code, lambda rows: [a.note for a in rows] == ["Newer, from the laptop"])
    expect(item(phone, 1).get_by_text("Your other tab saved a newer note")).to_be_visible()
    item(phone, 1).get_by_role("button", name="Show yours").click()
    expect(item(phone, 1).get_by_text("Older, from the phone")).to_be_visible()
    note(phone, 1).scroll_into_view_if_needed()
    shots(phone, "conflict-newer")


def test_a_refused_action_stops_no_later_save(browser: Browser, server: Server):
    code, _key = new_session(server)
    page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Aija", "Jelgava", "mentee")
    page.get_by_role("tab", name="Action plan").click()
    page.get_by_role("button", name="Add action").click()
    card = page.locator(".ic-action").first
    card.get_by_label("Title", exact=True).fill("Ask the region for a budget line")
    card.get_by_label("Start").fill("2026-06-01")
    card.get_by_label("Due").fill("2026-05-01")
    # The page's own check at once, then the store's sentence at the due date.
    expect(
        card.get_by_text(re.compile("The due date .*is before the start date")).first
    ).to_be_visible(timeout=10_000)
    page.get_by_role("tab", name="Self-assessment").click()
    note(page, 3).fill("Saved although the action was refused")
    note(page, 4).fill("And this one too")
    stored(
        server,
        code,
        lambda rows: (
            sorted(a.note for a in rows)
            == ["And this one too", "Saved although the action was refused"]
        ),
    )
    expect(page.locator(STATUS)).not_to_contain_text("retrying", timeout=5_000)
    page.get_by_role("tab", name="Action plan").click()
    expect(card.get_by_label("Title", exact=True)).to_have_value("Ask the region for a budget line")
    shots(page, "refused")
    # Corrected, the action is saved too.
    card.get_by_label("Due").fill("2026-09-01")
    store = server.store()
    titles = ["Ask the region for a budget line"]
    deadline = time.monotonic() + 20
    # The card was saved blank when it was added: wait for the corrected whole card.
    while time.monotonic() < deadline and [r.action.title for r in store.actions(code)] != titles:
        time.sleep(0.25)
    assert [row.action.title for row in store.actions(code)] == titles


def test_an_action_added_and_removed_at_once_stops_no_later_save(browser: Browser, server: Server):
    code, _key = new_session(server)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Peteris", "Riga", "mentor")
    page.get_by_role("tab", name="Action plan").click()
    page.get_by_role("button", name="Add action").click()
    page.locator(".ic-action").first.get_by_role("button", name="Remove").click()
    page.get_by_role("tab", name="Self-assessment").click()
    note(page, 5).fill("Typed after the removed action")
    stored(server, code, lambda rows: [a.note for a in rows] == ["Typed after the removed action"])
    expect(page.locator(STATUS)).to_contain_text("Saved", timeout=10_000)
    assert server.store().actions(code) == []


def test_a_note_in_flight_when_the_answers_are_locked_is_saved(browser: Browser, server: Server):
    code, key = new_session(server)
    facilitator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(facilitator, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, "Marta", "Larissa", "partner")
    note(page, 6).fill("Typed just before the lock")
    facilitator.get_by_role("button", name="Lock answers").click()
    stored(server, code, lambda rows: [a.note for a in rows] == ["Typed just before the lock"])
    expect(facilitator.get_by_text("1 person still had text in flight")).to_be_visible(
        timeout=20_000
    )
    expect(facilitator.get_by_text("it was saved")).to_be_visible()
    expect(page.get_by_text("The facilitator has locked the answers")).to_be_visible(timeout=10_000)
    expect(note(page, 6)).to_have_value("Typed just before the lock")
