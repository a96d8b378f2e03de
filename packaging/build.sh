#!/usr/bin/env bash
# Build dist/fieldapp/: one folder, runnable with no Python and no network, for the air-gapped
# laptops (docs/packaging.md). Then check that it carries no networking module and smoke-test it.
#   bash packaging/build.sh                 # from a clean checkout, on a trusted machine
#   bash packaging/build.sh --allow-dirty   # a trial build with uncommitted changes (not to ship)
#   bash packaging/build.sh --sign KEY      # and sign SHA256SUMS with the release key
# Idempotent: a second run reuses the build venv (.build-venv) and rebuilds the folder.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build-venv
DIST=dist/fieldapp
SOURCES=(crypto fieldapp ui packaging pyproject.toml)
started=$(date +%s)

step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "build: FAILED: $*" >&2
  exit 1
}

allow_dirty=no
sign_key=
usage() {
  echo "usage: bash packaging/build.sh [--allow-dirty | --sign KEY]" >&2
  exit 2
}
case "${1:-}" in
  "") [ $# -eq 0 ] || usage ;;
  --allow-dirty) [ $# -eq 1 ] || usage; allow_dirty=yes ;;
  --sign) [ $# -eq 2 ] || usage; sign_key=$2 ;;
  *) usage ;;
esac

step "source"
# A field laptop runs whatever is in the folder: it is built from committed code only. Where git
# cannot say which commit that is (no git, not a checkout, a checkout git refuses to read), a
# failed `git status` is no proof of a clean tree: a build to sign stops, any other is marked
# "uncommitted changes: unknown", which sign_release.sh refuses.
if commit=$(git rev-parse --verify HEAD 2>/dev/null) \
  && changes=$(git status --porcelain -- "${SOURCES[@]}" 2>/dev/null); then
  dirty=no
  if [ -n "$changes" ]; then
    dirty=yes
    [ "$allow_dirty" = yes ] || fail "uncommitted changes in ${SOURCES[*]} (commit them, or --allow-dirty for a trial build)"
    echo "WARNING: uncommitted changes are in this build: a trial build, not one to ship."
  fi
else
  [ -z "$sign_key" ] || fail "git cannot say which commit this is (no git, or not a git checkout): a build to sign is made from a checkout"
  commit=unknown
  dirty=unknown
  echo "WARNING: git cannot say which commit this is (no git, or not a git checkout): this build names no commit, and sign_release.sh refuses it." >&2
fi
echo "commit $commit (uncommitted changes: $dirty)"

step "build venv ($VENV), from the hashed lock"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# Exactly the files packaging/build-requirements.txt names, each checked against its SHA-256
# (packaging/lock.sh writes it); then the project itself, with the locked build backend and no
# dependency of its own fetched; then pip's own check that nothing is missing or conflicting.
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
  -r packaging/build-requirements.txt
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
"$VENV/bin/python" -m pip check --disable-pip-version-check
"$VENV/bin/python" -m PyInstaller --version

step "byte-compile (a syntax error stops here, not after the build)"
"$VENV/bin/python" -m compileall -q crypto fieldapp ui packaging >/dev/null

step "PyInstaller"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build packaging/fieldapp.spec
built=$(date +%s)

step "no networking modules, no missing library"
"$VENV/bin/python" packaging/build_manifest.py check "$DIST" \
  || fail "the build carries a forbidden file or lacks a library (listed above)"
echo "no Qt networking binding but QtNetwork (Qt Multimedia imports it), no TLS, no VNC, no PDFium;"
echo "every bundled library that a shipped file links against is there"

step "desktop entry and icons"
install -D -m 644 packaging/fieldapp.desktop "$DIST/share/applications/fieldapp.desktop"
install -D -m 644 packaging/icons/fieldapp.svg "$DIST/share/icons/hicolor/scalable/apps/fieldapp.svg"
install -D -m 644 packaging/icons/fieldapp.png "$DIST/share/icons/hicolor/256x256/apps/fieldapp.png"
if ! command -v desktop-file-validate >/dev/null && command -v apt-get >/dev/null; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq desktop-file-utils >/dev/null \
    || echo "(desktop-file-utils could not be installed)"
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate packaging/fieldapp.desktop || fail "packaging/fieldapp.desktop is not valid"
  echo "fieldapp.desktop: valid"
else
  echo "fieldapp.desktop: not validated (no desktop-file-validate here)"
fi

