"""Exports and imports: exact CSV bytes, the formula guard, round trips, spreadsheet
variants, bad input and bundle limits.

The first part is pure (no store); the last part drives the real store (a SQLite file
per test), the analysis functions on what it exports, and the CLI verbs.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inclusion_widgets.cli import main
from inclusion_widgets.exchange.bundle import (
    Bundle,
    Limits,
    Metadata,
    ParticipantRecord,
    SessionRecord,
    read_bundle,
    write_bundle,
)
from inclusion_widgets.exchange.columns import (
    ACTION_COLUMNS,
    ACTION_NOT_TEXT,
    ANSWER_COLUMNS,
    ANSWER_NOT_TEXT,
    SUMMARY_COLUMNS,
    SUMMARY_NOT_TEXT,
)
from inclusion_widgets.exchange.csv_format import (
    format_timestamp,
    guard,
    read_table,
    unguard,
    write_csv,
)
from inclusion_widgets.exchange.frames import actions_frame_from, answers_frame_from
from inclusion_widgets.exchange.grant import Grant
from inclusion_widgets.exchange.parse import parse_actions, parse_answers
from inclusion_widgets.exchange.problems import ImportProblem
from inclusion_widgets.exchange.summary import summary_frame
from inclusion_widgets.frameworks import Framework, load_framework
from inclusion_widgets.records import MAX_TEXT, Action, ActionStatus, Answer, AnswerKind
from inclusion_widgets.store import Change
from tests.file_session import FILE_SESSION as SESSION
from tests.file_session import T0

OPERATOR = Grant.operator()
"""These tests import as the operator's command line does: every session may change."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    city: str
    organisation: str
    role: str
    language: str = ""


MINI = load_framework(Path(__file__).parent / "data" / "frameworks" / "mini.yaml")
"""The ``mini_framework`` fixture's framework, for property tests (which run many times)."""

ANNA = Person("p1", "Άννα", "Rīga", "City", "mentee")


def answers_csv(framework: Framework, people: list[Person], answers: list[tuple[str, Answer]]):
    frame = answers_frame_from(SESSION, framework, people, answers)
    return write_csv(frame, ANSWER_COLUMNS, ANSWER_NOT_TEXT)


def problems_of(call) -> tuple[str, ...]:
    with pytest.raises(ImportProblem) as caught:
        call()
    return caught.value.said()


# --- pure: exact bytes -------------------------------------------------------------------


def test_answers_csv_has_exact_bytes_with_bom_header_crlf_and_guard(mini_framework):
    data = answers_csv(
        mini_framework,
        [ANNA],
        [
            ("p1", Answer("mini/01", AnswerKind.LEVEL, 2, note="=SUM(A1)", priority=True,
                          updated_at=T0)),
            ("p1", Answer("mini/02", AnswerKind.DONT_KNOW, note='says "maybe"; later',
                          updated_at=T0)),
            ("p1", Answer("mini/context/01", note="'-40 people\r\nor so", updated_at=T0)),
        ],
    )  # fmt: skip
    expected = (
        b"\xef\xbb\xbf"
        b"session,round,participant,city,organisation,role,language,framework,framework_version,"
        b"group,item,item_title,level,level_label,answer_kind,note,evidence,priority,"
        b"updated_at\r\n"
        b"ABC123,1,\xce\x86\xce\xbd\xce\xbd\xce\xb1,R\xc4\xabga,City,mentee,el,mini,1,Governance,"
        b"mini/01,Coordination across levels,2,In progress,level,'=SUM(A1),,true,"
        b"2026-03-01T10:30:00+00:00\r\n"
        b"ABC123,1,\xce\x86\xce\xbd\xce\xbd\xce\xb1,R\xc4\xabga,City,mentee,el,mini,1,Governance,"
        b'mini/02,Funding matched to tasks,,Don\'t know,dont_know,"says ""maybe""; later",'
        b",false,2026-03-01T10:30:00+00:00\r\n"
        b"ABC123,1,\xce\x86\xce\xbd\xce\xbd\xce\xb1,R\xc4\xabga,City,mentee,el,mini,1,Services,"
        b'mini/03,"\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac, '
        b'latvie\xc5\xa1u, fran\xc3\xa7ais, espa\xc3\xb1ol",,,unanswered,,,false,\r\n'
        b"ABC123,1,\xce\x86\xce\xbd\xce\xbd\xce\xb1,R\xc4\xabga,City,mentee,el,mini,1,Context,"
        b"mini/context/01,How many newcomers arrived last year?,,,unanswered,"
        b"\"''-40 people\r\nor so\",,false,2026-03-01T10:30:00+00:00\r\n"
    )
    assert data == expected


# --- pure: the formula guard -------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "'"])
def test_a_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(start):
    assert guard(start + "1+1") == "'" + start + "1+1"
    assert unguard(guard(start + "1+1")) == start + "1+1"


def test_plain_text_and_an_apostrophe_before_plain_text_are_left_alone():
    assert guard("Rīga") == "Rīga"
    assert guard("'tis") == "''tis"
    assert unguard("'tis") == "'tis"  # typed in a spreadsheet, no guard to remove


@given(st.text())
def test_unguard_undoes_guard_for_any_text(text):
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_numbers_are_not_guarded_but_text_is():
    frame = pd.DataFrame({"level": pd.array([-1], dtype="Int64"), "note": ["-1"]})
    assert write_csv(frame, ["level", "note"], {"level"}) == b"\xef\xbb\xbflevel,note\r\n-1,'-1\r\n"


# --- pure: round trips (property-based) --------------------------------------------------

texts = st.text(
    # No NUL and no lone surrogate: no file or database can hold them (refused on import).
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=30,
).map(lambda text: text)
tricky = st.one_of(
    texts,
    st.sampled_from(
        ["=1+1", "\t", "\r", "\r\n", "\n", '"', ";", ",", "'", "''=", "'=", "🙂", "Ελλάδα",
         "Liepāja", " ", "-", "@x", "+"]
    ),
    st.lists(st.sampled_from(["'", "=", "\r", "\n", '"', ";", "a", "ā", "🙂"])).map("".join),
)  # fmt: skip
names = tricky.filter(lambda text: text.strip() != "")
moments = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=3))]),
    ),
)


