"""The receipt dialog: after a real import the archive writes a receipt pack through it, which
the device applies (its records become archived); a second run writes none and says so."""

from pathlib import Path

from PySide6.QtCore import Qt

from fieldapp.services import export, importing, pack_writing, packs, receipts
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, state
from tests.fieldapp.services.test_export_support import add_testimony
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.views.receipt_dialog import ReceiptDialog
from ui.widgets.plain_text_label import PlainTextLabel

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000
NONE_WRITTEN = "No receipt was written: no device has sent a bundle since its last receipt."


def _dialog(qtbot, workspace: Workspace, usb: Path) -> ReceiptDialog:
    dialog = ReceiptDialog(workspace, detect=lambda: [drive_of(usb)])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _write(qtbot, dialog: ReceiptDialog) -> list[pack_writing.PackSent]:
    with qtbot.waitSignal(dialog.packs_written, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def _import_one_bundle(coordinator: Archive, device: Workspace, folder: Path) -> None:
    folder.mkdir()
    add_testimony(device)
    result = export.export_bundle(device, folder)
    assert result.path is not None
    (report,) = importing.import_bundles(coordinator.ws, [result.path])
    assert report.outcome == "imported"


def test_a_receipt_is_written_the_device_applies_it_and_a_second_run_writes_none(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, tmp_path: Path
) -> None:
    _import_one_bundle(coordinator, enrolled, tmp_path / "bundles")
    dialog = _dialog(qtbot, coordinator.ws, usb)
    assert dialog.write_button.isEnabled()

    (sent,) = _write(qtbot, dialog)

    assert sent.kind == "receipt"
    assert sent.device == enrolled.fingerprint
    assert sorted(usb.iterdir()) == [sent.path]
    assert dialog.status.text().splitlines() == [
        f"“Laptop A”: {sent.path.name}",
        "1 receipt pack(s) written.",
    ]
    assert isinstance(dialog.status, PlainTextLabel)  # the label was typed on the device
    applied = packs.apply_pack(enrolled, sent.path)
    assert applied.kind == "receipt"
    assert len(receipts.archived_testimonies(enrolled)) == 1

    before = state(coordinator.ws)
    again = _write(qtbot, dialog)

    assert again == []
    assert dialog.status.text().startswith(NONE_WRITTEN)
    assert sorted(usb.iterdir()) == [sent.path]
    assert state(coordinator.ws) == before


def test_with_nothing_imported_none_is_written(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    dialog = _dialog(qtbot, coordinator.ws, usb)
    assert _write(qtbot, dialog) == []
    assert dialog.status.text().startswith(NONE_WRITTEN)
    assert list(usb.iterdir()) == []


def test_a_folder_that_is_gone_is_said_in_one_sentence(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, tmp_path: Path
) -> None:
    _import_one_bundle(coordinator, enrolled, tmp_path / "bundles")
    dialog = _dialog(qtbot, coordinator.ws, usb)
    usb.rmdir()  # the stick was pulled out after the dialog found it
    before = state(coordinator.ws)

    with qtbot.waitSignal(dialog.writing_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)

    (sentence,) = blocker.args
    assert sentence.endswith("does not exist; nothing was written.")
    assert "\n" not in sentence
    assert dialog.status.text() == sentence
    assert state(coordinator.ws) == before
    assert dialog.write_button.isEnabled()  # the stick can go back in


def test_an_interviewer_workspace_is_told_in_one_sentence(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    before = state(enrolled)
    dialog = _dialog(qtbot, enrolled, usb)

    assert dialog.status.text() == (
        "Receipts are written in the archive's workspace; this is a field laptop's."
    )
    assert not dialog.write_button.isEnabled()
    dialog.on_write_requested()
    assert not dialog.busy
    assert list(usb.iterdir()) == []
    assert state(enrolled) == before


def test_every_control_is_named_and_no_mnemonic_is_shared(
    qtbot, coordinator: Archive, usb: Path
) -> None:
    dialog = _dialog(qtbot, coordinator.ws, usb)
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
    assert len(_texts(dialog)) >= 5
