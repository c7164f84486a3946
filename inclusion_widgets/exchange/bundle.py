"""The bundle: one zip holding a whole export, read back with limits.

``answers.csv`` and ``actions.csv`` (as :mod:`.csv_format` writes them), optional
``agreed.csv`` (the group's agreed assessment), ``plan.csv`` and ``votes.csv`` (the
group's plan and each participant's votes) and ``summary.csv``, and
``metadata.json``: the format name and version, when it was exported, the facts of each
session, the framework snapshot each session was run with (``Framework.to_dict()``,
keyed by session code), the participants and the round pairs (since format version 2: a
follow-up participant the facilitator paired with one of the baseline round, who is named
by name, city, organisation and role since the baseline's bundle holds them). Reading refuses
anything a zip bomb or a crafted archive could use: too large an upload, too many
entries, too much uncompressed data, an entry compressed suspiciously well, a path
instead of a plain name, or an entry the format does not know.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from inclusion_widgets.config import Settings
from inclusion_widgets.exchange.csv_format import format_timestamp
from inclusion_widgets.exchange.parse import Person, parse_timestamp
from inclusion_widgets.exchange.problems import ImportProblem, problem
from inclusion_widgets.frameworks import Framework, FrameworkError, validate_text
from inclusion_widgets.i18n import N_, Sentence
from inclusion_widgets.records import DEFAULT_VOTES

FORMAT_NAME = "inclusion-workbook-bundle"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, FORMAT_VERSION)
"""Version 1 has no round pairs; such a bundle still reads, without them."""

ANSWERS = "answers.csv"
ACTIONS = "actions.csv"
AGREED = "agreed.csv"
PLAN = "plan.csv"
VOTES = "votes.csv"
SUMMARY = "summary.csv"
METADATA = "metadata.json"
REQUIRED_ENTRIES = (METADATA, ANSWERS, ACTIONS)
KNOWN_ENTRIES = frozenset({*REQUIRED_ENTRIES, AGREED, PLAN, VOTES, SUMMARY})
"""A bundle written before agreed results or the plan existed lacks their files; it
still reads."""

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every entry carries this date, so the same export gives the same bytes."""

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """How much an uploaded file may hold; refused beyond, with a sentence."""

    max_upload_bytes: int = Settings.max_upload_bytes
    max_entries: int = 20
    max_total_bytes: int = 16 * 1024 * 1024
    """A workshop of forty people exports about 1 MB; parsing 16 MB takes seconds."""
    max_rows: int = 10_000
    """Answer and action rows of one import together: the write lock is held while they
    are written, and every participant's save waits for it."""
    max_ratio: int = 200
    """Uncompressed size over compressed size of one entry; a zip bomb goes far beyond."""


@dataclass(frozen=True)
class SessionRecord:
    """The facts of a session as the bundle keeps them (the store's ``SessionInfo``)."""

    code: str
    title: str
    framework_id: str
    framework_version: str
    mentor_city: str = ""
    mentee_city: str = ""
    theme: str = ""
    round: int | str = 1
    baseline_code: str | None = None
    created_at: datetime | None = None
    locked: bool = False
    results_visible: bool = False
    language: str = "en"
    votes_each: int = DEFAULT_VOTES


@dataclass(frozen=True)
class ParticipantRecord:
    """A participant as the bundle keeps them; ``id`` links to nothing outside the bundle."""

    session: str
    id: str
    name: str
    city: str = ""
    organisation: str = ""
    role: str = ""
    joined_at: datetime | None = None
    language: str = ""


@dataclass(frozen=True)
class RoundPairRecord:
    """A follow-up participant (``followup``: their id in this bundle) paired with the
    ``baseline`` round's participant who has that name, city, organisation and role."""

    session: str
    followup: str
    baseline: Person


@dataclass(frozen=True)
class Metadata:
    """What ``metadata.json`` holds besides the format name and version."""

    exported_at: datetime
    sessions: tuple[SessionRecord, ...]
    frameworks: Mapping[str, Framework]
    participants: tuple[ParticipantRecord, ...] = ()
    round_pairs: tuple[RoundPairRecord, ...] = ()


@dataclass(frozen=True)
class Bundle:
    """The parts of a bundle, the CSVs still as bytes."""

    metadata: Metadata
    answers: bytes
    actions: bytes
    summary: bytes | None = field(default=None)
    agreed: bytes | None = field(default=None)
    plan: bytes | None = field(default=None)
    votes: bytes | None = field(default=None)


