"""``inclusion-workbook export --session CODE [--db URL] --out DIR``: a session's files."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

from inclusion_widgets.config import Settings
from inclusion_widgets.i18n import LANGUAGES, language_from_env, translator


def register(subparsers: Any) -> None:
    """Add the ``export`` verb to the command's argparse subparsers."""
    parser = subparsers.add_parser(
        "export",
        help="write a session's CSVs, bundle and report into a folder",
        description="Write CODE-answers.csv, CODE-actions.csv, CODE-summary.csv, "
        "CODE-bundle.zip and CODE-report.html of one session into a folder (created if "
        "needed).",
    )
    parser.add_argument("--session", required=True, metavar="CODE", help="the session code")
    parser.add_argument(
        "--db", metavar="URL", help="store URL (default: INCLUSION_DB_URL or the SQLite file)"
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        choices=LANGUAGES,
        help=f"language of the report and the messages ({', '.join(LANGUAGES)}; default: "
        "from LANGUAGE or LANG, else English). The CSV files keep the framework's own item "
        "titles",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Export; print each file written, or the reason for refusing and return 1."""
    from inclusion_widgets.exchange.export import export_session
    from inclusion_widgets.report import write_report
    from inclusion_widgets.store import Store, StoreError

    language = args.lang or language_from_env()
    t = translator(language)
    try:
        store = Store(args.db or Settings.from_env().db_url)
        try:
            report = partial(write_report, language=language)
            paths = export_session(store, args.session, args.out, report=report)
        finally:
            store.close()
    except StoreError as error:
        said = t.sentence(error.template, error.params)
        print(said + " " + t.gettext("Nothing was exported."), file=sys.stderr)
        return 1
    except OSError as error:
        print(
            t.gettext("{folder} cannot be written ({reason}).").format(
                folder=args.out, reason=error.strerror
            ),
            file=sys.stderr,
        )
        return 1
    for path in paths:
        print(path)
    return 0
