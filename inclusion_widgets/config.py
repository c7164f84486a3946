"""Every setting in one typed place, read from the environment with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_FILE = "inclusion-workbook.sqlite"
FRAMEWORKS_PATH_ENV = "INCLUSION_FRAMEWORKS_PATH"
"""Folders (separated like PATH) where facilitators put framework files of their own."""
CREATION_KEY_ENV = "INCLUSION_CREATION_KEY"
"""Set by ``serve`` on a server others can reach: the start page creates sessions only with it."""


@dataclass(frozen=True)
class Settings:
    """Settings of one process; build with :meth:`from_env` and pass along."""

    db_url: str = f"sqlite:///{DEFAULT_DB_FILE}"
    frameworks_path: tuple[Path, ...] = ()
    max_upload_bytes: int = 20 * 1024 * 1024
    max_framework_bytes: int = 1024 * 1024
    show_sessions: bool = False
    """List the server's sessions on the code page: for a personal server such as Binder,
    never for a shared one, where a session is reachable only with its code."""
    creation_key: str = ""
    """Empty on a personal server; otherwise the start page asks for it."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        folders = tuple(
            Path(part) for part in env.get(FRAMEWORKS_PATH_ENV, "").split(os.pathsep) if part
        )
        return cls(
            db_url=env.get("INCLUSION_DB_URL") or cls.db_url,
            frameworks_path=folders,
            show_sessions=env.get("INCLUSION_SHOW_SESSIONS", "") == "1",
            creation_key=env.get(CREATION_KEY_ENV, ""),
        )
