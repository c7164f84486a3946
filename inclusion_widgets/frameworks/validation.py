"""Turn the text of a framework file into validated plain data, or into sentences.

Every problem names the file, the line (where YAML has one) and the field path,
for example::

    my-framework.yaml, line 14, groups[1].items[2].id: "oecd-12/03" is used twice (first at line 9)

and is said in a person's language where it is shown (:mod:`.problems`).

Only safe YAML is read: no Python or other custom tags, no anchors or aliases (which
is how "billion laughs" files blow up), no file over 1 MB, and nothing that is not UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from inclusion_widgets.config import Settings
from inclusion_widgets.frameworks.problems import FrameworkError, Problem, found_at
from inclusion_widgets.frameworks.schema_sentences import PathPart, schema_sentences, type_name
from inclusion_widgets.i18n import N_, Sentence

MAX_FRAMEWORK_BYTES = Settings.max_framework_bytes
# Deeper than any real framework needs, and far below Python's recursion limit.
MAX_DEPTH = 40

# The only YAML types a framework file needs (a date the schema then refuses where text
# is due, with a sentence); anything else (``!!python/object``,
# ``!!binary``, local ``!tags``) is refused before anything is constructed.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@cache
def framework_schema() -> dict[str, Any]:
    """The JSON Schema of the framework file format, as shipped with the package."""
    return json.loads(schema_path().read_text("utf-8"))  # type: ignore[no-any-return]


def schema_path() -> resources.abc.Traversable:
    """Where the JSON Schema file lives, for editors that check a file as it is written."""
    return resources.files(__package__).joinpath("framework.schema.json")


def field_path(path: tuple[PathPart, ...] | list[PathPart]) -> str:
    """``("groups", 1, "items", 2, "id")`` -> ``groups[1].items[2].id``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def size_problem(name: str | Sentence, size: int) -> Problem | None:
    """A sentence if a file of ``size`` bytes is too large to be a framework file."""
    if size <= MAX_FRAMEWORK_BYTES:
        return None
    return Problem(
        name,
        N_("the file is {size} MB; a framework file may be at most 1 MB"),
        params=(("size", f"{size / (1024 * 1024):.1f}"),),
    )


class Tree:
    """Line numbers (1-based) of every field and list entry, and what is wrong in the node tree.

    Problems found here (custom tags, repeated keys) are those YAML itself would hide
    or act on: a repeated key silently keeps only its last value.
    """

    def __init__(self, root: yaml.Node) -> None:
        self._lines: dict[tuple[PathPart, ...], int] = {}
        self.problems: list[tuple[tuple[PathPart, ...], int, Sentence]] = []
        self._walk(root, ())

    def _walk(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        line = node.start_mark.line + 1
        self._lines.setdefault(path, line)
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                (
                    path,
                    line,
                    Sentence(FOREIGN_TAG, (("tag", _short_tag(node.tag)),)),
                )
            )
            return
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value)
                key_line = key.start_mark.line + 1
                child = (*path, name)
                if name in first:
                    self.problems.append(
                        (
                            child,
                            key_line,
                            Sentence(
                                N_(
                                    'the field "{field}" is written twice (first at line '
                                    "{first}); only one can be kept"
                                ),
                                (("field", name), ("first", str(first[name]))),
                            ),
                        )
                    )
                    continue
                first[name] = key_line
                self._lines[child] = key_line
                self._walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, (*path, index))

    def line(self, path: tuple[PathPart, ...]) -> int | None:
        while path not in self._lines and path:
            path = path[:-1]
        return self._lines.get(path)


FOREIGN_TAG = N_(
    'the YAML tag "{tag}" is not allowed; a framework or translation file holds only text, '
    "numbers, true/false, lists and fields"
)


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _decode(name: str | Sentence, raw: bytes) -> str:
    too_large = size_problem(name, len(raw))
    if too_large:
        raise FrameworkError([too_large])
    try:
        # utf-8-sig: a byte-order mark, as some Windows editors write, is not an error.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise FrameworkError(
            [
                Problem(
                    name,
                    N_("the file is not UTF-8 text (byte {byte} cannot be read); save it as UTF-8"),
                    line,
                    params=(("byte", f"0x{byte:02X}"),),
                )
            ]
        ) from None


