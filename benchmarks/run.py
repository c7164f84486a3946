"""Run the benchmarks, print the table, and (full run) write ``benchmarks/results.md``.

    python benchmarks/run.py            # full run, writes benchmarks/results.md
    python benchmarks/run.py --quick    # fewer repetitions, smaller data; prints only
    python benchmarks/run.py --quick --only export,autosave

Every figure is a ratio against the bare stack measured in the same run. Targets are
reported, never asserted; where one is missed, the profile of that part is printed and
written into ``results.md``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Measurement, Options

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
PARTS = (
    "models",
    "page_load",
    "page_load_pooled",
    "kernel_memory",
    "autosave",
    "refresh",
    "dashboard",
    "export",
    "workshop",
)
SLOW_PARTS = ("workshop", "page_load_pooled")
"""Left out of a quick run unless named with --only: the workshop takes minutes, and the
pooled page load waits for each server to refill its pool before every load."""
BROWSER_PARTS = ("page_load", "kernel_memory", "dashboard", "workshop")


def format_value(value: float, unit: str) -> str:
    digits = {"s": 3, "ms": 1, "MiB": 1, "models": 0, "kernels": 0}.get(unit, 2)
    return f"{value:.{digits}f} {unit}"


def verdict(measurement: Measurement) -> str:
    if measurement.met is None:
        return ""
    return "met" if measurement.met else "MISSED"


def table_rows(results: list[Measurement]) -> list[list[str]]:
    return [
        [
            m.name,
            format_value(m.value, m.unit),
            format_value(m.baseline, m.unit),
            f"{m.shown_ratio:.2f}x",
            m.target or "-",
            verdict(m) or "-",
            m.baseline_label,
        ]
        for m in results
    ]


HEADER = ["measurement", "ours", "bare", "ratio", "target", "result", "bare stack"]


def print_table(results: list[Measurement]) -> None:
    rows = [HEADER, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    for m in results:
        for note in m.notes:
            print(f"  {m.name}: {note}")


def markdown(
    results: list[Measurement],
    facts: list[tuple[str, str]],
    profiles: dict[str, str],
    failed: dict[str, str],
) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (full run). Every figure is compared with the",
        "bare stack measured in the same run on the same machine; the ratio is ours / bare.",
        "Targets are reported, not asserted.",
        "",
        "## Machine and versions",
        "",
        *[f"- {what}: {value}" for what, value in facts],
        "",
        "## Results",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
        *["| " + " | ".join(row) + " |" for row in table_rows(results)],
        "",
        "## Details",
        "",
    ]
    for m in results:
        lines += [f"- {m.name}: {note}" for note in m.notes]
    if failed:
        lines += ["", "## Not measured in this run", ""]
        lines += [f"- {name}: {why}" for name, why in failed.items()]
    for title, text in profiles.items():
        lines += ["", f"## Where the time goes: {title}", "", text.rstrip()]
    return "\n".join(lines) + "\n"


def measure(parts: list[str], options: Options, failed: dict[str, str]) -> list[Measurement]:
    results: list[Measurement] = []
    plain: dict[str, Callable[[Options], list[Measurement]]] = {}
    if "models" in parts:
        import widget_models

        plain["models"] = widget_models.run
    if "export" in parts:
        import export_and_figures

        plain["export"] = export_and_figures.run
    if "autosave" in parts:
        import autosave

        plain["autosave"] = autosave.run
    if "refresh" in parts:
        import dashboard_refresh

        plain["refresh"] = dashboard_refresh.run
    for name, run in plain.items():
        results += timed_part(name, lambda run=run: run(options), failed)
    if any(part in parts for part in BROWSER_PARTS):
        import dashboard_latency
        import kernel_memory
        import page_load
        import workshop_kernels
        from stack import running_stack

        browser_runs = {
            "page_load": page_load.run,
            "kernel_memory": kernel_memory.run,
            "dashboard": dashboard_latency.run,
            "workshop": workshop_kernels.run,
        }
        with running_stack(options.work / "stack") as stack, common.chromium() as browser:
            for name, run in browser_runs.items():
                if name in parts:
                    results += timed_part(
                        name, lambda run=run: run(stack, browser, options), failed
                    )
    if "page_load_pooled" in parts:
        import page_load
        from stack import running_stack

        def pooled() -> list[Measurement]:
            with (
                running_stack(options.work / "pooled", pooled=True) as stack,
                common.chromium() as browser,
            ):
                return page_load.run_pooled(stack, browser, options)

        results += timed_part("page_load_pooled", pooled, failed)
    return results


def timed_part(
    name: str, work: Callable[[], list[Measurement]], failed: dict[str, str]
) -> list[Measurement]:
    """The part's measurements; a part that fails goes into ``failed`` with why, and the
    other parts still run."""
    start = time.perf_counter()
    try:
        results = work()
    except Exception as error:  # one broken part must not hide the others
        failed[name] = f"{type(error).__name__}: {error}".splitlines()[0]
        results = []
    print(f"[{name}: {time.perf_counter() - start:.0f} s]", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller data")
    parser.add_argument(
        "--only",
        help=f"comma-separated parts: {', '.join(PARTS)} (all; a quick run leaves out "
        f"{', '.join(SLOW_PARTS)})",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the results (default: {RESULTS} on a full run, none with --quick)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip profiling missed targets")
    args = parser.parse_args(argv)
    default = [part for part in PARTS if not (args.quick and part in SLOW_PARTS)]
    parts = (
        [part.strip() for part in args.only.split(",") if part.strip()] if args.only else default
    )
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    import machine
    import profiles

    with tempfile.TemporaryDirectory(prefix="inclusion-bench-") as work:
        options = Options(quick=args.quick, work=Path(work))
        failed: dict[str, str] = {}
        results = measure(parts, options, failed)
        print_table(results)
        for name, why in failed.items():
            print(f"NOT MEASURED: {name}: {why}")
        found = {} if args.no_profile else profiles.for_missed(results, options)
    for title, text in found.items():
        print(f"\nWhere the time goes: {title}\n{text}")
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        kept = common.kept_sections(output)
        text = markdown(results, machine.describe(), found, failed)
        output.write_text(text + kept, encoding="utf-8")
        print(f"\nwritten: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
