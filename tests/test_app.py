"""The participant and facilitator apps driven from Python against a real SQLite store."""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, date, datetime

import pytest

from inclusion_widgets.app.autosave import SaveState
from inclusion_widgets.app.facilitator import FacilitatorApp
from inclusion_widgets.app.participant import ParticipantApp
from inclusion_widgets.app.query import PageQuery, personal_query
from inclusion_widgets.edits import ActionEdit
from inclusion_widgets.records import Answer, AnswerKind
from inclusion_widgets.store import Change, Store
from inclusion_widgets.widgets.dashboard import SECTIONS
from inclusion_widgets.widgets.join_form import OTHER_CITY, CodeForm, JoinForm
from tests.widget_page import Page, html_of, messages_sent


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'app.sqlite'}")


@pytest.fixture
def session(store, mini_framework):
    return store.create_session(mini_framework, "Workshop <b>one</b>", "Riga", "Larissa")


def opened(page: FacilitatorApp, section: str) -> str:
    """The markup of a dashboard section once its tab is opened, as a person opens it."""
    page.dashboard.tabs.selected_index = [name for name, _title in SECTIONS].index(section)
    return page.dashboard.sections[section].value


def join(app: ParticipantApp, name: str = "Ana", city: str = "Riga") -> None:
    form = app._body.children[0]
    assert isinstance(form, JoinForm)
    form.name.value, form.city.value = name, city
    if not form.role.value:
        form.role.value = "mentee"
    form.join.click()


def test_query_string_gives_session_and_resume_never_token():
    query = PageQuery.parse("?session=ab12cd&resume=xyz&token=server-login")
    assert (query.session, query.resume) == ("ab12cd", "xyz")
    assert personal_query("AB12CD", "t0k") == "?session=AB12CD&resume=t0k"


def test_without_a_code_the_page_asks_for_one(store):
    app = ParticipantApp(store, PageQuery())
    assert isinstance(app._body.children[0], CodeForm)


def test_an_unknown_code_is_a_sentence_not_a_traceback(store):
    app = ParticipantApp(store, PageQuery(session="NOPE42"))
    form = app._body.children[0]
    assert isinstance(form, CodeForm)
    assert "There is no session with the code" in form.message.value


def test_typing_a_code_leads_to_the_join_form(store, session):
    app = ParticipantApp(store, PageQuery())
    form = app._body.children[0]
    form.code.value = session[0].code.lower()
    form.go.click()
    assert isinstance(app._body.children[0], JoinForm)


def test_participants_choose_their_city_from_the_sessions_cities_or_type_another(store, session):
    code = session[0].code  # mentor city Riga, mentee city Larissa
    form = ParticipantApp(store, PageQuery(session=code))._body.children[0]
    assert [label for label, _ in form.city_choice.options] == [
        "Choose your city",
        "Riga",
        "Larissa",
        "Another city",
    ]
    assert form.city.layout.display == "none"  # typed only for another city
    form.city_choice.value = OTHER_CITY
    assert form.city.layout.display != "none"
    # A session's city typed with another spelling is that city, not a new one.
    form.name.value, form.city.value, form.role.value = "Ana", " rīga ", "mentor"
    form.join.click()
    other = ParticipantApp(store, PageQuery(session=code))._body.children[0]
    other.name.value, other.city_choice.value, other.role.value = "Nikos", "Larissa", "mentee"
    other.join.click()
    third = ParticipantApp(store, PageQuery(session=code))._body.children[0]
    third.name.value, third.city_choice.value, third.role.value = "Eva", OTHER_CITY, "partner"
    third.city.value = "Brussels"
    third.join.click()
    assert [person.city for person in store.participants(code)] == ["Riga", "Larissa", "Brussels"]


def test_a_participant_changes_their_city_from_the_session_bar(store, session):
    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app, name="Ana", city="Riga")
    bar = app.bar
    assert [label for label, _ in bar.city_choice.options] == ["Riga", "Larissa", "Another city"]
    assert bar.city_choice.value == "Riga"
    bar.city_choice.value = "Larissa"
    assert store.participants(code)[0].city == "Larissa"
    assert "Ana, Larissa" in html_of(bar)
    bar.city_choice.value = OTHER_CITY
    bar.city.value = "Brussels"
    assert store.participants(code)[0].city == "Brussels"
    history = store.history(code)
    assert [entry.change for entry in history].count(Change.CITY) == 2


def test_joining_needs_a_name_and_a_city(store, session):
    app = ParticipantApp(store, PageQuery(session=session[0].code))
    form = app._body.children[0]
    form.join.click()
    assert "name and your city" in form.message.value
    assert store.participants(session[0].code) == []


def test_a_join_the_store_refuses_is_said_in_the_pages_language(store, session):
    from html import escape

    from inclusion_widgets.i18n import translator
    from inclusion_widgets.store import StoreError

    code = session[0].code
    with pytest.raises(StoreError) as refused:
        store.join(code, "x" * 1000, "Riga")
    greek = translator("el").sentence(refused.value.template, refused.value.params)
    app = ParticipantApp(store, PageQuery(session=code, lang="el"))
    join(app, name="x" * 1000)
    assert escape(greek) in app._body.children[0].message.value
    assert str(refused.value) not in app._body.children[0].message.value
    assert store.participants(code) == []


def test_answers_are_saved_and_come_back_with_the_personal_link(store, session):
    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app)
    page = Page(app.checklist)
    page.choose("mini/01", 2)
    page.answer("mini/01", note="Forum meets <script>alert(1)</script>")
    page.choose("mini/02", "dont_know")
    page.answer("mini/03", priority=True)
    assert app.autosaver.status.state is SaveState.SAVING
    assert app.autosaver.flush()
    assert app.status.text.startswith("Saved ")
    saved = {row.answer.item_id: row.answer for row in store.answers(code)}
    assert saved["mini/01"] == Answer(
        "mini/01", AnswerKind.LEVEL, 2, note="Forum meets <script>alert(1)</script>"
    )
    assert saved["mini/02"].kind is AnswerKind.DONT_KNOW
    assert saved["mini/03"].priority
    token = app.bar.link.split("resume=")[1]
    again = ParticipantApp(store, PageQuery(session=code, resume=token))
    assert again.participant == app.participant
    assert again.checklist.answer("mini/01").note == "Forum meets <script>alert(1)</script>"
    assert again.checklist.answer("mini/02").kind is AnswerKind.DONT_KNOW
    assert "<script>alert" not in html_of(again)


def test_actions_are_saved_and_deleted(store, session):
    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app)
    action = app.action_plan.add_action("Name a coordinator", items=["mini/02"])
    app.autosaver.flush()
    assert [row.action.title for row in store.actions(code)] == ["Name a coordinator"]
    app.action_plan.remove(action.id)
    app.autosaver.flush()
    assert store.actions(code) == []


