"""One session in three languages, in a real Voila server and Debian's Chromium: a Greek and a
Latvian participant and a French facilitator, each page in its own language."""

from __future__ import annotations

from html import unescape

import pytest
from conftest import Server, open_page, screenshot, shoot
from playwright.sync_api import Browser, Page, expect
from test_workshop import choose_city
from untranslated import english_interface, english_left

from inclusion_widgets.frameworks import load_framework
from inclusion_widgets.widgets import labels

pytestmark = pytest.mark.browser

GREEK_NOTE = "Το φόρουμ συνεδριάζει κάθε μήνα · <b>όχι HTML</b>"
LATVIAN_NOTE = "Padome tiekas reizi ceturksnī; ēģļūņš"

# Whole English sentences and labels of the participant's page (none of them a word that a
# Greek or Latvian text could hold by chance, such as a framework's citation).
PAGE_STRINGS = (
    "Self-assessment",
    "Action plan",
    "My answers",
    "Your personal link",
    "Open my personal link",
    "Copy link",
    "Saved as you type",
    "Language",
    "Join the session",
    "Your name",
    "Organisation",
    "Choose your role",
)


PAGE_ENGLISH = english_interface((labels.CHECKLIST, labels.STATUS_LINE), PAGE_STRINGS)


def join(page: Page, name: str, city: str, role_label: str, button: str) -> None:
    page.fill(".ic-join-name input", name)
    choose_city(page, city)
    page.select_option(".ic-join-role select", label=role_label)
    page.get_by_role("button", name=button).click()
    page.wait_for_selector(".ic-session-bar .ic-personal-href", timeout=30_000)


def answer(
    page: Page, server: Server, code: str, number: int, level: str, note_label: str, note: str
) -> None:
    card = page.locator(f".ic-item-oecd-12-{number:02d}")
    card.get_by_role("radio", name=level, exact=True).check()
    card.get_by_label(note_label, exact=True).fill(note)
    item_id = f"oecd-12/{number:02d}"
    store = server.store()
    for _attempt in range(80):
        if any(r.answer.item_id == item_id and r.answer.note == note for r in store.answers(code)):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the note for {item_id} was not saved within 20 s")


