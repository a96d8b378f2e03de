#!/usr/bin/env bash
# Refresh the translation sources from the UI's code (Korean, and English plural forms), then
# compile them.
#   bash packaging/translations.sh          # update ui/i18n/fieldapp_ko.ts and build the .qm
# New strings appear in the .ts as "unfinished"; translate them (Qt Linguist, or by hand in the
# XML), run this again, and commit both files. tests/ui/test_translations.py fails while any
# string of the UI is missing or unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/pyside6-lupdate" -extensions py -locations none -no-obsolete ui -ts ui/i18n/fieldapp_ko.ts
"$bin/pyside6-lrelease" ui/i18n/fieldapp_ko.ts -qm ui/i18n/fieldapp_ko.qm
# English is the source language; only its plural forms ("%n testimony(ies)") need a file.
"$bin/pyside6-lupdate" -extensions py -locations none -no-obsolete -pluralonly ui \
  -source-language en -target-language en -ts ui/i18n/fieldapp_en.ts
"$bin/pyside6-lrelease" ui/i18n/fieldapp_en.ts -qm ui/i18n/fieldapp_en.qm
