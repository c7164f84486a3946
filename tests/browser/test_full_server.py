"""A server at its cap on kernels: a plain "workshop is full" page, and the facilitator told."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from conftest import (
    SCREENSHOTS,
    Server,
    new_session,
    open_page,
    screenshot,
    start_server,
    stop_server,
)
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

CAP = 2


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("full"), f"--max-kernels={CAP}")
    yield running
    stop_server(running)


def test_beyond_the_cap_a_page_says_the_workshop_is_full_and_the_facilitator_is_told(
    browser: Browser, small_server: Server
):
    code, key = new_session(small_server)
    participant_url = small_server.url("participant.ipynb", f"?session={code}")
    pages = []
    for _ in range(CAP):
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, participant_url)
        expect(page.get_by_label("Your name")).to_be_visible(timeout=30_000)
        pages.append(page)
    assert len(small_server.kernel_pids()) == CAP

    late = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    response = late.goto(participant_url)
    assert response is not None and response.status == 503
    expect(late.get_by_role("heading", name="This workshop is full right now")).to_be_visible()
    expect(late.get_by_text("Please try again in a minute")).to_be_visible()
    assert "Traceback" not in late.content()
    assert len(small_server.kernel_pids()) == CAP  # the refused page started no kernel
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1280, 1024, 390):
        late.set_viewport_size({"width": width, "height": 800})
        late.screenshot(path=str(SCREENSHOTS / f"workshop-full-{width}.png"), full_page=True)

    # The facilitator can still open the dashboard of a full room, and is told.
    facilitator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(facilitator, small_server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    full = facilitator.locator(".ic-server-full")
    expect(full).to_contain_text("The workshop server is full", timeout=30_000)
    expect(full).to_contain_text("try again in a minute")
    screenshot(facilitator, "facilitator-server-full")

    # Someone who has finished closes their tab, and so does the facilitator: there is room.
    pages[0].close(run_before_unload=True)
    facilitator.close(run_before_unload=True)
    deadline = time.monotonic() + 60
    while len(small_server.kernel_pids()) >= CAP and time.monotonic() < deadline:
        time.sleep(0.5)
    open_page(late, participant_url)
    expect(late.get_by_label("Your name")).to_be_visible(timeout=30_000)
