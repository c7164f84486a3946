"""The interface in eight languages: catalogs complete and compiled, plurals, dates, numbers,
and the report and the CLI translated end to end."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from inclusion_widgets.i18n import (
    LANGUAGES,
    language_choices,
    language_from_env,
    locale_folder,
    normalize,
    translator,
)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [language for language in LANGUAGES if language != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "N_plural": (1, 2),
}


def catalog(language: str):
    path = locale_folder() / language / "LC_MESSAGES" / "inclusion_widgets.po"
    with path.open("rb") as stream:
        return read_po(stream, locale=language)


def compiled(language: str):
    path = locale_folder() / language / "LC_MESSAGES" / "inclusion_widgets.mo"
    with path.open("rb") as stream:
        return read_mo(stream)


def messages(language: str) -> list:
    return [message for message in catalog(language) if message.id]


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def texts(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


# --- the catalogs -----------------------------------------------------------------------


def test_there_is_a_catalog_per_language_and_english_is_the_source():
    assert {"en", "fr", "nl", "es", "it", "el", "lv", "de"} <= set(LANGUAGES)
    found = sorted(path.parent.parent.name for path in locale_folder().glob("*/LC_MESSAGES/*.po"))
    assert found == sorted(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    untranslated = [m.id for m in messages(language) if not all(texts(m.string))]
    fuzzy = [m.id for m in messages(language) if m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert catalog(language).num_plurals == (3 if language == "lv" else 2)
    assert all(
        len(texts(m.string)) == catalog(language).num_plurals
        for m in messages(language)
        if m.pluralizable
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_the_english(language):
    wrong = []
    for message in messages(language):
        expected = set().union(*(placeholders(text) for text in texts(message.id)))
        for text in texts(message.string):
            if placeholders(text) != expected and not (
                # A singular form may say "one" instead of the number.
                message.pluralizable and placeholders(text) < expected
            ):
                wrong.append((message.id, text))
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_that_of_its_source(language):
    source = {(texts(m.id), m.context): texts(m.string) for m in messages(language)}
    shipped = {(texts(m.id), m.context): texts(m.string) for m in compiled(language) if m.id}
    assert shipped == source, "run: bash scripts/catalogs.sh compile"


def test_every_message_of_the_code_is_in_every_catalog():
    found = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(
            ROOT / "inclusion_widgets",
            method_map=[("**.py", "python"), ("**/templates/**.jinja", "jinja2")],
            options_map={"**/templates/**.jinja": {"extensions": "jinja2.ext.i18n"}},
            keywords=KEYWORDS,
        )
    }
    assert "Where the group stands" in found and "[reconstructed]" in found
    for language in TRANSLATED:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in messages(language)}
        assert found - known == set(), f"{language}: run bash scripts/catalogs.sh"


# --- plurals, dates and numbers ---------------------------------------------------------


def test_latvian_has_three_plural_forms():
    t = translator("lv")
    forms = {n: t.ngettext("{n} answer", "{n} answers", n) for n in (1, 2, 0, 21, 11)}
    forms = {n: t.ngettext("%(num)s answer", "%(num)s answers", n) for n in forms}
    assert forms[1] == forms[21] == "%(num)s atbilde"
    assert forms[2] == forms[11] == "%(num)s atbildes"
    assert forms[0] == "%(num)s atbilžu"


def test_french_counts_zero_as_singular_and_english_does_not():
    singular, plural = "%(num)s answer", "%(num)s answers"
    assert translator("fr").ngettext(singular, plural, 0) == "%(num)s réponse"
    assert translator("en").ngettext(singular, plural, 0) == plural


def test_dates_and_numbers_follow_the_language():
    day = date(2026, 11, 26)
    assert translator("el").format_date(day) == "26 Νοεμβρίου 2026"
    assert translator("lv").format_date(day) == "2026. gada 26. novembris"
    assert translator("en").format_date(day) == "26 November 2026"
    assert translator("de").format_number(1234.5) == "1.234,5"
    assert translator("fr").format_number(1234.5) == "1\u202f234,5"
    assert translator("en").format_time(datetime(2026, 11, 26, 14, 3)) == "14:03"


def test_language_codes_from_addresses_and_terminals():
    assert normalize("el-GR") == "el" and normalize("lv_LV.UTF-8") == "lv"
    assert normalize("pt") == "en" and normalize(None) == "en"
    assert language_from_env({"LANG": "de_AT.UTF-8"}) == "de"
    assert language_from_env({"LANGUAGE": "pt:fr", "LANG": "de_DE.UTF-8"}) == "fr"
    assert language_from_env({"LC_ALL": "C.UTF-8", "LANG": "el_GR.UTF-8"}) == "en"
    assert language_from_env({}) == "en"


def test_the_plural_categories_written_out_are_babels():
    from babel import Locale

    from inclusion_widgets.i18n import _PLURAL_SAMPLES

    for language in LANGUAGES:
        rule = Locale.parse(language).plural_form
        assert {rule(count): count for count in _PLURAL_SAMPLES[language].values()} == (
            _PLURAL_SAMPLES[language]
        )
        assert set(_PLURAL_SAMPLES[language]) == set(rule.tags) | {"other"}


def test_each_language_is_named_in_itself():
    names = dict((code, name) for name, code in language_choices())
    assert names["el"] == "Ελληνικά" and names["lv"] == "Latviešu" and names["fr"] == "Français"
    from babel import Locale

    for code, name in names.items():  # written out for the kernels' memory, as Babel says
        babel_name = Locale.parse(code).get_display_name(code)
        assert name == babel_name[:1].upper() + babel_name[1:]


# --- the report and the command line in French ------------------------------------------


def test_the_report_comes_out_in_french_with_the_framework_in_french(tmp_path):
    from inclusion_widgets.cli import main
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.records import Answer, AnswerKind
    from inclusion_widgets.store import Store

    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    store = Store(url)
    info, _ = store.create_session(load_framework("oecd-12"), "Atelier", "Riga", "Lyon")
    for name, level in (("Ilze", 1), ("Jean", 3)):
        person, _ = store.join(info.code, name, "Riga", "Ville", "mentee")
        note = f"Note de {name}"
        store.save_answer(info.code, person.id, Answer("oecd-12/01", AnswerKind.LEVEL, level, note))
    store.close()
    out = tmp_path / "out"
    assert (
        main(["export", "--session", info.code, "--db", url, "--out", str(out), "--lang", "fr"])
        == 0
    )
    page = html.unescape((out / f"{info.code}-report.html").read_text("utf-8"))
    assert '<html lang="fr">' in page
    for french in (
        "Où en est le groupe",
        "Là où le groupe diverge",
        "Plan d'action",
        "Coordination verticale à l'échelle pertinente",
        "Traduction non officielle du projet inclusion-workbook",
        "Note de Jean",
        "ville accompagnée\u00a0: 2",
    ):
        assert french in page, french
    for english in ("Where the group stands", "Action plan", "Vertical coordination", "Held on"):
        assert english not in page, english
    # The CSV keeps the framework's canonical titles.
    answers = (out / f"{info.code}-answers.csv").read_text("utf-8-sig")
    assert "Vertical coordination at the relevant scale" in answers
    assert "Coordination verticale" not in answers


def test_frameworks_show_speaks_the_language_asked_for(capsys, monkeypatch):
    from inclusion_widgets.cli import main

    assert main(["frameworks", "show", "oecd-12", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "\nVersion 1, langue fr\n" in out
    assert "\nSource\u00a0: OECD / European Commission (2018)" in out
    assert "Traduction (traduction non officielle, par inclusion-workbook project)" in out
    monkeypatch.setenv("LANGUAGE", "lv")
    assert main(["frameworks", "list"]) == 0
    assert capsys.readouterr().out.split()[:5] == ["ID", "NOSAUKUMS", "PUNKTI", "VALODAS", "AVOTS"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_says_it_is_the_projects_own_translation(language):
    assert "the project's own translation" in catalog(language).last_translator
    assert "unofficial translation" in catalog(language).language_team


def test_no_message_is_translated_inside_an_f_string():
    """The extractor cannot read an f-string's expressions: a message there would never
    reach the catalogs and would stay English in every language."""
    import ast

    names = {"_", "gettext", "ngettext", "pgettext", "N_", "N_plural"}
    hidden = []
    for path in sorted((ROOT / "inclusion_widgets").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    func = call.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in names:
                        hidden.append(f"{path.name}:{call.lineno}")
    assert hidden == []


def _unmarked_sentences(classes: set[str], argument: int, within: str = "") -> list[str]:
    """Where the package makes one of ``classes`` with a sentence the catalogs do not hold:
    a message marked with ``N_``, a name bound to one, or another error's template passed
    on with its values are the only sentences a page can translate."""
    import ast

    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "inclusion_widgets").rglob("*.py"))
    }
    checked = {
        path: tree for path, tree in trees.items() if within in path.relative_to(ROOT).as_posix()
    }
    marked = {
        target.id
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", "") == "N_"
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    unmarked = []
    for path, tree in checked.items():
        parameters: dict[ast.AST, set[str]] = {}
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                names = {arg.arg for arg in (*function.args.args, *function.args.kwonlyargs)}
                for inner in ast.walk(function):
                    parameters[inner] = names
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in classes
                and len(node.args) > argument
            ):
                continue
            sentence = node.args[argument]
            passed_on = isinstance(sentence, ast.Attribute) and (
                any(keyword.arg == "params" for keyword in node.keywords)
                or len(node.args) > argument + 1
            )
            choices = (
                (sentence.body, sentence.orelse) if isinstance(sentence, ast.IfExp) else (sentence,)
            )
            if not all(
                (isinstance(choice, ast.Call) and getattr(choice.func, "id", "") == "N_")
                or (isinstance(choice, ast.Name) and choice.id in marked)
                # Passed on from the caller, whose own call is checked here too.
                or (isinstance(choice, ast.Name) and choice.id in parameters.get(node, ()))
                or isinstance(choice, ast.Starred)
                or passed_on
                for choice in choices
            ):
                unmarked.append(f"{path.name}:{node.lineno}")
    return unmarked


def test_every_sentence_the_store_refuses_with_is_in_the_catalogs():
    assert _unmarked_sentences({"StoreError", "ChangeRefused", "StoreUnreachable"}, 0) == []


def test_every_problem_a_check_finds_is_in_the_catalogs():
    assert _unmarked_sentences({"Problem"}, 1, within="inclusion_widgets/checks.py") == []


@pytest.mark.parametrize(("made_by", "argument"), [({"problem", "fail"}, 1), ({"Sentence"}, 0)])
def test_every_problem_an_import_finds_is_in_the_catalogs(made_by, argument):
    unmarked = _unmarked_sentences(made_by, argument, within="exchange/")
    assert unmarked == []


@pytest.mark.parametrize(("made_by", "argument"), [({"Problem"}, 1), ({"Sentence"}, 0)])
def test_every_problem_a_framework_file_check_finds_is_in_the_catalogs(made_by, argument):
    assert _unmarked_sentences(made_by, argument, within="inclusion_widgets/frameworks/") == []


def test_every_edit_a_widget_refuses_is_refused_with_a_sentence_of_its_labels():
    """A widget's labels are in the catalogs and translated into its language
    (``widgets/labels.py``): a refusal said with one reaches the page in that language."""
    import ast

    def from_labels(node: ast.expr) -> bool:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return node.func.attr == "format" and from_labels(node.func.value)
        return isinstance(node, ast.Subscript) and getattr(node.value, "attr", "") == "labels"

    unlabelled = [
        f"{path.name}:{node.lineno}"
        for path in sorted((ROOT / "inclusion_widgets" / "widgets").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "EditRefused"
        and not (node.args and from_labels(node.args[0]))
    ]
    assert unlabelled == []


def test_a_refusal_from_the_store_is_said_whole_in_the_persons_language(tmp_path, mini_framework):
    from inclusion_widgets.records import Answer, AnswerKind
    from inclusion_widgets.store import ChangeRefused, Store

    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    info, _key = store.create_session(mini_framework, "Workshop")
    ana, _ = store.join(info.code, "Ana", "Riga")
    long_note = Answer("mini/01", AnswerKind.LEVEL, 1, note="x" * 20_001)
    with pytest.raises(ChangeRefused) as refused:
        store.save_answer(info.code, ana.id, long_note)
    said = {
        language: translator(language).sentence(refused.value.template, refused.value.params)
        for language in ("en", "de", "el")
    }
    assert said == {
        "en": "The note of the answer to “mini/01” has 20,001 characters; at most 20,000 are kept.",
        "de": "Das Feld „Notiz“ (Antwort zu „mini/01“) hat 20.001 Zeichen; höchstens 20.000 "
        "werden behalten.",
        "el": "Το πεδίο «σημείωση» (απάντηση στο «mini/01») έχει 20.001 χαρακτήρες· κρατούνται "
        "το πολύ 20.000.",
    }
