"""Find and load framework files: shipped ones, a facilitator's folders, or a path."""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path

from inclusion_widgets.frameworks.models import Framework
from inclusion_widgets.frameworks.validation import FrameworkError, Problem, validate_text

FRAMEWORKS_PATH_ENV = "INCLUSION_FRAMEWORKS_PATH"
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
    extra = os.environ.get(FRAMEWORKS_PATH_ENV, "")
    folders = [Path(part).expanduser() for part in extra.split(os.pathsep) if part]
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


def load_framework(id_or_path: str | os.PathLike[str]) -> Framework:
    """Load a framework by id (``"oecd-12"``) or from a file path.

    Raises :class:`FrameworkError` with a sentence per problem when the file is
    invalid, or when no framework has that id.
    """
    if _looks_like_path(id_or_path):
        path = Path(id_or_path)
    else:
        files = framework_files()
        key = os.fspath(id_or_path)
        if key not in files:
            known = ", ".join(sorted(files)) or "none"
            raise FrameworkError([Problem(key, f"no framework has this id (known: {known})")])
        path = files[key]
    try:
        stat = path.stat()
    except OSError as error:
        raise FrameworkError([Problem(path.name, f"cannot be read: {error.strerror}")]) from None
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> Framework:
    del mtime_ns, size  # part of the cache key: an edited file is read again
    file = Path(path)
    data = validate_text(file.name, file.read_bytes())
    if data["id"] != file.stem:
        raise FrameworkError(
            [
                Problem(
                    file.name,
                    f'the file name must be the framework id: "{data["id"]}.yaml"',
                    1,
                    "id",
                )
            ]
        )
    return Framework.from_dict(data, path=path)


def list_frameworks() -> tuple[Framework, ...]:
    """Every framework that loads, sorted by id; a broken file is skipped with a warning."""
    frameworks = []
    for path in framework_files().values():
        try:
            frameworks.append(load_framework(path))
        except FrameworkError as error:
            warnings.warn(str(error), stacklevel=2)
    return tuple(sorted(frameworks, key=lambda framework: framework.id))