step "build info and checksums"
{
  echo "commit: $commit"
  echo "uncommitted changes: $dirty"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "python: $("$VENV/bin/python" -c 'import platform; print(platform.python_version())')"
  echo "pyinstaller: $("$VENV/bin/python" -m PyInstaller --version)"
  # The versions pyproject.toml's ranges resolved to in this build venv (a reused venv keeps
  # older ones): what the folder actually carries.
  echo "build venv:"
  "$VENV/bin/python" -m pip freeze --disable-pip-version-check --exclude-editable | sed 's/^/  /'
} >"$DIST/BUILD-INFO"
# Every file and every symbolic link (checked through what it points to), by name in byte order.
"$VENV/bin/python" packaging/build_manifest.py sums "$DIST"
if [ -n "$sign_key" ]; then
  bash packaging/sign_release.sh "$sign_key" "$DIST" || fail "SHA256SUMS could not be signed"
fi
echo "$DIST/SHA256SUMS: $(wc -l <"$DIST/SHA256SUMS") files; its own sha256:"
sha256sum "$DIST/SHA256SUMS"

step "smoke tests (no venv, no user folders: a bare environment)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/home"
frozen() {
  # env -i: nothing of this shell (no venv on PATH, no PYTHONPATH) reaches the frozen program.
  # Later assignments win: frozen QT_QPA_PLATFORM=xcb … runs on X.
  env -i PATH=/usr/bin:/bin HOME="$tmp/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
run() {
  echo "\$ $*"
  frozen "$@" || fail "$*"
}
bin=$PWD/$DIST
run "$bin/fieldapp-selfcheck"
run "$bin/fieldapp" --help >/dev/null
run FIELDAPP_PASSPHRASE=demo "$bin/fieldapp" demo --root "$tmp/demo"
run FIELDAPP_PASSPHRASE=demo "$bin/fieldapp" --workspace "$tmp/demo/interviewer" status
run FIELDAPP_PASSPHRASE=demo "$bin/fieldapp" --workspace "$tmp/demo/interviewer" audit verify
run FIELDAPP_PASSPHRASE=demo "$bin/fieldapp" --workspace "$tmp/demo/archive" audit verify
# The auditor's check, bundles and packs together, against the signed roster.
run "$bin/fieldapp" verify "$tmp"/demo/usb-stick/*.fieldbundle "$tmp"/demo/usb-stick/*.fieldpack \
  --roster "$tmp/demo/usb-stick/roster.json"
gui_stays_up() {
  # timeout's 124: still running after 10 s, as a desktop app should be; anything else is a
  # crash or an early exit. An error no view caught shows a dialog (and the app stays up): the
  # log says whether one did.
  local log="$tmp/gui-$1.log" status=0
  echo "\$ fieldapp-gui --language ko --workspace …/interviewer ($1; must stay up 10 s)"
  frozen "${@:2}" timeout 10 "$bin/fieldapp-gui" --language ko --workspace "$tmp/demo/interviewer" \
    >"$log" 2>&1 || status=$?
  if [ "$status" -ne 124 ]; then
    cat "$log" >&2
    fail "fieldapp-gui exited early (status $status)"
  fi
  local logged
  logged=$(find "$tmp/home" -name 'fieldapp.log*' -size +0 2>/dev/null)
  [ -z "$logged" ] || fail "fieldapp-gui logged an unexpected error: $(cat "$logged")"
  echo "fieldapp-gui stayed up, and logged no error"
}
gui_stays_up offscreen
if command -v xvfb-run >/dev/null; then
  # The platform plugin a laptop uses, on a virtual X display, with the system's X libraries.
  gui_stays_up "xcb on Xvfb" QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x900x24"
else
  echo "(no xvfb-run here: the X11 platform plugin is not tried)"
fi
# The laptop's checks (docs/packaging.md), as written there: --strict and the line check, so
# that a line sha256sum cannot read is refused rather than skipped.
(cd "$DIST" && sha256sum --quiet --strict -c SHA256SUMS) || fail "the smoke tests changed the folder"
cd "$DIST"
! LC_ALL=C grep -Ev '^[0-9a-f]{64}  \./' SHA256SUMS || fail "SHA256SUMS has a line that is no checksum and name"
diff <(find . ! -type d ! -path ./SHA256SUMS ! -path ./SHA256SUMS.sig | LC_ALL=C sort) <(cut -c67- SHA256SUMS | LC_ALL=C sort) \
  || fail "the smoke tests added to the folder, or SHA256SUMS misses a file"
cd - >/dev/null

step "done"
echo "size: $(du -sh "$DIST" | cut -f1)  ($DIST)"
echo "venv and PyInstaller: $((built - started)) s; all steps: $(($(date +%s) - started)) s"
