"""A throwaway PostgreSQL server for the test session: initdb in a temp folder, a free port.

Runs Debian's PostgreSQL binaries as the ``postgres`` user when the tests run as
root (``initdb`` refuses root). fsync is off: the data is thrown away afterwards.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PG_BIN = Path(os.environ.get("INCLUSION_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
PORT_ATTEMPTS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres() -> dict[str, object]:
    """subprocess arguments that drop root to the postgres system user."""
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise RuntimeError(
            "Tests run as root but there is no 'postgres' user to run PostgreSQL as "
            "(install Debian's postgresql package)."
        ) from error
    return {"user": "postgres", "group": "postgres"}


@dataclass
class PostgresServer:
    root: Path
    port: int
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        name = f"store_{next(self._names)}"
        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        return self.url(name)

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), *args],
            check=True,
            capture_output=True,
            **_as_postgres(),  # type: ignore[arg-type]
        )

    def pause(self) -> None:
        """Stop the server, keeping its data: clients find it unreachable."""
        self._ctl("-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the paused server again on the same port and data."""
        self._ctl("-o", _options(self.port, self.root), "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        subprocess.run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
            **_as_postgres(),  # type: ignore[arg-type]
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _options(port: int, root: Path) -> str:
    return (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )


def start_postgres() -> PostgresServer:
    """Start a server, or raise RuntimeError with a sentence saying what is missing."""
    for tool in ("initdb", "pg_ctl"):
        if not (PG_BIN / tool).is_file():
            raise RuntimeError(
                f"PostgreSQL's {tool} is not in {PG_BIN}: install Debian's postgresql package "
                "(apt-get install postgresql) or set INCLUSION_PG_BIN; the PostgreSQL store "
                "tests cannot run without it."
            )
    user = _as_postgres()
    root = Path(tempfile.mkdtemp(prefix="inclusion-pg-"))
    if user:
        shutil.chown(root, "postgres", "postgres")
    data, log = root / "data", root / "log"
    subprocess.run(
        [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", SUPERUSER, "--no-sync"],
        check=True,
        capture_output=True,
        **user,  # type: ignore[arg-type]
    )
    # The port is chosen just before the start, and chosen again if another process (a
    # server of a test on the other xdist worker) took it in between.
    for _attempt in range(PORT_ATTEMPTS):
        port = _free_port()
        started = subprocess.run(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", _options(port, root), "-l", str(log),
             "-w", "start"],
            check=False,
            capture_output=True,
            text=True,
            **user,  # type: ignore[arg-type]
        )  # fmt: skip
        text = log.read_text() if log.exists() else started.stderr
        if started.returncode == 0 or "already in use" not in text:
            break
        log.unlink()
    if started.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start:\n{text}")
    return PostgresServer(root, port)
