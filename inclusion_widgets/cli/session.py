"""``inclusion-workbook session new``: open a workshop session and print its code and key."""

from __future__ import annotations

import argparse
import sys

from inclusion_widgets.cli.serve import (
    FACILITATOR_NOTEBOOK,
    PARTICIPANT_NOTEBOOK,
    PRESENTER_NOTEBOOK,
    page_url,
)
from inclusion_widgets.config import Settings
from inclusion_widgets.frameworks import FrameworkError, load_framework
from inclusion_widgets.i18n import LANGUAGES, language_from_env, translator
from inclusion_widgets.store import Store, StoreError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("session", help="create and list workshop sessions")
    verbs = parser.add_subparsers(dest="session_verb", required=True)
    new = verbs.add_parser("new", help="create a session and print its code and facilitator key")
    new.add_argument("--framework", required=True, help="framework id or file, e.g. oecd-12")
    new.add_argument("--title", required=True, help="title shown to participants")
    new.add_argument("--mentor-city", default="")
    new.add_argument("--mentee-city", default="")
    new.add_argument("--theme", default="")
    new.add_argument(
        "--lang",
        help="language the session's pages open in (each person can choose another; "
        "default en) and this command speaks (default: the terminal's): " + ", ".join(LANGUAGES),
    )
    new.add_argument("--db", help="store URL (default: INCLUSION_DB_URL or a SQLite file here)")
    new.add_argument(
        "--base-url", default="http://127.0.0.1:8866", help="server address used in the links"
    )
    new.set_defaults(run=run_new)
    listing = verbs.add_parser("list", help="list the sessions in the store")
    listing.add_argument("--db", help="store URL")
    listing.set_defaults(run=run_list)


def run_new(args: argparse.Namespace) -> int:
    t = translator(args.lang or language_from_env())
    try:
        framework = load_framework(args.framework)
        store = Store(args.db or Settings.from_env().db_url)
        info, key = store.create_session(
            framework,
            title=args.title,
            mentor_city=args.mentor_city,
            mentee_city=args.mentee_city,
            theme=args.theme,
            language=args.lang or "en",
        )
    except FrameworkError as error:
        print(*error.said(t), sep="\n", file=sys.stderr)
        return 1
    except StoreError as error:
        print(t.sentence(error.template, error.params), file=sys.stderr)
        return 1
    _ = t.gettext
    participants = page_url(args.base_url, PARTICIPANT_NOTEBOOK, f"?session={info.code}")
    facilitator = page_url(args.base_url, FACILITATOR_NOTEBOOK, f"?session={info.code}&key={key}")
    presenter_key = store.presenter_key(info.code, key)
    room = page_url(args.base_url, PRESENTER_NOTEBOOK, f"?session={info.code}&key={presenter_key}")
    lines = (
        (_("Session code:"), info.code),
        (_("Facilitator key:"), key + "   " + _("(keep it private; it is not shown again)")),
        (_("Participants:"), participants),
        (_("Facilitator:"), facilitator),
        (_("Presenter key:"), presenter_key + "   " + _("(opens the room's screen only)")),
        (_("Room screen:"), room),
    )
    width = max(len(label) for label, _value in lines) + 2
    for label, value in lines:
        print(label.ljust(width) + value)
    return 0


def run_list(args: argparse.Namespace) -> int:
    try:
        store = Store(args.db or Settings.from_env().db_url)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    for info in store.sessions():
        print(f"{info.code}  round {info.round}  {info.framework_id:<24} {info.title}")
    return 0
