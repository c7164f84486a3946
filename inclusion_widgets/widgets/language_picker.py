"""The menu where a person chooses the language of their page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from inclusion_widgets.i18n import language_choices, normalize, translator


class LanguagePicker(w.Dropdown):  # type: ignore[misc]
    """Every interface language, each named in itself (``Ελληνικά``, ``Latviešu``), so that
    a person finds theirs whatever the page is in; ``on_choose(code)`` hears a new choice."""

    def __init__(
        self, language: str | None, on_choose: Callable[[str], None], **kwargs: Any
    ) -> None:
        current = normalize(language)
        super().__init__(
            options=[(name, code) for name, code in language_choices()],
            value=current,
            description=translator(current).gettext("Language"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
            **kwargs,
        )
        self.add_class("ic-language")
        self.observe(lambda change: on_choose(change["new"]), "value")
