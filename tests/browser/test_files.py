"""Files that leave a session and come back: the bundle restores it on a fresh server."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from conftest import Server, axe_violations, new_session, open_page, screenshot, start_server
from conftest import stop_server as stop
from playwright.sync_api import Browser, Page, expect

from inclusion_widgets.exchange.bundle import write_bundle
from inclusion_widgets.exchange.export import session_bundle
from inclusion_widgets.records import Action, Answer, AnswerKind

pytestmark = pytest.mark.browser

SECTIONS = (
    ("Who has joined", "progress"),
    ("Where we stand", "standing"),
    ("Where we disagree", "disputed"),
    ("Mentor vs mentee", "comparison"),
    ("Action plan", "plan"),
)


def seed(server: Server) -> tuple[str, str]:
    code, key = new_session(server)
    store = server.store()
    for name, role, levels in (
        ("Ana Bērziņa", "mentor", (3, 2, 4)),
        ("Νίκος Παππάς", "mentee", (0, 2, 1)),
        ("Lucía Gómez", "partner", (1, 3, None)),
    ):
        person, _token = store.join(code, name, "Larissa", "City", role)
        for number, level in enumerate(levels, start=1):
            item = f"oecd-12/{number:02d}"
            answer = (
                Answer(item, AnswerKind.LEVEL, level, note=f"{name}: =SUM(A1) on {item}")
                if level is not None
                else Answer(item, AnswerKind.DONT_KNOW, note="'quoted")
            )
            store.save_answer(code, person.id, answer)
        if role == "mentee":
            store.save_action(
                code, person.id, Action("a1", "Open a one-stop shop", items=("oecd-12/01",))
            )
    return code, key


def sections(page: Page) -> dict[str, str]:
    """The text of each dashboard section, each tab opened as a person opens it."""
    texts = {}
    for title, name in SECTIONS:
        page.locator(".lm-TabBar-tab", has_text=title).click()
        section = page.locator(f".ic-dash-{name}")
        expect(section).to_have_text(re.compile(r"\S"), timeout=30_000)
        texts[name] = re.sub(r"\s+", " ", section.text_content() or "").strip()
    return texts


def test_a_downloaded_bundle_restores_the_session_on_a_fresh_server(
    browser: Browser, server: Server, tmp_path_factory: pytest.TempPathFactory
):
    code, key = seed(server)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    page.locator(".lm-TabBar-tab", has_text="Files").click()
    page.locator(".ic-prepare-files").click()
    link = page.locator(".ic-download-primary")
    expect(link).to_be_visible(timeout=30_000)
    screenshot(page, "facilitator-files")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        link.click()
    bundle = tmp_path_factory.mktemp("download") / download.value.suggested_filename
    download.value.save_as(bundle)
    assert bundle.name == f"{code}-bundle.zip"
    before = sections(page)

    fresh = start_server(tmp_path_factory.mktemp("fresh"))
    try:
        upload_page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(upload_page, fresh.url("facilitator.ipynb"))
        with upload_page.expect_file_chooser() as chooser:
            upload_page.locator(".ic-upload").click()
        chooser.value.set_files(str(bundle))
        result = upload_page.locator(".ic-upload-result")
        expect(result).to_contain_text("restored", timeout=30_000)
        new_key = re.search(r"new facilitator key (\S+?);", result.inner_text()).group(1)
        restored = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(restored, fresh.url("facilitator.ipynb", f"?session={code}&key={new_key}"))
        expect(restored.locator(".ic-dash-progress")).to_contain_text("Νίκος Παππάς")
        assert sections(restored) == before
        assert before["disputed"].count("=SUM(A1)") >= 1
    finally:
        stop(fresh)


def test_a_participant_downloads_their_answers(browser: Browser, server: Server):
    code, _key = seed(server)
    store = server.store()
    person, token = store.join(code, "Jonas", "Jelgava", "City", "mentee")
    store.save_answer(code, person.id, Answer("oecd-12/05", AnswerKind.LEVEL, 2, note="Ελληνικά"))
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    open_page(page, server.url("participant.ipynb", f"?session={code}&resume={token}"))
    page.locator(".lm-TabBar-tab", has_text="My answers").click()
    page.locator(".ic-prepare-files").click()
    link = page.locator(".ic-download-primary")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsession,round,participant,")
    text = data.decode("utf-8-sig")
    assert "Ελληνικά" in text and "Jonas" in text and "Ana" not in text


def test_an_upload_over_the_limit_is_refused_with_a_sentence(
    browser: Browser, server: Server, tmp_path_factory: pytest.TempPathFactory
):
    code, key = seed(server)
    big = tmp_path_factory.mktemp("big") / "answers.csv"
    big.write_bytes(b"session,round\r\n" + b"x" * (21 * 1024 * 1024))
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}"))
    page.locator(".lm-TabBar-tab", has_text="Files").click()
    with page.expect_file_chooser() as chooser:
        page.locator(".ic-upload").click()
    chooser.value.set_files(str(big))
    result = page.locator(".ic-upload-result")
    expect(result).to_contain_text("Nothing was imported", timeout=60_000)
    expect(result).to_contain_text("answers.csv: the file is 21.0 MB")
    assert len(server.store().participants(code)) == 3


def test_a_broken_framework_in_an_upload_is_said_in_the_pages_language(
    browser: Browser, server: Server, tmp_path_factory: pytest.TempPathFactory
):
    code, key = new_session(server)
    entries = bundle_entries(server, code)
    metadata = json.loads(entries["metadata.json"])
    metadata["frameworks"][code]["groups"][0]["items"][0]["titel"] = "Koordination"
    entries["metadata.json"] = json.dumps(metadata).encode()
    bundle = tmp_path_factory.mktemp("broken") / f"{code}-bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(page, server.url("facilitator.ipynb", f"?session={code}&key={key}&lang=de"))
    page.get_by_role("tab", name="Dateien").click()
    with page.expect_file_chooser() as chooser:
        page.locator(".ic-upload").click()
    chooser.value.set_files(str(bundle))
    result = page.locator(".ic-upload-result")
    expect(result).to_contain_text(
        f"{bundle.name}: metadata.json, Rahmen der Sitzung {code}, Zeile 1, "
        "groups[0].items[0].titel: „titel“ ist kein bekanntes Feld; meinten Sie „title“?",
        timeout=60_000,
    )
    expect(result).not_to_contain_text("not a known field")
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"facilitator-files-framework-problem-de-{width}")


def bundle_entries(server: Server, code: str) -> dict[str, bytes]:
    """The files of the session's bundle, as the Files tab would download it."""
    bundle = write_bundle(session_bundle(server.store(), code))
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
