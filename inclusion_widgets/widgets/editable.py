"""What the Checklist and the ActionPlan share: one anywidget model whose page sends
field-level edits, and the save contract with the app (see :mod:`inclusion_widgets.edits`).

The page sends each change as a custom message shaped like an edit: the record, the
fields changed, the version the page showed, when the person made the change, and a
revision number. The page keeps every edit in the browser (``localStorage`` under
``storage_key``) until :meth:`show_saved` acknowledges that revision, and sends what is
left again when it is opened on a kernel, so a dead kernel loses nothing typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import traitlets

from inclusion_widgets.edits import Conflict, Edit, SaveResult, edit_key
from inclusion_widgets.records import MAX_TEXT, Action, AgreedResult, Answer, PlanAction
from inclusion_widgets.widgets.front_end import OneModel

EditCallback = Callable[[Edit], None]
R = TypeVar("R", Answer, Action, AgreedResult, PlanAction)


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


class EditableWidget(OneModel, Generic[R]):
    """Base of the widgets people edit: the records shown (``_current``, by id), the saved
    version each is based on, the fields changed here and not yet saved, and the save
    contract over them. Subclasses turn a message into an edit and publish their state."""

    _record_fields: tuple[str, ...] = ()
    """The fields of a record an edit may carry."""
    _key_prefix = ""
    """What :func:`edits.edit_key` puts before a record's id."""

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
        self._change_callbacks: list[Callable[[R], None]] = []
        self._revisions: dict[str, int] = {}
        self._current: dict[str, R] = {}
        self._versions: dict[str, int] = {}
        self._unsaved: dict[str, set[str]] = {}
        super().__init__(**kwargs)
        self.on_msg(self._receive)

    # -- the save contract ---------------------------------------------------------

    def on_edit(self, callback: EditCallback) -> None:
        """Call ``callback(edit)`` with every edit a person makes (only the fields changed)."""
        self._edit_callbacks.append(callback)

    def show_saved(self, result: SaveResult) -> None:
        """The store kept an edit: new base version, no problem shown, conflicts shown,
        and the page may forget the edits it sent up to now for that record.

        Where another tab's text was newer (a conflict the store kept as ``"other"``),
        the page shows that current text and keeps its own one click away."""
        record_id = result.key.removeprefix(self._key_prefix)
        shown = [self._conflict_json(record_id, conflict) for conflict in result.conflicts]
        newer = {
            name
            for conflict in result.conflicts
            if conflict.kept == "other"
            for name in self._fields_of(conflict.field)
        }
        if record_id in self._current:
            self._versions[record_id] = result.version
            self._unsaved.pop(record_id, None)
            self._publish(sync=False)
        self._clear(result.key)
        if shown:
            self.conflicts = {**self.conflicts, result.key: shown}
        self.send(
            {
                "type": "saved",
                "key": result.key,
                "version": result.version,
                "revision": self._revisions.get(result.key, 0),
            }
        )
        current = self._current.get(record_id)
        if newer and current is not None and isinstance(result.record, type(current)):
            values = {name: getattr(result.record, name) for name in newer}
            self._current[record_id] = replace(current, **values)
            self._publish(sync=True)  # after "saved", so the page lets go of its own text

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

    def _conflict_json(self, record_id: str, conflict: Conflict) -> dict[str, Any]:
        """A conflict as the page shows it; where the other tab's text stays current,
        ``mine`` is this page's text, offered one click away."""
        shown = {"field": conflict.field, "other": plain(conflict.other), "kept": conflict.kept}
        current = self._current.get(record_id)
        if conflict.kept == "other" and current is not None and conflict.field:
            shown["mine"] = plain(self._field_value(current, conflict.field))
        return shown

    # -- shared by subclasses ----------------------------------------------------------

    def _take_saved(self, record_id: str, record: R) -> bool:
        """Show a record saved elsewhere unless this page holds a newer version, keeping
        the fields changed here and not yet saved; whether anything changed."""
        version = int(getattr(record, "version", 0))
        if version <= self._versions.get(record_id, 0):
            return False
        mine = self._current.get(record_id)
        unsaved = self._unsaved.get(record_id, set()) if mine is not None else set()
        values = {
            name: getattr(mine if name in unsaved else record, name) for name in self._record_fields
        }
        self._current[record_id] = replace(record, **values)
        self._versions[record_id] = version
        return True

    def _changed(self, record_id: str, record: R, fields: Iterable[str]) -> None:
        """A person's edit is applied: remember its fields as unsaved, update the state
        (not echoed to the page, which shows it already) and tell the listeners."""
        self._current[record_id] = record
        self._unsaved.setdefault(record_id, set()).update(fields)
        self._publish(sync=False)
        self.set_trait("last_change", record)
        for callback in self._change_callbacks:
            callback(record)

    def _show_state(self, name: str, state: dict[str, Any], sync: bool) -> None:
        """Set the state trait ``name``; with ``sync=False`` the page, which already
        shows it, is not sent it again (ipywidgets' own guard against echoes)."""
        if sync:
            setattr(self, name, state)
            return
        with self._lock_property(**{name: state}):
            setattr(self, name, state)

    def _text(self, name: str, value: Any) -> str:
        """A text field from the page; a sentence at the field when it is too long."""
        text = str(value)
        if len(text) > MAX_TEXT:
            raise EditRefused(
                self.labels["too_long"].format(
                    field=self.labels[f"field.{name}"],
                    length=f"{len(text):,}",
                    limit=f"{MAX_TEXT:,}",
                ),
                name,
            )
        return text

    # -- for subclasses --------------------------------------------------------------

    def _edit_from_message(self, content: Mapping[str, Any]) -> Edit | None:
        raise NotImplementedError

    def _apply(self, edit: Edit) -> None:
        raise NotImplementedError

    def _publish(self, sync: bool) -> None:
        raise NotImplementedError

    def _fields_of(self, field: str) -> tuple[str, ...]:
        """The record's fields a conflict on ``field`` stands for."""
        return (field,) if field in self._record_fields else ()

    def _field_value(self, record: R, field: str) -> Any:
        """A field's value as a conflict carries it."""
        return getattr(record, field)


def plain(value: Any) -> Any:
    """A field value as JSON: dates as ISO text, tuples as lists, enums as their value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