@st.composite
def answers_for(draw, framework: Framework):
    slots = [item.id for item in framework.items] + [q.id for q in framework.context_questions]
    result = []
    for item_id in slots:
        kind = draw(st.sampled_from(list(AnswerKind)))
        if item_id.startswith("mini/context"):
            kind = draw(st.sampled_from([AnswerKind.UNANSWERED, AnswerKind.DONT_KNOW]))
        level = draw(st.integers(0, 3)) if kind is AnswerKind.LEVEL else None
        result.append(
            Answer(
                item_id,
                kind,
                level,
                note=draw(tricky),
                evidence=draw(tricky),
                priority=draw(st.booleans()),
                updated_at=draw(moments),
            )
        )
    return result


def people_from(rows) -> tuple[list[Person], list[tuple[str, Answer]]]:
    people: dict[tuple[str, str, str, str], Person] = {}
    answers = []
    for row in rows:
        key = (row.person.name, row.person.city, row.person.organisation, row.person.role)
        person = people.setdefault(key, Person(f"p{len(people)}", *key))
        answers.append((person.id, row.answer))
    return list(people.values()), answers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_answers_export_import_export_gives_the_same_bytes_and_data(data):
    mini_framework = MINI
    people = [
        Person(f"p{n}", data.draw(names), data.draw(tricky), data.draw(tricky), data.draw(tricky))
        for n in range(data.draw(st.integers(1, 3)))
    ]
    # A name given twice in a session is numbered in its tables ("Ana (2)"): draw distinct ones.
    people = list({p.name: p for p in people}.values())
    given_answers = [(p.id, a) for p in people for a in data.draw(answers_for(mini_framework))]
    first = answers_csv(mini_framework, people, given_answers)
    rows = parse_answers(read_table("answers.csv", first, ANSWER_COLUMNS), mini_framework)
    again_people, again_answers = people_from(rows)
    assert answers_csv(mini_framework, again_people, again_answers) == first
    assert [a for _, a in again_answers] == [a for _, a in given_answers]
    assert [a.updated_at for _, a in again_answers] == [a.updated_at for _, a in given_answers]
    assert [(p.name, p.city, p.organisation, p.role) for p in again_people] == [
        (p.name, p.city, p.organisation, p.role) for p in people
    ]


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_actions_export_import_export_gives_the_same_bytes_and_data(data):
    mini_framework = MINI
    actions = [
        Action(
            id=f"a{n}",
            title=data.draw(tricky),
            description=data.draw(tricky),
            items=tuple(data.draw(st.lists(st.sampled_from(["mini/01", "mini/02", "mini/03"]),
                                           unique=True))),
            owner=data.draw(tricky),
            partners=data.draw(tricky),
            start=data.draw(st.one_of(st.none(), st.dates())),
            due=data.draw(st.one_of(st.none(), st.dates())),
            resources=data.draw(tricky),
            indicator=data.draw(tricky),
            status=data.draw(st.sampled_from(list(ActionStatus))),
            impact=data.draw(st.sampled_from([None, 1, 2, 3])),
            effort=data.draw(st.sampled_from([None, 1, 2, 3])),
            position=n,
            updated_at=data.draw(moments),
        )
        for n in range(data.draw(st.integers(0, 3)))
    ]  # fmt: skip
    first = write_csv(
        actions_frame_from(SESSION, [ANNA], [("p1", a) for a in actions]),
        ACTION_COLUMNS,
        ACTION_NOT_TEXT,
    )
    rows = parse_actions(read_table("actions.csv", first, ACTION_COLUMNS), mini_framework)
    assert [row.action for row in rows] == actions
    assert [row.action.updated_at for row in rows] == [a.updated_at for a in actions]
    again = write_csv(
        actions_frame_from(SESSION, [ANNA], [("p1", row.action) for row in rows]),
        ACTION_COLUMNS,
        ACTION_NOT_TEXT,
    )
    assert again == first


# --- pure: files saved again by a spreadsheet --------------------------------------------


def _spreadsheet_variant(data: bytes, bom: bool, separator: str, newline: str) -> bytes:
    import csv

    text = data.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separator, lineterminator=newline)
    for record in records:
        writer.writerow(["TRUE" if c == "true" else "FALSE" if c == "false" else c
                         for c in record])  # fmt: skip
    writer.writerow([""] * len(records[0]))  # a trailing empty row, as spreadsheets add
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_csv_saved_again_by_a_spreadsheet_reads_the_same(mini_framework, bom, separator,
                                                           newline):  # fmt: skip
    given_answers = [
        ("p1", Answer("mini/01", AnswerKind.LEVEL, 3, note="a; b, c", priority=True,
                      updated_at=T0)),
        ("p1", Answer("mini/03", AnswerKind.NOT_APPLICABLE, evidence="=HYPERLINK(x)")),
    ]  # fmt: skip
    original = answers_csv(mini_framework, [ANNA], given_answers)
    variant = _spreadsheet_variant(original, bom, separator, newline)
    rows = parse_answers(read_table("ana.csv", variant, ANSWER_COLUMNS), mini_framework)
    assert {row.answer.item_id: row.answer for row in rows}["mini/01"] == given_answers[0][1]
    assert {row.answer.item_id: row.answer for row in rows}["mini/03"] == given_answers[1][1]
    assert len(rows) == 4


# --- pure: bad input, one test per kind ---------------------------------------------------


def _bad(mini_framework, **changes) -> bytes:
    frame = answers_frame_from(
        SESSION,
        mini_framework,
        [ANNA],
        [("p1", Answer("mini/01", AnswerKind.LEVEL, 1, updated_at=T0))],
    ).astype(object)
    for column, value in changes.items():
        frame.loc[0, column] = value
    return write_csv(frame, ANSWER_COLUMNS, set(ANSWER_COLUMNS))  # written as given


def _problems(mini_framework, name="answers-ana.csv", **changes):
    data = _bad(mini_framework, **changes)
    return problems_of(
        lambda: parse_answers(read_table(name, data, ANSWER_COLUMNS), mini_framework)
    )


