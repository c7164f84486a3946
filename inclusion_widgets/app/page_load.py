"""While a Voila page loads, its kernel tells the page nothing about widgets until the page
asks for all of them at once.

Voila sends the page once its notebook has run; the browser then connects to the kernel
and, a second or more later on a busy machine, asks for every widget's state in one
request. A widget created or changed in between (the participant's workbook is built just
after the cell returns; a dashboard refreshes) reaches a page that has no widget yet: a
new box whose children the page never heard of becomes "Click to show javascript error",
or the page stays on "Loading widget..." for good. Messages in that window tell the page
nothing the answer to its request will not, so they are not sent; everything after the
answer is.

Only a Voila page's kernel holds anything back (``VOILA_BASE_URL`` is in its environment),
only once, and only until its page's first request: JupyterLab and a plain notebook keep
their widgets live from the start.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any

import comm
from ipykernel.comm.comm import BaseComm
from ipykernel.kernelbase import Kernel
from ipywidgets import Widget

WIDGET_TARGET = "jupyter.widget"
CONTROL_TARGET = "jupyter.widget.control"
"""The comm on which a page asks for every widget's state (ipywidgets 8's protocol)."""
VOILA_ENV = "VOILA_BASE_URL"


@dataclass
class _PageLoad:
    installed: bool = False
    holding: bool = False
    """Between the end of the page's cell and the answer to the page's request."""


_page_load = _PageLoad()


class PageComm(BaseComm):  # type: ignore[misc]
    """The kernel's comm, which sends no widget message while the page is loading."""

    def publish_msg(
        self,
        msg_type: str,
        data: Any = None,
        metadata: Any = None,
        buffers: Any = None,
        **keys: Any,
    ) -> None:
        if _page_load.holding and self.target_name == WIDGET_TARGET:
            # ipywidgets sends only through a comm that knows its kernel, which ipykernel's
            # comm learns when it first sends: a widget made now must still speak later.
            if self.kernel is None and Kernel.initialized():
                self.kernel = Kernel.instance()
            return
        super().publish_msg(msg_type, data, metadata, buffers, **keys)  # type: ignore[no-untyped-call]

    def handle_msg(self, msg: dict[str, Any]) -> None:
        # A page that talks to a widget has its widgets already (a front end that asks
        # for them one by one never sends the request above).
        if self.target_name == WIDGET_TARGET:
            _page_load.holding = False
        super().handle_msg(msg)


def _control_opened(control: Any, msg: dict[str, Any]) -> None:
    """The page opened the comm on which it asks for every widget: once the answer is
    sent, the kernel sends widget messages again, all of them after the answer."""
    publish = control.publish_msg

    def publish_then_send_the_rest(
        msg_type: str, data: Any = None, *args: Any, **keys: Any
    ) -> None:
        publish(msg_type, data, *args, **keys)
        if isinstance(data, dict) and data.get("method") == "update_states":
            _page_load.holding = False

    control.publish_msg = publish_then_send_the_rest
    Widget.handle_control_comm_opened(control, msg)


def hold_widget_messages_while_the_page_loads() -> None:
    """Called by a page's cell: from the moment the cell returns until the page asks for
    its widgets, the kernel sends no widget message. Does nothing outside a Voila page's
    kernel, when no event loop runs, and after the page's first request."""
    if os.environ.get(VOILA_ENV) is None or _page_load.installed:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    _page_load.installed = True
    comm.create_comm = PageComm
    comm.get_comm_manager().register_target(CONTROL_TARGET, _control_opened)

    def start() -> None:
        _page_load.holding = True

    loop.call_soon(start)