def test_greek_and_latvian_participants_and_a_french_facilitator_each_in_their_language(
    browser: Browser, server: Server, tmp_path
):
    greek, latvian = load_framework("oecd-12", lang="el"), load_framework("oecd-12", lang="lv")
    info, key = server.store().create_session(
        load_framework("oecd-12"), "Λάρισα – Jelgava", "Larissa", "Jelgava", language="el"
    )
    code = info.code

    # The Greek participant: the session's language, nothing to choose.
    eleni = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(eleni, server.url("participant.ipynb", f"?session={code}"))
    expect(eleni.get_by_role("button", name="Συμμετοχή στη συνεδρία")).to_be_visible()
    expect(eleni).to_have_title("Συμμετοχή στη συνεδρία")
    join(eleni, "Ελένη Παππά", "Λάρισα", "Καθοδηγούμενη πόλη", "Συμμετοχή στη συνεδρία")
    # The browser tab says which workshop and whose page, among a person's other tabs.
    expect(eleni).to_have_title("Λάρισα – Jelgava · Ελένη Παππά")
    expect(eleni.locator("html")).to_have_attribute("lang", "el")
    expect(eleni.get_by_text(greek.items[0].title)).to_be_visible()
    answer(
        eleni,
        server,
        code,
        1,
        greek.scale_for(greek.items[0]).levels[2].label,
        "Σημείωση",
        GREEK_NOTE,
    )
    expect(eleni.locator(".ic-save-status")).to_contain_text("Αποθηκεύτηκε", timeout=15_000)
    assert english_left(eleni, "el", PAGE_ENGLISH) == []
    shoot(eleni, "languages-greek")

    # The Latvian participant switches the join page to Latvian: what was typed stays.
    janis = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_page(janis, server.url("participant.ipynb", f"?session={code}"))
    janis.fill(".ic-join-name input", "Jānis Ozols")
    janis.select_option(".ic-language select", label="Latviešu")
    expect(janis.get_by_role("button", name="Pievienoties sesijai")).to_be_visible()
    expect(janis).to_have_title("Pievienoties sesijai")
    expect(janis.locator("html")).to_have_attribute("lang", "lv")
    expect(janis.locator(".ic-join-name input")).to_have_value("Jānis Ozols")
    join(janis, "Jānis Ozols", "Jelgava", "Mentorpilsēta", "Pievienoties sesijai")
    expect(janis.get_by_text(latvian.items[1].title)).to_be_visible()
    answer(
        janis,
        server,
        code,
        2,
        latvian.scale_for(latvian.items[1]).levels[3].label,
        "Piezīme",
        LATVIAN_NOTE,
    )
    assert "lang=lv" in janis.url
    assert english_left(janis, "lv", PAGE_ENGLISH) == []
    shoot(janis, "languages-latvian")

    # Mid-session, Jānis reads the page in Greek for a moment: every answer stays.
    janis.select_option(".ic-session-bar .ic-language select", label="Ελληνικά")
    expect(janis.get_by_text(greek.items[1].title)).to_be_visible(timeout=30_000)
    card = janis.locator(".ic-item-oecd-12-02")
    expect(card.get_by_label("Σημείωση", exact=True)).to_have_value(LATVIAN_NOTE)
    expect(
        card.get_by_role("radio", name=greek.scale_for(greek.items[1]).levels[3].label, exact=True)
    ).to_be_checked()
    assert english_left(janis, "el", PAGE_ENGLISH) == []
    janis.reload()  # the address carries the choice
    janis.wait_for_selector("#loading", state="detached", timeout=60_000)
    expect(janis.get_by_text(greek.items[1].title)).to_be_visible(timeout=60_000)
    people = {p.name: p.language for p in server.store().participants(code)}
    assert people == {"Ελένη Παππά": "el", "Jānis Ozols": "el"}
    notes = {r.answer.item_id: r.answer.note for r in server.store().answers(code)}
    assert notes == {"oecd-12/01": GREEK_NOTE, "oecd-12/02": LATVIAN_NOTE}

    # The French facilitator: the page, the dashboard's tabs and the report in French.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    marie = context.new_page()
    open_page(marie, server.url("facilitator.ipynb", f"?session={code}&key={key}&lang=fr"))
    expect(marie.get_by_role("button", name="Verrouiller les réponses")).to_be_visible()
    expect(marie).to_have_title("Λάρισα – Jelgava · Page d'animation")
    expect(marie.locator("html")).to_have_attribute("lang", "fr")
    expect(marie.get_by_role("heading", name="Inviter des participants")).to_be_visible()
    expect(marie.get_by_role("button", name="Copier le lien d'invitation")).to_be_visible()
    expect(marie.get_by_role("heading", name="Fusionner deux participants")).to_be_visible()
    expect(marie.get_by_role("button", name="Retirer…")).to_be_visible()
    for width in (1280, 1024, 390):
        marie.set_viewport_size({"width": width, "height": 800})
        screenshot(marie, f"languages-french-facilitator-people-{width}")
    marie.set_viewport_size({"width": 1280, "height": 800})
    marie.locator(".lm-TabBar-tab", has_text="Fichiers").click()
    expect(marie.locator(".ic-report-language select")).to_have_value("Français")
    marie.get_by_role("button", name="Préparer les téléchargements").click()
    report = marie.locator("a.ic-download", has_text="Rapport")
    expect(report).to_be_visible(timeout=60_000)
    with marie.expect_download() as download:
        report.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert load_framework("oecd-12", lang="fr").items[0].title in unescape(html)
    screenshot(marie, "languages-french-facilitator")
