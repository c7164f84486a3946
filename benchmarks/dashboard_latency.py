"""Time for a participant's answer to appear on the facilitator's dashboard.

The participant's page (personal link) and the facilitator's page are open side by
side in Chromium. A level is clicked on the participant's page; from that moment the
benchmark watches two things every few milliseconds:

- the store: when another process can read the new answer (the participant's kernel
  has debounced and saved it) -- the raw store round-trip, the baseline;
- the dashboard: when both the ``.ic-dash-progress`` and ``.ic-dash-standing`` sections
  of the facilitator's page have changed.

The dashboard polls the store every ``REFRESH_SECONDS``, so its delay is the store
round-trip plus the wait for the next poll plus one refresh. A random pause before each
click samples every phase of the poll.
"""

from __future__ import annotations

import random
import re
import time
from typing import Any

from common import PAGE_TIMEOUT_MS, Measurement, Options, median, percentile
from page_load import close, load
from stack import Stack

TARGET_SECONDS = 2.0
LEVEL_CLICKED = "Established"
SECTIONS = (".ic-dash-progress", ".ic-dash-standing")
_SNAPSHOT = """(selectors) => {
  window.__benchBefore = selectors.map((s) => document.querySelector(s).innerHTML);
}"""
_CHANGED = """(selectors) => selectors.every(
  (s, i) => document.querySelector(s).innerHTML !== window.__benchBefore[i])"""


def item_selector(item_id: str) -> str:
    """The CSS selector of an item's card: the checklist turns every character of the id
    that a class name cannot hold into ``-``, as ``cssId`` in its module does."""
    return ".ic-item-" + re.sub(r"[^A-Za-z0-9_-]", "-", item_id)


def _saved_level(store: Any, stack: Stack, item_id: str) -> int | None:
    for entry in store.answers(stack.code, stack.participant_id):
        if entry.answer.item_id == item_id:
            return entry.answer.level  # type: ignore[no-any-return]
    return None


def run(stack: Stack, browser: Any, options: Options) -> list[Measurement]:
    from inclusion_widgets.app.facilitator import REFRESH_SECONDS
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    clicks = 3 if options.quick else 10
    items = load_framework(stack.framework_id).items[-clicks:]
    store = Store(stack.db_url)
    participant = facilitator = None
    try:
        _t, participant = load(browser, stack.participant_url, ".ic-item .ic-option")
        _t, facilitator = load(browser, stack.facilitator_url, SECTIONS[0])
        facilitator.wait_for_selector(SECTIONS[1], state="attached", timeout=PAGE_TIMEOUT_MS)
        shown: list[float] = []
        stored: list[float] = []
        rng = random.Random(9)
        for item in items:
            facilitator.wait_for_timeout(rng.uniform(0, REFRESH_SECONDS) * 1000)
            facilitator.evaluate(_SNAPSHOT, list(SECTIONS))
            button = participant.locator(item_selector(item.id)).get_by_role(
                "radio", name=LEVEL_CLICKED, exact=True
            )
            start = time.perf_counter()
            button.click()
            in_store = on_dashboard = None
            while in_store is None or on_dashboard is None:
                now = time.perf_counter() - start
                if now > 60:
                    raise RuntimeError(f"the answer to {item.id} did not arrive within 60 s")
                if in_store is None and _saved_level(store, stack, item.id) is not None:
                    in_store = now
                if on_dashboard is None and facilitator.evaluate(_CHANGED, list(SECTIONS)):
                    on_dashboard = now
                time.sleep(0.01)
            stored.append(in_store)
            shown.append(on_dashboard)
    finally:
        store.close()
        for page in (participant, facilitator):
            if page is not None:
                close(page)
    p95 = percentile(shown, 0.95)
    return [
        Measurement(
            name=f"answer on dashboard, p50 of {clicks} clicks",
            value=median(shown),
            baseline=median(stored),
            unit="s",
            baseline_label="click -> answer readable in the store",
            target=f"<= {TARGET_SECONDS:.0f} s",
            met=median(shown) <= TARGET_SECONDS,
            notes=(
                f"dashboard polls every {REFRESH_SECONDS:g} s",
                "dashboard runs: " + ", ".join(f"{t:.2f}" for t in shown),
                "store runs: " + ", ".join(f"{t:.2f}" for t in stored),
            ),
        ),
        Measurement(
            name=f"answer on dashboard, p95 of {clicks} clicks",
            value=p95,
            baseline=percentile(stored, 0.95),
            unit="s",
            baseline_label="click -> answer readable in the store",
            target=f"<= {TARGET_SECONDS:.0f} s",
            met=p95 <= TARGET_SECONDS,
        ),
    ]
