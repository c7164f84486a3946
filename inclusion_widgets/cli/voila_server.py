"""Voila as ``serve`` runs it: only the names it is served under, and TLS when asked for.

Run as ``python -m inclusion_widgets.cli.voila_server`` with Voila's own arguments.
``INCLUSION_HOST_NAMES`` (comma-separated) lists the host names the server answers to
besides ``localhost`` and IP addresses; any other ``Host`` header is refused with 403,
so that a web page whose name was pointed at this machine (DNS rebinding) cannot read
it. An IP address in the ``Host`` header cannot come from a rebinding and is accepted.
``INCLUSION_CERTFILE`` and ``INCLUSION_KEYFILE`` serve HTTPS with that certificate.
"""

from __future__ import annotations

import ipaddress
import os
import re
import ssl
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from voila.app import Voila

from inclusion_widgets.cli.serve import CERTFILE_ENV, HOST_NAMES_ENV, KEYFILE_ENV


def host_allowed(host_header: str, names: frozenset[str]) -> bool:
    """Whether a request's ``Host`` header names this server."""
    match = re.fullmatch(r"\[?(.*?)\]?(:\d+)?", host_header.strip())
    host = (match.group(1) if match else host_header).lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host in names
    return True


def _checked(names: frozenset[str]) -> Any:
    def check_host(handler: JupyterHandler) -> bool:
        if host_allowed(handler.request.host, names):
            return True
        handler.log.warning("Refused a request for the host name %r", handler.request.host)
        return False

    return check_host


class WorkshopVoila(Voila):  # type: ignore[misc]
    """Voila with the ``Host`` check of every Jupyter handler and optional TLS."""

    def listen(self) -> None:
        certfile, keyfile = os.environ.get(CERTFILE_ENV), os.environ.get(KEYFILE_ENV)
        if certfile:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(certfile, keyfile or None)
            plain_listen = self.app.listen

            def listen(port: int, address: str = "", **kwargs: Any) -> Any:
                return plain_listen(port, address, ssl_options=context, **kwargs)

            self.app.listen = listen
        super().listen()


def main() -> None:
    names = {"localhost", *os.environ.get(HOST_NAMES_ENV, "").lower().split(",")}
    # Every page, websocket and file handler of the server derives from JupyterHandler.
    JupyterHandler.check_host = _checked(frozenset(n for n in names if n))  # type: ignore[method-assign]
    WorkshopVoila.launch_instance()


if __name__ == "__main__":
    main()
