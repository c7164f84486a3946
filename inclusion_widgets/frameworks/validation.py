"""Turn the text of a framework file into validated plain data, or into sentences.

Every problem names the file, the line (where YAML has one) and the field path,
for example::

    my-framework.yaml, line 14, groups[1].items[2].id: "oecd-12/03" is used twice (first at line 9)

Only safe YAML is read: no Python or other custom tags, no anchors or aliases (which
is how "billion laughs" files blow up), no file over 1 MB, and nothing that is not UTF-8.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from inclusion_widgets.config import Settings

if TYPE_CHECKING:
    # Imported where a file is checked: importing jsonschema takes over a second (its
    # optional format checkers build parsers), which every participant kernel would pay.
    import jsonschema

MAX_FRAMEWORK_BYTES = Settings.max_framework_bytes
# Deeper than any real framework needs, and far below Python's recursion limit.
MAX_DEPTH = 40

PathPart = str | int

# The only YAML types a framework file needs (a date the schema then refuses where text
# is due, with a sentence); anything else (``!!python/object``,
# ``!!binary``, local ``!tags``) is refused before anything is constructed.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework file, as a sentence for a person."""

    file: str
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


class FrameworkError(ValueError):
    """A framework file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


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


def size_problem(name: str, size: int) -> Problem | None:
    """A sentence if a file of ``size`` bytes is too large to be a framework file."""
    if size <= MAX_FRAMEWORK_BYTES:
        return None
    return Problem(
        name, f"the file is {size / (1024 * 1024):.1f} MB; a framework file may be at most 1 MB"
    )


class Tree:
    """Line numbers (1-based) of every field and list entry, and what is wrong in the node tree.

    Problems found here (custom tags, repeated keys) are those YAML itself would hide
    or act on: a repeated key silently keeps only its last value.
    """

    def __init__(self, root: yaml.Node) -> None:
        self._lines: dict[tuple[PathPart, ...], int] = {}
        self.problems: list[tuple[tuple[PathPart, ...], int, str]] = []
        self._walk(root, ())

    def _walk(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        line = node.start_mark.line + 1
        self._lines.setdefault(path, line)
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                (
                    path,
                    line,
                    f'the YAML tag "{_short_tag(node.tag)}" is not allowed; a framework or '
                    "translation file holds only text, numbers, true/false, lists and fields",
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
                            f'the field "{name}" is written twice (first at line {first[name]}); '
                            "only one can be kept",
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


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _decode(name: str, raw: bytes) -> str:
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
                    f"the file is not UTF-8 text (byte 0x{byte:02X} cannot be read); "
                    "save it as UTF-8",
                    line,
                )
            ]
        ) from None


def _compose(name: str, text: str) -> yaml.Node:
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise FrameworkError(
                    [
                        Problem(
                            name,
                            "YAML anchors and aliases (&name, *name) are not allowed in a "
                            "framework file; write the text out where it is needed",
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
                                f"lists or fields are nested more than {MAX_DEPTH} levels deep",
                                event.start_mark.line + 1 if event.start_mark else None,
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = error.problem or error.context or "the YAML cannot be read"
        raise FrameworkError([Problem(name, f"YAML syntax error: {what}", line)]) from None
    except yaml.YAMLError as error:
        raise FrameworkError([Problem(name, f"YAML syntax error: {error}")]) from None
    if node is None:
        raise FrameworkError([Problem(name, "the file is empty; a framework file needs fields")])
    return node


def _construct(name: str, node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        raise FrameworkError([Problem(name, f"this YAML cannot be read: {error}")]) from None
    finally:
        loader.dispose()


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "fields (name: value)",
    "array": "a list",
    "boolean": "true or false",
    "null": "nothing",
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "fields (name: value)"
    if isinstance(value, datetime.date):
        return "a date"
    if value is None:
        return "nothing"
    return type(value).__name__


def _schema_sentences(
    error: jsonschema.ValidationError,
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """The field(s) an error is about, and a sentence saying what is wrong with each."""
    path = tuple(error.absolute_path)
    value = error.instance
    validator = error.validator
    if validator == "required":
        # jsonschema reports each missing field separately; its message names it.
        for key in error.validator_value:
            if key not in value and error.message.startswith(repr(key)):
                yield path, f'the required field "{key}" is missing'
        return
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in value:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            advice = (
                f'; did you mean "{hint[0]}"?' if hint else f" (known fields: {', '.join(allowed)})"
            )
            yield (*path, key), f'"{key}" is not a known field{advice}'
        return
    if validator == "type":
        expected = error.validator_value
        names: list[str] = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in names)
        message = f"expected {wanted}, found {_type_name(value)}"
        if "string" in names and isinstance(value, (bool, int, float, datetime.date)):
            # YAML reads unquoted No, yes, 1.0 or 2018-01-01 as other types.
            message += "; put it in quotes if it is meant as text"
        yield path, message
        return
    yield path, _simple_sentence(error, path, value)


def _simple_sentence(
    error: jsonschema.ValidationError, path: tuple[PathPart, ...], value: Any
) -> str:
    validator = error.validator
    if validator == "minItems":
        if path and path[-1] == "levels":
            return f"a scale needs at least 2 levels, found {len(value)}"
        if path and path[-1] == "items":
            return "the group has no items; a group needs at least one"
        return f"needs at least {error.validator_value} entries, found {len(value)}"
    if validator == "minLength":
        return "must not be empty"
    if validator == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        return f'"{value}" is not one of {options}'
    if validator == "pattern":
        if path and path[-1] == "language":
            return f'"{value}" is not a language code such as en, el, lv, fr or es'
        return (
            f'"{value}" is not a valid id: use lower-case letters, digits and . _ / - '
            "(for example oecd-12/09)"
        )
    if validator == "minimum":
        return f"{value} is too small (the smallest allowed is {error.validator_value})"
    if validator == "maximum":
        return f"{value} is too large (the largest allowed is {error.validator_value})"
    if validator == "maxLength":
        return f"is longer than {error.validator_value} characters"
    return str(error.message)


def _entries(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings in the list ``data[key]``, skipping what the schema already refused."""
    value = data.get(key)
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield index, entry


