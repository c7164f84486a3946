"""The facilitator key on the page: read once, then gone from the address bar and history;
someone who joined twice: their way back, and the facilitator's merge and removal."""

from __future__ import annotations

import pytest
from conftest import Server, new_session, open_page, screenshot
from playwright.sync_api import Browser, Page, expect
from test_workshop import choose_city

from inclusion_widgets.store.tokens import READABLE

pytestmark = pytest.mark.browser


def test_the_key_leaves_the_address_bar_and_a_reload_asks_for_it(browser: Browser, server: Server):
    code, key = new_session(server)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    expect(page.locator(".ic-dashboard")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(server.url("facilitator.ipynb", f"?session={code}"), timeout=30_000)
    assert key not in page.content()
    assert key not in page.evaluate("() => window.location.href")
    open_page(page, page.url)  # a reload, as the facilitator would do
    field = page.get_by_label("Facilitator key")
    expect(field).to_be_visible(timeout=30_000)
    example = (field.get_attribute("placeholder") or "").removeprefix("e.g. ")
    assert example and set(example.replace("-", "")) <= set(READABLE), example
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"facilitator-key-asked-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})
    field.fill(key)
    page.get_by_role("button", name="Open the dashboard").click()
    expect(page.locator(".ic-dashboard")).to_be_visible(timeout=30_000)
    assert key not in page.content()


def test_an_unknown_code_and_a_wrong_key_get_the_same_sentence(browser: Browser, server: Server):
    code, _key = new_session(server)
    sentences = []
    for query in (f"?session={code}&key=WRONG-KEY-0000", "?session=AAA-AAA-AAA&key=WRONG"):
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, server.url("facilitator.ipynb", query))
        problem = page.locator(".ic-problem")
        expect(problem).to_be_visible(timeout=30_000)
        sentences.append(problem.inner_text())
    assert sentences[0] == sentences[1] == "The facilitator key does not match this session code."


def join_as(page: Page, name: str, city: str) -> None:
    page.get_by_label("Your name").fill(name)
    choose_city(page, city)
    page.get_by_label("Role").select_option(label="Mentee")
    page.get_by_role("button", name="Join the session").click()


def test_someone_who_joined_twice_is_pointed_out_merged_and_a_stray_removed(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    participant_url = server.url("participant.ipynb", f"?session={code}")
    first = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(first, participant_url)
    join_as(first, "Ana Bērziņa", "Riga")
    expect(first.locator(".ic-personal-href")).to_be_visible(timeout=30_000)

    # The same person on another device, without the personal link.
    again = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(again, participant_url)
    join_as(again, "ana bērziņa ", "RIGA")
    expect(again.get_by_text("Someone with the same name, city")).to_be_visible(timeout=30_000)
    expect(again.get_by_label("Personal link")).to_be_visible()
    for width in (1280, 1024, 390):
        again.set_viewport_size({"width": width, "height": 800})
        screenshot(again, f"join-again-{width}")
    again.get_by_role("button", name="Join as a new participant").click()
    expect(again.locator(".ic-personal-href")).to_be_visible(timeout=30_000)
    store = server.store()
    store.join(code, "Stray Visitor", "Nowhere")
    assert len(store.participants(code)) == 3

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    expect(page.get_by_text("Probably the same person: Ana Bērziņa, Riga")).to_be_visible(
        timeout=30_000
    )
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"facilitator-duplicates-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})
    # The later join is kept: it is the link the person uses now.
    page.get_by_role("button", name="Merge Ana Bērziņa into ana bērziņa…").click()
    expect(page.get_by_text("Merge Ana Bērziņa into ana bērziņa?")).to_be_visible()
    screenshot(page, "facilitator-merge-confirm")
    assert len(store.participants(code)) == 3  # nothing changes before the confirmation
    page.get_by_role("button", name="Yes, merge them").click()
    expect(page.get_by_text("Merged:")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Probably the same person")).to_have_count(0)

    chooser = page.get_by_label("Participant", exact=True)
    stray = chooser.locator("option", has_text="Stray Visitor").text_content() or ""
    chooser.select_option(label=stray)
    page.get_by_role("button", name="Remove…").click()
    expect(page.get_by_text("Remove Stray Visitor?")).to_be_visible()
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("Removed from the session view")).to_be_visible(timeout=30_000)
    assert [p.name for p in store.participants(code)] == ["ana bērziņa"]
