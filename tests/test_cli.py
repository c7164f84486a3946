"""The ``inclusion-workbook frameworks`` verbs, run in-process and once as a real process."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from inclusion_widgets.cli import main


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands answer in the terminal's language: these tests read English."""
    monkeypatch.setenv("LANGUAGE", "en")


ROOT = Path(__file__).resolve().parent.parent
BROKEN = """\
id: mine
version: "1"
title: Mine
source: {publisher: Tests, year: 2026}
scale: maturity
scales:
  - id: maturity
    title: Maturity
    levels: [{value: 0, label: No}]
groups:
  - id: mine/g
    title: Group
    items:
      - {id: mine/01, titel: One, source: {publisher: Tests, year: 2026}}
"""


def test_list_shows_every_framework_with_items_and_source(capsys):
    assert main(["frameworks", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "ITEMS", "LANGUAGES", "SOURCE"]
    oecd = next(line for line in lines if line.startswith("oecd-12 "))
    assert "OECD 12-point checklist for local integration" in oecd
    assert " 12  en " in oecd and " fr " in oecd  # its own language first
    assert oecd.endswith("  OECD / European Commission (2018)")
    assert [line.split()[0] for line in lines[1:]] == [
        "inclucities-city-for-all",
        "inclucities-gender",
        "inclucities-labour",
        "inclucities-language",
        "liat",
        "oecd-12",
    ]


def test_list_reports_a_broken_file_on_the_path_but_still_lists(tmp_path, monkeypatch, capsys):
    (tmp_path / "mine.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(tmp_path))
    assert main(["frameworks", "list"]) == 0
    captured = capsys.readouterr()
    assert "oecd-12" in captured.out and "mine" not in captured.out
    assert "mine.yaml, line 9, scales[0].levels: a scale needs at least 2 levels" in captured.err


def test_show_outlines_groups_items_marks_context_and_scale(capsys):
    assert main(["frameworks", "show", "inclucities-labour"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("inclucities-labour: IncluCities benchmark: labour market integration\n")
    assert "Key factors  (inclucities-labour/key-factors)" in out
    assert (
        "  inclucities-labour/kf-01  Participation tools for migrants and local residents\n" in out
    )
    kf5 = "inclucities-labour/kf-05  Skills assessment and recognition of qualifications"
    assert f"{kf5}  [reconstructed]" in out
    assert "      ? Who takes part in it?" in out
    assert "Context questions (answered with text, not scored)" in out
    assert "inclucities-labour/context-01" in out
    assert "Scale maturity: Maturity (project scale)  (default)" in out
    assert "  4  Embedded and evaluated:" in out
    assert "never counted as a level: Don't know, Not applicable" in out


def test_show_marks_partly_found_items(capsys):
    assert main(["frameworks", "show", "oecd-12"]) == 0
    out = capsys.readouterr().out
    assert (
        "oecd-12/04  Integration over time, through lifetimes and changes of status  [partly found]"
        in out
    )
    assert "Block 4. Sectoral policies tailored to integration  (oecd-12/block-4)" in out


def test_show_unknown_id_is_a_sentence(capsys):
    assert main(["frameworks", "show", "nope"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "nope: no framework has this id (known: inclucities-city-for-all"
    )


def _with_translations(name: str) -> list[str]:
    """A shipped framework file and the translation files beside it, as validate lists them."""
    file = ROOT / "frameworks" / name
    beside = sorted((ROOT / "frameworks" / "translations").glob(f"{file.stem}.*.yaml"))
    return [f"{path}: ok" for path in (file, *beside)]


def test_validate_says_ok_per_valid_file_and_checks_its_translations(capsys):
    files = [str(ROOT / "frameworks" / name) for name in ("oecd-12.yaml", "liat.yaml")]
    assert main(["frameworks", "validate", *files]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == _with_translations("oecd-12.yaml") + _with_translations("liat.yaml")
    assert f"{ROOT / 'frameworks' / 'translations' / 'oecd-12.fr.yaml'}: ok" in out


def test_validate_a_translation_file_against_its_framework(tmp_path, capsys):
    shipped = ROOT / "frameworks" / "translations" / "oecd-12.fr.yaml"
    assert main(["frameworks", "validate", str(shipped)]) == 0
    assert capsys.readouterr().out == f"{shipped}: ok\n"
    broken = tmp_path / "oecd-12.fr.yaml"
    broken.write_text(
        shipped.read_text("utf-8").replace("  oecd-12/12:", "  oecd-12/13:"), encoding="utf-8"
    )
    assert main(["frameworks", "validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("oecd-12.fr.yaml, line ")
    assert ', items.oecd-12/13: "oecd-12/13" is not an item of oecd-12 (its ids: ' in out


def test_show_in_another_language_marks_the_translation_and_what_is_not_translated(capsys):
    assert main(["frameworks", "show", "oecd-12", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "oecd-12: Liste de contrôle de l'OCDE en 12 points pour l'intégration locale\n"
    )
    assert "Traduction non officielle du projet inclusion-workbook" in " ".join(out.split())
    assert "oecd-12/01  Coordination verticale à l'échelle pertinente  [" in out
    assert "Je ne sais pas, Sans objet" in out
    assert main(["frameworks", "show", "oecd-12", "--lang", "pt"]) == 0
    out = capsys.readouterr().out
    assert "oecd-12/01  Vertical coordination at the relevant scale  [reconstructed]" in out
    assert "[not translated: en]" in out


def test_validate_lists_every_problem_and_fails(tmp_path, capsys):
    good = str(ROOT / "frameworks" / "oecd-12.yaml")
    bad = tmp_path / "mine.yaml"
    bad.write_text(BROKEN, encoding="utf-8")
    assert main(["frameworks", "validate", good, str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        *_with_translations("oecd-12.yaml"),
        "mine.yaml, line 9, scales[0].levels: a scale needs at least 2 levels, found 1",
        "mine.yaml, line 9, scales[0].levels[0].label: expected text, found true or false; "
        "put it in quotes if it is meant as text",
        'mine.yaml, line 14, groups[0].items[0]: the required field "title" is missing',
        'mine.yaml, line 14, groups[0].items[0].titel: "titel" is not a known field; '
        'did you mean "title"?',
    ]


def test_validate_answers_in_the_language_asked_for_with_file_line_and_field(tmp_path, capsys):
    bad = tmp_path / "mine.yaml"
    bad.write_text(BROKEN, encoding="utf-8")
    shipped = ROOT / "frameworks" / "translations" / "oecd-12.fr.yaml"
    translation = tmp_path / "oecd-12.fr.yaml"
    translation.write_text(
        shipped.read_text("utf-8").replace("  oecd-12/12:", "  oecd-12/13:"), encoding="utf-8"
    )
    assert main(["frameworks", "validate", "--lang", "fr", str(bad), str(translation)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [
        "mine.yaml, ligne 9, scales[0].levels : une échelle a besoin d'au moins 2 niveaux, "
        "celle-ci en a 1",
        "mine.yaml, ligne 9, scales[0].levels[0].label : attendu : du texte, "
        "trouvé : vrai ou faux (true ou false) ; mettez-le entre guillemets s'il s'agit d'un texte",
        "mine.yaml, ligne 14, groups[0].items[0] : le champ obligatoire « title » manque",
        "mine.yaml, ligne 14, groups[0].items[0].titel : « titel » n'est pas un champ connu ; "
        "vouliez-vous dire « title » ?",
    ]
    line = next(each for each in out[4:] if "items.oecd-12/13" in each)
    assert line.startswith("oecd-12.fr.yaml, ligne ")
    assert ", items.oecd-12/13 : « oecd-12/13 » n'est pas un point de oecd-12 (ses " in line
    assert not [each for each in out if " is " in each or "missing" in each]


def test_validate_a_folder_or_missing_file_without_traceback(tmp_path, capsys):
    missing = tmp_path / "missing.yaml"
    assert main(["frameworks", "validate", str(tmp_path), str(missing)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path}: is a folder, not a framework file",
        f"{missing}: the file cannot be read (no such file or directory)",
    ]


def test_schema_prints_a_path_an_editor_can_use(capsys):
    assert main(["frameworks", "schema"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "framework.schema.json"
    assert json.loads(path.read_text("utf-8"))["title"] == "Inclusion workbook framework"


def test_schema_content_is_the_json_schema(capsys):
    assert main(["frameworks", "schema", "--content"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["required"][:2] == ["id", "version"]


def test_no_verb_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "frameworks" in capsys.readouterr().out
    assert main(["frameworks"]) == 2
    assert "validate" in capsys.readouterr().out


def test_usage_error_returns_two(capsys):
    assert main(["frameworks", "validate"]) == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_module_entry_point_runs_list():
    result = subprocess.run(
        [sys.executable, "-m", "inclusion_widgets.cli", "frameworks", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert any(line.startswith("oecd-12 ") for line in result.stdout.splitlines())


# --- export and import -----------------------------------------------------------------


def _store_with_session(tmp_path, mini_framework):
    from inclusion_widgets.records import Answer, AnswerKind
    from inclusion_widgets.store import Store

    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    store = Store(url)
    info, _ = store.create_session(mini_framework, "Workshop", "Riga", "Lyon")
    person, _ = store.join(info.code, "Ilze", "Riga", "City", "mentee")
    store.save_answer(info.code, person.id, Answer("mini/01", AnswerKind.LEVEL, 2, note="ok"))
    store.close()
    return url, info.code


def test_export_writes_csvs_bundle_and_report(tmp_path, mini_framework, capsys):
    url, code = _store_with_session(tmp_path, mini_framework)
    out = tmp_path / "out"
    assert main(["export", "--session", code, "--db", url, "--out", str(out)]) == 0
    names = [
        "answers.csv",
        "actions.csv",
        "agreed.csv",
        "plan.csv",
        "summary.csv",
        "bundle.zip",
        "report.html",
    ]
    assert capsys.readouterr().out.splitlines() == [str(out / f"{code}-{n}") for n in names]
    assert "Coordination across levels" in (out / f"{code}-report.html").read_text("utf-8")


def test_export_of_an_unknown_session_is_a_sentence(tmp_path, mini_framework, capsys):
    url, _ = _store_with_session(tmp_path, mini_framework)
    assert main(["export", "--session", "NOPE99", "--db", url, "--out", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == "There is no session with the code “NOPE99”. Nothing was exported.\n"
    assert captured.out == "" and not list(tmp_path.glob("NOPE99*"))


def test_export_says_why_it_refused_in_the_language_asked_for(tmp_path, mini_framework, capsys):
    url, _ = _store_with_session(tmp_path, mini_framework)
    argv = ["export", "--session", "NOPE99", "--db", url, "--out", str(tmp_path), "--lang", "it"]
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        "Non esiste una sessione con il codice «NOPE99». Non è stato esportato nulla.\n"
    )
    argv = ["export", "--session", "ABC", "--db", "not a url", "--out", str(tmp_path)]
    assert main([*argv, "--lang", "de"]) == 1
    assert capsys.readouterr().err.startswith("Die Speicheradresse „not a url“ ist keine")


def test_export_to_a_bad_store_address_is_a_sentence(tmp_path, capsys):
    argv = ["export", "--session", "ABC", "--db", "not a url", "--out", str(tmp_path)]
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        "The store address “not a url” is not a database URL. Nothing was exported.\n"
    )


def test_import_restores_a_bundle_and_prints_the_new_key(tmp_path, mini_framework, capsys):
    from inclusion_widgets.store import Store

    url, code = _store_with_session(tmp_path, mini_framework)
    main(["export", "--session", code, "--db", url, "--out", str(tmp_path / "out")])
    capsys.readouterr()
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    bundle = str(tmp_path / "out" / f"{code}-bundle.zip")
    assert main(["import", bundle, "--db", fresh]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first == f"Added 1, updated 0, skipped 0 (session {code})."
    assert second.startswith(f"Session {code} was restored; its facilitator key is ")
    assert Store(fresh).check_key(code, second.rsplit(" ", 1)[1])
    assert main(["import", bundle, "--db", fresh]) == 0
    assert capsys.readouterr().out == f"Added 0, updated 0, skipped 1 (session {code}).\n"


def test_import_of_bad_files_lists_every_sentence_and_writes_nothing(
    tmp_path, mini_framework, capsys
):
    from inclusion_widgets.store import Store

    url, code = _store_with_session(tmp_path, mini_framework)
    main(["export", "--session", code, "--db", url, "--out", str(tmp_path / "out")])
    capsys.readouterr()
    answers = (tmp_path / "out" / f"{code}-answers.csv").read_bytes()
    changed = tmp_path / "changed.csv"
    changed.write_bytes(answers.replace(b",ok,", b",changed,"))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(answers.replace(b",2,In progress,", b",9,In progress,"))
    missing = tmp_path / "missing.csv"
    assert main(["import", str(changed), str(broken), str(missing), "--db", url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{missing}: the file cannot be read (No such file or directory).",
        "Nothing was imported.",
    ]
    assert main(["import", str(changed), str(broken), "--db", url]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'broken.csv, row 2, column "level": 9 is not a level of the scale (0, 1, 2, 3).',
        "Nothing was imported.",
    ]
    assert [a.answer.note for a in Store(url).answers(code)] == ["ok"]


# --- participants ----------------------------------------------------------------------


def test_participant_list_remove_and_merge_fix_someone_who_joined_twice(
    tmp_path, mini_framework, capsys
):
    from inclusion_widgets.records import Answer, AnswerKind
    from inclusion_widgets.store import Store

    url, code = _store_with_session(tmp_path, mini_framework)
    store = Store(url)
    again = store.join(code, "Ilze", "Riga", "City", "mentee")[0].id
    store.save_answer(code, again, Answer("mini/02", AnswerKind.LEVEL, 1))
    stray = store.join(code, "Ilze", "Riga", "City", "mentee")[0].id
    assert main(["participant", "list", "--session", code, "--db", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "CITY", "ORGANISATION", "ROLE", "ANSWERS", "JOINED"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["1", "Ilze", "Riga"],
        [str(again), "Ilze", "(2)"],
        [str(stray), "Ilze", "(3)"],
    ]
    assert main(["participant", "merge", "--session", code, "--db", url, "1", str(again)]) == 0
    assert capsys.readouterr().out == (
        f"Merged participant {again} into 1 (Ilze): 1 answer or action added, 0 updated, "
        "0 kept only in the history.\n"
    )
    assert main(["participant", "remove", "--session", code, "--db", url, str(stray)]) == 0
    assert capsys.readouterr().out == (
        f"Removed participant {stray} (Ilze (2)); their answers stay in the history.\n"
    )
    assert [p.id for p in store.participants(code)] == [1]
    assert {a.answer.item_id for a in store.answers(code)} == {"mini/01", "mini/02"}
    assert main(["participant", "remove", "--session", code, "--db", url, "77"]) == 1
    assert capsys.readouterr().err == (
        f"There is no participant 77 in the session {code}. Nothing was changed.\n"
    )


def test_session_new_sets_the_language_pages_open_in(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    args = ["session", "new", "--framework", "oecd-12", "--title", "Larissa", "--db", url]
    assert main([*args, "--lang", "el"]) == 0
    from inclusion_widgets.store import Store

    [info] = Store(url).sessions()
    assert info.language == "el"
    assert main([*args, "--lang", "tlh"]) == 1
    assert "“tlh” is not a language of the interface" in capsys.readouterr().err


def test_session_new_speaks_the_session_language_or_the_terminal_one(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    args = ["session", "new", "--framework", "oecd-12", "--title", "Larissa", "--db", url]
    assert main([*args, "--lang", "el"]) == 0
    printed = capsys.readouterr().out
    assert "Κωδικός συνεδρίας:" in printed and "Session code" not in printed
    monkeypatch.setenv("LANGUAGE", "fr")
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Code de la session :" in printed and "Session code" not in printed
    from inclusion_widgets.store import Store

    assert [info.language for info in Store(url).sessions()] == ["el", "en"]


def test_participant_commands_speak_the_language_asked_for(tmp_path, mini_framework, capsys):
    url, code = _store_with_session(tmp_path, mini_framework)
    assert main(["participant", "list", "--session", code, "--db", url, "--lang", "fr"]) == 0
    assert capsys.readouterr().out.split()[:3] == ["ID", "NOM", "VILLE"]
    remove = ["participant", "remove", "--session", code, "--db", url, "77"]
    assert main([*remove, "--lang", "fr"]) == 1
    assert capsys.readouterr().err == (
        f"Il n'y a pas de participant 77 dans la session {code}. Rien n'a été modifié.\n"
    )


def test_import_speaks_the_language_asked_for(tmp_path, mini_framework, capsys):
    url, code = _store_with_session(tmp_path, mini_framework)
    main(["export", "--session", code, "--db", url, "--out", str(tmp_path / "out")])
    capsys.readouterr()
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    bundle = str(tmp_path / "out" / f"{code}-bundle.zip")
    assert main(["import", bundle, "--db", fresh, "--lang", "fr"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first == f"Ajoutés : 1, mis à jour : 0, ignorés : 0 (session {code})."
    assert second.startswith(f"La session {code} a été restaurée ; sa clé d'animation est ")
    assert main(["import", str(tmp_path / "nope.csv"), "--db", fresh, "--lang", "fr"]) == 1
    assert capsys.readouterr().err.endswith("Rien n'a été importé.\n")


def test_session_new_prints_the_presenter_key_and_the_room_screen_link(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    args = ["session", "new", "--framework", "oecd-12", "--title", "Larissa", "--db", url]
    assert main(args) == 0
    printed = capsys.readouterr().out
    found = re.search(r"Room screen:\s+(\S+presenter\.ipynb\?session=(\S+)&key=(\S+))", printed)
    assert found, printed
    presenter_key = found.group(3)
    assert re.search(rf"Presenter key:\s+{re.escape(presenter_key)}\s", printed)
    from inclusion_widgets.store import Store

    store = Store(url)
    assert store.open_room(found.group(2), presenter_key).title == "Larissa"
    assert not store.check_key(found.group(2), presenter_key)
