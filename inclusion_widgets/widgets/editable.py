"""What the Checklist and the ActionPlan share: one anywidget model whose page sends
field-level edits, and the save contract with the app (see :mod:`inclusion_widgets.edits`).

The page sends each change as a custom message shaped like an edit: the record, the
fields changed, the version the page showed, when the person made the change, and a
revision number. The page keeps every edit in the browser (``localStorage`` under
``storage_key``) until :meth:`show_saved` acknowledges that revision, and sends what is
left again when it is opened on a kernel, so a dead kernel loses nothing typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import traitlets

from inclusion_widgets.edits import Conflict, Edit, SaveResult, edit_key
from inclusion_widgets.records import MAX_TEXT
from inclusion_widgets.widgets.front_end import OneModel

EditCallback = Callable[[Edit], None]


class EditRefused(ValueError):
    """A message from the page that cannot become an edit; shown at ``field``."""

    def __init__(self, sentence: str, field: str = "") -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.field = field


def edited_time(text: object) -> datetime:
    """When the person made a change, from the page's ISO time; never in the future,
    so a browser clock running ahead cannot make its edit win over a newer one."""
    now = datetime.now(UTC)
    try:
        when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return now
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(when, now)


class EditableWidget(OneModel):
    """Base of the widgets people edit; subclasses turn a message into an edit."""

    labels = traitlets.Dict(
        help="Every sentence and label the page shows, by key (see widgets.labels); the "
        "page holds no text of its own, so a translation replaces this."
    ).tag(sync=True)
    locale = traitlets.Unicode(
        "en", help="Language of the labels, for plural forms and numbers on the page."
    ).tag(sync=True)
    read_only = traitlets.Bool(False, help="Show everything with every control disabled.").tag(
        sync=True
    )
    storage_key = traitlets.Unicode(
        "",
        help="Where the browser keeps the edits the store has not yet acknowledged "
        "(localStorage), so that they are sent again after a reopen; the app uses the "
        "session code and participant id. Empty: the page keeps nothing.",
    ).tag(sync=True)
    max_text = traitlets.Int(
        MAX_TEXT, help="The longest text kept, in characters; the page says so beyond it."
    ).tag(sync=True)
    problems = traitlets.Dict(
        help="Sentences shown at a field, by record key then field ('' for the record "
        "itself), e.g. {'answer:oecd-12/01': {'note': 'The note is too long...'}}."
    ).tag(sync=True)
    conflicts = traitlets.Dict(
        help="Fields another tab saved differently, by record key: a list of "
        "{'field', 'other', 'kept'} as in edits.Conflict."
    ).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        self._edit_callbacks: list[EditCallback] = []
        self._revisions: dict[str, int] = {}
        super().__init__(**kwargs)
        self.on_msg(self._receive)

    # -- the save contract ---------------------------------------------------------

    def on_edit(self, callback: EditCallback) -> None:
        """Call ``callback(edit)`` with every edit a person makes (only the fields changed)."""
        self._edit_callbacks.append(callback)

    def show_saved(self, result: SaveResult) -> None:
        """The store kept an edit: new base version, no problem shown, conflicts shown,
        and the page may forget the edits it sent up to now for that record."""
        self._set_version(result.key, result.version)
        self._clear(result.key)
        if result.conflicts:
            self.conflicts = {**self.conflicts, result.key: _conflicts(result.conflicts)}
        self.send(
            {
                "type": "saved",
                "key": result.key,
                "version": result.version,
                "revision": self._revisions.get(result.key, 0),
            }
        )

    def show_refused(self, key: str, field: str, sentence: str) -> None:
        """Show ``sentence`` at ``field`` of the record ``key`` ('' for the whole record);
        what the person typed stays on the page and in the browser."""
        self.problems = {**self.problems, key: {field: sentence}}

    # -- messages from the page ----------------------------------------------------

    def _receive(self, _widget: object, content: Mapping[str, Any], _buffers: object) -> None:
        key = str(content.get("key", ""))
        try:
            edit = self._edit_from_message(content)
        except EditRefused as refused:
            self.show_refused(key, refused.field, refused.sentence)
            return
        if edit is None:
            return
        key = edit_key(edit)
        self._revisions[key] = max(self._revisions.get(key, 0), int(content.get("revision", 0)))
        self._clear(key)
        for field in getattr(edit, "fields", ()):
            self._clear_conflict(key, field)
        self._apply(edit)
        self._emit(edit)

    def _emit(self, edit: Edit) -> None:
        for callback in self._edit_callbacks:
            callback(edit)

    def _clear(self, key: str) -> None:
        if key in self.problems:
            self.problems = {k: v for k, v in self.problems.items() if k != key}

    def _clear_conflict(self, key: str, field: str) -> None:
        if key not in self.conflicts:
            return
        rest = [c for c in self.conflicts[key] if c["field"] != field]
        others = {k: v for k, v in self.conflicts.items() if k != key}
        self.conflicts = {**others, key: rest} if rest else others

    # -- for subclasses --------------------------------------------------------------

    def _edit_from_message(self, content: Mapping[str, Any]) -> Edit | None:
        raise NotImplementedError

    def _apply(self, edit: Edit) -> None:
        raise NotImplementedError

    def _set_version(self, key: str, version: int) -> None:
        raise NotImplementedError


def _conflicts(conflicts: tuple[Conflict, ...]) -> list[dict[str, Any]]:
    return [{"field": c.field, "other": plain(c.other), "kept": c.kept} for c in conflicts]


def plain(value: Any) -> Any:
    """A field value as JSON: dates as ISO text, tuples as lists, enums as their value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
