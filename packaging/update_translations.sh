#!/usr/bin/env bash
# Collect every tr("…") / QT_TR_NOOP("…") in core/ and gui/ into resources/i18n/*.ts (keeps existing
# translations). Translate the new entries (Qt Linguist: pyside6-linguist), then run the tests:
# tests/gui/test_i18n.py fails while any source string is untranslated.
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-pyside6-lupdate}
for ts in resources/i18n/parley_*.ts; do
  "$LUPDATE" core/*.py core/*/*.py gui/*.py -ts "$ts" -no-obsolete -locations none
done
