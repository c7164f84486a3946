"""A whole workshop on a shared Binder: ``jupyter server`` with Voila as its extension and a
login token, as Binder runs it. The facilitator starts from the start page; participants
have nothing but the invite link, each in a fresh browser context."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from conftest import ROOT, axe_violations, free_port, open_page, screenshot
from playwright.sync_api import Browser, expect
from test_start import fill_session_form
from test_workshop import answer, join

from inclusion_widgets.cli.serve import wait_until_up
from inclusion_widgets.store import Store

pytestmark = pytest.mark.browser

BINDER_MEMORY = 2 * 1024**3


@dataclass
class Binder:
    base_url: str
    token: str
    db_url: str
    process: subprocess.Popen[bytes]
    runtime: Path

    def kernel_transports(self) -> set[str]:
        """How each running kernel is reached, from its connection file."""
        return {
            json.loads(file.read_text())["transport"] for file in self.runtime.glob("kernel-*.json")
        }

    def kernel_parents(self) -> set[str]:
        """The module each running kernel's parent process runs (``-m``)."""
        parents = set()
        for process in psutil.Process(self.process.pid).children(recursive=True):
            command = process.cmdline()
            if "ipykernel_launcher" in command:
                parent = process.parent()
                assert parent is not None
                parents.add(parent.cmdline()[parent.cmdline().index("-m") + 1])
        return parents

    def url(self, notebook: str, query: str = "") -> str:
        return f"{self.base_url}/voila/render/workbooks/{notebook}{query}"

    def store(self) -> Store:
        return Store(self.db_url)


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Binder]:
    folder = tmp_path_factory.mktemp("binder")
    port, token = free_port(), secrets.token_hex(16)
    db_url = f"sqlite:///{folder / 'workshop.sqlite'}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "INCLUSION_DB_URL": db_url,
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        # What BinderHub and KubeSpawner put in a Binder server's environment.
        "BINDER_LAUNCH_HOST": "https://mybinder.org/",
        "BINDER_REPO_URL": "https://github.com/example/inclusion-workbook",
        "MEM_LIMIT": str(BINDER_MEMORY),
    }
    # Started as Binder starts it: through binder/start, which adds the repository's
    # server configuration.
    command = [
        str(ROOT / "binder" / "start"),
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={ROOT}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = folder / "server.log"
    process = subprocess.Popen(
        command,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
        cwd=folder,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_up(base, process):
            raise RuntimeError(f"jupyter server did not start:\n{log.read_text()}")
        yield Binder(base, token, db_url, process, folder / "runtime")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_a_workshop_on_a_shared_binder_runs_from_the_invite_link_alone(
    browser: Browser, binder: Binder, tmp_path: Path
):
    facilitator_context = browser.new_context(
        viewport={"width": 1280, "height": 800}, accept_downloads=True
    )
    start = open_page(
        facilitator_context.new_page(), binder.url("start.ipynb", f"?token={binder.token}")
    )
    # A personal Binder needs no creation key: the server's token already keeps others out.
    expect(start.get_by_label("Creation key")).to_have_count(0)
    fill_session_form(start, "Jelgava mentors Livadia")
    start.get_by_role("button", name="Create session").click()
    expect(start.locator(".ic-created")).to_contain_text("Session created", timeout=30_000)
    code = start.locator(".ic-created .ic-code").inner_text().strip()
    with facilitator_context.expect_page() as opened:
        start.get_by_role("link", name="Open the facilitator page").click()
    facilitator = opened.value
    facilitator.wait_for_selector("#loading", state="detached", timeout=90_000)

    invite = facilitator.locator(".ic-invite-link")
    expect(invite).to_be_visible(timeout=30_000)
    link = invite.get_attribute("href") or ""
    assert link.startswith(binder.url("participant.ipynb"))
    assert f"session={code}" in link and f"token={binder.token}" in link
    invite_box = facilitator.locator(".ic-invite")
    expect(invite_box).to_contain_text("Whoever has this link can use this server")
    expect(invite_box.locator(".ic-qr svg")).to_be_visible()
    expect(invite_box.locator(".ic-time-left")).to_contain_text(
        "This Binder has 5 h", timeout=30_000
    )
    expect(invite_box.locator(".ic-time-left")).to_contain_text("Download everything")
    expect(invite_box.locator(".ic-memory")).to_contain_text("of 2,048 MB")
    for width in (1280, 1024, 390):
        facilitator.set_viewport_size({"width": width, "height": 800})
        screenshot(facilitator, f"binder-facilitator-{width}")
    facilitator.set_viewport_size({"width": 1280, "height": 800})
    assert axe_violations(facilitator) == []

    # Without the token, the same page is the server's login page: the link is the key.
    stranger = browser.new_context().new_page()
    stranger.goto(link.replace(f"&token={binder.token}", ""))
    assert "/login" in stranger.url

    people = (
        ("Ilze Kalniņa", "Jelgava", "mentor", "oecd-12-01", "Established", "Monthly forum."),
        ("Γιώργος Νίκου", "Livadia", "mentee", "oecd-12-01", "Not started", "Όχι ακόμη."),
    )
    for name, city, role, item, level, note in people:
        page = open_page(browser.new_context().new_page(), link)
        join(page, name, city, role)
        answer(page, binder, code, item, level, note)

    # Thirty people opening the link in the same minute start thirty kernels: over TCP two
    # of them can pick the same free port and one page is cut off; Unix sockets cannot.
    assert binder.kernel_transports() == {"ipc"}
    # With no kernel waiting on Binder, each page's kernel is a fork of one process that
    # imported the stack once: ready sooner, and less CPU taken from the room's browsers.
    assert binder.kernel_parents() == {"inclusion_widgets.kernels.forkserver"}

    facilitator.get_by_role("tab", name="Who has joined").click()
    for name, *_rest in people:
        expect(facilitator.locator(".ic-dash-progress")).to_contain_text(name, timeout=30_000)

    facilitator.get_by_role("tab", name="Files").click()
    facilitator.locator(".ic-prepare-files").click()
    bundle_link = facilitator.locator(".ic-download-primary")
    expect(bundle_link).to_be_visible(timeout=30_000)
    with facilitator.expect_download() as download:
        bundle_link.click()
    bundle = tmp_path / download.value.suggested_filename
    download.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as archive:
        answers = next(name for name in archive.namelist() if name.endswith("answers.csv"))
        text = archive.read(answers).decode("utf-8-sig")
    assert "Ilze Kalniņa" in text and "Γιώργος Νίκου" in text
