"""The README's two lines in marimo: the Checklist renders and its answers reach Python."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, free_port
from playwright.sync_api import Browser, expect

from inclusion_widgets.cli.serve import wait_until_up

pytestmark = pytest.mark.browser

NOTEBOOK = textwrap.dedent(
    """
    import marimo

    app = marimo.App()


    @app.cell
    def _():
        from pathlib import Path

        from inclusion_widgets import Checklist, load_framework

        checklist = Checklist(load_framework("oecd-12"))
        checklist.on_answer_change(
            lambda answer: Path("answer.txt").write_text(f"{answer.level} {answer.note}")
        )
        checklist
        return
    """
)


@pytest.fixture
def marimo_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    (tmp_path / "checklist.py").write_text(NOTEBOOK, encoding="utf-8")
    port = free_port()
    log = tmp_path / "marimo.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "marimo", "run", "checklist.py", "--headless", "--no-token",
         f"--port={port}", "--host=127.0.0.1"],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    if not wait_until_up(base, process, timeout=90):
        os.killpg(process.pid, signal.SIGKILL)
        raise RuntimeError(f"marimo did not start:\n{log.read_text()}")
    yield base, tmp_path / "answer.txt"
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def test_the_checklist_runs_in_marimo_and_python_hears_the_answer(
    browser: Browser, marimo_app: tuple[str, Path]
):
    url, answer_file = marimo_app
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url, timeout=90_000)
    card = page.locator(".ic-item").first
    expect(card).to_be_visible(timeout=90_000)
    card.get_by_role("radio", name="Planned or aware", exact=True).check()
    card.get_by_label("Note").fill("Answered in marimo")
    card.get_by_label("Note").press("Tab")
    expect(card.locator(".ic-level-help")).to_contain_text("Planned or aware")
    for _attempt in range(60):
        if answer_file.exists() and answer_file.read_text() == "1 Answered in marimo":
            break
        page.wait_for_timeout(250)
    assert answer_file.read_text() == "1 Answered in marimo"
