"""The facilitator key on the page: read once, then gone from the address bar and history."""

from __future__ import annotations

import pytest
from conftest import Server, new_session, open_page, screenshot
from playwright.sync_api import Browser, expect

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
    screenshot(page, "facilitator-key-asked")
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
