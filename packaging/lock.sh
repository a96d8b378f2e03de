#!/usr/bin/env bash
# Write packaging/build-requirements.txt: every package the field build installs, pinned to one
# version with the SHA-256 of each of its files on PyPI. build.sh installs from it with
# --require-hashes, so a build made later, or on another machine, takes exactly these files or
# stops; a package replaced on the registry under the same version cannot slip into a build.
#   bash packaging/lock.sh     # after changing a range in pyproject.toml, on a trusted machine
# Resolved for the build machine's Python (3.11, Linux); review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=.lock-venv
[ -x "$TOOLS/bin/pip-compile" ] || {
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q --disable-pip-version-check "pip-tools>=7.4,<8"
}
# --no-emit-find-links / --no-emit-index-url: a machine's own pip settings (a local wheel
# folder, a mirror) stay out of the lock; the hashes are what pins the files.
"$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
  --extra package --no-emit-index-url --no-emit-find-links --no-header \
  --output-file packaging/build-requirements.txt \
  pyproject.toml packaging/build-requirements.in
echo "packaging/build-requirements.txt: $(grep -c '==' packaging/build-requirements.txt) packages pinned"