def _semantic_problems(
    data: dict[str, Any], lines: Tree
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
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
                    f"the level {value} is used twice in this scale (first at line {first})",
                )
            values.setdefault(value, level_path)

    def missing_scale(scale_id: Any) -> str | None:
        if not isinstance(scale_id, str) or scale_id in scale_ids:
            return None
        defined = ", ".join(f'"{known}"' for known in scale_ids) or "none"
        return f'the scale "{scale_id}" is not defined under scales (defined: {defined})'

    if message := missing_scale(data.get("scale")):
        yield ("scale",), message

    seen: dict[str, tuple[PathPart, ...]] = {}

    def check_id(path: tuple[PathPart, ...], value: Any) -> Iterator[tuple[Any, str]]:
        if not isinstance(value, str):
            return
        if value in seen:
            yield path, _twice(value, lines.line(seen[value]))
        seen.setdefault(value, path)
        if framework_id and not value.startswith(f"{framework_id}/"):
            yield path, f'"{value}" must start with the framework id: "{framework_id}/..."'

    for g, group in _entries(data, "groups"):
        yield from check_id(("groups", g, "id"), group.get("id"))
        for i, item in _entries(group, "items"):
            yield from check_id(("groups", g, "items", i, "id"), item.get("id"))
            if message := missing_scale(item.get("scale")):
                yield ("groups", g, "items", i, "scale"), message
    for q, question in _entries(data, "context_questions"):
        yield from check_id(("context_questions", q, "id"), question.get("id"))


def _twice(value: str, first_line: int | None) -> str:
    return f'"{value}" is used twice (first at line {first_line})'


def read_document(
    name: str, raw: bytes, kind: str = "framework file"
) -> tuple[dict[str, Any], Tree, list[Problem]]:
    """The plain data of a YAML file, its line numbers, and the problems YAML itself hides.

    Raises :class:`FrameworkError` when the file cannot be read as a set of fields at all.
    """
    text = _decode(name, raw)
    node = _compose(name, text)
    tree = Tree(node)
    found = [
        Problem(name, message, line, field_path(path)) for path, line, message in tree.problems
    ]
    if any(message.startswith("the YAML tag") for _, _, message in tree.problems):
        raise FrameworkError(found)  # never construct a document with a foreign tag
    data = _construct(name, node)
    if not isinstance(data, dict):
        found_type = _type_name(data)
        raise FrameworkError(
            [Problem(name, f"a {kind} is a set of fields (name: value), found {found_type}", 1)]
        )
    return data, tree, found


def schema_problems(
    name: str, data: dict[str, Any], tree: Tree, schema: dict[str, Any]
) -> Iterator[Problem]:
    """Every way ``data`` breaks ``schema``, as sentences with line and field."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    for error in validator.iter_errors(data):
        for path, message in _schema_sentences(error):
            yield Problem(name, message, tree.line(path), field_path(path))


def raise_if_any(found: list[Problem]) -> None:
    """Raise :class:`FrameworkError` with every problem once, sorted by line."""
    if found:
        unique = list(dict.fromkeys(found))
        unique.sort(key=lambda problem: (problem.line or 0, problem.field))
        raise FrameworkError(unique)


def validate_text(name: str, raw: bytes, expected_id: str | None = None) -> dict[str, Any]:
    """Validate the bytes of a framework file named ``name``; return its plain data.

    ``expected_id``, when given, is the id the framework must have (its file name).
    Raises :class:`FrameworkError` listing every problem, sorted by line.
    """
    data, tree, found = read_document(name, raw)
    found += schema_problems(name, data, tree, framework_schema())
    for path, message in _semantic_problems(data, tree):
        found.append(Problem(name, message, tree.line(path), field_path(path)))
    if expected_id is not None and isinstance(data.get("id"), str) and data["id"] != expected_id:
        found.append(
            Problem(
                name,
                f'the id "{data["id"]}" differs from the file name; name the file '
                f'"{data["id"]}.yaml" or change the id to "{expected_id}"',
                tree.line(("id",)),
                "id",
            )
        )
    raise_if_any(found)
    return data
