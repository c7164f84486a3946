"""Find and load framework files: shipped ones, a facilitator's folders, or a path."""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path

from inclusion_widgets.config import Settings
from inclusion_widgets.frameworks.models import Framework
from inclusion_widgets.frameworks.problems import FrameworkError, Problem
from inclusion_widgets.frameworks.validation import (
    MAX_FRAMEWORK_BYTES,
    size_problem,
    validate_text,
)
from inclusion_widgets.i18n import N_, translator

SUFFIXES = (".yaml", ".yml")


def shipped_folder() -> Path:
    """The folder of the frameworks that come with the package."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_shipped_frameworks"
    return installed if installed.is_dir() else here.parent / "frameworks"


def search_folders() -> tuple[Path, ...]:
    """Folders searched for frameworks, in order: ``INCLUSION_FRAMEWORKS_PATH``, then shipped.

    A facilitator's file with the id of a shipped framework replaces it, which is how
    reconstructed texts are swapped for the publisher's own.
    """
    folders = [folder.expanduser() for folder in Settings.from_env().frameworks_path]
    return (*folders, shipped_folder())


def framework_files() -> dict[str, Path]:
    """Every framework file found, by the id its file name gives; first folder wins."""
    found: dict[str, Path] = {}
    for folder in search_folders():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES and path.is_file():
                found.setdefault(path.stem, path)
    return found


def _looks_like_path(id_or_path: str | os.PathLike[str]) -> bool:
    text = os.fspath(id_or_path)
    return isinstance(id_or_path, os.PathLike) or text.endswith(SUFFIXES) or os.sep in text


def load_framework(id_or_path: str | os.PathLike[str], lang: str | None = None) -> Framework:
    """Load a framework by id (``"oecd-12"``) or from a file path.

    With ``lang`` (``"el"``), its texts come in that language from its translation file;
    what is not translated keeps the framework's language and is marked so (see
    :func:`~inclusion_widgets.frameworks.translations.translate_framework`).
    Raises :class:`FrameworkError` with a sentence per problem when a file is
    invalid or unreadable, or when no framework has that id.
    """
    framework = _load_original(id_or_path)
    if lang is None:
        return framework
    from inclusion_widgets.frameworks.translations import translate_framework

    return translate_framework(framework, lang)


def _load_original(id_or_path: str | os.PathLike[str]) -> Framework:
    if _looks_like_path(id_or_path):
        path = Path(id_or_path)
    else:
        files = framework_files()
        key = os.fspath(id_or_path)
        if key not in files:
            raise FrameworkError([_unknown_id(key, sorted(files))])
        path = files[key]
    try:
        stat = path.stat()
    except OSError as error:
        raise FrameworkError([unreadable(path, error)]) from None
    if path.is_dir():
        raise FrameworkError([Problem(str(path), N_("is a folder, not a framework file"))])
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _unknown_id(key: str, known: list[str]) -> Problem:
    if not known:
        return Problem(key, N_("no framework has this id (none is found)"))
    return Problem(
        key, N_("no framework has this id (known: {known})"), params=(("known", ", ".join(known)),)
    )


def unreadable(path: Path, error: OSError) -> Problem:
    """Why the file at ``path`` cannot be read, in words rather than the system's English."""
    if isinstance(error, FileNotFoundError):
        return Problem(str(path), N_("the file cannot be read (no such file or directory)"))
    if isinstance(error, PermissionError):
        return Problem(str(path), N_("the file cannot be read (permission denied)"))
    return Problem(
        str(path),
        N_("the file cannot be read ({reason})"),
        params=(("reason", (error.strerror or str(error)).lower()),),
    )


def read_limited(file: Path) -> bytes:
    """The bytes of a framework or translation file, refused with a sentence if too large."""
    try:
        too_large = size_problem(file.name, file.stat().st_size)
        if too_large:
            raise FrameworkError([too_large])
        with file.open("rb") as stream:
            # One byte more than allowed, so a file that grew since stat() is still refused.
            return stream.read(MAX_FRAMEWORK_BYTES + 1)
    except OSError as error:
        raise FrameworkError([unreadable(file, error)]) from None


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> Framework:
    del mtime_ns, size  # part of the cache key: an edited file is read again
    file = Path(path)
    data = validate_text(file.name, read_limited(file), expected_id=file.stem)
    return Framework.from_dict(data, path=path)


def discover_frameworks() -> tuple[tuple[Framework, ...], tuple[FrameworkError, ...]]:
    """Every framework that loads, sorted by id, and the errors of the files that do not."""
    frameworks = []
    errors = []
    for path in framework_files().values():
        try:
            frameworks.append(load_framework(path))
        except FrameworkError as error:
            errors.append(error)
    return tuple(sorted(frameworks, key=lambda framework: framework.id)), tuple(errors)


def list_frameworks(language: str | None = None) -> tuple[Framework, ...]:
    """Every framework that loads, sorted by id; a broken file is skipped with a warning
    that says what is wrong with it in ``language`` (English by default)."""
    frameworks, errors = discover_frameworks()
    t = translator(language)
    for error in errors:
        warnings.warn("\n".join(error.said(t)), stacklevel=2)
    return frameworks
