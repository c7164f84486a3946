"""The facilitator's page against a real server: live, guarded by the key, readable."""

from __future__ import annotations

import pytest
from conftest import Server, axe_violations, new_session, open_page, screenshot
from playwright.sync_api import Browser, expect
from test_workshop import answer, join

from inclusion_widgets.demo import create_demo

pytestmark = pytest.mark.browser

TABS = (
    ("Who has joined", "progress"),
    ("Where we stand", "standing"),
    ("Where we disagree", "disputed"),
    ("Mentor vs mentee", "comparison"),
    ("Rounds", "rounds"),
    ("Action plan", "plan"),
)


def test_the_dashboard_shows_disagreement_live_and_refuses_a_wrong_key(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    facilitator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(facilitator, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    facilitator.evaluate("() => { window.stillTheSamePage = true; }")
    # The open tab must change by itself as answers arrive, not only when it is opened.
    facilitator.locator(".lm-TabBar-tab", has_text="Where we disagree").click()
    disputed = facilitator.locator(".ic-dash-disputed")
    expect(disputed).not_to_contain_text("oecd-12/01", timeout=20_000)

    for name, role, level, note in (
        ("Marta", "mentor", "Embedded and evaluated", "Our forum meets every month."),
        ("Nikos", "mentee", "Not started", "Nothing like it here <script>x</script>"),
    ):
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, server.url("participant.ipynb", f"?session={code}"))
        join(page, name, "Larissa", role)
        answer(page, server, code, "oecd-12-01", level, note)

    expect(disputed).to_contain_text("oecd-12/01", timeout=20_000)
    expect(disputed).to_contain_text("Nothing like it here <script>x</script>")
    facilitator.locator(".lm-TabBar-tab", has_text="Mentor vs mentee").click()
    expect(facilitator.locator(".ic-dash-comparison")).to_contain_text("-4.0", timeout=20_000)
    facilitator.locator(".lm-TabBar-tab", has_text="Who has joined").click()
    for name in ("Marta", "Nikos"):
        expect(facilitator.locator(".ic-dash-progress")).to_contain_text(name, timeout=20_000)
    assert facilitator.evaluate("() => window.stillTheSamePage === true")

    wrong = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(wrong, server.url("facilitator.ipynb", f"?session={code}&key=WRONG-KEY-0000"))
    expect(wrong.locator(".ic-problem")).to_contain_text("facilitator key does not match")
    content = wrong.content()
    assert "Marta" not in content and "Nikos" not in content and "ic-dashboard" not in content


def test_the_demo_dashboard_looks_finished(browser: Browser, server: Server):
    sessions = create_demo(server.store())
    followup = next(demo for demo in sessions if demo.info.baseline_code)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(
        page, server.url("facilitator.ipynb", f"?session={followup.info.code}&key={followup.key}")
    )
    for title, name in TABS:
        page.locator(".lm-TabBar-tab", has_text=title).click()
        expect(page.locator(f".ic-dash-{name}")).to_be_visible()
        screenshot(page, f"dashboard-{name}")
        assert axe_violations(page) == [], title
    assert page.locator(".ic-dash-progress tbody tr").count() >= 8


NO_WORD_SPLIT = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.ic-dash-standing th')) {
    const text = cell.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    for (const word of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) split.push(word[0]);
    }
  }
  return split;
}"""
"""The words of the "Where we stand" table's headers that a line break cuts in two."""


def test_where_we_stand_headers_never_break_a_word_on_a_phone(browser: Browser, server: Server):
    code, key = new_session(server)
    page = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}&lang=de"))
    page.locator(".lm-TabBar-tab", has_text="Wo wir stehen").click()
    headers = page.locator(".ic-dash-standing th")
    expect(headers.nth(1)).to_have_text("Antworten mit Stufe")
    assert page.evaluate(NO_WORD_SPLIT) == []


CHART_FIT = """(name) => {
  const chart = [...document.querySelectorAll('svg[role=img]')].find(
    (svg) => svg.getAttribute('aria-label') === name && svg.getBoundingClientRect().width > 0);
  const box = chart.getBoundingClientRect();
  const scale = box.width / chart.viewBox.baseVal.width;
  const sizes = [...chart.querySelectorAll('text')].map(
    (text) => parseFloat(getComputedStyle(text).fontSize) * scale);
  const cells = document.querySelector('#rendered_cells') || document.documentElement;
  return {
    smallest: Math.min(...sizes),
    labels: [...chart.querySelectorAll('text')].map((text) => text.textContent).join(' '),
    pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth
      || cells.scrollWidth > cells.clientWidth,
  };
}"""
"""How small the heat map's text is on screen, what it says, and whether the page scrolls
sideways."""


def test_where_we_stand_heat_map_is_readable_at_every_width(browser: Browser, server: Server):
    sessions = create_demo(server.store())
    demo = next(demo for demo in sessions if not demo.info.baseline_code)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={demo.info.code}&key={demo.key}"))
    page.locator(".lm-TabBar-tab", has_text="Where we stand").click()
    chart = page.get_by_role("img", name="Where the group stands")
    expect(chart).to_be_visible(timeout=20_000)
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        seen = page.evaluate(CHART_FIT, "Where the group stands")
        assert seen["smallest"] >= 10, (width, seen["smallest"])
        assert not seen["pageScrollsSideways"], width
        assert "Not started" in seen["labels"] and "Don't know" in seen["labels"]
        expect(chart).to_contain_text("kf-01")
        screenshot(page, f"dashboard-standing-{width}")
