"""The room's screen and the facilitator's choice of it, driven from Python against a real
SQLite store."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest
from ipywidgets import Button, Password

from inclusion_widgets.app.facilitator import FacilitatorApp
from inclusion_widgets.app.presenter import PresenterApp
from inclusion_widgets.app.query import PageQuery
from inclusion_widgets.edits import AgreedEdit
from inclusion_widgets.records import Action, Answer, AnswerKind
from inclusion_widgets.store import Room, Screen, Store
from inclusion_widgets.store.models import Recorder
from tests.widget_page import html_of, messages_sent

ADDRESS = "http://127.0.0.1:8866/voila/render/presenter.ipynb"


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'app.sqlite'}")


@pytest.fixture
def session(store, mini_framework):
    info, key = store.create_session(mini_framework, "Workshop <b>one</b>", "Riga", "Larissa")
    for name, level, note in (("Ana", 1, "A plan <i>exists</i>"), ("Bo", 3, "Fully in place")):
        person, _token = store.join(info.code, name, "Riga")
        store.save_answer(info.code, person.id, Answer("mini/01", AnswerKind.LEVEL, level, note))
    return info.code, key


def room_page(store: Store, code: str, key: str, lang: str = "") -> PresenterApp:
    page = PresenterApp(store, PageQuery(session=code, key=key, lang=lang))
    page.page_address.value = ADDRESS
    return page


def test_the_room_screen_opens_with_its_key_on_the_welcome(store, session):
    code, key = session
    page = room_page(store, code, store.presenter_key(code, key))
    shown = html_of(page)
    assert code in shown
    assert f"http://127.0.0.1:8866/voila/render/participant.ipynb?session={code}" in shown
    assert "<svg" in shown  # the QR code
    assert "Workshop &lt;b&gt;one&lt;/b&gt;" in shown


def test_a_wrong_or_missing_key_gets_a_sentence_and_shows_nothing(store, session):
    code, _key = session
    wrong = PresenterApp(store, PageQuery(session=code, key="WRONG-KEY"))
    assert "The presenter key does not match this session code." in html_of(wrong)
    assert code not in html_of(wrong)
    missing = PresenterApp(store, PageQuery(session=code))
    assert "Type the presenter key of session" in html_of(missing)
    nothing = PresenterApp(store, PageQuery())
    assert "Open it with the presenter link" in html_of(nothing)


def find(widget, kind):
    """The first widget of ``kind`` on the page, as a person would find the field."""
    if isinstance(widget, kind):
        return widget
    for child in getattr(widget, "children", ()):
        found = find(child, kind)
        if found is not None:
            return found
    return None


def test_wrong_presenter_keys_typed_on_the_page_are_throttled(store, session):
    code, key = session
    page = PresenterApp(store, PageQuery(session=code))
    field, button = find(page, Password), find(page, Button)
    for _attempt in range(3):
        field.value = "WRONG-KEY"
        button.click()
        assert "does not match" in html_of(page)
    field.value = store.presenter_key(code, key)
    button.click()
    assert "Too many wrong tries" in html_of(page)
    assert "participant.ipynb" not in html_of(page)


def test_the_key_fields_example_is_in_the_page_language(store, session):
    code, _key = session
    greek = find(PresenterApp(store, PageQuery(session=code, lang="el")), Password)
    facilitator = find(FacilitatorApp(store, PageQuery(session=code, lang="el")), Password)
    assert greek.placeholder.startswith("π.χ. ")
    assert greek.placeholder == facilitator.placeholder


def test_the_facilitator_key_opens_the_room_screen_too(store, session):
    code, key = session
    assert code in html_of(room_page(store, code, key))


def test_the_room_screen_follows_what_the_facilitator_chooses(store, session):
    code, key = session
    page = room_page(store, code, store.presenter_key(code, key))
    store.save_agreed(
        code,
        Recorder(key=key),
        AgreedEdit(
            "mini/01",
            {"kind": "level", "level": 2, "reasoning": "Work <em>started</em>"},
            0,
            datetime.now(UTC),
        ),
    )
    store.set_room(code, key, Room(Screen.ITEM, item_id="mini/01", follow=False))
    page.refresh()
    shown = html_of(page)
    assert "Coordination across levels" in shown
    assert "2 In progress" in shown and "Work &lt;em&gt;started&lt;/em&gt;" in shown
    assert "2 answers" in shown
    assert "A plan" not in shown  # notes only when the facilitator shows them
    store.set_room(code, key, Room(Screen.ITEM, item_id="mini/01", notes=True))
    page.refresh()
    assert "A plan &lt;i&gt;exists&lt;/i&gt;" in html_of(page)
    assert "Ana" not in html_of(page)
    store.set_room(code, key, Room(Screen.ITEM, item_id="mini/01", notes=True, names=True))
    page.refresh()
    assert "Ana:" in html_of(page)
    store.set_room(code, key, Room(Screen.OVERVIEW))
    page.refresh()
    overview = html_of(page)
    assert "Funding matched to tasks" in overview and "Not agreed yet" in overview


def test_an_idle_room_screen_sends_nothing_to_the_page(store, session):
    code, key = session
    page = room_page(store, code, store.presenter_key(code, key))
    store.set_room(code, key, Room(Screen.ITEM, item_id="mini/01", notes=True))
    page.refresh()
    sent = messages_sent(page)
    time.sleep(1.1)  # the clock moves on
    for _tick in range(4):
        page.refresh()
    assert sent == []
    store.set_room(code, key, Room(Screen.OVERVIEW))
    page.refresh()
    assert sent


def test_the_room_screen_has_its_own_language(store, session):
    code, key = session
    page = room_page(store, code, store.presenter_key(code, key), lang="fr")
    assert "Code de la session" in html_of(page)
    page.choose_language("de")
    assert "Sitzungscode" in html_of(page)
    assert store.session(code).language == "en"  # the session's language is not changed


def test_the_facilitator_chooses_what_the_room_sees_and_the_room_follows_the_open_item(
    store, session
):
    code, key = session
    facilitator = FacilitatorApp(store, PageQuery(session=code, key=key))
    facilitator.page_address.value = "http://127.0.0.1:8866/voila/render/facilitator.ipynb"
    presenter = store.presenter_key(code, key)
    assert f"presenter.ipynb?session={code}&amp;key={presenter}" in html_of(facilitator)
    controls = facilitator.room_controls
    controls.screen.value = "item"
    assert store.room(code).screen is Screen.ITEM
    facilitator.agreement.open_item = "mini/02"
    assert store.room(code) == Room(Screen.ITEM, item_id="mini/02", follow=True)
    controls.item.value = "mini/03"
    facilitator.agreement.open_item = "mini/01"  # no longer followed: an item was chosen
    assert store.room(code) == Room(Screen.ITEM, item_id="mini/03", follow=False)
    controls.notes.value = True
    controls.names.value = True
    assert store.room(code) == Room(Screen.ITEM, "mini/03", follow=False, notes=True, names=True)
    controls.notes.value = False  # names go with the notes
    assert store.room(code).names is False


def test_a_second_facilitator_tab_shows_what_the_room_sees_as_chosen_in_the_first(store, session):
    code, key = session
    first = FacilitatorApp(store, PageQuery(session=code, key=key))
    second = FacilitatorApp(store, PageQuery(session=code, key=key))
    first.room_controls.screen.value = "overview"
    first.room_controls.notes.value = True
    second.refresh()
    assert (second.room_controls.screen.value, second.room_controls.notes.value) == (
        "overview",
        True,
    )
    # Shown from the store, not chosen again: the second tab sends nothing back.
    assert store.room(code) == Room(Screen.OVERVIEW, follow=True, notes=True)


def test_the_room_screen_shows_the_votes_and_the_plan_most_votes_first(store, session):
    code, key = session
    ana, bo = (p.id for p in store.participants(code))
    store.save_action(code, ana, Action("a1", "One-stop <desk>", items=("mini/01",), owner="City"))
    store.save_action(code, bo, Action("b1", "Language cafe", due=date(2027, 6, 1)))
    store.vote(code, ana, "draft:b1")
    store.vote(code, bo, "draft:b1")
    store.vote(code, bo, "draft:a1")
    page = room_page(store, code, store.presenter_key(code, key))
    store.set_room(code, key, Room(Screen.VOTES))
    page.refresh()
    votes = html_of(page)
    assert votes.index("Language cafe") < votes.index("One-stop &lt;desk&gt;")
    assert "draft action" in votes
    store.take_into_plan(code, Recorder(key=key), [(ana, "a1")])
    store.take_into_plan(code, Recorder(key=key), [(bo, "b1")])
    store.set_room(code, key, Room(Screen.PLAN))
    page.refresh()
    plan = html_of(page)
    assert plan.index("Language cafe") < plan.index("One-stop &lt;desk&gt;")
    assert "1 Jun 2027" in plan and "Planned" in plan
    assert "Proposed by" not in plan  # names only when the facilitator shows them
    store.set_room(code, key, Room(Screen.PLAN, notes=True, names=True))
    page.refresh()
    assert "Proposed by Bo" in html_of(page)


def test_the_presenter_link_opens_the_facilitators_server_with_its_token_where_needed(tmp_path):
    import json
    import os

    from inclusion_widgets.app.hosting import Hosting

    page = "https://hub.example.org/user/ana/voila/render/workbooks/facilitator.ipynb"
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    (runtime / f"jpserver-{os.getppid()}.json").write_text(json.dumps({"token": "t0k"}))
    binder = Hosting.detect({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, runtime)
    assert binder.presenter_link(page, "K7Q-M4P-XHD", "PKEY") == (
        "https://hub.example.org/user/ana/voila/render/workbooks/presenter.ipynb"
        "?session=K7Q-M4P-XHD&key=PKEY&token=t0k"
    )
    hub = Hosting.detect(
        {"JUPYTERHUB_SERVICE_PREFIX": "/user/ana/", "JUPYTERHUB_API_TOKEN": "secret"}, tmp_path
    )
    link = hub.presenter_link(page, "K7Q-M4P-XHD", "PKEY")
    assert link.startswith("https://hub.example.org/user/ana/voila/render/workbooks/presenter")
    assert "secret" not in link
