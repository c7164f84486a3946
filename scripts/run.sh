#!/usr/bin/env bash
# Start the demonstration workshop: a store with a mentoring pair per IncluCities theme, and
# the Voila server. Prints the start page's link first, then the other links to open.
# Installs the Python packages only on the first run or when the requirements changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/installed.sh check; then
  INCLUSION_SETUP_SYSTEM=0 bash scripts/setup.sh
fi
exec .venv/bin/inclusion-workbook demo "$@"
