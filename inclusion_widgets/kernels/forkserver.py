"""A process that imports a kernel's stack once and starts each Python kernel as a fork.

A kernel started the usual way spends most of a second of CPU importing ipykernel,
ipywidgets, SQLAlchemy and this package before the page's first cell can run; while a
room opens its pages that second competes with the browsers and the server for the same
cores. A fork of this process has all of it imported already.

Run as ``python -m inclusion_widgets.kernels.forkserver SOCKET`` by the provisioner
(``provisioner.py``). Once its imports are done it listens on the Unix socket SOCKET;
it exits when the process that started it is gone, and its kernels then follow it as
ipykernel's parent poller sees their parent go.

One connection per kernel, a JSON line each way: the provisioner sends
``{"argv": [...], "env": {...}, "cwd": "..."}`` (``argv``: what follows ``python -m
ipykernel_launcher``); this process answers ``{"pid": N}`` once the kernel has its own
process group (so that signalling the group can never reach this process), later
``{"exit": code}`` when the kernel has ended, and closes the connection.

Nothing here may start a thread, an event loop or a ZeroMQ context before forking: a
child would inherit them half-copied. The modules imported below only define things.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import socket
import sys
import traceback
from typing import Any

import setproctitle

PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipywidgets",
    "anywidget",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "inclusion_widgets.app",
    "inclusion_widgets.app.participant_page",
    "inclusion_widgets.app.participant",
    "inclusion_widgets.store",
)
"""What a participant's kernel imports: the kernel most started in a workshop. A page
needing more imports it itself, as it would in a kernel started the usual way."""

REAP_INTERVAL_SECONDS = 0.2
REQUEST_TIMEOUT_SECONDS = 10.0
MAX_REQUEST_BYTES = 4 * 1024 * 1024


def preload(modules: tuple[str, ...] = PRELOAD) -> None:
    """Import ``modules``; one that fails is left for the kernel to import (and report)."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a kernel without the module still starts
            print(f"forkserver: could not preload {name}", file=sys.stderr)
            traceback.print_exc()


def read_request(connection: socket.socket) -> dict[str, Any]:
    """The one JSON line a provisioner sends, as a dict with argv, env and cwd."""
    connection.settimeout(REQUEST_TIMEOUT_SECONDS)
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("the connection closed before a whole request arrived")
        data += chunk
        if len(data) > MAX_REQUEST_BYTES:
            raise ValueError("the request is larger than any kernel's environment")
    request = json.loads(data)
    if not isinstance(request, dict):
        raise ValueError("a request is a JSON object")
    argv, env, cwd = request.get("argv"), request.get("env"), request.get("cwd")
    if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)):
        raise ValueError("argv must be a list of strings")
    if not (isinstance(env, dict) and all(isinstance(v, str) for v in env.values())):
        raise ValueError("env must map names to strings")
    if not isinstance(cwd, str):
        raise ValueError("cwd must be a folder's path")
    return {"argv": argv, "env": env, "cwd": cwd}


def send(connection: socket.socket, message: dict[str, Any]) -> None:
    try:
        connection.sendall(json.dumps(message).encode() + b"\n")
    except OSError:
        pass  # the provisioner went away; the kernel is its own concern now


def become_kernel(request: dict[str, Any]) -> int:
    """Run ipykernel in this (forked) process as ``python -m ipykernel_launcher`` would;
    the exit code."""
    # Seen in ps, and by tools that tell kernels by their command line, as the usual one.
    # Before the environment changes: the title is written over the original's memory.
    setproctitle.setproctitle(
        " ".join([sys.executable, "-m", "ipykernel_launcher", *request["argv"]])
    )
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # ipykernel stops when the process it names as its parent is gone: name this server,
    # which the kernel's parent is. (JPY_PARENT_PID, which it read when imported here,
    # keeps naming the Jupyter server for the kernel's code to find it.)
    argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    os.close(stdin)
    sys.argv = ["ipykernel_launcher", *argv]
    from ipykernel import kernelapp

    try:
        app: Any = kernelapp.IPKernelApp.instance()  # ipykernel's methods are untyped
        app.initialize(argv)
        register_comm_targets()
        app.start()
    except SystemExit as ending:
        return ending.code if isinstance(ending.code, int) else int(ending.code is not None)
    except BaseException:  # reported, then the kernel's exit code says it
        traceback.print_exc()
        return 1
    return 0


def register_comm_targets() -> None:
    """What preloaded modules do at import when a kernel is running, done now there is one.

    ipywidgets registers its comm targets when imported in a kernel; imported here first,
    it found none. Without the ``jupyter.widget.control`` target a page asks for each
    widget's state in a round trip of its own instead of for all of them at once."""
    if "ipywidgets" in sys.modules:
        import ipywidgets

        ipywidgets.register_comm_target()


def fork_kernel(
    request: dict[str, Any], connection: socket.socket, inherited: list[socket.socket]
) -> int:
    """Fork a kernel for ``request``; in this process, its pid. Never returns in the child."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for held in inherited:
                held.close()
            connection.close()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.setpgid(0, 0)
            code = become_kernel(request)
        except BaseException:  # the child must never return into the server
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    try:
        # Also set here: the answer must not go out before the child has its own group.
        os.setpgid(pid, pid)
    except OSError:
        pass  # the child set it itself already (or is gone: its exit is reported)
    return pid


def serve(path: str) -> None:
    """Listen on ``path`` and fork a kernel per connection until our parent is gone."""
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ready = path + ".starting"
    listener.bind(ready)
    listener.listen(64)
    os.rename(ready, path)  # the socket appears under its name only once it listens
    signal.signal(signal.SIGTERM, stop)
    kernels: dict[int, socket.socket] = {}
    try:
        while os.getppid() == parent:
            readable, _, _ = select.select([listener], [], [], REAP_INTERVAL_SECONDS)
            if readable:
                connection, _ = listener.accept()
                try:
                    request = read_request(connection)
                except (OSError, ValueError) as error:
                    send(connection, {"error": str(error)})
                    connection.close()
                else:
                    pid = fork_kernel(request, connection, [listener, *kernels.values()])
                    send(connection, {"pid": pid})
                    kernels[pid] = connection
            while kernels:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                ended = kernels.pop(pid, None)
                if ended is not None:
                    send(ended, {"exit": os.waitstatus_to_exitcode(status)})
                    ended.close()
    finally:
        listener.close()
        os.unlink(path)
        try:
            os.rmdir(os.path.dirname(path))  # made for this socket alone by the provisioner
        except OSError:
            pass


def stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m inclusion_widgets.kernels.forkserver SOCKET", file=sys.stderr)
        return 2
    # As ipykernel_launcher does: the folder this was started from is not the kernel's.
    if sys.path and (sys.path[0] in ("", os.getcwd())):
        del sys.path[0]
    preload()
    serve(args[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
