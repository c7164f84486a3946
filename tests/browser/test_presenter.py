"""The room's screen (the presenter view) on a real server: opened in its own browser with
only its link, it shows how to join (a QR code that decodes to the participant link), then
follows the facilitator from item to item; it holds no control and neither key."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import zxingcpp
from conftest import SCREENSHOTS, Server, axe_violations, new_session, open_page, screenshot
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from inclusion_widgets.edits import AgreedEdit
from inclusion_widgets.records import Action, Answer, AnswerKind
from inclusion_widgets.store.models import Recorder

pytestmark = pytest.mark.browser

FIRST = "Vertical coordination at the relevant scale"
THIRD = "Financial resources matched to local responsibilities"
SIZES = ((1920, 1080), (1280, 720), (390, 844))


def seed(server: Server, code: str, key: str) -> None:
    """Three people answered the first and third items; the group agreed the first and
    took Marta's draft into its plan, which Nikos voted for."""
    store = server.store()
    people = []
    for name, level, note in (
        ("Marta", 3, "Our forum meets every month."),
        ("Nikos", 0, "Nothing like it here <b>yet</b>"),
        ("Ilze", 2, "Jelgava has a working group."),
    ):
        person, _token = store.join(code, name, "Larissa", "City of Larissa", "mentee")
        people.append(person.id)
        for item in ("oecd-12/01", "oecd-12/03"):
            store.save_answer(code, person.id, Answer(item, AnswerKind.LEVEL, level, note=note))
    store.save_agreed(
        code,
        Recorder(key=key),
        AgreedEdit(
            "oecd-12/01",
            {
                "kind": "level",
                "level": 2,
                "reasoning": "A forum exists in Riga only.",
                "revisit": True,
            },
            0,
            datetime.now(UTC),
        ),
    )
    draft = Action("d1", "Open a coordination forum in Larissa", owner="Deputy mayor")
    store.save_action(code, people[0], draft)
    store.vote(code, people[1], "draft:d1")
    store.take_into_plan(code, Recorder(key=key), [(people[0], "d1")])


def frames_of(page: Page) -> list[str]:
    """Every message the page's kernel sends it (the widgets' state among them)."""
    received: list[str] = []

    def watch(socket: object) -> None:
        socket.on(  # type: ignore[attr-defined]
            "framereceived",
            lambda payload: received.append(
                payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
            ),
        )

    page.on("websocket", watch)
    return received