def test_a_level_that_is_not_a_number_is_named_with_file_row_and_column(mini_framework):
    assert _problems(mini_framework, level="high") == (
        'answers-ana.csv, row 2, column "level": "high" is not a whole number.',
    )


def test_a_level_outside_the_scale_is_refused(mini_framework):
    assert _problems(mini_framework, level="7") == (
        'answers-ana.csv, row 2, column "level": 7 is not a level of the scale (0, 1, 2, 3).',
    )


def test_a_level_with_a_non_level_answer_is_refused(mini_framework):
    assert _problems(mini_framework, answer_kind="dont_know") == (
        'answers-ana.csv, row 2, column "level": a level is given but the answer kind is '
        '"dont_know".',
    )


def test_a_level_answer_without_a_level_is_refused(mini_framework):
    assert _problems(mini_framework, level="") == (
        'answers-ana.csv, row 2, column "level": the answer kind is "level" but no level is given.',
    )


def test_an_unknown_answer_kind_is_refused(mini_framework):
    assert _problems(mini_framework, answer_kind="maybe") == (
        'answers-ana.csv, row 2, column "answer_kind": "maybe" is not one of level, dont_know, '
        "not_applicable, unanswered.",
    )


def test_an_unknown_item_is_refused(mini_framework):
    assert _problems(mini_framework, item="mini/99") == (
        'answers-ana.csv, row 2, column "item": "mini/99" is not an item of the framework "mini".',
    )


def test_a_priority_that_is_not_a_flag_is_refused(mini_framework):
    assert _problems(mini_framework, priority="perhaps") == (
        'answers-ana.csv, row 2, column "priority": "perhaps" is not true or false.',
    )


@pytest.mark.parametrize("flag", ["true", "FALSE", "1", "0", "yes", "No"])
def test_priority_accepts_spreadsheet_spellings(mini_framework, flag):
    data = _bad(mini_framework, priority=flag)
    (row, *_) = parse_answers(read_table("a.csv", data, ANSWER_COLUMNS), mini_framework)
    assert row.answer.priority is (flag.lower() in {"true", "1", "yes"})


def test_an_unreadable_time_is_refused(mini_framework):
    assert _problems(mini_framework, updated_at="yesterday") == (
        'answers-ana.csv, row 2, column "updated_at": "yesterday" is not an ISO 8601 date and '
        "time.",
    )


def test_a_note_over_the_limit_is_refused(mini_framework):
    assert _problems(mini_framework, note="x" * (MAX_TEXT + 1)) == (
        'answers-ana.csv, row 2, column "note": the text has 20,001 characters, at most 20,000.',
    )


@pytest.mark.parametrize("column", ["note", "participant", "city"])
def test_a_nul_character_is_refused_with_file_row_and_column(mini_framework, column):
    assert _problems(mini_framework, **{column: "before\x00after"}) == (
        f'answers-ana.csv, row 2, column "{column}": the text contains a NUL character, which '
        "cannot be stored.",
    )


def test_a_missing_column_is_named(mini_framework):
    data = _bad(mini_framework).replace(b",evidence,", b",proof,")
    assert problems_of(lambda: read_table("ana.csv", data, ANSWER_COLUMNS)) == (
        'ana.csv: the header row lacks the column "evidence".',
    )


def test_a_file_that_is_not_utf8_is_refused_with_advice():
    data = "session;note\r\nABC;café\r\n".encode("cp1252")
    assert problems_of(lambda: read_table("ana.csv", data, ())) == (
        "ana.csv: the file is not UTF-8 text (byte 22 cannot be read); save it from the "
        'spreadsheet as "CSV UTF-8".',
    )


def test_every_problem_is_listed_up_to_fifty(mini_framework):
    good = _bad(mini_framework)
    header, row = good.split(b"\r\n")[:2]
    bad_row = row.replace(b",1,Planned,", b",high,Planned,")
    rows = [bad_row.replace(b"mini/01", f"mini/0{n % 3 + 1}".encode()) for n in range(3)]
    # 60 rows of which each has a bad level (and repeats an item of the same person).
    data = header + b"\r\n" + b"\r\n".join(rows * 20) + b"\r\n"
    problems = problems_of(
        lambda: parse_answers(read_table("ana.csv", data, ANSWER_COLUMNS), mini_framework)
    )
    assert len(problems) == 51
    assert problems[0] == 'ana.csv, row 2, column "level": "high" is not a whole number.'
    assert problems[-1] == "and 67 more problems."


def test_a_second_answer_of_one_person_to_one_item_is_refused(mini_framework):
    good = _bad(mini_framework)
    header, row = good.split(b"\r\n")[:2]
    data = header + b"\r\n" + row + b"\r\n" + row + b"\r\n"
    assert problems_of(
        lambda: parse_answers(read_table("ana.csv", data, ANSWER_COLUMNS), mini_framework)
    ) == ('ana.csv, row 3, column "item": "mini/01" is answered again by the same participant '
          "(first in row 2).",)  # fmt: skip


# --- pure: summary ------------------------------------------------------------------------


def test_the_summary_counts_levels_and_never_counts_dont_know_as_zero(mini_framework):
    bea = replace(ANNA, id="p2", name="Bea")
    frame = answers_frame_from(
        SESSION,
        mini_framework,
        [ANNA, bea],
        [
            ("p1", Answer("mini/01", AnswerKind.LEVEL, 3, priority=True)),
            ("p2", Answer("mini/01", AnswerKind.LEVEL, 1)),
            ("p1", Answer("mini/02", AnswerKind.DONT_KNOW)),
            ("p2", Answer("mini/02", AnswerKind.LEVEL, 2)),
        ],
    )
    written = summary_frame(frame, mini_framework)
    # The figures under the names the dashboard, the report and the README's glossary use.
    assert list(written.columns) == list(SUMMARY_COLUMNS)
    data = write_csv(written, SUMMARY_COLUMNS, SUMMARY_NOT_TEXT)
    header, first = data.decode("utf-8-sig").splitlines()[:2]
    assert header.endswith("mean,median,min,max,spread,range,priorities")
    assert first.endswith(",2,2,0,0,0,2,2,1,3,0.5,2,1")  # mean 2, median 2, spread 0.5, range 2
    summary = written.set_index("item")
    assert list(summary.index) == ["mini/01", "mini/02", "mini/03"]
    # Levels 3 and 1: two of four levels, evenly: spread 0.5 (0 to 1); range 3 - 1 = 2.
    figures = ["levels", "median", "spread", "range", "priorities"]
    assert summary.loc["mini/01", figures].tolist() == [2, 2.0, 0.5, 2, 1]
    assert summary.loc["mini/02", ["levels", "dont_know", "mean", "min"]].tolist() == [1, 1, 2, 2]
    assert summary.loc["mini/03", "unanswered"] == 2
    assert pd.isna(summary.loc["mini/03", "mean"])
    # One level answer cannot disagree: no spread, as on the dashboard and in the report.
    assert pd.isna(summary.loc["mini/02", "spread"])