def size_text(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB"


def check_upload_size(name: str, data: bytes, limits: Limits) -> None:
    if len(data) > limits.max_upload_bytes:
        raise ImportProblem(
            [
                problem(
                    name,
                    N_("the file is {size}; at most {limit} can be uploaded."),
                    (("size", size_text(len(data))), ("limit", size_text(limits.max_upload_bytes))),
                )
            ]
        )


def _time(value: datetime | None) -> str | None:
    return None if value is None else format_timestamp(value)


def _without_empty(value: Any) -> Any:
    """Drop empty optional fields, as a framework file leaves them out."""
    if isinstance(value, dict):
        return {
            key: _without_empty(inner)
            for key, inner in value.items()
            if inner not in ("", [], None)
        }
    if isinstance(value, list):
        return [_without_empty(inner) for inner in value]
    return value


def metadata_json(metadata: Metadata) -> bytes:
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": _time(metadata.exported_at),
        "sessions": [
            {
                "code": s.code,
                "title": s.title,
                "framework_id": s.framework_id,
                "framework_version": s.framework_version,
                "mentor_city": s.mentor_city,
                "mentee_city": s.mentee_city,
                "theme": s.theme,
                "round": s.round,
                "baseline_code": s.baseline_code,
                "created_at": _time(s.created_at),
                "locked": s.locked,
                "results_visible": s.results_visible,
                "language": s.language,
                "votes_each": s.votes_each,
            }
            for s in metadata.sessions
        ],
        "frameworks": {
            code: _without_empty(framework.to_dict())
            for code, framework in metadata.frameworks.items()
        },
        "participants": [
            {
                "session": p.session,
                "id": p.id,
                "name": p.name,
                "city": p.city,
                "organisation": p.organisation,
                "role": p.role,
                "joined_at": _time(p.joined_at),
                "language": p.language,
            }
            for p in metadata.participants
        ],
        "round_pairs": [
            {
                "session": pair.session,
                "followup": pair.followup,
                "baseline": dataclasses.asdict(pair.baseline),
            }
            for pair in metadata.round_pairs
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def write_bundle(bundle: Bundle) -> bytes:
    """The zip bytes of a bundle; the same bundle always gives the same bytes."""
    entries = [
        (METADATA, metadata_json(bundle.metadata)),
        (ANSWERS, bundle.answers),
        (ACTIONS, bundle.actions),
    ]
    for name, content in ((AGREED, bundle.agreed), (PLAN, bundle.plan), (VOTES, bundle.votes)):
        if content is not None:
            entries.append((name, content))
    if bundle.summary is not None:
        entries.append((SUMMARY, bundle.summary))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _entries(name: str, data: bytes, limits: Limits) -> dict[str, bytes]:
    check_upload_size(name, data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportProblem([problem(name, N_("the file is not a zip file."))]) from None
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise ImportProblem(
            [
                problem(
                    name,
                    N_("the file holds {count} entries; a bundle has at most {limit}."),
                    (("count", len(infos)), ("limit", limits.max_entries)),
                )
            ]
        )
    problems: list[Sentence] = []
    seen: set[str] = set()
    for info in infos:
        entry = info.filename
        named = (("entry", entry),)
        if "/" in entry or "\\" in entry or entry in ("", ".", "..") or ":" in entry:
            problems.append(
                problem(
                    name, N_('the entry "{entry}" is a path; a bundle holds plain files.'), named
                )
            )
        elif entry not in KNOWN_ENTRIES:
            known = ", ".join(sorted(KNOWN_ENTRIES))
            problems.append(
                problem(
                    name,
                    N_('the entry "{entry}" is not part of a bundle ({known}).'),
                    (*named, ("known", known)),
                )
            )
        elif entry in seen:
            problems.append(problem(name, N_('the entry "{entry}" appears twice.'), named))
        seen.add(entry)
        ratio = info.file_size // max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            problems.append(
                problem(
                    name,
                    N_(
                        'the entry "{entry}" expands {ratio} times; more than {limit} times '
                        "is refused."
                    ),
                    (*named, ("ratio", ratio), ("limit", limits.max_ratio)),
                )
            )
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_bytes:
        problems.append(
            problem(
                name,
                N_("the file expands to {size}; at most {limit} is accepted."),
                (("size", size_text(total)), ("limit", size_text(limits.max_total_bytes))),
            )
        )
    problems += [
        problem(
            name,
            N_("the file lacks {entry}; is it a bundle exported by the workbook?"),
            (("entry", entry),),
        )
        for entry in REQUIRED_ENTRIES
        if entry not in seen
    ]
    if problems:
        raise ImportProblem(problems)
    contents: dict[str, bytes] = {}
    for info in infos:
        try:
            contents[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            problems.append(
                problem(
                    name,
                    N_('the entry "{entry}" cannot be read ({reason}).'),
                    (("entry", info.filename), ("reason", str(error))),
                )
            )
    if problems:
        raise ImportProblem(problems)
    return contents


class _Fields:
    """Typed access to JSON objects, each wrong field a sentence."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Sentence] = []

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        kind: type[T] | tuple[type, ...],
        place: str,
        default: Any = ...,
    ) -> Any:
        if key not in data:
            if default is ...:
                self.problems.append(
                    problem(
                        self.where, N_('{place} lacks "{key}".'), (("place", place), ("key", key))
                    )
                )
            return default if default is not ... else None
        value = data[key]
        if value is None and default is None:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            self.problems.append(
                problem(
                    self.where,
                    N_('{place}, "{key}" has the wrong type.'),
                    (("place", place), ("key", key)),
                )
            )
            return None if default is ... else default
        return value

    def time(self, data: Mapping[str, Any], key: str, place: str) -> datetime | None:
        text = self.get(data, key, str, place, None)
        return self.parse(text, parse_timestamp, f'{place}, "{key}"') if text else None

    def parse(self, text: str, parse: Callable[[str], T], place: str) -> T | None:
        try:
            return parse(text)
        except ValueError:
            self.problems.append(
                problem(
                    self.where, N_("{place} is not an ISO 8601 date and time."), (("place", place),)
                )
            )
            return None


def _objects(fields: _Fields, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = fields.get(data, key, list, "the file")
    if found is None:
        return []
    good: list[Mapping[str, Any]] = [value for value in found if isinstance(value, dict)]
    if len(good) != len(found):
        fields.problems.append(
            problem(fields.where, N_('every entry of "{key}" is an object.'), (("key", key),))
        )
    return good


def parse_metadata(name: str, raw: bytes) -> Metadata:
    """The metadata of a bundle named ``name``, every field checked."""
    where = f"{name}: {METADATA}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(
            [
                problem(
                    where, N_("the file is not valid JSON ({reason})."), (("reason", str(error)),)
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise ImportProblem([problem(where, N_("the file is not a JSON object."))])
    if data.get("format") != FORMAT_NAME:
        raise ImportProblem([problem(where, N_("the file does not describe a workbook bundle."))])
    if data.get("format_version") not in READABLE_VERSIONS:
        raise ImportProblem(
            [
                problem(
                    where,
                    N_(
                        "the file has format version {version}; this version of the workbook "
                        "reads version {readable}."
                    ),
                    (("version", repr(data.get("format_version"))), ("readable", FORMAT_VERSION)),
                )
            ]
        )
    fields = _Fields(where)
    exported_at = fields.time(data, "exported_at", "the file")
    sessions = []
    for number, raw_session in enumerate(_objects(fields, data, "sessions"), start=1):
        place = f"session {number}"
        sessions.append(
            SessionRecord(
                code=fields.get(raw_session, "code", str, place),
                title=fields.get(raw_session, "title", str, place, ""),
                framework_id=fields.get(raw_session, "framework_id", str, place),
                framework_version=fields.get(raw_session, "framework_version", str, place),
                mentor_city=fields.get(raw_session, "mentor_city", str, place, ""),
                mentee_city=fields.get(raw_session, "mentee_city", str, place, ""),
                theme=fields.get(raw_session, "theme", str, place, ""),
                round=fields.get(raw_session, "round", (int, str), place, 1),
                baseline_code=fields.get(raw_session, "baseline_code", str, place, None),
                created_at=fields.time(raw_session, "created_at", place),
                locked=fields.get(raw_session, "locked", bool, place, False),
                results_visible=fields.get(raw_session, "results_visible", bool, place, False),
                language=fields.get(raw_session, "language", str, place, "en"),
                votes_each=fields.get(raw_session, "votes_each", int, place, DEFAULT_VOTES),
            )
        )
    participants = []
    for number, raw_person in enumerate(_objects(fields, data, "participants"), start=1):
        place = f"participant {number}"
        participants.append(
            ParticipantRecord(
                session=fields.get(raw_person, "session", str, place),
                id=fields.get(raw_person, "id", str, place),
                name=fields.get(raw_person, "name", str, place),
                city=fields.get(raw_person, "city", str, place, ""),
                organisation=fields.get(raw_person, "organisation", str, place, ""),
                role=fields.get(raw_person, "role", str, place, ""),
                joined_at=fields.time(raw_person, "joined_at", place),
                language=fields.get(raw_person, "language", str, place, ""),
            )
        )
    pairs = []
    raw_pairs = _objects(fields, data, "round_pairs") if data["format_version"] > 1 else []
    for number, raw_pair in enumerate(raw_pairs, start=1):
        place = f"round pair {number}"
        baseline = fields.get(raw_pair, "baseline", dict, place) or {}
        named = {
            cell: fields.get(baseline, cell, str, f"{place}, baseline", "")
            for cell in ("name", "city", "organisation", "role")
        }
        pairs.append(
            RoundPairRecord(
                session=fields.get(raw_pair, "session", str, place),
                followup=fields.get(raw_pair, "followup", str, place),
                baseline=Person(**named),
            )
        )
    snapshots = fields.get(data, "frameworks", dict, "the file") or {}
    frameworks: dict[str, Framework] = {}
    for code, snapshot in snapshots.items():
        try:
            plain = validate_text(
                Sentence(
                    N_("{where}, framework of session {code}"), (("where", where), ("code", code))
                ),
                json.dumps(snapshot, ensure_ascii=False).encode("utf-8"),
            )
        except FrameworkError as error:
            fields.problems += [each.sentence for each in error.problems]
            continue
        frameworks[code] = Framework.from_dict(plain)
    codes = [session.code for session in sessions]
    for session in sessions:
        if session.code is None or session.framework_id is None:
            continue
        if codes.count(session.code) > 1:
            fields.problems.append(
                problem(where, N_('session "{code}" is listed twice.'), (("code", session.code),))
            )
        framework = frameworks.get(session.code)
        if framework is None and session.code not in snapshots:
            fields.problems.append(
                problem(
                    where,
                    N_('session "{code}" has no framework snapshot.'),
                    (("code", session.code),),
                )
            )
        elif framework is not None and (framework.id, framework.version) != (
            session.framework_id,
            session.framework_version,
        ):
            fields.problems.append(
                problem(
                    where,
                    N_(
                        'session "{code}" names framework "{framework}" version "{version}", its '
                        'snapshot is "{snapshot}" version "{snapshot_version}".'
                    ),
                    (
                        ("code", session.code),
                        ("framework", session.framework_id),
                        ("version", session.framework_version),
                        ("snapshot", framework.id),
                        ("snapshot_version", framework.version),
                    ),
                )
            )
    for person in participants:
        if person.session is not None and person.session not in codes:
            fields.problems.append(
                problem(
                    where,
                    N_(
                        'participant "{name}" belongs to session "{code}", which the bundle does '
                        "not hold."
                    ),
                    (("name", person.name), ("code", person.session)),
                )
            )
    people = {(person.session, person.id) for person in participants}
    for pair in pairs:
        if (
            None not in (pair.session, pair.followup)
            and (pair.session, pair.followup) not in people
        ):
            fields.problems.append(
                problem(
                    where,
                    N_(
                        'a round pair of session "{code}" names participant "{id}", whom the '
                        "bundle does not hold in that session."
                    ),
                    (("code", pair.session), ("id", pair.followup)),
                )
            )
    if fields.problems:
        raise ImportProblem(fields.problems)
    assert exported_at is not None
    return Metadata(
        exported_at=exported_at,
        sessions=tuple(sessions),
        frameworks=frameworks,
        participants=tuple(participants),
        round_pairs=tuple(pairs),
    )


def read_bundle(name: str, data: bytes, limits: Limits | None = None) -> Bundle:
    """Open the bundle bytes of a file named ``name``, or raise :class:`ImportProblem`."""
    contents = _entries(name, data, limits or Limits())
    return Bundle(
        metadata=parse_metadata(name, contents[METADATA]),
        answers=contents[ANSWERS],
        actions=contents[ACTIONS],
        summary=contents.get(SUMMARY),
        agreed=contents.get(AGREED),
        plan=contents.get(PLAN),
        votes=contents.get(VOTES),
    )


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06")