_SYNTAX_ERRORS = (
    (
        "mapping values are not allowed",
        Sentence(
            N_(
                "YAML syntax error: a colon and a space start a field here; put the text in "
                'quotes ("...") if the colon belongs to it'
            )
        ),
    ),
    (
        "could not find expected ':'",
        Sentence(
            N_(
                'YAML syntax error: a line is neither a field ("name: value") nor a list entry '
                '("- value"); a colon may be missing'
            )
        ),
    ),
    (
        "found character '\\t'",
        Sentence(N_("YAML syntax error: a tab indents a line; indent with spaces")),
    ),
    (
        "that cannot start any token",
        Sentence(
            N_("YAML syntax error: a value starts with a character YAML reserves; put it in quotes")
        ),
    ),
    (
        "expected <block end>",
        Sentence(N_("YAML syntax error: the indentation does not line up with the lines above")),
    ),
    (
        "found unexpected end of stream",
        Sentence(N_("YAML syntax error: a quoted text is not closed; a closing quote is missing")),
    ),
    (
        "expected ',' or ']'",
        Sentence(N_("YAML syntax error: a list in brackets [ ] is not closed")),
    ),
    (
        "expected ',' or '}'",
        Sentence(N_("YAML syntax error: fields in braces { } are not closed")),
    ),
    (
        "found unknown escape character",
        Sentence(
            N_(
                "YAML syntax error: a backslash in double quotes starts an unknown escape; write "
                "\\\\ for a backslash, or use single quotes"
            )
        ),
    ),
)
"""PyYAML's English, for the mistakes people make most, as sentences of ours."""

_SYNTAX_ERROR = Sentence(
    N_(
        "YAML syntax error: check the quotes, colons and indentation of this line and the one "
        "before"
    )
)


def syntax_error(parser_says: str) -> Sentence:
    """What a YAML syntax error (PyYAML's English ``parser_says``) means for a person."""
    return next(
        (sentence for start, sentence in _SYNTAX_ERRORS if start in parser_says), _SYNTAX_ERROR
    )


