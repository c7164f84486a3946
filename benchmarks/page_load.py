"""Time from navigation to interactive in headless Chromium: participant app vs one Button.

"Interactive" means Voila's ``#loading`` overlay is gone and the page's first control
passes Playwright's actionability checks (attached, visible, stable, enabled, receives
events): for the participant app the first answer choice of the first item, for the bare
page its Button. Loads of the pages alternate, after one unmeasured warm-up load of each
(the first load also fills the disk cache and compiles bytecode). Beside the app as
``serve`` runs it, the same page from a second ``serve`` whose kernels are not forks
shows what the forks gain, in the same run.
"""

from __future__ import annotations

import time
from typing import Any

from common import PAGE_TIMEOUT_MS, Measurement, Options, median, settle
from stack import BARE_BUTTON_CLASS, Stack, unforked_app

PARTICIPANT_FIRST_CONTROL = ".ic-item .ic-option"
BARE_FIRST_CONTROL = f".{BARE_BUTTON_CLASS}"
TARGET_RATIO = 1.1


def load(browser: Any, url: str, control: str) -> tuple[float, Any]:
    """Seconds until the page at ``url`` is interactive, and the page (left open)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    start = time.perf_counter()
    try:
        page.goto(url, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector("#loading", state="detached", timeout=PAGE_TIMEOUT_MS)
        page.locator(control).first.click(trial=True, timeout=PAGE_TIMEOUT_MS)
    except Exception as error:
        shown = " ".join(page.inner_text("body").split())[:600]
        close(page)
        raise PageNotInteractive(f"{url} never showed {control}; it read: {shown!r}") from error
    return time.perf_counter() - start, page


class PageNotInteractive(RuntimeError):
    """A page whose first control did not become usable, with what the page showed."""


def close(page: Any) -> None:
    page.context.close()


def run(stack: Stack, browser: Any, options: Options) -> list[Measurement]:
    with unforked_app(stack, options.work / "unforked") as unforked_url:
        return measure(stack, browser, options, unforked_url)


def measure(stack: Stack, browser: Any, options: Options, unforked_url: str) -> list[Measurement]:
    runs = 3 if options.quick else 7
    pages = {
        "app": (stack.participant_url, PARTICIPANT_FIRST_CONTROL),
        # The same page in Greek: the interface from the catalogs, the framework's texts
        # from its shipped translation.
        "app_el": (f"{stack.participant_url}&lang=el", PARTICIPANT_FIRST_CONTROL),
        # The same page from a server whose kernels are not forks: what the forks gain.
        "app_unforked": (unforked_url, PARTICIPANT_FIRST_CONTROL),
        "bare": (stack.bare_url, BARE_FIRST_CONTROL),
    }
    for url, control in pages.values():
        close(load(browser, url, control)[1])
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(runs):
        for name, (url, control) in pages.items():
            seconds, page = load(browser, url, control)
            times[name].append(seconds)
            close(page)
    app, bare = median(times["app"]), median(times["bare"])
    greek, unforked = median(times["app_el"]), median(times["app_unforked"])
    return [
        Measurement(
            name=f"page interactive ({stack.framework_id}, median of {runs})",
            value=app,
            baseline=bare,
            unit="s",
            baseline_label="Voila page with one Button",
            target=f"<= {TARGET_RATIO}x",
            met=app / bare <= TARGET_RATIO,
            notes=(
                "app runs: " + ", ".join(f"{t:.2f}" for t in times["app"]),
                "bare runs: " + ", ".join(f"{t:.2f}" for t in times["bare"]),
            ),
        ),
        Measurement(
            name=f"page interactive in Greek ({stack.framework_id}, median of {runs})",
            value=greek,
            baseline=bare,
            unit="s",
            baseline_label="Voila page with one Button",
            target=f"<= {TARGET_RATIO}x, and within noise of the page in English",
            met=greek / bare <= TARGET_RATIO,
            notes=(
                "Greek runs: " + ", ".join(f"{t:.2f}" for t in times["app_el"]),
                f"Greek / English: {greek / app:.2f}",
            ),
        ),
        Measurement(
            name=f"page interactive, kernels not forked ({stack.framework_id}, median of {runs})",
            value=unforked,
            baseline=bare,
            unit="s",
            baseline_label="Voila page with one Button",
            target="none: shows what starting kernels as forks gains",
            notes=(
                "runs: " + ", ".join(f"{t:.2f}" for t in times["app_unforked"]),
                f"forked / not forked: {app / unforked:.2f}",
            ),
        ),
    ]


POOL_READY_SECONDS = 120.0
"""How long a server may take to start the kernel that replaces the one a page took."""


def run_pooled(stack: Stack, browser: Any, options: Options) -> list[Measurement]:
    """The same page against the same one-Button page, each server keeping one kernel
    waiting per page (``serve``'s default; bare Voila's pre-heated pool). Before each
    load both servers have their waiting kernels back and are idle, as for the first
    person who opens the page."""
    runs = 3 if options.quick else 7
    pages = {
        "app": (stack.app, stack.participant_url, PARTICIPANT_FIRST_CONTROL),
        "bare": (stack.bare, stack.bare_url, BARE_FIRST_CONTROL),
    }
    times: dict[str, list[float]] = {name: [] for name in pages}
    for repeat in range(runs + 1):
        for name, (server, url, control) in pages.items():
            # Two pages are pooled on each server: the participant's and the facilitator's
            # (bare: the Button page and its dashboard).
            settle(server, 2, POOL_READY_SECONDS)
            seconds, page = load(browser, url, control)
            close(page)
            if repeat:  # the first load of each warms the disk cache
                times[name].append(seconds)
    app, bare = median(times["app"]), median(times["bare"])
    return [
        Measurement(
            name=f"page interactive, a kernel waiting ({stack.framework_id}, median of {runs})",
            value=app,
            baseline=bare,
            unit="s",
            baseline_label="Voila page with one Button, a kernel waiting",
            target=f"<= {TARGET_RATIO}x",
            met=app / bare <= TARGET_RATIO,
            notes=(
                "app runs: " + ", ".join(f"{t:.2f}" for t in times["app"]),
                "bare runs: " + ", ".join(f"{t:.2f}" for t in times["bare"]),
            ),
        )
    ]