# --- pure: bundles ------------------------------------------------------------------------


def _bundle(mini_framework, **metadata_changes) -> Bundle:
    metadata = Metadata(
        exported_at=T0,
        sessions=(SessionRecord("ABC123", "Rīga – Αθήνα", "mini", "1", "Rīga", "Athens",
                                "housing", 1, None, T0, False, True),),
        frameworks={"ABC123": mini_framework},
        participants=(ParticipantRecord("ABC123", "p1", "Άννα", "Rīga", "City", "mentee", T0),),
    )  # fmt: skip
    return Bundle(
        metadata=replace(metadata, **metadata_changes),
        answers=answers_csv(mini_framework, [ANNA], []),
        actions=write_csv(actions_frame_from(SESSION, [ANNA], []), ACTION_COLUMNS, ACTION_NOT_TEXT),
    )


def test_a_bundle_reads_back_to_what_was_written(mini_framework):
    bundle = _bundle(mini_framework)
    data = write_bundle(bundle)
    assert read_bundle("b.zip", data) == bundle
    assert write_bundle(read_bundle("b.zip", data)) == data


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _entries(mini_framework) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(write_bundle(_bundle(mini_framework)))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_an_upload_over_the_limit_is_refused():
    assert problems_of(lambda: read_bundle("big.zip", b"PK\x03\x04" + b"0" * 2048,
                                           Limits(max_upload_bytes=1024))) == (
        "big.zip: the file is 0.0 MB; at most 0.0 MB can be uploaded.",
    )  # fmt: skip
    assert problems_of(lambda: read_bundle("big.zip", bytes(21 * 1024 * 1024))) == (
        "big.zip: the file is 21.0 MB; at most 20.0 MB can be uploaded.",
    )


def test_a_zip_bomb_is_refused_by_its_ratio(mini_framework):
    entries = _entries(mini_framework) | {"summary.csv": b"0" * 5_000_000}
    (problem,) = problems_of(lambda: read_bundle("bomb.zip", _zip(entries)))
    assert problem.startswith('bomb.zip: the entry "summary.csv" expands ')
    assert problem.endswith("times; more than 200 times is refused.")


def test_too_much_uncompressed_data_is_refused(mini_framework):
    entries = _entries(mini_framework) | {"summary.csv": b"0" * 3_000_000}
    limits = Limits(max_total_bytes=2 * 1024 * 1024)
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries, zipfile.ZIP_STORED), limits)) == (
        "b.zip: the file expands to 2.9 MB; at most 2.0 MB is accepted.",
    )


def test_too_many_entries_are_refused():
    entries = {f"f{n}.csv": b"" for n in range(21)}
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        "b.zip: the file holds 21 entries; a bundle has at most 20.",
    )


@pytest.mark.parametrize("name", ["../answers.csv", "/etc/answers.csv", "x/answers.csv",
                                  "..\\answers.csv"])  # fmt: skip
def test_an_entry_with_a_path_is_refused(mini_framework, name):
    entries = _entries(mini_framework) | {name: b""}
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        f'b.zip: the entry "{name}" is a path; a bundle holds plain files.',
    )


def test_an_unknown_entry_is_refused(mini_framework):
    entries = _entries(mini_framework) | {"run-me.py": b""}
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        'b.zip: the entry "run-me.py" is not part of a bundle (actions.csv, agreed.csv, '
        "answers.csv, metadata.json, plan.csv, summary.csv, votes.csv).",
    )


def test_a_zip_without_metadata_is_not_a_bundle(mini_framework):
    entries = _entries(mini_framework)
    del entries["metadata.json"]
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        "b.zip: the file lacks metadata.json; is it a bundle exported by the workbook?",
    )


def test_a_file_that_is_not_a_zip_is_refused():
    assert problems_of(lambda: read_bundle("b.zip", b"hello")) == (
        "b.zip: the file is not a zip file.",
    )


def test_a_newer_format_version_is_refused(mini_framework):
    entries = _entries(mini_framework)
    metadata = json.loads(entries["metadata.json"]) | {"format_version": 3}
    entries["metadata.json"] = json.dumps(metadata).encode()
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        "b.zip: metadata.json: the file has format version 3; this version of the workbook "
        "reads version 2.",
    )


def test_a_snapshot_that_does_not_match_its_session_is_refused(mini_framework):
    entries = _entries(mini_framework)
    metadata = json.loads(entries["metadata.json"])
    metadata["sessions"][0]["framework_version"] = "9"
    entries["metadata.json"] = json.dumps(metadata).encode()
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        'b.zip: metadata.json: session "ABC123" names framework "mini" version "9", its '
        'snapshot is "mini" version "1".',
    )


def test_a_broken_snapshot_is_refused_with_the_framework_sentence(mini_framework):
    entries = _entries(mini_framework)
    metadata = json.loads(entries["metadata.json"])
    metadata["frameworks"]["ABC123"]["scale"] = "nope"
    entries["metadata.json"] = json.dumps(metadata).encode()
    (problem, *_) = problems_of(lambda: read_bundle("b.zip", _zip(entries)))
    assert problem.startswith("b.zip: metadata.json, framework of session ABC123")
    assert "nope" in problem


