"""Soak: 20 participants in separate processes edit one session for minutes; nothing is lost.

Each participant (``tests/soak/participant.py``) edits at random from two tabs with
stale versions, sends refused changes and replays of old edits; the test SIGKILLs
participants at random and starts them again, as a closed laptop lid or a culled
kernel would. At the end the store must hold, for every record, exactly the last
accepted value of each field (accepted: the store answered with a SaveResult, or the
participant was killed while the store committed it), every accepted value must be in
the current state or the history, and no refused value anywhere.

Not in the default run (``-m soak``; ``scripts/test.sh`` runs it). It lasts
``INCLUSION_SOAK_SECONDS`` (120 by default); set it higher to soak longer by hand, and
``INCLUSION_SOAK_DB=postgresql`` to soak a PostgreSQL store instead of a SQLite file.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.record_fields import edited_values
from inclusion_widgets.records import Action, Answer
from inclusion_widgets.store import HistoryEntry, Store

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANTS = 20
SECONDS = float(os.environ.get("INCLUSION_SOAK_SECONDS", "120"))
DATABASE = os.environ.get("INCLUSION_SOAK_DB", "sqlite")
KILL_EVERY = (3.0, 7.0)

ANSWER_DEFAULTS: dict[str, Any] = {
    "level": ["unanswered", None],
    "note": "",
    "evidence": "",
    "priority": False,
}


def plain(value: Any) -> Any:
    """A field's value as the logs write it (JSON: text, numbers, lists)."""
    if isinstance(value, tuple):
        return [plain(part) for part in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # StrEnum members become their text
    return value


def answer_units(fields: dict[str, Any]) -> dict[str, Any]:
    units = {name: fields[name] for name in ("note", "evidence", "priority") if name in fields}
    if "kind" in fields:
        units["level"] = [plain(fields["kind"]), fields["level"]]
    return units


def units_of_answer(answer: Answer) -> dict[str, Any]:
    return {
        "level": [answer.kind.value, answer.level],
        "note": answer.note,
        "evidence": answer.evidence,
        "priority": answer.priority,
    }


def units_of_action(action: Action) -> dict[str, Any]:
    return {name: plain(value) for name, value in edited_values(action).items()}


ACTION_DEFAULTS = units_of_action(Action("x", ""))


@dataclass
class Sent:
    """One edit as the participant logged it, with its outcome."""

    edit: dict[str, Any]
    replay: bool
    must_refuse: bool
    outcome: str = "unknown"  # ok, refused, error, or unknown (killed while sending)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def at(self) -> datetime:
        return datetime.fromisoformat(self.edit["at"])

    @property
    def key(self) -> str:
        return str(self.edit["key"])

    def units(self) -> dict[str, Any]:
        if self.edit["type"] == "answer":
            return answer_units(self.edit["fields"])
        return dict(self.edit.get("fields", {}))


def read_log(path: Path) -> list[Sent]:
    sent: list[Sent] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if data["op"] == "send":
            sent.append(Sent(data["edit"], data["replay"], data["must_refuse"]))
        else:
            assert sent[-1].outcome == "unknown" and sent[-1].edit["at"] == data["at"], line
            sent[-1].outcome, sent[-1].detail = data["op"], data
    return sent


def committed(entry_times: set[tuple[str, datetime]], sent: Sent) -> bool:
    """Whether an edit sent by a participant killed before the answer reached the store."""
    return (sent.edit["id"], sent.at) in entry_times


def expected_state(accepted: list[Sent]) -> dict[str, dict[str, Any] | None]:
    """Every record as the accepted edits leave it: for each field, the newest value."""
    state: dict[str, dict[str, Any] | None] = {}
    for sent in sorted(accepted, key=lambda s: s.at):
        if sent.edit["type"] == "delete":
            state[sent.key] = None
            continue
        current = state.get(sent.key)
        if current is None:
            defaults = ANSWER_DEFAULTS if sent.edit["type"] == "answer" else ACTION_DEFAULTS
            current = dict(defaults)
        current.update(sent.units())
        state[sent.key] = current
    return state


def stored_state(store: Store, code: str, pid: int) -> dict[str, dict[str, Any]]:
    state = {
        f"answer:{e.answer.item_id}": units_of_answer(e.answer) for e in store.answers(code, pid)
    }
    state.update(
        {f"action:{e.action.id}": units_of_action(e.action) for e in store.actions(code, pid)}
    )
    return state


def history_values(entries: list[HistoryEntry]) -> set[tuple[str, str, str]]:
    """Every (key, field, value) any history row holds."""
    values: set[tuple[str, str, str]] = set()
    for entry in entries:
        if entry.answer is not None:
            key, units = f"answer:{entry.subject_id}", units_of_answer(entry.answer)
        elif entry.action is not None:
            key, units = f"action:{entry.subject_id}", units_of_action(entry.action)
        else:
            continue
        values.update((key, name, json.dumps(value)) for name, value in units.items())
    return values


def start(url: str, code: str, pid: int, folder: Path) -> subprocess.Popen[bytes]:
    seed = random.randrange(1_000_000)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.soak.participant",
            url,
            code,
            str(pid),
            str(folder / f"participant-{pid}.jsonl"),
            str(seed),
            str(folder / f"ready-{pid}"),
            str(folder / "end"),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
    )


