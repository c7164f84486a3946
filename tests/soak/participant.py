"""One simulated participant of the soak test, in a process of its own.

It edits at random through ``Store.save_edit`` from two "tabs" (each with the base
versions it last saw, so one is often stale), sends changes the store must refuse,
replays edits it sent long ago, and removes and re-creates action cards. Every edit
is written to its log *before* it is sent (``send``) and its outcome after (``ok`` with
the result, or ``refused``), one JSON line each, flushed at once: a SIGKILL can leave
at most the last edit without an outcome.

Run as ``python -m tests.soak.participant URL CODE PARTICIPANT_ID LOG SEED READY END``: it
opens the store, creates the file READY, waits for the file END and edits until the time
(seconds since the epoch) written in it, so that slow starts on a busy machine do not eat
into the time spent editing.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from inclusion_widgets.edits import ActionDeletion, ActionEdit, AnswerEdit, Edit, edit_key
from inclusion_widgets.store import ChangeRefused, Store

ITEMS = ("mini/01", "mini/02", "mini/03")
CONTEXT = "mini/context/01"
ACTION_IDS = ("a1", "a2", "a3")
KINDS = ("level", "dont_know", "not_applicable", "unanswered")


def encode(edit: Edit) -> dict[str, Any]:
    """An edit as JSON data (dates as ISO text), enough to rebuild it."""
    data: dict[str, Any] = {
        "key": edit_key(edit),
        "base": edit.base_version,
        "at": edit.edited_at.isoformat(),
    }
    if isinstance(edit, AnswerEdit):
        data.update(type="answer", id=edit.item_id, fields=dict(edit.fields))
    elif isinstance(edit, ActionEdit):
        fields = dict(edit.fields)
        for name in ("start", "due"):
            if fields.get(name) is not None:
                fields[name] = fields[name].isoformat()
        if "items" in fields:
            fields["items"] = list(fields["items"])
        data.update(type="action", id=edit.action_id, fields=fields)
    else:
        data.update(type="delete", id=edit.action_id)
    return data


def decode(data: dict[str, Any]) -> Edit:
    at = datetime.fromisoformat(data["at"])
    if data["type"] == "answer":
        return AnswerEdit(data["id"], data["fields"], data["base"], at)
    if data["type"] == "action":
        fields = dict(data["fields"])
        for name in ("start", "due"):
            if fields.get(name) is not None:
                fields[name] = date.fromisoformat(fields[name])
        if "items" in fields:
            fields["items"] = tuple(fields["items"])
        return ActionEdit(data["id"], fields, data["base"], at)
    return ActionDeletion(data["id"], data["base"], at)


class Participant:
    def __init__(self, store: Store, code: str, pid: int, log: IO[str], seed: int) -> None:
        self.store, self.code, self.pid, self.log = store, code, pid, log
        self.random = random.Random(seed)
        self.counter = 0
        self.tag = f"p{pid}s{seed}"
        self.sent: list[Edit] = []
        # What each tab last saw, like a page loaded from the personal link.
        seen = {f"answer:{e.answer.item_id}": e.answer.version for e in store.answers(code, pid)}
        seen.update({f"action:{e.action.id}": e.action.version for e in store.actions(code, pid)})
        self.tabs = [dict(seen), dict(seen)]

    def text(self, what: str) -> str:
        self.counter += 1
        return f"{what} {self.tag}-{self.counter} ελληνικά"

    def write(self, **data: Any) -> None:
        self.log.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.log.flush()

    def step(self) -> None:
        roll = self.random.random()
        tab = self.tabs[self.random.random() < 0.3]  # the second tab is used less: staler
        if roll < 0.05 and self.sent:
            self.send(self.random.choice(self.sent), tab, replay=True)
            return
        if roll < 0.15:
            self.send(self.refused_edit(tab), tab, must_refuse=True)
            return
        if roll < 0.55:
            edit: Edit = self.answer_edit(tab)
        elif roll < 0.9:
            edit = self.action_edit(tab)
        else:
            action_id = self.random.choice(ACTION_IDS)
            edit = ActionDeletion(action_id, tab.get(f"action:{action_id}", 0), self.now())
        self.send(edit, tab)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def answer_edit(self, tab: dict[str, int]) -> AnswerEdit:
        if self.random.random() < 0.15:
            fields: dict[str, Any] = {"note": self.text("context")}
            return AnswerEdit(CONTEXT, fields, tab.get(f"answer:{CONTEXT}", 0), self.now())
        item = self.random.choice(ITEMS)
        fields = {}
        while not fields:
            if self.random.random() < 0.5:
                kind = self.random.choice(KINDS)
                fields.update(
                    kind=kind, level=self.random.randint(0, 3) if kind == "level" else None
                )
            if self.random.random() < 0.5:
                fields["note"] = self.text("note")
            if self.random.random() < 0.3:
                fields["evidence"] = self.text("evidence")
            if self.random.random() < 0.2:
                fields["priority"] = self.random.random() < 0.5
        return AnswerEdit(item, fields, tab.get(f"answer:{item}", 0), self.now())

    def action_edit(self, tab: dict[str, int]) -> ActionEdit:
        action_id = self.random.choice(ACTION_IDS)
        fields: dict[str, Any] = {}
        while not fields:
            if self.random.random() < 0.4:
                fields["title"] = self.text("title")
            if self.random.random() < 0.3:
                fields["owner"] = self.text("owner")
            if self.random.random() < 0.2:
                fields["items"] = tuple(self.random.sample(ITEMS, self.random.randint(0, 2)))
            if self.random.random() < 0.2:
                fields["status"] = self.random.choice(("idea", "planned", "in_progress", "done"))
            if self.random.random() < 0.2:
                # Dates that may meet the other date stored for the card: then refused.
                name = self.random.choice(("start", "due"))
                fields[name] = date(2026, self.random.randint(1, 12), 1)
            if self.random.random() < 0.1:
                fields["impact"] = self.random.choice((None, 1, 2, 3))
        return ActionEdit(action_id, fields, tab.get(f"action:{action_id}", 0), self.now())

    def refused_edit(self, tab: dict[str, int]) -> Edit:
        item = self.random.choice(ITEMS)
        action_id = self.random.choice(ACTION_IDS)
        base = tab.get(f"action:{action_id}", 0)
        choice = self.random.randrange(4)
        if choice == 0:
            fields: dict[str, Any] = {"kind": "level", "level": 9, "note": self.text("refused")}
            return AnswerEdit(item, fields, tab.get(f"answer:{item}", 0), self.now())
        if choice == 1:
            fields = {"title": self.text("refused"), "items": ("mini/99",)}
            return ActionEdit(action_id, fields, base, self.now())
        if choice == 2:
            fields = {"title": self.text("refused"), "start": date(2026, 9, 1)}
            fields["due"] = date(2026, 3, 1)
            return ActionEdit(action_id, fields, base, self.now())
        fields = {"owner": self.text("refused"), "impact": 5}
        return ActionEdit(action_id, fields, base, self.now())

    def send(
        self, edit: Edit, tab: dict[str, int], replay: bool = False, must_refuse: bool = False
    ) -> None:
        self.write(op="send", edit=encode(edit), replay=replay, must_refuse=must_refuse)
        try:
            result = self.store.save_edit(self.code, self.pid, edit)
        except ChangeRefused as error:
            self.write(op="refused", at=edit.edited_at.isoformat(), field=error.field)
            return
        except Exception as error:
            self.write(op="error", at=edit.edited_at.isoformat(), error=repr(error))
            return
        self.write(
            op="ok",
            at=edit.edited_at.isoformat(),
            version=result.version,
            deleted=result.record is None,
            conflicts=[conflict.field for conflict in result.conflicts],
        )
        tab[result.key] = result.version
        if not replay:
            self.sent.append(edit)


def main(url: str, code: str, pid: str, log_path: str, seed: str, ready: str, end: str) -> None:
    store = Store(url)
    Path(ready).touch()
    while not Path(end).is_file():
        time.sleep(0.1)
    stop = float(Path(end).read_text())
    with open(log_path, "a", encoding="utf-8") as log:
        person = Participant(store, code, int(pid), log, int(seed))
        while time.time() < stop:
            person.step()
            time.sleep(person.random.uniform(0.0, 0.08))
    store.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
    sys.exit(0)
