"""``fieldapp-gui``: the desktop app's entry point.

``--verify`` opens it straight on the auditor's "Verify files" dialog, over the usual window (the
welcome view, or the unlock view of a workspace there): as the set-up's auditor choice does, no
set-up is started behind it on a laptop not yet set up.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fieldapp.process_guard import forbid_core_dumps
from fieldapp.services import session
from ui import error_log, i18n, settings
from ui.error_text import error_text
from ui.main_window import MainWindow


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options and the arguments left for Qt (``-platform``, ``-style``…).

    The workspace folder is ``--workspace DIR``, else ``FIELDAPP_WORKSPACE``, else the user
    data folder."""
    parser = argparse.ArgumentParser(prog="fieldapp-gui", add_help=True)
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="DIR",
        help="the workspace folder (default: $FIELDAPP_WORKSPACE, or the user data folder)",
    )
    parser.add_argument(
        "--language",
        choices=settings.LANGUAGES,
        help="the language of this run (default: the one chosen in Settings, or the system's)",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="open on the auditor's Verify files dialog (no workspace or passphrase needed)",
    )
    args, rest = parser.parse_known_args(list(argv[1:]))
    if args.workspace is None:
        args.workspace = session.default_root()
    return args, [argv[0] if argv else "fieldapp-gui", *rest]


def show_unexpected_error(error: BaseException) -> None:
    """One sentence in a dialog for an error no view caught; the log has where it happened."""
    parent = QApplication.activeWindow()
    box = QMessageBox(parent if isinstance(parent, QWidget) else None)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(QApplication.translate("app", "Fieldapp"))
    box.setText(error_text(error))
    box.exec()


def main(argv: Sequence[str] | None = None) -> int:
    forbid_core_dumps()  # before anything is unlocked
    args, qt_arguments = parse_arguments(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(qt_arguments)
    app.setApplicationName("fieldapp")
    # The installed entry (packaging/fieldapp.desktop): on Wayland the window is named after it,
    # so the dock shows the app's name and icon, not those of an unknown "fieldapp-gui".
    app.setDesktopFileName("fieldapp")
    app.setWindowIcon(QIcon.fromTheme("fieldapp"))  # an icon the system has installed, if any
    i18n.install(app, args.language or settings.language())
    app.setApplicationDisplayName(app.translate("app", "Fieldapp"))
    error_log.start_logging()
    error_log.install_exception_hook(show_unexpected_error)
    open_window(args)
    return int(app.exec())


def open_window(args: argparse.Namespace) -> MainWindow:
    """The main window, shown; with ``--verify``, the Verify dialog opened over it once the
    window is up."""
    # With --verify a folder with no workspace stays on the welcome view: the set-up is not
    # started (it would flash up behind the check, for someone who sets nothing up).
    window = MainWindow(args.workspace, offer_setup=not args.verify)
    window.show()
    if args.verify:
        # Once the window is up (a zero-time timer), as its own start would be.
        QTimer.singleShot(0, window, window.verify_action.trigger)
    return window


if __name__ == "__main__":
    sys.exit(main())
