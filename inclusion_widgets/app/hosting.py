"""Where the workbooks run: standalone Voila (``serve``), a Jupyter server with a token,
a Binder, or a JupyterHub; and what follows for the invite link, time and memory.

Read from the kernel's environment and its server's runtime file, never from the page.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlencode

BINDER_HOURS = 6
"""mybinder.org stops a server six hours after it started, whatever happens on it."""
BINDER_IDLE_MINUTES = 10
PARTICIPANT_NOTEBOOK = "participant.ipynb"
PRESENTER_NOTEBOOK = "presenter.ipynb"


class Kind(StrEnum):
    VOILA = "voila"
    """Standalone Voila started by ``serve``: anyone who reaches the address may open pages."""
    JUPYTER = "jupyter"
    """A Jupyter server with a login token (Voila as its extension)."""
    BINDER = "binder"
    """A Binder: a Jupyter server with a token, temporary, with a memory limit."""
    JUPYTERHUB = "jupyterhub"
    """A JupyterHub: every participant has their own server and logs in to the hub."""


@dataclass(frozen=True)
class Hosting:
    """The server this kernel belongs to, as far as an invite link needs to know."""

    kind: Kind = Kind.VOILA
    token: str = ""
    hub_prefix: str = "/"
    server_prefix: str = "/"
    started: float | None = None
    """When the server started (seconds since the epoch), where it can be told."""
    memory_limit: int | None = None
    """The container's memory limit in bytes (Binder and Kubernetes set ``MEM_LIMIT``)."""
    server_pid: int | None = None

    @classmethod
    def detect(
        cls, environ: Mapping[str, str] | None = None, runtime_dir: Path | None = None
    ) -> Hosting:
        env = os.environ if environ is None else environ
        # Named by jupyter_client; a forked kernel's own parent is the fork server.
        server_pid = int(env.get("JPY_PARENT_PID") or os.getppid())
        runtime = _server_runtime(runtime_dir, server_pid)
        token = env.get("INCLUSION_SERVER_TOKEN") or env.get("JUPYTERHUB_API_TOKEN") or ""
        if not token and runtime is not None:
            token = str(json.loads(runtime.read_text(encoding="utf-8")).get("token") or "")
        if env.get("BINDER_LAUNCH_HOST") or env.get("BINDER_REPO_URL"):
            kind = Kind.BINDER
        elif env.get("JUPYTERHUB_SERVICE_PREFIX"):
            kind = Kind.JUPYTERHUB
        elif token:
            kind = Kind.JUPYTER
        else:
            kind = Kind.VOILA
        limit = env.get("MEM_LIMIT", "")
        return cls(
            kind=kind,
            token=token,
            hub_prefix=env.get("JUPYTERHUB_BASE_URL", "/"),
            server_prefix=env.get("JUPYTERHUB_SERVICE_PREFIX", "/"),
            started=runtime.stat().st_mtime if runtime is not None else None,
            memory_limit=int(limit) if limit.isdigit() and int(limit) > 0 else None,
            server_pid=server_pid,
        )

    @property
    def link_carries_token(self) -> bool:
        """Participants reach this server only with its token (no accounts of their own)."""
        return self.kind in (Kind.JUPYTER, Kind.BINDER) and bool(self.token)

    def invite_link(self, page_address: str, code: str) -> str:
        """The link that opens this session's participant page, from the facilitator
        page's own address (``https://host/prefix/voila/render/workbooks/facilitator.ipynb``).

        On a JupyterHub it goes through the hub's ``user-redirect``, so each participant
        lands on their own server; on a Binder or a Jupyter server it carries the
        server's token, as participants have no login of their own there.
        """
        folder = page_address.rsplit("/", 1)[0]
        query = {"session": code}
        if self.kind is Kind.JUPYTERHUB and self.server_prefix in page_address:
            origin, _sep, path = page_address.partition(self.server_prefix)
            path = path.rsplit("/", 1)[0]
            hub = self.hub_prefix.rstrip("/")
            return f"{origin}{hub}/hub/user-redirect/{path}/{PARTICIPANT_NOTEBOOK}?" + urlencode(
                query
            )
        if self.link_carries_token:
            query["token"] = self.token
        return f"{folder}/{PARTICIPANT_NOTEBOOK}?{urlencode(query)}"

    def presenter_link(self, page_address: str, code: str, key: str) -> str:
        """The link that opens this session's room screen on the server of the page at
        ``page_address`` (the facilitator's); it carries the server's token where
        pages need one, as the room's computer may have no login of its own."""
        folder = page_address.rsplit("/", 1)[0]
        query = {"session": code, "key": key}
        if self.link_carries_token:
            query["token"] = self.token
        return f"{folder}/{PRESENTER_NOTEBOOK}?{urlencode(query)}"

    def seconds_left(self, now: float | None = None) -> float | None:
        """Seconds until a Binder stops this server; None where no such limit is known."""
        if self.kind is not Kind.BINDER or self.started is None:
            return None
        now = time.time() if now is None else now
        return max(0.0, self.started + BINDER_HOURS * 3600 - now)


def memory_in_use(server_pid: int | None) -> int | None:
    """Bytes held by the server and every kernel it started: each process's share of
    the memory it uses (forked kernels share much of theirs; their resident sizes would
    count it once per kernel)."""
    if server_pid is None:
        return None
    import psutil

    try:
        server = psutil.Process(server_pid)
        processes = [server, *server.children(recursive=True)]
    except psutil.Error:
        return None
    total = 0
    for process in processes:
        try:
            total += process.memory_full_info().pss
        except psutil.Error:
            continue  # a kernel that stopped meanwhile holds nothing any more
    return total


def kernels_running(server_pid: int | None) -> int | None:
    """How many kernels the server holds (one per open page, and those kept waiting)."""
    if server_pid is None:
        return None
    import psutil

    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.Error:
        return None
    count = 0
    for child in children:
        try:
            count += any("ipykernel" in part for part in child.cmdline())
        except psutil.Error:
            continue  # a kernel that stopped meanwhile
    return count


def _server_runtime(runtime_dir: Path | None, server_pid: int) -> Path | None:
    """The runtime file a Jupyter server writes for itself (it holds its token)."""
    if runtime_dir is None:
        try:
            from jupyter_core.paths import jupyter_runtime_dir
        except ImportError:
            return None
        runtime_dir = Path(jupyter_runtime_dir())
    candidate = runtime_dir / f"jpserver-{server_pid}.json"
    return candidate if candidate.is_file() else None