def _compose(name: str | Sentence, text: str) -> yaml.Node:
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise FrameworkError(
                    [
                        Problem(
                            name,
                            N_(
                                "YAML anchors and aliases (&name, *name) are not allowed in a "
                                "framework file; write the text out where it is needed"
                            ),
                            event.start_mark.line + 1 if event.start_mark else None,
                        )
                    ]
                )
            # Checked on the event stream, because composing a deeply nested
            # document recurses once per level.
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FrameworkError(
                        [
                            Problem(
                                name,
                                N_("lists or fields are nested more than {depth} levels deep"),
                                event.start_mark.line + 1 if event.start_mark else None,
                                params=(("depth", MAX_DEPTH),),
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise FrameworkError(
            [found_at(name, syntax_error(error.problem or ""), line, "")]
        ) from None
    except yaml.YAMLError:
        raise FrameworkError([found_at(name, syntax_error(""), None, "")]) from None
    if node is None:
        raise FrameworkError(
            [Problem(name, N_("the file is empty; a framework file needs fields"))]
        )
    return node


def _construct(name: str | Sentence, node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError:
        raise FrameworkError([found_at(name, syntax_error(""), None, "")]) from None
    finally:
        loader.dispose()


def _entries(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings in the list ``data[key]``, skipping what the schema already refused."""
    value = data.get(key)
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield index, entry


def _semantic_problems(
    data: dict[str, Any], lines: Tree
) -> Iterator[tuple[tuple[PathPart, ...], Sentence]]:
    """Rules a schema cannot say: unique ids, scales that exist, ids under the framework's.

    Runs on data the schema may have refused, so it only looks at values of the right type.
    """
    framework_id = data.get("id") if isinstance(data.get("id"), str) else None
    scale_ids: list[str] = []
    seen_scales: dict[str, tuple[PathPart, ...]] = {}
    for index, scale in _entries(data, "scales"):
        path: tuple[PathPart, ...] = ("scales", index, "id")
        scale_id = scale.get("id")
        if isinstance(scale_id, str):
            scale_ids.append(scale_id)
            if scale_id in seen_scales:
                yield path, _twice(scale_id, lines.line(seen_scales[scale_id]))
            seen_scales.setdefault(scale_id, path)
        values: dict[int, tuple[PathPart, ...]] = {}
        for position, level in _entries(scale, "levels"):
            value = level.get("value")
            if not isinstance(value, int):
                continue
            level_path = ("scales", index, "levels", position, "value")
            if value in values:
                first = lines.line(values[value])
                yield (
                    level_path,
                    Sentence(
                        N_("the level {value} is used twice in this scale (first at line {first})"),
                        (("value", str(value)), ("first", str(first))),
                    ),
                )
            values.setdefault(value, level_path)

    def missing_scale(scale_id: Any) -> Sentence | None:
        if not isinstance(scale_id, str) or scale_id in scale_ids:
            return None
        if not scale_ids:
            return Sentence(
                N_('the scale "{scale}" is not defined under scales (none is defined)'),
                (("scale", scale_id),),
            )
        return Sentence(
            N_('the scale "{scale}" is not defined under scales (defined: {defined})'),
            (("scale", scale_id), ("defined", ", ".join(scale_ids))),
        )

    if message := missing_scale(data.get("scale")):
        yield ("scale",), message

    seen: dict[str, tuple[PathPart, ...]] = {}

    def check_id(path: tuple[PathPart, ...], value: Any) -> Iterator[tuple[Any, Sentence]]:
        if not isinstance(value, str):
            return
        if value in seen:
            yield path, _twice(value, lines.line(seen[value]))
        seen.setdefault(value, path)
        if framework_id and not value.startswith(f"{framework_id}/"):
            yield (
                path,
                Sentence(
                    N_('"{value}" must start with the framework id: "{framework}/..."'),
                    (("value", value), ("framework", framework_id)),
                ),
            )

    for g, group in _entries(data, "groups"):
        yield from check_id(("groups", g, "id"), group.get("id"))
        for i, item in _entries(group, "items"):
            yield from check_id(("groups", g, "items", i, "id"), item.get("id"))
            if message := missing_scale(item.get("scale")):
                yield ("groups", g, "items", i, "scale"), message
    for q, question in _entries(data, "context_questions"):
        yield from check_id(("context_questions", q, "id"), question.get("id"))


def _twice(value: str, first_line: int | None) -> Sentence:
    return Sentence(
        N_('"{value}" is used twice (first at line {first})'),
        (("value", value), ("first", str(first_line))),
    )


NOT_FIELDS = N_("a framework file is a set of fields (name: value), found {found}")


def read_document(
    name: str | Sentence, raw: bytes, not_fields: str = NOT_FIELDS
) -> tuple[dict[str, Any], Tree, list[Problem]]:
    """The plain data of a YAML file, its line numbers, and the problems YAML itself hides.

    Raises :class:`FrameworkError` when the file cannot be read as a set of fields at all
    (``not_fields`` says so, with what was found).
    """
    text = _decode(name, raw)
    node = _compose(name, text)
    tree = Tree(node)
    found = [found_at(name, what, line, field_path(path)) for path, line, what in tree.problems]
    if any(what.message == FOREIGN_TAG for _, _, what in tree.problems):
        raise FrameworkError(found)  # never construct a document with a foreign tag
    data = _construct(name, node)
    if not isinstance(data, dict):
        raise FrameworkError([Problem(name, not_fields, 1, params=(("found", type_name(data)),))])
    return data, tree, found


def schema_problems(
    name: str | Sentence, data: dict[str, Any], tree: Tree, schema: dict[str, Any]
) -> Iterator[Problem]:
    """Every way ``data`` breaks ``schema``, as sentences with line and field."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    for error in validator.iter_errors(data):
        for path, what in schema_sentences(error):
            yield found_at(name, what, tree.line(path), field_path(path))


def raise_if_any(found: list[Problem]) -> None:
    """Raise :class:`FrameworkError` with every problem once, sorted by line."""
    if found:
        unique = list(dict.fromkeys(found))
        unique.sort(key=lambda problem: (problem.line or 0, problem.field))
        raise FrameworkError(unique)


def validate_text(
    name: str | Sentence, raw: bytes, expected_id: str | None = None
) -> dict[str, Any]:
    """Validate the bytes of a framework file named ``name``; return its plain data.

    ``expected_id``, when given, is the id the framework must have (its file name).
    Raises :class:`FrameworkError` listing every problem, sorted by line.
    """
    data, tree, found = read_document(name, raw)
    found += schema_problems(name, data, tree, framework_schema())
    for path, what in _semantic_problems(data, tree):
        found.append(found_at(name, what, tree.line(path), field_path(path)))
    if expected_id is not None and isinstance(data.get("id"), str) and data["id"] != expected_id:
        found.append(
            Problem(
                name,
                N_(
                    'the id "{id}" differs from the file name; name the file "{id}.yaml" or '
                    'change the id to "{expected}"'
                ),
                tree.line(("id",)),
                "id",
                (("id", data["id"]), ("expected", expected_id)),
            )
        )
    raise_if_any(found)
    return data
