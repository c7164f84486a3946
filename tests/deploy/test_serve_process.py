"""``inclusion-workbook serve`` as an operator runs it: what it prints, and how it stops."""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.deploy.hub import ROOT, free_port
from tests.pg_server import PostgresServer

PASSWORD = "s3cret-Pa55word"


def _self_signed(folder) -> tuple[str, str]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


def _status(url: str, host: str | None = None) -> int:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60, context=context) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _connection(kernel: psutil.Process) -> dict[str, object]:
    """The kernel's connection file (``-f FILE`` on its command line): how it is reached."""
    arguments = kernel.cmdline()
    return json.loads(Path(arguments[arguments.index("-f") + 1]).read_text())


@pytest.mark.postgres
def test_serve_over_tls_checks_the_host_keeps_kernels_off_tcp_and_sigterm_stops_them(
    postgres_server: PostgresServer, tmp_path
):
    url = postgres_server.new_database().replace("postgres@", f"postgres:{PASSWORD}@", 1)
    port = free_port()
    cert, key = _self_signed(tmp_path)
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inclusion_widgets.cli",
            "serve",
            f"--port={port}",
            f"--db={url}",
            f"--certfile={cert}",
            f"--keyfile={key}",
            "--host-name=workshop.example",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "LANGUAGE": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = []
        assert serve.stdout is not None
        for line in serve.stdout:
            printed.append(line)
            if line.startswith("Facilitator opens:"):
                break
        deadline = time.monotonic() + 240
        kernels: list[psutil.Process] = []
        while time.monotonic() < deadline and len(kernels) < 2:
            try:
                _status(f"https://127.0.0.1:{port}/")
            except OSError:
                pass  # not up yet
            family = psutil.Process(serve.pid).children(recursive=True)
            kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
            time.sleep(1)
        assert len(kernels) >= 2, "the waiting kernels of both pages did not start"
        # Kernels that each bind five TCP ports collide when a room opens its pages at
        # once (one page in thirty was cut off); over IPC they have no port to share.
        transports = {_connection(kernel)["transport"] for kernel in kernels}
        assert transports == {"ipc"}
        # Each a fork of the one process that imported the kernels' stack once.
        (forkserver,) = {kernel.parent() for kernel in kernels}
        assert forkserver is not None
        assert "inclusion_widgets.kernels.forkserver" in " ".join(forkserver.cmdline())
        page = f"https://127.0.0.1:{port}/voila/render/participant.ipynb"
        assert _status(page) == 200
        assert _status(page, host=f"workshop.example:{port}") == 200
        assert _status(page, host=f"rebound.attacker.example:{port}") == 403
        family = psutil.Process(serve.pid).children(recursive=True)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
        _gone, alive = psutil.wait_procs(family, timeout=30)
        assert alive == [], [p.cmdline() for p in alive]
        output = "".join(printed) + serve.stdout.read()
        assert PASSWORD not in output
        assert "postgres:***@" in output
        assert f"https://127.0.0.1:{port}/voila/render/participant.ipynb" in output
    finally:
        if serve.poll() is None:
            serve.kill()
