"""A real ``inclusion-workbook serve`` and Debian's Chromium driven by Playwright.

These tests fail, never skip, when Chromium or the server cannot start: CI must not
pass without having looked at the pages.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from inclusion_widgets.cli.serve import wait_until_up
from inclusion_widgets.frameworks import load_framework
from inclusion_widgets.store import Store

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SCREENSHOTS = HERE / "screenshots"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VOILA_READY_MS = 90_000
EXPECT_MS = 15_000
"""How long an ``expect`` waits: a kernel redraws a tab in well under a second, but a
2-core CI machine running the whole suite can take seconds (a failure still fails)."""
expect.set_options(timeout=EXPECT_MS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running workshop server and the store its kernels write to."""

    base_url: str
    db_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, notebook: str, query: str = "") -> str:
        return f"{self.base_url}/voila/render/{notebook}{query}"

    def store(self) -> Store:
        return Store(self.db_url)

    def kernel_pids(self) -> set[int]:
        """Process ids of the kernels this server started."""
        children = psutil.Process(self.process.pid).children(recursive=True)
        pids = set()
        for child in children:
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    pids.add(child.pid)
            except psutil.NoSuchProcess:
                continue
        return pids


def start_server(folder: Path, *extra: str, port: int = 0) -> Server:
    """``inclusion-workbook serve`` on ``port`` (a free one if 0), its store in ``folder``."""
    port = port or free_port()
    db_url = f"sqlite:///{folder / 'workshop.sqlite'}"
    log = folder / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANGUAGE": "en"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inclusion_widgets.cli",
            "serve",
            f"--port={port}",
            f"--db={db_url}",
            # Cold kernels by default, so a test knows which kernel a page got.
            "--pool-size=0",
            *extra,
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
        cwd=folder,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", db_url, process, log)
    if not wait_until_up(server.base_url, process):
        stop_server(server)
        raise RuntimeError(f"the server did not start:\n{log.read_text()}")
    return server


def stop_server(server: Server) -> None:
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("server"))
    yield running
    stop_server(running)


# Module scope: Playwright's sync API keeps its event loop marked as running until it stops,
# which would break every later test that runs its own loop (the deploy and autosave tests).
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def new_session(server: Server, framework: str = "oecd-12") -> tuple[str, str]:
    """A fresh session on the server: (code, facilitator key)."""
    info, key = server.store().create_session(
        load_framework(framework),
        title="Mentoring workshop: Larissa and Riga",
        mentor_city="Riga",
        mentee_city="Larissa",
    )
    return info.code, key


RENDERED = (
    "() => !!document.querySelector('.ic-app')"
    " && !document.body.innerText.includes('Loading widget')"
)


def open_page(page: Page, url: str) -> Page:
    """Go to a Voila page and wait until its notebook has run and its app is drawn.

    ``#loading`` goes before the widgets are drawn (Voila shows "Loading widget..."
    meanwhile), so a test also waits until the app itself is on the page.
    """
    page.goto(url, timeout=VOILA_READY_MS)
    page.wait_for_selector("#loading", state="detached", timeout=VOILA_READY_MS)
    page.wait_for_function(RENDERED, timeout=VOILA_READY_MS)
    return page


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot; Voila scrolls inside #rendered_cells, so grow the window first."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_function(RENDERED, timeout=VOILA_READY_MS)
    width = page.viewport_size["width"] if page.viewport_size else 1280
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight,"
        " document.querySelector('#rendered_cells')?.scrollHeight ?? 0)"
    )
    page.set_viewport_size({"width": width, "height": max(800, int(height) + 40)})
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 800})
    return path


def shoot(page: Page, name: str) -> None:
    """Screenshots at 1280, 1024 and 390 px; at none of them may the page be wider than
    the window."""
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(300)
        overflowing = page.evaluate(
            "() => document.documentElement.scrollWidth > window.innerWidth + 1"
        )
        assert not overflowing, f"{name} at {width} px is wider than the window"
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page; the serious and critical violations, as sentences."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup.sh (npm install in tests/browser)")
    page.wait_for_function(RENDERED, timeout=VOILA_READY_MS)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -- "
        + "; ".join(str(node["target"][0]) for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]
