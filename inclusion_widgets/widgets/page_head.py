"""What a workshop page's head says: the title of its browser tab and its language."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

from inclusion_widgets.i18n import normalize

HERE = Path(__file__).parent
SEPARATOR = " · "


class PageHead(anywidget.AnyWidget):  # type: ignore[misc]
    """Nothing on the page itself. It names the browser tab (``title``), so that a person
    with the facilitator page, the room screen and the start page open tells the tabs
    apart, and it declares the page's language (``language``, the ``lang`` of the page),
    so that a screen reader reads Greek as Greek and a browser offers no translation of
    a page already in its reader's language."""

    _esm = HERE / "page_head.js"

    title = t.Unicode("", help="The tab's title; empty leaves the one the page has.").tag(sync=True)
    language = t.Unicode("", help="The page's language code (``el``).").tag(sync=True)

    def describe(self, language: str | None, *parts: str) -> None:
        """The page is in ``language``; its tab reads ``parts`` (the workshop's title, then
        the page's), skipping empty ones."""
        self.language = normalize(language)
        self.title = SEPARATOR.join(part for part in parts if part)
