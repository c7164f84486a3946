"""Save what a participant types shortly after they stop typing, each change on its own.

Edits are collected per record (an item's answer, an action card) and combined, so a
burst of keystrokes becomes one save. Each record is saved independently: a change
the store refuses (:class:`ChangeRefused`) is reported for that record and waits for
the person's next edit of it, while every other record goes on saving. Only a store
that cannot be reached (or any other failure) keeps edits pending and makes the status
"Not saved - retrying"; they are sent again after ``retry_delay``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from inclusion_widgets.edits import Edit, SaveResult, combine, edit_key
from inclusion_widgets.i18n import Translator, translator
from inclusion_widgets.store.errors import ChangeRefused, StoreUnreachable


class SaveState(StrEnum):
    IDLE = "idle"
    SAVING = "saving"
    SAVED = "saved"
    RETRYING = "retrying"


@dataclass(frozen=True)
class SaveStatus:
    """What the status line shows: ``Saved 14:03``, ``Saving...``, ``Not saved - retrying``.

    ``refused`` counts the records whose last change the store refused; each of them
    shows its sentence at its field, and ``problem`` holds the latest such sentence.
    """

    state: SaveState
    at: datetime | None = None
    problem: str = ""
    refused: int = 0

    @property
    def text(self) -> str:
        """The status in English; :meth:`say` gives it in a person's language."""
        return self.say(translator())

    def say(self, t: Translator) -> str:
        _ = t.gettext
        if self.state is SaveState.SAVING:
            return _("Saving...")
        if self.state is SaveState.RETRYING:
            return _("Not saved - retrying")
        if self.refused == 1 and self.problem:
            return _("1 change not saved: {problem}").format(problem=self.problem)
        if self.refused:
            return t.ngettext(
                "{n} change not saved: see the message beside each",
                "{n} changes not saved: see the message beside each",
                self.refused,
            ).format(n=t.format_number(self.refused))
        if self.state is SaveState.SAVED and self.at is not None:
            return _("Saved {time}").format(time=t.format_time(self.at))
        return _("Saved as you type")


def _ignore(*_args: object) -> None:
    return None


class Autosaver:
    """Debounces edits and hands them to ``save`` one record at a time.

    ``save`` is ``Store.save_edit`` bound to the session and participant. ``on_saved``
    hears every :class:`SaveResult`, ``on_refused`` every refusal with the key of its
    record, ``on_status`` every change of the status (``describe`` says a refusal in
    the page's language). Without a running event loop (a
    plain script, a test), call :meth:`flush` yourself.
    """

    def __init__(
        self,
        save: Callable[[Edit], SaveResult],
        on_status: Callable[[SaveStatus], None],
        on_saved: Callable[[SaveResult], None] = _ignore,
        on_refused: Callable[[str, ChangeRefused], None] = _ignore,
        delay: float = 0.6,
        retry_delay: float = 3.0,
        clock: Callable[[], datetime] = datetime.now,
        describe: Callable[[ChangeRefused], str] = lambda error: error.message,
    ) -> None:
        self._save = save
        self._on_status = on_status
        self._on_saved = on_saved
        self._on_refused = on_refused
        self._delay = delay
        self._retry_delay = retry_delay
        self._clock = clock
        self._describe = describe
        self._pending: dict[str, Edit] = {}
        self._refused: dict[str, tuple[Edit, ChangeRefused]] = {}
        self._timer: asyncio.TimerHandle | None = None
        self.status = SaveStatus(SaveState.IDLE)

    @property
    def pending(self) -> tuple[Edit, ...]:
        """Edits not saved yet (refused ones are not pending: they wait for a new edit)."""
        return tuple(self._pending.values())

    @property
    def refused(self) -> dict[str, ChangeRefused]:
        """The refusal of each record whose last change the store did not keep, by key."""
        return {key: error for key, (_edit, error) in self._refused.items()}

    def add(self, edit: Edit) -> None:
        """Remember an edit and save it once typing pauses.

        A new edit of a record that was refused is combined with the refused one, so the
        fields it carried are sent again with the correction.
        """
        key = edit_key(edit)
        earlier = self._pending.get(key)
        if earlier is None and key in self._refused:
            earlier = self._refused.pop(key)[0]
        self._pending[key] = edit if earlier is None else combine(earlier, edit)
        self._set(SaveStatus(SaveState.SAVING, self.status.at))
        self._schedule(self._delay)

    def flush(self) -> bool:
        """Save every pending edit now; True when none is left to retry.

        Each record is saved on its own; a refusal does not stop the others. An
        unreachable store stops this round (every other save would wait for it too).
        """
        self._cancel()
        problem = ""
        for key in list(self._pending):
            edit = self._pending.pop(key, None)
            if edit is None:
                continue
            try:
                result = self._save(edit)
            except ChangeRefused as error:
                self._refused[key] = (edit, error)
                self._on_refused(key, error)
                continue
            except Exception as error:
                self._keep(key, edit)
                problem = str(error)
                if isinstance(error, StoreUnreachable):
                    break
                continue
            newer = self._pending.get(key)
            if newer is not None:
                # Typed while this edit was being saved, on top of what was just saved.
                self._pending[key] = replace(newer, base_version=result.version)
            self._on_saved(result)
        if problem:
            self._set(SaveStatus(SaveState.RETRYING, self.status.at, problem))
            self._schedule(self._retry_delay)
            return False
        if self._pending:
            self._schedule(self._delay)
            return False
        refusals = [self._describe(error) for _edit, error in self._refused.values()]
        self._set(
            SaveStatus(
                SaveState.SAVED, self._clock(), refusals[-1] if refusals else "", len(refusals)
            )
        )
        return True

    def _keep(self, key: str, edit: Edit) -> None:
        """Put a failed edit back, under any edit of the same record made meanwhile."""
        newer = self._pending.get(key)
        self._pending[key] = edit if newer is None else combine(edit, newer)

    def _set(self, status: SaveStatus) -> None:
        self.status = status
        self._on_status(status)

    def _schedule(self, delay: float) -> None:
        self._cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(delay, self.flush)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