@pytest.mark.soak
def test_twenty_participants_editing_for_minutes_lose_nothing(
    request: pytest.FixtureRequest, tmp_path: Path, mini_framework: Framework
) -> None:
    if DATABASE == "postgresql":
        url = request.getfixturevalue("postgres_server").new_database()
    else:
        assert DATABASE == "sqlite", f"INCLUSION_SOAK_DB is sqlite or postgresql, not {DATABASE}"
        url = f"sqlite:///{tmp_path / 'soak.sqlite'}"
    store = Store(url)
    info, _key = store.create_session(mini_framework, "Soak")
    pids = [store.join(info.code, f"P{n}", "Riga")[0].id for n in range(PARTICIPANTS)]
    logs = {pid: tmp_path / f"participant-{pid}.jsonl" for pid in pids}
    workers = {pid: start(url, info.code, pid, tmp_path) for pid in pids}
    # Edits start once every process is up: a busy machine starts them slowly.
    while not all((tmp_path / f"ready-{pid}").exists() for pid in pids):
        assert all(worker.poll() is None for worker in workers.values())
        time.sleep(0.2)
    end = time.time() + SECONDS
    (tmp_path / "end.tmp").write_text(f"{end:.3f}")
    (tmp_path / "end.tmp").rename(tmp_path / "end")
    kills = 0
    while (left := end - time.time()) > 5:
        time.sleep(min(random.uniform(*KILL_EVERY), left - 5))
        pid = random.choice(pids)
        workers[pid].send_signal(signal.SIGKILL)
        workers[pid].wait()
        kills += 1
        workers[pid] = start(url, info.code, pid, tmp_path)
    for pid, worker in workers.items():
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, f"participant {pid} ended with:\n{err.decode()}"

    counts: Counter[str] = Counter()
    problems: list[str] = []
    for pid in pids:
        sent = read_log(logs[pid])
        history = store.history(info.code, pid)
        times = {(entry.subject_id, entry.edited_at) for entry in history if entry.edited_at}
        accepted: list[Sent] = []
        for one in sent:
            counts[one.outcome] += 1
            counts["replay"] += one.replay
            counts["conflicts"] += len(one.detail.get("conflicts", ()))
            if one.outcome == "error":
                problems.append(f"participant {pid}: {one.detail['error']}")
            if one.must_refuse and one.outcome == "ok":
                problems.append(f"participant {pid}: accepted {one.edit}")
            if one.outcome == "unknown" and committed(times, one):
                counts["committed while killed"] += 1
                if one.must_refuse:
                    problems.append(f"participant {pid}: committed {one.edit}")
                one.outcome = "ok"
            if one.outcome == "ok":
                accepted.append(one)
        expected = {
            key: value
            for key, value in expected_state([s for s in accepted if not s.replay]).items()
            if value is not None
        }
        stored = stored_state(store, info.code, pid)
        if stored != expected:
            for key in sorted(set(stored) | set(expected)):
                if stored.get(key) != expected.get(key):
                    problems.append(
                        f"participant {pid}, {key}: stored {stored.get(key)}, "
                        f"expected {expected.get(key)}"
                    )
        reachable = history_values(history)
        reachable.update(
            (key, name, json.dumps(value))
            for key, units in stored.items()
            for name, value in units.items()
        )
        for one in accepted:
            for name, value in one.units().items():
                if (one.key, name, json.dumps(value)) not in reachable:
                    problems.append(f"participant {pid}: {one.key} {name}={value!r} is lost")
        for entry in history:
            record = entry.answer or entry.action
            if record is not None and "refused " in repr(record):
                problems.append(f"participant {pid}: a refused value is stored: {record}")
    store.close()
    print(f"soak: {SECONDS:.0f} s, {kills} kills, {dict(counts)}")
    assert problems == [], "\n".join(problems[:30])
    # The run must have met what it is meant to meet.
    assert kills >= SECONDS / 10
    assert counts["ok"] > 10 * PARTICIPANTS * SECONDS / 180
    assert counts["refused"] > 0 and counts["replay"] > 0 and counts["conflicts"] > 0
