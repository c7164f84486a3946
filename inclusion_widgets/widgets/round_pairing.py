"""The facilitator pairs a follow-up participant with a baseline one the names missed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import ipywidgets as w

from inclusion_widgets.i18n import translator

Person = tuple[str, int]
"""How a person is offered (``Name, City``) and their participant id."""


class RoundPairing(w.VBox):  # type: ignore[misc]
    """Two menus (a follow-up participant, a baseline participant) and *Pair them*, which
    calls ``on_pair(baseline_id, followup_id)``; it returns a sentence to show when the
    pair is refused, or "" when it is kept. Hidden while nobody is left unmatched."""

    def __init__(
        self,
        on_pair: Callable[[int, int], str],
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._on_pair = on_pair
        self._t = translator(language)
        _ = self._t.gettext
        self.followup = w.Dropdown(description=_("Follow-up"))
        self.baseline = w.Dropdown(description=_("is the same person as"))
        self.pair = w.Button(description=_("Pair them"), button_style="primary")
        for control in (self.followup, self.baseline):
            control.style = {"description_width": "initial"}
            control.layout = w.Layout(width="auto", margin="0 1em 0.3em 0")
        self.pair.layout = w.Layout(width="auto")
        self.followup.add_class("ic-pair-followup")
        self.baseline.add_class("ic-pair-baseline")
        self.pair.add_class("ic-pair-button")
        self.message = w.HTML()
        super().__init__(**kwargs)
        row = w.HBox([self.followup, self.baseline, self.pair])
        row.layout = w.Layout(flex_flow="row wrap", align_items="center")
        self.children = (row, self.message)
        self.add_class("ic-round-pairing")
        self.pair.on_click(lambda _button: self._submit())
        self.show((), ())

    def show(self, baseline: Sequence[Person], followup: Sequence[Person]) -> None:
        """Offer the people still unmatched in each round; keep what is chosen if it is
        still offered."""
        _ = self._t.gettext
        for menu, people, prompt in (
            (self.followup, followup, _("Choose someone of the follow-up")),
            (self.baseline, baseline, _("Choose someone of the baseline")),
        ):
            options = [(prompt, 0), *people]
            if list(menu.options) != options:
                kept = menu.value if any(pid == menu.value for _name, pid in people) else 0
                menu.options = options
                menu.value = kept
        self.layout.display = None if baseline and followup else "none"

    def _submit(self) -> None:
        if not self.followup.value or not self.baseline.value:
            self._say(self._t.gettext("Choose one person of each round first."))
            return
        self._say(self._on_pair(self.baseline.value, self.followup.value))

    def _say(self, sentence: str) -> None:
        self.message.value = (
            f'<p class="ic-problem" role="alert">{escape(sentence)}</p>' if sentence else ""
        )
