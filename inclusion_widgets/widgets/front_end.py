"""The browser side of the widgets: plain ES modules and CSS shipped in ``static/``.

Each widget's module is ``common.js`` (helpers, and the browser's copy of edits the
store has not yet kept) followed by the widget's own file, joined here, so the files
stay readable and no bundler is needed. All widgets share one stylesheet.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import anywidget

STATIC = Path(__file__).parent / "static"


@cache
def module(name: str) -> str:
    """The ES module of one widget: ``common.js`` then ``static/<name>.js``."""
    return "\n".join(
        (STATIC / file).read_text(encoding="utf-8") for file in ("common.js", f"{name}.js")
    )


@cache
def stylesheet() -> str:
    """The CSS every widget carries (classes start ``ic-``; nothing else is touched)."""
    return (STATIC / "widgets.css").read_text(encoding="utf-8")


class OneModel(anywidget.AnyWidget):
    """An anywidget that carries the shared stylesheet and, when closed, closes the one
    Layout model ipywidgets gives every DOM widget, so a discarded widget leaves nothing."""

    _css = stylesheet()

    def close(self) -> None:
        layout = self.layout
        super().close()
        if layout is not None:
            layout.close()
