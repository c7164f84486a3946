"""``inclusion-workbook demo``: a demonstration workshop in one command."""

from __future__ import annotations

import argparse
import shutil
import sys
import webbrowser
from pathlib import Path

from inclusion_widgets.cli import serve
from inclusion_widgets.demo import create_demo
from inclusion_widgets.store import Store

LINKS_FILE = "demo-links.txt"
DB_FILE = "demo.sqlite"
MARKER_FILE = ".inclusion-demo"
"""Left in the folder the demo creates: only such a folder is emptied on the next run."""


def folder_problem(folder: Path) -> str:
    """A sentence when ``folder`` holds files the demo did not create (it would delete them)."""
    if not folder.exists():
        return ""
    if not folder.is_dir():
        return f"{folder} is a file, not a folder: choose another folder with --dir."
    names = {path.name for path in folder.iterdir()}
    if MARKER_FILE in names or names <= {DB_FILE, LINKS_FILE}:
        return ""
    return (
        f"{folder} holds files that the demo did not create, and the demo empties its folder "
        "each time: choose another folder with --dir."
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a demonstration store and start the server",
        description="Create a store with a mentoring pair per IncluCities theme (demonstration "
        "data: invented people, answers and actions), two rounds each, then start the server "
        "and print the facilitator and participant links.",
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("inclusion-demo"), help="folder of the demo store"
    )
    parser.add_argument("--db", help="store URL (default: a SQLite file in --dir)")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--ip", default="127.0.0.1")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--prepare-only", action="store_true", help="create the store and print links; no server"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.dir.resolve()
    problem = folder_problem(folder) if not args.db else ""
    if not problem and not args.prepare_only:
        problem = serve.port_problem(args.ip, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if args.db:
        url = args.db
    else:
        # A fresh store each time: the facilitator keys are only known when created.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / MARKER_FILE).write_text(
            "Created by inclusion-workbook demo, which replaces this folder on every run.\n",
            encoding="utf-8",
        )
        url = f"sqlite:///{folder / DB_FILE}"
    store = Store(url)
    sessions = create_demo(store)
    store.close()
    base = f"http://{args.ip}:{args.port}"
    lines = ["Demonstration sessions (invented people and answers):"]
    for demo in sessions:
        lines.append(f"  {demo.info.code}  round {demo.info.round}  {demo.info.title}")
    first = sessions[1]  # the follow-up of the first pair: it shows every view
    facilitator = serve.page_url(
        base, serve.FACILITATOR_NOTEBOOK, f"?session={first.info.code}&key={first.key}"
    )
    participant = serve.page_url(base, serve.PARTICIPANT_NOTEBOOK, f"?session={first.info.code}")
    lines += ["", f"Facilitator: {facilitator}", f"Participant: {participant}"]
    text = "\n".join(lines)
    print(text)
    if not args.db:
        (folder / LINKS_FILE).write_text(text + "\n", encoding="utf-8")
    sys.stdout.flush()
    if args.prepare_only:
        return 0
    process = serve.launch(url, args.ip, args.port)
    if not serve.wait_until_up(base, process):
        print("The server did not start; see the messages above.", file=sys.stderr)
        process.terminate()
        return 1
    print("The server is up. Press Ctrl+C to stop it.")
    sys.stdout.flush()
    if not args.no_browser:
        webbrowser.open(facilitator)
    return serve.serve_until_stopped(process)
