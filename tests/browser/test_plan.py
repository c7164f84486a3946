"""The group's plan and the votes on a real server: two participants vote and see the
counts change on each other's pages; the facilitator merges two drafts into one plan
action that lists both proposers; a gap stays listed until an action answers it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Server, axe_violations, new_session, open_page, screenshot
from playwright.sync_api import Browser, Page, expect
from test_workshop import join

from inclusion_widgets.edits import AgreedEdit
from inclusion_widgets.frameworks import load_framework
from inclusion_widgets.records import Action
from inclusion_widgets.store.models import Recorder

pytestmark = pytest.mark.browser

OECD = load_framework("oecd-12")
GAP_TITLE = f"1. {OECD.items[0].title}"


def saved(page: Page, check, what: str) -> None:
    """Wait until ``check()`` holds (the store has it), for up to 20 s."""
    for _attempt in range(80):
        if check():
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{what} within 20 s")


def test_two_participants_vote_and_the_facilitator_merges_drafts_into_the_plan(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    store = server.store()
    # The group agreed item 1 is at the lowest level (a gap) and item 2 at the top (not one).
    now = datetime.now(UTC)
    for item, level in (("oecd-12/01", 0), ("oecd-12/02", 3)):
        edit = AgreedEdit(item, {"kind": "level", "level": level}, 0, now)
        store.save_agreed(code, Recorder(key=key), edit)
    pages = {}
    for name, city in (("Marta", "Riga"), ("Nikos", "Larissa")):
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, server.url("participant.ipynb", f"?session={code}"))
        join(page, name, city, "mentee")
        pages[name] = page
    ids = {person.name: person.id for person in store.participants(code)}
    store.save_action(code, ids["Marta"], Action("m1", "One-stop desk", "Open daily"))
    store.save_action(code, ids["Nikos"], Action("n1", "Welcome desk", "Saturdays too"))

    for page in pages.values():
        page.locator(".lm-TabBar-tab", has_text="Votes").click()
    marta, nikos = pages["Marta"], pages["Nikos"]
    marta.get_by_role("button", name="Vote for Welcome desk").click(timeout=20_000)
    # Nikos's page shows Marta's vote without a reload.
    expect(nikos.locator(".ic-vote-row", has_text="Welcome desk")).to_contain_text(
        "1 vote", timeout=20_000
    )
    vote_gap = nikos.get_by_role("button", name=f"Vote for {GAP_TITLE}")
    for expected in ("1 vote", "2 votes", "3 votes"):
        vote_gap.click()
        expect(nikos.locator(".ic-vote-row", has_text=GAP_TITLE)).to_contain_text(
            expected, timeout=20_000
        )
    expect(nikos.locator(".ic-votes-left")).to_have_text("You have 0 votes left.")
    expect(vote_gap).to_be_focused()  # the rows drawn again keep the button used
    nikos.get_by_role("button", name="Vote for One-stop desk").click()
    refused = nikos.locator(".ic-vote-row", has_text="One-stop desk").get_by_role("alert")
    expect(refused).to_have_text(
        "You have no votes left (each person has 3). Take one back from something else to "
        "vote for this.",
        timeout=20_000,
    )
    nikos.get_by_role("button", name=f"Take a vote back from {GAP_TITLE}").click()
    expect(nikos.locator(".ic-votes-left")).to_have_text("You have 1 vote left.", timeout=20_000)
    expect(refused).to_be_hidden()
    expect(marta.locator(".ic-vote-row", has_text=GAP_TITLE)).to_contain_text(
        "2 votes", timeout=20_000
    )
    assert store.tally(code).counts == {"draft:n1": 1, "gap:oecd-12/01": 2}
    for width in (1280, 1024, 390):
        nikos.set_viewport_size({"width": width, "height": 800})
        screenshot(nikos, f"votes-{width}")

    facilitator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(facilitator, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    facilitator.locator(".lm-TabBar-tab", has_text="Group plan").click()
    gaps = facilitator.locator(".ic-plan-gaps")
    expect(gaps).to_contain_text(GAP_TITLE, timeout=20_000)
    expect(gaps).to_contain_text("2 votes")
    expect(gaps).not_to_contain_text(OECD.items[1].title)
    facilitator.get_by_label("Choose One-stop desk").check()
    facilitator.get_by_label("Choose Welcome desk").check()
    facilitator.get_by_role("button", name="Merge into one").click()
    # The draft with more votes comes first and gives the merged action its title.
    action = facilitator.get_by_role("region", name="Welcome desk")
    expect(action).to_contain_text("Proposed by Nikos, Marta", timeout=20_000)
    saved(facilitator, lambda: len(store.plan(code)) == 1, "the merged action was not saved")
    [merged] = store.plan(code)
    assert (merged.proposed_by, merged.drafts) == (("Nikos", "Marta"), ("n1", "m1"))
    # A later draft that says the same is added to it: every proposer and draft is kept.
    store.save_action(code, ids["Nikos"], Action("n2", "Desk open on Saturdays"))
    facilitator.get_by_label("Choose Desk open on Saturdays").check(timeout=20_000)
    facilitator.get_by_label("or add the chosen drafts to").select_option(label="Welcome desk")
    facilitator.get_by_role("button", name="Add to this action").click()
    saved(
        facilitator,
        lambda: store.plan(code)[0].drafts == ("n1", "m1", "n2"),
        "the added draft was not saved",
    )
    assert store.plan(code)[0].proposed_by == ("Nikos", "Marta")
    # The gap stays listed until the plan action answers it.
    expect(gaps).to_contain_text(GAP_TITLE)
    action.get_by_label("Owner").fill("Riga city hall")
    action.get_by_label("Linked items").select_option(label=GAP_TITLE)
    expect(gaps).not_to_contain_text(GAP_TITLE, timeout=20_000)
    expect(gaps).to_contain_text("No open gaps")
    saved(
        facilitator,
        lambda: (
            store.plan(code)[0].owner == "Riga city hall"
            and store.plan(code)[0].items == ("oecd-12/01",)
        ),
        "the owner and the linked item were not saved",
    )
    # A draft taken in on its own turns out to say the same: its action is merged in.
    store.save_action(code, ids["Marta"], Action("m2", "Newcomers' desk"))
    facilitator.get_by_role("listitem").filter(has_text="Newcomers' desk").get_by_role(
        "button", name="Take into plan"
    ).click(timeout=20_000)
    second = facilitator.get_by_role("region", name="Newcomers' desk")
    expect(second).to_contain_text("Proposed by Marta", timeout=20_000)
    for width in (1280, 1024, 390):
        facilitator.set_viewport_size({"width": width, "height": 800})
        screenshot(facilitator, f"group-plan-{width}")
    facilitator.set_viewport_size({"width": 1280, "height": 800})
    assert axe_violations(facilitator) == []
    second.get_by_label("Merge this action into").select_option(label="Welcome desk")
    second.get_by_role("button", name="Merge", exact=True).click()
    expect(second).to_have_count(0, timeout=20_000)
    expect(action).to_contain_text("Proposed by Nikos, Marta")
    saved(
        facilitator,
        lambda: [plan.drafts for plan in store.plan(code)] == [("n1", "m1", "n2", "m2")],
        "the merged plan actions were not saved",
    )
