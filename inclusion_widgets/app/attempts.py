"""Wrong codes and keys typed on one page: a few are free, then each waits longer, and
every one past the free ones is logged, so guessing from a page is slow and seen."""

from __future__ import annotations

import time
from collections.abc import Callable

from inclusion_widgets.app.server_log import server_log
from inclusion_widgets.i18n import Translator, translator

FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0

log = server_log("access")


class Attempts:
    """Counts one page's wrong tries; ``wait()`` says how long the next must wait."""

    def __init__(self, what: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.what = what
        self._clock = clock
        self._wrong = 0
        self._not_before = 0.0

    def wait(self) -> float:
        """Seconds until the next try is looked at (0 when it may go ahead)."""
        return max(0.0, self._not_before - self._clock())

    def refusal(self, t: Translator | None = None) -> str:
        """The sentence for a try made too soon (in ``t``'s language), or "" when it may
        go ahead."""
        seconds = self.wait()
        if seconds <= 0:
            return ""
        t = t or translator()
        wait = int(seconds) + 1
        return t.ngettext(
            "Too many wrong tries: please wait {n} second and try again.",
            "Too many wrong tries: please wait {n} seconds and try again.",
            wait,
        ).format(n=t.format_number(wait))

    def failed(self, typed: str) -> None:
        self._wrong += 1
        if self._wrong >= FREE_ATTEMPTS:
            delay = min(MAX_WAIT_SECONDS, 2.0 ** (self._wrong - FREE_ATTEMPTS + 1))
            self._not_before = self._clock() + delay
            log.warning(
                "wrong %s typed %d times on one page (last: %r)", self.what, self._wrong, typed[:20]
            )

    def succeeded(self) -> None:
        self._wrong = 0
        self._not_before = 0.0
