"""The benchmark script still runs and prints every ratio it promises (it cannot rot)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

# The benchmarks start processes and servers and time them.
pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent


def test_quick_export_benchmark_prints_both_ratios(tmp_path):
    output = tmp_path / "results.md"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--only",
            "export",
            "--no-profile",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    ratio = r"\d+\.\d\d\d s\s+\d+\.\d\d\d s\s+\d+\.\d\dx"
    assert any(re.match(rf"export [\d,]+ answers to CSV.*\s{ratio}\s", line) for line in lines)
    assert any(
        re.match(rf"dashboard figures, 50 participants.*\s{ratio}\s", line) for line in lines
    )
    written = output.read_text(encoding="utf-8")
    assert "| export " in written and "| dashboard figures" in written
    assert "- pandas: " in written and "- CPU: " in written


def test_an_unknown_part_is_refused_with_a_sentence():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "everything"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown part(s) everything" in done.stderr


def test_a_section_written_by_another_script_survives_a_full_run(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from common import kept_sections, write_section
    finally:
        sys.path.pop(0)
    results = tmp_path / "results.md"
    results.write_text("# Benchmark results\n\nold table\n", encoding="utf-8")
    write_section(results, "rush", "## A room at once\n\n| N | 10 |\n")
    write_section(results, "rush", "## A room at once\n\n| N | 30 |\n")
    text = results.read_text(encoding="utf-8")
    assert text.count("## A room at once") == 1 and "| N | 30 |" in text
    # run.py writes its own part anew and appends what it kept.
    kept = kept_sections(results)
    results.write_text("# Benchmark results\n\nnew table\n" + kept, encoding="utf-8")
    assert "| N | 30 |" in results.read_text(encoding="utf-8")
    assert "old table" not in results.read_text(encoding="utf-8")


def test_a_part_that_breaks_is_reported_and_the_others_still_run():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
        from common import Measurement
    finally:
        sys.path.pop(0)

    def broken() -> list[Measurement]:
        raise TimeoutError("the facilitator page never showed its dashboard")

    kept = Measurement(name="export", value=1.0, baseline=2.0, unit="s", baseline_label="pandas")
    failed: dict[str, str] = {}
    results = run.timed_part("dashboard", broken, failed)
    results += run.timed_part("export", lambda: [kept], failed)
    assert results == [kept]
    assert failed == {"dashboard": "TimeoutError: the facilitator page never showed its dashboard"}
    written = run.markdown(results, [], {}, failed)
    assert "## Not measured in this run" in written
    assert "- dashboard: TimeoutError: the facilitator page never showed its dashboard" in written


def test_a_killed_rush_stops_every_server_it_started(tmp_path):
    import contextlib
    import signal
    import time

    import psutil

    rush = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "rush.py"), "--sizes", "1", "--output", "r.md"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started: list[psutil.Process] = []

    def running(processes: list[psutil.Process]) -> list[psutil.Process]:
        alive = []
        for process in processes:
            with contextlib.suppress(psutil.Error):
                if process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
        return alive

    def server_started() -> bool:
        for process in psutil.Process(rush.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "voila" in " ".join(process.cmdline()):
                    return True
        return False

    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and rush.poll() is None and not server_started():
            time.sleep(0.2)
        time.sleep(1)  # the server under way
        started = psutil.Process(rush.pid).children(recursive=True)
        assert started, "the rush started no server"
        rush.send_signal(signal.SIGTERM)
        rush.wait(timeout=60)
        psutil.wait_procs(started, timeout=10)
        left = running(started)
        assert left == [], f"left running: {[process.cmdline() for process in left]}"
    finally:
        for process in running(started):
            with contextlib.suppress(psutil.Error):
                process.kill()
        if rush.poll() is None:
            rush.kill()
