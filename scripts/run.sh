#!/usr/bin/env bash
# Set up (Python packages only) and start the demonstration workshop: a store with a
# mentoring pair per IncluCities theme, and the Voila server. Prints the links to open.
set -euo pipefail
cd "$(dirname "$0")/.."
INCLUSION_SETUP_SYSTEM=0 bash scripts/setup.sh
exec .venv/bin/inclusion-workbook demo "$@"
