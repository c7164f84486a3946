"""Charts drawn once for each set of inputs: a page that refreshes redraws only what changed.

The same inputs always give the same SVG, so the last few charts are kept by a digest of
their inputs and a refresh that changed nothing of a chart does not draw it again. The
cache is bounded (least recently used first out), so a long workshop does not grow it.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec

P = ParamSpec("P")

KEPT = 32
"""How many charts are kept: every chart of a dashboard in both layouts, in two languages."""

_kept: OrderedDict[str, str] = OrderedDict()
_counts = {"hits": 0, "misses": 0}


@dataclass(frozen=True)
class CacheInfo:
    """How often a chart was served from the cache (``hits``) or drawn (``misses``)."""

    hits: int
    misses: int
    size: int


def cache_info() -> CacheInfo:
    return CacheInfo(_counts["hits"], _counts["misses"], len(_kept))


def remembered(draw: Callable[P, str]) -> Callable[P, str]:
    """Keep what ``draw`` returns for each set of arguments (compared by their ``repr``)."""

    @functools.wraps(draw)
    def cached(*args: P.args, **kwargs: P.kwargs) -> str:
        inputs = repr((draw.__qualname__, args, sorted(kwargs.items())))
        key = hashlib.sha256(inputs.encode()).hexdigest()
        if key in _kept:
            _counts["hits"] += 1
            _kept.move_to_end(key)
            return _kept[key]
        _counts["misses"] += 1
        svg = draw(*args, **kwargs)
        _kept[key] = svg
        if len(_kept) > KEPT:
            _kept.popitem(last=False)
        return svg

    return cached
