"""How the "Verify files" dialog asks for its paths: Qt's own file dialogs, which forget where
they looked (``file_dialogs``). A test gives its own ``Choosers`` instead.

Their texts keep the dialog's translation context (``VerifyDialog``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.widgets import file_dialogs

REPORT_SUFFIX = "json"
REPORT_NAME = f"verification-report.{REPORT_SUFFIX}"

#: ``choose(parent, start_folder)`` -> the chosen files ([] when none was chosen).
ChooseFiles = Callable[[QWidget, Path], list[Path]]
#: ``choose(parent, start_folder)`` -> the chosen path (None when none was chosen).
ChoosePath = Callable[[QWidget, Path], Path | None]


def ask_for_files(parent: QWidget, start: Path) -> list[Path]:
    chosen = file_dialogs.open_files(
        parent,
        QCoreApplication.translate("VerifyDialog", "Choose the bundles and packs"),
        str(start),
        QCoreApplication.translate(
            "VerifyDialog", "Bundles and packs (*.fieldbundle *.fieldpack);;All files (*)"
        ),
    )
    return [Path(name) for name in chosen]


def ask_for_folder(parent: QWidget, start: Path) -> Path | None:
    chosen = file_dialogs.existing_folder(
        parent,
        QCoreApplication.translate("VerifyDialog", "Choose a folder of bundles and packs"),
        str(start),
    )
    return Path(chosen) if chosen else None


def ask_for_roster(parent: QWidget, start: Path) -> Path | None:
    chosen = file_dialogs.open_file(
        parent,
        QCoreApplication.translate("VerifyDialog", "Choose the roster"),
        str(start),
        QCoreApplication.translate(
            "VerifyDialog", "Rosters (roster.json allowed_signers);;All files (*)"
        ),
    )
    return Path(chosen) if chosen else None


def ask_for_report(parent: QWidget, start: Path) -> Path | None:
    """Where to save the report. A name typed without a suffix gets ``.json`` from Qt's dialog
    itself, before it asks whether to replace a file of that name (``default_suffix``)."""
    chosen = file_dialogs.save_file(
        parent,
        QCoreApplication.translate("VerifyDialog", "Save the report"),
        str(start / REPORT_NAME),
        QCoreApplication.translate("VerifyDialog", "JSON (*.json)"),
        default_suffix=REPORT_SUFFIX,
    )
    return Path(chosen) if chosen else None


@dataclass(frozen=True)
class Choosers:
    """The four questions the dialog asks."""

    files: ChooseFiles = ask_for_files
    folder: ChoosePath = ask_for_folder
    roster: ChoosePath = ask_for_roster
    report: ChoosePath = ask_for_report
