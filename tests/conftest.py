"""Fixtures shared by every layer's tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from playwright.sync_api import Browser, Error, Page

from inclusion_widgets.frameworks import Framework, load_framework
from tests.file_session import FILE_SESSION, SessionFacts

DATA = Path(__file__).parent / "data"
SERVER_FOLDERS = {"browser", "deploy"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser and tests/deploy starts a server or a browser: marked
    ``server``, it runs one at a time, after the tests that start neither (see
    scripts/test.sh), so that its pages and kernels have the machine's cores to themselves."""
    for item in items:
        if SERVER_FOLDERS & set(item.path.relative_to(Path(__file__).parent).parts[:-1]):
            item.add_marker(pytest.mark.server)


PY_SPY = Path(sys.executable).parent / "py-spy"
LOG_LINES = 80


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failing test that started servers or pages explains itself in its report: what
    each page still open could not draw (ipywidgets' "Click to show javascript error"),
    where each Python process of its servers was (py-spy), and the end of their logs. A
    page that never finished in a full run is then explained by the run's own output."""
    report = yield
    if not report.failed or not item.get_closest_marker("server"):
        return report
    browser = getattr(item, "funcargs", {}).get("browser")
    if isinstance(browser, Browser):
        errors = [
            f"{page.url}\n{error}"
            for context in browser.contexts
            for page in context.pages
            for error in widget_errors(page)
        ]
        if errors:
            report.sections.append(("widgets the pages could not draw", "\n\n".join(errors)))
    report.sections.extend(server_processes_now())
    return report


def widget_errors(page: Page) -> list[str]:
    """The messages of ipywidgets' error views on a page (each shows it when clicked)."""
    shown = []
    try:
        for view in page.locator(".jupyter-widgets-error-widget").all():
            view.click(timeout=2_000)
            shown.append(view.inner_text(timeout=2_000))
    except Error as error:
        shown.append(f"(could not read the page: {error.message})")
    return shown


def server_processes_now() -> list[tuple[str, str]]:
    stacks, logs = [], {}
    for process in psutil.Process().children(recursive=True):
        try:
            command = process.cmdline()
            files = [opened.path for opened in process.open_files()]
        except psutil.Error:
            continue
        if not command or not Path(command[0]).name.startswith("python"):
            continue
        logs.update(dict.fromkeys(path for path in files if path.endswith(".log")))
        try:
            dump = subprocess.run(
                [str(PY_SPY), "dump", "--pid", str(process.pid)],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            where = dump.stdout + dump.stderr
        except (OSError, subprocess.TimeoutExpired) as error:
            where = f"(py-spy could not read it: {error})"
        stacks.append(f"{process.pid} {' '.join(command)[:300]}\n{where}")
    sections = [("stacks of the servers' processes", "\n".join(stacks))] if stacks else []
    for path in logs:
        try:
            tail = Path(path).read_text(errors="replace").splitlines()[-LOG_LINES:]
        except OSError as error:
            tail = [f"(could not read it: {error})"]
        sections.append((f"end of {path}", "\n".join(tail)))
    return sections


@pytest.fixture
def mini_framework() -> Framework:
    """Three items in two groups, one reconstructed, one with non-Latin text."""
    return load_framework(DATA / "frameworks" / "mini.yaml")


@pytest.fixture
def file_session() -> SessionFacts:
    """The session of the small exported files whose exact bytes the exchange tests hold."""
    return FILE_SESSION


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Opens SQLite stores by name in the test's folder, and closes them afterwards."""
    from inclusion_widgets.store import Store

    opened: list[Store] = []

    def make(name: str = "store") -> Store:
        store = Store(f"sqlite:///{tmp_path / name}.sqlite")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


# --- The session store: the same suite on SQLite and on a real PostgreSQL server ---

from tests.pg_server import PostgresServer, start_postgres  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server started for this test session; missing binaries fail, not skip."""
    try:
        server = start_postgres()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: a SQLite file, or a fresh database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()
