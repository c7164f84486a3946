"""Kernels started as forks of the fork server, through jupyter_client's own kernel manager."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import psutil
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from inclusion_widgets.app.hosting import kernels_running, memory_in_use
from inclusion_widgets.kernels import FORKING_PROVISIONER
from inclusion_widgets.kernels.provisioner import ForkServer, ForkServerUnavailable

pytestmark = [pytest.mark.server, pytest.mark.timeout(180)]

FORKSERVER = "inclusion_widgets.kernels.forkserver"
HOSTING = "from inclusion_widgets.app.hosting import Hosting"
CONTROL_VERSION = {"version": "1.0.0"}
"""The widget control protocol's version a page announces (ipywidgets 8)."""


def write_spec(folder: Path, name: str, argv: list[str], env: dict[str, str]) -> None:
    spec = folder / name
    spec.mkdir(parents=True)
    document = {
        "argv": argv,
        "display_name": name,
        "language": "python",
        "env": env,
        "metadata": {"kernel_provisioner": {"provisioner_name": FORKING_PROVISIONER}},
    }
    (spec / "kernel.json").write_text(json.dumps(document), encoding="utf-8")


@contextlib.asynccontextmanager
async def kernels(folder: Path) -> AsyncIterator[Callable[..., Any]]:
    """Starts kernels through the forking provisioner (named in their kernel spec, as a
    server's ``default_provisioner_name`` would), and shuts them down afterwards."""
    specs = folder / "kernels"
    launcher = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    write_spec(specs, "forked", launcher, {"INCLUSION_TEST_MARK": "from the spec"})
    write_spec(specs, "other", [sys.executable, "-m", "ipykernel", "-f", "{connection_file}"], {})
    manager = KernelSpecManager(kernel_dirs=[str(specs)])
    started: list[tuple[AsyncKernelManager, Any]] = []

    async def start(name: str = "forked", cwd: Path = folder) -> tuple[AsyncKernelManager, Any]:
        kernel = AsyncKernelManager(
            kernel_name=name,
            kernel_spec_manager=manager,
            transport="ipc",
            ip=str(folder / f"ipc-{len(started)}"),
        )
        await kernel.start_kernel(cwd=str(cwd))
        client = kernel.client()
        client.start_channels()
        started.append((kernel, client))
        await client.wait_for_ready(timeout=120)
        return kernel, client

    try:
        yield start
    finally:
        for kernel, client in started:
            client.stop_channels()
            if await kernel.is_alive():
                await kernel.shutdown_kernel(now=True)


def with_kernels(scenario: Callable[..., Any]) -> Callable[[Path], None]:
    """A test that runs ``scenario(start_kernel, tmp_path)`` in an event loop of its own."""

    def test(tmp_path: Path) -> None:
        async def in_loop() -> None:
            async with kernels(tmp_path) as start_kernel:
                await scenario(start_kernel, tmp_path)

        asyncio.run(in_loop())

    test.__name__, test.__doc__ = scenario.__name__, scenario.__doc__
    return test


