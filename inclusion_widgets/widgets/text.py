"""Escaping helpers: the only way text from a framework file or a person reaches HTML.

``ipywidgets.HTML`` sets its value as innerHTML with no sanitising, so every piece of
text is escaped here and markup is built only from these helpers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def esc(text: object) -> str:
    """The text with ``& < > " '`` escaped, safe inside an element or an attribute."""
    return html.escape(str(text), quote=True)


def para(text: str) -> str:
    """Escaped text whose line breaks are kept as ``<br>``."""
    return "<br>".join(esc(line) for line in text.splitlines())


def tag(name: str, text: str, cls: str = "") -> str:
    """``<name class="cls">escaped text</name>``; ``name`` and ``cls`` come from code only."""
    attribute = f' class="{esc(cls)}"' if cls else ""
    return f"<{name}{attribute}>{para(text)}</{name}>"


def bullet_list(texts: Iterable[str], cls: str = "") -> str:
    """An escaped ``<ul>`` of the texts, or nothing when there are none."""
    items = "".join(tag("li", text) for text in texts)
    if not items:
        return ""
    return f'<ul class="{esc(cls)}">{items}</ul>' if cls else f"<ul>{items}</ul>"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 action``, ``3 actions``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
