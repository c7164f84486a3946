"""The benchmark script still runs and prints every ratio it promises (it cannot rot)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
