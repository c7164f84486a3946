"""Import bundles and CSVs into the store: check everything, then write it all at once.

A bundle whose session the store does not hold restores it (same code, facts, framework
snapshot, participants, answers and actions). Answers and actions CSVs, such as those
participants download from separate Binder sessions, merge into the store's session with
the code in their ``session`` column. Participants are recognised by name, city,
organisation and role together. Where the store already has an answer or action, the
one with the newer ``updated_at`` becomes current and the other is kept in the history.
Rows that hold no answer at all (unanswered, no text, no priority) are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from inclusion_widgets.exchange.bundle import (
    Bundle,
    Limits,
    check_upload_size,
    is_zip,
    read_bundle,
    size_text,
)
from inclusion_widgets.exchange.columns import ACTION_COLUMNS, ANSWER_COLUMNS
from inclusion_widgets.exchange.csv_format import Table, missing_columns, read_table, unguard
from inclusion_widgets.exchange.parse import (
    ActionRow,
    AnswerRow,
    Person,
    parse_actions,
    parse_answers,
)
from inclusion_widgets.exchange.plan import (
    ActionWrite,
    AnswerWrite,
    ImportPlan,
    NewParticipant,
    NewSession,
)
from inclusion_widgets.exchange.problems import ImportProblem, at
from inclusion_widgets.frameworks import Framework

Source = Path | str | tuple[str, bytes]
"""A file by path, or an upload as its name and bytes."""


class ImportStore(Protocol):
    """The parts of the store an import uses.

    ``session`` and ``framework`` raise ``LookupError`` or ``ValueError`` for a code the
    store does not hold. ``apply_import`` writes the whole plan in one transaction
    (creating sessions with the given codes, participants, answers with history, and
    actions, keeping every ``updated_at`` and ``joined_at`` as given) and returns the
    new facilitator key of each restored session by code.
    """

    def session(self, code: str) -> Any: ...
    def framework(self, code: str) -> Framework: ...
    def participants(self, code: str) -> Sequence[Any]: ...
    def answers(self, code: str) -> Sequence[Any]: ...
    def actions(self, code: str) -> Sequence[Any]: ...
    def apply_import(self, plan: ImportPlan) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class ImportResult:
    """What an import did; ``keys`` holds the facilitator key of each restored session."""

    added: int
    updated: int
    skipped: int
    sessions: tuple[str, ...]
    keys: Mapping[str, str] = field(default_factory=dict)

    def sentence(self) -> str:
        return (
            f"Added {self.added}, updated {self.updated}, skipped {self.skipped} "
            f"(session{'s' if len(self.sessions) != 1 else ''} {', '.join(self.sessions)})."
        )


@dataclass
class _Files:
    bundles: list[tuple[str, Bundle]] = field(default_factory=list)
    answers: list[Table] = field(default_factory=list)
    actions: list[Table] = field(default_factory=list)


def _named(source: Source, limits: Limits) -> tuple[str, bytes]:
    if isinstance(source, tuple):
        return source
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limits.max_upload_bytes:
            raise ImportProblem(
                [
                    f"{path.name} is {size_text(size)}; at most "
                    f"{size_text(limits.max_upload_bytes)} can be uploaded."
                ]
            )
        return path.name, path.read_bytes()
    except OSError as error:
        raise ImportProblem([f"{path} cannot be read ({error.strerror})."]) from None


def _read(sources: Iterable[Source], limits: Limits) -> _Files:
    files = _Files()
    problems: list[str] = []
    for source in sources:
        try:
            name, data = _named(source, limits)
            check_upload_size(name, data, limits)
            if is_zip(data) or name.lower().endswith(".zip"):
                bundle = read_bundle(name, data, limits)
                files.bundles.append((name, bundle))
                files.answers.append(read_table(f"{name}: answers.csv", bundle.answers))
                files.actions.append(read_table(f"{name}: actions.csv", bundle.actions))
            else:
                table = read_table(name, data)
                (files.actions if "action_id" in table.header else files.answers).append(table)
        except ImportProblem as problem:
            problems += problem.problems
    for tables, columns in ((files.answers, ANSWER_COLUMNS), (files.actions, ACTION_COLUMNS)):
        for table in tables:
            problems += missing_columns(table.name, table.header, columns)
    if problems:
        raise ImportProblem(problems)
    return files


def _store_framework(store: ImportStore, code: str) -> Framework | None:
    try:
        store.session(code)
    except (LookupError, ValueError):
        return None
    return store.framework(code)


def _sessions(
    store: ImportStore, files: _Files
) -> tuple[dict[str, Framework], dict[str, NewSession], list[str]]:
    """The framework of every session the files name, the sessions to restore, problems."""
    known: dict[str, Framework] = {}
    restored: dict[str, NewSession] = {}
    problems: list[str] = []
    for name, bundle in files.bundles:
        for record in bundle.metadata.sessions:
            snapshot = bundle.metadata.frameworks[record.code]
            in_store = known.get(record.code) or _store_framework(store, record.code)
            if in_store is None:
                restored[record.code] = NewSession(record, snapshot)
                known[record.code] = snapshot
            elif (in_store.id, in_store.version) != (snapshot.id, snapshot.version):
                problems.append(
                    f'{name}: session "{record.code}" was run with {snapshot.id} version '
                    f"{snapshot.version}, the store's with {in_store.id} version "
                    f"{in_store.version}."
                )
            else:
                known[record.code] = in_store
    absent: set[str] = set()
    for table in (*files.answers, *files.actions):
        column = table.column("session")
        for number, values in table.rows:
            code = unguard(values[column])
            if code in known or code in absent or not code.strip():
                continue
            framework = _store_framework(store, code)
            if framework is None:
                absent.add(code)
                problems.append(
                    f'{at(table.name, number, "session")}: the session "{code}" is not in '
                    "this store; import its bundle first."
                )
            else:
                known[code] = framework
    return known, restored, problems


def _newer(incoming: datetime | None, current: datetime | None) -> bool:
    return incoming is not None and (current is None or incoming > current)


class _People:
    """Participant ids of the store, and refs for people new to it, by :class:`Person`."""

    def __init__(self, store: ImportStore, codes: Iterable[str], restored: Mapping[str, Any]):
        self.ids: dict[tuple[str, Person], str] = {}
        self.new: list[NewParticipant] = []
        for code in codes:
            if code in restored:
                continue
            for person in store.participants(code):
                key = Person(person.name, person.city, person.organisation, person.role)
                self.ids.setdefault((code, key), str(person.id))

    def id_for(self, session: str, person: Person, joined_at: datetime | None = None) -> str:
        key = (session, person)
        if key not in self.ids:
            ref = f"new-{len(self.new) + 1}"
            self.new.append(
                NewParticipant(
                    session,
                    ref,
                    person.name,
                    person.city,
                    person.organisation,
                    person.role,
                    joined_at,
                )
            )
            self.ids[key] = ref
        return self.ids[key]


def _by_time(rows: Iterable[Any], stamp: Any) -> list[Any]:
    """Oldest first (undated before dated), so that a later change wins in the fold."""
    return sorted(rows, key=lambda row: (stamp(row) is not None, stamp(row) or datetime.min))


def import_files(
    store: ImportStore, sources: Iterable[Source], limits: Limits | None = None
) -> ImportResult:
    """Check every file, then write them all in one transaction; :class:`ImportProblem`
    (and nothing written) if any file has a problem."""
    files = _read(sources, limits or Limits())
    known, restored, problems = _sessions(store, files)
    if problems:
        raise ImportProblem(problems)
    answer_rows: list[AnswerRow] = []
    action_rows: list[ActionRow] = []
    for table in files.answers:
        try:
            answer_rows += parse_answers(table, known)
        except ImportProblem as problem:
            problems += problem.problems
    for table in files.actions:
        try:
            action_rows += parse_actions(table, known)
        except ImportProblem as problem:
            problems += problem.problems
    if problems:
        raise ImportProblem(problems)

    codes = sorted(
        {row.session for row in answer_rows} | {row.session for row in action_rows} | set(restored)
    )
    people = _People(store, codes, restored)
    for _, bundle in files.bundles:
        for record in bundle.metadata.participants:
            if record.session in restored:
                person = Person(record.name, record.city, record.organisation, record.role)
                people.id_for(record.session, person, record.joined_at)

    added = updated = skipped = 0
    answers: dict[tuple[str, str, str], Any] = {}
    actions: dict[tuple[str, str], Any] = {}
    for code in codes:
        if code in restored:
            continue
        for saved in store.answers(code):
            answers[(code, str(saved.participant_id), saved.answer.item_id)] = saved.answer
        for saved_action in store.actions(code):
            actions[(code, saved_action.action.id)] = saved_action.action

    answer_writes: list[AnswerWrite] = []
    for row in _by_time(answer_rows, lambda row: row.answer.updated_at):
        pid = people.id_for(row.session, row.person)
        key = (row.session, pid, row.answer.item_id)
        current = answers.get(key)
        if current is None:
            if row.answer.is_empty:
                continue
            added += 1
        elif current == row.answer:
            skipped += 1
            continue
        elif _newer(row.answer.updated_at, current.updated_at):
            updated += 1
        else:
            skipped += 1
            answer_writes.append(AnswerWrite(row.session, pid, row.answer, current=False))
            continue
        answers[key] = row.answer
        answer_writes.append(AnswerWrite(row.session, pid, row.answer))

    action_writes: list[ActionWrite] = []
    for action_row in _by_time(action_rows, lambda row: row.action.updated_at):
        author = (
            people.id_for(action_row.session, action_row.person) if action_row.person.name else None
        )
        action_key = (action_row.session, action_row.action.id)
        existing = actions.get(action_key)
        if existing is None:
            added += 1
        elif existing == action_row.action:
            skipped += 1
            continue
        elif _newer(action_row.action.updated_at, existing.updated_at):
            updated += 1
        else:
            skipped += 1
            action_writes.append(
                ActionWrite(action_row.session, author, action_row.action, current=False)
            )
            continue
        actions[action_key] = action_row.action
        action_writes.append(ActionWrite(action_row.session, author, action_row.action))

    keys = store.apply_import(
        ImportPlan(
            sessions=tuple(restored.values()),
            participants=tuple(people.new),
            answers=tuple(answer_writes),
            actions=tuple(action_writes),
        )
    )
    return ImportResult(added, updated, skipped, tuple(codes), dict(keys))
