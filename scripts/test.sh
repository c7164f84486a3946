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
.venv/bin/python -m pytest --durations=15 "$@"
# The soak test (20 participants in separate processes for 2 minutes) is kept out of the
# run above; INCLUSION_SOAK_SECONDS makes it longer.
.venv/bin/python -m pytest -m soak tests/soak "$@"
