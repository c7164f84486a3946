"""Framework texts in other languages: find translation files and apply them.

A translation of framework ``oecd-12`` into Greek is the file ``oecd-12.el.yaml`` in a
``translations/`` folder beside the frameworks: the shipped one, or one in a folder of
``INCLUSION_FRAMEWORKS_PATH``, which comes first and so replaces the shipped file (a
publisher's own translation replaces the project's). Applying it gives the same immutable
:class:`Framework`, its texts in that language; whatever the file does not translate keeps
the framework's own text and says so in ``fallback_language``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from inclusion_widgets.frameworks.loader import (
    SUFFIXES,
    read_limited,
    search_folders,
    shipped_folder,
    unreadable,
)
from inclusion_widgets.frameworks.models import (
    ContextQuestion,
    Framework,
    Group,
    Item,
    Level,
    Scale,
    Source,
    Translation,
    TranslationKind,
)
from inclusion_widgets.frameworks.problems import FrameworkError, Problem
from inclusion_widgets.frameworks.translation_checks import validate_translation_text
from inclusion_widgets.i18n import N_

TRANSLATIONS_FOLDER = "translations"
_NAME = re.compile(
    r"^(?P<framework>[a-z0-9][a-z0-9._/-]*)\.(?P<language>[a-z]{2}(-[A-Za-z]{2,})?)$"
)


def split_name(path: Path) -> tuple[str, str] | None:
    """``oecd-12.el.yaml`` -> ``("oecd-12", "el")``; None for a name that is not one."""
    if path.suffix not in SUFFIXES:
        return None
    found = _NAME.match(path.stem)
    return (found["framework"], found["language"]) if found else None


def is_translation_file(path: Path) -> bool:
    """Whether ``path`` is named and written like a translation (``framework:`` at the top)."""
    if split_name(path) is None:
        return False
    if path.parent.name == TRANSLATIONS_FOLDER:
        return True
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return False
    return re.search(rb"^framework:", head, re.MULTILINE) is not None


def translation_files() -> dict[tuple[str, str], Path]:
    """Every translation file found, by (framework id, language); the first folder wins."""
    found: dict[tuple[str, str], Path] = {}
    for folder in search_folders():
        translations = folder / TRANSLATIONS_FOLDER
        if not translations.is_dir():
            continue
        for path in sorted(translations.iterdir()):
            key = split_name(path)
            if key and path.is_file():
                found.setdefault(key, path)
    return found


def framework_languages(framework: Framework) -> tuple[str, ...]:
    """The framework's own language first, then every language it is translated into."""
    translated = sorted(lang for fid, lang in translation_files() if fid == framework.id)
    return (framework.language, *(lang for lang in translated if lang != framework.language))


def translation_file(framework_id: str, language: str) -> Path | None:
    """The file translating ``framework_id`` into ``language`` (``el-GR`` finds ``el``)."""
    files = translation_files()
    base = language.split("-")[0].lower()
    return files.get((framework_id, language)) or files.get((framework_id, base))


