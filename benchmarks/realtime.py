"""The dashboard in real time: the facilitator's refresh and the answer-to-dashboard delay.

    python benchmarks/realtime.py            # 50 x 100 refresh and 20 saves per tab
    python benchmarks/realtime.py --quick    # smaller and fewer; prints only
    python benchmarks/realtime.py --databases postgresql   # the delay on PostgreSQL only

Runs the ``refresh`` part (:mod:`dashboard_refresh`, in this process) and the ``dashboard``
part (:mod:`dashboard_latency`, a real server and Chromium) once per database (SQLite, and
PostgreSQL on a server of its own), each beside its bare stack in the same run, and writes
the section ``realtime`` of benchmarks/results.md with the machine's state (its load
during the run included: the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import common
from common import Measurement, Options, stopped_by_signals, write_section

RESULTS = Path(__file__).resolve().parent / "results.md"


DATABASES = ("sqlite", "postgresql")


def measure(options: Options, databases: list[str]) -> list[Measurement]:
    import dashboard_latency
    import dashboard_refresh
    from stack import running_stack

    results = dashboard_refresh.run(options)
    for database in databases:
        with (
            running_stack(options.work / database, database) as stack,
            common.chromium() as browser,
        ):
            results += dashboard_latency.run(stack, browser, options)
    return results


def markdown(results: list[Measurement], load: tuple[float, float]) -> str:
    import machine
    from run import HEADER, table_rows

    facts = dict(machine.describe())
    lines = [
        "## The dashboard in real time (benchmarks/realtime.py)",
        "",
        "Kernel CPU time of one refresh of the facilitator's page built in-process, and the",
        "delay from an answer saved through the store to the facilitator's page in Chromium",
        "showing it; each beside the bare stack measured in the same run (see the docstrings",
        "of `dashboard_refresh.py` and `dashboard_latency.py`). These rows replace the older",
        "`answer on dashboard` rows of the table above, which timed a click and a 1 s poll.",
        "The refresh rows use the benchmark framework (100 items) with 50 participants in",
        "each of two rounds; the delay rows use the stack of the browser benchmarks (the",
        "largest shipped framework, liat, 16 items, and a few participants), first with a",
        "SQLite store, then (rows marked PostgreSQL) with a PostgreSQL server started for",
        "the run, where both pages wait for the store's notices instead of polling.",
        "",
        f"Machine: {facts['CPU']}, {facts['cores']} cores, {facts['memory']}, "
        f"{facts['date']}; load average {load[0]:.1f} before and {load[1]:.1f} after the run "
        "(shared with other developers' test runs).",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
        *["| " + " | ".join(row) + " |" for row in table_rows(results)],
        "",
    ]
    lines += [f"- {m.name}: {note}" for m in results for note in m.notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller data, fewer saves")
    parser.add_argument("--output", type=Path, help=f"default: {RESULTS} (none with --quick)")
    parser.add_argument(
        "--databases",
        default=",".join(DATABASES),
        help="comma-separated stores to measure the delay on (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    databases = [part.strip() for part in args.databases.split(",") if part.strip()]
    unknown = sorted(set(databases) - set(DATABASES))
    if unknown:
        parser.error(f"unknown database(s) {', '.join(unknown)}; choose from sqlite, postgresql")
    before = os.getloadavg()[0]
    with stopped_by_signals(), tempfile.TemporaryDirectory(prefix="inclusion-realtime-") as work:
        results = measure(Options(quick=args.quick, work=Path(work)), databases)
    text = markdown(results, (before, os.getloadavg()[0]))
    print(text)
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        write_section(output, "realtime", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
