"""Framework texts in other languages: the shipped translations and the file format."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from inclusion_widgets import i18n
from inclusion_widgets.frameworks import (
    FrameworkError,
    Provenance,
    TranslationKind,
    check_translation_file,
    framework_languages,
    load_framework,
    missing_translations,
    translate_framework,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_TRANSLATIONS = sorted((ROOT / "frameworks" / "translations").glob("*.yaml"))
LANGUAGES = ("en", "fr", "nl", "es", "it", "el", "lv", "de")
# Every shipped framework, each of which must be complete in every language.
SHIPPED = sorted(path.stem for path in (ROOT / "frameworks").glob("*.yaml"))

FRAMEWORK = """\
id: mine
version: "2"
title: My framework
description: For tests.
source: {publisher: Tests, year: 2026}
scale: maturity
scales:
  - id: maturity
    title: Maturity
    levels:
      - {value: 0, label: Not started, description: Nothing yet.}
      - {value: 1, label: Started}
groups:
  - id: mine/g1
    title: Group one
    items:
      - id: mine/01
        title: First item
        summary: The first.
        guiding_questions: ["Is it first?", "Is it really?"]
        source: {publisher: Tests, year: 2026, item: "1"}
        provenance: reconstructed
      - id: mine/02
        title: Second item
        source: {publisher: Tests, year: 2026, item: "2"}
context_questions:
  - id: mine/c1
    text: Who is there?
    source: {publisher: Tests, year: 2026}
"""

# A German translation of FRAMEWORK that leaves mine/02 out; tests break one line at a time.
GERMAN = """\
framework: mine
framework_version: "2"
language: de
translation:
  kind: unofficial
  translator: Tests
  note: Inoffizielle Übersetzung.
  source: {publisher: Tests, year: 2026}
title: Mein Rahmen
description: Für Tests.
scales:
  maturity:
    title: Reifegrad
    dont_know_label: Weiß nicht
    not_applicable_label: Trifft nicht zu
    levels:
      - {value: 0, label: Nicht begonnen, description: Noch nichts.}
      - {value: 1, label: Begonnen}
groups:
  mine/g1:
    title: Gruppe eins
items:
  mine/01:
    title: Erster Punkt
    summary: Der erste.
    guiding_questions: ["Ist es der erste?", "Wirklich?"]
context_questions:
  mine/c1:
    text: Wer ist da?
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A facilitator's folder on INCLUSION_FRAMEWORKS_PATH holding the framework ``mine``."""
    (tmp_path / "mine.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "translations").mkdir()
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(tmp_path))
    return tmp_path


def write_translation(folder: Path, text: str, name: str = "mine.de.yaml") -> Path:
    path = folder / "translations" / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path, text: str, name: str = "mine.de.yaml") -> list[str]:
    path = write_translation(folder, text, name)
    with pytest.raises(FrameworkError) as caught:
        check_translation_file(path, load_framework("mine"))
    return [str(problem) for problem in caught.value.problems]


# --- the shipped translations -----------------------------------------------------------


def test_oecd_in_french_is_complete_and_marked_as_the_projects_unofficial_translation():
    framework = load_framework("oecd-12", lang="fr")
    assert framework.language == "fr"
    assert framework.title == "Liste de contrôle de l'OCDE en 12 points pour l'intégration locale"
    assert framework.item("oecd-12/09").title.startswith("Faire correspondre les compétences")
    assert framework.get_scale().dont_know_label == "Je ne sais pas"
    assert framework.get_scale().level(4).label == "Intégré et évalué"
    assert missing_translations(framework) == []
    translation = framework.translation
    assert translation is not None
    assert translation.kind is TranslationKind.UNOFFICIAL and not translation.official
    assert "non officielle" in translation.note
    assert translation.source.citation().startswith("OECD / European Commission (2018)")
    assert translation.original_language == "en"
    # What identifies and cites an item is the framework's, untranslated.
    original = load_framework("oecd-12")
    assert [item.id for item in framework.items] == [item.id for item in original.items]
    assert framework.source == original.source
    assert framework.item("oecd-12/01").source == original.item("oecd-12/01").source


