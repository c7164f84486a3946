"""The agreed assessment in files: exact bytes of its CSV (words, not codes), reading it
back, the export and the Files tab offering it, and the bundle restoring it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from inclusion_widgets.edits import AgreedEdit
from inclusion_widgets.exchange.agreed import agreed_frame_from, parse_agreed
from inclusion_widgets.exchange.columns import AGREED_COLUMNS, AGREED_NOT_TEXT
from inclusion_widgets.exchange.csv_format import read_table, write_csv
from inclusion_widgets.exchange.grant import Grant
from inclusion_widgets.exchange.problems import ImportProblem
from inclusion_widgets.records import AgreedResult, Answer, AnswerKind
from inclusion_widgets.store.models import Recorder
from tests.file_session import T0

AGREED = [
    AgreedResult(
        "mini/01",
        AnswerKind.LEVEL,
        2,
        reasoning="=a desk, no budget",
        evidence="Decision 12/2025",
        revisit=True,
        recorded_by="Facilitator",
        updated_at=T0,
    ),
    AgreedResult(
        "mini/02", AnswerKind.DONT_KNOW, None, 'no "data"; ask', recorded_by="Βώ", updated_at=T0
    ),
]


@pytest.fixture
def agreed_csv(file_session, mini_framework) -> Callable[[list[AgreedResult]], bytes]:
    def written(agreed: list[AgreedResult]) -> bytes:
        frame = agreed_frame_from(file_session, mini_framework, agreed)
        return write_csv(frame, AGREED_COLUMNS, AGREED_NOT_TEXT)

    return written


def test_the_agreed_csv_has_exact_bytes_with_words_not_codes(agreed_csv):
    assert agreed_csv(AGREED) == (
        b"\xef\xbb\xbf"
        b"session,round,group,item,item_title,agreed,level,reasoning,evidence,revisit,"
        b"recorded_by,updated_at\r\n"
        b"ABC123,1,Governance,mini/01,Coordination across levels,In progress,2,"
        b'"\'=a desk, no budget",Decision 12/2025,true,Facilitator,2026-03-01T10:30:00+00:00\r\n'
        b"ABC123,1,Governance,mini/02,Funding matched to tasks,Don't know,,"
        b'"no ""data""; ask",,false,\xce\x92\xcf\x8e,2026-03-01T10:30:00+00:00\r\n'
        b"ABC123,1,Services,mini/03,"
        b'"\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac, '
        b'latvie\xc5\xa1u, fran\xc3\xa7ais, espa\xc3\xb1ol",Not agreed yet,,,,false,,\r\n'
    )


def test_the_agreed_csv_reads_back_to_the_same_results(agreed_csv, mini_framework):
    rows = parse_agreed(read_table("agreed.csv", agreed_csv(AGREED)), mini_framework)
    assert [row.agreed for row in rows if not row.is_empty] == AGREED
    assert [row.is_empty for row in rows] == [False, False, True]


def test_words_typed_in_a_spreadsheet_are_read_as_the_agreed_level(mini_framework):
    typed = (
        b"session,round,group,item,item_title,agreed,level,reasoning,evidence,revisit,"
        b"recorded_by,updated_at\n"
        b"ABC123,1,,mini/01,,embedded,,,,yes,,2026-03-01T10:30:00+00:00\n"
        b"ABC123,1,,mini/02,,Not applicable,,,,no,,2026-03-01T10:30:00+00:00\n"
        b"ABC123,1,,mini/03,,Nearly there,,,,no,,2026-03-01T10:30:00+00:00\n"
    )
    with pytest.raises(ImportProblem) as caught:
        parse_agreed(read_table("typed.csv", typed), mini_framework)
    [problem] = caught.value.said()
    assert problem.startswith('typed.csv, row 4, column "agreed": "Nearly there" is none of')
    assert "“Embedded”" in problem and "“Not agreed yet”" in problem
    rows = parse_agreed(read_table("typed.csv", typed.rsplit(b"\n", 2)[0] + b"\n"), mini_framework)
    assert [(row.agreed.kind, row.agreed.level, row.agreed.revisit) for row in rows] == [
        (AnswerKind.LEVEL, 3, True),
        (AnswerKind.NOT_APPLICABLE, None, False),
    ]


# === with the store =======================================================================


def _agreed_workshop(store, framework) -> tuple[str, str]:
    info, key = store.create_session(framework, "Rīga – Αθήνα", "Rīga", "Athens", "housing")
    ana, _ = store.join(info.code, "Ana", "Rīga", "City", "mentee")
    store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, 1, note="low"))
    store.set_note_taker(info.code, key, ana.id)
    store.save_agreed(
        info.code,
        Recorder(key=key),
        AgreedEdit(
            "mini/01",
            {"kind": "level", "level": 2, "reasoning": "=desk", "revisit": True},
            0,
            datetime.now(UTC),
        ),
    )
    store.save_agreed(
        info.code,
        Recorder(participant_id=ana.id),
        AgreedEdit("mini/02", {"kind": "not_applicable", "level": None}, 0, datetime.now(UTC)),
    )
    return info.code, key


def test_export_writes_the_agreed_csv_beside_the_others(make_store, tmp_path, mini_framework):
    from inclusion_widgets.exchange.export import agreed_frame, export_session

    store = make_store()
    code, _ = _agreed_workshop(store, mini_framework)
    paths = {path.name: path for path in export_session(store, code, tmp_path / "out")}
    data = paths[f"{code}-agreed.csv"].read_bytes()
    assert data == write_csv(agreed_frame(store, code), AGREED_COLUMNS, AGREED_NOT_TEXT)
    assert b",In progress,2,'=desk,,true,Facilitator," in data
    assert b",Not applicable,,,,false,Ana," in data


def test_the_files_tab_offers_the_agreed_assessment(make_store, mini_framework):
    from inclusion_widgets.app.downloads import session_downloads

    store = make_store()
    code, _ = _agreed_workshop(store, mini_framework)
    [agreed] = [d for d in session_downloads(store, code) if d.filename.endswith("-agreed.csv")]
    assert agreed.label == "Agreed assessment (CSV)"
    assert b"In progress" in agreed.content


def test_a_bundle_restores_the_agreed_assessment(make_store, tmp_path, mini_framework):
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    code, _ = _agreed_workshop(first, mini_framework)
    paths = export_session(first, code, tmp_path / "out")
    fresh = make_store("fresh")
    result = import_files(fresh, [paths[-1]], grant=Grant.operator())
    assert result.added == 3  # one answer, two agreed results
    assert fresh.agreed(code) == first.agreed(code)
    assert [a.updated_at for a in fresh.agreed(code)] == [a.updated_at for a in first.agreed(code)]
    again = export_session(fresh, code, tmp_path / "again")
    assert again[2].name == f"{code}-agreed.csv"
    assert again[2].read_bytes() == paths[2].read_bytes()
    repeat = import_files(fresh, [paths[-1]], grant=Grant.operator())
    assert (repeat.added, repeat.updated, repeat.skipped) == (0, 0, 3)


def test_an_agreed_csv_merges_into_its_session_newer_first(make_store, tmp_path, mini_framework):
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    store = make_store()
    code, key = _agreed_workshop(store, mini_framework)
    agreed_path = export_session(store, code, tmp_path / "out")[2]
    later = {"kind": "level", "level": 3, "reasoning": "Better now"}
    store.save_agreed(code, Recorder(key=key), AgreedEdit("mini/01", later, 1, datetime.now(UTC)))
    result = import_files(store, [agreed_path], grant=Grant.facilitator(code, key))
    assert (result.added, result.updated, result.skipped) == (0, 0, 2)
    current = {a.item_id: a for a in store.agreed(code)}
    assert (current["mini/01"].level, current["mini/01"].reasoning) == (3, "Better now")
