"""The form a page shows when it was opened with a session's code but not its key.

The facilitator page and the room's screen ask for their keys the same way: a heading,
a sentence naming the session, a password field, a button, and under them the sentence
of a refusal. Each page gives its own words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as w


@dataclass(frozen=True)
class KeyFormTexts:
    """The words of one page's key form, already in the page's language."""

    heading: str
    intro: str
    """A sentence with ``{code}`` where the session's code stands."""
    label: str
    placeholder: str
    button: str
    empty: str
    """Said when the button is pressed with no key typed."""


class KeyForm(w.VBox):
    """Asks for the key of session ``code``; ``open_with(code, key)`` returns the sentence
    of its refusal, or "" once the page is open."""

    def __init__(
        self,
        code: str,
        texts: KeyFormTexts,
        open_with: Callable[[str, str], str],
        *,
        button_class: str = "",
    ) -> None:
        self.field = w.Password(description=texts.label, placeholder=texts.placeholder)
        self.field.style = {"description_width": "9em"}
        self.field.layout = w.Layout(width="min(32em, 100%)")
        self.field.add_class("ic-key-input")
        self.button = w.Button(description=texts.button, button_style="primary")
        if button_class:
            self.button.add_class(button_class)
        self.problem = w.HTML()

        def submit(_widget: Any = None) -> None:
            key = self.field.value
            refused = open_with(code, key) if key.strip() else texts.empty
            self.problem.value = (
                f'<p class="ic-problem" role="alert">{escape(refused)}</p>' if refused else ""
            )

        self.button.on_click(submit)
        self.field.on_submit(submit)
        intro = escape(texts.intro).replace(
            "{code}", f'<strong class="ic-code">{escape(code)}</strong>'
        )
        heading = w.HTML(f"<h2>{escape(texts.heading)}</h2><p>{intro}</p>")
        super().__init__([heading, self.field, self.button, self.problem])
        self.add_class("ic-form")
