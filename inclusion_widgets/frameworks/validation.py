"""Turn the text of a framework file into validated plain data, or into sentences.

Every problem names the file, the line (where YAML has one) and the field path,
for example::

    my-framework.yaml, line 14, groups[1].items[2].id: "oecd-12/03" is used twice (first at line 9)

Only safe YAML is read: no Python tags, no aliases (which is how "billion laughs"
files blow up), no file over 1 MB, and nothing that is not UTF-8.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import yaml

MAX_FRAMEWORK_BYTES = 1024 * 1024

PathPart = str | int


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
    text = resources.files(__package__).joinpath("framework.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def field_path(path: tuple[PathPart, ...] | list[PathPart]) -> str:
    """``("groups", 1, "items", 2, "id")`` -> ``groups[1].items[2].id``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class _Lines:
    """Line numbers (1-based) of every mapping key and sequence entry of a YAML node tree."""

    def __init__(self, root: yaml.Node) -> None:
        self._lines: dict[tuple[PathPart, ...], int] = {}
        self._walk(root, ())

    def _walk(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        self._lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                self._lines[child] = key.start_mark.line + 1
                self._walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, (*path, index))

    def line(self, path: tuple[PathPart, ...]) -> int | None:
        while path not in self._lines and path:
            path = path[:-1]
        return self._lines.get(path)


def _decode(name: str, raw: bytes) -> str:
    if len(raw) > MAX_FRAMEWORK_BYTES:
        size = len(raw) / (1024 * 1024)
        raise FrameworkError(
            [Problem(name, f"the file is {size:.1f} MB; a framework file may be at most 1 MB")]
        )
    try:
        return raw.decode("utf-8")
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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = error.problem or error.context or "the YAML cannot be read"
        raise FrameworkError([Problem(name, f"YAML syntax error: {what}", line)]) from None
    except yaml.YAMLError as error:
        raise FrameworkError([Problem(name, f"YAML syntax error: {error}")]) from None
    if node is None:
        raise FrameworkError([Problem(name, "the file is empty")])
    return node


def _construct(name: str, node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.constructor.ConstructorError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise FrameworkError(
            [Problem(name, f"this YAML tag is not allowed: {error.problem}", line)]
        ) from None
    finally:
        loader.dispose()


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping of fields",
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
        return "a mapping of fields"
    if value is None:
        return "nothing"
    return type(value).__name__


def _schema_sentence(error: jsonschema.ValidationError) -> tuple[tuple[PathPart, ...], str]:
    """The field an error is about, and a sentence saying what is wrong with it."""
    path = tuple(error.absolute_path)
    value = error.instance
    validator = error.validator
    if validator == "required":
        missing = [key for key in error.validator_value if key not in value]
        listed = ", ".join(f'"{key}"' for key in missing)
        return path, f"the required field {listed} is missing"
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [key for key in value if key not in allowed]
        key = extra[0]
        hint = difflib.get_close_matches(str(key), allowed, n=1)
        advice = f'; did you mean "{hint[0]}"?' if hint else f" (allowed: {', '.join(allowed)})"
        return (*path, key), f'"{key}" is not a known field{advice}'
    if validator == "type":
        expected = error.validator_value
        names: list[str] = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in names)
        return path, f"expected {wanted}, found {_type_name(value)}"
    if validator == "minItems":
        if path and path[-1] == "levels":
            return path, f"a scale needs at least 2 levels, found {len(value)}"
        if path and path[-1] == "items":
            return path, "the group has no items; a group needs at least one"
        return path, f"needs at least {error.validator_value} entries, found {len(value)}"
    if validator == "minLength":
        return path, "must not be empty"
    if validator == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        return path, f'"{value}" is not one of {options}'
    if validator == "pattern":
        return path, (
            f'"{value}" is not a valid id: use lower-case letters, digits and . _ / - '
            "(for example oecd-12/09)"
        )
    if validator in {"minimum", "maximum"}:
        return path, f"{value} is out of range ({validator} {error.validator_value})"
    if validator == "maxLength":
        return path, f"is longer than {error.validator_value} characters"
    return path, error.message


