"""The save status of a workshop page, which also tells the kernel that its page is open.

An anywidget (``status_line.js`` and ``status_line.css`` beside this file): the page
pings the kernel every second over the widget's own messages and the kernel answers.
The page turns the status amber, then red, when the answers stop, and says so in a
sentence when its kernel is gone; the kernel reads from the pings whether anyone is
still looking, so that pollers can stop on a closed page and let it be culled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from inclusion_widgets.widgets.labels import STATUS_LINE, translated

HERE = Path(__file__).parent


class StatusLine(anywidget.AnyWidget):  # type: ignore[misc]
    """ "Saved 14:03" at the top of the page, sticky while it scrolls, and a heartbeat.

    ``state`` and ``text`` are what the kernel has to say about saving; the page shows
    "Not saved - reconnecting" on its own while the kernel does not answer. ``reopen``
    is the query of the link that opens the page again (the personal link), offered
    when the page's kernel is gone.
    """

    _esm = HERE / "status_line.js"
    _css = HERE / "status_line.css"

    state = t.Enum(
        ("idle", "saving", "saved", "retrying", "refused"),
        default_value="idle",
        help="Save state: the colour of the status ('refused': saved, but for a change "
        "shown at its field).",
    ).tag(sync=True)
    text = t.Unicode("", help="Text of the save status, e.g. 'Saved 14:03'.").tag(sync=True)
    reopen = t.Unicode(
        "", help="Query string of the link that reopens this page (?session=..&resume=..)."
    ).tag(sync=True)

    labels = t.Dict(
        help="The sentences the page says on its own (reconnecting, page gone), by key."
    ).tag(sync=True)

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("labels", translated(STATUS_LINE, language))
        super().__init__(**kwargs)
        self._clock = clock
        self._seen: float | None = None
        self._on_seen: list[Callable[[], None]] = []
        self.add_class("ic-status-line-widget")
        self.on_msg(self._message)

    def speak(self, language: str | None) -> None:
        """Say the page's own sentences in ``language`` from now on."""
        self.labels = translated(STATUS_LINE, language)

    def page_open(self, within: float) -> bool:
        """True when the page pinged within the last ``within`` seconds."""
        return self._seen is not None and self._clock() - self._seen <= within

    def on_page_seen(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` on every ping of the page."""
        self._on_seen.append(callback)

    def ping(self) -> None:
        """What a ping from the page does: remember it, answer it, tell the listeners."""
        self._seen = self._clock()
        self.send({"type": "pong"})
        for callback in self._on_seen:
            callback()

    def _message(self, _widget: object, content: Any, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            self.ping()
