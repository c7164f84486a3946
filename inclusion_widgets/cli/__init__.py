"""The ``inclusion-workbook`` command: one module per verb, each adding its own subcommand.

A verb module has ``register(subparsers)``, which adds its parser and sets ``run`` (a
function taking the parsed arguments and returning the exit code). Adding a verb is a
new module and one entry in ``VERBS``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Module names; the ``import`` verb lives in ``importing``.
VERBS = ("frameworks", "session", "serve", "demo", "export", "importing", "participant")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every verb registered."""
    parser = argparse.ArgumentParser(
        prog="inclusion-workbook",
        description="Workbooks for city-to-city mentoring workshops on the inclusion of "
        "migrants and refugees.",
    )
    subparsers = parser.add_subparsers(title="commands", dest="verb", metavar="COMMAND")
    for verb in VERBS:
        importlib.import_module(f"{__name__}.{verb}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 when all went well)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error argparse has already explained
        return stop.code if isinstance(stop.code, int) else 2
    if getattr(args, "run", None) is None:
        parser.print_help()
        return 2
    try:
        code: int = args.run(args)
    except BrokenPipeError:
        # The reader (e.g. ``| head``) stopped early; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