def test_a_broken_snapshot_is_said_in_the_readers_language(mini_framework):
    from inclusion_widgets.i18n import translator

    entries = _entries(mini_framework)
    metadata = json.loads(entries["metadata.json"])
    metadata["frameworks"]["ABC123"]["scale"] = "nope"
    entries["metadata.json"] = json.dumps(metadata).encode()
    with pytest.raises(ImportProblem) as refused:
        read_bundle("b.zip", _zip(entries))
    assert refused.value.said(translator("de"))[0] == (
        "b.zip: metadata.json, Rahmen der Sitzung ABC123, Zeile 1, scale: die Skala „nope“ "
        "ist unter scales nicht festgelegt (festgelegt: maturity)"
    )


def test_the_exchange_never_imports_ipywidgets():
    code = (
        "import sys, inclusion_widgets.exchange, inclusion_widgets.cli.export, "
        "inclusion_widgets.cli.importing; print('ipywidgets' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="."
    )
    assert result.stdout.strip() == "False"


# === with the store =======================================================================


def _workshop(store, framework):
    info, _key = store.create_session(framework, "Rīga – Αθήνα", "Rīga", "Athens", "housing", None)
    ana, _ = store.join(info.code, "Ana", "Rīga", "City", "mentee")
    ben, _ = store.join(info.code, "Ben", "Athens", "=NGO", "mentor")
    store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, 2, note="=1+1"))
    store.save_answer(info.code, ben.id, Answer("mini/02", AnswerKind.DONT_KNOW, note="'quoted"))
    store.save_answer(info.code, ana.id, Answer("mini/context/01", note="About 40.\nMaybe more."))
    store.save_action(
        info.code, ana.id, Action("a1", "Housing desk", items=("mini/01", "mini/03"), impact=3)
    )
    return info.code


def _csv(store, code) -> tuple[bytes, bytes]:
    from inclusion_widgets.exchange.export import actions_frame, answers_frame

    return (
        write_csv(answers_frame(store, code), ANSWER_COLUMNS, ANSWER_NOT_TEXT),
        write_csv(actions_frame(store, code), ACTION_COLUMNS, ACTION_NOT_TEXT),
    )


def test_the_answers_table_has_every_item_and_context_question_per_participant(
    make_store, mini_framework
):
    from inclusion_widgets.exchange.export import answers_frame

    store = make_store()
    code = _workshop(store, mini_framework)
    frame = answers_frame(store, code)
    assert list(frame.columns) == list(ANSWER_COLUMNS)
    assert len(frame) == 2 * 4
    ana = frame[frame["participant"] == "Ana"].set_index("item")
    assert ana.loc["mini/01", "level_label"] == "In progress"
    assert ana.loc["mini/02", "answer_kind"] == "unanswered"
    assert ana.loc["mini/context/01", "group"] == "Context"


def test_export_session_writes_csvs_and_a_bundle(make_store, mini_framework, tmp_path):
    from inclusion_widgets.exchange.export import export_session

    store = make_store()
    code = _workshop(store, mini_framework)
    paths = export_session(store, code, tmp_path / "out")
    assert [path.name for path in paths] == [
        f"{code}-answers.csv",
        f"{code}-actions.csv",
        f"{code}-agreed.csv",
        f"{code}-plan.csv",
        f"{code}-summary.csv",
        f"{code}-bundle.zip",
    ]
    assert paths[0].read_bytes() == _csv(store, code)[0]
    assert b"'=1+1" in paths[0].read_bytes()


def test_a_bundle_restores_the_session_into_an_empty_store(make_store, mini_framework, tmp_path):
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    code = _workshop(first, mini_framework)
    bundle = export_session(first, code, tmp_path / "out")[-1]
    fresh = make_store("fresh")
    result = import_files(fresh, [bundle], grant=OPERATOR)
    assert result.sessions == (code,)
    assert result.added == 4  # three answers and one action
    assert code in result.keys
    assert fresh.framework(code) == mini_framework
    assert _csv(fresh, code) == _csv(first, code)
    again = import_files(fresh, [bundle], grant=OPERATOR)
    assert (again.added, again.updated, again.skipped) == (0, 0, 4)


def test_csvs_from_participants_in_separate_sessions_merge(make_store, mini_framework, tmp_path):
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    facilitator = make_store("facilitator")
    info, _ = facilitator.create_session(mini_framework, "Workshop", "Rīga", "Athens", "jobs", None)
    bundle = export_session(facilitator, info.code, tmp_path / "start")[-1]
    uploads = []
    for name, level in (("Ana", 1), ("Ben", 3)):
        binder = make_store(f"binder-{name}")
        restored = import_files(binder, [bundle], grant=OPERATOR)  # a session nobody has joined yet
        assert (restored.sessions, restored.added) == ((info.code,), 0)
        person, _ = binder.join(info.code, name, "Rīga", "City", "mentee")
        binder.save_answer(info.code, person.id, Answer("mini/01", AnswerKind.LEVEL, level))
        uploads.append((f"answers-{name}.csv", _csv(binder, info.code)[0]))
    result = import_files(facilitator, uploads, grant=OPERATOR)
    assert (result.added, result.updated, result.skipped) == (2, 0, 0)
    assert sorted(p.name for p in facilitator.participants(info.code)) == ["Ana", "Ben"]
    answers = facilitator.answers(info.code)
    assert {a.answer.level for a in answers if a.answer.item_id == "mini/01"} == {1, 3}


def test_the_newer_answer_wins_and_the_older_is_skipped(make_store, mini_framework):
    from inclusion_widgets.exchange.merge import import_files

    store = make_store()
    code = _workshop(store, mini_framework)
    (saved,) = [a.answer for a in store.answers(code) if a.answer.item_id == "mini/01"]
    base = _csv(store, code)[0].decode("utf-8-sig")
    stamp = format_timestamp(saved.updated_at)
    older = format_timestamp(saved.updated_at - timedelta(minutes=1))
    newer = format_timestamp(saved.updated_at + timedelta(minutes=1))
    old_csv = base.replace("'=1+1", "old text").replace(stamp, older).encode()
    new_csv = base.replace("'=1+1", "new text").replace(stamp, newer).encode()
    older_result = import_files(store, [("old.csv", old_csv)], grant=OPERATOR)
    assert (older_result.added, older_result.updated, older_result.skipped) == (0, 0, 3)
    (kept,) = [a.answer for a in store.answers(code) if a.answer.item_id == "mini/01"]
    assert kept.note == "=1+1"
    history = store.history(code, item_id="mini/01")
    assert [(h.change, h.answer.note) for h in history][-1] == (Change.MERGE_OLDER, "old text")
    assert import_files(store, [("new.csv", new_csv)], grant=OPERATOR).updated == 1
    (now,) = [a.answer for a in store.answers(code) if a.answer.item_id == "mini/01"]
    assert now.note == "new text"
    notes = [h.answer.note for h in store.history(code, item_id="mini/01")]
    assert notes == ["=1+1", "old text", "new text"]  # the replaced text is kept


