"""``inclusion-workbook demo``: a demonstration workshop in one command."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import webbrowser
from pathlib import Path

from inclusion_widgets.cli import serve
from inclusion_widgets.demo import create_demo
from inclusion_widgets.i18n import Translator, language_from_env, translator
from inclusion_widgets.store import Store

LINKS_FILE = "demo-links.txt"
SESSIONS_FILE = "demo-sessions.json"
"""The demonstration sessions' codes and facilitator keys, so a second start can reuse the
store: a key is known only when its session is created (the store keeps its hash)."""
STORE_FILE = "demo.sqlite"
MARKER_FILE = ".inclusion-demo"
"""Left in the folder the demo creates: only such a folder is ever emptied by the demo."""


def folder_problem(folder: Path, t: Translator | None = None) -> str:
    """A sentence when ``folder`` holds files the demo did not create (it would delete them)."""
    _ = (t or translator()).gettext
    if not folder.exists():
        return ""
    if not folder.is_dir():
        return _("{folder} is a file, not a folder: choose another folder with --dir.").format(
            folder=folder
        )
    names = {path.name for path in folder.iterdir()}
    if MARKER_FILE in names or names <= {STORE_FILE, LINKS_FILE, SESSIONS_FILE}:
        return ""
    return _(
        "{folder} holds files that the demo did not create, and the demo would empty it: "
        "choose another folder with --dir."
    ).format(folder=folder)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a demonstration store and start the server",
        description="Create a store with a mentoring pair per IncluCities theme (demonstration "
        "data: invented people, answers and actions), two rounds each, then start the server "
        "and print the start page's link, then the facilitator and participant links. A second "
        "start keeps the store and what was typed into it.",
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("inclusion-demo"), help="folder of the demo store"
    )
    parser.add_argument("--db", help="store URL (default: a SQLite file in --dir)")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--ip", default="127.0.0.1")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--fresh", action="store_true", help="throw away the demo store of an earlier start"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="create the store and print links; no server"
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the messages, e.g. fr, el, lv (default: from LANGUAGE or LANG, "
        "else English)",
    )
    parser.set_defaults(run=run)


def _demo_sessions(url: str) -> list[dict[str, str | int]]:
    store = Store(url)
    sessions: list[dict[str, str | int]] = [
        {
            "code": demo.info.code,
            "round": demo.info.round,
            "title": demo.info.title,
            "key": demo.key,
        }
        for demo in create_demo(store)
    ]
    store.close()
    return sessions


def _kept_sessions(folder: Path) -> list[dict[str, str | int]] | None:
    """The sessions of an earlier start whose store is still there, or None."""
    listed = folder / SESSIONS_FILE
    if not (listed.is_file() and (folder / STORE_FILE).is_file()):
        return None
    try:
        sessions = json.loads(listed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sessions if isinstance(sessions, list) and len(sessions) > 1 else None


def run(args: argparse.Namespace) -> int:
    t = translator(args.lang or language_from_env())
    _ = t.gettext
    folder: Path = args.dir.resolve()
    problem = "" if args.db else folder_problem(folder, t)
    if not problem and not args.prepare_only:
        problem = serve.port_problem(args.ip, args.port, t)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    base = f"http://{args.ip}:{args.port}"
    creation_key = serve.creation_key_for(args.ip)
    # The start page first: it is where a facilitator begins.
    print(_("Start page (create a session): {url}").format(url=serve.start_url(base, creation_key)))
    sys.stdout.flush()
    if args.db:
        url = args.db
        sessions = _demo_sessions(url)
    else:
        url = f"sqlite:///{folder / STORE_FILE}"
        kept = None if args.fresh else _kept_sessions(folder)
        if kept is None:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            (folder / MARKER_FILE).write_text(
                "Created by inclusion-workbook demo, which may empty this folder.\n",
                encoding="utf-8",
            )
            sessions = _demo_sessions(url)
            (folder / SESSIONS_FILE).write_text(json.dumps(sessions), encoding="utf-8")
        else:
            sessions = kept
    lines = [_("Demonstration sessions (invented people and answers):")]
    for demo in sessions:
        lines.append("  " + _("{code}  round {round}  {title}").format(**demo))
    first = sessions[1]  # the follow-up of the first pair: it shows every view
    facilitator = serve.page_url(
        base, serve.FACILITATOR_NOTEBOOK, f"?session={first['code']}&key={first['key']}"
    )
    participant = serve.page_url(base, serve.PARTICIPANT_NOTEBOOK, f"?session={first['code']}")
    store = Store(url)  # a store kept from before the room screen gets its presenter key now
    presenter_key = store.presenter_key(str(first["code"]), str(first["key"]))
    store.close()
    room = serve.page_url(
        base, serve.PRESENTER_NOTEBOOK, f"?session={first['code']}&key={presenter_key}"
    )
    lines += [
        "",
        _("Facilitator: {url}").format(url=facilitator),
        _("Participant: {url}").format(url=participant),
        _("Room screen: {url}").format(url=room),
    ]
    text = "\n".join(lines)
    print(text)
    if not args.db:
        (folder / LINKS_FILE).write_text(text + "\n", encoding="utf-8")
    sys.stdout.flush()
    if args.prepare_only:
        return 0
    import psutil

    waiting = 2 * serve.DEFAULT_POOL_SIZE  # the participant and the facilitator page's pools
    kernel_cap = serve.max_kernels(psutil.virtual_memory().available, waiting)
    print(serve.opened_at_once(t, kernel_cap, chosen=False))
    process = serve.launch(
        url, args.ip, args.port, creation_key=creation_key, kernel_cap=kernel_cap
    )
    if not serve.wait_until_up(base, process):
        print(_("The server did not start; see the messages above."), file=sys.stderr)
        process.terminate()
        return 1
    print(_("The server is up. Press Ctrl+C to stop it."))
    sys.stdout.flush()
    if not args.no_browser:
        webbrowser.open(facilitator)
    return serve.serve_until_stopped(process)
