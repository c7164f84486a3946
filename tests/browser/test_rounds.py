"""Who is who: the join page's city menu, and the facilitator pairing two rounds' people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Server, new_session, open_page, screenshot
from playwright.sync_api import Browser, Page, expect

from inclusion_widgets.edits import AgreedEdit
from inclusion_widgets.records import Answer, AnswerKind
from inclusion_widgets.store.models import Recorder

pytestmark = pytest.mark.browser

WIDTHS = (1280, 1024, 390)


def shoot(page: Page, name: str) -> None:
    """The page at each width of the project's screenshots."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"{name}-{width}")


def test_a_participant_chooses_their_city_or_types_another(browser: Browser, server: Server):
    code, _key = new_session(server)  # mentor city Riga, mentee city Larissa
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    menu = page.get_by_label("City", exact=True)
    expect(menu.locator("option")).to_have_text(
        ["Choose your city", "Riga", "Larissa", "Another city"]
    )
    typed = page.get_by_label("Your city")
    expect(typed).to_be_hidden()
    menu.select_option(label="Another city")
    expect(typed).to_be_visible()
    shoot(page, "join-city")
    # Riga typed another way is Riga, so that "compare by city" sees one Riga.
    typed.fill(" rīga ")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Role").select_option(label="Mentor")
    page.get_by_role("button", name="Join the session").click()
    bar = page.locator(".ic-session-bar")
    expect(bar).to_contain_text("Ana, Riga", timeout=30_000)
    assert [person.city for person in server.store().participants(code)] == ["Riga"]
    # The session bar keeps the same choice, to change it later.
    bar.get_by_label("City", exact=True).select_option(label="Larissa")
    expect(bar).to_contain_text("Ana, Larissa")
    assert [person.city for person in server.store().participants(code)] == ["Larissa"]
    shoot(page, "session-bar-city")


def test_the_facilitator_pairs_two_people_the_names_missed(browser: Browser, server: Server):
    store = server.store()
    code, key = new_session(server)
    followup, followup_key = store.create_followup(code, key, "Six months later")
    rounds = (
        (code, key, "Zoe", 1, "Only a forum on paper."),
        (followup.code, followup_key, "Anne-Zoé", 3, "The forum meets every month."),
    )
    for session_code, session_key, name, level, reasoning in rounds:
        person, _token = store.join(session_code, name, "Lyon", "", "mentee")
        store.save_answer(session_code, person.id, Answer("oecd-12/01", AnswerKind.LEVEL, level))
        agreed = {"kind": "level", "level": level, "reasoning": reasoning}
        edit = AgreedEdit("oecd-12/01", agreed, 0, datetime.now(UTC))
        store.save_agreed(session_code, Recorder(key=session_key), edit)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={followup.code}&key={followup_key}"))
    page.locator(".lm-TabBar-tab", has_text="Rounds").click()
    rounds_tab = page.locator(".ic-dash-rounds")
    agreed = rounds_tab.get_by_role(
        "table", name="What the group agreed at baseline and at follow-up"
    )
    first = agreed.get_by_role("row").nth(1)
    expect(first).to_contain_text("Only a forum on paper.")
    expect(first).to_contain_text("The forum meets every month.")
    expect(first).to_contain_text("+2.0")
    expect(rounds_tab).to_contain_text("Not matched")
    expect(rounds_tab).to_contain_text("Nobody who answered both rounds changed a level yet.")
    page.get_by_label("Follow-up", exact=True).select_option(label="Anne-Zoé, Lyon")
    page.get_by_label("is the same person as").select_option(label="Zoe, Lyon")
    page.get_by_role("button", name="Pair them").click()
    movers = rounds_tab.get_by_role("table", name="Who moved between the rounds")
    expect(movers).to_contain_text("Anne-Zoé, Lyon", timeout=20_000)
    expect(movers).to_contain_text("+2.0")
    expect(rounds_tab).not_to_contain_text("Not matched")
    assert len(store.round_pairs(followup.code)) == 1
    shoot(page, "rounds-paired")
