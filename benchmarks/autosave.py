"""Autosave latency under concurrent writers: ``Store.save_edit`` vs a raw SQLite upsert.

1, 10 and 30 writer processes share one SQLite file. Each writer is one participant
of one session, as in a workshop, and saves answers to the items one after another,
with a random pause of up to ``PAUSE_SECONDS`` between saves (people do not all type in
step). Each save is what a page's autosaver sends: an edit of the level and the note,
made on the version the previous save returned. Every save is timed in the writer; p50
and p95 are over all saves of all writers.

The baseline runs the same writers against a plain table in its own file, set up the
way the store sets up SQLite (WAL journal, ``synchronous=FULL``, the same busy timeout):
``BEGIN IMMEDIATE``, one ``INSERT .. ON CONFLICT DO UPDATE``, ``COMMIT``.
Writers are started (and open their database) before a barrier releases them all at
once, so start-up is not timed.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

from common import Measurement, Options, percentile

TARGET_RATIO = 3.0
PAUSE_SECONDS = 0.02
BUSY_TIMEOUT_MS = 60_000
RAW_TABLE = """CREATE TABLE IF NOT EXISTS answers (
  session TEXT NOT NULL, participant INTEGER NOT NULL, item TEXT NOT NULL,
  kind TEXT NOT NULL, level INTEGER, note TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (session, participant, item))"""
RAW_UPSERT = """INSERT INTO answers (session, participant, item, kind, level, note, updated_at)
VALUES (?, ?, ?, 'level', ?, ?, strftime('%Y-%m-%dT%H:%M:%f', 'now'))
ON CONFLICT (session, participant, item) DO UPDATE SET
  kind = excluded.kind, level = excluded.level, note = excluded.note,
  updated_at = excluded.updated_at"""


def raw_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def _raw_writer(
    path: Path, writer: int, items: list[str], saves: int, barrier: Any, out: Any
) -> None:
    connection = raw_connection(path)
    rng = random.Random(writer)
    barrier.wait()
    times = []
    for number in range(saves):
        item = items[number % len(items)]
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(RAW_UPSERT, ("BENCH", writer, item, number % 4, f"note {number}"))
        connection.execute("COMMIT")
        times.append(time.perf_counter() - start)
        time.sleep(rng.uniform(0, PAUSE_SECONDS))
    connection.close()
    out.put(times)


def _store_writer(
    url: str, code: str, participant_id: int, items: list[str], saves: int, barrier: Any, out: Any
) -> None:
    from datetime import UTC, datetime

    from inclusion_widgets.edits import AnswerEdit
    from inclusion_widgets.store import Store

    store = Store(url)
    rng = random.Random(participant_id)
    versions: dict[str, int] = {}
    barrier.wait()
    times = []
    for number in range(saves):
        item = items[number % len(items)]
        fields = {"kind": "level", "level": number % 4, "note": f"note {number}"}
        edit = AnswerEdit(item, fields, versions.get(item, 0), datetime.now(UTC))
        start = time.perf_counter()
        versions[item] = store.save_edit(code, participant_id, edit).version
        times.append(time.perf_counter() - start)
        time.sleep(rng.uniform(0, PAUSE_SECONDS))
    store.close()
    out.put(times)


def _run_writers(target: Any, argument_lists: list[tuple[Any, ...]]) -> list[float]:
    """Start one process per argument tuple, release them together, collect their times."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(argument_lists))
    out = context.Queue()
    processes = [
        context.Process(target=target, args=(*arguments, barrier, out), daemon=True)
        for arguments in argument_lists
    ]
    try:
        for process in processes:
            process.start()
        times: list[float] = []
        for _ in processes:
            times += out.get(timeout=600)
        for process in processes:
            process.join(timeout=30)
        return times
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


def measure(writers: int, saves: int, work: Path) -> tuple[list[float], list[float]]:
    """Save times (seconds) of the store and of raw SQLite with ``writers`` processes."""
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    folder = work / f"autosave-{writers}"
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'store.sqlite'}"
    framework = load_framework("liat")
    items = [item.id for item in framework.items]
    store = Store(url)
    try:
        info, _key = store.create_session(framework, title="Autosave benchmark")
        people = [store.join(info.code, f"Writer {n}", "Riga")[0].id for n in range(writers)]
    finally:
        store.close()
    ours = _run_writers(
        _store_writer, [(url, info.code, person, items, saves) for person in people]
    )
    raw_path = folder / "raw.sqlite"
    with raw_connection(raw_path) as connection:
        connection.execute(RAW_TABLE)
    raw = _run_writers(_raw_writer, [(raw_path, n, items, saves) for n in range(writers)])
    return ours, raw


def run(options: Options) -> list[Measurement]:
    saves = 12 if options.quick else 60
    results = []
    for writers in (1, 10, 30):
        ours, raw = measure(writers, saves, options.work)
        for share, label in ((0.5, "p50"), (0.95, "p95")):
            value, baseline = percentile(ours, share) * 1000, percentile(raw, share) * 1000
            results.append(
                Measurement(
                    name=f"autosave {label}, {writers} writer{'s' if writers > 1 else ''}",
                    value=value,
                    baseline=baseline,
                    unit="ms",
                    baseline_label="raw sqlite3 upsert + commit (WAL)",
                    target=f"<= {TARGET_RATIO:.0f}x" if label == "p95" else "",
                    met=value / baseline <= TARGET_RATIO if label == "p95" else None,
                    notes=(f"{len(ours)} saves",) if label == "p50" else (),
                )
            )
    return results
