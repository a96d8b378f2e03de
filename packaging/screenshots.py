"""Screenshots of the desktop app for the docs, from a real window on a (virtual) X display.

    xvfb-run -a .venv/bin/python packaging/screenshots.py .demo/interviewer

Opens the app on a demo workspace (passphrase ``demo``), and saves the unlock screen, the
testimony list and a search to ``docs/screenshots/``. Only demo data appears in them.
"""

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from fieldapp.services.demo import DEMO_PASSPHRASE
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SIZE = (1100, 640)


def _settle(app: QApplication, milliseconds: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def _shoot(app: QApplication, window: MainWindow, name: str) -> None:
    _settle(app)
    screen = window.screen()
    picture = screen.grabWindow(window.winId())  # the window as the X server shows it
    picture.save(str(OUT / name))
    print(OUT / name)


def main(workspace: str) -> int:
    app = QApplication([sys.argv[0]])
    window = MainWindow(Path(workspace))
    window.resize(*SIZE)
    window.show()
    _shoot(app, window, "unlock.png")
    unlocked = QEventLoop()
    window.unlock_view.unlock_succeeded.connect(lambda *_: unlocked.quit())
    window.unlock_view.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_view.unlock_button.click()
    QTimer.singleShot(20_000, unlocked.quit)
    unlocked.exec()
    _shoot(app, window, "testimony-list.png")
    window.testimony_list.search.setText("강제송환")
    _settle(app, 900)
    _shoot(app, window, "search-korean.png")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".demo/interviewer"))
