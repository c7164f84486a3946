"""Where the time (or memory) goes, for each part whose target a run missed.

Time is profiled with cProfile and shown as the functions with the most time of their
own, plus the heaviest calls by cumulative time. Kernel memory is shown as the growth of
a fresh interpreter's RSS after each import the participant's kernel makes.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from common import ROOT, Measurement, Options, child_env

TOP = 12


def profile(work: Callable[[], Any], top: int = TOP) -> str:
    """The top functions of ``work`` by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    text.write("By own time:\n")
    stats.sort_stats("tottime").print_stats(top)
    text.write("By cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(top)
    kept = [
        line
        for line in text.getvalue().splitlines()
        if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced"))
    ]
    return "```\n" + "\n".join(kept) + "\n```\n"


def export_profile(options: Options) -> str:
    import export_and_figures as bench

    frame = bench.export_frame(bench.bench_framework(), 200 if options.quick else 1000)
    return (
        "On top of pandas' own writing (`_save_chunk`), the export checks every text cell "
        "for the formula guard (`startswith`) and formats every number, flag and time "
        "cell in Python (`format_value`, `format_timestamp`):\n\n"
        + profile(lambda: bench.write_ours(frame))
    )


def autosave_profile(options: Options) -> str:
    """One writer's saves, profiled in this process (contention aside, the cost of a save)."""
    from datetime import UTC, datetime

    from inclusion_widgets.edits import AnswerEdit
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    folder = options.work / "autosave-profile"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    framework = load_framework("liat")
    info, _key = store.create_session(framework, title="Profile")
    person, _token = store.join(info.code, "Writer", "Riga")
    items = [item.id for item in framework.items]

    def saves() -> None:
        versions: dict[str, int] = {}
        for number in range(100):
            item = items[number % len(items)]
            fields = {"kind": "level", "level": number % 4}
            edit = AnswerEdit(item, fields, versions.get(item, 0), datetime.now(UTC))
            versions[item] = store.save_edit(info.code, person.id, edit).version

    try:
        return (
            "A raw save is one upsert and a commit. A store save is one BEGIN IMMEDIATE "
            "transaction of four statements (session and participant checked in one "
            "query, the answer read with its field stamps, merged field by field and "
            "written, the change added to the history), each built by SQLAlchemy and "
            "checked in Python first, then the same commit. Under many "
            "writers the write lock is held that much longer, and the waiting of 10 or "
            "30 processes on 2 cores varies widely from run to run. One writer's saves, "
            "profiled in this process:\n\n" + profile(saves)
        )
    finally:
        store.close()


MEMORY_STEPS = """
import gc, os, psutil, time
process = psutil.Process(os.getpid())
def rss():
    gc.collect()
    return process.memory_info().rss / 2**20
print(f"python + psutil: {rss():.1f} MiB")
last = rss()
for name, code in [
    ("ipykernel", "import ipykernel.kernelapp"),
    ("ipywidgets", "import ipywidgets"),
    ("sqlalchemy", "import sqlalchemy, sqlalchemy.orm"),
    ("alembic", "import alembic.command, alembic.runtime.migration"),
    ("inclusion_widgets.store", "import inclusion_widgets.store"),
    ("inclusion_widgets.app.participant", "import inclusion_widgets.app.participant"),
    ("jsonschema (reading framework files only)", "import jsonschema"),
    ("pandas (not on the participant path)", "import pandas"),
]:
    exec(code)
    now = rss()
    print(f"+ {name}: {now - last:+.1f} MiB")
    last = now
"""


def memory_steps() -> str:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_STEPS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(),
        timeout=300,
        check=True,
    ).stdout
    return (
        "RSS of a fresh interpreter after each import (the participant kernel makes the "
        "first six):\n\n```\n" + out + "```\n"
    )


def page_profile(options: Options) -> str:
    """Building the participant app for a joined participant, without a browser."""
    from stack import largest_framework

    from inclusion_widgets.app.participant import ParticipantApp
    from inclusion_widgets.app.query import PageQuery
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    folder = options.work / "page-profile"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    try:
        info, _key = store.create_session(load_framework(largest_framework()), title="Profile")
        _person, token = store.join(info.code, "Reader", "Riga")
        query = PageQuery(session=info.code, resume=token)
        return (
            "The participant app built in-process (no browser, no kernel), as the kernel "
            "builds it:\n\n" + profile(lambda: ParticipantApp(store, query))
        )
    finally:
        store.close()


def dashboard_explained(results: list[Measurement]) -> str:
    """The dashboard's delay split into its parts, from the run's own figures."""
    from inclusion_widgets.app.facilitator import REFRESH_SECONDS

    lines = [
        f"Both pages notice a save at their next poll, every {REFRESH_SECONDS:g} s (on "
        f"average {REFRESH_SECONDS / 2:g} s later); the bare page then reads one count per "
        "person, the facilitator's kernel reads the session, checks its answers once and "
        "draws the open tab (its charts as SVG from a template). Medians:\n"
    ]
    for m in results:
        if m.name.startswith("answer saved -> on the dashboard") and "p50" in m.name:
            lines.append(
                f"- {m.name}: {m.value:.2f} s, bare {m.baseline:.2f} s: about "
                f"{m.value - m.baseline:.2f} s more for reading and drawing\n"
            )
    return "".join(lines)


def for_missed(results: list[Measurement], options: Options) -> dict[str, str]:
    """Profiles of the parts whose target this run missed, by title."""
    makers = {
        "export": ("CSV export", export_profile),
        "autosave": ("autosave (one writer, 100 saves)", autosave_profile),
        "kernel RSS": ("participant kernel memory", lambda _options: memory_steps()),
        "page interactive": ("participant page load", page_profile),
    }
    found: dict[str, str] = {}
    late = "answer saved -> on the dashboard"
    if any(m.name.startswith(late) and m.met is False for m in results):
        found["answer on the dashboard"] = dashboard_explained(results)
    for measurement in results:
        if measurement.met is not False:
            continue
        for prefix, (title, maker) in makers.items():
            if measurement.name.startswith(prefix) and title not in found:
                found[title] = maker(options)
    return found
