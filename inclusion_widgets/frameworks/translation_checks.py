"""Check a translation file against the framework it translates.

The schema says which fields a translation may hold; these rules say what only the
framework knows: every id must be one of its ids, every text it has must be translated
for each entry given, and lists of questions must keep their length. Each problem is
one sentence with file, line and field, like those of framework files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from inclusion_widgets.frameworks.models import Framework
from inclusion_widgets.frameworks.validation import (
    PathPart,
    Problem,
    Tree,
    field_path,
    raise_if_any,
    read_document,
    schema_problems,
)

TRANSLATION_KIND = "translation file"
# Texts the schema already requires of every entry, with its own sentence.
_REQUIRED_BY_SCHEMA = frozenset({"title", "text"})


@cache
def translation_schema() -> dict[str, Any]:
    """The JSON Schema of the translation file format, as shipped with the package."""
    return json.loads(translation_schema_path().read_text("utf-8"))  # type: ignore[no-any-return]


def translation_schema_path() -> resources.abc.Traversable:
    """Where the translation file's JSON Schema lives, for editors."""
    return resources.files(__package__).joinpath("translation.schema.json")


def _mapping(data: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The entries of ``data[key]`` that are fields, skipping what the schema refused."""
    value = data.get(key)
    if isinstance(value, dict):
        for entry_id, entry in value.items():
            if isinstance(entry, dict):
                yield str(entry_id), entry


def _texts_missing(
    path: tuple[PathPart, ...], entry: dict[str, Any], original: dict[str, Any], what: str
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """A sentence per text the original has and the translated ``entry`` lacks."""
    for key, value in original.items():
        if not value or key in _REQUIRED_BY_SCHEMA:
            continue
        given = entry.get(key)
        if given is None or given == "" or given == []:
            yield path, f'the field "{key}" is missing; the framework\'s {what} has one'
        elif isinstance(value, (list, tuple)) and isinstance(given, list):
            if len(given) != len(value):
                noun = key.replace("_", " ")
                yield (
                    (*path, key),
                    f"{len(given)} {noun} given, the framework's {what} has {len(value)}; "
                    "translate each one, in the same order",
                )


def _item_texts(framework: Framework) -> dict[str, dict[str, Any]]:
    return {
        item.id: {
            "title": item.title,
            "summary": item.summary,
            "guiding_questions": item.guiding_questions,
            "examples": item.examples,
        }
        for item in framework.items
    }


def _unknown(kind: str, entry_id: str, framework: Framework, known: list[str]) -> str:
    listed = ", ".join(known[:6]) + (", ..." if len(known) > 6 else "")
    return f'"{entry_id}" is not {kind} of {framework.id} (its ids: {listed})'


def translation_problems(
    data: dict[str, Any], framework: Framework
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """Where the translation's ids and texts do not fit ``framework``."""
    if data.get("framework") != framework.id:
        return  # checked with the file name, where the sentence can say which to change
    version = data.get("framework_version")
    if version is not None and str(version) != framework.version:
        yield (
            ("framework_version",),
            f'translates version "{version}" of {framework.id}, but the framework is version '
            f'"{framework.version}"; check the changed texts and update framework_version',
        )
    if data.get("language") == framework.language:
        yield ("language",), f'"{framework.language}" is the framework\'s own language'
    if framework.description and not data.get("description"):
        yield (), 'the field "description" is missing; the framework has one'

    scales = {scale.id: scale for scale in framework.scales}
    for scale_id, entry in _mapping(data, "scales"):
        path: tuple[PathPart, ...] = ("scales", scale_id)
        if scale_id not in scales:
            yield path, _unknown("a scale", scale_id, framework, list(scales))
            continue
        scale = scales[scale_id]
        original = {"title": scale.title, "description": scale.description}
        yield from _texts_missing(path, entry, original, "scale")
        for key in ("dont_know_label", "not_applicable_label"):
            if key not in entry:
                label = getattr(scale, key)
                yield path, f'the field "{key}" is missing; the scale has the label "{label}"'
        levels = entry.get("levels")
        if not isinstance(levels, list):
            continue
        given = {level.get("value"): n for n, level in enumerate(levels) if isinstance(level, dict)}
        for value in given:
            if isinstance(value, int) and value not in scale.values:
                known = ", ".join(str(v) for v in scale.values)
                yield (
                    (*path, "levels", given[value], "value"),
                    (f"{value} is not a level of the scale {scale_id} (its levels: {known})"),
                )
        for level in scale.levels:
            if level.value not in given:
                yield (*path, "levels"), f'the level {level.value} ("{level.label}") is missing'
            elif level.description and not levels[given[level.value]].get("description"):
                yield (
                    (*path, "levels", given[level.value]),
                    ('the field "description" is missing; the framework\'s level has one'),
                )

    groups = {group.id: group for group in framework.groups}
    for group_id, entry in _mapping(data, "groups"):
        path = ("groups", group_id)
        if group_id not in groups:
            yield path, _unknown("a group", group_id, framework, list(groups))
            continue
        group = groups[group_id]
        original = {"title": group.title, "description": group.description}
        yield from _texts_missing(path, entry, original, "group")

    items = _item_texts(framework)
    for item_id, entry in _mapping(data, "items"):
        path = ("items", item_id)
        if item_id not in items:
            yield path, _unknown("an item", item_id, framework, list(items))
            continue
        yield from _texts_missing(path, entry, items[item_id], "item")

    questions = {q.id: q for q in framework.context_questions}
    for question_id, entry in _mapping(data, "context_questions"):
        path = ("context_questions", question_id)
        if question_id not in questions:
            yield path, _unknown("a context question", question_id, framework, list(questions))
            continue
        question = questions[question_id]
        original = {"text": question.text, "help": question.help}
        yield from _texts_missing(path, entry, original, "context question")


def validate_translation_text(
    name: str,
    raw: bytes,
    framework: Framework,
    expected_language: str | None = None,
) -> dict[str, Any]:
    """Validate the bytes of a translation file named ``name`` against ``framework``.

    ``expected_language``, when given, is the language its file name gives.
    Raises :class:`FrameworkError` listing every problem, sorted by line.
    """
    data, tree, found = read_document(name, raw, TRANSLATION_KIND)
    found += schema_problems(name, data, tree, translation_schema())
    found += _named_problems(name, data, tree, framework, expected_language)
    for path, message in translation_problems(data, framework):
        found.append(Problem(name, message, tree.line(path), field_path(path)))
    raise_if_any(found)
    return data


def _named_problems(
    name: str,
    data: dict[str, Any],
    tree: Tree,
    framework: Framework,
    expected_language: str | None,
) -> Iterator[Problem]:
    """The framework id and language must be those the file name gives."""
    framework_id = data.get("framework")
    if isinstance(framework_id, str) and framework_id != framework.id:
        yield Problem(
            name,
            f'translates "{framework_id}", but the file is named for {framework.id}; '
            f'name the file "{framework_id}.{data.get("language")}.yaml" or change framework '
            f'to "{framework.id}"',
            tree.line(("framework",)),
            "framework",
        )
    language = data.get("language")
    if expected_language and isinstance(language, str) and language != expected_language:
        yield Problem(
            name,
            f'the language "{language}" differs from the file name; name the file '
            f'"{framework.id}.{language}.yaml" or change the language to "{expected_language}"',
            tree.line(("language",)),
            "language",
        )
