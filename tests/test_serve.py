"""``inclusion-workbook serve`` and ``session``: Voila's safety flags and the printed links."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from inclusion_widgets.cli import main
from inclusion_widgets.cli.serve import voila_command, workbooks_folder
from inclusion_widgets.config import FORK_KERNELS_ENV, Settings
from inclusion_widgets.kernels import FORKING_PROVISIONER
from inclusion_widgets.store import Store


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands answer in the terminal's language: these tests read English."""
    monkeypatch.setenv("LANGUAGE", "en")


def test_voila_runs_with_sources_stripped_tracebacks_hidden_and_idle_kernels_culled():
    command = voila_command(Path("workbooks"), 8866, "127.0.0.1", 600, 0)
    assert "--strip_sources=True" in command
    assert "--show_tracebacks=False" in command
    assert "--MappingKernelManager.cull_idle_timeout=600" in command
    assert "--MappingKernelManager.cull_connected=False" in command
    assert not any("preheat" in part for part in command)
    assert any("websocket_max_message_size" in part for part in command)


def test_kernels_start_as_forks_unless_the_environment_says_no():
    """A forked kernel is ready sooner (benchmarks/results.md, page load); an operator
    who meets a problem with it can go back to kernels as processes of their own."""
    forking = f"--KernelProvisionerFactory.default_provisioner_name={FORKING_PROVISIONER}"
    assert forking in voila_command(Path("workbooks"), 8866, "127.0.0.1", 600, 0)
    assert Settings.from_env({}).fork_kernels is True
    settings = Settings.from_env({FORK_KERNELS_ENV: "0"})
    assert settings.fork_kernels is False
    unforked = voila_command(Path("workbooks"), 8866, "127.0.0.1", 600, 0, 0, 60.0, False)
    assert not any("provisioner" in part for part in unforked)


def test_pre_heated_kernels_only_for_the_workshop_pages():
    command = voila_command(Path("workbooks"), 8866, "127.0.0.1", 600, 2)
    assert "--preheat_kernel=True" in command and "--pool_size=2" in command
    assert any("preheat_denylist" in part and "checklist" in part for part in command)


def test_serve_keeps_the_bytecode_kernels_would_otherwise_compile_each_time(tmp_path, monkeypatch):
    import importlib.util

    from inclusion_widgets.cli.serve import compile_bytecode

    module = tmp_path / "package" / "module.py"
    module.parent.mkdir()
    module.write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # as PYTHONDONTWRITEBYTECODE=1
    compile_bytecode(module.parent)
    assert Path(importlib.util.cache_from_source(str(module))).is_file()


def test_the_served_folder_holds_both_workbooks():
    names = {path.name for path in workbooks_folder().glob("*.ipynb")}
    assert {"participant.ipynb", "facilitator.ipynb"} <= names


def test_session_new_prints_the_code_the_key_and_both_links(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    code = main(
        ["session", "new", "--framework", "oecd-12", "--title", "Riga mentors Larissa",
         "--mentor-city", "Riga", "--mentee-city", "Larissa", "--db", url]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    info = Store(url).sessions()[0]
    assert f"Session code:     {info.code}" in out
    key = out.split("Facilitator key:")[1].split()[0]
    assert Store(url).check_key(info.code, key)
    assert f"participant.ipynb?session={info.code}" in out
    assert f"facilitator.ipynb?session={info.code}&key={key}" in out


def test_session_new_with_an_unknown_framework_is_a_sentence(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    code = main(["session", "new", "--framework", "nope", "--title", "T", "--db", url])
    assert code == 1
    assert "no framework has this id" in capsys.readouterr().err


@pytest.mark.timeout(120)  # before the fix, serve moved to another port and ran on
def test_serve_refuses_a_busy_port_with_a_sentence(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", f"--port={port}", f"--db=sqlite:///{tmp_path / 's.sqlite'}"])
    assert code == 1
    err = capsys.readouterr().err
    assert f"Port {port} on 127.0.0.1 is not free" in err
    assert "choose another port with --port" in err


def test_voila_never_moves_to_another_port_than_the_links_name():
    assert "--Voila.port_retries=0" in voila_command(Path("workbooks"), 8866, "127.0.0.1", 600, 0)


def test_only_the_names_the_server_is_served_under_are_answered():
    from inclusion_widgets.cli.voila_server import host_allowed

    names = frozenset({"localhost", "workshop.example"})
    for host in (
        "localhost:8866",
        "127.0.0.1:8866",
        "[::1]:8866",
        "192.168.1.10",
        "Workshop.Example.",
    ):
        assert host_allowed(host, names), host
    for host in ("rebound.attacker.example:8866", "localhost.attacker.example", ""):
        assert not host_allowed(host, names), host


def test_the_kernel_cap_leaves_room_for_the_waiting_kernels_and_grows_with_memory():
    from inclusion_widgets.cli.serve import KERNEL_IN_USE_BYTES, max_kernels

    gib = 2**30
    assert max_kernels(4 * gib, waiting=2) == 2 + (int(4 * gib * 0.8) - 2 * 75 * 2**20) // (
        KERNEL_IN_USE_BYTES
    )
    assert max_kernels(8 * gib, waiting=2) > max_kernels(4 * gib, waiting=2)
    assert max_kernels(100 * 2**20, waiting=3) == 4  # a tiny machine still serves one page


def test_serve_refuses_in_the_language_asked_for(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    args = ["serve", "--db", url, "--port", "0", "--lang", "fr"]
    assert main([*args, "--session", "NOPE42"]) == 1
    assert capsys.readouterr().err.startswith("Il n'y a pas de session avec le code")
    assert main([*args, "--certfile", str(tmp_path / "none.pem")]) == 1
    assert capsys.readouterr().err.startswith("Le fichier TLS ")


@pytest.mark.server
@pytest.mark.timeout(120)
def test_serve_says_what_it_started_in_the_language_asked_for(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inclusion_widgets.cli",
            "serve",
            f"--port={port}",
            f"--db=sqlite:///{tmp_path / 's.sqlite'}",
            "--expect=2",
            "--lang=lv",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert serve.stdout is not None
        printed = []
        for line in serve.stdout:
            printed.append(line)
            if "facilitator.ipynb" in line:
                break
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
    said = "".join(printed)
    assert said.startswith("Sākumlapa (izveidot sesiju): http://127.0.0.1:")
    assert "Gaida 2 dalībnieku kodoli 2 gaidītajiem cilvēkiem" in said
    assert "Krātuve: sqlite:///" in said
    assert "Dalībnieki atver: http://127.0.0.1:" in said
    assert "Moderators atver: http://127.0.0.1:" in said
