"""``inclusion-workbook serve`` as an operator runs it: what it prints, and how it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from tests.deploy.conftest import ROOT, free_port
from tests.pg_server import PostgresServer

PASSWORD = "s3cret-Pa55word"


@pytest.mark.postgres
def test_sigterm_stops_voila_and_every_kernel_and_no_password_is_printed(
    postgres_server: PostgresServer, tmp_path
):
    url = postgres_server.new_database().replace("postgres@", f"postgres:{PASSWORD}@", 1)
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "inclusion_widgets.cli", "serve", f"--port={port}", f"--db={url}"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
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
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30):
                    pass
            except OSError:
                pass  # not up yet
            family = psutil.Process(serve.pid).children(recursive=True)
            kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
            time.sleep(1)
        assert len(kernels) >= 2, "the waiting kernels of both pages did not start"
        family = psutil.Process(serve.pid).children(recursive=True)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
        _gone, alive = psutil.wait_procs(family, timeout=30)
        assert alive == [], [p.cmdline() for p in alive]
        output = "".join(printed) + serve.stdout.read()
        assert PASSWORD not in output
        assert "postgres:***@" in output
    finally:
        if serve.poll() is None:
            serve.kill()
