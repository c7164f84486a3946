"""``inclusion-workbook participant list|remove|merge --session CODE``: fix who is in a session.

For the operator of the server, who can open the store file anyway: no facilitator key
is asked for. Someone who joined twice is merged into one participant (the newer of two
answers to an item wins); someone who should not be there is removed. Nothing is lost:
the history keeps every answer and action either way.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from inclusion_widgets.config import Settings
from inclusion_widgets.i18n import language_from_env, translator


def register(subparsers: Any) -> None:
    """Add the ``participant`` verb and its ``list``, ``remove`` and ``merge`` actions."""
    parser = subparsers.add_parser(
        "participant",
        help="list, remove or merge the participants of a session",
        description="List a session's participants, remove one, or merge someone who "
        "joined twice into one participant. The history keeps everything.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--session", required=True, metavar="CODE", help="the session code")
    common.add_argument(
        "--db", metavar="URL", help="store URL (default: INCLUSION_DB_URL or the SQLite file)"
    )
    common.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the messages, e.g. fr, el, lv (default: from LANGUAGE or LANG, "
        "else English)",
    )
    actions.add_parser("list", parents=[common], help="the session's participants, with ids")
    remove = actions.add_parser("remove", parents=[common], help="take a participant out")
    remove.add_argument("id", type=int, metavar="ID", help="participant id (see list)")
    merge = actions.add_parser(
        "merge", parents=[common], help="fold a participant who joined twice into one"
    )
    merge.add_argument("keep", type=int, metavar="KEEP", help="the participant id to keep")
    merge.add_argument("other", type=int, metavar="OTHER", help="the id folded into KEEP")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from inclusion_widgets.store import OPERATOR, MergeOutcome, Store, StoreError
    from inclusion_widgets.store.names import distinct_names

    t = translator(getattr(args, "lang", None) or language_from_env())
    _ = t.gettext
    try:
        store = Store(args.db or Settings.from_env().db_url)
        try:
            people = store.participants(args.session)
            names = distinct_names(people)
            if args.action == "list":
                answered = Counter(entry.participant_id for entry in store.answers(args.session))
                rows = [
                    (
                        "ID",
                        _("NAME"),
                        _("CITY"),
                        _("ORGANISATION"),
                        _("ROLE"),
                        _("ANSWERS"),
                        _("JOINED"),
                    )
                ]
                rows += [
                    (
                        str(p.id),
                        names[p.id],
                        p.city,
                        p.organisation,
                        p.role,
                        str(answered[p.id]),
                        f"{p.joined_at:%Y-%m-%d %H:%M} UTC",
                    )
                    for p in people
                ]
                widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
                for row in rows:
                    print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
            elif args.action == "remove":
                store.remove_participant(args.session, OPERATOR, args.id)
                print(
                    _(
                        "Removed participant {id} ({name}); their answers stay in the history."
                    ).format(id=args.id, name=names[args.id])
                )
            else:
                outcomes = store.merge_participants(args.session, OPERATOR, args.keep, args.other)
                added = outcomes[MergeOutcome.ADDED]
                print(
                    t.ngettext(
                        "Merged participant {other} into {keep} ({name}): {added} answer or "
                        "action added, {updated} updated, {older} kept only in the history.",
                        "Merged participant {other} into {keep} ({name}): {added} answers or "
                        "actions added, {updated} updated, {older} kept only in the history.",
                        added,
                    ).format(
                        other=args.other,
                        keep=args.keep,
                        name=names[args.keep],
                        added=added,
                        updated=outcomes[MergeOutcome.UPDATED],
                        older=outcomes[MergeOutcome.SKIPPED],
                    )
                )
        finally:
            store.close()
    except StoreError as error:
        print(
            t.sentence(error.template, error.params) + " " + _("Nothing was changed."),
            file=sys.stderr,
        )
        return 1
    return 0
