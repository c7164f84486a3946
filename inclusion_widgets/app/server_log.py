"""Messages for the operator, written to the terminal that runs the server.

A kernel's own standard error goes to that terminal; what a kernel prints to
``sys.stderr`` would go to the page instead, where it does not belong.
"""

from __future__ import annotations

import logging
import sys


def server_log(name: str) -> logging.Logger:
    """The logger ``inclusion_widgets.<name>``, writing to the server's terminal."""
    log = logging.getLogger(f"inclusion_widgets.{name}")
    if not log.handlers and sys.__stderr__ is not None:
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter("[%(name)s] %(levelname)s %(asctime)s %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    return log
