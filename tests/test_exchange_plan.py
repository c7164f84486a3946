"""The group's plan and the votes in files: exact bytes of a small CODE-plan.csv (status
in words, most votes first, formulas guarded), reading it back, the export and the
Files tab offering it, and a bundle restoring the plan and the votes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inclusion_widgets.edits import AgreedEdit, PlanEdit
from inclusion_widgets.exchange.columns import PLAN_COLUMNS, PLAN_NOT_TEXT
from inclusion_widgets.exchange.csv_format import read_table, write_csv
from inclusion_widgets.exchange.grant import Grant
from inclusion_widgets.exchange.plan import parse_plan, plan_frame_from
from inclusion_widgets.exchange.problems import ImportProblem
from inclusion_widgets.frameworks import Framework
from inclusion_widgets.records import Action, ActionStatus, PlanAction
from inclusion_widgets.store import Store
from inclusion_widgets.store.models import Recorder
from tests.file_session import T0

PLAN = [
    PlanAction(
        "p1",
        position=1,
        title="=One-stop desk",
        items=("mini/01",),
        owner="City",
        due=date(2027, 6, 1),
        drafts=("a1", "b1"),
        proposed_by=("Ana", "Βώ"),
        recorded_by="Facilitator",
        updated_at=T0,
    ),
    PlanAction(
        "p2",
        position=2,
        title='Language "café"',
        status=ActionStatus.IN_PROGRESS,
        drafts=("b2",),
        proposed_by=("Βώ",),
        recorded_by="Facilitator",
        updated_at=T0,
    ),
]
COUNTS = {"draft:b2": 2, "draft:a1": 1}


@pytest.fixture
def plan_csv(file_session) -> bytes:
    return write_csv(plan_frame_from(file_session, PLAN, COUNTS), PLAN_COLUMNS, PLAN_NOT_TEXT)


def test_the_plan_csv_has_exact_bytes_with_words_most_votes_first_and_guarded_formulas(plan_csv):
    assert plan_csv == (
        b"\xef\xbb\xbf"
        b"session,round,plan_action_id,position,title,description,items,owner,partners,start,"
        b"due,resources,indicator,status,drafts,proposed_by,recorded_by,updated_at,votes\r\n"
        b'ABC123,1,p2,2,"Language ""caf\xc3\xa9""",,,,,,,,,In progress,b2,\xce\x92\xcf\x8e,'
        b"Facilitator,2026-03-01T10:30:00+00:00,2\r\n"
        b"ABC123,1,p1,1,'=One-stop desk,,mini/01,City,,,2027-06-01,,,Planned,a1;b1,"
        b"Ana;\xce\x92\xcf\x8e,Facilitator,2026-03-01T10:30:00+00:00,1\r\n"
    )


def test_the_plan_csv_reads_back_to_the_same_plan_and_a_wrong_status_is_named(
    plan_csv, mini_framework
):
    rows = parse_plan(read_table("plan.csv", plan_csv), {"ABC123": mini_framework})
    assert sorted((row.plan for row in rows), key=lambda plan: plan.id) == PLAN
    bad = plan_csv.replace(b"In progress", b"Almost")
    said = r'plan\.csv, row 2, column "status": "Almost" is none of “Idea”, “Planned”, “In pro'
    with pytest.raises(ImportProblem, match=said + r"gress”, “Done”\.$"):
        parse_plan(read_table("plan.csv", bad), {"ABC123": mini_framework})


def _planned_workshop(store: Store, framework: Framework) -> tuple[str, str]:
    """Ana and Bo drafted, voted, and two drafts were merged into one plan action."""
    info, key = store.create_session(framework, "Athens mentors Riga", "Athens", "Riga")
    ana, _ = store.join(info.code, "Ana", "Athens")
    bo, _ = store.join(info.code, "Bo", "Riga")
    store.save_action(info.code, ana.id, Action("a1", "Desk", items=("mini/01",)))
    store.save_action(info.code, bo.id, Action("b1", "Welcome desk"))
    facilitator = Recorder(key=key)
    edit = AgreedEdit("mini/02", {"kind": "level", "level": 0}, 0, datetime.now(UTC))
    store.save_agreed(info.code, facilitator, edit)
    store.set_votes_each(info.code, key, 4)
    store.vote(info.code, ana.id, "draft:b1")
    store.vote(info.code, bo.id, "gap:mini/02")
    store.vote(info.code, bo.id, "gap:mini/02")
    plan = store.take_into_plan(info.code, facilitator, [(ana.id, "a1"), (bo.id, "b1")]).record
    status = PlanEdit(plan.id, {"status": "in_progress"}, 1, datetime.now(UTC))
    store.save_plan(info.code, facilitator, status)
    return info.code, key


def test_export_and_the_files_tab_write_the_plan_csv(make_store, tmp_path, mini_framework):
    from inclusion_widgets.app.downloads import session_downloads
    from inclusion_widgets.exchange.export import export_session

    store = make_store()
    code, _ = _planned_workshop(store, mini_framework)
    paths = {path.name: path for path in export_session(store, code, tmp_path / "out")}
    data = paths[f"{code}-plan.csv"].read_bytes()
    assert b",Desk,,mini/01,,,,,,,In progress,a1;b1,Ana;Bo,Facilitator," in data
    [offered] = [d for d in session_downloads(store, code) if d.filename.endswith("-plan.csv")]
    assert (offered.label, offered.content) == ("Group plan (CSV)", data)


def test_a_bundle_restores_the_plan_the_votes_and_the_number_of_votes(
    make_store, tmp_path, mini_framework
):
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.exchange.merge import import_files

    first = make_store("first")
    code, _ = _planned_workshop(first, mini_framework)
    paths = export_session(first, code, tmp_path / "out")
    fresh = make_store("fresh")
    import_files(fresh, [paths[-1]], grant=Grant.operator())
    assert fresh.plan(code) == first.plan(code)
    assert fresh.plan(code)[0].proposed_by == ("Ana", "Bo")
    assert fresh.session(code).votes_each == 4
    names = {p.id: p.name for p in fresh.participants(code)}
    tally = fresh.tally(code)
    assert tally.counts == {"draft:b1": 1, "gap:mini/02": 2}
    assert {names[pid]: given for pid, given in tally.given.items()} == {
        "Ana": {"draft:b1": 1},
        "Bo": {"gap:mini/02": 2},
    }
    again = {p.name: p for p in export_session(fresh, code, tmp_path / "again")}
    assert (
        again[f"{code}-plan.csv"].read_bytes()
        == (tmp_path / "out" / f"{code}-plan.csv").read_bytes()
    )
    # Importing the same bundle again changes nothing.
    import_files(fresh, [paths[-1]], grant=Grant.operator())
    assert fresh.plan(code) == first.plan(code) and fresh.tally(code).counts == tally.counts
