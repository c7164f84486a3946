"""``inclusion-workbook serve``: the workshop's Voila server, configured safely."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from inclusion_widgets.config import Settings
from inclusion_widgets.store import Store, StoreError

PARTICIPANT_NOTEBOOK = "participant.ipynb"
FACILITATOR_NOTEBOOK = "facilitator.ipynb"


def workbooks_folder() -> Path:
    """The notebooks served: shipped inside the package, or the source tree's ``workbooks/``."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_workbooks"
    return installed if installed.is_dir() else here.parent / "workbooks"


def voila_command(
    folder: Path,
    port: int,
    ip: str,
    cull_idle_seconds: int,
    pool_size: int,
) -> list[str]:
    """The Voila command line: sources stripped, tracebacks hidden, idle kernels culled.

    Voila does not stop the kernel of a closed tab; culling kernels that have no open
    page any more keeps a workshop of forty people from leaving forty kernels behind.
    """
    command = [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={max(10, cull_idle_seconds // 4)}",
        "--MappingKernelManager.cull_connected=False",
    ]
    if pool_size > 0:
        command += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return command


def page_url(base: str, notebook: str, query: str = "") -> str:
    return f"{base.rstrip('/')}/voila/render/{notebook}{query}"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the participant and facilitator workbooks with Voila",
        description="Start the workshop server. Participants open the participant page with "
        "the session code; the facilitator opens the facilitator page with the code and key.",
    )
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (8866)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--db", help="store URL (default: INCLUSION_DB_URL or a SQLite file here)")
    parser.add_argument("--session", help="session code to print the links for")
    parser.add_argument(
        "--cull-idle",
        type=int,
        default=600,
        metavar="SECONDS",
        help="stop a kernel whose page was closed this long ago (600)",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=0,
        help="kernels kept pre-heated per workbook, for faster page loads (0)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = args.db or Settings.from_env().db_url
    try:
        store = Store(url)  # creates or upgrades the schema once, before any kernel starts
        session = store.session(args.session) if args.session else None
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    store.close()
    base = f"http://{args.ip}:{args.port}"
    print(f"Store: {url}")
    if session is not None:
        print(f"Participants open: {page_url(base, PARTICIPANT_NOTEBOOK, f'?session={session.code}')}")
        print(
            "Facilitator opens: "
            f"{page_url(base, FACILITATOR_NOTEBOOK, f'?session={session.code}&key=YOUR-KEY')}"
        )
    else:
        print(f"Participants open: {page_url(base, PARTICIPANT_NOTEBOOK)}")
        print(f"Facilitator opens: {page_url(base, FACILITATOR_NOTEBOOK)}")
    sys.stdout.flush()
    env = {**os.environ, "INCLUSION_DB_URL": url}
    command = voila_command(workbooks_folder(), args.port, args.ip, args.cull_idle, args.pool_size)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
