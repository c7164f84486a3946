"""A sentence of ours for each way a file breaks its JSON Schema.

jsonschema's own messages are English and written for programmers; none of them reaches
a person. Each rule the two schemas use has its sentence, with the values the rule names;
any other rule gets one general sentence that names it.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from inclusion_widgets.i18n import N_, Sentence

if TYPE_CHECKING:
    # Imported where a file is checked: importing jsonschema takes over a second (its
    # optional format checkers build parsers), which every participant kernel would pay.
    import jsonschema

PathPart = str | int

_KINDS = {
    "string": Sentence(N_("text")),
    "integer": Sentence(N_("a whole number")),
    "number": Sentence(N_("a number")),
    "object": Sentence(N_("fields (name: value)")),
    "array": Sentence(N_("a list")),
    "boolean": Sentence(N_("true or false")),
    "null": Sentence(N_("nothing")),
}
"""The JSON Schema types, as a person would name them."""


def type_name(value: Any) -> Sentence | str:
    """What kind of value ``value`` is, as a person would say it."""
    if isinstance(value, datetime.date):
        return Sentence(N_("a date"))
    for kind, python in _PYTHON_TYPES:
        if isinstance(value, python):
            return _KINDS[kind]
    return type(value).__name__


# bool before int: True is an int to Python.
_PYTHON_TYPES: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("boolean", bool),
    ("integer", int),
    ("number", float),
    ("string", str),
    ("array", list),
    ("object", dict),
    ("null", type(None)),
)


def _either(names: list[str]) -> Sentence | str:
    """``text or a number``: the kinds a schema allows."""
    kinds = [_KINDS.get(name, name) for name in names]
    said = kinds[0]
    for kind in kinds[1:]:
        said = Sentence(N_("{first} or {second}"), (("first", said), ("second", kind)))
    return said


def schema_sentences(
    error: jsonschema.ValidationError,
) -> Iterator[tuple[tuple[PathPart, ...], Sentence]]:
    """The field(s) an error is about, and a sentence saying what is wrong with each."""
    path = tuple(error.absolute_path)
    value = error.instance
    validator = error.validator
    if validator == "required":
        # jsonschema reports each missing field separately; its message names it.
        for key in error.validator_value:
            if key not in value and error.message.startswith(repr(key)):
                yield (
                    path,
                    Sentence(N_('the required field "{field}" is missing'), (("field", key),)),
                )
        return
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in value:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            if hint:
                yield (
                    (*path, key),
                    Sentence(
                        N_('"{key}" is not a known field; did you mean "{hint}"?'),
                        (("key", str(key)), ("hint", hint[0])),
                    ),
                )
            else:
                yield (
                    (*path, key),
                    Sentence(
                        N_('"{key}" is not a known field (known fields: {known})'),
                        (("key", str(key)), ("known", ", ".join(allowed))),
                    ),
                )
        return
    yield path, _sentence(error, path, value)


def _sentence(
    error: jsonschema.ValidationError, path: tuple[PathPart, ...], value: Any
) -> Sentence:
    validator = error.validator
    rule = error.validator_value
    last = path[-1] if path else None
    if validator == "type":
        names: list[str] = [rule] if isinstance(rule, str) else list(rule)
        params = (("wanted", _either(names)), ("found", type_name(value)))
        if "string" in names and isinstance(value, (bool, int, float, datetime.date)):
            # YAML reads unquoted No, yes, 1.0 or 2018-01-01 as other types.
            return Sentence(
                N_("expected {wanted}, found {found}; put it in quotes if it is meant as text"),
                params,
            )
        return Sentence(N_("expected {wanted}, found {found}"), params)
    if validator == "minItems":
        found = (("minimum", rule), ("count", len(value)))
        if last == "levels":
            return Sentence(N_("a scale needs at least {minimum} levels, found {count}"), found)
        if last == "items":
            return Sentence(N_("the group has no items; a group needs at least one"))
        return Sentence(N_("too few entries: {count}, where at least {minimum} are needed"), found)
    if validator == "minLength":
        return Sentence(N_("must not be empty"))
    if validator == "maxLength":
        return Sentence(N_("is longer than {limit} characters"), (("limit", rule),))
    if validator == "enum":
        options = ", ".join(str(option) for option in rule)
        return Sentence(
            N_('"{value}" is not one of {options}'), (("value", str(value)), ("options", options))
        )
    if validator == "pattern":
        if last == "language":
            return Sentence(
                N_('"{value}" is not a language code such as en, el, lv, fr or es'),
                (("value", str(value)),),
            )
        return Sentence(
            N_(
                '"{value}" is not a valid id: use lower-case letters, digits and . _ / - '
                "(for example oecd-12/09)"
            ),
            (("value", str(value)),),
        )
    if validator == "minimum":
        return Sentence(
            N_("{value} is too small (the smallest allowed is {limit})"),
            (("value", str(value)), ("limit", str(rule))),
        )
    if validator == "maximum":
        return Sentence(
            N_("{value} is too large (the largest allowed is {limit})"),
            (("value", str(value)), ("limit", str(rule))),
        )
    return Sentence(
        N_('does not fit the file format (its rule "{rule}" is not met)'),
        (("rule", str(validator)),),
    )
