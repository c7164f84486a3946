"""A page and its kernel: the status tells the truth about the connection, a closed
page's kernel goes, an open page's kernel stays, a lost kernel is said in a sentence."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT, Server, free_port, new_session, open_page, start_server, stop_server
from playwright.sync_api import Browser, Page, expect
from test_workshop import answer, join

from inclusion_widgets.cli.serve import voila_command, wait_until_up, workbooks_folder

pytestmark = pytest.mark.browser

STATUS = ".ic-save-status"
CULL = "10"


def wait_until(check, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} within {seconds:.0f} s")


def voila_pid(server: Server) -> int:
    """The Voila process that ``serve`` started (the command itself only waits for it)."""
    for child in psutil.Process(server.process.pid).children():
        if any("voila" in part for part in child.cmdline()):
            return int(child.pid)
    raise AssertionError("serve started no Voila process")


def participant(browser: Browser, server: Server, code: str, name: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}"))
    join(page, name, "Jelgava", "mentee")
    return page


def test_a_lost_connection_turns_the_status_red_and_nothing_typed_meanwhile_is_lost(
    browser: Browser, tmp_path: Path
):
    server = start_server(tmp_path)
    try:
        code, _key = new_session(server)
        page = participant(browser, server, code, "Inga")
        answer(page, server, code, "oecd-12-01", "Started", "Before the outage.")
        # Far down the page the status is still in view.
        page.locator(".ic-item-oecd-12-12").scroll_into_view_if_needed()
        expect(page.locator(".ic-item-oecd-12-01")).not_to_be_in_viewport()
        expect(page.locator(STATUS)).to_be_in_viewport()
        voila = voila_pid(server)
        os.kill(voila, signal.SIGSTOP)  # the server stops answering
        try:
            started = time.monotonic()
            status = page.locator(STATUS)
            page.wait_for_function(
                "() => /ic-save-(saving|retrying)/.test("
                "document.querySelector('.ic-save-status').className)",
                timeout=3_000,
            )
            assert time.monotonic() - started < 3.5
            expect(status).to_have_text("Not saved - reconnecting", timeout=5_000)
            page.locator(".ic-item-oecd-12-12").get_by_label("Note").fill(
                "Typed during the outage."
            )
            time.sleep(2)
            expect(status).to_have_text("Not saved - reconnecting")
        finally:
            os.kill(voila, signal.SIGCONT)
        expect(status).to_contain_text("Saved", timeout=15_000)
        wait_until(
            lambda: (
                sorted(row.answer.note for row in server.store().answers(code))
                == ["Before the outage.", "Typed during the outage."]
            ),
            15,
            "the note typed during the outage was not saved",
        )
    finally:
        stop_server(server)


def test_a_restarted_server_is_said_in_a_sentence_and_the_personal_link_brings_all_back(
    browser: Browser, tmp_path: Path
):
    server = start_server(tmp_path)
    port = int(server.base_url.rsplit(":", 1)[1])
    code, _key = new_session(server)
    page = participant(browser, server, code, "Rita")
    answer(page, server, code, "oecd-12-02", "Established", "Saved before the restart.")
    stop_server(server)
    expect(page.locator(STATUS)).to_have_text("Not saved - reconnecting", timeout=8_000)
    server = start_server(tmp_path, port=port)
    try:
        gone = page.get_by_role("alert").filter(has_text="lost its place on the server")
        expect(gone).to_be_visible(timeout=20_000)
        gone.get_by_role("link", name="Reopen my personal link").click()
        page.wait_for_selector("#loading", state="detached", timeout=90_000)
        note = page.locator(".ic-item-oecd-12-02").get_by_label("Note")
        expect(note).to_have_value("Saved before the restart.", timeout=30_000)
        assert "Traceback" not in page.content()
    finally:
        stop_server(server)


def test_leaving_a_page_shuts_its_kernel_down_without_a_403(browser: Browser, server: Server):
    code, _key = new_session(server)
    before = server.kernel_pids()
    page = participant(browser, server, code, "Olga")
    (kernel,) = server.kernel_pids() - before
    page.goto("about:blank")  # leaving runs Voila's unload beacon
    wait_until(lambda: not psutil.pid_exists(kernel), 20, "the left page's kernel did not stop")
    assert " 403 " not in server.log.read_text(errors="replace")


def test_ten_closed_pages_leave_only_the_waiting_kernels_once_the_cull_window_passed(
    browser: Browser, tmp_path: Path
):
    server = start_server(tmp_path, f"--cull-idle={CULL}", "--pool-size=1")
    try:
        code, key = new_session(server)
        wait_until(lambda: len(server.kernel_pids()) == 2, 60, "two kernels did not wait")
        for number in range(10):
            page = browser.new_context(viewport={"width": 1024, "height": 700}).new_page()
            if number in (3, 7):  # two facilitators, whose dashboards poll every second
                open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
            else:
                open_page(page, server.url("participant.ipynb", f"?session={code}"))
            page.wait_for_timeout(1_500)
            # Closed without unload handlers: as when a laptop sleeps or a browser crashes.
            page.context.close()
        wait_until(
            lambda: len(server.kernel_pids()) == 2,
            120,
            f"the kernels of closed pages were not culled ({len(server.kernel_pids())} left)",
        )
    finally:
        stop_server(server)


def test_an_open_page_keeps_its_kernel_where_even_connected_kernels_are_culled(
    browser: Browser, tmp_path: Path
):
    """As on mybinder.org, where an idle kernel goes after 10 minutes with its tab open."""
    port = free_port()
    idle = int(CULL)
    binder = {
        "cull_connected": "--MappingKernelManager.cull_connected=True",
        # Look for idle kernels every second, so that two windows hold many looks.
        "cull_interval": "--MappingKernelManager.cull_interval=1",
    }
    command = [
        next((option for name, option in binder.items() if name in part), part)
        for part in voila_command(workbooks_folder(), port, "127.0.0.1", idle, 0)
    ]
    log = tmp_path / "voila.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "INCLUSION_DB_URL": f"sqlite:///{tmp_path / 'binder.sqlite'}",
    }
    process = subprocess.Popen(
        command,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", env["INCLUSION_DB_URL"], process, log)
    try:
        assert wait_until_up(server.base_url, process)
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, server.url("participant.ipynb"))
        (kernel,) = server.kernel_pids()
        page.wait_for_timeout(idle * 2_000)  # two cull windows with nothing to do
        culling = f"idle durations > {idle} seconds at 1 second intervals"
        assert culling in log.read_text(), "the server did not cull as configured"
        assert psutil.pid_exists(kernel), "the kernel of the open page was culled"
        page.fill(".ic-code-input input", "ZZZZZZ")
        page.click(".ic-open-session")
        expect(page.locator(".ic-problem")).to_contain_text("no session with the code")
    finally:
        stop_server(server)
