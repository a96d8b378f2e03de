"""``fieldapp-gui``: the desktop app's entry point."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from fieldapp.services import session
from ui.main_window import MainWindow


def parse_arguments(argv: Sequence[str]) -> tuple[Path, list[str]]:
    """The workspace folder (``--workspace DIR``, else ``FIELDAPP_WORKSPACE``, else the user
    data folder) and the arguments left for Qt (``-platform``, ``-style``…)."""
    parser = argparse.ArgumentParser(prog="fieldapp-gui", add_help=True)
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="DIR",
        help="the workspace folder (default: $FIELDAPP_WORKSPACE, or the user data folder)",
    )
    args, rest = parser.parse_known_args(list(argv[1:]))
    root = args.workspace if args.workspace is not None else session.default_root()
    return root, [argv[0] if argv else "fieldapp-gui", *rest]


def main(argv: Sequence[str] | None = None) -> int:
    root, qt_arguments = parse_arguments(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(qt_arguments)
    app.setApplicationName("fieldapp")
    app.setApplicationDisplayName(app.translate("app", "Fieldapp"))
    window = MainWindow(root)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
