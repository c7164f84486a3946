"""The participant workbook's one call: the page's frame at once, the workbook as soon
as the kernel is free.

Voila runs a notebook while the browser waits for the page; the browser then loads its
scripts (about a second) before it asks the kernel for the page's widgets. Opening the
store and building the workbook (loading SQLAlchemy is most of it) therefore runs just
after the cell returns, during that second, instead of before the page is sent. A kernel
Voila started in advance (its pool) has time to spare: it imports all of it while it
waits for a page.
"""

from __future__ import annotations

import logging
import os
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from inclusion_widgets.app.page_load import hold_widget_messages_while_the_page_loads
from inclusion_widgets.app.polling import soon
from inclusion_widgets.app.query import PageQuery
from inclusion_widgets.i18n import N_, translator
from inclusion_widgets.widgets.app_styles import app_stylesheet

if TYPE_CHECKING:
    from inclusion_widgets.store import Store

NOT_OPENED = N_(
    "This page could not be opened. Reload it; if that does not help, tell your facilitator."
)
log = logging.getLogger(__name__)


def participant_app(store: Store | None = None, query: PageQuery | None = None) -> w.VBox:
    """The participant's page for the page's query string; the notebook's last line shows
    it. Its one child is the :class:`~inclusion_widgets.app.participant.ParticipantApp`,
    or the sentence that says why it could not be opened."""
    hold_widget_messages_while_the_page_loads()
    if os.environ.get("VOILA_PREHEAT") == "True":
        import inclusion_widgets.app.participant  # noqa: F401 - while no page waits
    query = query or PageQuery.from_page()
    frame = w.VBox()
    soon(lambda: _open(frame, store, query))
    return frame


def _open(frame: w.VBox, store: Store | None, query: PageQuery) -> None:
    from inclusion_widgets.app.participant import ParticipantApp
    from inclusion_widgets.store import Store, StoreError

    t = translator(query.lang)
    try:
        frame.children = (ParticipantApp(store or Store(), query),)
        return
    except StoreError as error:
        sentence = t.sentence(error.template, error.params)
    except Exception:
        log.exception("The participant page could not be opened")
        sentence = t.gettext(NOT_OPENED)
    problem = w.HTML(f'<p class="ic-problem" role="alert">{escape(sentence)}</p>')
    page = w.VBox([app_stylesheet(), problem])
    page.add_class("ic-app")
    frame.children = (page,)