def translate_framework(framework: Framework, language: str | None) -> Framework:
    """``framework`` with its texts in ``language``, from the translation file found for it.

    With no language, or the framework's own, the framework comes back as it is. With no
    translation file for that language every text keeps the framework's language and is
    marked so (``fallback_language``). Raises :class:`FrameworkError` when the file is
    broken or does not fit this framework (e.g. it translates another version).
    """
    if not language or language == framework.language:
        return framework
    if framework.translation is not None:
        raise ValueError(f"{framework.id} is already a translation; translate the original")
    path = translation_file(framework.id, language)
    if path is None:
        return _apply(framework, language, {}, None)
    try:
        stat = path.stat()
    except OSError as error:
        raise FrameworkError([unreadable(path, error)]) from None
    return _translated_cached(framework, str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def framework_in_language(framework: Framework, language: str | None) -> Framework:
    """``framework`` in ``language`` for a page or a report; as it is when its translation
    file is broken (``frameworks validate`` says why), so that a page always opens."""
    try:
        return translate_framework(framework, language)
    except FrameworkError:
        return framework


def check_translation_file(path: Path, framework: Framework) -> Translation:
    """Validate the translation file at ``path`` against ``framework``; return its mark."""
    names = split_name(path)
    raw = read_limited(path)
    data = validate_translation_text(path.name, raw, framework, names[1] if names else None)
    if names is None or names[0] != framework.id:
        raise FrameworkError(
            [
                Problem(
                    path.name,
                    N_(
                        'name the file "{framework}.{language}.yaml": a translation file is named '
                        "for its framework id and language"
                    ),
                    params=(("framework", framework.id), ("language", data["language"])),
                )
            ]
        )
    return _translation(data, framework, str(path))


@lru_cache(maxsize=64)
def _translated_cached(framework: Framework, path: str, mtime_ns: int, size: int) -> Framework:
    del mtime_ns, size  # part of the cache key: an edited file is read again
    file = Path(path)
    names = split_name(file)
    language = names[1] if names else ""
    raw = read_limited(file)
    data = _shipped(file, raw, framework)
    if data is None:
        data = validate_translation_text(file.name, raw, framework, language)
    return _apply(framework, data["language"], data, _translation(data, framework, path))


def _shipped(file: Path, raw: bytes, framework: Framework) -> dict[str, Any] | None:
    """A translation that comes with the package, read without validating it again, when it
    translates this very framework and version.

    The tests validate every shipped file (``tests/test_translations.py``); validating
    again in every page's kernel cost about a second (a pure-Python YAML parse for the
    line numbers of its sentences, then the schema). Any other file, a facilitator's
    own, is validated each time it changes. None when the file is not one to trust.
    """
    if file.parent.parent != shipped_folder().resolve():
        return None
    import yaml

    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    if not isinstance(data, dict):
        return None
    trusted = data.get("framework") == framework.id and str(data.get("framework_version")) == str(
        framework.version
    )
    return data if trusted else None


def _translation(data: dict[str, Any], framework: Framework, path: str) -> Translation:
    mark = data["translation"]
    return Translation(
        language=data["language"],
        original_language=framework.language,
        kind=TranslationKind(mark["kind"]),
        translator=mark["translator"],
        note=mark["note"],
        source=Source(**mark["source"]),
        framework_version=str(data["framework_version"]),
        path=path,
    )


def _apply(
    framework: Framework, language: str, data: dict[str, Any], translation: Translation | None
) -> Framework:
    original = framework.language

    def texts(section: str, entry_id: str) -> dict[str, Any] | None:
        entries = data.get(section) or {}
        return entries.get(entry_id)  # type: ignore[no-any-return]

    def scale(found: Scale) -> Scale:
        entry = texts("scales", found.id)
        if entry is None:
            return dataclasses.replace(
                found,
                levels=tuple(level_of(level, None) for level in found.levels),
                fallback_language=original,
            )
        given = {level["value"]: level for level in entry.get("levels", ())}
        return dataclasses.replace(
            found,
            title=entry["title"],
            description=entry.get("description", ""),
            dont_know_label=entry.get("dont_know_label", found.dont_know_label),
            not_applicable_label=entry.get("not_applicable_label", found.not_applicable_label),
            levels=tuple(level_of(level, given.get(level.value)) for level in found.levels),
        )

    def level_of(found: Level, entry: dict[str, Any] | None) -> Level:
        if entry is None:
            return dataclasses.replace(found, fallback_language=original)
        return dataclasses.replace(
            found, label=entry["label"], description=entry.get("description", "")
        )

    def item(found: Item) -> Item:
        entry = texts("items", found.id)
        if entry is None:
            return dataclasses.replace(found, fallback_language=original)
        return dataclasses.replace(
            found,
            title=entry["title"],
            summary=entry.get("summary", ""),
            guiding_questions=tuple(entry.get("guiding_questions", ())),
            examples=tuple(entry.get("examples", ())),
        )

    def group(found: Group) -> Group:
        items = tuple(item(each) for each in found.items)
        entry = texts("groups", found.id)
        if entry is None:
            return dataclasses.replace(found, items=items, fallback_language=original)
        return dataclasses.replace(
            found, items=items, title=entry["title"], description=entry.get("description", "")
        )

    def question(found: ContextQuestion) -> ContextQuestion:
        entry = texts("context_questions", found.id)
        if entry is None:
            return dataclasses.replace(found, fallback_language=original)
        return dataclasses.replace(found, text=entry["text"], help=entry.get("help", ""))

    head: dict[str, Any] = (
        {"title": data["title"], "description": data.get("description", "")}
        if data
        else {"fallback_language": original}
    )
    return dataclasses.replace(
        framework,
        language=language,
        scales=tuple(scale(each) for each in framework.scales),
        groups=tuple(group(each) for each in framework.groups),
        context_questions=tuple(question(each) for each in framework.context_questions),
        translation=translation,
        **head,
    )


def missing_translations(framework: Framework) -> list[str]:
    """Every text of a translated framework that stayed in the original language, by id.

    Empty when the translation is complete: the shipped translations are checked with it.
    """
    missing = [] if not framework.fallback_language else [f"{framework.id} (title)"]
    for scale in framework.scales:
        if scale.fallback_language:
            missing.append(f"scale {scale.id}")
        missing += [
            f"scale {scale.id}, level {level.value}"
            for level in scale.levels
            if level.fallback_language and not scale.fallback_language
        ]
    for group in framework.groups:
        if group.fallback_language:
            missing.append(group.id)
        missing += [item.id for item in group.items if item.fallback_language]
    missing += [q.id for q in framework.context_questions if q.fallback_language]
    return missing