def test_a_bad_file_among_good_ones_writes_nothing(make_store, mini_framework):
    from inclusion_widgets.exchange.merge import import_files

    store = make_store()
    code = _workshop(store, mini_framework)
    before = _csv(store, code)
    good = before[0].replace(b"=1+1", b"changed")
    bad = before[0].replace(b",2,In progress,", b",high,In progress,")
    problems = problems_of(
        lambda: import_files(store, [("good.csv", good), ("bad.csv", bad)], grant=OPERATOR)
    )
    assert problems == ('bad.csv, row 2, column "level": "high" is not a whole number.',)
    assert _csv(store, code) == before


def test_a_csv_for_a_session_the_store_does_not_hold_is_refused(make_store, mini_framework):
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    code = _workshop(first, mini_framework)
    empty = make_store("empty")
    csv = _csv(first, code)[0]
    assert problems_of(lambda: import_files(empty, [("ana.csv", csv)], grant=OPERATOR)) == (
        f'ana.csv, row 2, column "session": the session "{code}" is not in this store; '
        "import its bundle first.",
    )


def test_a_nul_character_in_an_upload_writes_nothing(make_store, mini_framework):
    from inclusion_widgets.exchange.merge import import_files

    store = make_store()
    code = _workshop(store, mini_framework)
    before = _csv(store, code)
    bad = before[0].replace(b"'=1+1", b"one\x00two")
    assert problems_of(lambda: import_files(store, [("ana.csv", bad)], grant=OPERATOR)) == (
        'ana.csv, row 2, column "note": the text contains a NUL character, which cannot be stored.',
    )
    assert _csv(store, code) == before


def test_a_name_the_store_would_refuse_is_named_before_writing(make_store, mini_framework):
    from inclusion_widgets.exchange.merge import import_files

    store = make_store()
    code = _workshop(store, mini_framework)
    before = _csv(store, code)
    bad = before[0].replace(b"Ben,", b"B" + b"e" * 300 + b",")
    problems = problems_of(lambda: import_files(store, [("ben.csv", bad)], grant=OPERATOR))
    assert problems[0] == (
        'ben.csv, row 6, column "participant": The name has 301 characters; at most 200 are kept.'
    )
    assert _csv(store, code) == before
    assert len(store.participants(code)) == 2


def test_an_answer_without_a_time_is_refused(make_store, mini_framework):
    from inclusion_widgets.exchange.merge import import_files

    store = make_store()
    code = _workshop(store, mini_framework)
    (saved,) = [a.answer for a in store.answers(code) if a.answer.item_id == "mini/01"]
    undated = _csv(store, code)[0].replace(format_timestamp(saved.updated_at).encode(), b"")
    assert problems_of(lambda: import_files(store, [("ana.csv", undated)], grant=OPERATOR)) == (
        'ana.csv, row 2, column "updated_at": the answer has no time it was last changed, so it '
        "cannot be merged; give one such as 2026-03-31T10:00:00+00:00.",
    )


def test_a_followup_bundle_needs_its_baseline(make_store, mini_framework, tmp_path):
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    info, key = first.create_session(mini_framework, "Baseline")
    followup, _ = first.create_followup(info.code, key, "Follow-up")
    base_bundle = export_session(first, info.code, tmp_path / "b")[-1]
    follow_bundle = export_session(first, followup.code, tmp_path / "f")[-1]
    fresh = make_store("fresh")
    assert problems_of(lambda: import_files(fresh, [follow_bundle], grant=OPERATOR)) == (
        f'{follow_bundle.name}: session "{followup.code}" is a follow-up of "{info.code}", which '
        f'is not in this store; import the bundle of "{info.code}" first or together with this '
        "one.",
    )
    assert fresh.sessions() == []
    result = import_files(fresh, [follow_bundle, base_bundle], grant=OPERATOR)
    assert set(result.keys) == {info.code, followup.code}
    restored = fresh.session(followup.code)
    assert (restored.round, restored.baseline_code) == (2, info.code)


def _paired_rounds(store, framework) -> tuple[str, str]:
    """A baseline and its follow-up, where the facilitator paired Zoë with "Zoë Anne"."""
    info, key = store.create_session(framework, "Baseline")
    followup, followup_key = store.create_followup(info.code, key, "Follow-up")
    zoe, _ = store.join(info.code, "Zoë", "Rīga", "City", "mentee")
    store.join(info.code, "Bo", "Athens")
    anne, _ = store.join(followup.code, "Zoë Anne", "Rīga", "City", "mentee")
    store.join(followup.code, "Bo", "Athens")
    store.pair_across_rounds(followup.code, followup_key, zoe.id, anne.id)
    return info.code, followup.code


def test_a_bundle_keeps_the_pairs_the_facilitator_made_across_rounds(
    make_store, mini_framework, tmp_path
):
    from inclusion_widgets.exchange.export import session_bundle
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    baseline, followup = _paired_rounds(first, mini_framework)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    bundles = {
        code: ("bundle.zip", write_bundle(session_bundle(first, code, stamp)))
        for code in (baseline, followup)
    }
    fresh = make_store("fresh")
    import_files(fresh, [bundles[baseline]], grant=OPERATOR)
    import_files(fresh, [bundles[followup]], grant=OPERATOR)
    assert fresh.round_pairs_by_name(followup) == [("Zoë", "Zoë Anne")]
    assert write_bundle(session_bundle(fresh, followup, stamp)) == bundles[followup][1]
    together = make_store("together")
    import_files(together, [bundles[followup], bundles[baseline]], grant=OPERATOR)
    assert together.round_pairs_by_name(followup) == [("Zoë", "Zoë Anne")]


