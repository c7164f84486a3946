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
REFILL_DELAY_ENV = "INCLUSION_REFILL_DELAY_SECONDS"
"""Read by ``serve``: how long after a page takes a waiting kernel its replacement starts."""
FORK_KERNELS_ENV = "INCLUSION_FORK_KERNELS"
"""Read by ``serve``: ``0`` starts each kernel as its own process instead of as a fork."""


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
    refill_delay_seconds: float = 60.0
    """How long after a page takes a waiting kernel ``serve`` starts the one that replaces
    it. A room joins within a minute and its pages are still loading meanwhile: kernels
    started for the pool then take the machine from them (ten browsers on two cores took
    twice as long with 15 s, and less than ten one-Button pages cold with 60 s;
    benchmarks/results.md, "A room at once")."""
    fork_kernels: bool = True
    """``serve`` starts Python kernels as forks of a process that has imported their stack
    already (``inclusion_widgets.kernels``): a page's kernel is ready half a second sooner
    and takes less of the machine from the browsers still loading."""

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
            refill_delay_seconds=float(env.get(REFILL_DELAY_ENV) or cls.refill_delay_seconds),
            fork_kernels=env.get(FORK_KERNELS_ENV, "1") != "0",
        )
