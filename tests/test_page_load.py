"""A Voila page's kernel sends no widget message between the end of the page's cell and
the page's request for every widget's state, through a real kernel and the messages a
page's widget manager sends."""

from __future__ import annotations

import asyncio
import os
import queue
import time
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import AsyncKernelManager

from inclusion_widgets.frameworks import load_framework
from inclusion_widgets.store import Store

pytestmark = [pytest.mark.server, pytest.mark.timeout(180)]

PARTICIPANT_CELL = "from inclusion_widgets.app import participant_app\nparticipant_app()"
CONTROL = "jupyter.widget.control"
CONTROL_VERSION = {"version": "1.0.0"}
"""What a page's widget manager announces when it opens the control comm (ipywidgets 8)."""
QUIET_SECONDS = 4.0
"""Longer than the participant's workbook takes to build after its cell."""


def a_participant(tmp_path: Path) -> tuple[str, str]:
    """A store with a session and one participant: (store URL, the page's query string)."""
    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    store = Store(url)
    info, _key = store.create_session(load_framework("oecd-12"), "Round 1", "Riga", "Larissa")
    _participant, token = store.join(info.code, "Ana", "Riga")
    store.close()
    return url, f"session={info.code}&resume={token}"


async def open_kernel(env: dict[str, str]) -> tuple[AsyncKernelManager, Any]:
    kernel = AsyncKernelManager(kernel_name="python3")
    await kernel.start_kernel(env={**os.environ, "LANGUAGE": "en", **env})
    client = kernel.client()
    client.start_channels()
    await client.wait_for_ready(timeout=120)
    return kernel, client


async def run_cell(client: Any, code: str) -> list[dict[str, Any]]:
    """Run a cell as Voila does; the widget messages published while it ran."""
    published: list[dict[str, Any]] = []
    reply = await client.execute_interactive(code, timeout=60, output_hook=published.append)
    assert reply["content"]["status"] == "ok", reply["content"]
    return [message for message in published if message["msg_type"].startswith("comm_")]


async def widget_messages(client: Any, seconds: float) -> list[dict[str, Any]]:
    """The widget messages the kernel publishes within ``seconds``."""
    seen = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await client.get_iopub_msg(timeout=left)
        except queue.Empty:
            break
        if message["msg_type"].startswith("comm_"):
            seen.append(message)
    return seen


async def ask_for_every_widget(client: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Do what a page's widget manager does when it connects; the states it gets, and the
    widget messages published before them."""
    comm_id = "control-comm"
    for kind, content in [
        ("comm_open", {"comm_id": comm_id, "target_name": CONTROL, "data": {}}),
        ("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}),
    ]:
        client.shell_channel.send(client.session.msg(kind, content, metadata=CONTROL_VERSION))
    before = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        message = await client.get_iopub_msg(timeout=30)
        data = message["content"].get("data", {})
        if message["msg_type"] == "comm_msg" and data.get("method") == "update_states":
            return data["states"], before
        if message["msg_type"].startswith("comm_"):
            before.append(message)
    pytest.fail("the kernel never answered the request for every widget's state")


def page_test(env: dict[str, str]) -> Any:
    def decorate(scenario: Any) -> Any:
        def test(tmp_path: Path) -> None:
            async def in_loop() -> None:
                db_url, query = a_participant(tmp_path)
                kernel, client = await open_kernel(
                    {"INCLUSION_DB_URL": db_url, "QUERY_STRING": query, **env}
                )
                try:
                    await scenario(client)
                finally:
                    client.stop_channels()
                    await kernel.shutdown_kernel(now=True)

            asyncio.run(in_loop())

        test.__name__, test.__doc__ = scenario.__name__, scenario.__doc__
        return test

    return decorate


@page_test({"VOILA_BASE_URL": "/"})
async def test_a_voila_page_hears_of_its_widgets_only_in_the_answer_to_its_request(
    client: Any,
) -> None:
    """The participant's workbook is built after its cell returns, while the browser
    connects: a widget message then would reach a page that has no widget yet (a box whose
    children it never heard of, a page stuck on "Loading widget...")."""
    await run_cell(client, PARTICIPANT_CELL)
    assert await widget_messages(client, QUIET_SECONDS) == []

    states, before = await ask_for_every_widget(client)
    assert before == []
    names = {state["model_name"] for state in states.values()}
    assert "AnyModel" in names  # the checklist and the plan, built after the cell
    assert any("answer_state" in state["state"] for state in states.values())

    # From the answer on, every change reaches the page at once: a note typed into the
    # checklist (made while the page loaded) is saved and the page hears so, ...
    checklist = next(key for key, state in states.items() if "answer_state" in state["state"])
    note = {
        "type": "edit",
        "key": "answer:oecd-12/01",
        "item": "oecd-12/01",
        "fields": {"note": "Typed while the page was new"},
        "base_version": 0,
        "edited_at": "2026-11-27T09:00:00Z",
        "revision": 1,
    }
    typed = {"comm_id": checklist, "data": {"method": "custom", "content": note}}
    client.shell_channel.send(client.session.msg("comm_msg", typed))
    answered = await widget_messages(client, 5.0)
    assert {"type": "saved", "key": "answer:oecd-12/01", "version": 1, "revision": 1} in [
        message["content"]["data"].get("content") for message in answered
    ]
    # ... and a widget made from now on is sent as it is made.
    later = await run_cell(client, "import ipywidgets\nipywidgets.Button(description='later')")
    assert any(
        message["msg_type"] == "comm_open"
        and message["content"]["data"]["state"].get("description") == "later"
        for message in later
    )


@page_test({})
async def test_outside_voila_the_widgets_reach_the_front_end_as_they_are_made(
    client: Any,
) -> None:
    """JupyterLab shows a cell's widgets live; nothing is held back there."""
    await run_cell(client, PARTICIPANT_CELL)
    messages = await widget_messages(client, QUIET_SECONDS)
    assert any(message["msg_type"] == "comm_open" for message in messages)  # the workbook
