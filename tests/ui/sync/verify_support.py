"""A real archive's files for the auditor's dialog: an enrolled device's bundles on a stick, its
enrolment pack, and the roster the archive exports; and driving the dialog (no tests here)."""

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from fieldapp.services import enrolment, export
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony
from ui.views.verify_choosers import Choosers
from ui.views.verify_dialog import VerifyDialog

#: Generous: a loaded shared machine; the waits end as soon as the signal arrives.
WORK_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Stick:
    """What an auditor is handed."""

    bundles: list[Path]
    pack: Path
    roster: Path
    coordinator: str
    device: str


def export_bundles(device: Workspace, folder: Path, count: int, **files: bytes) -> list[Path]:
    """``count`` bundles of ``device``, one new testimony each (with ``files`` if given)."""
    written = []
    for _ in range(count):
        add_testimony(device, files=list(files.values()))
        result = export.export_bundle(device, folder)
        assert result.path is not None
        written.append(result.path)
    return written


def make_stick(coordinator: Archive, device: Workspace, pack: Path, usb: Path) -> Stick:
    """Three bundles of ``device`` (enrolled by ``pack``) on ``usb``, and the signed roster."""
    bundles = export_bundles(device, usb, 3)
    roster = usb / "roster.json"
    enrolment.export_roster(coordinator.ws, roster)
    return Stick(bundles, pack, roster, coordinator.fingerprint, device.fingerprint)


def flip_a_byte_inside(bundle: Path, member: str = "records.age") -> None:
    """Change one byte of ``member``'s data, leaving the container's shape whole."""
    with zipfile.ZipFile(bundle) as container:
        start = container.getinfo(member).header_offset
    raw = bytearray(bundle.read_bytes())
    name_length = int.from_bytes(raw[start + 26 : start + 28], "little")
    extra_length = int.from_bytes(raw[start + 28 : start + 30], "little")
    offset = start + 30 + name_length + extra_length + 8
    raw[offset] ^= 0x01
    bundle.write_bytes(bytes(raw))


def verify_dialog(qtbot, **choosers: Any) -> VerifyDialog:
    """The dialog, shown; ``choosers`` answer its questions (``folder=``, ``report=``…)."""
    dialog = VerifyDialog(detect=list, choosers=Choosers(**choosers))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def verify_through(qtbot, dialog: VerifyDialog) -> None:
    """Press Verify and wait for the check to end well."""
    with qtbot.waitSignal(dialog.verification_finished, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)


def refused_through(qtbot, dialog: VerifyDialog) -> str:
    """Press Verify and wait for the sentence saying why there is no verdict."""
    with qtbot.waitSignal(dialog.verification_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return str(blocker.args[0])
