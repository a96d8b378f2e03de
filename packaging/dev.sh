#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for fieldapp and run it, or run its tests.
#   bash packaging/dev.sh app    system packages, a venv, a demo workspace, then the app
#   bash packaging/dev.sh test   system packages, a venv, then ruff and the whole test suite
# Idempotent: a second run reuses what the first one installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# age and ssh-keygen are the reference tools the tests check our files against; Qt Multimedia
# (audio recording) loads only with PulseAudio's client library, even with no sound device;
# exFAT (the format of most USB sticks) through FUSE, for a bundle written to a real stick's
# file system.
TEST_PACKAGES=(age openssh-client libpulse0 exfatprogs exfat-fuse)
# What Qt's xcb platform plugin needs for a real window, and a font for Korean text.
APP_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-noto-cjk)

install_system_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "fieldapp: please install these packages with your system's package manager: ${missing[*]}" >&2
    return 0
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

make_venv() {
  local python=${PYTHON:-python3}
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  # Byte-compiled, as pip leaves every installed package: where PYTHONDONTWRITEBYTECODE is set,
  # an editable install otherwise compiles ~80 modules from source at every start (60 ms).
  .venv/bin/python -m compileall -q fieldapp crypto ui >/dev/null
}

case "${1:-}" in
  test)
    install_system_packages "${TEST_PACKAGES[@]}"
    make_venv
    .venv/bin/ruff check .
    # One test process per core (two here, at most four): the suite is CPU-bound throughout.
    options=(--numprocesses auto --maxprocesses 4)
    # The tests' folders in memory where there is room for the largest (two 1 GiB files a
    # worker): every commit and key file write waits for the disk's fsync otherwise, a third
    # of the suite's set-up time here. No test depends on the disk itself: full disks and USB
    # sticks are tmpfs and exFAT images of their own, and the scans for plaintext look at the
    # test's own folder. pytest replaces the folder and keeps it to the end; then it goes.
    if [ -d /dev/shm ] && [ "$(df --output=avail -k /dev/shm | tail -n 1)" -gt $((8 * 1024 * 1024)) ]; then
      shm=$(mktemp -d /dev/shm/fieldapp-tests.XXXXXX)
      trap 'rm -rf "$shm"' EXIT
      options+=(--basetemp "$shm")
    fi
    .venv/bin/python -m pytest "${options[@]}" "${@:2}"
    ;;
  app)
    install_system_packages "${TEST_PACKAGES[@]}" "${APP_PACKAGES[@]}"
    make_venv
    demo=.demo
    # A demo made by an older checkout lacks what later versions record (and shows it): the
    # demo is public, made-up data, so it is simply made again.
    built="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
    if [ -f "$demo/interviewer/keys.json" ] && [ "$(cat "$demo/.built-by" 2>/dev/null)" != "$built" ]; then
      echo "The demo in $demo was made by another version of fieldapp: making it again."
      rm -rf "$demo"
    fi
    if [ ! -f "$demo/interviewer/keys.json" ]; then
      .venv/bin/fieldapp demo --root "$demo"
      echo "$built" > "$demo/.built-by"
    fi
    export FIELDAPP_WORKSPACE="$demo/interviewer"
    echo "The demo (passphrase: demo everywhere) is in $demo: an archive, two interviewers'"
    echo "devices and the USB stick between them, after one round of sync. On the command line:"
    echo "  FIELDAPP_WORKSPACE=$demo/interviewer .venv/bin/fieldapp testimony search 보위부"
    echo "  FIELDAPP_WORKSPACE=$demo/archive .venv/bin/fieldapp testimony list"
    echo "  .venv/bin/fieldapp verify $demo/usb-stick/*.fieldbundle --roster $demo/usb-stick/roster.json"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "Opening the desktop app on the first interviewer's device (passphrase: demo)…"
      exec .venv/bin/fieldapp-gui --workspace "$demo/interviewer"
    fi
    echo "No display here: the desktop app opens with .venv/bin/fieldapp-gui --workspace $demo/interviewer"
    FIELDAPP_PASSPHRASE=demo .venv/bin/fieldapp testimony list --limit 10
    ;;
  *)
    echo "usage: bash packaging/dev.sh app|test [ARGS…]" >&2
    exit 2
    ;;
esac