def test_a_wrong_resume_token_offers_to_join_again(store, session):
    app = ParticipantApp(store, PageQuery(session=session[0].code, resume="forged"))
    form = app._body.children[0]
    assert isinstance(form, JoinForm)
    assert "does not match anyone" in form.message.value


def test_a_locked_session_shows_answers_read_only(store, session):
    code, key = session
    app = ParticipantApp(store, PageQuery(session=code.code))
    join(app)
    store.set_locked(code.code, key, True)
    token = app.bar.link.split("resume=")[1]
    again = ParticipantApp(store, PageQuery(session=code.code, resume=token))
    assert again.checklist.read_only


def test_the_facilitator_page_refuses_without_the_key(store, session):
    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app, name="Secret Name")
    for query in (PageQuery(session=code), PageQuery(session=code, key="WRONG-KEY")):
        page = FacilitatorApp(store, query)
        assert page.dashboard is None
        assert "Secret Name" not in html_of(page)


def test_the_facilitator_sees_answers_and_controls_the_session(store, session):
    info, key = session
    for name, role, level in (("Ana", "mentor", 0), ("Bo", "mentee", 3)):
        app = ParticipantApp(store, PageQuery(session=info.code))
        form = app._body.children[0]
        form.role.value = role
        join(app, name=name)
        Page(app.checklist).choose("mini/01", level)
        Page(app.checklist).answer("mini/01", note=f"{name} says <img src=x onerror=alert(1)>")
        app.autosaver.flush()
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    shown = html_of(page.dashboard)
    assert "Ana" in shown and "Bo" in shown
    disputed = opened(page, "disputed")
    assert "mini/01" in disputed
    assert "&lt;img src=x onerror=alert(1)&gt;" in disputed
    assert "<img src=x" not in shown
    comparison = opened(page, "comparison")
    assert "+3.0" in comparison  # mentee 3 minus mentor 0
    page.lock.value = True
    assert store.session(info.code).locked
    page.reveal.value = True
    assert store.session(info.code).results_visible


def test_removing_a_participant_keeps_their_history(store, session):
    info, key = session
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    Page(app.checklist).choose("mini/01", 1)
    app.autosaver.flush()
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    people = page.people
    assert people.remove_who.label == "Choose a participant"
    people.remove_button.click()
    assert "Choose the participant" in people.message.value
    people.remove_who.value = app.participant.id
    people.remove_button.click()
    assert "Remove Ana?" in people.question.value
    people.cancel.click()
    assert store.participants(info.code)
    people.remove_button.click()
    people.yes.click()
    assert store.participants(info.code) == []
    assert "Removed" in people.message.value
    assert store.history(info.code, participant_id=app.participant.id)


def test_the_facilitators_switches_reach_an_open_participant_page(store, session):
    info, key = session
    other = ParticipantApp(store, PageQuery(session=info.code))
    join(other, name="Bo")
    Page(other.checklist).choose("mini/01", 3)
    other.autosaver.flush()
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    Page(app.checklist).choose("mini/01", 1)
    app.autosaver.flush()

    store.set_locked(info.code, key, True)
    app.refresh()
    assert app.checklist.read_only and app.action_plan.read_only
    assert "locked the answers" in app._banner.value

    store.set_results_visible(info.code, key, True)
    app.refresh()
    assert app.group_view in app.tabs.children
    assert app.group_view.mine == {"mini/01": "1"}  # only what Ana answered is shown
    assert app.group_view.counts == {"mini/01": {"1": 1, "3": 1}}

    store.set_locked(info.code, key, False)
    store.set_results_visible(info.code, key, False)
    app.refresh()
    assert not app.checklist.read_only
    assert app.group_view not in app.tabs.children


def test_a_personal_server_lists_its_sessions_on_the_code_page(store, session, monkeypatch):
    monkeypatch.setenv("INCLUSION_SHOW_SESSIONS", "1")
    app = ParticipantApp(store, PageQuery())
    form = app._body.children[0]
    picks = [child for child in form.children if "ic-pick-session" in child._dom_classes]
    assert [pick.description for pick in picks] == [f"{session[0].code}: Workshop <b>one</b>"]
    picks[0].click()
    assert isinstance(app._body.children[0], JoinForm)


def test_a_shared_server_never_lists_its_sessions(store, session, monkeypatch):
    monkeypatch.delenv("INCLUSION_SHOW_SESSIONS", raising=False)
    form = ParticipantApp(store, PageQuery())._body.children[0]
    assert not [child for child in form.children if "ic-pick-session" in child._dom_classes]


def test_a_follow_up_round_shows_who_moved_since_the_baseline(store, session):
    info, key = session
    followup, followup_key = store.create_followup(info.code, key, "Six months later")
    for code, level in ((info.code, 1), (followup.code, 3)):
        app = ParticipantApp(store, PageQuery(session=code))
        join(app, name="Ana", city="Riga")
        Page(app.checklist).choose("mini/01", level)
        app.autosaver.flush()
    page = FacilitatorApp(store, PageQuery(session=followup.code, key=followup_key))
    rounds = opened(page, "rounds")
    assert "Who moved" in rounds
    assert "Ana, Riga" in rounds
    assert rounds.count("+2.0") == 2  # the item's mean and Ana's own move
    first = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    assert "first round" in opened(first, "rounds")


def test_a_follow_up_page_shows_what_changes_in_the_baseline_round_at_the_next_look(store, session):
    from inclusion_widgets.edits import AgreedEdit
    from inclusion_widgets.store.models import Recorder

    info, key = session
    followup, followup_key = store.create_followup(info.code, key, "Six months later")
    page = FacilitatorApp(store, PageQuery(session=followup.code, key=followup_key))
    assert "Recorded late in the baseline" not in opened(page, "rounds")
    # Only the baseline round changes: the follow-up's own session stays as it was.
    agreed = {"kind": "level", "level": 1, "reasoning": "Recorded late in the baseline"}
    store.save_agreed(
        info.code, Recorder(key=key), AgreedEdit("mini/01", agreed, 0, datetime.now(UTC))
    )
    page.refresh()
    assert "Recorded late in the baseline" in opened(page, "rounds")


def test_the_personal_link_brings_back_the_action_plan(store, session):
    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app)
    app.action_plan.add_action("Name a coordinator", items=["mini/02"])
    app.autosaver.flush()
    token = app.bar.link.split("resume=")[1]
    again = ParticipantApp(store, PageQuery(session=code, resume=token))
    assert [(a.title, a.items) for a in again.action_plan.actions] == [
        ("Name a coordinator", ("mini/02",))
    ]


