"""``inclusion-workbook frameworks``: list, show, validate framework files, and find the schema."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from inclusion_widgets.frameworks import (
    Framework,
    FrameworkError,
    Provenance,
    Scale,
    check_translation_file,
    discover_frameworks,
    framework_languages,
    framework_schema,
    load_framework,
    schema_path,
    translate_framework,
    translation_schema,
    translation_schema_path,
)
from inclusion_widgets.frameworks.translations import (
    TRANSLATIONS_FOLDER,
    is_translation_file,
    split_name,
)
from inclusion_widgets.i18n import SOURCE_LANGUAGE, Translator, language_from_env, translator

_WIDTH = 100


def _marks(t: Translator) -> dict[Provenance, str]:
    return {
        Provenance.FOUND: "",
        Provenance.PARTLY_FOUND: t.gettext("[partly found]"),
        Provenance.RECONSTRUCTED: t.gettext("[reconstructed]"),
    }


def register(subparsers: Any) -> None:
    """Add ``frameworks`` and its sub-verbs to the command line."""
    parser = subparsers.add_parser(
        "frameworks",
        help="list, show and check framework files",
        description="List, show and check framework files and their translations.",
    )
    verbs = parser.add_subparsers(title="frameworks commands", metavar="ACTION")
    parser.set_defaults(run=lambda _args: _usage(parser))
    language = {
        "metavar": "LANG",
        "help": "language of the texts and messages, e.g. fr, el, lv "
        "(default: from LANGUAGE or LANG, else English)",
    }

    listing = verbs.add_parser("list", help="every framework found, with its source and languages")
    listing.add_argument("--lang", **language)
    listing.set_defaults(run=run_list)

    show = verbs.add_parser("show", help="a readable outline of one framework")
    show.add_argument("framework", metavar="ID", help="a framework id such as oecd-12, or a file")
    show.add_argument("--lang", **language)
    show.set_defaults(run=run_show)

    validate = verbs.add_parser(
        "validate",
        help="check framework and translation files and explain each problem",
        description="Check framework files (and the translations beside them, in their "
        "translations/ folder) or translation files (named ID.LANG.yaml).",
    )
    validate.add_argument("files", metavar="FILE", nargs="+", type=Path)
    validate.add_argument("--lang", **language)
    validate.set_defaults(run=run_validate)

    schema = verbs.add_parser("schema", help="where the JSON Schema of the file format is")
    schema.add_argument(
        "--content", action="store_true", help="print the schema itself instead of its path"
    )
    schema.add_argument(
        "--translation", action="store_true", help="the schema of translation files instead"
    )
    schema.set_defaults(run=run_schema)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _translator(args: argparse.Namespace) -> Translator:
    return translator(getattr(args, "lang", None) or language_from_env())


def run_list(args: argparse.Namespace) -> int:
    """Print a table of every framework (id, title, items, languages, source);
    broken files go to stderr."""
    t = _translator(args)
    _ = t.gettext
    frameworks, errors = discover_frameworks()
    shown = []
    for framework in frameworks:
        try:
            shown.append(translate_framework(framework, t.language))
        except FrameworkError as broken:
            errors += (broken,)
            shown.append(framework)
    rows = [(_("ID"), _("TITLE"), _("ITEMS"), _("LANGUAGES"), _("SOURCE"))]
    rows += [
        (
            f.id,
            f.title,
            str(len(f.items)),
            " ".join(framework_languages(original)),
            f"{f.source.publisher} ({f.source.year})",
        )
        for f, original in zip(shown, frameworks, strict=True)
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [
            row[0].ljust(widths[0]),
            row[1].ljust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].ljust(widths[3]),
        ]
        print("  ".join([*cells, row[4]]).rstrip())
    for error in errors:
        print(_("skipped, because it does not load:"), *error.said(t), sep="\n", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print a framework's outline, or the reason it cannot be loaded."""
    t = _translator(args)
    try:
        framework = load_framework(args.framework, lang=args.lang)
    except FrameworkError as error:
        print(*error.said(t), sep="\n", file=sys.stderr)
        return 1
    print(outline(framework, t))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Print ``<file>: ok`` per valid file and every problem of the others; 1 if any failed.

    A framework file is checked with the translations beside it; a translation file
    against the framework it names.
    """
    t = _translator(args)
    failed = False
    for file in args.files:
        for checked, error in _check(Path(file)):
            if error is None:
                print(t.gettext("{file}: ok").format(file=checked))
            else:
                failed = True
                print(*error.said(t), sep="\n")
    return 1 if failed else 0


def _check(path: Path) -> Iterator[tuple[Path, FrameworkError | None]]:
    """Each file checked for ``path`` (it, and a framework's translations), with its error."""
    if is_translation_file(path):
        try:
            check_translation_file(path, _framework_translated(path))
        except FrameworkError as error:
            yield path, error
        else:
            yield path, None
        return
    try:
        framework = load_framework(path)
    except FrameworkError as error:
        yield path, error
        return
    yield path, None
    beside = path.parent / TRANSLATIONS_FOLDER
    if beside.is_dir():
        for translation in sorted(beside.glob(f"{framework.id}.*")):
            names = split_name(translation)
            if names and names[0] == framework.id:
                try:
                    check_translation_file(translation, framework)
                except FrameworkError as error:
                    yield translation, error
                else:
                    yield translation, None


def _framework_translated(path: Path) -> Framework:
    """The framework a translation file is for: the file beside its folder, else by id."""
    names = split_name(path)
    framework_id = names[0] if names else path.stem
    if path.parent.name == TRANSLATIONS_FOLDER:
        for suffix in (".yaml", ".yml"):
            beside = path.parent.parent / f"{framework_id}{suffix}"
            if beside.is_file():
                return load_framework(beside)
    return load_framework(framework_id)


def run_schema(args: argparse.Namespace) -> int:
    """Print the schema's path (for an editor's settings) or, with --content, the schema."""
    schema = translation_schema() if args.translation else framework_schema()
    path = translation_schema_path() if args.translation else schema_path()
    if args.content:
        print(json.dumps(schema, indent=2, ensure_ascii=False))
    else:
        print(path)
    return 0


def outline(framework: Framework, t: Translator | None = None) -> str:
    """The framework as indented plain text: scale, groups, items, context questions.

    Texts not translated into the framework's language are marked with their language.
    """
    t = t or translator(SOURCE_LANGUAGE)
    _ = t.gettext
    marks = _marks(t)

    def untranslated(language: str) -> str:
        return "  " + _("[not translated: {language}]").format(language=language)

    lines = [f"{framework.id}: {framework.title}"]
    if framework.fallback_language:
        lines[0] += untranslated(framework.fallback_language)
    lines.append(
        _("Version {version}, language {language}").format(
            version=framework.version, language=framework.language
        )
    )
    source = framework.source
    citation = source.citation() + (f", {source.url}" if source.url else "")
    lines.append(_("Source: {citation}").format(citation=citation))
    translation = framework.translation
    if translation is not None:
        kind = (
            _("the publisher's translation")
            if translation.official
            else _("unofficial translation")
        )
        lines += _wrap(
            _("Translation ({kind}, by {translator}): {note}").format(
                kind=kind, translator=translation.translator, note=translation.note
            ),
            "",
        )
    if framework.description:
        lines += ["", *_wrap(framework.description, "")]
    for scale in framework.scales:
        lines += ["", *_scale_lines(scale, scale.id == framework.scale, t)]
    for group in framework.groups:
        lines += ["", f"{group.title}  ({group.id})"]
        if group.fallback_language:
            lines[-1] += untranslated(group.fallback_language)
        if group.description:
            lines += _wrap(group.description, "  ")
        for item in group.items:
            mark = marks[item.provenance]
            lines.append(f"  {item.id}  {item.title}" + (f"  {mark}" if mark else ""))
            if item.fallback_language:
                lines[-1] += untranslated(item.fallback_language)
            if item.summary:
                lines += _wrap(item.summary, "      ")
            for question in item.guiding_questions:
                lines += _wrap(f"? {question}", "      ")
            for example in item.examples:
                lines += _wrap(_("e.g. {example}").format(example=example), "      ")
            if item.scale and item.scale != framework.scale:
                lines.append("      " + _("scale: {scale}").format(scale=item.scale))
            lines += _wrap(
                _("source: {citation}").format(citation=item.source.citation()), "      "
            )
    if framework.context_questions:
        lines += ["", _("Context questions (answered with text, not scored)")]
        for context in framework.context_questions:
            mark = marks[context.provenance]
            text = f"{context.id}  {context.text}" + (f"  {mark}" if mark else "")
            if context.fallback_language:
                text += untranslated(context.fallback_language)
            lines += _wrap(text, "  ")
    used = {item.provenance for item in framework.items}
    used |= {question.provenance for question in framework.context_questions}
    if used - {Provenance.FOUND}:
        lines += ["", _("Marks:")]
        if Provenance.PARTLY_FOUND in used:
            lines.append(
                f"  {marks[Provenance.PARTLY_FOUND]}  "
                + _("the gist is the publisher's, the wording the project's")
            )
        if Provenance.RECONSTRUCTED in used:
            lines.append(
                f"  {marks[Provenance.RECONSTRUCTED]}  "
                + _("written by the project; not the publisher's text")
            )
    return "\n".join(lines)


def _scale_lines(scale: Scale, default: bool, t: Translator) -> list[str]:
    _ = t.gettext
    head = _("Scale {id}: {title}").format(id=scale.id, title=scale.title)
    lines = [head + ("  " + _("(default)") if default else "")]
    if scale.description:
        lines += _wrap(scale.description, "  ")
    for level in scale.levels:
        text = f"{level.value}  {level.label}" + (
            f": {level.description}" if level.description else ""
        )
        lines += _wrap(text, "  ")
    lines.append(
        "  "
        + _("Also answerable, never counted as a level: {dont_know}, {not_applicable}").format(
            dont_know=scale.dont_know_label, not_applicable=scale.not_applicable_label
        )
    )
    return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]