@pytest.mark.parametrize("path", SHIPPED_TRANSLATIONS, ids=lambda path: path.stem)
def test_every_shipped_translation_is_valid_complete_and_keeps_the_marks(path):
    framework_id, language = path.stem.rsplit(".", 1)
    original = load_framework(framework_id)
    translation = check_translation_file(path, original)
    assert translation.kind is TranslationKind.UNOFFICIAL
    assert translation.source == original.source
    translated = load_framework(framework_id, lang=language)
    assert missing_translations(translated) == []
    assert [(i.id, i.provenance) for i in translated.items] == [
        (i.id, i.provenance) for i in original.items
    ]
    for item, before in zip(translated.items, original.items, strict=True):
        assert item.title != before.title or item.title.isupper()
        assert len(item.guiding_questions) == len(before.guiding_questions)
        assert len(item.examples) == len(before.examples)


@pytest.mark.parametrize("path", SHIPPED_TRANSLATIONS, ids=lambda path: path.stem)
def test_a_page_reads_a_shipped_translation_as_validated_without_validating_it_again(
    path, monkeypatch
):
    """Pages trust the shipped files (the test above validates each one): the texts a
    page gets are exactly those of the validated file, and no validation runs."""
    from inclusion_widgets.frameworks import translation_checks, translations

    framework_id, language = path.stem.rsplit(".", 1)
    original = load_framework(framework_id)
    data = translation_checks.validate_translation_text(path.name, path.read_bytes(), original)
    validated = translations._apply(
        original, language, data, translations._translation(data, original, str(path.resolve()))
    )

    def refuse(*_args, **_kwargs):
        raise AssertionError("a shipped translation was validated again")

    translations._translated_cached.cache_clear()
    monkeypatch.setattr(translations, "validate_translation_text", refuse)
    assert translate_framework(original, language) == validated
    translations._translated_cached.cache_clear()


@pytest.mark.parametrize("framework_id", SHIPPED)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_shipped_framework_lacks_no_text_in_any_language(framework_id, language):
    assert len(SHIPPED) == 6 and set(LANGUAGES) <= set(i18n.LANGUAGES)
    framework = load_framework(framework_id, lang=language)
    assert framework.language == language
    assert missing_translations(framework) == []
    if language != "en":
        assert framework.translation is not None
        assert framework.translation.kind is TranslationKind.UNOFFICIAL


def test_reconstructed_items_stay_marked_in_a_translation():
    framework = load_framework("oecd-12", lang="fr")
    assert framework.item("oecd-12/01").provenance is Provenance.RECONSTRUCTED
    assert framework.item("oecd-12/04").provenance is Provenance.PARTLY_FOUND


def test_languages_of_a_framework_start_with_its_own():
    languages = framework_languages(load_framework("oecd-12"))
    assert languages[0] == "en" and "fr" in languages


def test_a_translation_is_cached_and_the_original_unchanged():
    assert load_framework("oecd-12", lang="fr") is load_framework("oecd-12", lang="fr")
    assert load_framework("oecd-12").title == "OECD 12-point checklist for local integration"
    assert load_framework("oecd-12", lang="en") is load_framework("oecd-12")


# --- falling back, replacing ------------------------------------------------------------


def test_an_item_without_translation_keeps_the_framework_language_and_says_so(folder):
    write_translation(folder, GERMAN)
    framework = load_framework("mine", lang="de")
    assert framework.item("mine/01").title == "Erster Punkt"
    assert framework.item("mine/01").fallback_language == ""
    assert framework.item("mine/02").title == "Second item"
    assert framework.item("mine/02").fallback_language == "en"
    assert framework.context_question("mine/c1").text == "Wer ist da?"
    assert framework.get_scale().level(0).label == "Nicht begonnen"
    assert missing_translations(framework) == ["mine/02"]


def test_a_language_without_any_file_keeps_every_text_and_marks_it(folder):
    framework = load_framework("mine", lang="pt")
    assert framework.language == "pt" and framework.translation is None
    assert framework.title == "My framework" and framework.fallback_language == "en"
    assert {item.fallback_language for item in framework.items} == {"en"}
    assert framework.get_scale().fallback_language == "en"
    assert "mine/01" in missing_translations(framework)


def test_a_regional_language_code_finds_the_language(folder):
    write_translation(folder, GERMAN)
    assert load_framework("mine", lang="de-AT").title == "Mein Rahmen"


