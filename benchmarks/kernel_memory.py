"""Resident memory of a participant's kernel vs a bare kernel that imported ipywidgets.

Each page is opened in Chromium; once it is interactive, the kernel that appeared for
it is found among the server's children and its RSS read (psutil) after a short pause,
so that the work the page triggered has finished. The bare kernel is the one of the
Voila page with a single Button. The details add each kernel's memory of its own (USS):
what one more kernel costs the machine, lower than the RSS for a kernel forked from a
process whose pages it shares.
"""

from __future__ import annotations

import time
from typing import Any

from common import Measurement, Options, kernel_pids, median, rss_mib, uss_mib
from page_load import BARE_FIRST_CONTROL, PARTICIPANT_FIRST_CONTROL, close, load
from stack import Stack

TARGET_EXTRA_MIB = 25.0
SETTLE_SECONDS = 2.0


def kernel_sizes(browser: Any, server: Any, url: str, control: str) -> tuple[float, float]:
    """The RSS and the USS of the kernel the page at ``url`` started, in MiB."""
    before = kernel_pids(server)
    _seconds, page = load(browser, url, control)
    try:
        time.sleep(SETTLE_SECONDS)
        new = kernel_pids(server) - before
        if len(new) != 1:
            raise RuntimeError(f"expected one new kernel for {url}, found {len(new)}")
        pid = new.pop()
        return rss_mib(pid), uss_mib(pid)
    finally:
        close(page)


def run(stack: Stack, browser: Any, options: Options) -> list[Measurement]:
    runs = 2 if options.quick else 4
    app_both = [
        kernel_sizes(browser, stack.app, stack.participant_url, PARTICIPANT_FIRST_CONTROL)
        for _ in range(runs)
    ]
    greek = [
        kernel_sizes(
            browser, stack.app, f"{stack.participant_url}&lang=el", PARTICIPANT_FIRST_CONTROL
        )[0]
        for _ in range(runs)
    ]
    bare_both = [
        kernel_sizes(browser, stack.bare, stack.bare_url, BARE_FIRST_CONTROL) for _ in range(runs)
    ]
    app, bare = [rss for rss, _ in app_both], [rss for rss, _ in bare_both]
    own = (
        f"memory of its own (USS): {median([uss for _, uss in app_both]):.1f} MiB, "
        f"bare {median([uss for _, uss in bare_both]):.1f} MiB"
    )
    extra = median(app) - median(bare)
    extra_greek = median(greek) - median(bare)
    return [
        Measurement(
            name=f"kernel RSS, participant ({stack.framework_id}), median of {runs}",
            value=median(app),
            baseline=median(bare),
            unit="MiB",
            baseline_label="ipykernel that imported ipywidgets",
            target=f"<= bare + {TARGET_EXTRA_MIB:.0f} MiB",
            met=extra <= TARGET_EXTRA_MIB,
            notes=(f"difference: {extra:+.1f} MiB", own),
        ),
        Measurement(
            name=f"kernel RSS, participant in Greek ({stack.framework_id}), median of {runs}",
            value=median(greek),
            baseline=median(bare),
            unit="MiB",
            baseline_label="ipykernel that imported ipywidgets",
            target=f"<= bare + {TARGET_EXTRA_MIB:.0f} MiB, and within noise of English",
            met=extra_greek <= TARGET_EXTRA_MIB,
            notes=(
                f"difference: {extra_greek:+.1f} MiB",
                f"Greek - English: {median(greek) - median(app):+.1f} MiB",
            ),
        ),
    ]
