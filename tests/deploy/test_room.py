"""A whole room at once: ``serve --expect N`` keeps a kernel waiting for each person expected,
within the machine's memory, and refills the pool as people join."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from inclusion_widgets.cli.serve import WAITING_KERNEL_BYTES, voila_command, waiting_kernels
from inclusion_widgets.config import REFILL_DELAY_ENV
from tests.browser.conftest import Server, start_server, stop_server

GIB = 2**30


def test_a_kernel_waits_for_each_person_expected_as_far_as_memory_allows():
    assert waiting_kernels(30, 16 * GIB) == 30
    assert waiting_kernels(30, GIB) == GIB // 2 // WAITING_KERNEL_BYTES == 6
    assert waiting_kernels(30, 0) == 1
    command = voila_command(Path("workbooks"), 8866, "127.0.0.1", 600, 1, participant_pool=30)
    pools = next(part for part in command if "kernel_pools_config" in part)
    assert "'participant.ipynb': {'pool_size': 30}" in pools
    assert "'default': {'pool_size': 1}" in pools
    # A room's pages load for the first minute: the pool is refilled after them.
    assert "--VoilaKernelManager.fill_delay=60.0" in command


def wait_for_kernels(server: Server, count: int) -> set[int]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        kernels = server.kernel_pids()
        if len(kernels) >= count:
            return kernels
        time.sleep(1)
    raise AssertionError(f"{count} kernels were not running after 180 s: {server.kernel_pids()}")


def test_serve_expect_fills_the_pool_and_refills_it_as_people_join(tmp_path, monkeypatch):
    monkeypatch.setenv(REFILL_DELAY_ENV, "5")  # the room here is two requests, not a minute
    server = start_server(tmp_path, "--pool-size=1", "--expect=3")
    try:
        printed = server.log.read_text()
        assert "Keeping 3 participant kernels waiting for the 3 people expected" in printed
        # Three for the participants, one for the facilitator's page.
        waiting = wait_for_kernels(server, 4)
        for _person in range(2):
            with urllib.request.urlopen(server.url("participant.ipynb"), timeout=120) as page:
                assert page.status == 200
        # Each page took a waiting kernel; the pool is full again behind them.
        after = wait_for_kernels(server, 6)
        assert waiting <= after
    finally:
        stop_server(server)
