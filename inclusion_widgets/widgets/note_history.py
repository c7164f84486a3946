"""Earlier versions of a participant's notes, per item, each one click from coming back."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any, Protocol

import ipywidgets as w

from inclusion_widgets.checks import FIELD_WORDS
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import translator


def field_words(name: str) -> str:
    return FIELD_WORDS.get(name, name)


SHOWN_PER_ITEM = 8
"""The newest earlier versions listed per item; older ones stay in the history."""


class EarlierText(Protocol):
    """An earlier text of a field (the store's ``NoteVersion``)."""

    @property
    def field(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def edited_at(self) -> datetime: ...


class NoteHistory(w.VBox):  # type: ignore[misc]
    """ "Earlier versions of my notes": read on demand, listed per item, newest first.

    ``read()`` gives the earlier texts per item id; ``bring_back(item_id, field, text)``
    makes one current again and returns a sentence saying what happened.
    """

    def __init__(
        self,
        framework: Framework,
        read: Callable[[], Mapping[str, Sequence[EarlierText]]],
        bring_back: Callable[[str, str, str], str],
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._t = t = translator(language)
        _ = t.gettext
        self._framework = framework
        self._read = read
        self._bring_back = bring_back
        self._numbers = {item.id: n for n, item in enumerate(framework.items, start=1)}
        self._titles = {item.id: item.title for item in framework.items}
        self._titles.update({q.id: q.text for q in framework.context_questions})
        self.show_button = w.Button(
            description=_("Show earlier versions of my notes"),
            tooltip=_("List the earlier texts of your notes and evidence"),
            layout=w.Layout(width="auto"),
        )
        self.show_button.add_class("ic-show-history")
        self.show_button.on_click(lambda _button: self.refresh())
        self.message = w.HTML()
        self._list = w.VBox()
        self._list.add_class("ic-history-list")
        self.children = (
            w.HTML(
                "<h3>" + escape(_("Earlier versions of my notes")) + "</h3>"
                '<p class="ic-muted">'
                + escape(
                    _(
                        "Every text you replaced, here or in another tab, is kept. Bring one "
                        "back to make it current again; the text it replaces is kept too."
                    )
                )
                + "</p>"
            ),
            self.show_button,
            self.message,
            self._list,
        )
        self.add_class("ic-note-history")

    def refresh(self) -> None:
        """Read the earlier versions again and list them."""
        versions = self._read()
        rows: list[w.Widget] = []
        for item_id in self._order(versions):
            texts = list(versions[item_id])[:SHOWN_PER_ITEM]
            if not texts:
                continue
            number = self._numbers.get(item_id)
            title = f"{number}. " if number else ""
            title += self._titles.get(item_id, item_id)
            rows.append(w.HTML(f"<h4>{escape(title)}</h4>"))
            rows.extend(self._row(item_id, version) for version in texts)
        if not rows:
            rows.append(
                w.HTML(
                    '<p class="ic-muted">'
                    + escape(self._t.gettext("No earlier versions yet: nothing was replaced."))
                    + "</p>"
                )
            )
        for old in self._list.children:
            old.close()
        self._list.children = tuple(rows)

    def _order(self, versions: Mapping[str, Sequence[EarlierText]]) -> list[str]:
        known = [item.id for item in self._framework.items]
        known += [q.id for q in self._framework.context_questions]
        return [i for i in known if i in versions] + [i for i in versions if i not in known]

    def _row(self, item_id: str, version: EarlierText) -> w.Widget:
        t = self._t
        when = t.format_datetime(version.edited_at, "short")
        field = t.gettext(field_words(version.field))
        empty = t.gettext("(empty)")
        text = escape(version.text) if version.text else f"<em>{escape(empty)}</em>"
        label = w.HTML(
            f'<div class="ic-history-text"><span class="ic-muted">'
            f"{escape(field[:1].upper() + field[1:])}, {escape(when)}</span>"
            f"<div>{text}</div></div>"
        )
        button = w.Button(
            description=t.gettext("Bring back"),
            tooltip=t.gettext("Make this {field} current again").format(field=field),
            layout=w.Layout(width="auto"),
        )

        def bring(_button: object) -> None:
            self.message.value = (
                '<p class="ic-notice" role="status">'
                f"{escape(self._bring_back(item_id, version.field, version.text))}</p>"
            )
            self.refresh()

        button.on_click(bring)
        row = w.HBox([label, button])
        row.add_class("ic-history-row")
        return row
