"""The two servers the browser benchmarks compare: the workshop server and bare Voila.

The workshop server is ``inclusion-workbook serve`` with a fresh store (a SQLite file, or
a PostgreSQL server of its own) holding one
session of the largest shipped framework and one participant who has joined, so their
personal link opens straight onto the checklist. The bare server is plain Voila serving a
folder with one notebook holding a single Button (served as a folder, like the workshop's
notebooks, so both pages have the same kind of address and the same Voila options).
Both run as process groups that are stopped on exit.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from subprocess import Popen
from urllib.parse import urlencode

from common import free_port, process_group, serve_command, wait_until_up

BARE_BUTTON_CLASS = "bench-bare-button"
BARE_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "bare-button",
            "metadata": {},
            "outputs": [],
            "source": [
                "import ipywidgets as widgets\n",
                'button = widgets.Button(description="Go")\n',
                f'button.add_class("{BARE_BUTTON_CLASS}")\n',
                "button",
            ],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
BARE_DASHBOARD_CLASS = "bench-bare-dashboard"
BARE_POLL_SECONDS = 0.25
"""The bare dashboard polls as often as the facilitator's page does."""


def bare_dashboard_notebook(db_path: Path, code: str) -> dict[str, object]:
    """The bare stack's live dashboard: an HTML widget that polls the SQLite file with
    ``PRAGMA data_version`` every ``BARE_POLL_SECONDS`` and, when it moved, counts each
    participant's answers with ``pandas.read_sql_query`` and shows the table."""
    source = f"""import asyncio, sqlite3
import ipywidgets as widgets
import pandas as pd
shown = widgets.HTML()
shown.add_class("{BARE_DASHBOARD_CLASS}")
db = sqlite3.connect({str(db_path)!r})
seen = [None]
QUERY = (
    "SELECT p.name, count(r.id) AS answered, max(r.updated_at) AS updated "
    "FROM participants p JOIN sessions s ON s.id = p.session_id "
    "LEFT JOIN responses r ON r.participant_id = p.id WHERE s.code = ? GROUP BY p.name"
)
def tick():
    version = db.execute("PRAGMA data_version").fetchone()[0]
    if version != seen[0]:
        seen[0] = version
        shown.value = pd.read_sql_query(QUERY, db, params=({code!r},)).to_html()
    asyncio.get_running_loop().call_later({BARE_POLL_SECONDS}, tick)
tick()
shown"""
    cell = dict(BARE_NOTEBOOK["cells"][0], id="bare-dashboard", source=source)  # type: ignore[call-overload]
    return dict(BARE_NOTEBOOK, cells=[cell])


def bare_postgres_dashboard_notebook(dsn: str, code: str) -> dict[str, object]:
    """The bare stack's live dashboard on PostgreSQL: an HTML widget whose page listens
    to the store's change notices (``LISTEN``, the socket read on the kernel's event loop)
    and, at each notice, counts each participant's answers with ``pandas.read_sql_query``
    and shows the table."""
    from inclusion_widgets.store.notices import CHANNEL

    source = f"""import asyncio, warnings
import ipywidgets as widgets
import pandas as pd
import psycopg
warnings.filterwarnings("ignore")  # pandas prefers SQLAlchemy; a bare psycopg works
shown = widgets.HTML()
shown.add_class("{BARE_DASHBOARD_CLASS}")
db = psycopg.connect({dsn!r}, autocommit=True)
listener = psycopg.connect({dsn!r}, autocommit=True)
listener.execute("LISTEN {CHANNEL}")
QUERY = (
    "SELECT p.name, count(r.id) AS answered, max(r.updated_at) AS updated "
    "FROM participants p JOIN sessions s ON s.id = p.session_id "
    "LEFT JOIN responses r ON r.participant_id = p.id WHERE s.code = %s GROUP BY p.name"
)
def draw():
    shown.value = pd.read_sql_query(QUERY, db, params=({code!r},)).to_html()
def readable():
    if list(listener.notifies(timeout=0)):
        draw()
asyncio.get_running_loop().add_reader(listener.fileno(), readable)
draw()
shown"""
    cell = dict(BARE_NOTEBOOK["cells"][0], id="bare-dashboard", source=source)  # type: ignore[call-overload]
    return dict(BARE_NOTEBOOK, cells=[cell])


CULL_IDLE_SECONDS = 20
"""Closed pages' kernels go within half a minute, so repeated loads do not pile them up."""
POOLED_CULL_IDLE_SECONDS = 600
"""With pools: a waiting kernel is idle until a page takes it, and culling it would leave
the pool's next page without its kernel (closed pages stop their kernels themselves)."""


def largest_framework() -> str:
    """The id of the shipped framework with the most items."""
    from inclusion_widgets.frameworks import list_frameworks, load_framework

    ids = [getattr(entry, "id", entry) for entry in list_frameworks()]
    return max(ids, key=lambda framework_id: len(load_framework(str(framework_id)).items))


