"""How many participants fit on a 2 GB Binder, with kernels as they are after real work.

    python benchmarks/binder_room.py [--participants 4]

Runs the app as Binder does (``jupyter server`` with Voila as its extension and a token);
the facilitator opens the dashboard; each participant joins in Chromium, answers every item
of the framework with a note, drafts an action and prepares their download; the facilitator
looks at every dashboard tab and prepares the session's downloads. Then the resident memory
of the server and of every kernel is read, beside a kernel of a one-Button notebook opened on
the same server (the bare stack). The room that fits is what is left of 2 GB after the server
and the facilitator's kernel, divided by one participant kernel.

The section is written into benchmarks/results.md between its own markers; run.py keeps it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

from common import (
    PAGE_TIMEOUT_MS,
    ROOT,
    chromium,
    free_port,
    process_group,
    rss_mib,
    wait_until_up,
    write_section,
)
from common import kernel_pids as kernels_of
from stack import BARE_NOTEBOOK

RESULTS = ROOT / "benchmarks" / "results.md"
BINDER_MIB = 2048


def open_page(page, url: str) -> None:
    page.goto(url, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector("#loading", state="detached", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".ic-app, .bench-bare-button", timeout=PAGE_TIMEOUT_MS)


def work_as_participant(page, number: int, framework) -> None:
    page.locator(".ic-join-name input").fill(f"Participant {number}")
    page.locator(".ic-join-city-choice select").select_option(label="Larissa")
    page.locator(".ic-join-organisation input").fill("Municipality")
    page.locator(".ic-join-role select").select_option(label="Mentee")
    page.locator(".ic-join-button").click()
    page.wait_for_selector(".ic-session-bar .ic-personal-href", timeout=PAGE_TIMEOUT_MS)
    levels = [level.label for level in framework.get_scale().levels]
    for index, item in enumerate(framework.items):
        card = page.locator(f".ic-item-{item.id.replace('/', '-')}")
        card.get_by_role("radio", name=levels[index % len(levels)], exact=True).check()
        card.get_by_label("Note").fill(
            f"Participant {number} on {item.title}: " + "what we do and what we lack. " * 8
        )
    page.locator(".lm-TabBar-tab", has_text="Action plan").click()
    page.get_by_role("button", name="Add action").click()
    page.locator(".ic-action").nth(0).get_by_label("Title", exact=True).fill("A one-stop shop")
    page.locator(".lm-TabBar-tab", has_text="My answers").click()
    page.locator(".ic-prepare-files").click()
    page.wait_for_selector(".ic-download", timeout=PAGE_TIMEOUT_MS)


def work_as_facilitator(page) -> None:
    for tab in (
        "Where we stand",
        "Where we disagree",
        "Mentor vs mentee",
        "Action plan",
        "Who has joined",
    ):
        page.locator(".lm-TabBar-tab", has_text=tab).click()
        page.wait_for_timeout(1500)
    page.locator(".lm-TabBar-tab", has_text="Files").click()
    page.locator(".ic-prepare-files").click()
    page.wait_for_selector(".ic-download-primary", timeout=PAGE_TIMEOUT_MS)


def measure(participants: int, work: Path) -> dict[str, float]:
    import psutil

    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    framework = load_framework("oecd-12")
    db_url = f"sqlite:///{work / 'workshop.sqlite'}"
    store = Store(db_url)
    info, key = store.create_session(framework, "Binder room", "Riga", "Larissa")
    store.close()
    (work / "bare").mkdir()
    (work / "bare" / "bare.ipynb").write_text(json.dumps(BARE_NOTEBOOK), encoding="utf-8")
    (work / "workbooks").symlink_to(ROOT / "workbooks")
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={work}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    os.environ["INCLUSION_DB_URL"] = db_url
    base = f"http://127.0.0.1:{port}"
    render = f"{base}/voila/render"
    with process_group(command, work, work / "server.log") as server, chromium() as browser:
        wait_until_up(f"{base}/", server, work / "server.log")
        facilitator = browser.new_context().new_page()
        open_page(
            facilitator,
            f"{render}/workbooks/facilitator.ipynb?session={info.code}&key={key}&token={token}",
        )
        facilitator_kernel = kernels_of(server)
        pages = []
        for number in range(1, participants + 1):
            page = browser.new_context().new_page()
            open_page(
                page, f"{render}/workbooks/participant.ipynb?session={info.code}&token={token}"
            )
            work_as_participant(page, number, framework)
            pages.append(page)
        work_as_facilitator(facilitator)
        bare = browser.new_context().new_page()
        before = kernels_of(server)
        open_page(bare, f"{render}/bare/bare.ipynb?token={token}")
        bare_kernel = kernels_of(server) - before
        participant_kernels = before - facilitator_kernel
        server_mib = float(psutil.Process(server.pid).memory_info().rss) / 2**20
        return {
            "server": server_mib,
            "facilitator": max(rss_mib(pid) for pid in facilitator_kernel),
            "participant": statistics.median(rss_mib(pid) for pid in participant_kernels),
            "participant_max": max(rss_mib(pid) for pid in participant_kernels),
            "bare": max(rss_mib(pid) for pid in bare_kernel),
        }


def markdown(figures: dict[str, float], participants: int) -> str:
    room = (BINDER_MIB - figures["server"] - figures["facilitator"]) / figures["participant"]
    bare_room = (BINDER_MIB - figures["server"] - figures["facilitator"]) / figures["bare"]
    return (
        "\n".join(
            [
                "## A room on a 2 GB Binder (benchmarks/binder_room.py)",
                "",
                f"`jupyter server` with Voila as its extension and a token, as on Binder; "
                f"{participants} participants each answered every item of oecd-12 with a note, "
                "drafted an action and prepared their download; the facilitator looked at every "
                "dashboard tab and prepared the session's downloads. Resident memory then:",
                "",
                "| process | resident memory | ratio to a one-Button kernel |",
                "|---|---|---|",
                f"| Jupyter server (with Voila) | {figures['server']:.0f} MiB | - |",
                f"| facilitator kernel | {figures['facilitator']:.0f} MiB "
                f"| {figures['facilitator'] / figures['bare']:.2f}x |",
                f"| participant kernel (median) | {figures['participant']:.0f} MiB "
                f"| {figures['participant'] / figures['bare']:.2f}x |",
                f"| participant kernel (largest) | {figures['participant_max']:.0f} MiB "
                f"| {figures['participant_max'] / figures['bare']:.2f}x |",
                f"| one-Button kernel (bare stack) | {figures['bare']:.0f} MiB | 1.00x |",
                "",
                f"Participants that fit in {BINDER_MIB} MiB beside the server and the "
                f"facilitator: **{room:.0f}** (one-Button kernels: {bare_room:.0f}). Target: at "
                "least 20. The facilitator page shows the memory in use against Binder's limit "
                "and warns from 80%.",
            ]
        )
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=4)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="inclusion-binder-room-") as work:
        figures = measure(args.participants, Path(work))
    text = markdown(figures, args.participants)
    print(text)
    write_section(args.output, "binder_room", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
