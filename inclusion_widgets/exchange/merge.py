"""Import bundles and CSVs into the store: check everything, then write it all at once.

A bundle whose session the store does not hold restores it (same code, facts, framework
snapshot, participants, answers, actions and agreed results) under a new facilitator
key. Answers and actions CSVs, such as those participants download from separate Binder
sessions, merge into the store's session with the code in their ``session`` column (an
agreed CSV likewise). Participants are recognised by name, city, organisation and role
together. Where the store already has an answer, action or agreed result, the one with
the newer ``updated_at`` becomes current and the other is kept in the history. Rows that
hold no answer at all (unanswered, no text, no priority), and items the group has not
agreed on yet, are neither written nor counted.

Every file is read and every row checked, with the store's own checks, before the
store's write transaction opens; should anything still fail inside it, nothing is kept.
Who imports decides what may change (:class:`~.grant.Grant`, nothing by default), and
an import is bounded in rows so that it holds the store's write lock only briefly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inclusion_widgets.checks import (
    THE_ACTION,
    THE_AGREED,
    THE_ANSWER,
    THE_PARTICIPANT,
    THE_SESSION,
    check_agreed,
)
from inclusion_widgets.exchange.agreed import AgreedRow, parse_agreed
from inclusion_widgets.exchange.bundle import (
    ACTIONS,
    AGREED,
    ANSWERS,
    PLAN,
    VOTES,
    Bundle,
    Limits,
    SessionRecord,
    check_upload_size,
    is_zip,
    read_bundle,
    size_text,
)
from inclusion_widgets.exchange.columns import (
    ACTION_COLUMNS,
    AGREED_COLUMNS,
    ANSWER_COLUMNS,
    PLAN_COLUMNS,
    VOTE_COLUMNS,
)
from inclusion_widgets.exchange.csv_format import Table, missing_columns, read_table, unguard
from inclusion_widgets.exchange.grant import Grant
from inclusion_widgets.exchange.parse import (
    ActionRow,
    AnswerRow,
    Person,
    parse_actions,
    parse_answers,
)
from inclusion_widgets.exchange.plan import PlanRow, VoteRow, parse_plan, parse_votes
from inclusion_widgets.exchange.problems import ImportProblem, at, problem
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.i18n import N_, Params, Sentence, Translator, translator
from inclusion_widgets.store.errors import NO_MATCH, StoreError
from inclusion_widgets.store.models import MergeOutcome, SessionInfo
from inclusion_widgets.store.names import distinct_names
from inclusion_widgets.store.planning import merge_plan_action
from inclusion_widgets.store.tokens import OPERATOR, Authority, normalise_code
from inclusion_widgets.store.validation import (
    check_action,
    check_answer,
    check_line,
    check_merged_time,
    refuse,
)
from inclusion_widgets.store.voting import merge_vote, set_votes_each

if TYPE_CHECKING:
    from inclusion_widgets.store import Store, Transaction

Source = Path | str | tuple[str, bytes]
"""A file by path, or an upload as its name and bytes."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did; ``keys`` holds the new facilitator key of each restored session."""

    added: int
    updated: int
    skipped: int
    sessions: tuple[str, ...]
    keys: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[Sentence, ...] = ()
    """Sentences the importer should read, such as a locked session that was changed."""

    def sentence(self, t: Translator | None = None) -> str:
        """What was done, in ``t``'s language (English without one)."""
        t = t or translator()
        done = t.ngettext(
            "Added {added}, updated {updated}, skipped {skipped} (session {sessions}).",
            "Added {added}, updated {updated}, skipped {skipped} (sessions {sessions}).",
            len(self.sessions),
        ).format(
            added=self.added,
            updated=self.updated,
            skipped=self.skipped,
            sessions=", ".join(self.sessions),
        )
        return " ".join((done, *(note.said(t) for note in self.notes)))