@dataclass(frozen=True)
class Stack:
    """Both servers running, and the links the benchmarks open."""

    app: Popen[bytes]
    bare: Popen[bytes]
    db_url: str
    framework_id: str
    code: str
    key: str
    participant_id: int
    participant_url: str
    facilitator_url: str
    bare_url: str
    bare_dashboard_url: str
    database: str = "SQLite"
    """Where the workshop's store is: SQLite or PostgreSQL."""


@contextlib.contextmanager
def _database(work: Path, database: str) -> Iterator[tuple[str, str]]:
    """The store's URL and the name of its database: a SQLite file in ``work``, or a
    PostgreSQL server of its own (as the tests start one), stopped on exit."""
    if database == "sqlite":
        yield f"sqlite:///{work / 'workshop.sqlite'}", "SQLite"
        return
    from tests.pg_server import start_postgres

    server = start_postgres()
    try:
        yield server.new_database(), "PostgreSQL"
    finally:
        server.stop()


def _voila_bare(
    folder: Path, port: int, pool_size: int = 0, cull_idle: int | None = None
) -> list[str]:
    preheat = ["--preheat_kernel=True", f"--pool_size={pool_size}"] if pool_size else []
    if cull_idle is None:
        cull_idle = POOLED_CULL_IDLE_SECONDS if pool_size else CULL_IDLE_SECONDS
    return [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_connected=False",
        *preheat,
    ]


@contextlib.contextmanager
def running_stack(work: Path, database: str = "sqlite", pooled: bool = False) -> Iterator[Stack]:
    """Both servers, the store in ``database`` ("sqlite" or "postgresql"). ``pooled``:
    each keeps one kernel waiting per page, as ``serve`` does by default (bare Voila
    with its own pre-heated pool); otherwise both start a kernel when a page opens."""
    with _database(work, database) as (db_url, name):
        with _running_stack(work, db_url, 1 if pooled else 0) as stack:
            yield replace(stack, database=name)


def app_command(port: int, db_url: str, pool_size: int) -> list[str]:
    cull_idle = POOLED_CULL_IDLE_SECONDS if pool_size else CULL_IDLE_SECONDS
    # The same pool size on both sides.
    return serve_command(port, db_url, f"--cull-idle={cull_idle}", f"--pool-size={pool_size}")


@contextlib.contextmanager
def unforked_app(stack: Stack, work: Path) -> Iterator[str]:
    """A second ``serve`` of the same store, starting each kernel as a process of its own
    instead of as a fork (``INCLUSION_FORK_KERNELS=0``); the participant link on it."""
    from inclusion_widgets.config import FORK_KERNELS_ENV

    work.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), work / "unforked-server.log"
    command = app_command(port, stack.db_url, 0)
    with process_group(command, work, log, env={FORK_KERNELS_ENV: "0"}) as server:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/", server, log)
        yield f"{base}/voila/" + stack.participant_url.split("/voila/", 1)[1]


@contextlib.contextmanager
def _running_stack(work: Path, db_url: str, pool_size: int) -> Iterator[Stack]:
    import json

    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    work.mkdir(parents=True, exist_ok=True)
    bare_folder = work / "bare"
    bare_folder.mkdir(exist_ok=True)
    (bare_folder / "bare.ipynb").write_text(json.dumps(BARE_NOTEBOOK), encoding="utf-8")
    framework_id = largest_framework()
    store = Store(db_url)
    try:
        info, key = store.create_session(
            load_framework(framework_id),
            title="Benchmark workshop",
            mentor_city="Riga",
            mentee_city="Larissa",
        )
        participant, token = store.join(info.code, "Bench Marker", "Larissa", role="mentee")
    finally:
        store.close()
    if db_url.startswith("sqlite"):
        dashboard = bare_dashboard_notebook(work / "workshop.sqlite", info.code)
    else:
        dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
        dashboard = bare_postgres_dashboard_notebook(dsn, info.code)
    (bare_folder / "bare_dashboard.ipynb").write_text(json.dumps(dashboard), encoding="utf-8")
    app_port, bare_port = free_port(), free_port()
    with (
        process_group(
            app_command(app_port, db_url, pool_size), work, work / "app-server.log"
        ) as app,
        process_group(
            _voila_bare(bare_folder, bare_port, pool_size), work, work / "bare-server.log"
        ) as bare,
    ):
        app_base, bare_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
        wait_until_up(f"{app_base}/", app, work / "app-server.log")
        wait_until_up(f"{bare_base}/", bare, work / "bare-server.log")
        render = f"{app_base}/voila/render"
        yield Stack(
            app=app,
            bare=bare,
            db_url=db_url,
            framework_id=framework_id,
            code=info.code,
            key=key,
            participant_id=participant.id,
            participant_url=f"{render}/participant.ipynb?"
            + urlencode({"session": info.code, "resume": token}),
            facilitator_url=f"{render}/facilitator.ipynb?"
            + urlencode({"session": info.code, "key": key}),
            bare_url=f"{bare_base}/voila/render/bare.ipynb",
            bare_dashboard_url=f"{bare_base}/voila/render/bare_dashboard.ipynb",
        )
