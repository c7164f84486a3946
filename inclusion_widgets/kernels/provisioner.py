"""A Jupyter kernel provisioner that starts Python kernels as forks of a fork server.

Named ``inclusion-forking-provisioner`` (an entry point of ``jupyter_client``), chosen for
every kernel by ``--KernelProvisionerFactory.default_provisioner_name`` (``serve`` sets it)
or the ``JUPYTER_DEFAULT_PROVISIONER_NAME`` environment variable. Each Python interpreter
the server starts kernels with gets one fork server (``forkserver.py``), started with
the first kernel. A kernel this cannot fork (another language, a command it does not
recognise, its output captured by the caller, a fork server that will not start) is
started as ``LocalProvisioner`` starts it: nothing fails for being unusual.

Everything else (signals to the kernel's process group, interrupts, shutdown, restarts,
culling) is ``LocalProvisioner``'s, through a process handle that behaves like
``subprocess.Popen``.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import threading
import time
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

KERNEL_MODULE = "ipykernel_launcher"
START_TIMEOUT_SECONDS = 120.0
"""How long the first kernel waits for the fork server's imports on a loaded machine."""


class ForkServerUnavailable(RuntimeError):
    """The fork server could not be started or did not answer."""


class ForkedKernel:
    """The handle ``LocalProvisioner`` keeps in ``process``: ``Popen``'s methods for a
    kernel that is a child of the fork server, whose connection reports its exit."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, connection: socket.socket) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._connection = connection
        self._received = b""

    def poll(self) -> int | None:
        if self.returncode is None:
            self._read(block=False)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(KERNEL_MODULE, timeout or 0.0)
            self._read(block=True, timeout=0.1)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _read(self, block: bool, timeout: float | None = None) -> None:
        self._connection.settimeout(timeout if block else 0.0)
        try:
            chunk = self._connection.recv(4096)
        except (BlockingIOError, TimeoutError):
            return
        except OSError:
            chunk = b""
        if chunk:
            self._received += chunk
            if not self._received.endswith(b"\n"):
                return
            self.returncode = int(json.loads(self._received).get("exit", 1))
        else:
            # The fork server is gone without a word; its kernels stop with it.
            self.returncode = 1
        self._connection.close()


class ForkServer:
    """One fork server process and the socket it listens on."""

    def __init__(self, python: str) -> None:
        # Only this user can open the folder, so only their processes can ask for a kernel.
        folder = tempfile.mkdtemp(prefix="inclusion-forks-")
        self.socket_path = os.path.join(folder, "forkserver.sock")
        self.process = subprocess.Popen(  # noqa: S603 - our own module, the server's Python
            [python, "-m", "inclusion_widgets.kernels.forkserver", self.socket_path],
            stdin=subprocess.DEVNULL,
            # Not in the server's process group: a Ctrl-C meant for the server would stop
            # it first; it stops itself once the server is gone.
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    async def ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not os.path.exists(self.socket_path):
            if not self.alive():
                raise ForkServerUnavailable(f"it exited with code {self.process.returncode}")
            if time.monotonic() > deadline:
                raise ForkServerUnavailable(f"not ready in {START_TIMEOUT_SECONDS:.0f} s")
            await asyncio.sleep(0.05)

    async def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> ForkedKernel:
        await self.ready()
        loop = asyncio.get_running_loop()
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.setblocking(False)
        try:
            await loop.sock_connect(connection, self.socket_path)
            request = {"argv": argv, "env": env, "cwd": cwd}
            await loop.sock_sendall(connection, json.dumps(request).encode() + b"\n")
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = await asyncio.wait_for(loop.sock_recv(connection, 4096), 30.0)
                if not chunk:
                    raise ForkServerUnavailable("it closed the connection without a pid")
                answer += chunk
        except (TimeoutError, OSError) as error:
            connection.close()
            raise ForkServerUnavailable(str(error)) from error
        reply = json.loads(answer)
        if "pid" not in reply:
            connection.close()
            raise ForkServerUnavailable(reply.get("error", "no pid in its answer"))
        return ForkedKernel(int(reply["pid"]), connection)


_servers: dict[str, ForkServer] = {}
_servers_lock = threading.Lock()


def fork_server(python: str) -> ForkServer:
    """The fork server for ``python``, started (again, if it ended) when needed."""
    with _servers_lock:
        server = _servers.get(python)
        if server is None or not server.alive():
            server = _servers[python] = ForkServer(python)
        return server


def kernel_arguments(cmd: list[str]) -> list[str] | None:
    """What follows ``python -m ipykernel_launcher`` in ``cmd``; None for other kernels."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", KERNEL_MODULE]:
        return cmd[3:]
    return None


class ForkingProvisioner(LocalProvisioner):
    """Starts each Python kernel as a fork of a process with the stack already imported."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        argv = kernel_arguments(cmd)
        captured = any(kwargs.get(name) is not None for name in ("stdin", "stdout", "stderr"))
        if argv is None or captured:
            return await super().launch_kernel(cmd, **kwargs)
        # As jupyter_client's launcher says it to a kernel: which server started it.
        env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}
        cwd = str(kwargs.get("cwd") or pathlib.Path.cwd())
        try:
            kernel = await fork_server(cmd[0]).fork(argv, env, cwd)
        except ForkServerUnavailable as error:
            self.log.warning("Starting the kernel without its fork server (%s)", error)
            return await super().launch_kernel(cmd, **kwargs)
        # LocalProvisioner calls only the Popen methods ForkedKernel has.
        self.process = kernel  # type: ignore[assignment]
        self.pid = self.pgid = kernel.pid
        self.cwd = cwd
        return self.connection_info
