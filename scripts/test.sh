#!/usr/bin/env bash
# Set up (see setup.sh), then lint, type-check, run the quick benchmarks (they report
# ratios, never fail on them) and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python benchmarks/run.py --quick --no-profile
.venv/bin/python -m pytest "$@"
