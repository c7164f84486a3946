"""The poller that keeps open pages up to date: ticks, and notices arriving on a socket."""

from __future__ import annotations

import asyncio
import itertools
import socket
import time

import pytest

from inclusion_widgets.app.polling import Poller
from inclusion_widgets.store.notices import Listening

# The looks are counted in time windows: a loaded core would stretch them.
pytestmark = pytest.mark.server

AT_MOST_EVERY = 0.25


def test_a_burst_of_notices_brings_a_few_looks_not_one_per_notice_and_the_last_is_seen():
    """A room of thirty typing sends the facilitator's page a notice per save: each look
    reads and redraws, so a burst must not become a look per notice."""
    receiving, sending = socket.socketpair()
    receiving.setblocking(False)
    looks: list[float] = []

    def receive() -> None:
        while True:
            try:
                if not receiving.recv(1024):
                    return
            except BlockingIOError:
                return

    async def burst() -> tuple[float, float]:
        poller = Poller(lambda: looks.append(time.monotonic()), 600.0, at_most_every=AT_MOST_EVERY)
        poller.wake_on(lambda: Listening(connection=1, fileno=receiving.fileno()), receive)
        poller.start()
        first_notice = time.monotonic()
        last_notice = first_notice
        for _ in range(20):
            sending.send(b"n")
            last_notice = time.monotonic()
            await asyncio.sleep(0.01)
        await asyncio.sleep(AT_MOST_EVERY * 2)
        poller.stop()
        return first_notice, last_notice

    first_notice, last_notice = asyncio.run(burst())
    receiving.close()
    sending.close()
    # One look at the first notice, then one per window the burst lasted (on a loaded
    # machine the twenty notices take longer than their 0.2 s).
    windows = int((last_notice - first_notice) / AT_MOST_EVERY) + 1
    assert 1 <= len(looks) <= windows + 1 < 20, (len(looks), windows)
    assert looks[-1] >= last_notice  # the page saw what the last notice announced
    gaps = [later - earlier for earlier, later in itertools.pairwise(looks)]
    assert all(gap >= AT_MOST_EVERY * 0.9 for gap in gaps), gaps
