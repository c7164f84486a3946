"""The Checklist beyond Voila: workbooks/checklist.ipynb in a real JupyterLab server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from urllib.request import Request, urlopen

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
    start_kernel(base, "checklist.ipynb")
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def start_kernel(base: str, notebook: str) -> None:
    """Start the notebook's kernel through the server's REST API, as a running notebook has:
    JupyterLab then opens the notebook on it instead of asking, in a dialog that races the
    page's loading, which kernel to start."""
    body = {"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}}
    request = Request(
        f"{base}/api/sessions?token={TOKEN}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urlopen(request, timeout=60) as response:
        assert response.status == 201


def test_the_checklist_workbook_runs_in_jupyterlab_and_the_kernel_reads_the_answer(
    browser: Browser, lab: str
):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    # JupyterLab may still ask which kernel to use when the page loads before its list of
    # kernels: the person accepts the one proposed, the kernel started for the notebook.
    kernel_dialog = page.get_by_role("dialog").filter(has_text="Select Kernel")
    page.add_locator_handler(
        kernel_dialog, lambda: kernel_dialog.get_by_role("button", name="Select Kernel").click()
    )
    news = page.get_by_role("alert").filter(has_text="official Jupyter news")
    page.add_locator_handler(news, lambda: news.get_by_role("button", name="No").click())
    page.goto(f"{lab}/lab/tree/checklist.ipynb?token={TOKEN}&reset", timeout=90_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(
        1, timeout=90_000
    )
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    card = page.locator(".ic-checklist .ic-item").first
    expect(card).to_be_visible(timeout=60_000)
    card.get_by_role("radio", name="Planned or aware", exact=True).check()
    card.get_by_label("Note").fill("Answered in JupyterLab")
    card.get_by_label("Note").press("Tab")  # leaving the field sends it at once
    expect(card.locator(".ic-level-help")).to_contain_text("Planned or aware")
    expect(page.locator(".ic-progress-line")).to_contain_text("1 of")

    # A new cell at the end asks the kernel what the widget holds (``_`` is the picker).
    cells = page.locator(".jp-Notebook .jp-Cell")
    page.get_by_role("button", name="Click to add a cell.").click()
    expect(cells).to_have_count(2)
    editor = cells.last.locator(".cm-content")
    editor.click()
    editor.press_sequentially("print([(a.level, a.note) for a in _.view.answers])")
    expect(editor).to_contain_text("_.view.answers")
    page.keyboard.press("Shift+Enter")
    expect(cells.nth(1).locator(".jp-OutputArea-output")).to_contain_text(
        "[(1, 'Answered in JupyterLab')]", timeout=30_000
    )
