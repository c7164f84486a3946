"""``inclusion-workbook import FILE... [--db URL]``: bundles and CSVs into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inclusion_widgets.config import Settings
from inclusion_widgets.i18n import language_from_env, translator


def register(subparsers: Any) -> None:
    """Add the ``import`` verb to the command's argparse subparsers."""
    parser = subparsers.add_parser(
        "import",
        help="import bundles and answers or actions CSVs into the store",
        description="Check every file, then write them all at once: a bundle restores its "
        "session, CSVs merge into the session named in their 'session' column. Nothing is "
        "written if any file has a problem.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="bundle or CSV")
    parser.add_argument(
        "--db", metavar="URL", help="store URL (default: INCLUSION_DB_URL or the SQLite file)"
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the messages, e.g. fr, el, lv (default: from LANGUAGE or LANG, "
        "else English)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import; print what was added, updated and skipped, or every problem and return 1."""
    from inclusion_widgets.exchange.grant import Grant
    from inclusion_widgets.exchange.merge import import_files
    from inclusion_widgets.exchange.problems import ImportProblem
    from inclusion_widgets.store import Store, StoreError

    t = translator(args.lang or language_from_env())
    _ = t.gettext
    try:
        store = Store(args.db or Settings.from_env().db_url)
        try:
            # Whoever runs the command can open the store file anyway: trusted.
            result = import_files(store, args.files, grant=Grant.operator())
        finally:
            store.close()
    except (ImportProblem, StoreError) as error:
        sentences = (
            error.said(t)
            if isinstance(error, ImportProblem)
            else (t.sentence(error.template, error.params),)
        )
        for sentence in sentences:
            print(sentence, file=sys.stderr)
        print(_("Nothing was imported."), file=sys.stderr)
        return 1
    print(result.sentence(t))
    for code, key in result.keys.items():
        print(
            _("Session {code} was restored; its facilitator key is {key}").format(
                code=code, key=key
            )
        )
    return 0