def test_a_round_pair_whose_baseline_person_is_gone_is_left_out_and_said(
    make_store, mini_framework
):
    from inclusion_widgets.exchange.export import session_bundle
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    baseline, followup = _paired_rounds(first, mini_framework)
    fresh = make_store("fresh")
    key = import_files(
        fresh, [("b.zip", write_bundle(session_bundle(first, baseline)))], grant=OPERATOR
    ).keys[baseline]
    [zoe] = [p for p in fresh.participants(baseline) if p.name == "Zoë"]
    fresh.remove_participant(baseline, key, zoe.id)
    result = import_files(
        fresh, [("f.zip", write_bundle(session_bundle(first, followup)))], grant=OPERATOR
    )
    assert f'A round pair of session {followup} names "Zoë", whom the store does not hold; ' in (
        result.sentence()
    )
    assert fresh.round_pairs(followup) == []


def test_a_round_pair_naming_someone_the_bundle_lacks_is_refused(mini_framework):
    entries = _entries(mini_framework)
    metadata = json.loads(entries["metadata.json"])
    metadata["round_pairs"] = [{"session": "ABC123", "followup": "p9", "baseline": {"name": "Zoë"}}]
    entries["metadata.json"] = json.dumps(metadata).encode()
    assert problems_of(lambda: read_bundle("b.zip", _zip(entries))) == (
        'b.zip: metadata.json: a round pair of session "ABC123" names participant "p9", whom '
        "the bundle does not hold in that session.",
    )


def test_a_bundle_of_format_version_1_reads_without_round_pairs(make_store, mini_framework):
    from inclusion_widgets.exchange.export import session_bundle
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    baseline, followup = _paired_rounds(first, mini_framework)
    entries = {}
    for code in (baseline, followup):
        with zipfile.ZipFile(io.BytesIO(write_bundle(session_bundle(first, code)))) as archive:
            entries[code] = {name: archive.read(name) for name in archive.namelist()}
        metadata = json.loads(entries[code]["metadata.json"]) | {"format_version": 1}
        metadata.pop("round_pairs", None)
        entries[code]["metadata.json"] = json.dumps(metadata).encode()
    fresh = make_store("fresh")
    result = import_files(
        fresh, [(f"{code}.zip", _zip(entries[code])) for code in entries], grant=OPERATOR
    )
    assert set(result.keys) == {baseline, followup}
    assert fresh.round_pairs(followup) == []
    assert [p.name for p in fresh.participants(followup)] == ["Zoë Anne", "Bo"]


store_texts = texts.filter(lambda text: text == text.strip())
"""Text as the store keeps one-line fields: it strips outer spaces, so none are drawn."""


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_store_export_import_export_gives_the_same_files(data, tmp_path_factory):
    from inclusion_widgets.exchange.export import session_bundle
    from inclusion_widgets.exchange.merge import import_files
    from inclusion_widgets.store import Store

    folder = tmp_path_factory.mktemp("roundtrip")
    first = Store(f"sqlite:///{folder / 'first.sqlite'}")
    info, _ = first.create_session(MINI, data.draw(names.map(str.strip).filter(bool)))
    for n in range(data.draw(st.integers(1, 2))):
        person, _ = first.join(
            info.code, f"{data.draw(store_texts)}{n}", *(data.draw(store_texts) for _ in range(3))
        )
        for answer in data.draw(answers_for(MINI)):
            if not answer.is_empty:
                first.save_answer(info.code, person.id, replace(answer, updated_at=None))
        first.save_action(
            info.code, person.id, Action(f"a{n}", data.draw(tricky), data.draw(tricky))
        )
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    bundle = write_bundle(session_bundle(first, info.code, stamp))
    fresh = Store(f"sqlite:///{folder / 'fresh.sqlite'}")
    import_files(fresh, [("bundle.zip", bundle)], grant=OPERATOR)
    assert write_bundle(session_bundle(fresh, info.code, stamp)) == bundle
    first.close()
    fresh.close()


def test_every_analysis_function_reads_an_exported_session(make_store, tmp_path):
    from inclusion_widgets import analysis
    from inclusion_widgets.exchange.export import answers_frame, export_session
    from inclusion_widgets.exchange.merge import import_files

    framework = load_framework("oecd-12")
    store = make_store()
    info, key = store.create_session(framework, "Baseline", "Bilbao", "Liepāja")
    followup, _ = store.create_followup(info.code, key, "Follow-up")
    items = [item.id for item in framework.items]
    for code, shift in ((info.code, 0), (followup.code, 1)):
        for n, role in enumerate(["mentor", "mentee", "mentee"]):
            person, _ = store.join(code, f"P{n}", "Bilbao" if role == "mentor" else "Liepāja",
                                   "", role)  # fmt: skip
            for k, item_id in enumerate(items):
                level = min(3, (k + n + shift) % 4)
                store.save_answer(code, person.id, Answer(item_id, AnswerKind.LEVEL, level))
            store.save_answer(code, person.id, Answer(items[0], AnswerKind.DONT_KNOW))
        question = framework.context_questions[0].id if framework.context_questions else None
        if question:
            store.save_answer(code, person.id, Answer(question, note="context text"))
    # The frames of a session restored from its files, not only of the store it came from.
    fresh = make_store("fresh")
    paths = [
        export_session(store, code, tmp_path / code)[-1] for code in (info.code, followup.code)
    ]
    import_files(fresh, paths, grant=OPERATOR)
    base, follow = answers_frame(fresh, info.code), answers_frame(fresh, followup.code)
    both = pd.concat([base, follow], ignore_index=True)
    assert analysis.item_summary(base, framework)["n_participants"].tolist() == [3] * len(items)
    assert analysis.level_distribution(base, framework)["count"].sum() == 3 * len(items) - 3
    assert analysis.disagreement(base, framework)["rank"].tolist()[0] == 1
    assert analysis.group_summary(base, framework)["n_items"].sum() == len(items)
    roles = analysis.compare_groups(base, framework)
    assert roles.items["n_a"].tolist()[1:] == [1] * (len(items) - 1)
    by_round = analysis.compare_groups(both, framework, by="round", a=1, b=2)
    assert by_round.items["n_a"].tolist()[1:] == [3] * (len(items) - 1)
    rounds = analysis.compare_rounds(base, follow, framework)
    assert rounds.items["n_followup"].tolist()[1:] == [3] * (len(items) - 1)
    moved = analysis.movers(base, follow, framework)
    assert len(moved) > 0 and set(moved["participant"]) == {"P0", "P1", "P2"}
    progress = analysis.participant_progress(base, framework)
    assert progress["n_answered"].tolist() == [len(items)] * 3
    table = analysis.summary_table(base, framework)
    assert table["n_dont_know"].tolist()[0] == 3


