"""Kernel count and server memory over a simulated workshop, against bare Voila.

A 30-minute workshop is compressed in time (3 minutes, 90 s with ``--quick``) with a
20 s cull window on both servers: a facilitator opens the dashboard, participants arrive
over the first third, type a note every ~15 s, and leave over the last third; half of
them close the tab normally (Voila's unload shutdown), half vanish (a laptop lid closed:
no unload), and the facilitator's page vanishes two thirds in. The bare server gets the
same pages opened and closed, each a Voila page with one Button. Every few seconds the
number of kernels and the resident memory of the server and all its kernels are read;
after the last page closed, both servers get three cull windows to settle. On a busy
machine pages open late and the workshop stretches; the order of events stays the same.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from common import PAGE_TIMEOUT_MS, Measurement, Options, kernel_pids
from stack import CULL_IDLE_SECONDS, Stack

SAMPLE_SECONDS = 3.0
TYPE_EVERY_SECONDS = 15.0


@dataclass(frozen=True)
class Visit:
    """One page: opened at ``start``, closed at ``end`` (seconds into the workshop)."""

    url: str
    start: float
    end: float
    abrupt: bool
    note: str  # a selector of a note to type into ("" for none)


@dataclass
class Trace:
    kernels: list[int]
    mib: list[float]

    def sample(self, server: Any) -> None:
        import psutil

        pids = kernel_pids(server)
        total = 0.0
        for pid in {server.pid, *pids, *(c.pid for c in psutil.Process(server.pid).children())}:
            try:
                total += psutil.Process(pid).memory_info().rss / 2**20
            except psutil.Error:
                continue
        self.kernels.append(len(pids))
        self.mib.append(total)


def schedule(urls: list[str], facilitator: str, duration: float, note: str) -> list[Visit]:
    count = len(urls)
    visits = [Visit(facilitator, 0.0, duration * 2 / 3, True, "")]
    for number, url in enumerate(urls):
        start = duration / 3 * number / count
        end = duration * 2 / 3 + duration / 3 * number / count
        visits.append(Visit(url, start, end, number % 2 == 1, note))
    return visits


def play(browser: Any, server: Any, visits: list[Visit]) -> Trace:
    """Open, use and close the pages on time (late where opening a page took long), then
    sample the server for three cull windows after the last page closed."""
    trace = Trace([], [])
    opened: dict[int, tuple[Any, float]] = {}
    closed: set[int] = set()
    begin = time.monotonic()
    last_sample = -SAMPLE_SECONDS
    last_close: float | None = None

    def now() -> float:
        return time.monotonic() - begin

    settle = 3 * CULL_IDLE_SECONDS + 10
    while last_close is None or now() - last_close < settle:
        for index, visit in enumerate(visits):
            if index not in opened and index not in closed and now() >= visit.start:
                page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
                page.goto(visit.url, timeout=PAGE_TIMEOUT_MS)
                page.wait_for_selector("#loading", state="detached", timeout=PAGE_TIMEOUT_MS)
                opened[index] = (page, now())
        for index, (page, typed) in list(opened.items()):
            visit = visits[index]
            if now() >= visit.end:
                if not visit.abrupt:
                    page.goto("about:blank")  # unload: Voila asks for the shutdown
                page.context.close()  # without unload first: as when a laptop sleeps
                del opened[index]
                closed.add(index)
                if len(closed) == len(visits):
                    last_close = now()
            elif visit.note and now() - typed >= TYPE_EVERY_SECONDS:
                page.locator(visit.note).first.fill(f"Typed at {now():.0f} s")
                opened[index] = (page, now())
        if now() - last_sample >= SAMPLE_SECONDS:
            trace.sample(server)
            last_sample = now()
        time.sleep(0.5)
    return trace


def run(stack: Stack, browser: Any, options: Options) -> list[Measurement]:
    from inclusion_widgets.store import Store

    duration = 90.0 if options.quick else 180.0
    people = 4 if options.quick else 8
    store = Store(stack.db_url)
    try:
        links = []
        for number in range(people):
            _participant, token = store.join(stack.code, f"Person {number}", "Riga", "mentee")
            links.append(
                f"{stack.participant_url.split('?')[0]}?session={stack.code}&resume={token}"
            )
    finally:
        store.close()
    ours = play(
        browser,
        stack.app,
        schedule(links, stack.facilitator_url, duration, ".ic-item textarea"),
    )
    bare = play(
        browser,
        stack.bare,
        schedule([stack.bare_url] * people, stack.bare_url, duration, ""),
    )
    scale = f"{people} participants and a facilitator, 30 min compressed to {duration:.0f} s"
    label = "bare Voila, the same pages as one Button"
    return [
        Measurement(
            name=f"kernels at the peak ({scale})",
            value=max(ours.kernels),
            baseline=max(bare.kernels),
            unit="kernels",
            baseline_label=label,
            notes=("kernels over time: " + " ".join(map(str, ours.kernels)),),
        ),
        Measurement(
            name=f"kernels left 3 cull windows ({CULL_IDLE_SECONDS} s) after the last page",
            value=ours.kernels[-1],
            baseline=bare.kernels[-1],
            unit="kernels",
            baseline_label=label,
            target="no more than the bare server",
            met=ours.kernels[-1] <= bare.kernels[-1],
            ratio=(ours.kernels[-1] + 1) / (bare.kernels[-1] + 1),
            notes=(
                "bare kernels over time: " + " ".join(map(str, bare.kernels)),
                "ratio of (kernels + 1), so that none left on both sides reads 1.00x",
            ),
        ),
        Measurement(
            name="server and kernels memory at the peak",
            value=max(ours.mib),
            baseline=max(bare.mib),
            unit="MiB",
            baseline_label=label,
        ),
        Measurement(
            name="server and kernels memory after the workshop",
            value=ours.mib[-1],
            baseline=bare.mib[-1],
            unit="MiB",
            baseline_label=label,
            notes=("memory over time (MiB): " + " ".join(f"{m:.0f}" for m in ours.mib),),
        ),
    ]
