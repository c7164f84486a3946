"""The key leaves the address bar (and the browser's history) once the page has read it:
a projected screen or a shared computer must not show it."""

from __future__ import annotations

import ipywidgets as w
from IPython.display import Javascript, display

_FORGET_KEY = """
(() => {
  const url = new URL(window.location.href);
  if (url.searchParams.has('key')) {
    url.searchParams.delete('key');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
})();
"""


def forget_key(output: w.Output) -> None:
    """Run the script that takes ``key`` out of the page's address, in ``output``."""
    with output:
        display(Javascript(_FORGET_KEY))  # type: ignore[no-untyped-call]
