"""What walking the frozen build as the field team would (session 10, R2) found outside packaging/.

Each test here began as a strict xfail naming a product bug, and lost its mark once it was fixed.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_ENTRY = ROOT / "packaging" / "fieldapp.desktop"

# Starts the desktop app as `fieldapp-gui` does (ui.app.main), lets its event loop turn once, and
# prints the desktop file name the app gives the window system.
_PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from ui.app import main

app = QApplication(["fieldapp-gui"])
QTimer.singleShot(0, app.quit)
main(["fieldapp-gui", "--workspace", sys.argv[1], "--language", "en"])
print("desktop file name:", QGuiApplication.desktopFileName())
"""


def test_the_desktop_app_names_its_desktop_entry(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path / "workspace")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "desktop file name: " in result.stdout  # the probe ran to its end
    assert f"desktop file name: {DESKTOP_ENTRY.stem}\n" in result.stdout
