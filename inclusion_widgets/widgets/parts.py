"""Controls that share their Layout and Style models.

Each ipywidgets control creates a Layout model and often a Style model of its own,
and every model is a message round-trip when the page loads. A view builds its
controls through one :class:`Parts`, so a 60-item checklist costs a handful of
shared models instead of two extra per control. Sizes come from CSS classes
(see :mod:`.styles`), never from a layout, because the layout is shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle


class Parts:
    """Factories for the controls of one view, all on shared layout and style models."""

    def __init__(self) -> None:
        self.layout = w.Layout()
        self._html_style = HTMLStyle()
        self._text_style = TextStyle(description_width="initial")
        self._check_style = CheckboxStyle(description_width="initial")
        self._toggle_style = w.ToggleButtonsStyle(description_width="initial", button_width="")
        self._plain_style = DescriptionStyle(description_width="initial")
        self._button_style = w.ButtonStyle()

    def _shared(self, widget: w.DOMWidget, classes: Sequence[str]) -> w.DOMWidget:
        for cls in classes:
            widget.add_class(cls)
        return widget

    def html(self, value: str = "", *classes: str) -> w.HTML:
        """An HTML block; ``value`` must already be built with :mod:`.text` helpers."""
        return self._shared(
            w.HTML(value=value, layout=self.layout, style=self._html_style), classes
        )

    def textarea(self, label: str, placeholder: str, *classes: str, rows: int = 2) -> w.Textarea:
        """A text box that reports every keystroke (``continuous_update``)."""
        return self._shared(
            w.Textarea(
                description=label,
                description_allow_html=False,
                placeholder=placeholder,
                rows=rows,
                continuous_update=True,
                layout=self.layout,
                style=self._text_style,
            ),
            ("ic-field", *classes),
        )

    def text(self, label: str, placeholder: str, *classes: str) -> w.Text:
        return self._shared(
            w.Text(
                description=label,
                description_allow_html=False,
                placeholder=placeholder,
                continuous_update=True,
                layout=self.layout,
                style=self._text_style,
            ),
            ("ic-field", *classes),
        )

    def checkbox(self, label: str, *classes: str) -> w.Checkbox:
        return self._shared(
            w.Checkbox(
                description=label,
                description_allow_html=False,
                indent=False,
                layout=self.layout,
                style=self._check_style,
            ),
            classes,
        )

    def toggles(
        self,
        label: str,
        options: Sequence[tuple[str, Any]],
        tooltips: Sequence[str],
        *classes: str,
    ) -> w.ToggleButtons:
        """One choice among the options, none chosen at first."""
        return self._shared(
            w.ToggleButtons(
                options=list(options),
                index=None,
                tooltips=list(tooltips),
                description=label,
                description_allow_html=False,
                layout=self.layout,
                style=self._toggle_style,
            ),
            classes,
        )

    def dropdown(
        self, label: str, options: Sequence[tuple[str, Any]], value: Any, *classes: str
    ) -> w.Dropdown:
        return self._shared(
            w.Dropdown(
                options=list(options),
                value=value,
                description=label,
                description_allow_html=False,
                layout=self.layout,
                style=self._plain_style,
            ),
            ("ic-field", *classes),
        )

    def select_multiple(
        self, label: str, options: Sequence[tuple[str, Any]], *classes: str, rows: int = 4
    ) -> w.SelectMultiple:
        return self._shared(
            w.SelectMultiple(
                options=list(options),
                rows=rows,
                description=label,
                description_allow_html=False,
                layout=self.layout,
                style=self._plain_style,
            ),
            ("ic-field", *classes),
        )

    def date(self, label: str, *classes: str) -> w.DatePicker:
        return self._shared(
            w.DatePicker(
                description=label,
                description_allow_html=False,
                layout=self.layout,
                style=self._plain_style,
            ),
            ("ic-field", *classes),
        )

    def button(self, label: str, tooltip: str, *classes: str, icon: str = "") -> w.Button:
        return self._shared(
            w.Button(
                description=label,
                tooltip=tooltip,
                icon=icon,
                layout=self.layout,
                style=self._button_style,
            ),
            ("ic-button", *classes),
        )

    def vbox(self, children: Sequence[w.Widget] = (), *classes: str) -> w.VBox:
        return self._shared(w.VBox(children=list(children), layout=self.layout), classes)

    def hbox(self, children: Sequence[w.Widget] = (), *classes: str) -> w.HBox:
        return self._shared(w.HBox(children=list(children), layout=self.layout), classes)