def test_a_refresh_keeps_the_facilitators_choices(store, session):
    info, key = session
    for name, city in (("Ana", "Riga"), ("Bo", "Larissa"), ("Cy", "Jelgava")):
        app = ParticipantApp(store, PageQuery(session=info.code))
        join(app, name=name, city=city)
        Page(app.checklist).choose("mini/01", 1)
        app.autosaver.flush()
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    page.dashboard.tabs.selected_index = 3
    page.dashboard.compare_by.value = "city"
    page.dashboard.side_a.value, page.dashboard.side_b.value = "Riga", "Jelgava"
    late = ParticipantApp(store, PageQuery(session=info.code))
    join(late, name="Di", city="Capaci")
    Page(late.checklist).choose("mini/01", 2)
    late.autosaver.flush()
    page.refresh()
    assert page.dashboard.tabs.selected_index == 3
    assert (page.dashboard.side_a.value, page.dashboard.side_b.value) == ("Riga", "Jelgava")
    assert "Di" in opened(page, "progress")


def test_a_download_the_store_refuses_is_said_in_the_participants_language(store, session):
    from inclusion_widgets.app.downloads import participant_downloads
    from inclusion_widgets.i18n import translator
    from inclusion_widgets.store import StoreError

    ana, _token = store.join(session[0].code, "Ana", "Riga")
    with pytest.raises(StoreError) as refused:
        store.session("GONE-42")
    with pytest.raises(ValueError) as said:
        participant_downloads(store, "GONE-42", ana.id, "lv")
    assert str(said.value) == translator("lv").sentence(
        refused.value.template, refused.value.params
    )
    assert str(said.value) != str(refused.value)


def test_answers_csvs_merge_into_a_session_only_with_its_key(store, session, tmp_path):
    from inclusion_widgets.app.downloads import merge_uploads, participant_downloads
    from inclusion_widgets.widgets.files import Upload

    info, _key = session
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    Page(app.checklist).choose("mini/01", 2)
    app.autosaver.flush()
    answers = participant_downloads(store, info.code, app.participant.id)[0]
    elsewhere = Store(f"sqlite:///{tmp_path / 'facilitator.sqlite'}")
    with elsewhere.transaction() as tx:  # held before the page's answers were stamped
        restored, restored_key = tx.create_session(
            store.framework(info.code), "Merged", created_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
    upload = Upload(
        answers.filename, answers.content.replace(info.code.encode(), restored.code.encode())
    )
    with pytest.raises(ValueError, match="facilitator key does not match"):
        merge_uploads(elsewhere, restored.code, "WRONG-KEY", [upload])
    assert elsewhere.answers(restored.code) == []
    summary = merge_uploads(elsewhere, restored.code, restored_key, [upload])
    assert summary.startswith("Added 1, updated 0")
    assert [row.answer.level for row in elsewhere.answers(restored.code)] == [2]


def two_tabs(store, code: str) -> tuple[ParticipantApp, ParticipantApp]:
    first = ParticipantApp(store, PageQuery(session=code))
    join(first)
    token = first.bar.link.split("resume=")[1]
    return first, ParticipantApp(store, PageQuery(session=code, resume=token))


def test_a_stale_tab_changes_the_level_and_the_other_tabs_note_survives(store, session):
    code = session[0].code
    first, stale = two_tabs(store, code)
    Page(first.checklist).answer("mini/01", note="Written in the first tab")
    first.autosaver.flush()
    Page(stale.checklist).answer("mini/01", when="2026-03-01T10:05:00.000Z", kind="level", level=3)
    stale.autosaver.flush()
    (saved,) = [row.answer for row in store.answers(code)]
    assert (saved.level, saved.note) == (3, "Written in the first tab")
    stale.refresh()  # the poll: the other tab's note shows here too
    first.refresh()
    assert stale.checklist.answer("mini/01").note == "Written in the first tab"
    assert first.checklist.answer("mini/01").level == 3


def test_a_tab_whose_note_was_older_shows_the_newer_one_and_keeps_its_own_at_hand(store, session):
    code = session[0].code
    first, late = two_tabs(store, code)
    page = Page(late.checklist)
    page.answer("mini/01", when="2026-03-01T10:00:00.000Z", note="Older, from the late tab")
    Page(first.checklist).answer("mini/01", when="2026-03-01T10:05:00.000Z", note="Newer")
    first.autosaver.flush()
    late.autosaver.flush()  # reaches the store after the newer note
    assert [row.answer.note for row in store.answers(code)] == ["Newer"]
    assert late.checklist.answer("mini/01").note == "Newer"
    assert page.shown("answer_state")["mini/01"]["note"] == "Newer"
    (conflict,) = late.checklist.conflicts["answer:mini/01"]
    assert (conflict["kept"], conflict["mine"]) == ("other", "Older, from the late tab")


def test_a_card_removed_in_another_tab_goes_from_this_one(store, session):
    code = session[0].code
    first, other = two_tabs(store, code)
    action = first.action_plan.add_action("Name a coordinator", items=["mini/02"])
    first.autosaver.flush()
    other.refresh()
    assert [a.title for a in other.action_plan.actions] == ["Name a coordinator"]
    other.action_plan.add_action("Drafted here, not saved yet")
    first.action_plan.remove(action.id)
    first.autosaver.flush()
    page = Page(other.action_plan)
    other.refresh()  # the poll
    assert [a.title for a in other.action_plan.actions] == ["Drafted here, not saved yet"]
    assert action.id not in page.shown("action_state")


def test_my_answers_lists_earlier_notes_and_brings_one_back(store, session):
    from inclusion_widgets.widgets.note_history import NoteHistory

    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app)
    page = Page(app.checklist)
    page.answer("mini/01", note="The first words")
    app.autosaver.flush()
    page.answer("mini/01", base=1, note="Second thoughts")
    app.autosaver.flush()
    app.tabs.selected_index = 2  # My answers, built when first opened
    (history,) = [
        child for child in app.tabs.children[2].children if isinstance(child, NoteHistory)
    ]
    history.show_button.click()
    assert "The first words" in html_of(history) and "Second thoughts" not in html_of(history)
    rows = history._list.children
    (bring,) = [
        c for row in rows for c in getattr(row, "children", ()) if c.description == "Bring back"
    ]
    bring.click()
    assert [row.answer.note for row in store.answers(code)] == ["The first words"]
    assert app.checklist.answer("mini/01").note == "The first words"
    assert "is current again" in html_of(history)
    assert "Second thoughts" in html_of(history)


def test_text_in_flight_at_the_lock_is_saved_and_the_facilitator_is_told(store, session):
    info, key = session
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app)
    Page(app.checklist).answer("mini/01", note="Typed just before the lock")
    facilitator = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    facilitator.lock.value = True
    assert "still arriving" in facilitator.lock_note.value
    app.refresh()  # the page learns of the lock with the note still pending
    assert app.checklist.answer("mini/01").note == "Typed just before the lock"
    app.autosaver.flush()
    assert [row.answer.note for row in store.answers(info.code)] == ["Typed just before the lock"]
    facilitator.refresh()
    assert "1 person still had text in flight" in facilitator.lock_note.value
    assert "it was saved" in facilitator.lock_note.value


