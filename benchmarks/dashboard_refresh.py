"""The facilitator's refresh at workshop scale, against plain pandas doing the same counts.

A SQLite store holds a baseline round and its follow-up, each with 50 participants x 100
items (the benchmark framework of :mod:`export_and_figures`). The facilitator's page is
built in this process, as its kernel builds it (widgets without a browser), and timed:

- changed: one participant's answer is saved through the store, then the page refreshes
  (it reads the session, validates the answers once, recomputes the open tab and the
  charts whose data changed);
- unchanged: the page refreshes with nothing new in the store (one change-counter query).

The bare stack reads the same two rounds' answers with ``pandas.read_sql`` and computes
the same aggregations with ``groupby``: counts per item and level, per participant, the
mean per item and role, and the mean per item and round.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import Measurement, Options, median

PARTICIPANTS = 50
ROLES = ("mentor", "mentee", "partner")
CITIES = ("Riga", "Larissa", "Jelgava", "Málaga")


def fill_store(url: str, participants: int = PARTICIPANTS) -> tuple[str, str, list[int]]:
    """A baseline round and its follow-up with ``participants`` people each; the follow-up's
    code, its facilitator key and its participants' ids."""
    from export_and_figures import bench_framework, random_answers

    from inclusion_widgets.store import Store

    framework = bench_framework()
    store = Store(url)
    try:
        baseline, key = store.create_session(framework, "Baseline", "Riga", "Larissa")
        followup, key = store.create_followup(baseline.code, key, "Follow-up")
        ids: list[int] = []
        start = datetime.now(UTC)
        for code, seed in ((baseline.code, 9), (followup.code, 10)):
            with store.transaction() as tx:
                people = {}
                for n in range(participants):
                    person, _token = tx.join(
                        code, f"Participant {n}", CITIES[n % 4], f"Office {n % 7}",
                        ROLES[n % 3], allow_locked=True,
                    )  # fmt: skip
                    people[str(n)] = person.id
                for pid, answer in random_answers(framework, participants, seed):
                    tx.save_answer(code, people[pid], answer, start)
            ids = list(people.values())
    finally:
        store.close()
    return followup.code, key, ids


def bare_refresh(url: str, baseline: str, followup: str) -> Any:
    """Plain pandas: read both rounds' answers and compute the dashboard's counts."""
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        query = (
            "SELECT s.code AS session, p.name, p.city, p.role, r.item_id AS item, r.kind, "
            "r.level, r.priority, r.updated_at FROM responses r "
            "JOIN participants p ON p.id = r.participant_id "
            "JOIN sessions s ON s.id = r.session_id WHERE s.code IN (?, ?)"
        )
        frame = pd.read_sql_query(query, engine, params=(baseline, followup))
    finally:
        engine.dispose()
    now = frame[frame["session"] == followup]
    levels = now[now["kind"] == "level"]
    levels.groupby(["item", "level"]).size().unstack(fill_value=0)
    now.groupby(["item", "kind"]).size().unstack(fill_value=0)
    now.groupby("name").agg(n=("kind", "count"), p=("priority", "sum"), u=("updated_at", "max"))
    levels.groupby(["item", "role"])["level"].mean().unstack()
    both = frame[frame["kind"] == "level"]
    return both.groupby(["item", "session"])["level"].mean().unstack()


def run(options: Options) -> list[Measurement]:
    from inclusion_widgets.app.facilitator import FacilitatorApp
    from inclusion_widgets.app.query import PageQuery
    from inclusion_widgets.records import Answer
    from inclusion_widgets.store import Store
    from inclusion_widgets.widgets.dashboard import SECTIONS

    repeats = 3 if options.quick else 7
    participants = 10 if options.quick else PARTICIPANTS
    url = f"sqlite:///{Path(options.work) / 'refresh.sqlite'}"
    code, key, ids = fill_store(url, participants)
    store = Store(url)
    try:
        baseline = store.session(code).baseline_code
        assert baseline is not None
        page = FacilitatorApp(store, PageQuery(session=code, key=key))
        tabs = page.dashboard.tabs
        items = [item.id for item in store.framework(code).items]
        rng = random.Random(3)

        def save() -> None:
            answer = Answer(rng.choice(items)).with_level(rng.randint(0, 4))
            store.save_answer(code, rng.choice(ids), answer)

        def every_tab() -> None:
            page.refresh()
            for index in range(len(SECTIONS)):
                tabs.selected_index = index

        runs: dict[str, list[float]] = {}
        for name, index in (("progress", 0), ("standing", 1), ("all", 0)):
            tabs.selected_index = index
            runs[name] = []
            for _ in range(repeats):
                save()
                runs[name].append(_cpu(every_tab if name == "all" else page.refresh))
            tabs.selected_index = index
        runs["unchanged"] = [_cpu(page.refresh) for _ in range(repeats)]
        runs["bare"] = [_cpu(lambda: bare_refresh(url, baseline, code)) for _ in range(repeats)]
    finally:
        store.close()
    scale = f"{participants} participants x {len(items)} items and a baseline round"
    bare = median(runs["bare"])
    label = "pandas.read_sql + groupby counts of both rounds"

    def measured(name: str, what: str, note: str) -> Measurement:
        return Measurement(
            name=f"facilitator refresh {what}, {scale}, median of {repeats}",
            value=median(runs[name]),
            baseline=bare,
            unit="s",
            baseline_label=label,
            notes=(note, "runs: " + ", ".join(f"{t:.4f}" for t in runs[name])),
        )

    return [
        measured("progress", "after one answer, Who has joined open", "kernel CPU time"),
        measured(
            "standing", "after one answer, Where we stand open", "kernel CPU time, heat map drawn"
        ),
        measured(
            "all",
            "after one answer, then every tab opened",
            "kernel CPU time; every section and chart drawn, as one refresh did before",
        ),
        measured("unchanged", "with nothing changed", "kernel CPU time: one change-token query"),
    ]


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start
