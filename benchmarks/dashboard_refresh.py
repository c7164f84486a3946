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

    repeats = 3 if options.quick else 7
    url = f"sqlite:///{Path(options.work) / 'refresh.sqlite'}"
    code, key, ids = fill_store(url)
    store = Store(url)
    try:
        baseline = store.session(code).baseline_code
        assert baseline is not None
        page = FacilitatorApp(store, PageQuery(session=code, key=key))
        items = [item.id for item in store.framework(code).items]
        rng = random.Random(3)
        changed: list[float] = []
        unchanged: list[float] = []
        bare: list[float] = []
        for _ in range(repeats):
            answer = Answer(rng.choice(items)).with_level(rng.randint(0, 4))
            store.save_answer(code, rng.choice(ids), answer)
            start = time.process_time()
            page.refresh()
            changed.append(time.process_time() - start)
            start = time.process_time()
            page.refresh()
            unchanged.append(time.process_time() - start)
            start = time.process_time()
            bare_refresh(url, baseline, code)
            bare.append(time.process_time() - start)
    finally:
        store.close()
    scale = f"{PARTICIPANTS} participants x {len(items)} items and a baseline round"
    return [
        Measurement(
            name=f"facilitator refresh after one answer, {scale}, median of {repeats}",
            value=median(changed),
            baseline=median(bare),
            unit="s",
            baseline_label="pandas.read_sql + groupby counts of both rounds",
            notes=(
                "kernel CPU time per refresh, charts included",
                "runs: " + ", ".join(f"{t:.3f}" for t in changed),
            ),
        ),
        Measurement(
            name=f"facilitator refresh, nothing changed, {scale}, median of {repeats}",
            value=median(unchanged),
            baseline=median(bare),
            unit="s",
            baseline_label="pandas.read_sql + groupby counts of both rounds",
            notes=("runs: " + ", ".join(f"{t:.4f}" for t in unchanged),),
        ),
    ]