def _forged_upload(store, code, metadata_code):
    """A bundle naming ``metadata_code`` in its metadata while its rows name ``code``,
    with every answer's note replaced and stamped far in the future."""
    from dataclasses import replace

    from inclusion_widgets.exchange.bundle import write_bundle
    from inclusion_widgets.exchange.csv_format import format_timestamp
    from inclusion_widgets.exchange.export import session_bundle
    from inclusion_widgets.widgets.files import Upload

    bundle = session_bundle(store, code)
    metadata = replace(
        bundle.metadata,
        sessions=tuple(replace(s, code=metadata_code) for s in bundle.metadata.sessions),
        frameworks={metadata_code: next(iter(bundle.metadata.frameworks.values()))},
        participants=tuple(replace(p, session=metadata_code) for p in bundle.metadata.participants),
    )
    stamp = format_timestamp(store.answers(code)[0].answer.updated_at).encode()
    answers = bundle.answers.replace(b",mine,", b",forged,").replace(stamp, b"2099-01-01T00:00:00Z")
    return Upload("forged.zip", write_bundle(replace(bundle, metadata=metadata, answers=answers)))


@pytest.mark.parametrize("metadata_code", ["NEW234", "lower"])
def test_the_restore_form_without_a_key_changes_no_session_already_here(
    store, session, metadata_code
):
    from inclusion_widgets.app.downloads import restore_uploads

    info, key = session
    ana, _ = store.join(info.code, "Ana", "Riga")
    store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, 1, note="mine"))
    store.set_locked(info.code, key, True)
    code = info.code.lower() if metadata_code == "lower" else metadata_code
    with pytest.raises(ValueError, match="already on this server"):
        restore_uploads(store, [_forged_upload(store, info.code, code)])
    assert [row.answer.note for row in store.answers(info.code)] == ["mine"]
    assert len(store.sessions()) == 1


def test_an_upload_on_one_sessions_page_changes_no_other_session(store, session, mini_framework):
    from inclusion_widgets.app.downloads import merge_uploads

    info, _key = session
    ana, _ = store.join(info.code, "Ana", "Riga")
    store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, 1, note="mine"))
    other, other_key = store.create_session(mini_framework, "Other")
    with pytest.raises(ValueError, match="is not this page's session"):
        merge_uploads(store, other.code, other_key, [_forged_upload(store, info.code, info.code)])
    assert [row.answer.note for row in store.answers(info.code)] == ["mine"]


def test_what_an_upload_did_is_said_in_the_facilitators_language(store, session, tmp_path):
    from inclusion_widgets.app.downloads import merge_uploads, restore_uploads, session_downloads
    from inclusion_widgets.widgets.files import Upload

    info, key = session
    ana, _ = store.join(info.code, "Ana", "Riga")
    store.save_answer(info.code, ana.id, Answer("mini/01", AnswerKind.LEVEL, 1, note="mine"))
    bundle = session_downloads(store, info.code)[0]
    upload = Upload(bundle.filename, bundle.content)
    elsewhere = Store(f"sqlite:///{tmp_path / 'new-server.sqlite'}")

    with pytest.raises(ValueError, match=r"seule une archive \(\.zip\) peut restaurer"):
        restore_uploads(elsewhere, [Upload("answers.csv", b"")], language="fr")
    said = restore_uploads(elsewhere, [upload], language="fr")
    assert said.startswith("Ajoutés : 1, mis à jour : 0")
    assert f"La session {info.code} a été restaurée avec la nouvelle clé d'animation" in said

    store.set_locked(info.code, key, True)
    said = merge_uploads(store, info.code, key, [upload], language="el")
    assert f"Η συνεδρία {info.code} είναι κλειδωμένη" in said


def test_a_broken_upload_is_refused_in_the_facilitators_language(store, session):
    from inclusion_widgets.app.downloads import merge_uploads
    from inclusion_widgets.widgets.files import Upload

    info, key = session
    broken = Upload("answers.csv", b"session;participant\nABC;Ana;extra\n")
    with pytest.raises(ValueError) as refused:
        merge_uploads(store, info.code, key, [broken], language="de")
    assert str(refused.value).splitlines() == [
        "answers.csv, Zeile 2: die Zeile hat 3 Zellen, die Kopfzeile nur 2.",
    ]
    assert store.answers(info.code) == []


# --- Where the app runs: the invite link, time left on a Binder ---

from inclusion_widgets.app.hosting import Hosting, Kind  # noqa: E402

PAGE = "https://hub.example.org/user/ana/voila/render/workbooks/facilitator.ipynb"


