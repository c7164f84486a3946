"""The room's screen in the store: its own key (kept hashed, derived from the facilitator
key so the facilitator's page can always show it) and what the facilitator chose to show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from inclusion_widgets.frameworks import Framework
from inclusion_widgets.store import Room, Screen, Store, StoreError


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store, mini_framework: Framework) -> tuple[str, str]:
    info, key = store.create_session(mini_framework, "Athens mentors Riga", "Athens", "Riga")
    return info.code, key


def test_the_presenter_key_opens_the_room_screen_and_differs_from_the_facilitator_key(
    store, session
):
    code, key = session
    presenter = store.presenter_key(code, key)
    assert presenter and presenter != key
    assert store.presenter_key(code, key) == presenter  # the same every time it is asked for
    assert store.open_room(code, presenter).code == code
    assert store.open_room(code, presenter.lower().replace("-", "")).code == code
    # The facilitator key opens the room screen too.
    assert store.open_room(code, key).code == code


def test_the_presenter_key_opens_neither_the_dashboard_nor_another_session(
    store, session, mini_framework
):
    code, key = session
    presenter = store.presenter_key(code, key)
    assert not store.check_key(code, presenter)
    other, other_key = store.create_session(mini_framework, "Another round")
    with pytest.raises(StoreError, match="presenter key does not match"):
        store.open_room(other.code, presenter)
    with pytest.raises(StoreError, match="presenter key does not match"):
        store.open_room(code, "WRONG-KEY")
    # An unknown code gets the same sentence as a wrong key.
    with pytest.raises(StoreError, match="presenter key does not match"):
        store.open_room("AAA-AAA-AAA", presenter)
    with pytest.raises(StoreError):
        store.presenter_key(code, presenter)  # only the facilitator learns the presenter key
    assert store.presenter_key(other.code, other_key) != presenter


def test_the_presenter_key_is_kept_only_as_a_hash(store, session, store_url):
    code, key = session
    presenter = store.presenter_key(code, key)
    engine = create_engine(store_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT * FROM sessions WHERE code = :code"), {"code": code}
        ).mappings()
        values = " ".join(str(value) for value in next(iter(row)).values())
    engine.dispose()
    assert presenter not in values
    assert presenter.replace("-", "") not in values


def test_a_session_from_before_the_room_screen_gets_its_presenter_key_from_the_facilitator(
    store, session, store_url
):
    code, key = session
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE sessions SET presenter_key_hash = NULL WHERE code = :code"),
            {"code": code},
        )
    engine.dispose()
    with pytest.raises(StoreError):
        store.open_room(code, "")
    presenter = store.presenter_key(code, key)
    assert store.open_room(code, presenter).code == code


def test_the_room_shows_the_welcome_until_the_facilitator_chooses(store, session):
    code, _key = session
    assert store.room(code) == Room()
    assert store.room(code).screen is Screen.WELCOME


def test_the_facilitator_chooses_what_the_room_sees(store, session):
    code, key = session
    chosen = Room(Screen.ITEM, item_id="mini/02", follow=False, notes=True, names=False)
    assert store.set_room(code, key, chosen) == chosen
    assert store.room(code) == chosen
    store.set_room(code, key, Room(Screen.OVERVIEW, item_id="mini/02", notes=True, names=True))
    assert store.room(code) == Room(Screen.OVERVIEW, item_id="mini/02", notes=True, names=True)


def test_only_the_facilitator_chooses_what_the_room_sees(store, session):
    code, key = session
    presenter = store.presenter_key(code, key)
    with pytest.raises(StoreError):
        store.set_room(code, presenter, Room(Screen.ITEM, item_id="mini/01"))
    assert store.room(code) == Room()


def test_an_item_the_framework_does_not_have_is_refused_with_a_sentence(store, session):
    code, key = session
    with pytest.raises(StoreError, match="no item “mini/99”"):
        store.set_room(code, key, Room(Screen.ITEM, item_id="mini/99"))
    assert store.room(code) == Room()