def look(page: Page, name: str) -> None:
    """Screenshots of the room's screen at each size, as a projector would show it."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"presenter-{name}-{width}.png"))


def fits(page: Page) -> bool:
    """Nothing below the window: the room never has to scroll."""
    return bool(
        page.evaluate(
            "() => [document.scrollingElement, document.querySelector('#rendered_cells')]"
            ".filter(Boolean).every((e) => e.scrollHeight <= e.clientHeight + 2)"
        )
    )


def test_the_room_screen_shows_how_to_join_and_follows_the_facilitator(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    seed(server, code, key)
    presenter_key = server.store().presenter_key(code, key)
    participant_link = server.url("participant.ipynb", f"?session={code}")

    room = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    room.set_default_timeout(60_000)  # a loaded machine: the kernels answer slowly
    frames = frames_of(room)
    open_page(room, server.url("presenter.ipynb", f"?session={code}&key={presenter_key}"))
    welcome = room.get_by_role("region", name="How to join")
    expect(welcome).to_contain_text(code, timeout=20_000)
    expect(welcome).to_contain_text(participant_link)
    expect(room).to_have_title("Mentoring workshop: Larissa and Riga · Room screen")
    shot = room.locator(".ic-room-qr").screenshot()
    decoded = [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]
    assert decoded == [participant_link]
    look(room, "welcome")
    assert axe_violations(room) == []
    room.set_viewport_size({"width": 1920, "height": 1080})

    facilitator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    facilitator.set_default_timeout(60_000)
    open_page(facilitator, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    expect(facilitator.locator(".ic-presenter-link")).to_have_attribute(
        "href",
        re.compile(re.escape(f"presenter.ipynb?session={code}&key={presenter_key}")),
        timeout=20_000,
    )
    facilitator.locator(".ic-room-screen-choice").get_by_role("button", name="One item").click()
    for width in (1280, 1024, 390):
        facilitator.set_viewport_size({"width": width, "height": 800})
        facilitator.locator(".ic-room-controls").screenshot(
            path=str(SCREENSHOTS / f"presenter-controls-{width}.png")
        )
    facilitator.set_viewport_size({"width": 1280, "height": 800})
    item = room.get_by_role("region", name=FIRST)
    expect(item).to_contain_text("The group agreed:", timeout=20_000)
    expect(item).to_contain_text("2 Started")
    expect(item).to_contain_text("A forum exists in Riga only.")
    expect(item).to_contain_text("3 answers")
    assert "Our forum meets every month." not in room.content()  # notes only when chosen
    for width, height in SIZES[:2]:
        room.set_viewport_size({"width": width, "height": height})
        assert fits(room), f"the item needs scrolling at {width}x{height}"
    look(room, "item")
    assert axe_violations(room) == []
    room.set_viewport_size({"width": 1920, "height": 1080})

    # The facilitator moves to the third item in the agreed assessment: the room follows.
    facilitator.locator(".lm-TabBar-tab", has_text="Agreed assessment").click()
    third = facilitator.get_by_role("region", name=THIRD)
    third.get_by_label("Reasoning").click()
    expect(room.get_by_role("region", name=THIRD)).to_contain_text("Not agreed yet", timeout=20_000)

    # Notes, first without and then with names.
    facilitator.locator(".ic-room-notes-choice input").check()
    notes = room.get_by_role("list", name="Notes")
    expect(notes).to_contain_text("Nothing like it here <b>yet</b>", timeout=20_000)
    assert "Nikos" not in notes.inner_text()
    facilitator.locator(".ic-room-names-choice input").check()
    expect(notes).to_contain_text("Nikos: Nothing like it here", timeout=20_000)

    facilitator.locator(".ic-room-screen-choice").get_by_role("button", name="Overview").click()
    overview = room.get_by_role("region", name="Overview")
    expect(overview).to_contain_text("Not agreed yet", timeout=20_000)
    expect(overview).to_contain_text("2 Started")

    facilitator.locator(".ic-room-screen-choice").get_by_role("button", name="Plan").click()
    plan = room.get_by_role("region", name="Plan")
    expect(plan).to_contain_text("Open a coordination forum in Larissa", timeout=20_000)
    expect(plan).to_contain_text("Proposed by Marta")  # names are shown, as chosen above
    room.set_viewport_size({"width": 1280, "height": 720})
    room.screenshot(path=str(SCREENSHOTS / "presenter-plan-1280.png"))

    # No control over the session on the room's screen: only its language menu.
    assert room.locator("button:visible, input:visible, textarea:visible").count() == 0
    assert room.get_by_role("combobox").count() == 1
    for control in (".ic-lock", ".ic-reveal", ".ic-room-controls", ".ic-note-taker"):
        assert room.locator(control).count() == 0
    # Neither key in the page, its address or anything its kernel sent it.
    seen = room.content() + room.evaluate("() => window.location.href") + "".join(frames)
    for secret in (key, presenter_key):
        assert secret not in seen
        assert secret.replace("-", "") not in seen


def test_a_wrong_key_gets_a_sentence_and_the_facilitator_key_opens_the_room_screen(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(page, server.url("presenter.ipynb", f"?session={code}&key=WRONG-KEY-0000"))
    expect(page.get_by_role("alert")).to_have_text(
        "The presenter key does not match this session code."
    )
    open_page(page, server.url("presenter.ipynb", f"?session={code}&key={key}&lang=fr"))
    expect(page.get_by_role("region", name="Comment rejoindre")).to_contain_text(
        code, timeout=20_000
    )
    assert key not in page.content()


def test_a_room_screen_opened_with_its_code_only_asks_for_the_presenter_key(
    browser: Browser, server: Server
):
    code, key = new_session(server)
    presenter_key = server.store().presenter_key(code, key)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("presenter.ipynb", f"?session={code}"))
    field = page.get_by_label("Presenter key")
    expect(field).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Room screen")).to_be_visible()
    expect(page.get_by_text(f"Type the presenter key of session {code}")).to_be_visible()
    opening = page.get_by_role("button", name="Open the room screen")
    opening.click()
    expect(page.get_by_role("alert")).to_have_text("Please type the presenter key first.")
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"presenter-key-asked-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})
    field.fill(presenter_key)
    opening.click()
    expect(page.get_by_role("region", name="How to join")).to_contain_text(code, timeout=20_000)
    assert presenter_key not in page.content()