def test_a_binder_invite_carries_the_server_token_and_counts_down_six_hours(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    import json
    import os

    (runtime / f"jpserver-{os.getppid()}.json").write_text(json.dumps({"token": "t0k"}))
    hosting = Hosting.detect({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, runtime)
    assert hosting.kind is Kind.BINDER and hosting.link_carries_token
    assert hosting.invite_link(PAGE, "K7QM2P") == (
        "https://hub.example.org/user/ana/voila/render/workbooks/participant.ipynb"
        "?session=K7QM2P&token=t0k"
    )
    assert hosting.started is not None
    assert hosting.seconds_left(hosting.started + 3600) == 5 * 3600


def test_a_jupyterhub_invite_sends_each_participant_to_their_own_server(tmp_path):
    env = {
        "JUPYTERHUB_SERVICE_PREFIX": "/user/ana/",
        "JUPYTERHUB_BASE_URL": "/",
        "JUPYTERHUB_API_TOKEN": "secret-of-ana",
    }
    hosting = Hosting.detect(env, tmp_path)
    assert hosting.kind is Kind.JUPYTERHUB and not hosting.link_carries_token
    link = hosting.invite_link(PAGE, "K7QM2P")
    assert link == (
        "https://hub.example.org/hub/user-redirect/voila/render/workbooks/participant.ipynb"
        "?session=K7QM2P"
    )
    assert "secret" not in link
    assert hosting.seconds_left() is None


def test_standalone_voila_invites_with_the_plain_participant_link(tmp_path):
    hosting = Hosting.detect({}, tmp_path)
    assert hosting.kind is Kind.VOILA
    assert hosting.invite_link("http://10.0.0.5:8866/voila/render/facilitator.ipynb", "AB12CD") == (
        "http://10.0.0.5:8866/voila/render/participant.ipynb?session=AB12CD"
    )


def test_an_action_added_and_removed_before_it_was_saved_blocks_nothing(store, session):
    code = session[0].code
    app = ParticipantApp(store, PageQuery(session=code))
    join(app)
    Page(app.action_plan).action("a1", title="Gone at once")
    Page(app.action_plan).delete("a1")
    Page(app.checklist).answer("mini/02", note="Saved after the removed action")
    assert app.autosaver.flush()
    assert [row.answer.note for row in store.answers(code)] == ["Saved after the removed action"]
    assert store.actions(code) == []
    assert "retrying" not in app.status.text


def test_wrong_session_codes_leave_no_widgets_behind_and_slow_down(store, caplog):
    from ipywidgets.widgets.widget import _instances

    app = ParticipantApp(store, PageQuery())

    def try_code(code: str) -> None:
        form = app._body.children[0]
        assert isinstance(form, CodeForm)
        form.code.value = code
        form.go.click()

    try_code("AAA-AAA-AAA")
    before = len(_instances)
    for _ in range(6):
        try_code("AAA-AAA-AAA")
    assert len(_instances) == before
    assert "Too many wrong tries: please wait" in html_of(app)
    assert "wrong session code typed 3 times on one page" in caplog.text


def test_wrong_facilitator_keys_typed_on_one_page_slow_down(store, session):
    info, key = session
    page = FacilitatorApp(store, PageQuery(session=info.code))
    form = page._body.children[0]
    field = next(child for child in form.children if child.description == "Facilitator key")
    button = next(child for child in form.children if child.description == "Open the dashboard")
    for _ in range(3):
        field.value = "WRONG"
        button.click()
        assert "The facilitator key does not match this session code." in html_of(page)
    field.value = key
    button.click()
    assert page.dashboard is None
    assert "Too many wrong tries: please wait" in html_of(page)


@pytest.mark.server  # a kernel-like process, 120 s timeout
def test_a_participants_downloads_leave_pandas_out_of_their_kernel(store, tmp_path):
    """On a 2 GB Binder every participant downloads their answers: pandas (about 35 MB)
    in each of their kernels would leave room for fifteen people instead of twenty."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from inclusion_widgets.frameworks import load_framework

    info, _key = store.create_session(load_framework("oecd-12"), "Binder", "Riga", "Larissa")
    person, _token = store.join(info.code, "Ana Bērziņa", "Riga", "City", "mentor")
    store.save_answer(info.code, person.id, Answer("oecd-12/01", AnswerKind.LEVEL, 3, note="=1+1"))
    script = (
        "import sys\n"
        "from inclusion_widgets.app.downloads import participant_downloads\n"
        "from inclusion_widgets.store import Change, Store\n"
        f"files = participant_downloads(Store({store.url!r}), {info.code!r}, {person.id})\n"
        "print([f.filename for f in files])\n"
        "print(files[0].content.decode('utf-8-sig').count('Ana Bērziņa'))\n"
        "print('pandas' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=120,
    )
    names, count, pandas_loaded = done.stdout.splitlines()
    assert (
        names == f"['{info.code}-Ana-Bērziņa-answers.csv', '{info.code}-Ana-Bērziņa-actions.csv']"
    )
    assert int(count) >= 1
    assert pandas_loaded == "False"


# -- each person's language ----------------------------------------------------------


def test_the_personal_link_keeps_the_language_and_the_address_can_ask_for_one():
    assert personal_query("AB12CD", "t0k", "lv") == "?session=AB12CD&lang=lv&resume=t0k"
    assert PageQuery.parse("?session=X&lang=el-GR").lang == "el"
    assert PageQuery.parse("?session=X&lang=klingon").lang == ""


def test_a_participant_switches_language_at_any_time_and_keeps_what_they_typed(
    store, mini_framework
):
    info, _key = store.create_session(mini_framework, "Larissa mentors Jelgava", language="el")
    app = ParticipantApp(store, PageQuery(session=info.code))
    form = app._body.children[0]
    assert form.join.description == "Συμμετοχή στη συνεδρία"  # the session's language
    form.name.value, form.city.value = "Jānis", "Jelgava"
    form.language.value = "lv"
    form = app._body.children[0]
    assert form.join.description == "Pievienoties sesijai"
    assert (form.name.value, form.city.value) == ("Jānis", "Jelgava")
    join(app, "Jānis", "Jelgava")
    assert app.participant.language == "lv"
    assert app.tabs.titles[:2] == ("Pašnovērtējums", "Rīcības plāns")
    assert app.checklist.labels["note"] == "Piezīme"
    assert {"gaps.zero", "gaps.one", "gaps.other"} <= set(app.action_plan.labels)
    item = app.checklist.spec["groups"][0]["items"][0]
    assert "nav tulkots: English" in item["source"]  # the mini framework has no translation
    page = Page(app.checklist)
    page.choose("mini/01", 2)
    page.answer("mini/01", note="Mūsu piezīme, rakstīta latviski")
    app.bar.language.value = "fr"  # before the autosave ran
    assert app.tabs.titles[:2] == ("Auto-évaluation", "Plan d'action")
    assert app.checklist.answer("mini/01").note == "Mūsu piezīme, rakstīta latviski"
    [saved] = store.answers(info.code)
    assert (saved.answer.level, saved.answer.note) == (2, "Mūsu piezīme, rakstīta latviski")
    assert app.status.text.startswith("Enregistré à ")
    assert "lang=fr" in app.bar.link
    token = app.bar.link.split("resume=")[1]
    again = ParticipantApp(store, PageQuery(session=info.code, resume=token))
    assert again.tabs.titles[0] == "Auto-évaluation"  # the choice kept with the participant
    greek = ParticipantApp(store, PageQuery(session=info.code, resume=token, lang="el"))
    assert greek.tabs.titles[0] == "Αυτοαξιολόγηση"  # ?lang= in the address wins
    assert greek.checklist.answer("mini/01").note == "Mūsu piezīme, rakstīta latviski"


def test_a_dashboard_that_cannot_reach_the_store_says_so_until_it_can(store, session, tmp_path):
    info, key = session
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    page.refresh()
    assert "Live" in page.status.value
    # The store file goes away under the open dashboard (a disk unmounted, a file moved).
    database = tmp_path / "app.sqlite"
    moved = tmp_path / "moved.sqlite"
    store.close()
    database.rename(moved)
    page.refresh()
    assert "Live" not in page.status.value
    assert "Not up to date" in page.status.value
    assert "cannot be reached" in page.status.value
    store.close()
    moved.replace(database)
    page.refresh()
    assert "Not up to date" not in page.status.value
    assert "Live" in page.status.value


def test_the_start_page_speaks_its_language_and_sets_the_sessions(store):
    from inclusion_widgets.app.start import StartApp
    from inclusion_widgets.config import Settings
    from inclusion_widgets.frameworks import load_framework

    page = StartApp(store, PageQuery(lang="el"), Settings.from_env())
    assert page.form.create.description == "Δημιουργία συνεδρίας"
    greek = load_framework("oecd-12", lang="el").title
    assert any(label.startswith(greek) for label, _id in page.form.framework.options)
    assert page.form.language.value == "el"  # the session's language starts as the page's
    page.form.title.value = "Λάρισα και Γελγκάβα"
    page.form.page_language.value = "lv"
    assert page.form.create.description == "Izveidot sesiju"
    assert (page.form.title.value, page.form.language.value) == ("Λάρισα και Γελγκάβα", "lv")
    page.form.language.value = "el"
    page.form.create.click()
    [info] = store.sessions()
    assert (info.title, info.language) == ("Λάρισα και Γελγκάβα", "el")
    created = page.created.children[0].value
    assert "Sesija izveidota" in created and "lang=lv" in created


def test_the_start_page_names_a_broken_framework_file_in_its_language(store, tmp_path, monkeypatch):
    from inclusion_widgets.app.start import StartApp
    from inclusion_widgets.config import Settings

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(folder))
    page = StartApp(store, PageQuery(lang="de"), Settings.from_env())
    assert "broken.yaml, Zeile" in html_of(page.form)
    assert "oecd-12" in [value for _label, value in page.form.framework.options]
    page.form.page_language.value = "fr"
    assert "broken.yaml, ligne" in html_of(page.form)


def test_the_facilitator_page_has_its_own_language_and_the_report_one_chosen(store, session):
    info, key = session
    participant = ParticipantApp(store, PageQuery(session=info.code, lang="el"))
    join(participant, "Ελένη", "Λάρισα")
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key, lang="fr"))
    assert page.lock.description == "Verrouiller les réponses"
    assert page.dashboard.tabs.titles[0] == "Qui a rejoint"
    progress = page.dashboard.sections["progress"].value
    assert '<th scope="col">Langue</th>' in progress and "Ελληνικά" in progress
    assert "Session <strong" in page.header.value and "tour 1" in page.header.value
    page.page_address.value = "http://server/voila/render/facilitator.ipynb"
    invite = html_of(page.invite)
    assert "Inviter des participants" in invite and "Copier le lien" in invite
    page.invite.show_server(2 * 3600 + 5 * 60, 900 * 2**20, 1024 * 2**20)
    server = html_of(page.invite)
    assert "Ce Binder a encore <strong>2 h 05 min</strong>" in server
    assert "Mémoire utilisée : 900 Mo sur 1" in server and "024 Mo (88" in server
    people = html_of(page.people)
    assert "Fusionner deux participants" in people and "Retirer un participant" in people
    assert page.people.remove_button.description == "Retirer…"
    page.people.remove_button.click()
    assert "Choisissez le participant à retirer." in page.people.message.value
    assert page.report_language.value == "fr"
    page.report_language.value = "lv"
    page.files.prepare()
    links = page.files.links.value
    assert "Rapport (HTML, s&#x27;imprime bien)" in links  # the page speaks French
    report = re.search(r'download="[^"]*-report.html" href="data:text/html;base64,([^"]+)"', links)
    assert 'lang="lv"' in base64.b64decode(report.group(1)).decode("utf-8")  # the report Latvian
    page.choose_language("el")
    assert page.lock.description == "Κλείδωμα απαντήσεων"
    assert page.dashboard.tabs.titles[0] != "Qui a rejoint"
    assert participant.tabs.titles[0] == "Αυτοαξιολόγηση"  # each page keeps its own


def test_joining_again_with_the_same_details_brings_answers_back_only_with_the_old_link(
    store, session
):
    code = session[0].code
    first = ParticipantApp(store, PageQuery(session=code))
    join(first, name="Ana", city="Riga")
    Page(first.checklist).answer("mini/01", note="My first note")
    first.autosaver.flush()
    old_link = "http://server/voila/render/participant.ipynb" + first.bar.link

    # The same person, having lost the link, types the same details on a new page.
    again = ParticipantApp(store, PageQuery(session=code))
    join(again, name=" ana ", city="RIGA")
    form = again._body.children[0]
    assert isinstance(form, JoinForm)
    assert "already joined" in html_of(form)
    assert len(store.participants(code)) == 1  # nobody new yet
    assert "My first note" not in html_of(again)  # typing a name brings nothing back

    form.link.value = old_link.replace("resume=", "resume=x")
    form.bring_back.click()
    assert "does not match anyone" in form.message.value
    form.link.value = old_link
    form.bring_back.click()
    assert again.participant == first.participant
    assert again.checklist.answer("mini/01").note == "My first note"
    assert len(store.participants(code)) == 1


def test_joining_again_without_the_old_link_makes_a_new_participant(store, session):
    code = session[0].code
    first = ParticipantApp(store, PageQuery(session=code))
    join(first, name="Ana", city="Riga")
    again = ParticipantApp(store, PageQuery(session=code))
    join(again, name="Ana", city="Riga")
    again._body.children[0].join_new.click()
    assert again.participant is not None and again.participant != first.participant
    assert len(store.participants(code)) == 2


def test_the_facilitator_merges_someone_who_joined_twice_after_confirming(store, session):
    info, key = session
    first = ParticipantApp(store, PageQuery(session=info.code))
    join(first, name="Ana", city="Riga")
    Page(first.checklist).answer("mini/01", note="Before losing my link")
    first.autosaver.flush()
    again = ParticipantApp(store, PageQuery(session=info.code))
    join(again, name="Ana", city="Riga")
    again._body.children[0].join_new.click()
    join(ParticipantApp(store, PageQuery(session=info.code)), name="Bo", city="Riga")
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    people = page.people
    pointed_out = html_of(people.duplicates)
    assert "Probably the same person: Ana, Riga" in pointed_out and "Bo" not in pointed_out
    suggestion = people.duplicates.children[0].children[1]
    assert suggestion.description == "Merge Ana into Ana (2)…"
    suggestion.click()
    assert "Merge Ana into Ana (2)?" in people.question.value
    assert len(store.participants(info.code)) == 3  # nothing before the confirmation
    people.yes.click()
    assert "Merged: 1 answer or action added" in people.message.value
    assert [p.id for p in store.participants(info.code) if p.name == "Ana"] == [
        again.participant.id
    ]
    assert people.duplicates.children == ()
    again.refresh()  # the page of the one kept shows the answers brought in
    assert again.checklist.answer("mini/01").note == "Before losing my link"


def test_the_key_fields_example_uses_only_characters_that_keys_have(store, session):
    from ipywidgets import Password

    from inclusion_widgets.store.tokens import READABLE

    page = FacilitatorApp(store, PageQuery(session=session[0].code))
    fields = [child for child in page._body.children[0].children if isinstance(child, Password)]
    example = fields[0].placeholder.removeprefix("e.g. ")
    assert set(example.replace("-", "")) <= set(READABLE), example


def test_a_change_the_store_refuses_is_shown_at_its_field_in_the_page_language(store, session):
    app = ParticipantApp(store, PageQuery(session=session[0].code, lang="fr"))
    join(app)
    fields = {"title": "Forum", "start": date(2026, 9, 1), "due": date(2026, 3, 1)}
    app.autosaver.add(ActionEdit("a1", fields, 0, datetime.now(UTC)))
    app.autosaver.flush()
    shown = app.action_plan.problems["action:a1"]["due"]
    assert shown.startswith("L'échéance (1 mars 2026) précède la date de début (1 sept. 2026)")
    assert "1 mars 2026" in app.autosaver.status.problem


def test_the_dashboard_recomputes_only_when_the_session_changed(store, session):
    info, key = session
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    changes: list[int] = []
    page.watch.on_change(changes.append)
    page.refresh()
    page.refresh()
    assert changes == []
    assert "Live" in page.status.value
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    Page(app.checklist).choose("mini/01", 2)
    app.autosaver.flush()
    page.refresh()
    assert len(changes) == 1
    assert "Ana" in page.dashboard.sections["progress"].value
    page.refresh()
    assert len(changes) == 1


def test_an_idle_dashboard_sends_nothing_to_the_page(store, session):
    info, key = session
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    page.refresh()
    live = page.status.value
    sent = messages_sent(page)
    time.sleep(1.1)  # the clock moves on: a status that showed the time would change
    for _tick in range(4):
        page.refresh()
    assert sent == []
    assert "Live" in live and page.status.value == live
    # A change is shown, with the time the dashboard last changed.
    store.join(info.code, "Ana", "Riga")
    page.refresh()
    assert sent and "Live" in page.status.value and page.status.value != live


def test_a_tab_shows_what_changed_while_it_was_hidden(store, session):
    info, key = session
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    Page(app.checklist).choose("mini/01", 2)
    app.autosaver.flush()
    page.refresh()
    standing = opened(page, "standing")
    assert "No answers yet" not in standing and "<svg" in standing


def test_a_participant_page_reads_the_session_again_only_when_it_changed(store, session):
    info, key = session
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    changes: list[int] = []
    app.watch.on_change(changes.append)
    app.refresh()
    app.refresh()
    assert changes == []
    store.set_results_visible(info.code, key, True)
    app.refresh()
    assert len(changes) == 1
    assert "Group view" in [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    app.refresh()
    assert len(changes) == 1


def test_a_participant_votes_from_the_page_and_the_note_taker_builds_the_plan(store, session):
    from inclusion_widgets.edits import AgreedEdit
    from inclusion_widgets.records import Action
    from inclusion_widgets.store.models import Recorder

    info, key = session
    store.save_agreed(
        info.code,
        Recorder(key=key),
        AgreedEdit("mini/01", {"kind": "level", "level": 0}, 0, datetime.now(UTC)),
    )
    app = ParticipantApp(store, PageQuery(session=info.code))
    join(app, name="Ana")
    # The votes are read when the tab is opened (and then while it is open).
    assert app.votes.targets == []
    titles = [app.tabs.get_title(index) for index in range(len(app.tabs.children))]
    app.tabs.selected_index = titles.index("Votes")
    assert [target["target"] for target in app.votes.targets] == ["gap:mini/01"]
    page = Page(app.votes)
    for _ in range(4):
        page.send(type="vote", target="gap:mini/01", change=1)
    assert app.votes.left == 0
    assert app.votes.targets[0]["votes"] == 3
    assert app.votes.problems["gap:mini/01"].startswith("You have no votes left")
    store.save_action(info.code, app.participant.id, Action("a1", "Desk", items=("mini/02",)))

    store.set_note_taker(info.code, key, app.participant.id)
    app.refresh()
    assert app.group_plan in app.tabs.children
    Page(app.group_plan).send(type="take", drafts=[[app.participant.id, "a1"]], into=None)
    [planned] = store.plan(info.code)
    assert (planned.title, planned.proposed_by, planned.recorded_by) == ("Desk", ("Ana",), "Ana")
    assert [action.id for action in app.group_plan.plan] == [planned.id]
    Page(app.group_plan).send(
        type="edit", key=f"plan:{planned.id}", fields={"owner": "Ana"}, base_version=1, revision=1
    )
    app.autosaver.flush()
    assert store.plan(info.code)[0].owner == "Ana"
    store.set_note_taker(info.code, key, None)
    app.refresh()
    assert app.group_plan not in app.tabs.children


def test_a_follow_up_compares_what_was_agreed_and_pairs_whom_the_names_miss(store, session):
    from inclusion_widgets.edits import AgreedEdit
    from inclusion_widgets.store.models import Recorder

    info, key = session
    followup, followup_key = store.create_followup(info.code, key, "Six months later")
    rounds = (
        (info.code, key, "Zoe", 1, "Only a plan on paper"),
        (followup.code, followup_key, "Anne-Zoé", 3, "The forum meets every month"),
    )
    for code, code_key, name, level, reasoning in rounds:
        app = ParticipantApp(store, PageQuery(session=code))
        join(app, name=name, city="Lyon")
        Page(app.checklist).choose("mini/01", level)
        app.autosaver.flush()
        agreed = {"kind": "level", "level": level, "reasoning": reasoning}
        edit = AgreedEdit("mini/01", agreed, 0, datetime.now(UTC))
        store.save_agreed(code, Recorder(key=code_key), edit)
    page = FacilitatorApp(store, PageQuery(session=followup.code, key=followup_key))
    shown = opened(page, "rounds")
    assert "What the group agreed" in shown
    assert "Only a plan on paper" in shown and "The forum meets every month" in shown
    assert "1 · Planned" in shown and "3 · Embedded" in shown
    # Different names: nobody moved yet, and both are listed for the facilitator to pair.
    assert "Anne-Zoé, Lyon" not in shown.split("<h4>Who moved</h4>")[1].split("Not matched")[0]
    pairing = page.pairing
    assert [label for label, _ in pairing.followup.options[1:]] == ["Anne-Zoé, Lyon"]
    assert [label for label, _ in pairing.baseline.options[1:]] == ["Zoe, Lyon"]
    pairing.followup.value = pairing.followup.options[1][1]
    pairing.baseline.value = pairing.baseline.options[1][1]
    pairing.pair.click()
    baseline_id = store.participants(info.code)[0].id
    followup_id = store.participants(followup.code)[0].id
    assert store.round_pairs(followup.code) == [(baseline_id, followup_id)]
    shown = opened(page, "rounds")
    assert "Anne-Zoé, Lyon" in shown.split("<h4>Who moved</h4>")[1]
    assert len(pairing.followup.options) == 1  # nobody left to pair


def test_a_participant_page_whose_store_cannot_be_opened_says_why_in_its_language(
    tmp_path, monkeypatch
):
    from inclusion_widgets.app import participant_app

    monkeypatch.setenv("INCLUSION_DB_URL", f"sqlite:///{tmp_path / 'gone' / 'w.sqlite'}")
    page = participant_app(query=PageQuery.parse("session=AB12CD&lang=fr"))
    (shown,) = page.children
    problems = [child.value for child in shown.children if child.value.startswith("<p")]
    assert problems == [
        '<p class="ic-problem" role="alert">Le dossier « '
        + str(tmp_path / "gone").replace("'", "&#x27;")
        + " » du fichier de stockage n&#x27;existe pas.</p>"
    ]


HOSTILE_TITLE = "Housing <script>alert(1)</script> & jobs"


def test_item_titles_and_notes_with_markup_stay_text_in_the_charts(store, mini_framework):
    import dataclasses
    import xml.etree.ElementTree as ET

    groups = tuple(
        dataclasses.replace(
            group,
            items=tuple(
                dataclasses.replace(item, title=HOSTILE_TITLE) if item.id == "mini/01" else item
                for item in group.items
            ),
        )
        for group in mini_framework.groups
    )
    framework = dataclasses.replace(mini_framework, groups=groups)
    info, key = store.create_session(framework, "Workshop", "Riga", "Larissa")
    for name, role, level in (("Ana", "mentor", 0), ("Bo", "mentee", 3)):
        app = ParticipantApp(store, PageQuery(session=info.code))
        app._body.children[0].role.value = role
        join(app, name=name)
        Page(app.checklist).choose("mini/01", level)
        Page(app.checklist).answer("mini/01", note=f"{name} & co <script>alert(2)</script>")
        app.autosaver.flush()
    page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
    for section in ("standing", "disputed", "comparison"):
        markup = opened(page, section)
        assert "<script" not in markup, section
        assert "&lt;script&gt;alert(" in markup and "&amp;" in markup, section
    standing = opened(page, "standing")
    for svg in re.findall(r"<svg\b.*?</svg>", standing, flags=re.DOTALL):
        root = ET.fromstring(svg)
        shown = " ".join(
            "".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")
        )
        assert HOSTILE_TITLE in " ".join(shown.split())
        assert not [node for node in root.iter() if node.tag.endswith("script")]
    assert "Bo &amp; co &lt;script&gt;alert(2)&lt;/script&gt;" in opened(page, "disputed")


@pytest.mark.server  # waits in time windows
def test_a_change_by_another_connection_wakes_the_watch_and_nothing_else_does(
    store_url, mini_framework
):
    import threading

    from inclusion_widgets.app.live import SessionWatch

    store, other = Store(store_url), Store(store_url)
    info, _key = store.create_session(mini_framework, "Watched")
    elsewhere, _key = store.create_session(mini_framework, "Not watched")
    watch = SessionWatch(store, info.code)
    changes: list[int] = []
    watch.on_change(changes.append)
    assert watch.wait(0) is True  # a first look is a change: the page draws
    assert watch.wait(0.5) is False
    other.join(elsewhere.code, "Ana")  # another session's change
    assert watch.wait(0.5) is False
    joining = threading.Timer(0.3, lambda: other.join(info.code, "Bo"))
    joining.start()
    try:
        assert watch.wait(30) is True
    finally:
        joining.join()
    assert len(changes) == 2 and changes[1] == other.change_token(info.code)
    assert watch.wait(0.3) is False
    store.close()
    other.close()


@pytest.mark.postgres
@pytest.mark.server  # PostgreSQL notices in a time window
def test_on_postgresql_the_watch_is_woken_by_notices_not_by_reading_the_counter(
    postgres_server, mini_framework
):
    import psycopg

    from inclusion_widgets.app.live import SessionWatch

    url = postgres_server.new_database()
    store = Store(url)
    info, _key = store.create_session(mini_framework, "Watched")
    watch = SessionWatch(store, info.code)
    assert watch.look() is True
    # The counter bumped behind the store's back, with no notice: the watch asks nothing.
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as raw:
        raw.execute("UPDATE sessions SET changes = changes + 1 WHERE code = %s", (info.code,))
    assert watch.wait(0.5) is False
    # A change made through another store is announced when it commits.
    Store(url).join(info.code, "Ana")
    assert watch.wait(30) is True
    store.close()


async def _until(condition, seconds: float = 10.0) -> bool:
    """Let the event loop run until ``condition()`` holds, for at most ``seconds``."""
    import asyncio

    for _wait in range(int(seconds * 20)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return bool(condition())


@pytest.mark.postgres
@pytest.mark.server  # PostgreSQL notices in a time window
def test_on_postgresql_a_change_reaches_the_open_dashboard_on_its_notice_without_a_tick(
    postgres_server, mini_framework, monkeypatch
):
    import asyncio

    from inclusion_widgets.app import facilitator

    # No tick comes during the test: only the store's notice can bring the change.
    monkeypatch.setattr(facilitator, "REFRESH_SECONDS", 600.0)
    monkeypatch.setattr(facilitator, "SAFETY_SECONDS", 600.0, raising=False)
    url = postgres_server.new_database()
    store, other = Store(url), Store(url)
    info, key = store.create_session(mini_framework, "Watched")

    async def open_page_while_ana_joins() -> tuple[str, str]:
        page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
        page.heartbeat.ping()  # the page is open in a browser
        before = opened(page, "progress")
        await asyncio.sleep(0.2)
        other.join(info.code, "Ana", "Riga")
        await _until(lambda: "Ana" in page.dashboard.sections["progress"].value)
        return before, page.dashboard.sections["progress"].value

    before, after = asyncio.run(open_page_while_ana_joins())
    assert "Ana" not in before
    assert "Ana" in after
    store.close()
    other.close()


@pytest.mark.postgres
@pytest.mark.server  # stops and restarts the PostgreSQL server
def test_on_postgresql_a_lost_database_shows_on_the_dashboard_at_once_and_its_return_too(
    postgres_server, mini_framework, monkeypatch
):
    import asyncio

    from inclusion_widgets.app import facilitator

    monkeypatch.setattr(facilitator, "SAFETY_SECONDS", 600.0, raising=False)
    url = postgres_server.new_database()
    store = Store(url)
    info, key = store.create_session(mini_framework, "Watched")

    async def lose_the_database() -> tuple[bool, bool]:
        page = FacilitatorApp(store, PageQuery(session=info.code, key=key))
        page.heartbeat.ping()
        await asyncio.sleep(0.3)
        postgres_server.pause()
        try:
            stale = await _until(lambda: "Not up to date" in page.status.value)
        finally:
            postgres_server.resume()
        back = await _until(lambda: "Live" in page.status.value)
        return stale, back

    stale, back = asyncio.run(lose_the_database())
    assert stale, "the dashboard did not say it is not up to date"
    assert back, "the dashboard did not say it is live again"
    store.close()
