#!/usr/bin/env bash
# `check`: exit 0 when .venv holds the package installed from the current requirements;
# `mark`: record that it does. The package is installed editable, so a change to its code
# needs no new install; only pyproject.toml and setup.sh decide what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.installed-from
wanted=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
case "${1:-check}" in
  check) [ -x .venv/bin/inclusion-workbook ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] ;;
  mark) echo "$wanted" >"$stamp" ;;
  *) echo "usage: $0 check|mark" >&2; exit 2 ;;
esac
