"""Screenshots of the Checklist and the ActionPlan as Voila renders them in Chromium.

A script, not a test: it starts Voila on a free port serving ``workbooks/``, fills in
a few answers and actions through the page like a participant would, and writes PNGs
to ``tests/browser/screenshots/`` at 1280x800, 1024x768 and 390x844 (a phone) for a
person to look at.

    /work/venv/bin/python tests/browser/shoot_widgets.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).parent / "screenshots"
FRAMEWORKS = [Path(__file__).parent / "data" / "frameworks", ROOT / "tests" / "data" / "frameworks"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_voila(port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["INCLUSION_FRAMEWORKS_PATH"] = os.pathsep.join(str(path) for path in FRAMEWORKS)
    voila = Path(sys.executable).parent / "voila"
    process = subprocess.Popen(
        [
            str(voila), str(ROOT / "workbooks"), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--show_tracebacks=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/tree", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("Voila did not start within 60 s")


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#loading", state="detached", timeout=120_000)
    page.wait_for_selector(".ic-checklist", timeout=60_000)


def full_shot(page: Page, path: Path, width: int, height: int) -> None:
    page.wait_for_timeout(600)
    content = page.evaluate(
        "() => { const el = document.querySelector('#rendered_cells');"
        " return el ? el.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": width, "height": max(height, int(content) + 40)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": height})


def answer(page: Page, item: str, level: str) -> None:
    page.locator(f".ic-item-{item}").get_by_role("radio", name=level, exact=True).check()


def fill_checklist(page: Page) -> None:
    answer(page, "demo-long-01", "In progress")
    first = page.locator(".ic-item-demo-long-01")
    first.get_by_label("Note").fill(
        f"The forum meets twice a year. Typed markup stays text: {HOSTILE}"
    )
    first.locator(".ic-more summary").click()
    first.get_by_text("What the answers mean").click()
    answer(page, "demo-long-02", "Not started")
    page.locator(".ic-item-demo-long-02").get_by_label("Priority for us").check()
    answer(page, "demo-long-03", "Don't know")
    answer(page, "demo-long-04", "Planned")


def shoot(page: Page, base: str, width: int, height: int) -> list[Path]:
    shots = []
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, f"{base}/voila/render/checklist.ipynb")
    fill_checklist(page)
    path = OUT / f"checklist-{width}.png"
    full_shot(page, path, width, height)
    shots.append(path)

    open_page(page, f"{base}/voila/render/action_plan.ipynb")
    fill_checklist(page)
    page.get_by_role("tab", name="Action plan").click()
    page.wait_for_selector(".ic-action-plan .ic-gaps li")
    page.get_by_role("button", name="Add action").click()
    card = page.locator(".ic-action").nth(0)
    card.get_by_label("Title", exact=True).fill(f"Set up a joint forum {HOSTILE}")
    card.get_by_label("Description", exact=True).fill(
        "Invite the region and the employment office; meet monthly."
    )
    page.get_by_role("button", name="Add action").click()
    second = page.locator(".ic-action").nth(1)
    second.get_by_label("Title", exact=True).fill("Ask the state for funding matched to tasks")
    second.get_by_label("Status", exact=True).select_option(label="Planned")
    second.get_by_label("Impact", exact=True).select_option(label="High")
    second.get_by_label("Effort", exact=True).select_option(label="Low")
    second.get_by_label("Start", exact=True).fill("2026-09-01")
    second.get_by_label("Due", exact=True).fill("2026-03-01")
    path = OUT / f"action-plan-{width}.png"
    full_shot(page, path, width, height)
    shots.append(path)

    page.get_by_role("radio", name="Impact and effort").check()
    path = OUT / f"action-plan-grid-{width}.png"
    full_shot(page, path, width, height)
    shots.append(path)
    return shots


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    voila = start_voila(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            dialogs: list[str] = []
            for width, height in ((1280, 800), (1024, 768), (390, 844)):
                page = browser.new_page()
                page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
                for path in shoot(page, f"http://127.0.0.1:{port}", width, height):
                    sideways = page.evaluate(
                        "() => document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    print(path, f"(sideways scroll: {sideways} px)")
                page.close()
            browser.close()
            if dialogs:
                raise SystemExit(f"a script ran in the page: {dialogs}")
    finally:
        voila.terminate()
        voila.wait(timeout=20)


if __name__ == "__main__":
    main()
