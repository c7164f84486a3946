"""Voila as ``serve`` runs it: only the names it is served under, and TLS when asked for.

Run as ``python -m inclusion_widgets.cli.voila_server`` with Voila's own arguments.
``INCLUSION_HOST_NAMES`` (comma-separated) lists the host names the server answers to
besides ``localhost`` and IP addresses; any other ``Host`` header is refused with 403,
so that a web page whose name was pointed at this machine (DNS rebinding) cannot read
it. An IP address in the ``Host`` header cannot come from a rebinding and is accepted.
``INCLUSION_CERTFILE`` and ``INCLUSION_KEYFILE`` serve HTTPS with that certificate.
``INCLUSION_MAX_KERNELS`` caps the kernels the server holds (the waiting ones included): a
page that would start one more gets a plain "This workshop is full right now" page instead
(status 503), the facilitator's page excepted for a few more kernels, so that the
facilitator can still open the dashboard of a full room.
"""

from __future__ import annotations

import ipaddress
import os
import re
import ssl
from importlib.resources import files
from typing import Any, ClassVar

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from inclusion_widgets.cli.serve import (
    CERTFILE_ENV,
    FACILITATOR_NOTEBOOK,
    HOST_NAMES_ENV,
    KEYFILE_ENV,
    PRESENTER_NOTEBOOK,
)
from inclusion_widgets.config import MAX_KERNELS_ENV

FACILITATOR_RESERVE = 2
"""Kernels beyond the cap that only the facilitator's page and the room's screen may start."""
FULL_PAGE = files("inclusion_widgets.cli").joinpath("templates/workshop_full.html")


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


class CappedVoilaHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's page handler, which starts no kernel beyond :attr:`max_kernels`."""

    max_kernels: ClassVar[int] = 0
    """0: no cap."""
    opening: ClassVar[int] = 0
    """Pages admitted whose kernel may not be listed yet (a burst is counted whole)."""

    def _full(self, path: str | None) -> bool:
        if not self.max_kernels:
            return False
        cap = self.max_kernels
        if path and path.rsplit("/", 1)[-1] in (FACILITATOR_NOTEBOOK, PRESENTER_NOTEBOOK):
            cap += FACILITATOR_RESERVE
        return len(self.kernel_manager.list_kernel_ids()) + self.opening >= cap

    @tornado.web.authenticated  # type: ignore[misc]
    async def get(self, path: str | None = None) -> None:
        if self._full(path):
            self.log.warning(
                "The workshop is full (%d kernels): refused a page of %s", self.max_kernels, path
            )
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(FULL_PAGE.read_text(encoding="utf-8"))
            return
        type(self).opening += 1
        counted = True
        try:
            async for html in self.get_generator(path=path):
                if counted:  # the first part is written once the page's kernel is listed
                    type(self).opening -= 1
                    counted = False
                self.write(html)
                self.flush()
        finally:
            if counted:
                type(self).opening -= 1


class WorkshopVoila(Voila):  # type: ignore[misc]
    """Voila with the ``Host`` check of every Jupyter handler, optional TLS and a cap on
    the kernels that pages start."""

    def init_handlers(self) -> list[Any]:
        handlers: list[Any] = super().init_handlers()
        return [
            (handler[0], CappedVoilaHandler, *handler[2:])
            if handler[1] is TornadoVoilaHandler
            else handler
            for handler in handlers
        ]

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
    CappedVoilaHandler.max_kernels = int(os.environ.get(MAX_KERNELS_ENV) or 0)
    WorkshopVoila.launch_instance()


if __name__ == "__main__":
    main()
