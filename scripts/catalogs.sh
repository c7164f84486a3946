#!/usr/bin/env bash
# The interface's message catalogs, managed with Babel.
#   bash scripts/catalogs.sh            extract the messages and update every catalog
#   bash scripts/catalogs.sh compile    compile the catalogs into the .mo files the package ships
#   bash scripts/catalogs.sh init LANG  start the catalog of a new language (e.g. pt)
# Translate in inclusion_widgets/locale/LANG/LC_MESSAGES/inclusion_widgets.po, then compile.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
LOCALE=inclusion_widgets/locale
POT="$LOCALE/inclusion_widgets.pot"
KEYWORDS=(-k N_ -k "N_plural:1,2" -k "pgettext:1c,2" -k "npgettext:1c,2,3")

extract() {
  "$PYBABEL" extract -F babel.cfg "${KEYWORDS[@]}" --no-location --sort-output \
    --add-comments=Translators: --project=inclusion-widgets --version=0.1 \
    --copyright-holder="inclusion-workbook project" -o "$POT" inclusion_widgets
}

case "${1:-update}" in
  update)
    extract
    "$PYBABEL" update -i "$POT" -d "$LOCALE" -D inclusion_widgets --no-fuzzy-matching \
      --ignore-obsolete
    ;;
  compile)
    "$PYBABEL" compile -d "$LOCALE" -D inclusion_widgets --statistics
    ;;
  init)
    extract
    "$PYBABEL" init -i "$POT" -d "$LOCALE" -D inclusion_widgets -l "$2"
    ;;
  *)
    echo "usage: bash scripts/catalogs.sh [update|compile|init LANG]" >&2
    exit 2
    ;;
esac
