"""Every setting in one typed place, read from the environment with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_FILE = "inclusion-workbook.sqlite"
PAGE_GONE_ENV = "INCLUSION_PAGE_GONE_SECONDS"
"""After how many seconds without a heartbeat a kernel takes its page for closed."""
FRAMEWORKS_PATH_ENV = "INCLUSION_FRAMEWORKS_PATH"
"""Folders (separated like PATH) where facilitators put framework files of their own."""
CREATION_KEY_ENV = "INCLUSION_CREATION_KEY"
"""Set by ``serve`` on a server others can reach: the start page creates sessions only with it."""

MAX_KERNELS_ENV = "INCLUSION_MAX_KERNELS"
"""Set by ``serve``: the kernels its server holds at most (0 or unset: no cap)."""


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
    page_gone_seconds: float = 60.0
    """A page silent this long is taken for closed: its pollers pause and its kernel goes
    idle, to be culled. A hidden browser tab may wake only once a minute."""
    creation_key: str = ""
    """Empty on a personal server; otherwise the start page asks for it."""
    max_kernels: int = 0
    """The kernels the server holds at most; 0 where no cap is known."""

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
            page_gone_seconds=float(env.get(PAGE_GONE_ENV) or cls.page_gone_seconds),
            creation_key=env.get(CREATION_KEY_ENV, ""),
            max_kernels=int(env.get(MAX_KERNELS_ENV) or 0),
        )