@dataclass(frozen=True)
class _Part:
    """One kind of table an import reads, and how."""

    name: str
    """Its field in :class:`~.bundle.Bundle` and in :class:`_Rows`."""
    entry: str
    """Its file in a bundle."""
    columns: tuple[str, ...]
    parse: Callable[[Table, Mapping[str, Framework]], Sequence[Any]]
    marked_by: str | None = None
    """A column that marks a CSV uploaded on its own as this part; a CSV with no such
    column is read as answers, and parts without one come only in bundles."""


_PARTS = (
    _Part("answers", ANSWERS, ANSWER_COLUMNS, parse_answers),
    _Part("actions", ACTIONS, ACTION_COLUMNS, parse_actions, marked_by="action_id"),
    _Part("agreed", AGREED, AGREED_COLUMNS, parse_agreed, marked_by="reasoning"),
    _Part("plan", PLAN, PLAN_COLUMNS, parse_plan),
    _Part("votes", VOTES, VOTE_COLUMNS, lambda table, _known: parse_votes(table)),
)


def _loose_part(table: Table) -> _Part:
    """The part a CSV uploaded on its own holds, by its columns."""
    marked = (part for part in _PARTS if part.marked_by and part.marked_by in table.header)
    return next(marked, _PARTS[0])


@dataclass
class _Files:
    bundles: list[tuple[str, Bundle]] = field(default_factory=list)
    parts: dict[str, list[Table]] = field(
        default_factory=lambda: {part.name: [] for part in _PARTS}
    )

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(table for tables in self.parts.values() for table in tables)


@dataclass(frozen=True)
class _Restore:
    """A session a bundle restores, with the bundle it comes from."""

    file: str
    record: SessionRecord
    framework: Framework


def _named(source: Source, limits: Limits) -> tuple[str, bytes]:
    if isinstance(source, tuple):
        return source
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limits.max_upload_bytes:
            raise ImportProblem(
                [
                    problem(
                        path.name,
                        N_("the file is {size}; at most {limit} can be uploaded."),
                        (("size", size_text(size)), ("limit", size_text(limits.max_upload_bytes))),
                    )
                ]
            )
        return path.name, path.read_bytes()
    except OSError as error:
        raise ImportProblem(
            [
                problem(
                    str(path),
                    N_("the file cannot be read ({reason})."),
                    (("reason", error.strerror or str(error)),),
                )
            ]
        ) from None


def _read(sources: Iterable[Source], limits: Limits) -> _Files:
    files = _Files()
    problems: list[Sentence] = []
    for source in sources:
        try:
            name, data = _named(source, limits)
            check_upload_size(name, data, limits)
            if is_zip(data) or name.lower().endswith(".zip"):
                bundle = read_bundle(name, data, limits)
                files.bundles.append((name, bundle))
                for part in _PARTS:
                    content: bytes | None = getattr(bundle, part.name)
                    if content is not None:
                        table = read_table(f"{name}: {part.entry}", content)
                        files.parts[part.name].append(table)
            else:
                table = read_table(name, data)
                files.parts[_loose_part(table).name].append(table)
        except ImportProblem as refused:
            problems += refused.problems
    for part in _PARTS:
        for table in files.parts[part.name]:
            problems += missing_columns(table.name, table.header, part.columns)
    rows = sum(len(table.rows) for table in files.tables)
    if rows > limits.max_rows:
        problems.append(
            Sentence(
                N_(
                    "The files hold {rows} rows; at most {limit} are imported at once. Import "
                    "them in smaller parts."
                ),
                (("rows", rows), ("limit", limits.max_rows)),
            )
        )
    if problems:
        raise ImportProblem(problems)
    return files


@dataclass
class _Plan:
    """The sessions an import names: their frameworks, those to restore, those it may change."""

    known: dict[str, Framework] = field(default_factory=dict)
    """Framework by session code as the files spell it."""
    restored: dict[str, _Restore] = field(default_factory=dict)
    created: dict[str, datetime] = field(default_factory=dict)
    """When each session began, by normalised code: no imported time may be earlier."""
    locked: set[str] = field(default_factory=set)
    """Normalised codes of locked sessions the import changes."""


