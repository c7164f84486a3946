"""The start page in a real Voila server and Chromium: a facilitator creates a session
without a terminal, opens its facilitator page, and participants join and answer it."""

from __future__ import annotations

import re

import pytest
from conftest import Server, axe_violations, open_page, screenshot, start_server, stop_server
from playwright.sync_api import Browser, Page, expect
from test_workshop import answer, join

pytestmark = pytest.mark.browser


def fill_session_form(page: Page, title: str) -> None:
    frameworks = page.get_by_label("Framework")
    # ipywidgets puts no-break spaces into option labels.
    label = frameworks.locator("option", has_text="OECD").inner_text().replace("\xa0", " ")
    # Each framework says how many items it has and the languages it can be read in.
    assert re.fullmatch(
        r"OECD 12-point checklist for local integration · 12 items · en(, \w\w)*", label
    )
    frameworks.select_option(label=label)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Mentor city").fill("Riga")
    page.get_by_label("Mentee city").fill("Larissa")
    page.get_by_label("Theme").fill("Local integration")


def test_a_session_created_on_the_start_page_is_joined_answered_and_watched(
    browser: Browser, server: Server
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = open_page(context.new_page(), server.url("start.ipynb"))
    expect(page).to_have_title("Start a workshop session")
    # A server on this machine's loopback is personal: no creation key is asked for.
    expect(page.get_by_label("Creation key")).to_have_count(0)
    fill_session_form(page, "Riga mentors Larissa")
    page.get_by_role("button", name="Create session").click()
    created = page.locator(".ic-created")
    expect(created).to_contain_text("Session created", timeout=30_000)
    expect(created).to_contain_text("shown only now")
    code = created.locator(".ic-code").inner_text().strip()
    key = page.get_by_label("Facilitator key", exact=True).input_value()
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"start-created-{width}")
    assert axe_violations(page) == []

    store = server.store()
    info = store.session(code)
    assert (info.title, info.mentor_city, info.mentee_city, info.theme) == (
        "Riga mentors Larissa",
        "Riga",
        "Larissa",
        "Local integration",
    )
    assert store.check_key(code, key)

    with context.expect_page() as opened:
        page.get_by_role("link", name="Open the facilitator page").click()
    facilitator = opened.value
    facilitator.wait_for_selector("#loading", state="detached", timeout=90_000)
    expect(facilitator.locator(".ic-session-title")).to_contain_text(
        "Riga mentors Larissa", timeout=60_000
    )

    link = page.get_by_role("link", name="participant page of this session")
    participant_url = link.evaluate("anchor => anchor.href")
    participant = open_page(browser.new_context().new_page(), participant_url)
    join(participant, "Ilze Kalniņa", "Riga", "mentor")
    answer(participant, server, code, "oecd-12-05", "Established", "Created from the start page.")

    # The facilitator page that the start page opened sees the participant come in.
    facilitator.get_by_role("tab", name="Who has joined").click()
    expect(facilitator.get_by_text("Ilze Kalniņa").first).to_be_visible(timeout=30_000)


def test_a_follow_up_round_is_created_from_the_start_page(browser: Browser, server: Server):
    from conftest import new_session

    code, key = new_session(server)
    page = open_page(browser.new_context().new_page(), server.url("start.ipynb"))
    page.get_by_label("Earlier session").fill(code)
    page.get_by_label("Its facilitator key").fill("not-the-key")
    page.get_by_role("button", name="Create follow-up round").click()
    expect(page.locator(".ic-start-followup-form .ic-problem")).to_contain_text(
        "facilitator key does not match"
    )
    page.get_by_label("Its facilitator key").fill(key)
    page.get_by_role("button", name="Create follow-up round").click()
    created = page.locator(".ic-created")
    expect(created).to_contain_text("Session created", timeout=30_000)
    followup = server.store().session(created.locator(".ic-code").inner_text().strip())
    assert followup.baseline_code == code
    assert followup.round == 2


def test_a_shared_server_creates_sessions_only_with_its_creation_key(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("INCLUSION_CREATION_KEY", "room-key-7Qx")
    shared = start_server(tmp_path_factory.mktemp("shared"))
    try:
        printed = shared.log.read_text()
        start_link = re.search(r"Start page \(create a session\): (\S+)", printed)
        assert start_link is not None, printed
        assert start_link.group(1).endswith("start.ipynb?create=room-key-7Qx")

        page = open_page(browser.new_context().new_page(), shared.url("start.ipynb"))
        page.get_by_label("Creation key").fill("a-guess")
        fill_session_form(page, "Guessed")
        page.get_by_role("button", name="Create session").click()
        expect(page.locator(".ic-start-new .ic-problem")).to_contain_text(
            "creation key is not right"
        )
        assert shared.store().sessions() == []
        # What was typed stays in the form.
        expect(page.get_by_label("Title", exact=True)).to_have_value("Guessed")

        page = open_page(browser.new_context().new_page(), start_link.group(1))
        fill_session_form(page, "With the key")
        page.get_by_role("button", name="Create session").click()
        expect(page.locator(".ic-created")).to_contain_text("Session created", timeout=30_000)
        assert [info.title for info in shared.store().sessions()] == ["With the key"]
    finally:
        stop_server(shared)