async def run(client: Any, expression: str, setup: str = "") -> Any:
    """The value of ``expression`` in the kernel (after ``setup``), through JSON."""
    printed: list[str] = []

    def collect(message: dict[str, Any]) -> None:
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        if message["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))

    code = f"{setup}\nimport json as _json\nprint(_json.dumps({expression}))"
    await client.execute_interactive(code, output_hook=collect, timeout=60)
    return json.loads("".join(printed))


def forkserver_of(pid: int) -> psutil.Process:
    parent = psutil.Process(pid).parent()
    assert parent is not None
    return parent


@with_kernels
async def test_a_python_kernel_is_a_fork_that_has_the_stack_imported_already(
    start_kernel: Callable[..., Any], tmp_path: Path
) -> None:
    workdir = tmp_path / "workbooks"
    workdir.mkdir()
    kernel, client = await start_kernel(cwd=workdir)
    seen = await run(
        client,
        '{"pid": os.getpid(), "cwd": os.getcwd(), "preloaded": "sqlalchemy" in sys.modules,'
        ' "mark": os.environ.get("INCLUSION_TEST_MARK"), "path": "" in sys.path}',
        setup="import os, sys",
    )
    assert seen["pid"] == kernel.provisioner.pid
    forkserver = forkserver_of(seen["pid"])
    assert forkserver.pid != os.getpid()
    assert FORKSERVER in " ".join(forkserver.cmdline())
    # What it imported started no thread: a fork would inherit it half-copied.
    assert forkserver.num_threads() == 1
    assert seen["preloaded"] is True
    assert seen["cwd"] == str(workdir)
    assert seen["mark"] == "from the spec"
    assert seen["path"] is True  # the kernel's folder is importable, as in any kernel
    # Named as any kernel in ps: tools that find kernels by their command line still do.
    assert "ipykernel_launcher" in " ".join(psutil.Process(seen["pid"]).cmdline())


@with_kernels
async def test_forked_kernels_share_nothing_they_change(
    start_kernel: Callable[..., Any], tmp_path: Path
) -> None:
    _, first = await start_kernel()
    _, second = await start_kernel()
    one = await run(first, "[os.getpid(), random.random()]", "import random, os\nshared = 1")
    two = await run(second, "[os.getpid(), random.random()]", "import random, os")
    assert one[0] != two[0]
    assert one[1] != two[1]  # each fork draws its own random numbers
    assert await run(second, "'shared' in globals()") is False


@with_kernels
async def test_a_page_gets_every_widget_state_in_one_request(
    start_kernel: Callable[..., Any], tmp_path: Path
) -> None:
    """ipywidgets was imported before the kernel existed; the control comm target that
    answers a page's one request for every widget state must still be registered."""
    _, client = await start_kernel()
    model_id = await run(client, "b.model_id", "import ipywidgets\nb = ipywidgets.Button()")
    comm_id = "control-comm"
    for kind, content in [
        ("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}),
        ("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}),
    ]:
        message = client.session.msg(kind, content, metadata=CONTROL_VERSION)
        client.shell_channel.send(message)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        message = await client.get_iopub_msg(timeout=30)
        if message["msg_type"] == "comm_close" and message["content"]["comm_id"] == comm_id:
            pytest.fail("the kernel refused the widget control comm")
        data = message["content"].get("data", {})
        if message["msg_type"] == "comm_msg" and data.get("method") == "update_states":
            assert model_id in data["states"]
            return
    pytest.fail("no update_states answer")


@with_kernels
async def test_the_facilitator_counts_forked_kernels_and_their_shared_memory_once(
    start_kernel: Callable[..., Any], tmp_path: Path
) -> None:
    """What the facilitator page shows on a server with a kernel cap or a memory limit."""
    await start_kernel()
    _, client = await start_kernel()
    assert kernels_running(os.getpid()) == 2
    family = [psutil.Process(), *psutil.Process().children(recursive=True)]
    resident = sum(process.memory_info().rss for process in family)
    in_use = memory_in_use(os.getpid())
    assert in_use is not None
    # Each fork shares the fork server's imported stack: counted once, not per kernel.
    assert in_use < resident - 50 * 2**20
    # And a kernel's code finds the Jupyter server that started it (its token, its age).
    assert await run(client, "Hosting.detect().server_pid", HOSTING) == os.getpid()


@with_kernels
async def test_a_forked_kernel_is_interrupted_restarted_and_shut_down(
    start_kernel: Callable[..., Any], tmp_path: Path
) -> None:
    kernel, client = await start_kernel()
    client.execute("import time; time.sleep(60)")
    await asyncio.sleep(1)
    await kernel.interrupt_kernel()
    deadline = time.monotonic() + 20
    errors: list[str] = []
    while not errors and time.monotonic() < deadline:
        message = await client.get_iopub_msg(timeout=20)
        if message["msg_type"] == "error":
            errors.append(message["content"]["ename"])
    assert errors == ["KeyboardInterrupt"]
    first = kernel.provisioner.pid
    await kernel.restart_kernel(now=True)
    await client.wait_for_ready(timeout=60)
    second = kernel.provisioner.pid
    assert second != first
    assert not psutil.pid_exists(first) or psutil.Process(first).status() == "zombie"
    assert FORKSERVER in " ".join(forkserver_of(second).cmdline())
    await kernel.shutdown_kernel()
    assert not await kernel.is_alive()
    assert not psutil.pid_exists(second)


@with_kernels
async def test_a_kernel_it_cannot_fork_starts_as_its_own_process(
    start_kernel: Callable[..., Any], tmp_path: Path
) -> None:
    kernel, client = await start_kernel("other")
    assert await run(client, "__import__('os').getppid()") == os.getpid()
    assert kernel.provisioner.pid is not None


def test_the_fork_server_and_its_kernels_end_with_the_server_that_started_them(
    tmp_path: Path,
) -> None:
    script = tmp_path / "server.py"
    script.write_text(
        textwrap.dedent(
            """
            import asyncio, os, sys
            from jupyter_client.manager import AsyncKernelManager

            async def main():
                kernel = AsyncKernelManager(transport="ipc", ip=sys.argv[1])
                await kernel.start_kernel()
                pid = kernel.provisioner.pid
                print(pid, os.getppid() and __import__("psutil").Process(pid).ppid(), flush=True)
                await asyncio.sleep(600)

            asyncio.run(main())
            """
        ),
        encoding="utf-8",
    )
    server = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "ipc")],
        env={**os.environ, "JUPYTER_DEFAULT_PROVISIONER_NAME": FORKING_PROVISIONER},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        kernel_pid, forkserver_pid = map(int, server.stdout.readline().split())
        assert FORKSERVER in " ".join(psutil.Process(forkserver_pid).cmdline())
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        _gone, alive = psutil.wait_procs(
            [psutil.Process(kernel_pid), psutil.Process(forkserver_pid)], timeout=15
        )
        assert alive == [], [p.cmdline() for p in alive]
    finally:
        server.kill()


def test_the_fork_server_answers_a_malformed_request_and_keeps_serving(tmp_path: Path) -> None:
    path = str(tmp_path / "fork.sock")
    forkserver = subprocess.Popen([sys.executable, "-m", FORKSERVER, path])
    try:
        deadline = time.monotonic() + 60
        while not os.path.exists(path):
            assert forkserver.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        for request, expected in [
            (b"not json\n", "Expecting value"),
            (b"[1, 2]\n", "a request is a JSON object"),
            (b'{"argv": "-f x", "env": {}, "cwd": "/"}\n', "argv must be a list of strings"),
        ]:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.connect(path)
                connection.sendall(request)
                answer = json.loads(connection.makefile().readline())
            assert expected in answer["error"]
        assert forkserver.poll() is None
    finally:
        forkserver.terminate()
        forkserver.wait(timeout=10)


def test_a_fork_server_that_cannot_start_says_so_instead_of_waiting() -> None:
    """The provisioner then starts the kernel as a process of its own (and logs why)."""
    with pytest.raises(ForkServerUnavailable, match="exited with code 1"):
        asyncio.run(ForkServer("/bin/false").ready())
