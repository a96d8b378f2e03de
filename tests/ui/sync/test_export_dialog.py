"""The export dialog: a real enrolled device exports through it to a folder standing for a USB
drive; the archive verifies and imports what it wrote."""

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Slot

from fieldapp.domain import ConsentScope, RecordStatus
from fieldapp.services import enrolment, importing, records, verification
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import add_testimony, withdraw
from ui.views.export_dialog import ExportDialog, per_mille

from .dialogs import EXPORT_TIMEOUT_MS, export_dialog, export_through

# Several chunks: the export has more to write after its first progress report.
CANCEL_ATTACHMENT_BYTES = 4 * 1024 * 1024
# Escape is pressed right after Export, while this is still being copied.
ESCAPE_ATTACHMENT_BYTES = 32 * 1024 * 1024


def test_the_bundle_verifies_and_the_archive_imports_it(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, tmp_path: Path
) -> None:
    first = add_testimony(enrolled, files=[b"RIFF first recording"])
    second = add_testimony(enrolled, files=[b"scan one", b"scan two"])
    dialog = export_dialog(qtbot, enrolled, usb)

    result = export_through(qtbot, dialog)

    assert result.path is not None
    assert result.path.parent == usb
    assert sorted(usb.iterdir()) == [result.path]
    assert (result.testimonies, result.attachments) == (2, 3)
    summary = dialog.status.text()
    assert result.path.name in summary
    assert "It holds 2 testimony version(s), new or amended; 2 consent record(s);" in summary
    assert "withdrawal" not in summary  # only the kinds it holds are named
    assert "3 attachment(s)" in summary
    assert dialog.export_button.isEnabled()
    assert dialog.close_button.isEnabled()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    # An auditor's check against the archive's signed roster, with no secret.
    roster_path = tmp_path / "roster.json"
    enrolment.export_roster(coordinator.ws, roster_path)
    roster = verification.load_roster(roster_path, coordinator=coordinator.fingerprint)
    report = verification.verify_files([result.path], roster)
    assert report.ok
    # The archive imports exactly these records.
    (imported,) = importing.import_bundles(coordinator.ws, [result.path])
    assert (imported.outcome, imported.testimonies, imported.attachments) == ("imported", 2, 3)
    for sent in (first, second):
        held = records.get_record(coordinator.ws, sent.id)
        assert held.testimony.narrative == sent.narrative
    assert {s.id for s in records.list_testimonies(coordinator.ws)} == {first.id, second.id}
    assert records.get_record(enrolled, first.id).testimony.status is RecordStatus.EXPORTED


def test_held_back_and_nothing_to_export_are_said(qtbot, enrolled: Workspace, usb: Path) -> None:
    kept = add_testimony(enrolled)
    withdraw(enrolled, kept, ConsentScope.ARCHIVE)
    dialog = export_dialog(qtbot, enrolled, usb)

    result = export_through(qtbot, dialog)

    assert (result.path, result.held_back) == (None, 1)
    assert list(usb.iterdir()) == []
    lines = dialog.status.text().splitlines()
    assert lines == [
        "There was nothing new to export.",
        "1 testimony(ies) held back because consent does not allow archiving.",
    ]
    leaving = add_testimony(enrolled)
    result = export_through(qtbot, dialog)
    assert result.path is not None
    assert result.held_back == 1
    assert "1 testimony(ies) held back because consent does not allow archiving." in (
        dialog.status.text().splitlines()
    )
    assert records.get_record(enrolled, leaving.id).testimony.status is RecordStatus.EXPORTED
    assert records.get_record(enrolled, kept.id).testimony.status is RecordStatus.SEALED


class _CancelAtFirstReport(QObject):
    """Clicks Cancel from the progress signal's handler, at the first report.

    Connected blocking-queued: the worker waits while the GUI thread handles the report, so
    the cancel is set before the next chunk whatever the machine's load; the click itself is
    the user's, on the GUI thread.
    """

    def __init__(self, qtbot, dialog: ExportDialog) -> None:
        super().__init__()
        self.qtbot, self.dialog = qtbot, dialog
        self.reports: list[tuple[int, int]] = []

    @Slot(object)
    def on_export_started(self, worker: QObject) -> None:
        worker.progress.connect(self.on_progress, Qt.ConnectionType.BlockingQueuedConnection)

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        if not self.reports:
            self.qtbot.mouseClick(self.dialog.cancel_button, Qt.MouseButton.LeftButton)
        self.reports.append((done, total))


def test_cancelling_at_the_first_progress_leaves_no_bundle_and_the_next_export_works(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    testimony = add_testimony(enrolled, files=[bytes(CANCEL_ATTACHMENT_BYTES)])
    dialog = export_dialog(qtbot, enrolled, usb)
    canceller = _CancelAtFirstReport(qtbot, dialog)
    dialog.export_started.connect(canceller.on_export_started)
    with (
        qtbot.assertNotEmitted(dialog.export_finished),
        qtbot.waitSignal(dialog.export_cancelled, timeout=EXPORT_TIMEOUT_MS),
    ):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.busy
        assert not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy)

    reports = canceller.reports
    assert reports  # the cancel came from the progress handler
    assert list(usb.iterdir()) == []  # not a bundle, not a partial one
    assert dialog.status.text() == "The export was cancelled; nothing was exported."
    assert records.get_record(enrolled, testimony.id).testimony.status is RecordStatus.SEALED
    assert reports[0][0] < reports[0][1]  # it was cancelled before the bytes were all written
    dialog.export_started.disconnect(canceller.on_export_started)

    result = export_through(qtbot, dialog)
    assert result.sequence == 1
    assert result.attachments == 1
    assert sorted(usb.iterdir()) == [result.path]
    (imported,) = importing.import_bundles(coordinator.ws, [result.path])
    assert imported.outcome == "imported"


def test_a_device_not_enrolled_is_told_how_to_enrol_in_one_sentence(
    qtbot, device: Workspace, usb: Path
) -> None:
    add_testimony(device)
    dialog = export_dialog(qtbot, device, usb)
    with qtbot.waitSignal(dialog.export_failed) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    (sentence,) = blocker.args
    assert "enrol" in sentence
    assert sentence.endswith(".")
    assert ". " not in sentence  # one sentence
    assert dialog.status.text() == sentence
    assert not dialog.busy
    assert dialog.export_button.isEnabled()
    assert list(usb.iterdir()) == []


def test_without_a_drive_or_folder_nothing_starts(qtbot, enrolled: Workspace) -> None:
    add_testimony(enrolled)
    dialog = ExportDialog(enrolled, detect=list)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.export_failed) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "USB drive" in blocker.args[0]
    assert not dialog.busy


def test_escape_while_exporting_cancels_instead_of_closing(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    add_testimony(enrolled, files=[bytes(ESCAPE_ATTACHMENT_BYTES)])
    dialog = export_dialog(qtbot, enrolled, usb)
    with qtbot.waitSignal(dialog.export_cancelled, timeout=EXPORT_TIMEOUT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert list(usb.iterdir()) == []


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        ([(0, 0)], [(0, 1000)]),
        ([(0, 8 << 30), (1, 8 << 30), (8 << 30, 8 << 30)], [(0, 1000), (1000, 1000)]),
        ([(5, 10), (6, 10), (10, 10)], [(500, 1000), (600, 1000), (1000, 1000)]),
    ],
)
def test_progress_is_counted_in_thousandths_that_fit_a_signal(calls, expected) -> None:
    seen: list[tuple[int, int]] = []
    report = per_mille(lambda done, total: seen.append((done, total)))
    for done, total in calls:
        report(done, total)
    assert seen == expected