def _refusal(grant: Grant, code: str, held: bool) -> tuple[str, Params] | None:
    """Why ``grant`` may not write into the session ``code`` (a message and its values),
    or None if it may."""
    wanted = normalise_code(code)
    if grant.trusted or (held and wanted == grant.session):
        return None
    values: Params = (("code", code), ("page", grant.session or ""), ("wanted", wanted))
    if grant.session and held:
        return N_(
            'the session "{code}" is not this page\'s session ({page}); upload it on the '
            "facilitator page of {wanted}."
        ), values
    if grant.session:
        return N_(
            'the session "{code}" is not this page\'s session ({page}); restore it from the '
            "facilitator page opened without a key."
        ), values
    if held:
        return N_(
            'the session "{code}" is already on this server; open its facilitator page with '
            "its key to merge into it."
        ), values
    return None


def _sessions(store: Store, files: _Files, grant: Grant) -> tuple[_Plan, list[Sentence]]:
    """The framework of every session the files name, the sessions to restore, problems."""
    held: dict[str, SessionInfo] = {info.code: info for info in store.sessions()}
    plan = _Plan()
    problems: list[Sentence] = []
    refused: set[str] = set()
    """Codes already said to be refused: their rows are not refused once more."""

    def in_store(code: str) -> Framework | None:
        wanted = normalise_code(code)
        if wanted not in held:
            return None
        plan.created[wanted] = held[wanted].created_at
        if held[wanted].locked:
            plan.locked.add(wanted)
        return store.framework(wanted)

    for name, bundle in files.bundles:
        for record in bundle.metadata.sessions:
            wanted = normalise_code(record.code)
            refusal = _refusal(grant, record.code, wanted in held)
            if refusal:
                problems.append(problem(name, *refusal))
                refused.add(record.code)
                continue
            snapshot = bundle.metadata.frameworks[record.code]
            current = plan.known.get(record.code) or in_store(record.code)
            if current is None:
                plan.restored[record.code] = _Restore(name, record, snapshot)
                plan.known[record.code] = snapshot
                plan.created[wanted] = record.created_at or datetime.now(UTC)
            elif (current.id, current.version) != (snapshot.id, snapshot.version):
                problems.append(
                    problem(
                        name,
                        N_(
                            'session "{code}" was run with {framework} version {version}, the '
                            "store's with {current} version {current_version}."
                        ),
                        (
                            ("code", record.code),
                            ("framework", snapshot.id),
                            ("version", snapshot.version),
                            ("current", current.id),
                            ("current_version", current.version),
                        ),
                    )
                )
            else:
                plan.known[record.code] = current
    for restore in plan.restored.values():
        baseline = restore.record.baseline_code
        if baseline and baseline not in plan.restored and normalise_code(baseline) not in held:
            problems.append(
                problem(
                    restore.file,
                    N_(
                        'session "{code}" is a follow-up of "{baseline}", which is not in this '
                        'store; import the bundle of "{baseline}" first or together with this one.'
                    ),
                    (("code", restore.record.code), ("baseline", baseline)),
                )
            )
    for table in files.tables:
        column = table.column("session")
        for number, values in table.rows:
            code = unguard(values[column])
            if code in plan.known or code in refused or not code.strip():
                continue
            refused.add(code)
            where = at(table.name, number, "session")
            if normalise_code(code) not in held:
                problems.append(
                    problem(
                        where,
                        N_('the session "{code}" is not in this store; import its bundle first.'),
                        (("code", code),),
                    )
                )
            elif refusal := _refusal(grant, code, True):
                problems.append(problem(where, *refusal))
            else:
                framework = in_store(code)
                assert framework is not None
                plan.known[code] = framework
                refused.discard(code)
    return plan, problems