def test_cli_exports_and_imports_into_a_fresh_store(make_store, mini_framework, tmp_path, capsys):
    code = _workshop(make_store("first"), mini_framework)
    first_url = f"sqlite:///{tmp_path / 'first'}.sqlite"
    argv = ["export", "--session", code, "--db", first_url, "--out", str(tmp_path)]
    assert main(argv) == 0
    assert f"{code}-bundle.zip" in capsys.readouterr().out
    fresh_url = f"sqlite:///{tmp_path / 'fresh'}.sqlite"
    bundle = str(tmp_path / f"{code}-bundle.zip")
    assert main(["import", bundle, "--db", fresh_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Added 4, updated 0, skipped 0 (session {code}).\n")
    key = out.split("facilitator key is ")[1].strip()
    assert make_store("fresh").check_key(code, key)


def test_cli_import_of_a_bad_file_prints_sentences_and_exits_1(make_store, tmp_path, capsys):
    bad = tmp_path / "answers-ana.csv"
    bad.write_text("session,note\r\nABC,x\r\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store'}.sqlite"
    assert main(["import", str(bad), "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith('answers-ana.csv: the header row lacks the columns "round", ')
    assert err.endswith("Nothing was imported.\n")
    assert "Traceback" not in err


@settings(deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.datetimes(
                min_value=datetime(1990, 1, 1),
                max_value=datetime(2100, 1, 1),
                timezones=st.just(UTC),
            ),
        ),
        max_size=20,
    )
)
def test_whole_column_time_formatting_matches_the_cell_formatting(times):
    from inclusion_widgets.exchange.csv_format import _value_column, format_value

    column = pd.Series(pd.to_datetime(times, utc=True), dtype="datetime64[us, UTC]")
    assert list(_value_column(column)) == [format_value(value) for value in column]


# --- participants who joined twice with the same details -----------------------------


def _twice(store, framework):
    """A session where Ana joined twice with the same details, and Ben once."""
    info, _key = store.create_session(framework, "Workshop", "Rīga", "Athens")
    for level in (1, 3):
        ana, _ = store.join(info.code, "Ana", "Rīga", "City", "mentee")
        store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, level))
        store.save_action(info.code, ana.id, Action(f"a{level}", f"Plan {level}"))
    ben, _ = store.join(info.code, "Ben", "Athens", "NGO", "mentor")
    store.save_answer(info.code, ben.id, Answer("mini/01", AnswerKind.LEVEL, 2))
    return info.code


def test_participants_with_the_same_details_are_told_apart_in_every_table(
    make_store, mini_framework, tmp_path
):
    from inclusion_widgets import analysis
    from inclusion_widgets.exchange.export import actions_frame, answers_frame, export_session

    store = make_store()
    code = _twice(store, mini_framework)
    answers = answers_frame(store, code)
    assert list(dict.fromkeys(answers["participant"])) == ["Ana", "Ana (2)", "Ben"]
    assert list(actions_frame(store, code)["participant"]) == ["Ana", "Ana (2)"]
    assert analysis.item_summary(answers, mini_framework)["n_participants"].tolist()[0] == 3
    assert analysis.participant_progress(answers, mini_framework)["n_answered"].sum() == 3
    assert analysis.summary_table(answers, mini_framework)["n_answered"].tolist()[0] == 3
    from inclusion_widgets.exchange.merge import import_files

    paths = export_session(store, code, tmp_path / "out")
    restored = make_store("restored")
    import_files(restored, [paths[-1]], grant=OPERATOR)
    names = sorted(p.name for p in restored.participants(code))
    assert names == ["Ana", "Ana (2)", "Ben"]
    assert answers_frame(restored, code).equals(answers)


def test_the_cli_exports_a_session_with_a_participant_who_joined_twice(
    make_store, mini_framework, tmp_path, capsys
):
    code = _twice(make_store(), mini_framework)
    url = f"sqlite:///{tmp_path / 'store'}.sqlite"
    assert main(["export", "--session", code, "--db", url, "--out", str(tmp_path / "x")]) == 0
    assert f"{code}-bundle.zip" in capsys.readouterr().out


def test_exports_give_each_participants_language_and_a_bundle_keeps_them(
    make_store, mini_framework, tmp_path
):
    from inclusion_widgets.exchange import answers_frame
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    info, _key = first.create_session(mini_framework, "Jelgava mentors Larissa", language="lv")
    eleni, _ = first.join(info.code, "Ελένη", "Larissa", language="el")
    first.join(info.code, "Jānis", "Jelgava")  # no choice: the session's language
    first.save_answer(info.code, eleni.id, Answer("mini/01", AnswerKind.LEVEL, 2, note="Σωστά"))
    frame = answers_frame(first, info.code)
    assert dict(zip(frame["participant"], frame["language"], strict=False)) == {
        "Ελένη": "el",
        "Jānis": "lv",
    }
    assert set(frame["item_title"]) >= {"Coordination across levels"}  # the framework's own
    bundle = export_session(first, info.code, tmp_path / "out")[-1]
    fresh = make_store("fresh")
    import_files(fresh, [bundle], grant=OPERATOR)
    assert fresh.session(info.code).language == "lv"
    assert {p.name: p.language for p in fresh.participants(info.code)} == {
        "Ελένη": "el",
        "Jānis": "",
    }
    assert _csv(fresh, info.code) == _csv(first, info.code)
