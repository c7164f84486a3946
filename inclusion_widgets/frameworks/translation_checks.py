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
from inclusion_widgets.frameworks.problems import Problem, found_at
from inclusion_widgets.frameworks.schema_sentences import PathPart
from inclusion_widgets.frameworks.validation import (
    Tree,
    field_path,
    raise_if_any,
    read_document,
    schema_problems,
)
from inclusion_widgets.i18n import N_, Sentence

NOT_FIELDS = N_("a translation file is a set of fields (name: value), found {found}")
# What the framework has and a translation lacks, by the kind of entry it is.
SCALE_FIELD_MISSING = N_('the field "{field}" is missing; the framework\'s scale has one')
GROUP_FIELD_MISSING = N_('the field "{field}" is missing; the framework\'s group has one')
ITEM_FIELD_MISSING = N_('the field "{field}" is missing; the framework\'s item has one')
QUESTION_FIELD_MISSING = N_(
    'the field "{field}" is missing; the framework\'s context question has one'
)
# An id the framework does not have, by the kind of entry it names.
NOT_A_SCALE = N_('"{id}" is not a scale of {framework} (its ids: {known})')
NOT_A_GROUP = N_('"{id}" is not a group of {framework} (its ids: {known})')
NOT_AN_ITEM = N_('"{id}" is not an item of {framework} (its ids: {known})')
NOT_A_QUESTION = N_('"{id}" is not a context question of {framework} (its ids: {known})')
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
    path: tuple[PathPart, ...], entry: dict[str, Any], original: dict[str, Any], missing: str
) -> Iterator[tuple[tuple[PathPart, ...], Sentence]]:
    """A sentence per text the original has and the translated ``entry`` lacks (``missing``
    says so, for the original's kind: :data:`ITEM_FIELD_MISSING`...)."""
    for key, value in original.items():
        if not value or key in _REQUIRED_BY_SCHEMA:
            continue
        given = entry.get(key)
        if given is None or given == "" or given == []:
            yield path, Sentence(missing, (("field", key),))
        elif isinstance(value, (list, tuple)) and isinstance(given, list):
            if len(given) != len(value):
                yield (
                    (*path, key),
                    Sentence(
                        N_(
                            "the framework has {count} here, the translation {given}; "
                            "translate each one, in the same order"
                        ),
                        (("count", len(value)), ("given", len(given))),
                    ),
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


def _unknown(message: str, entry_id: str, framework: Framework, known: list[str]) -> Sentence:
    """``message`` (one of :data:`NOT_AN_ITEM`...) for an id ``framework`` does not have."""
    listed = ", ".join(known[:6]) + (", ..." if len(known) > 6 else "")
    return Sentence(message, (("id", entry_id), ("framework", framework.id), ("known", listed)))


def translation_problems(
    data: dict[str, Any], framework: Framework
) -> Iterator[tuple[tuple[PathPart, ...], Sentence]]:
    """Where the translation's ids and texts do not fit ``framework``."""
    if data.get("framework") != framework.id:
        return  # checked with the file name, where the sentence can say which to change
    version = data.get("framework_version")
    if version is not None and str(version) != framework.version:
        yield (
            ("framework_version",),
            Sentence(
                N_(
                    'translates version "{version}" of {framework}, but the framework is version '
                    '"{current}"; check the changed texts and update framework_version'
                ),
                (
                    ("version", str(version)),
                    ("framework", framework.id),
                    ("current", framework.version),
                ),
            ),
        )
    if data.get("language") == framework.language:
        yield (
            ("language",),
            Sentence(
                N_('"{language}" is the framework\'s own language'),
                (("language", framework.language),),
            ),
        )
    if framework.description and not data.get("description"):
        yield (), Sentence(N_('the field "description" is missing; the framework has one'))

    scales = {scale.id: scale for scale in framework.scales}
    for scale_id, entry in _mapping(data, "scales"):
        path: tuple[PathPart, ...] = ("scales", scale_id)
        if scale_id not in scales:
            yield path, _unknown(NOT_A_SCALE, scale_id, framework, list(scales))
            continue
        scale = scales[scale_id]
        original = {"title": scale.title, "description": scale.description}
        yield from _texts_missing(path, entry, original, SCALE_FIELD_MISSING)
        for key in ("dont_know_label", "not_applicable_label"):
            if key not in entry:
                yield (
                    path,
                    Sentence(
                        N_('the field "{field}" is missing; the scale has the label "{label}"'),
                        (("field", key), ("label", getattr(scale, key))),
                    ),
                )
        levels = entry.get("levels")
        if not isinstance(levels, list):
            continue
        given = {level.get("value"): n for n, level in enumerate(levels) if isinstance(level, dict)}
        for value in given:
            if isinstance(value, int) and value not in scale.values:
                known = ", ".join(str(v) for v in scale.values)
                yield (
                    (*path, "levels", given[value], "value"),
                    Sentence(
                        N_("{value} is not a level of the scale {scale} (its levels: {known})"),
                        (("value", str(value)), ("scale", scale_id), ("known", known)),
                    ),
                )
        for level in scale.levels:
            if level.value not in given:
                yield (
                    (*path, "levels"),
                    Sentence(
                        N_('the level {value} ("{label}") is missing'),
                        (("value", str(level.value)), ("label", level.label)),
                    ),
                )
            elif level.description and not levels[given[level.value]].get("description"):
                yield (
                    (*path, "levels", given[level.value]),
                    Sentence(
                        N_('the field "description" is missing; the framework\'s level has one')
                    ),
                )

    groups = {group.id: group for group in framework.groups}
    for group_id, entry in _mapping(data, "groups"):
        path = ("groups", group_id)
        if group_id not in groups:
            yield path, _unknown(NOT_A_GROUP, group_id, framework, list(groups))
            continue
        group = groups[group_id]
        original = {"title": group.title, "description": group.description}
        yield from _texts_missing(path, entry, original, GROUP_FIELD_MISSING)

    items = _item_texts(framework)
    for item_id, entry in _mapping(data, "items"):
        path = ("items", item_id)
        if item_id not in items:
            yield path, _unknown(NOT_AN_ITEM, item_id, framework, list(items))
            continue
        yield from _texts_missing(path, entry, items[item_id], ITEM_FIELD_MISSING)

    questions = {q.id: q for q in framework.context_questions}
    for question_id, entry in _mapping(data, "context_questions"):
        path = ("context_questions", question_id)
        if question_id not in questions:
            yield path, _unknown(NOT_A_QUESTION, question_id, framework, list(questions))
            continue
        question = questions[question_id]
        original = {"text": question.text, "help": question.help}
        yield from _texts_missing(path, entry, original, QUESTION_FIELD_MISSING)


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
    data, tree, found = read_document(name, raw, NOT_FIELDS)
    found += schema_problems(name, data, tree, translation_schema())
    found += _named_problems(name, data, tree, framework, expected_language)
    for path, what in translation_problems(data, framework):
        found.append(found_at(name, what, tree.line(path), field_path(path)))
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
            N_(
                'translates "{translated}", but the file is named for {framework}; name the file '
                '"{translated}.{language}.yaml" or change framework to "{framework}"'
            ),
            tree.line(("framework",)),
            "framework",
            (
                ("translated", framework_id),
                ("framework", framework.id),
                ("language", str(data.get("language"))),
            ),
        )
    language = data.get("language")
    if expected_language and isinstance(language, str) and language != expected_language:
        yield Problem(
            name,
            N_(
                'the language "{language}" differs from the file name; name the file '
                '"{framework}.{language}.yaml" or change the language to "{expected}"'
            ),
            tree.line(("language",)),
            "language",
            (("language", language), ("framework", framework.id), ("expected", expected_language)),
        )
