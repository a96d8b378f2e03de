#!/usr/bin/env bash
# Refresh the Korean translation source from the UI's code, then compile it.
#   bash packaging/translations.sh          # update ui/i18n/fieldapp_ko.ts and build the .qm
# New strings appear in the .ts as "unfinished"; translate them (Qt Linguist, or by hand in the
# XML), run this again, and commit both files. tests/ui/test_translations.py fails while any
# string of the UI is missing or unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/pyside6-lupdate" -extensions py -locations none -no-obsolete ui -ts ui/i18n/fieldapp_ko.ts
"$bin/pyside6-lrelease" -removeidentical ui/i18n/fieldapp_ko.ts -qm ui/i18n/fieldapp_ko.qm
