"""The Checklist beyond Voila: workbooks/checklist.ipynb in a real JupyterLab server."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import ROOT, free_port
from playwright.sync_api import Browser, expect

from inclusion_widgets.cli.serve import wait_until_up

pytestmark = pytest.mark.browser

TOKEN = "lab-test-token"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "workbooks" / "checklist.ipynb", folder / "checklist.ipynb")
    port = free_port()
    log = folder / "lab.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.token={TOKEN}",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.news_url=",
            "--LabServerApp.workspaces_dir=" + str(folder / "workspaces"),
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "JUPYTER_CONFIG_DIR": str(folder / "cfg")},
        cwd=folder,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_until_up(base, process, timeout=90):
        os.killpg(process.pid, signal.SIGKILL)
        raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()}")
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def test_the_checklist_workbook_runs_in_jupyterlab_and_the_kernel_reads_the_answer(
    browser: Browser, lab: str
):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{lab}/lab/tree/checklist.ipynb?token={TOKEN}&reset", timeout=90_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(
        1, timeout=90_000
    )
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    card = page.locator(".ic-checklist .ic-item").first
    expect(card).to_be_visible(timeout=60_000)
    card.get_by_role("radio").nth(1).check()
    card.get_by_label("Note").fill("Answered in JupyterLab")
    card.get_by_label("Note").press("Tab")  # leaving the field sends it at once
    expect(page.locator(".ic-progress-line")).to_contain_text("1 of")

    # A new cell asks the kernel what the widget holds (``_`` is the picker shown above).
    page.locator(".jp-Notebook .jp-Cell").last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    editor = page.locator(".jp-Notebook .jp-Cell").last.locator(".cm-content")
    editor.click()
    editor.type("print([(a.level, a.note) for a in _.view.answers])")
    expect(editor).to_contain_text("_.view.answers")
    page.keyboard.press("Shift+Enter")
    expect(page.locator(".jp-OutputArea-output").last).to_contain_text(
        "[(1, 'Answered in JupyterLab')]", timeout=30_000
    )