def _semantic_problems(data: dict[str, Any]) -> Iterator[tuple[tuple[PathPart, ...], str, str]]:
    """Rules a schema cannot say: unique ids, scales that exist, ids under the framework's.

    Yields (path, message, key of the first occurrence or "") for every problem.
    """
    framework_id = data["id"]
    scale_ids = [scale["id"] for scale in data["scales"]]
    seen_scales: dict[str, tuple[PathPart, ...]] = {}
    for index, scale in enumerate(data["scales"]):
        path: tuple[PathPart, ...] = ("scales", index, "id")
        if scale["id"] in seen_scales:
            yield path, f'"{scale["id"]}" is used twice', _key(seen_scales[scale["id"]])
        seen_scales.setdefault(scale["id"], path)
        values: dict[int, int] = {}
        for position, level in enumerate(scale["levels"]):
            if level["value"] in values:
                yield (
                    ("scales", index, "levels", position, "value"),
                    f"the level value {level['value']} is used twice in this scale",
                    "",
                )
            values.setdefault(level["value"], position)

    def scale_problem(path: tuple[PathPart, ...], scale_id: str) -> tuple[Any, str, str]:
        defined = ", ".join(scale_ids)
        return (
            path,
            f'the scale "{scale_id}" is not defined in scales (defined: {defined})',
            "",
        )

    if data["scale"] not in scale_ids:
        yield scale_problem(("scale",), data["scale"])

    seen: dict[str, tuple[PathPart, ...]] = {}

    def check_id(path: tuple[PathPart, ...], value: str) -> Iterator[tuple[Any, str, str]]:
        if value in seen:
            yield path, f'"{value}" is used twice', _key(seen[value])
        seen.setdefault(value, path)
        if not value.startswith(f"{framework_id}/"):
            yield path, f'"{value}" must start with the framework id: "{framework_id}/..."', ""

    for g, group in enumerate(data["groups"]):
        yield from check_id(("groups", g, "id"), group["id"])
        for i, item in enumerate(group["items"]):
            yield from check_id(("groups", g, "items", i, "id"), item["id"])
            if "scale" in item and item["scale"] not in scale_ids:
                yield scale_problem(("groups", g, "items", i, "scale"), item["scale"])
    for q, question in enumerate(data.get("context_questions", [])):
        yield from check_id(("context_questions", q, "id"), question["id"])


def _key(path: tuple[PathPart, ...]) -> str:
    return json.dumps(path)


def validate_text(name: str, raw: bytes) -> dict[str, Any]:
    """Validate the bytes of a framework file named ``name``; return its plain data.

    Raises :class:`FrameworkError` listing every problem, sorted by line.
    """
    text = _decode(name, raw)
    node = _compose(name, text)
    data = _construct(name, node)
    lines = _Lines(node)
    if not isinstance(data, dict):
        raise FrameworkError(
            [Problem(name, f"a framework file is a mapping of fields, found {_type_name(data)}", 1)]
        )
    problems = []
    validator = jsonschema.Draft202012Validator(framework_schema())
    for error in validator.iter_errors(data):
        # A wrong value deep in a oneOf/anyOf is reported by its most specific cause.
        best = jsonschema.exceptions.best_match([error]) or error
        path, message = _schema_sentence(best)
        problems.append(Problem(name, message, lines.line(path), field_path(path)))
    if not problems:
        for path, message, first in _semantic_problems(data):
            if first:
                message += f" (first at line {lines.line(tuple(json.loads(first)))})"
            problems.append(Problem(name, message, lines.line(path), field_path(path)))
    if problems:
        problems.sort(key=lambda problem: (problem.line or 0, problem.field))
        raise FrameworkError(problems)
    return data
