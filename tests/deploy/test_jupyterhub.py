"""The workbooks on a real JupyterHub with PostgreSQL: a facilitator and three participants,
each on their own single-user server, answer in Chromium through the hub's proxy, and the
facilitator's dashboard shows all of them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from inclusion_widgets.frameworks import load_framework
from tests.browser.conftest import VOILA_READY_MS, open_page
from tests.deploy.hub import (  # noqa: F401 - the fixtures, found by pytest by their names
    FACILITATOR,
    PARTICIPANTS,
    Hub,
    browser_fixture,
    hub_fixture,
)

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.slow]

LEVELS = {"amira": "Established", "bram": "Not started", "chiara": "Started"}


def log_in_and_open(page: Page, url: str, user: str) -> Page:
    """Open ``url``; the hub asks who this is first, then sends the browser on."""
    page.goto(url, timeout=VOILA_READY_MS)
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill("any password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/voila/render/"), timeout=VOILA_READY_MS)
    return open_page(page, page.url)


def join_and_answer(page: Page, hub: Hub, code: str, name: str, level: str) -> None:
    try:
        page.get_by_label("Your name").fill(name)
    except PlaywrightTimeoutError as error:
        shown = " ".join(page.inner_text("body").split())[:800]
        raise AssertionError(f"no join form for {name}; the page read: {shown!r}") from error
    page.get_by_label("City", exact=True).select_option(label="Larissa")
    page.get_by_label("Organisation").fill("Municipality")
    page.get_by_label("Role").select_option(label="Mentee")
    page.get_by_role("button", name="Join the session").click()
    item = page.locator(".ic-item-oecd-12-01")
    item.get_by_role("radio", name=level, exact=True).check(timeout=30_000)
    item.get_by_label("Note").fill(f"Seen by {name} on the hub.")
    store = hub.store()
    for _attempt in range(80):
        if any(row.answer.note == f"Seen by {name} on the hub." for row in store.answers(code)):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the answer of {name} did not reach PostgreSQL")


def test_participants_on_their_own_hub_servers_share_one_postgresql_session(
    browser: Browser, hub: Hub
):
    info, key = hub.store().create_session(
        load_framework("oecd-12"), "Larissa mentored by Riga", "Riga", "Larissa"
    )
    facilitator = log_in_and_open(
        browser.new_context().new_page(),
        hub.user_url(
            FACILITATOR, f"voila/render/workbooks/facilitator.ipynb?session={info.code}&key={key}"
        ),
        FACILITATOR,
    )
    invite = facilitator.locator(".ic-invite-link")
    expect(invite).to_be_visible(timeout=30_000)
    link = invite.get_attribute("href") or ""
    # The hub sends everyone who opens it to their own server; no token is shared.
    assert link == (
        f"{hub.base_url}/hub/user-redirect/voila/render/workbooks/participant.ipynb"
        f"?session={info.code}"
    )
    expect(facilitator.locator(".ic-invite")).not_to_contain_text("Whoever has this link")

    for user in PARTICIPANTS:
        page = log_in_and_open(browser.new_context().new_page(), link, user)
        assert f"/user/{user}/voila/render/workbooks/participant.ipynb" in page.url
        join_and_answer(page, hub, info.code, user.capitalize(), LEVELS[user])

    facilitator.get_by_role("tab", name="Who has joined").click()
    for user in PARTICIPANTS:
        expect(facilitator.locator(".ic-dash-progress")).to_contain_text(
            user.capitalize(), timeout=30_000
        )
    store = hub.store()
    assert sorted(p.name for p in store.participants(info.code)) == ["Amira", "Bram", "Chiara"]
    assert {row.answer.level for row in store.answers(info.code)} == {0, 2, 3}
