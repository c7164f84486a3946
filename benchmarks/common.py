"""What every benchmark shares: the result record, statistics, processes and Chromium.

Every figure is a ratio against the bare stack measured in the same run, so a slow
machine slows both sides alike and the ratio stays comparable between machines.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_TIMEOUT_MS = 90_000


@dataclass(frozen=True)
class Measurement:
    """One line of the results table: our figure, the bare stack's, and how they compare.

    ``ratio`` is ``value / baseline`` unless ``ratio_of`` says otherwise (kernel memory
    compares a difference); ``target`` is the sentence of the target and ``met`` whether
    this run reached it (None where no target is set).
    """

    name: str
    value: float
    baseline: float
    unit: str
    baseline_label: str
    target: str = ""
    met: bool | None = None
    ratio: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def shown_ratio(self) -> float:
        if self.ratio is not None:
            return self.ratio
        return self.value / self.baseline if self.baseline else float("inf")


@dataclass(frozen=True)
class Options:
    """How much to measure: ``quick`` runs fewer repetitions on smaller data."""

    quick: bool
    work: Path


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile, linearly interpolated between samples."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def timed(work: Callable[[], Any], repeats: int) -> list[float]:
    """Seconds taken by each of ``repeats`` calls of ``work``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env() -> dict[str, str]:
    """The environment of a child process: our source tree importable."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def serve_command(port: int, db_url: str, *options: str) -> list[str]:
    """``inclusion-workbook serve`` on ``port`` with the store at ``db_url``."""
    return [
        sys.executable,
        "-m",
        "inclusion_widgets.cli",
        "serve",
        f"--port={port}",
        f"--db={db_url}",
        *options,
    ]


@contextlib.contextmanager
def process_group(
    command: Sequence[str], cwd: Path, log: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` (with ``env`` added to the environment) in a process group of its
    own; the whole group is stopped on exit, whatever happens inside the block (kernels
    started by a server included)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**child_env(), **(env or {})},
            start_new_session=True,
        )
        try:
            yield process
        finally:
            stop_group(process)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGINT stop the run as an error does: every ``with``
    block unwinds, so every server and browser it started is stopped (by default SIGTERM
    ends the process at once and leaves them running). A second signal during that
    cleanup is ignored, so that the cleanup finishes."""

    def stop(signum: int, _frame: object) -> None:
        for name in (signal.SIGTERM, signal.SIGINT):
            signal.signal(name, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    before = {name: signal.signal(name, stop) for name in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(name, handler)


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def kernel_pids(server: subprocess.Popen[bytes]) -> set[int]:
    """Process ids of the ipykernel processes a server started."""
    import psutil

    pids = set()
    for child in psutil.Process(server.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if any("ipykernel" in part for part in child.cmdline()):
                pids.add(child.pid)
    return pids


def settle(server: subprocess.Popen[bytes], expected_kernels: int, limit: float) -> None:
    """Wait (at most ``limit`` seconds) until the waiting kernels are running and have
    run their notebooks as far as they go before a page claims them: the server and its
    kernels are then idle."""
    import psutil

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and len(kernel_pids(server)) < expected_kernels:
        time.sleep(1)
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(True)]
        for process in processes:
            with contextlib.suppress(psutil.Error):
                process.cpu_percent(None)
        time.sleep(2)
        busy = 0.0
        for process in processes:
            with contextlib.suppress(psutil.Error):
                busy += process.cpu_percent(None)
        quiet = quiet + 1 if busy < 10 else 0


def rss_mib(pid: int) -> float:
    import psutil

    return float(psutil.Process(pid).memory_info().rss) / 2**20


def uss_mib(pid: int) -> float:
    import psutil

    return float(psutil.Process(pid).memory_full_info().uss) / 2**20


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


_SECTION = re.compile(
    r"<!-- section (?P<name>[\w-]+): .*? -->\n.*?<!-- end of section (?P=name) -->\n", re.DOTALL
)


def write_section(path: Path, name: str, text: str) -> None:
    """Put ``text`` into the results file as the section ``name``, replacing its earlier
    version; sections written by other scripts than run.py survive run.py's full run."""
    block = (
        f"<!-- section {name}: written by benchmarks/{name}.py; run.py keeps it -->\n"
        f"{text.rstrip()}\n<!-- end of section {name} -->\n"
    )
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = [match for match in _SECTION.finditer(old) if match.group("name") == name]
    if kept:
        new = old[: kept[0].start()] + block + old[kept[0].end() :]
    else:
        new = old.rstrip() + "\n\n" + block
    path.write_text(new, encoding="utf-8")


def kept_sections(path: Path) -> str:
    """The sections of ``path`` that other scripts wrote, to be written back as they are."""
    if not path.exists():
        return ""
    return "".join("\n" + match.group(0) for match in _SECTION.finditer(path.read_text("utf-8")))
