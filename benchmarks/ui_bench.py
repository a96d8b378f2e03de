"""The desktop app's start-up: launch to the unlock screen, and unlock to a usable list.

    .venv/bin/python benchmarks/ui_bench.py [--testimonies 100000] [--repeats 5]

Each run is a fresh process (``--child``), so "launch" includes starting Python and importing
Qt and the app, as a person clicking the icon waits for. The child reports, on its clock:
  shown    — from process start to the first paint of the unlock screen;
  unlock   — from pressing Unlock to the unlocked workspace (Argon2id is most of it);
  list     — from the unlocked workspace to the list's first page painted (usable).
Workspaces: the demo interviewer device, and one with ``--testimonies`` records (built once,
~90 s at 100,000). Real key-derivation parameters throughout. Runs offscreen unless DISPLAY is
set (then a real X window, e.g. under ``xvfb-run -a``).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSPHRASE = "demo"
BATCH = 1000


def _child(root: str) -> None:
    """One launch: prints ``shown unlock list`` in milliseconds and exits."""
    started = time.monotonic() - _process_age()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from fieldapp.services import session
    from ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    from crypto import keywrap

    real_unlock, real_unwrap = session.unlock, keywrap.unwrap_with_passphrase

    def timed_unwrap(*args: object, **kwargs: object) -> bytes:
        start = time.monotonic()
        try:
            return real_unwrap(*args, **kwargs)
        finally:
            marks["kdf"] = time.monotonic() - start  # the Argon2id part of this very unlock

    def timed_unlock(root: Path, passphrase: str) -> object:
        workspace = real_unlock(root, passphrase)
        marks["unlocked"] = time.monotonic()  # on the worker, as the unlock ends
        return workspace

    session.unlock = timed_unlock
    keywrap.unwrap_with_passphrase = timed_unwrap
    window = MainWindow(Path(root))
    marks: dict[str, float] = {}

    class FirstPaint(QObject):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and self.name not in marks:
                marks[self.name] = time.monotonic()
                QTimer.singleShot(0, on_painted[self.name])
            return False

    def on_shown() -> None:
        view = window.unlock_view
        view.passphrase.setText(PASSPHRASE)
        marks["click"] = time.monotonic()
        view.on_unlock_requested()

    def on_listed() -> None:
        assert window.testimony_list.model.rowCount() > 0, "the list is empty"
        app.quit()

    on_painted = {"shown": on_shown, "list": on_listed}
    shown_filter = FirstPaint("shown")
    list_filter = FirstPaint("list")
    window.unlock_view.installEventFilter(shown_filter)
    window.testimony_list.table.viewport().installEventFilter(list_filter)
    window.unlock_view.unlock_failed.connect(lambda text: sys.exit(f"unlock failed: {text}"))
    window.show()
    app.exec()
    window.on_lock_requested()
    shown = marks["shown"] - started
    unlock = marks["unlocked"] - marks["click"]
    listed = marks["list"] - marks["unlocked"]
    print(f"{shown * 1000:.0f} {unlock * 1000:.0f} {marks['kdf'] * 1000:.0f} {listed * 1000:.0f}")


def _process_age() -> float:
    """Seconds since this process started (Linux: from /proc), to count interpreter start-up."""
    ticks = os.sysconf("SC_CLK_TCK")
    start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - start_ticks / ticks


def _launch(root: Path) -> tuple[float, float, float, float]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(root)],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    shown, unlock, kdf, listed = (float(x) for x in out[-4:])
    return shown, unlock, kdf, listed


def _large_workspace(root: Path, count: int) -> None:
    from fieldapp.demo.corpus import generate
    from fieldapp.services.records import create_testimonies
    from fieldapp.workspace import Role, Workspace

    ws, _ = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, label="benchmark")
    with ws:
        batch = []
        for record in generate(count, seed=11):
            batch.append((record.testimony, record.consents, record.identity))
            if len(batch) == BATCH:
                create_testimonies(ws, batch)
                batch = []
        if batch:
            create_testimonies(ws, batch)


def _row(name: str, root: Path, repeats: int) -> str:
    runs = [_launch(root) for _ in range(repeats)]
    shown, unlock, kdf, listed = (statistics.median(r[i] for r in runs) for i in range(4))
    rest = statistics.median(r[1] - r[2] for r in runs)
    return f"| {name} | {shown:.0f} | {unlock:.0f} | {kdf:.0f} | {rest:.0f} | {listed:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--testimonies", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    from fieldapp.services.demo import build_demo

    work = Path(tempfile.mkdtemp(prefix="fieldapp-ui-bench-", dir=args.dir))
    try:
        demo = build_demo(work / "demo")
        print(f"building a workspace of {args.testimonies:,} testimonies…", flush=True)
        large = work / "large"
        _large_workspace(large, args.testimonies)
        platform = "X11 (" + os.environ["DISPLAY"] + ")" if os.environ.get("DISPLAY") else "offscreen"
        print(f"\nQt platform: {platform}; median of {args.repeats} launches; milliseconds.\n")
        print("| workspace | launch → unlock screen | unlock | of which Argon2id"
              " | unlock less Argon2id | unlocked → list painted |")
        print("|---|---:|---:|---:|---:|---:|")
        device = demo.interviewers[0]
        print(_row(f"demo ({device.name})", device, args.repeats))
        print(_row(f"{args.testimonies:,} testimonies", large, args.repeats))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        main()
