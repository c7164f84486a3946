"""``inclusion-workbook frameworks``: list, show, validate framework files, and find the schema."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from inclusion_widgets.frameworks import (
    Framework,
    FrameworkError,
    Provenance,
    Scale,
    discover_frameworks,
    framework_schema,
    load_framework,
    schema_path,
)

_MARKS = {
    Provenance.FOUND: "",
    Provenance.PARTLY_FOUND: "[partly found]",
    Provenance.RECONSTRUCTED: "[reconstructed]",
}
_WIDTH = 100


def register(subparsers: Any) -> None:
    """Add ``frameworks`` and its sub-verbs to the command line."""
    parser = subparsers.add_parser(
        "frameworks",
        help="list, show and check framework files",
        description="List, show and check framework files.",
    )
    verbs = parser.add_subparsers(title="frameworks commands", metavar="ACTION")
    parser.set_defaults(run=lambda _args: _usage(parser))

    listing = verbs.add_parser("list", help="every framework found, with its source")
    listing.set_defaults(run=run_list)

    show = verbs.add_parser("show", help="a readable outline of one framework")
    show.add_argument("framework", metavar="ID", help="a framework id such as oecd-12, or a file")
    show.set_defaults(run=run_show)

    validate = verbs.add_parser("validate", help="check framework files and explain each problem")
    validate.add_argument("files", metavar="FILE", nargs="+", type=Path)
    validate.set_defaults(run=run_validate)

    schema = verbs.add_parser("schema", help="where the JSON Schema of the file format is")
    schema.add_argument(
        "--content", action="store_true", help="print the schema itself instead of its path"
    )
    schema.set_defaults(run=run_schema)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_list(_args: argparse.Namespace) -> int:
    """Print a table of every framework (id, title, items, source); broken files go to stderr."""
    frameworks, errors = discover_frameworks()
    rows = [("ID", "TITLE", "ITEMS", "SOURCE")]
    rows += [
        (f.id, f.title, str(len(f.items)), f"{f.source.publisher} ({f.source.year})")
        for f in frameworks
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
        print("  ".join([*cells, row[3]]).rstrip())
    for error in errors:
        print(f"skipped, because it does not load:\n{error}", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print a framework's outline, or the reason it cannot be loaded."""
    try:
        framework = load_framework(args.framework)
    except FrameworkError as error:
        print(error, file=sys.stderr)
        return 1
    print(outline(framework))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Print ``<file>: ok`` per valid file and every problem of the others; 1 if any failed."""
    failed = False
    for file in args.files:
        try:
            load_framework(Path(file))
        except FrameworkError as error:
            failed = True
            print(error)
        else:
            print(f"{file}: ok")
    return 1 if failed else 0


def run_schema(args: argparse.Namespace) -> int:
    """Print the schema's path (for an editor's settings) or, with --content, the schema."""
    if args.content:
        print(json.dumps(framework_schema(), indent=2, ensure_ascii=False))
    else:
        print(schema_path())
    return 0


def outline(framework: Framework) -> str:
    """The framework as indented plain text: scale, groups, items, context questions."""
    lines = [f"{framework.id}: {framework.title}"]
    lines.append(f"Version {framework.version}, language {framework.language}")
    source = framework.source
    lines.append(f"Source: {source.citation()}" + (f", {source.url}" if source.url else ""))
    if framework.description:
        lines += ["", *_wrap(framework.description, "")]
    for scale in framework.scales:
        lines += ["", *_scale_lines(scale, default=scale.id == framework.scale)]
    for group in framework.groups:
        lines += ["", f"{group.title}  ({group.id})"]
        if group.description:
            lines += _wrap(group.description, "  ")
        for item in group.items:
            mark = _MARKS[item.provenance]
            lines.append(f"  {item.id}  {item.title}" + (f"  {mark}" if mark else ""))
            if item.summary:
                lines += _wrap(item.summary, "      ")
            for question in item.guiding_questions:
                lines += _wrap(f"? {question}", "      ")
            for example in item.examples:
                lines += _wrap(f"e.g. {example}", "      ")
            if item.scale and item.scale != framework.scale:
                lines.append(f"      scale: {item.scale}")
            lines += _wrap(f"source: {item.source.citation()}", "      ")
    if framework.context_questions:
        lines += ["", "Context questions (answered with text, not scored)"]
        for context in framework.context_questions:
            mark = _MARKS[context.provenance]
            lines += _wrap(f"{context.id}  {context.text}" + (f"  {mark}" if mark else ""), "  ")
    marks = {mark for mark in _marks_used(framework) if mark}
    if marks:
        lines += ["", "Marks:"]
        if _MARKS[Provenance.PARTLY_FOUND] in marks:
            lines.append(
                "  [partly found]   the gist is the publisher's, the wording the project's"
            )
        if _MARKS[Provenance.RECONSTRUCTED] in marks:
            lines.append("  [reconstructed]  written by the project; not the publisher's text")
    return "\n".join(lines)


def _marks_used(framework: Framework) -> set[str]:
    used = {_MARKS[item.provenance] for item in framework.items}
    return used | {_MARKS[question.provenance] for question in framework.context_questions}


def _scale_lines(scale: Scale, default: bool) -> list[str]:
    lines = [f"Scale {scale.id}: {scale.title}" + ("  (default)" if default else "")]
    if scale.description:
        lines += _wrap(scale.description, "  ")
    for level in scale.levels:
        text = f"{level.value}  {level.label}" + (
            f": {level.description}" if level.description else ""
        )
        lines += _wrap(text, "  ")
    lines.append(
        f"  Also answerable, never counted as a level: {scale.dont_know_label}, "
        f"{scale.not_applicable_label}"
    )
    return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]
