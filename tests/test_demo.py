"""``inclusion-workbook demo``: a newcomer's one command, run for real."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from inclusion_widgets.cli import main
from inclusion_widgets.demo import DEMO_MARK, PAIRS, create_demo
from inclusion_widgets.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo answers in the terminal's language: these tests read English."""
    monkeypatch.setenv("LANGUAGE", "en")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_data_has_a_baseline_and_follow_up_per_pair(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    sessions = create_demo(store)
    assert len(sessions) == 2 * len(PAIRS)
    for baseline, followup in zip(sessions[::2], sessions[1::2], strict=True):
        assert followup.info.baseline_code == baseline.info.code
        assert (baseline.info.round, followup.info.round) == (1, 2)
        people = store.participants(baseline.info.code)
        assert 8 <= len(people) <= 12
        assert all(DEMO_MARK in person.name for person in people)
        assert DEMO_MARK in baseline.info.title
        assert store.answers(followup.info.code)
    assert any(store.actions(demo.info.code) for demo in sessions)
    for demo in sessions:
        agreed = store.agreed(demo.info.code)
        items = store.framework(demo.info.code).items
        assert 0 < len(agreed) < len(items)  # some items are not agreed yet
        assert all(DEMO_MARK in result.reasoning for result in agreed)
    # Votes and a consolidated plan: drafts merged into plan actions that keep every proposer.
    plans = [store.plan(demo.info.code) for demo in sessions]
    assert all(sum(store.tally(demo.info.code).counts.values()) for demo in sessions)
    assert any(len(action.proposed_by) > 1 for plan in plans for action in plan)
    assert all(action.owner and action.due for plan in plans for action in plan)


@pytest.mark.server
def test_the_demo_command_starts_a_server_whose_links_answer(tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inclusion_widgets.cli",
            "demo",
            "--no-browser",
            f"--port={port}",
            f"--dir={tmp_path / 'demo'}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
        text=True,
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "The server is up" in line or process.poll() is not None:
                break
        printed = "".join(lines)
        assert "The server is up" in printed, printed
        urls = dict(re.findall(r"^(Facilitator|Participant): (http\S+)$", printed, re.MULTILINE))
        assert set(urls) == {"Facilitator", "Participant"}
        for url in urls.values():
            with urllib.request.urlopen(url, timeout=60) as response:
                assert response.status == 200
        code = re.search(r"session=([\w-]+)", urls["Facilitator"]).group(1)
        store = Store(f"sqlite:///{tmp_path / 'demo' / 'demo.sqlite'}")
        followup = store.session(code)
        assert followup.round == 2
        assert store.session(followup.baseline_code).round == 1
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def run_script(folder: Path) -> str:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "run.sh"), "--prepare-only", f"--dir={folder}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return done.stdout


@pytest.mark.server  # scripts/run.sh may install into .venv: not beside other tests
def test_run_sh_installs_nothing_the_second_time_and_prints_the_start_page_first(tmp_path):
    run_script(tmp_path / "demo")  # sets up .venv if the requirements changed
    first_store = (tmp_path / "demo" / "demo.sqlite").stat().st_mtime_ns
    again = run_script(tmp_path / "demo")
    assert "Setting up" not in again
    assert again.splitlines()[0] == (
        "Start page (create a session): http://127.0.0.1:8866/voila/render/start.ipynb"
    )
    # The second start keeps the demo store, and so whatever was typed into it.
    assert (tmp_path / "demo" / "demo.sqlite").stat().st_mtime_ns == first_store
    assert re.search(r"^Facilitator: http\S+key=\S+$", again, re.MULTILINE)


def test_the_demo_says_what_it_prepared_in_the_language_asked_for(tmp_path, capsys):
    assert main(["demo", "--prepare-only", "--lang=de", f"--dir={tmp_path / 'demo'}"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Startseite (Sitzung anlegen): http://127.0.0.1:8866/")
    assert "Demo-Sitzungen (erfundene Personen und Antworten):" in printed
    assert re.search(r"^Moderation: http\S+key=\S+$", printed, re.MULTILINE)
    assert main(["demo", "--prepare-only", "--lang=de", f"--dir={tmp_path}"]) == 1
    assert "enthält Dateien, die die Demo nicht angelegt hat" in capsys.readouterr().err


def test_the_demo_refuses_a_folder_it_did_not_create(tmp_path, capsys):
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter-1.docx").write_text("months of work", encoding="utf-8")
    code = main(["demo", "--prepare-only", f"--dir={folder}"])
    assert code == 1
    assert "holds files that the demo did not create" in capsys.readouterr().err
    assert (folder / "chapter-1.docx").read_text(encoding="utf-8") == "months of work"


def test_the_demo_starts_afresh_in_its_own_folder(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", "--prepare-only", f"--dir={folder}"]) == 0
    first = (folder / "demo-links.txt").read_text(encoding="utf-8")
    assert main(["demo", "--prepare-only", "--fresh", f"--dir={folder}"]) == 0
    assert (folder / "demo-links.txt").read_text(encoding="utf-8") != first
    assert "did not create" not in capsys.readouterr().err
