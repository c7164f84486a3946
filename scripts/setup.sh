#!/usr/bin/env bash
# Set up everything the app and the tests need on a fresh Debian machine with Python 3.11:
# Debian's chromium and postgresql (for the browser and PostgreSQL tests) and a virtual
# environment in .venv with the package and its test tools. Safe to run again: the Python
# packages are installed again only when pyproject.toml or this script changed.
set -euo pipefail
cd "$(dirname "$0")/.."

want_system=${INCLUSION_SETUP_SYSTEM:-1}
if [ "$want_system" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -d /usr/lib/postgresql ]; }; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium postgresql
  else
    sudo apt-get update -q
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium postgresql
  fi
fi

if ! bash scripts/installed.sh check; then
  echo "Setting up .venv (first run, or the package's requirements changed)..."
  python=${PYTHON:-python3.11}
  command -v "$python" >/dev/null || python=python3
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  bash scripts/installed.sh mark
fi

if [ "$want_system" = 1 ]; then
  # axe-core for the accessibility scans; JupyterHub's proxy for the tests in tests/deploy.
  for folder in tests/browser tests/deploy; do
    (cd "$folder" && npm install --silent --no-audit --no-fund)
  done
fi
