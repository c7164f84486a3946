"""What a page remembers about each record it edits, to speak the save contract.

Per record (``answer:ITEM`` or ``action:ID``): the fields as the page last showed them,
the version of the record those fields were based on, and the fields the person changed
here that the store has not kept yet. From that come the edits (only the changed fields,
on the right base version) and the rule for records saved elsewhere: they update what
is shown, but never a field the person changed here and has not had saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from inclusion_widgets.checks import FIELD_WORDS


def field_words(name: str) -> str:
    return FIELD_WORDS.get(name, name)


@dataclass
class Tracked:
    shown: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    unsaved: set[str] = field(default_factory=set)


class EditTracker:
    """The page's memory of its records; see the module's text."""

    def __init__(self) -> None:
        self._records: dict[str, Tracked] = {}

    def forget_all(self) -> None:
        self._records.clear()

    def forget(self, key: str) -> None:
        self._records.pop(key, None)

    def known(self, key: str) -> bool:
        return key in self._records

    def loaded(self, key: str, fields: Mapping[str, Any], version: int) -> None:
        """A record put on the page as the store holds it."""
        self._records[key] = Tracked(dict(fields), version)

    def version(self, key: str) -> int:
        tracked = self._records.get(key)
        return tracked.version if tracked else 0

    def unsaved(self, key: str) -> frozenset[str]:
        tracked = self._records.get(key)
        return frozenset(tracked.unsaved) if tracked else frozenset()

    def changed(
        self, key: str, fields: Mapping[str, Any], together: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """The fields that differ from what the page showed (all of them for a new record);
        ``together`` travel as one (an answer's kind and level)."""
        tracked = self._records.setdefault(key, Tracked())
        fresh = not tracked.shown
        changed = {
            name: value
            for name, value in fields.items()
            if fresh or tracked.shown.get(name) != value
        }
        if any(name in changed for name in together):
            changed.update({name: fields[name] for name in together})
        tracked.shown = dict(fields)
        tracked.unsaved |= set(changed)
        return changed

    def saved(
        self,
        key: str,
        version: int,
        fields: Mapping[str, Any] | None,
        settled: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """The store kept an edit of ``key``: the new base version; a field it now holds as
        shown here, or ``settled`` (another tab's newer text won it), is no longer unsaved.
        Returns the saved fields the page should show (those not changed here since)."""
        tracked = self._records.setdefault(key, Tracked())
        tracked.version = max(tracked.version, version)
        if fields is None:
            return {}
        tracked.unsaved = {
            name
            for name in tracked.unsaved - settled
            if fields.get(name) != tracked.shown.get(name)
        }
        update = {name: value for name, value in fields.items() if name not in tracked.unsaved}
        tracked.shown.update(update)
        return update

    def saved_elsewhere(
        self, key: str, version: int, fields: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """A record read back from the store: the fields to show, or None when this page
        already knows that version (or a newer one)."""
        tracked = self._records.get(key)
        if tracked is not None and version <= tracked.version:
            return None
        if tracked is None:
            self._records[key] = Tracked(dict(fields), version)
            return dict(fields)
        tracked.version = version
        update = {name: value for name, value in fields.items() if name not in tracked.unsaved}
        tracked.shown.update(update)
        return update

    def keys(self) -> tuple[str, ...]:
        return tuple(self._records)
