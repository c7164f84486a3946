#!/usr/bin/env bash
# Set up (see setup.sh), then lint, type-check, run the quick benchmarks (they report
# ratios, never fail on them), the whole test suite and the soak test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python benchmarks/run.py --quick --no-profile
# Tests that start no server and no browser run on two processes (pytest-xdist); those
# that do (marked "server") run after them one at a time, so that their pages and kernels
# have the cores to themselves. Exit status 5 means a selection (-k, a path) left one of
# the two runs without tests.
.venv/bin/python -m pytest -n 2 -m "not soak and not server" --durations=15 "$@" || [ $? = 5 ]
.venv/bin/python -m pytest -m "server and not soak" --durations=15 "$@" || [ $? = 5 ]
# The soak test (20 participants in separate processes for 2 minutes) is kept out of the
# run above; INCLUSION_SOAK_SECONDS makes it longer.
.venv/bin/python -m pytest -m soak tests/soak "$@"