def test_a_facilitators_file_replaces_the_shipped_translation(tmp_path, monkeypatch):
    shipped = (ROOT / "frameworks" / "translations" / "oecd-12.fr.yaml").read_text("utf-8")
    own = shipped.replace("kind: unofficial", "kind: publisher").replace(
        "translator: inclusion-workbook project", "translator: OCDE"
    )
    own = own.replace(
        "title: \"Liste de contrôle de l'OCDE en 12 points pour l'intégration locale\"",
        "title: Travailler ensemble pour l'intégration locale",
    )
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "oecd-12.fr.yaml").write_text(own, encoding="utf-8")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(tmp_path))
    framework = load_framework("oecd-12", lang="fr")
    assert framework.title == "Travailler ensemble pour l'intégration locale"
    assert framework.translation is not None and framework.translation.official
    assert framework.translation.translator == "OCDE"


def test_a_stored_snapshot_can_be_translated_and_its_dict_stays_the_file_format(folder):
    write_translation(folder, GERMAN)
    from inclusion_widgets.frameworks import Framework

    snapshot = Framework.from_dict(load_framework("mine").to_dict())
    translated = translate_framework(snapshot, "de")
    assert translated.title == "Mein Rahmen"
    plain = translated.to_dict()
    assert "translation" not in plain and "fallback_language" not in plain["groups"][0]


# --- a broken translation is explained: file, line, field -------------------------------


def test_unknown_item_id(folder):
    text = GERMAN.replace("  mine/01:\n", "  mine/09:\n")
    assert problems(folder, text) == [
        'mine.de.yaml, line 23, items.mine/09: "mine/09" is not an item of mine '
        "(its ids: mine/01, mine/02)"
    ]


def test_missing_field_of_a_translated_item(folder):
    text = GERMAN.replace("    summary: Der erste.\n", "")
    assert problems(folder, text) == [
        'mine.de.yaml, line 23, items.mine/01: the field "summary" is missing; '
        "the framework's item has one"
    ]


def test_stray_key_suggests_the_right_one(folder):
    text = GERMAN.replace("    title: Erster Punkt\n", "    titel: Erster Punkt\n")
    assert problems(folder, text) == [
        'mine.de.yaml, line 23, items.mine/01: the required field "title" is missing',
        'mine.de.yaml, line 24, items.mine/01.titel: "titel" is not a known field; '
        'did you mean "title"?',
    ]


def test_guiding_questions_must_all_be_translated(folder):
    text = GERMAN.replace('["Ist es der erste?", "Wirklich?"]', '["Ist es der erste?"]')
    assert problems(folder, text) == [
        "mine.de.yaml, line 26, items.mine/01.guiding_questions: the framework has 2 here, "
        "the translation 1; translate each one, in the same order"
    ]


def test_missing_level_and_unknown_level(folder):
    text = GERMAN.replace("{value: 1, label: Begonnen}", "{value: 5, label: Begonnen}")
    assert problems(folder, text) == [
        'mine.de.yaml, line 16, scales.maturity.levels: the level 1 ("Started") is missing',
        "mine.de.yaml, line 18, scales.maturity.levels[1].value: 5 is not a level of the "
        "scale maturity (its levels: 0, 1)",
    ]


def test_the_mark_of_the_translation_is_required(folder):
    text = GERMAN.replace("  note: Inoffizielle Übersetzung.\n", "")
    assert problems(folder, text) == [
        'mine.de.yaml, line 4, translation: the required field "note" is missing'
    ]


def test_language_must_match_the_file_name(folder):
    assert problems(folder, GERMAN, name="mine.fr.yaml") == [
        'mine.fr.yaml, line 3, language: the language "de" differs from the file name; '
        'name the file "mine.de.yaml" or change the language to "fr"'
    ]


def test_a_translation_of_another_version_is_refused(folder):
    text = GERMAN.replace('framework_version: "2"', 'framework_version: "1"')
    assert problems(folder, text) == [
        'mine.de.yaml, line 2, framework_version: translates version "1" of mine, but the '
        'framework is version "2"; check the changed texts and update framework_version'
    ]


def test_loading_a_broken_translation_raises_the_same_sentences(folder):
    write_translation(folder, GERMAN.replace("  mine/01:\n", "  mine/09:\n"))
    with pytest.raises(FrameworkError, match=r"mine.de.yaml, line 23, items.mine/09"):
        load_framework("mine", lang="de")


def test_yaml_rules_of_framework_files_hold_for_translations(folder):
    text = textwrap.dedent(
        """\
        framework: mine
        framework_version: "2"
        language: de
        title: &t Mein Rahmen
        """
    )
    assert problems(folder, text) == [
        "mine.de.yaml, line 4: YAML anchors and aliases (&name, *name) are not allowed in a "
        "framework file; write the text out where it is needed"
    ]