@dataclass
class _Rows:
    """Every row the files hold, parsed."""

    answers: list[AnswerRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    agreed: list[AgreedRow] = field(default_factory=list)
    plan: list[PlanRow] = field(default_factory=list)
    votes: list[VoteRow] = field(default_factory=list)

    def sessions(self) -> set[str]:
        rows: list[AnswerRow | ActionRow | AgreedRow] = [*self.answers, *self.actions]
        return {normalise_code(row.session) for row in [*rows, *self.agreed]}


def _parsed(files: _Files, known: Mapping[str, Framework]) -> tuple[_Rows, list[Sentence]]:
    parsed: dict[str, list[Any]] = {}
    problems: list[Sentence] = []
    for part in _PARTS:
        parsed[part.name] = []
        for table in files.parts[part.name]:
            try:
                parsed[part.name] += part.parse(table, known)
            except ImportProblem as refused:
                problems += refused.problems
    return _Rows(**parsed), problems


def _refused(plan: _Plan, files: _Files, rows: _Rows) -> list[Sentence]:
    """What the store would refuse, said with the file, row and column it comes from."""
    restored, known = plan.restored, plan.known
    problems: list[Sentence] = []
    now = datetime.now(UTC)

    def check_time(
        where: Sentence | str, what: Sentence, session: str, stamp: datetime | None
    ) -> None:
        if stamp is not None:
            created = plan.created[normalise_code(session)]
            check(where, check_merged_time, what, stamp, created, now)

    def check(where: Sentence | str, call: Any, *args: Any) -> None:
        try:
            call(*args)
        except StoreError as error:
            problems.append(problem(where, error.template, error.params))

    for restore in restored.values():
        where: Sentence | str = f'{restore.file}: metadata.json, session "{restore.record.code}"'
        check(where, check_line, "title", restore.record.title, True)
        created = restore.record.created_at
        if created is not None:
            check(where, check_merged_time, Sentence(THE_SESSION), created, created, now)
        for line in ("mentor_city", "mentee_city", "theme"):
            check(where, check_line, line, getattr(restore.record, line))
    for name, bundle in files.bundles:
        for number, person in enumerate(bundle.metadata.participants, start=1):
            where = f"{name}: metadata.json, participant {number}"
            check(where, check_line, "name", person.name, True)
            if person.session in restored:
                who = Sentence(THE_PARTICIPANT, (("name", person.name),))
                check_time(where, who, person.session, person.joined_at)
            for line in ("city", "organisation", "role"):
                check(where, check_line, line, getattr(person, line))

    def check_person(file: str, row: int, person: Person) -> None:
        check(at(file, row, "participant"), check_line, "name", person.name, True)
        for line in ("city", "organisation", "role"):
            check(at(file, row, line), check_line, line, getattr(person, line))

    for answer_row in rows.answers:
        check_person(answer_row.file, answer_row.row, answer_row.person)
        answer = answer_row.answer
        if answer.is_empty:
            continue
        if answer.updated_at is None:
            problems.append(
                problem(
                    at(answer_row.file, answer_row.row, "updated_at"),
                    N_(
                        "the answer has no time it was last changed, so it cannot be merged; "
                        "give one such as 2026-03-31T10:00:00+00:00."
                    ),
                )
            )
        where = at(answer_row.file, answer_row.row)
        check(where, check_answer, known[answer_row.session], answer)
        what = Sentence(THE_ANSWER, (("item", answer.item_id),))
        check_time(where, what, answer_row.session, answer.updated_at)
    for action_row in rows.actions:
        if not action_row.person.name.strip():
            problems.append(
                problem(
                    at(action_row.file, action_row.row, "participant"),
                    N_(
                        "the action names nobody who drafted it; the store keeps each action "
                        "with its participant."
                    ),
                )
            )
        else:
            check_person(action_row.file, action_row.row, action_row.person)
        if action_row.action.updated_at is None:
            problems.append(
                problem(
                    at(action_row.file, action_row.row, "updated_at"),
                    N_("the action has no time it was last changed, so it cannot be merged."),
                )
            )
        where = at(action_row.file, action_row.row)
        check(where, check_action, known[action_row.session], action_row.action)
        stamp = action_row.action.updated_at
        what = Sentence(THE_ACTION, (("action", action_row.action.id),))
        check_time(where, what, action_row.session, stamp)
    for agreed_row in rows.agreed:
        if agreed_row.is_empty:
            continue
        agreed = agreed_row.agreed
        if agreed.updated_at is None:
            problems.append(
                problem(
                    at(agreed_row.file, agreed_row.row, "updated_at"),
                    N_("the agreed result has no time it was recorded, so it cannot be merged."),
                )
            )
        where = at(agreed_row.file, agreed_row.row)
        check(where, refuse, check_agreed(known[agreed_row.session], agreed))
        what = Sentence(THE_AGREED, (("item", agreed.item_id),))
        check_time(where, what, agreed_row.session, agreed.updated_at)
    return problems


def _who(person: Person) -> Person:
    """A person as the store keeps them: every field stripped of outer spaces."""
    return Person(
        person.name.strip(), person.city.strip(), person.organisation.strip(), person.role.strip()
    )


class _People:
    """Participant ids by session and person, joining people new to the session."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.ids: dict[str, dict[Person, int]] = {}

    def _of(self, code: str) -> dict[Person, int]:
        if code not in self.ids:
            people: dict[Person, int] = {}
            for person in self.tx.participants(code):
                key = Person(person.name, person.city, person.organisation, person.role)
                people.setdefault(key, person.id)
            self.ids[code] = people
        return self.ids[code]

    def id_for(
        self, code: str, person: Person, joined_at: datetime | None = None, language: str = ""
    ) -> int:
        people = self._of(normalise_code(code))
        key = _who(person)
        if key not in people:
            participant, _token = self.tx.join(
                code,
                key.name,
                key.city,
                key.organisation,
                key.role,
                joined_at=joined_at,
                allow_locked=True,
                language=language,
            )
            people[key] = participant.id
        return people[key]


def _by_time(rows: Iterable[Any], stamp: Any) -> list[Any]:
    """Oldest first, so that within one import the newest change is the one kept."""
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(rows, key=lambda row: stamp(row) or earliest)


def _baselines_first(restored: Mapping[str, _Restore]) -> list[_Restore]:
    ordered: list[_Restore] = []
    pending = dict(restored)
    while pending:
        ready = [r for r in pending.values() if r.record.baseline_code not in pending]
        for restore in ready or list(pending.values()):  # a cycle: the store refuses it
            ordered.append(pending.pop(restore.record.code))
    return ordered


def _restore(tx: Transaction, restored: Mapping[str, _Restore]) -> dict[str, str]:
    """Create the restored sessions, baselines first; their new facilitator keys by code."""
    keys: dict[str, str] = {}
    for restore in _baselines_first(restored):
        record = restore.record
        info, key = tx.create_session(
            restore.framework,
            record.title,
            record.mentor_city,
            record.mentee_city,
            record.theme,
            baseline=record.baseline_code or None,
            code=record.code,
            created_at=record.created_at,
            language=record.language,
        )
        for flag in ("locked", "results_visible"):
            if getattr(record, flag):
                tx.set_flag(info.code, key, flag, True)
        set_votes_each(tx, info.code, key, record.votes_each)
        keys[info.code] = key
    return keys


def _by_name(tx: Transaction, code: str) -> dict[Person, int]:
    """Participant ids of session ``code`` by person, named as files name them ("Ana (2)")."""
    people = tx.participants(code)
    names = distinct_names(people)
    return {
        Person(names[person.id], person.city, person.organisation, person.role): person.id
        for person in people
    }


def _pair_rounds(
    tx: Transaction, files: _Files, keys: Mapping[str, str], grant: Grant
) -> list[Sentence]:
    """Pair the bundles' follow-up participants with their baseline's as the facilitator
    did; a session the store held keeps the pairs it has. Says each pair left out because
    the store does not hold one of its people."""
    notes: list[Sentence] = []
    for _, bundle in files.bundles:
        records = {(person.session, person.id): person for person in bundle.metadata.participants}
        for pair in bundle.metadata.round_pairs:
            code = normalise_code(pair.session)
            baseline = tx.session(code).baseline_code
            record = records[pair.session, pair.followup]
            followup = Person(record.name, record.city, record.organisation, record.role)
            old = _by_name(tx, baseline).get(pair.baseline) if baseline else None
            new = _by_name(tx, code).get(followup)
            if old is None or new is None:
                missing = followup.name if new is None else pair.baseline.name
                notes.append(
                    Sentence(
                        N_(
                            'A round pair of session {code} names "{name}", whom the store '
                            "does not hold; that pair was left out."
                        ),
                        (("code", code), ("name", missing)),
                    )
                )
                continue
            if code not in keys and new in {paired for _, paired in tx.round_pairs(code)}:
                continue
            key: Authority = keys.get(code) or (OPERATOR if grant.trusted else grant.key)
            tx.pair_across_rounds(code, key, old, new)
    return notes


def _write(
    tx: Transaction, restored: Mapping[str, _Restore], files: _Files, rows: _Rows, grant: Grant
) -> tuple[Counter[MergeOutcome], dict[str, str], list[Sentence]]:
    keys = _restore(tx, restored)
    people = _People(tx)
    for _, bundle in files.bundles:
        for record in bundle.metadata.participants:
            if record.session in restored:
                person = Person(record.name, record.city, record.organisation, record.role)
                people.id_for(record.session, person, record.joined_at, record.language)
    outcomes: Counter[MergeOutcome] = Counter()
    for row in _by_time(rows.answers, lambda row: row.answer.updated_at):
        participant = people.id_for(row.session, row.person)
        if not row.answer.is_empty:
            outcomes[tx.merge_answer(row.session, participant, row.answer)] += 1
    for action_row in _by_time(rows.actions, lambda row: row.action.updated_at):
        participant = people.id_for(action_row.session, action_row.person)
        outcomes[tx.merge_action(action_row.session, participant, action_row.action)] += 1
    for agreed_row in _by_time(rows.agreed, lambda row: row.agreed.updated_at):
        if not agreed_row.is_empty:
            outcomes[tx.merge_agreed(agreed_row.session, agreed_row.agreed)] += 1
    for plan_row in _by_time(rows.plan, lambda row: row.plan.updated_at):
        session = tx.session_row(plan_row.session)
        merge_plan_action(tx, session, plan_row.plan)
    for vote_row in rows.votes:
        participant = people.id_for(vote_row.session, vote_row.person)
        merge_vote(tx, tx.session_row(vote_row.session), participant, vote_row.vote)
    return outcomes, keys, _pair_rounds(tx, files, keys, grant)


def import_files(
    store: Store, sources: Iterable[Source], *, grant: Grant, limits: Limits | None = None
) -> ImportResult:
    """Check every file, then write them all in one transaction; :class:`ImportProblem`
    (and nothing written) if any file has a problem or names a session ``grant`` may not
    change."""
    if grant.session and not store.check_key(grant.session, grant.key):
        raise ImportProblem([Sentence(NO_MATCH)])
    files = _read(sources, limits or Limits())
    plan, problems = _sessions(store, files, grant)
    if problems:
        raise ImportProblem(problems)
    rows, problems = _parsed(files, plan.known)
    if problems:
        raise ImportProblem(problems)
    problems = _refused(plan, files, rows)
    if problems:
        raise ImportProblem(problems)
    try:
        with store.transaction() as tx:
            outcomes, keys, pairs_left_out = _write(tx, plan.restored, files, rows, grant)
    except StoreError as error:
        raise ImportProblem([Sentence(error.template, error.params)]) from None
    codes = rows.sessions()
    codes |= {
        normalise_code(r.code) for _, bundle in files.bundles for r in bundle.metadata.sessions
    }

    return ImportResult(
        added=outcomes[MergeOutcome.ADDED],
        updated=outcomes[MergeOutcome.UPDATED],
        skipped=outcomes[MergeOutcome.SKIPPED],
        sessions=tuple(sorted(codes | set(keys))),
        keys=keys,
        notes=(
            *pairs_left_out,
            *(
                Sentence(
                    N_(
                        "Session {code} is locked; the import changed it because you are its "
                        "facilitator."
                    )
                    if grant.session
                    else N_(
                        "Session {code} is locked; the import changed it because it came from the "
                        "command line."
                    ),
                    (("code", code),),
                )
                for code in sorted(plan.locked & codes)
            ),
        ),
    )
