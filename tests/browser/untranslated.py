"""Which of a page's English interface strings are still shown in English."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from playwright.sync_api import Page

from inclusion_widgets.i18n import translator


def english_interface(tables: Iterable[Mapping[str, object]], extra: Iterable[str]) -> list[str]:
    """``extra`` and the whole texts of the widgets' label ``tables``, each one the catalogs
    translate; a field's name ("note") is part of a sentence, not a text of its own."""
    found = set(extra)
    for table in tables:
        for key, message in table.items():
            if isinstance(message, str) and "{" not in message and not key.startswith("field."):
                found.add(message)
    return sorted(found)


def english_left(page: Page, language: str, strings: Iterable[str]) -> list[str]:
    """The ``strings`` the page shows in English although ``language`` translates them."""
    text = page.locator("body").inner_text()
    t = translator(language)
    return [
        english
        for english in strings
        if t.gettext(english) != english and re.search(rf"\b{re.escape(english)}\b", text)
    ]
