"""A Voila page whose kernel is still making widgets while the browser connects draws them
all: the kernel holds its widget messages back until the page asks for every widget."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, free_port
from playwright.sync_api import Browser, expect

from inclusion_widgets.cli.serve import wait_until_up

pytestmark = pytest.mark.browser

PARTS = 40
LATE_WIDGETS = f"""
import asyncio
import ipywidgets as w
from inclusion_widgets.app.page_load import hold_widget_messages_while_the_page_loads

hold_widget_messages_while_the_page_loads()
frame = w.VBox()
made = []
made_first = []


def answer(_button):
    made_first[-1].value = "the kernel heard the click"


def add_part(n=1):
    # Each step a new box holding every part made so far, as a page that rebuilds a panel.
    if n == 1:  # made while the browser is still connecting, shown at the end
        button = w.Button(description="Click me")
        button.on_click(answer)
        made_first.extend((button, w.HTML("")))
    made.append(w.HTML(f"part {{n}} of {PARTS}"))
    frame.children = (w.VBox(list(made)),)
    if n < {PARTS}:
        asyncio.get_running_loop().call_later(0.1, add_part, n + 1)
    else:
        frame.children = (*frame.children, *made_first)


asyncio.get_running_loop().call_soon(add_part)
frame
"""
PAGES = 4
"""Without the hold, most loads of this page stayed on "Loading widget..." (4 of 6 here)."""


@pytest.fixture
def late_widgets_page(tmp_path: Path) -> Iterator[str]:
    """Plain Voila serving a notebook that makes its widgets for four seconds after its
    cell has returned, while the browser loads the page and connects."""
    notebook = tmp_path / "late.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(LATE_WIDGETS)]), notebook
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}"],
        stdout=(tmp_path / "voila.log").open("wb"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_up(base, process), (tmp_path / "voila.log").read_text()
        yield f"{base}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def test_widgets_made_while_the_page_connects_are_all_drawn(
    browser: Browser, late_widgets_page: str
) -> None:
    for _load in range(PAGES):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(late_widgets_page, timeout=90_000)
        expect(page.get_by_text(f"part {PARTS} of {PARTS}", exact=True)).to_be_visible(
            timeout=30_000
        )
        expect(page.get_by_text("part 1 of", exact=False)).to_have_count(1)
        assert "Loading widget" not in page.inner_text("body")
        assert page.locator(".jupyter-widgets-error-widget").count() == 0
        # Widgets made while the page loaded still talk both ways.
        page.get_by_role("button", name="Click me").click()
        expect(page.get_by_text("the kernel heard the click")).to_be_visible()
        context.close()
