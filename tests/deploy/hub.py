"""A real JupyterHub on localhost: configurable-http-proxy, the DummyAuthenticator, one
single-user server per person (SimpleLocalProcessSpawner), every server's kernels pointed
at one PostgreSQL database that the test session starts.

One hub for the module: starting it and four single-user servers is the slow part.
The fixtures live here, not in a conftest.py: the browser tests import their own
``conftest`` by that name, and a second one in this folder would shadow it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, sync_playwright

from inclusion_widgets.store import Store
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.pg_server import PostgresServer

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
SINGLEUSER = Path(sys.executable).parent / "jupyterhub-singleuser"
FACILITATOR = "facilitator"
PARTICIPANTS = ("amira", "bram", "chiara")
READY_SECONDS = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Hub:
    base_url: str
    db_url: str
    api_token: str
    log: Path

    def api(self, method: str, path: str) -> dict:
        request = urllib.request.Request(
            f"{self.base_url}/hub/api{path}",
            method=method,
            headers={"Authorization": f"token {self.api_token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def store(self) -> Store:
        return Store(self.db_url)

    def user_url(self, user: str, path: str) -> str:
        return f"{self.base_url}/user/{user}/{path}"


CONFIG = """
import sys
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.cleanup_servers = True
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {users!r}
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.cmd = ["{singleuser}"]
c.Spawner.args = {args!r}
c.Spawner.notebook_dir = "{root}"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {ready}
c.Spawner.http_timeout = {ready}
c.Spawner.environment = {{"INCLUSION_DB_URL": "{db_url}", "PYTHONPATH": "{root}"}}
c.JupyterHub.services = [{{"name": "workshop-admin", "api_token": "{api_token}"}}]
c.JupyterHub.load_roles = [
    {{"name": "workshop-admin", "scopes": ["admin:users", "admin:servers"],
      "services": ["workshop-admin"]}}
]
"""


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub stopped:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterHub did not answer at {url}:\n{log.read_text()[-4000:]}")


def _spawn(hub: Hub, user: str) -> None:
    hub.api("POST", f"/users/{user}/server")
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        server = hub.api("GET", f"/users/{user}").get("servers", {}).get("", {})
        if server.get("ready"):
            return
        time.sleep(1)
    raise RuntimeError(f"the server of {user} did not start:\n{hub.log.read_text()[-4000:]}")


@pytest.fixture(scope="module", name="hub")
def hub_fixture(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: PostgresServer
) -> Iterator[Hub]:
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: run scripts/setup.sh (npm install in tests/deploy)")
    folder = tmp_path_factory.mktemp("hub")
    port, token = free_port(), secrets.token_hex(24)
    db_url = postgres_server.new_database()
    config = folder / "jupyterhub_config.py"
    config.write_text(
        CONFIG.format(
            port=port,
            hub_port=free_port(),
            proxy_port=free_port(),
            folder=folder,
            proxy=PROXY,
            users={FACILITATOR, *PARTICIPANTS},
            singleuser=SINGLEUSER,
            args=["--allow-root"] if os.geteuid() == 0 else [],
            root=ROOT,
            ready=READY_SECONDS,
            db_url=db_url,
            api_token=token,
        )
    )
    log = folder / "hub.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=folder,
        start_new_session=True,
    )
    hub = Hub(f"http://127.0.0.1:{port}", db_url, token, log)
    try:
        _wait(f"{hub.base_url}/hub/health", process, log)
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda user: _spawn(hub, user), [FACILITATOR, *PARTICIPANTS]))
        yield hub
    finally:
        # The single-user servers are the hub's children; it stops them as it stops.
        started = psutil.Process(process.pid).children(recursive=True)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        _gone, alive = psutil.wait_procs(started, timeout=15)
        for leftover in alive:
            leftover.kill()


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
