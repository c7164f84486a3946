"""Time for a participant's answer saved in the store to appear on the facilitator's page.

The facilitator's page is open in Chromium, served by ``inclusion-workbook serve``. The
benchmark saves an answer through the store (``Store.save_answer``, as a participant's
kernel does once its autosave has waited for a pause in typing) and, from the moment the
save is committed, watches the page every few milliseconds until the open tab's section
shows it: *Who has joined* (each person's number of answers), then *Where we stand* (the
heat map, a chart drawn anew).

The bare stack, measured on the same saves: a Voila page (bare Voila server) whose one
HTML widget, on a change, counts each participant's answers with ``pandas.read_sql_query``.
With a SQLite store it polls the same file with ``PRAGMA data_version`` as often as the
facilitator's page polls (see ``stack.bare_dashboard_notebook``); with PostgreSQL it
listens to the store's change notices, as the facilitator's page does (see
``stack.bare_postgres_dashboard_notebook``). A random pause before each save samples every
phase of the polls.
"""

from __future__ import annotations

import random
import time
from typing import Any

from common import PAGE_TIMEOUT_MS, Measurement, Options, median, percentile
from page_load import close, load
from stack import BARE_DASHBOARD_CLASS, Stack

TARGET_SECONDS = 1.0
TABS = (("Who has joined", ".ic-dash-progress"), ("Where we stand", ".ic-dash-standing"))
BARE = f".{BARE_DASHBOARD_CLASS}"
_HTML = "(selector) => document.querySelector(selector).innerHTML"


def _wait_changed(pages: dict[str, tuple[Any, str, str]], start: float) -> dict[str, float]:
    """Seconds from ``start`` until each page's element no longer holds its old markup."""
    seen: dict[str, float] = {}
    while len(seen) < len(pages):
        now = time.perf_counter() - start
        if now > 60:
            raise RuntimeError(f"no change on {sorted(set(pages) - set(seen))} within 60 s")
        for name, (page, selector, before) in pages.items():
            if name not in seen and page.evaluate(_HTML, selector) != before:
                seen[name] = now
        time.sleep(0.005)
    return seen


def run(stack: Stack, browser: Any, options: Options) -> list[Measurement]:
    from inclusion_widgets.app.facilitator import REFRESH_SECONDS
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.records import Answer
    from inclusion_widgets.store import Store

    saves = 6 if options.quick else 20
    items = [item.id for item in load_framework(stack.framework_id).items]
    store = Store(stack.db_url)
    facilitator = bare = None
    results: list[Measurement] = []
    try:
        people = [
            store.join(stack.code, f"Timed {n}", "Riga", role="mentor")[0].id
            for n in range(-(-2 * saves // len(items)))
        ]
        slots = iter([(person, item) for person in people for item in items])
        _t, facilitator = load(browser, stack.facilitator_url, TABS[0][1])
        _t, bare = load(browser, stack.bare_dashboard_url, BARE)
        rng = random.Random(9)
        for title, selector in TABS:
            facilitator.get_by_role("tab", name=title).click()
            facilitator.wait_for_selector(selector, state="visible", timeout=PAGE_TIMEOUT_MS)
            facilitator.wait_for_timeout(2000)  # the tab drawn, the page settled
            ours: list[float] = []
            theirs: list[float] = []
            for _ in range(saves):
                time.sleep(rng.uniform(0, REFRESH_SECONDS))
                person, item = next(slots)
                pages = {
                    "ours": (facilitator, selector, facilitator.evaluate(_HTML, selector)),
                    "bare": (bare, BARE, bare.evaluate(_HTML, BARE)),
                }
                store.save_answer(stack.code, person, Answer(item).with_level(rng.randint(0, 4)))
                seen = _wait_changed(pages, time.perf_counter())
                ours.append(seen["ours"])
                theirs.append(seen["bare"])
            results += _measurements(title, ours, theirs, saves, stack.database)
    finally:
        store.close()
        for page in (facilitator, bare):
            if page is not None:
                close(page)
    return results


def _measurements(
    title: str, ours: list[float], bare: list[float], saves: int, database: str
) -> list[Measurement]:
    from inclusion_widgets.app.facilitator import REFRESH_SECONDS, SAFETY_SECONDS

    if database == "SQLite":
        where = title
        label = "Voila page polling PRAGMA data_version + pandas.read_sql counts"
        how = f"both pages poll every {REFRESH_SECONDS:g} s"
    else:
        where = f"{title}, {database}"
        label = "Voila page woken by LISTEN on the kernel's loop + pandas.read_sql counts"
        how = f"both pages wait for the notice (ours also looks every {SAFETY_SECONDS:g} s)"
    p50, p95 = median(ours), percentile(ours, 0.95)
    return [
        Measurement(
            name=f"answer saved -> on the dashboard ({where}), p50 of {saves}",
            value=p50,
            baseline=median(bare),
            unit="s",
            baseline_label=label,
            notes=(
                how,
                "dashboard runs: " + ", ".join(f"{t:.2f}" for t in ours),
                "bare runs: " + ", ".join(f"{t:.2f}" for t in bare),
            ),
        ),
        Measurement(
            name=f"answer saved -> on the dashboard ({where}), p95 of {saves}",
            value=p95,
            baseline=percentile(bare, 0.95),
            unit="s",
            baseline_label=label,
            target=f"<= {TARGET_SECONDS:g} s",
            met=p95 <= TARGET_SECONDS,
        ),
    ]
