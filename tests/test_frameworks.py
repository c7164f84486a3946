"""The shipped frameworks load with the expected shape, and broken files are explained."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inclusion_widgets.frameworks import (
    FrameworkError,
    Provenance,
    list_frameworks,
    load_framework,
)
from inclusion_widgets.frameworks.loader import shipped_folder

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(path.stem for path in (ROOT / "frameworks").glob("*.yaml"))
INCLUCITIES = [
    "inclucities-city-for-all",
    "inclucities-gender",
    "inclucities-labour",
    "inclucities-language",
]

# A valid framework that the broken-file tests change one line at a time.
VALID = """\
id: broken
version: "1"
title: A framework for tests
source: {publisher: Tests, year: 2026}
scale: maturity
scales:
  - id: maturity
    title: Maturity
    levels:
      - {value: 0, label: Not started}
      - {value: 1, label: Started}
groups:
  - id: broken/g1
    title: Group one
    items:
      - id: broken/01
        title: First item
        source: {publisher: Tests, year: 2026, item: "1"}
      - id: broken/02
        title: Second item
        source: {publisher: Tests, year: 2026, item: "2"}
"""


def write(folder: Path, text: str | bytes, name: str = "broken.yaml") -> Path:
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    return [str(problem) for problem in caught.value.problems]


# --- the shipped frameworks -------------------------------------------------------------


def test_every_shipped_framework_loads_and_is_listed():
    assert SHIPPED == sorted(["liat", "oecd-12", *INCLUCITIES])
    assert shipped_folder() == ROOT / "frameworks"
    assert [framework.id for framework in list_frameworks()] == SHIPPED
    for framework_id in SHIPPED:
        assert load_framework(framework_id).id == framework_id


def test_oecd_has_twelve_items_in_four_blocks():
    oecd = load_framework("oecd-12")
    assert [item.id for item in oecd.items] == [f"oecd-12/{n:02d}" for n in range(1, 13)]
    assert [group.id for group in oecd.groups] == [f"oecd-12/block-{n}" for n in range(1, 5)]
    assert [len(group.items) for group in oecd.groups] == [3, 2, 3, 4]
    assert oecd.group_of("oecd-12/09").id == "oecd-12/block-4"
    assert oecd.item("oecd-12/10").source.item == "Objective 10 (Block 4)"
    partly = [item.id for item in oecd.items if item.provenance is Provenance.PARTLY_FOUND]
    assert partly == [f"oecd-12/{n:02d}" for n in range(4, 9)]


@pytest.mark.parametrize("framework_id", INCLUCITIES)
def test_each_inclucities_benchmark_has_key_factors_and_context_questions(framework_id):
    framework = load_framework(framework_id)
    assert len(framework.items) >= 6
    assert len(framework.context_questions) >= 4
    assert all(item.guiding_questions for item in framework.items)
    assert all(q.id.startswith(f"{framework_id}/context-") for q in framework.context_questions)


def test_inclucities_labour_keeps_the_four_found_key_factors():
    labour = load_framework("inclucities-labour")
    found = [item.id for item in labour.items if item.provenance is Provenance.FOUND]
    assert found == [f"inclucities-labour/kf-{n:02d}" for n in range(1, 5)]


def test_liat_objectives_are_grouped_in_nine_areas():
    liat = load_framework("liat")
    assert [len(group.items) for group in liat.groups] == [3, 2, 2, 2, 1, 1, 2, 2, 1]
    assert liat.item("liat/7.2").title.startswith("Support for migrant-led")
    assert all(item.provenance is Provenance.RECONSTRUCTED for item in liat.items)


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_reconstructed_content_says_so_and_can_be_replaced(framework_id):
    framework = load_framework(framework_id)
    marked = [item for item in framework.items if item.provenance is not Provenance.FOUND]
    marked += [q for q in framework.context_questions if q.provenance is not Provenance.FOUND]
    assert marked, "every shipped framework has some reconstructed content"
    assert "reconstructed" in framework.description
    assert "INCLUSION_FRAMEWORKS_PATH" in framework.description
    assert f"id {framework_id}," in framework.description
    assert "replace" in framework.description


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_scale_is_the_projects_five_levels_with_two_non_levels(framework_id):
    framework = load_framework(framework_id)
    scale = framework.get_scale()
    assert scale.values == (0, 1, 2, 3, 4)
    assert all(level.label and level.description for level in scale.levels)
    assert "project's design" in scale.description
    assert (scale.dont_know_label, scale.not_applicable_label) == ("Don't know", "Not applicable")
    assert {level.label for level in scale.levels}.isdisjoint({"Don't know", "Not applicable"})


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_ids_are_stable_and_start_with_the_framework_id(framework_id):
    framework = load_framework(framework_id)
    ids = [group.id for group in framework.groups] + [item.id for item in framework.items]
    ids += [question.id for question in framework.context_questions]
    assert len(ids) == len(set(ids))
    assert all(identifier.startswith(f"{framework_id}/") for identifier in ids)
    assert all(item.source.publisher and item.source.year for item in framework.items)
    assert all(item.source.item for item in framework.items)
    # Loading twice gives the same ids in the same order: exports refer to them.
    assert [item.id for item in load_framework(framework.path or "").items] == [
        item.id for item in framework.items
    ]


# --- a facilitator's own frameworks -----------------------------------------------------


def test_frameworks_path_adds_and_overrides(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    write(first, VALID.replace("broken", "my-city"), "my-city.yaml")
    own_oecd = VALID.replace("broken", "oecd-12").replace("A framework for tests", "Our OECD")
    write(second, own_oecd, "oecd-12.yaml")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", f"{first}{os.pathsep}{second}")

    ids = [framework.id for framework in list_frameworks()]
    assert ids == sorted([*SHIPPED, "my-city"])
    assert load_framework("my-city").title == "A framework for tests"
    assert load_framework("oecd-12").title == "Our OECD"
    assert len(load_framework("oecd-12").items) == 2


def test_first_folder_of_the_path_wins(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    write(first, VALID.replace("A framework for tests", "From first"))
    write(second, VALID.replace("A framework for tests", "From second"))
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", f"{first}{os.pathsep}{second}")
    assert load_framework("broken").title == "From first"


def test_load_by_path(tmp_path):
    path = write(tmp_path, VALID)
    framework = load_framework(path)
    assert framework.id == "broken" and framework.path == str(path.resolve())
    assert load_framework(str(path)).items == framework.items


def test_unknown_id_names_the_known_ones():
    with pytest.raises(FrameworkError, match=r"no framework has this id \(known: .*oecd-12"):
        load_framework("oecd-13")


def test_a_file_named_differently_from_its_id_is_refused(tmp_path):
    path = write(tmp_path, VALID, "other.yaml")
    assert problems_of(path) == [
        'other.yaml, line 1, id: the id "broken" differs from the file name; '
        'name the file "broken.yaml" or change the id to "other"'
    ]


# --- broken files: one failure kind each -----------------------------------------------


def test_yaml_syntax_error(tmp_path):
    path = write(tmp_path, VALID.replace("title: Group one", "title: [Group one"))
    (message,) = problems_of(path)
    assert message.startswith("broken.yaml, line 15: YAML syntax error: ")


@pytest.mark.parametrize(
    ("mistake", "sentence"),
    [
        ("title: Group: one", "a colon and a space start a field here; put the text in quotes"),
        ("title Group one", 'a line is neither a field ("name: value") nor a list entry'),
        ("\ttitle: Group one", "a tab indents a line; indent with spaces"),
        ("title: [Group one", "a list in brackets [ ] is not closed"),
        ('title: "Group\\one"', "a backslash in double quotes starts an unknown escape"),
        ("title: `Group one`", "a value starts with a character YAML reserves; put it in quotes"),
    ],
)
def test_a_yaml_mistake_is_explained_in_our_words_not_the_parsers(tmp_path, mistake, sentence):
    path = write(tmp_path, VALID.replace("title: Group one", mistake))
    (message,) = problems_of(path)
    assert message.startswith("broken.yaml, line ")
    assert f": YAML syntax error: {sentence}" in message


def test_a_schema_rule_without_a_sentence_of_its_own_is_named_in_the_persons_language():
    from inclusion_widgets.frameworks.validation import read_document, schema_problems
    from inclusion_widgets.i18n import translator

    data, tree, _ = read_document("mine.yaml", b"id: other\n")
    schema = {"type": "object", "properties": {"id": {"const": "mine"}}}
    (found,) = schema_problems("mine.yaml", data, tree, schema)
    assert str(found) == 'mine.yaml, line 1, id: does not fit the file format (its rule "const" ' \
        "is not met)"  # fmt: skip
    assert found.said(translator("el")) == (
        "mine.yaml, γραμμή 1, id: δεν ταιριάζει στη μορφή του αρχείου (ο κανόνας της «const» "
        "δεν τηρείται)"
    )


def test_wrong_type(tmp_path):
    path = write(tmp_path, VALID.replace('year: 2026, item: "2"', 'year: twenty, item: "2"'))
    assert problems_of(path) == [
        "broken.yaml, line 21, groups[0].items[1].source.year: expected a whole number, found text"
    ]


def test_missing_required_field(tmp_path):
    path = write(tmp_path, VALID.replace("        title: Second item\n", ""))
    assert problems_of(path) == [
        'broken.yaml, line 19, groups[0].items[1]: the required field "title" is missing'
    ]


def test_unknown_field_suggests_the_right_one(tmp_path):
    path = write(
        tmp_path, VALID.replace("        title: First item\n", "        titel: First item\n")
    )
    found = problems_of(path)
    assert (
        'broken.yaml, line 17, groups[0].items[0].titel: "titel" is not a known field; '
        'did you mean "title"?' in found
    )
    assert (
        'broken.yaml, line 16, groups[0].items[0]: the required field "title" is missing' in found
    )


def test_duplicate_item_id(tmp_path):
    path = write(tmp_path, VALID.replace("id: broken/02", "id: broken/01"))
    assert problems_of(path) == [
        'broken.yaml, line 19, groups[0].items[1].id: "broken/01" is used twice (first at line 16)'
    ]


def test_item_whose_scale_does_not_exist(tmp_path):
    path = write(
        tmp_path,
        VALID.replace(
            "        title: Second item\n", "        title: Second item\n        scale: stars\n"
        ),
    )
    assert problems_of(path) == [
        'broken.yaml, line 21, groups[0].items[1].scale: the scale "stars" is not defined '
        "under scales (defined: maturity)"
    ]


def test_empty_group(tmp_path):
    text = VALID + "  - id: broken/g2\n    title: Empty group\n    items: []\n"
    path = write(tmp_path, text)
    assert problems_of(path) == [
        "broken.yaml, line 24, groups[1].items: the group has no items; a group needs at least one"
    ]


def test_scale_with_one_level(tmp_path):
    path = write(tmp_path, VALID.replace("      - {value: 1, label: Started}\n", ""))
    assert problems_of(path) == [
        "broken.yaml, line 9, scales[0].levels: a scale needs at least 2 levels, found 1"
    ]


def test_non_utf8_bytes(tmp_path):
    raw = VALID.replace("Second item", "Second ITEM").encode("utf-8").replace(b"ITEM", b"\xe9t\xe9")
    path = write(tmp_path, raw)
    assert problems_of(path) == [
        "broken.yaml, line 20: the file is not UTF-8 text (byte 0xE9 cannot be read); "
        "save it as UTF-8"
    ]


def test_file_over_one_megabyte(tmp_path):
    path = write(tmp_path, VALID + "# " + "x" * (1024 * 1024) + "\n")
    assert problems_of(path) == [
        "broken.yaml: the file is 1.0 MB; a framework file may be at most 1 MB"
    ]


def test_alias_bomb_is_refused_at_the_first_anchor(tmp_path):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    bomb += "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    path = write(tmp_path, bomb)
    assert problems_of(path) == [
        "broken.yaml, line 1: YAML anchors and aliases (&name, *name) are not allowed in a "
        "framework file; write the text out where it is needed"
    ]


def test_python_tag_is_refused_before_anything_runs(tmp_path):
    marker = tmp_path / "ran"
    text = VALID.replace(
        "title: A framework for tests",
        "title: !!python/object/apply:pathlib.Path.touch "
        f"[!!python/object/apply:pathlib.Path [{str(marker)!r}]]",
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    assert found[0].startswith(
        'broken.yaml, line 3, title: the YAML tag "!!python/object/apply:pathlib.Path.touch" '
        "is not allowed"
    )
    assert not marker.exists()


def test_empty_file(tmp_path):
    path = write(tmp_path, "# only a comment\n")
    assert problems_of(path) == ["broken.yaml: the file is empty; a framework file needs fields"]


def test_top_level_list(tmp_path):
    path = write(tmp_path, "- id: broken\n- title: A list\n")
    assert problems_of(path) == [
        "broken.yaml, line 1: a framework file is a set of fields (name: value), found a list"
    ]


def test_repeated_field_is_not_silently_dropped(tmp_path):
    path = write(tmp_path, VALID.replace('version: "1"\n', 'version: "1"\nversion: "2"\n'))
    assert problems_of(path) == [
        'broken.yaml, line 3, version: the field "version" is written twice (first at line 2); '
        "only one can be kept"
    ]


def test_deep_nesting_is_refused_without_a_traceback(tmp_path):
    path = write(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems_of(path) == [
        "broken.yaml, line 1: lists or fields are nested more than 40 levels deep"
    ]


def test_byte_order_mark_is_accepted(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert load_framework(path).id == "broken"


def test_several_problems_are_all_reported_in_line_order(tmp_path):
    text = (
        VALID.replace("year: 2026}\nscale", "year: 1800}\nscale")
        .replace("id: broken/02", "id: broken/01")
        .replace("        title: First item\n", "        titel: First item\n")
        + "  - id: other/g2\n    title: Empty\n    items: []\n"
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        "broken.yaml, line 4, source.year: 1800 is too small (the smallest allowed is 1900)",
        'broken.yaml, line 16, groups[0].items[0]: the required field "title" is missing',
        'broken.yaml, line 17, groups[0].items[0].titel: "titel" is not a known field; '
        'did you mean "title"?',
        'broken.yaml, line 19, groups[0].items[1].id: "broken/01" is used twice (first at line 16)',
        'broken.yaml, line 22, groups[1].id: "other/g2" must start with the framework id: '
        '"broken/..."',
        "broken.yaml, line 24, groups[1].items: the group has no items; a group needs at least one",
    ]


def test_a_folder_or_missing_file_is_a_sentence(tmp_path):
    assert problems_of(tmp_path) == [f"{tmp_path}: is a folder, not a framework file"]
    missing = tmp_path / "missing.yaml"
    assert problems_of(missing) == [
        f"{missing}: the file cannot be read (no such file or directory)"
    ]


def test_a_broken_file_on_the_path_is_skipped_with_a_warning(tmp_path, monkeypatch):
    write(tmp_path, "id: [broken\n")
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(tmp_path))
    with pytest.warns(UserWarning, match="broken.yaml, line 2: YAML syntax error"):
        ids = [framework.id for framework in list_frameworks()]
    assert ids == SHIPPED


# --- layering ---------------------------------------------------------------------------


def test_importing_frameworks_stays_light():
    code = textwrap.dedent(
        """
        import sys
        import inclusion_widgets.frameworks
        heavy = [m for m in ("ipywidgets", "pandas", "sqlalchemy") if m in sys.modules]
        print(",".join(heavy) or "none")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "none"
