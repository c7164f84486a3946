"""The agreed assessment on a real server: the facilitator records what the group agreed
beside its answers and notes, so does the note-taker it names; participants see it beside
their own answer."""

from __future__ import annotations

import pytest
from conftest import Server, axe_violations, new_session, open_page, screenshot
from playwright.sync_api import Browser, expect
from test_workshop import answer, join

pytestmark = pytest.mark.browser

ITEM = "Vertical coordination at the relevant scale"


def test_the_facilitator_records_an_agreed_level_and_three_participants_see_it(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    participants = []
    for name, level, note in (
        ("Marta", "Established", "Our forum meets every month."),
        ("Nikos", "Not started", "Nothing like it here <b>yet</b>"),
        ("Ilze", "Started", "Jelgava has a working group."),
    ):
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, server.url("participant.ipynb", f"?session={code}"))
        join(page, name, "Larissa", "mentee")
        answer(page, server, code, "oecd-12-01", level, note)
        participants.append(page)

    facilitator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(facilitator, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    facilitator.locator(".lm-TabBar-tab", has_text="Agreed assessment").click()
    item = facilitator.get_by_role("region", name=ITEM)
    # Beside the record: how the group answered and what people wrote.
    expect(item).to_contain_text("3 answers", timeout=20_000)
    expect(item).to_contain_text("Nothing like it here <b>yet</b>")
    item.get_by_label("Agreed level").select_option(label="2 Started")
    item.get_by_label("Reasoning").fill("A forum exists in Riga only; Larissa starts one.")
    item.get_by_label("Revisit this item").check()
    store = server.store()
    for _attempt in range(80):
        agreed = {result.item_id: result for result in store.agreed(code)}
        result = agreed.get("oecd-12/01")
        if result and result.reasoning.endswith("starts one.") and result.revisit:
            break
        facilitator.wait_for_timeout(250)
    else:
        raise AssertionError("the agreed result was not saved within 20 s")
    assert (result.level, result.recorded_by) == (2, "Facilitator")
    expect(item).to_contain_text("Recorded by Facilitator", timeout=15_000)
    for width in (1280, 1024, 390):
        facilitator.set_viewport_size({"width": width, "height": 800})
        screenshot(facilitator, f"agreed-assessment-{width}")
    facilitator.set_viewport_size({"width": 1280, "height": 800})
    assert axe_violations(facilitator) == []

    # The facilitator names Marta note-taker: her page gains the tab, and what she records
    # appears on the facilitator's page.
    facilitator.locator(".ic-note-taker select").select_option(label="Marta")
    marta = participants[0]
    marta.locator(".lm-TabBar-tab", has_text="Agreed assessment").click(timeout=20_000)
    hers = marta.get_by_role("region", name=ITEM)
    expect(hers.get_by_label("Reasoning")).to_have_value(
        "A forum exists in Riga only; Larissa starts one.", timeout=20_000
    )
    hers.get_by_label("Evidence").fill("Minutes of the Riga forum, March")
    expect(item.get_by_label("Evidence")).to_have_value(
        "Minutes of the Riga forum, March", timeout=20_000
    )
    expect(item).to_contain_text("Recorded by Marta")
    for page in participants[1:]:
        assert page.locator(".lm-TabBar-tab", has_text="Agreed assessment").count() == 0

    facilitator.locator(".ic-reveal").click()
    for page in participants:
        page.locator(".lm-TabBar-tab", has_text="Group view").click(timeout=20_000)
        shown = page.locator(".ic-agreed-result")
        expect(shown).to_contain_text("The group agreed: 2 Started", timeout=20_000)
        expect(shown).to_contain_text("A forum exists in Riga only")
        expect(shown).to_contain_text("To revisit")
    for width in (1280, 1024, 390):
        participants[1].set_viewport_size({"width": width, "height": 800})
        screenshot(participants[1], f"group-view-agreed-{width}")

    # A later change by the facilitator reaches the open participant pages.
    item.get_by_label("Agreed level").select_option(label="Don't know")
    for page in participants:
        expect(page.locator(".ic-agreed-result")).to_contain_text(
            "The group agreed: Don't know", timeout=20_000
        )
