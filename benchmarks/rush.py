"""A whole room opening the participant page in the same minute.

    python benchmarks/rush.py                      # N = 10, 30, 60; server side
    python benchmarks/rush.py --sizes 10 --browsers 10   # and with browsers at N = 10

For each N, three fresh servers, one after the other: bare Voila serving a one-Button page
cold (no kernel waiting), ``serve`` with no kernel waiting, and ``serve --expect N``
(kernels waiting, started and given time to settle before the rush).

Server side: N clients (threads, each its own connection) request the page at once; the time
until the last page has been served whole, and how many were not served within the limit.

With browsers: N people, each in a browser context of their own (their own cookies and
storage), all opening the page at once; the time until every page's first control is usable
(the join form's name field; the bare page's Button). One Chromium process opens at most six
connections to one host, whatever its contexts, so the people are spread over one process
per six of them. A process per person does not fit: on one 2-core machine, thirty of them
left even the one-Button pages unloaded after five minutes. The browsers still share the
machine's two cores with the server, so these figures say more about the machine than about
the server; the server-side figures are the ones to compare.

The section is written into benchmarks/results.md between its own markers; run.py keeps it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    process_group,
    serve_command,
    settle,
    stopped_by_signals,
    wait_until_up,
    write_section,
)
from stack import BARE_NOTEBOOK, _voila_bare

RESULTS = ROOT / "benchmarks" / "results.md"
LIMIT_SECONDS = 300.0
"""A page not served within five minutes counts as unserved."""
SETTLE_SECONDS = 240.0
CULL_IDLE_SECONDS = 600
"""serve's own window, on both servers: a served page's kernel waits, idle, for its browser
to connect, which a loaded machine can make take more than a minute."""
PEOPLE_PER_BROWSER = 6
"""Chromium opens at most six connections to one host per process, whatever its contexts."""


@dataclass(frozen=True)
class Rush:
    served_seconds: float
    """Until the last page was served (or the limit)."""
    unserved: int


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    control: str


def rush_requests(url: str, count: int) -> Rush:
    """``count`` clients request ``url`` at the same moment; each reads the whole page."""
    start_line = threading.Barrier(count + 1)
    done: list[float] = []
    failed: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            start_line.wait()
            with urllib.request.urlopen(url, timeout=LIMIT_SECONDS) as response:
                response.read()
            with lock:
                done.append(time.perf_counter())
        # A page cut off half-way is unserved too (http.client.IncompleteRead).
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as error:
            with lock:
                failed.append(f"{type(error).__name__}: {error}")

    started = _run_at_once(client, count, start_line, LIMIT_SECONDS + 10)
    for why in failed:
        print(f"unserved: {why}", file=sys.stderr)
    last = max(done) - started if done else LIMIT_SECONDS
    return Rush(last, count - len(done))


def _run_at_once(
    work: Callable[[], None], count: int, start_line: threading.Barrier, limit: float
) -> float:
    """Run ``work`` in ``count`` threads that pass ``start_line`` together; the moment
    they passed it. Stopped early (a signal), the threads still waiting are let go, and
    the others end once the servers they talk to are stopped."""
    threads = [threading.Thread(target=work) for _ in range(count)]
    try:
        for thread in threads:
            thread.start()
        start_line.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join(limit)
    finally:
        start_line.abort()
    return started


def rush_browsers(target: Target, count: int) -> Rush:
    """``count`` people, each in a browser context of their own, open the page at once."""
    return asyncio.run(_rush_browsers(target, count))


async def _rush_browsers(target: Target, count: int) -> Rush:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browsers = [
            await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for _ in range(-(-count // PEOPLE_PER_BROWSER))
        ]
        pages = []
        for person in range(count):
            context = await browsers[person % len(browsers)].new_context()
            pages.append(await context.new_page())
        started = time.perf_counter()

        async def open_page(page: Any) -> float | None:
            try:
                await page.goto(target.url, timeout=LIMIT_SECONDS * 1000)
                await page.locator(target.control).first.click(
                    trial=True, timeout=LIMIT_SECONDS * 1000
                )
            except Exception as error:  # an unserved page is counted and said, not raised
                print(f"unserved: {error}".splitlines()[0], file=sys.stderr)
                return None
            return time.perf_counter() - started

        served = [
            seconds
            for seconds in await asyncio.gather(*(open_page(page) for page in pages))
            if seconds is not None
        ]
        for browser in browsers:
            await browser.close()
    return Rush(max(served) if served else LIMIT_SECONDS, count - len(served))


@contextlib.contextmanager
def bare_server(work: Path) -> Iterator[Target]:
    folder = work / "bare"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bare.ipynb").write_text(json.dumps(BARE_NOTEBOOK), encoding="utf-8")
    port = free_port()
    with process_group(
        _voila_bare(folder, port, cull_idle=CULL_IDLE_SECONDS), work, work / "bare.log"
    ) as server:
        wait_until_up(f"http://127.0.0.1:{port}/", server, work / "bare.log")
        yield Target(
            "one-Button Voila page, cold",
            f"http://127.0.0.1:{port}/voila/render/bare.ipynb",
            ".bench-bare-button",
        )


@contextlib.contextmanager
def app_server(work: Path, expect: int, room: int) -> Iterator[Target]:
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    folder = work / f"app-{expect}"
    folder.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{folder / 'workshop.sqlite'}"
    store = Store(db_url)
    info, _key = store.create_session(load_framework("oecd-12"), "Rush", "Riga", "Larissa")
    store.close()
    port = free_port()
    pool = ["--pool-size=1", f"--expect={expect}"] if expect else ["--pool-size=0"]
    command = serve_command(
        port,
        db_url,
        f"--cull-idle={CULL_IDLE_SECONDS}",
        # The rush is measured, not the cap that would refuse part of it on a small machine.
        f"--max-kernels={room + expect + 2}",
        *pool,
    )
    with process_group(command, folder, folder / "serve.log") as server:
        # Starting many waiting kernels keeps the server busy before it answers at all.
        wait_until_up(
            f"http://127.0.0.1:{port}/",
            server,
            folder / "serve.log",
            SETTLE_SECONDS if expect else 90,
        )
        if expect:
            settle(server, expect + 1, SETTLE_SECONDS)
        name = f"participant page, --expect {expect}" if expect else "participant page, cold"
        yield Target(
            name,
            f"http://127.0.0.1:{port}/voila/render/participant.ipynb?session={info.code}",
            ".ic-join-name input",
        )


def measure(
    sizes: list[int], browser_sizes: set[int], work: Path
) -> list[tuple[int, str, str, Rush]]:
    rows = []
    servers: list[Callable[[int], contextlib.AbstractContextManager[Target]]] = [
        lambda n: bare_server(work / f"bare-{n}"),
        lambda n: app_server(work, 0, n),
        lambda n: app_server(work, n, n),
    ]
    for size in sizes:
        for start in servers:
            with start(size) as target:
                result = rush_requests(target.url, size)
                rows.append((size, target.name, "server side", result))
                print(size, target.name, "server side", result, flush=True)
            if size in browser_sizes:
                with start(size) as target:
                    result = rush_browsers(target, size)
                    rows.append((size, target.name, "browsers", result))
                    print(size, target.name, "browsers", result, flush=True)
    return rows


def markdown(rows: list[tuple[int, str, str, Rush]]) -> str:
    bare = {(n, how): r for n, name, how, r in rows if name.startswith("one-Button")}
    lines = [
        "## A room at once (benchmarks/rush.py)",
        "",
        "N people open the page at the same moment; the time until the last page was served",
        "whole (server side: N clients on their own connections) or until every page's first",
        "control was usable (browsers: each person in a browser context of their own, six",
        "to a Chromium process). Each row's ratio is",
        "against the one-Button page served cold, measured in the same run. Target: with the",
        "room expected, <= 1.0x at N = 30 and 60, and no page unserved.",
        "",
        "| N | page | measured | last page | unserved | ratio to one-Button, cold |",
        "|---|---|---|---|---|---|",
    ]
    for n, name, how, result in rows:
        base = bare.get((n, how))
        ratio = f"{result.served_seconds / base.served_seconds:.2f}x" if base else "-"
        lines.append(
            f"| {n} | {name} | {how} | {result.served_seconds:.1f} s | {result.unserved} "
            f"| {ratio} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="10,30,60")
    parser.add_argument(
        "--browsers", default="", help="sizes also measured with browsers (e.g. 10)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = [int(part) for part in args.sizes.split(",") if part]
    browser_sizes = {int(part) for part in args.browsers.split(",") if part}
    # Killed (SIGTERM, Ctrl-C), the run stops every server and browser it started.
    with stopped_by_signals(), tempfile.TemporaryDirectory(prefix="inclusion-rush-") as work:
        rows = measure(sizes, browser_sizes, Path(work))
    text = markdown(rows)
    print(text)
    write_section(args.output, "rush", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
