"""The machine and the versions a run measured, for the head of ``results.md``."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from common import CHROMIUM

PACKAGES = ("voila", "ipywidgets", "ipykernel", "SQLAlchemy", "pandas", "playwright")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float:
    import psutil

    return float(psutil.virtual_memory().total) / 2**30


def chromium_version() -> str:
    try:
        out = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return "missing"
    return out.split("\n")[0].split(" built on")[0].strip() or "unknown"


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def describe() -> list[tuple[str, str]]:
    """(what, value) pairs: date, CPU, cores, memory, OS and the versions of the stack."""
    facts = [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpu_model()),
        ("cores", str(os.cpu_count())),
        ("memory", f"{memory_gib():.1f} GiB"),
        ("system", platform.platform()),
        ("Python", platform.python_version()),
    ]
    facts += [(name, package_version(name)) for name in PACKAGES]
    facts.append(("Chromium", chromium_version()))
    return facts
