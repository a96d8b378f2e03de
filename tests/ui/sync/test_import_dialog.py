"""The import dialog: bundles chosen in any order are imported in chain order, a bundle again
changes nothing, tampered and out-of-order bundles are refused (with the accept-gap command),
a cancel leaves the archive as it was, and names are shown as plain text; checked through the
archive itself."""

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPlainTextEdit

from fieldapp.cli.commands_import import _gap_hint
from fieldapp.services import export, importing
from fieldapp.services.importing import ImportReport
from fieldapp.workspace import Workspace
from tests.fieldapp.services.import_support import snapshot
from tests.fieldapp.services.test_enrolment_support import Archive, state
from tests.fieldapp.services.test_export_support import add_testimony
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.views import import_report_text
from ui.views.export_dialog import PROGRESS_STEPS
from ui.views.import_dialog import ImportDialog

from .conftest import drive_of

WORK_TIMEOUT_MS = 60_000
#: Three of these in a bundle take about 0.1 s to import here: a cancel from the GUI thread, a
#: few milliseconds after the first progress, lands long before the import could end.
LARGE = 8 * 1024 * 1024
#: Far longer than refusing a file that is not a regular one takes.
PIPE_TIMEOUT_MS = 3_000


def _bundle(device: Workspace, usb: Path, testimonies: int = 1, files: int = 0) -> Path:
    for _ in range(testimonies):
        add_testimony(device, files=[os.urandom(LARGE) for _ in range(files)])
    result = export.export_bundle(device, usb)
    assert result.path is not None
    return result.path


def _dialog(qtbot, ws: Workspace, paths: list[Path] = ()) -> ImportDialog:
    dialog = ImportDialog(ws, detect=lambda: [], choose_files=lambda _parent, _start: [])
    qtbot.addWidget(dialog)
    dialog.show()
    if paths:
        dialog.set_bundle_paths(list(paths))
    return dialog


def _import(qtbot, dialog: ImportDialog) -> list[ImportReport]:
    with qtbot.waitSignal(dialog.import_finished, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def _listed(dialog: ImportDialog) -> list[str]:
    return [dialog.bundle_list.item(row).text() for row in range(dialog.bundle_list.count())]


def _paragraphs(dialog: ImportDialog) -> list[str]:
    return dialog.report_view.toPlainText().split("\n\n")


def test_bundles_chosen_in_reverse_are_imported_in_chain_order(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    first_sent = [add_testimony(enrolled, files=[b"recording " * 50]) for _ in range(2)]
    first = _bundle(enrolled, usb, testimonies=0)
    second_sent = add_testimony(enrolled)
    second = _bundle(enrolled, usb, testimonies=0)
    chosen: list[tuple[Path, ...]] = []

    def choose(_parent: object, start: Path) -> list[Path]:
        chosen.append((start,))
        return [second, first]

    dialog = ImportDialog(coordinator.ws, detect=lambda: [drive_of(usb)], choose_files=choose)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert chosen == [(usb,)]  # the first detected drive's folder
    assert dialog.bundle_paths() == [first, second]
    assert _listed(dialog) == [first.name, second.name]
    assert dialog.import_button.isEnabled()
    progressed: list[tuple[int, int]] = []
    dialog.import_progressed.connect(lambda done, total: progressed.append((done, total)))

    reports = _import(qtbot, dialog)

    assert [(r.outcome, r.sequence) for r in reports] == [("imported", 1), ("imported", 2)]
    for testimony in [*first_sent, second_sent]:  # the archive holds them now
        held = coordinator.ws.repository.get_testimony(testimony.id)
        assert (held.narrative, held.pseudonym) == (testimony.narrative, testimony.pseudonym)
    one, two, counted = _paragraphs(dialog)
    assert one == (
        f"{first.name} (from “Laptop A”) was imported as bundle 1: 2 testimony(ies);"
        " 0 amendment(s); 2 consent version(s); 2 attachment(s); identities kept for the"
        " custodian."
    )
    assert two.startswith(f"{second.name} (from “Laptop A”) was imported as bundle 2: 1 ")
    assert counted == "2 imported."
    # One bar over the run: it only grows, and ends full.
    assert progressed == sorted(progressed)
    assert progressed[-1] == (PROGRESS_STEPS, PROGRESS_STEPS)
    assert not dialog.progress_bar.isHidden()
    assert dialog.progress_bar.value() == PROGRESS_STEPS

    # The same bundle again: said, and nothing changes.
    before = snapshot(coordinator.ws)
    dialog.set_bundle_paths([first])
    assert _listed(dialog) == [first.name]  # a new choice replaces the last one
    assert dialog.report_view.isHidden()  # and clears the last report
    (again,) = _import(qtbot, dialog)
    assert again.outcome == "already imported"
    assert snapshot(coordinator.ws) == before
    assert _paragraphs(dialog) == [
        f"{first.name} (from “Laptop A”) was imported before; nothing was changed.",
        "1 already imported.",
    ]


def test_a_tampered_bundle_is_refused_and_changes_nothing(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    path = _bundle(enrolled, usb, files=1)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside the attachment
    path.write_bytes(bytes(data))
    before = snapshot(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, [path])

    (report,) = _import(qtbot, dialog)

    assert report.outcome == "refused"
    assert report.reason
    assert snapshot(coordinator.ws) == before
    paragraph, counted = _paragraphs(dialog)
    reason = report.reason.rstrip(".")
    assert paragraph == (
        f"{path.name} (from “Laptop A”) was refused, and nothing of it was imported: {reason}."
    )
    assert counted == "1 refused."


def test_a_bundle_after_a_missing_one_shows_the_accept_gap_command(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, tmp_path: Path
) -> None:
    lost = _bundle(enrolled, usb)
    later = _bundle(enrolled, usb)
    lost.rename(tmp_path / lost.name)  # the stick lost it
    before = state(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, [later])

    (report,) = _import(qtbot, dialog)

    assert report.reason == "bundle 1 from this device is missing: import it first"
    assert state(coordinator.ws) == before
    refused, hint = _paragraphs(dialog)[0].splitlines()
    assert refused.startswith(f"{later.name} (from “Laptop A”) was refused, and nothing of it")
    command = f"fieldapp device accept-gap {enrolled.fingerprint} --through 1 --reason TEXT"
    assert hint == (
        f"If bundle 1 was lost, the coordinator can accept the gap with this command: {command}"
    )
    cli_hint = _gap_hint(report)  # the very command the CLI suggests
    assert cli_hint is not None
    assert cli_hint.endswith(f"accept the gap: {command}")


def test_a_cancel_from_the_progress_leaves_the_archive_unchanged(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    large = _bundle(enrolled, usb, files=3)
    after = _bundle(enrolled, usb)
    before = snapshot(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, [after, large])
    started: list[object] = []
    dialog.import_started.connect(started.append)

    def cancel_at_once(done: int, total: int) -> None:
        assert dialog.busy  # the signal comes while the worker is running
        dialog.cancel_button.click()

    dialog.import_progressed.connect(cancel_at_once)
    reports = _import(qtbot, dialog)

    assert len(started) == 1
    assert [r.outcome for r in reports] == [importing.STOPPED, importing.NOT_TRIED]
    assert snapshot(coordinator.ws) == before
    stopped, untried, counted = _paragraphs(dialog)
    assert stopped == (
        f"{large.name}: the import stopped, and nothing of this bundle was imported."
        " The operation was cancelled; nothing was changed."
    )
    assert untried == f"{after.name} was not tried; import it again."
    assert counted == "1 stopped, 1 not tried."
    assert dialog.import_button.isEnabled()  # ready to go again
    assert not dialog.cancel_button.isEnabled()


def test_escape_while_importing_cancels_rather_than_closes(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    path = _bundle(enrolled, usb, files=3)
    before = snapshot(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, [path])

    with qtbot.waitSignal(dialog.import_finished, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.busy
        assert not dialog.import_button.isEnabled()
        assert not dialog.close_button.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()  # still there: the worker has not ended
        assert dialog.status.text() == "Cancelling…"
        assert not dialog.cancel_button.isEnabled()

    (report,) = blocker.args[0]
    assert report.outcome == importing.STOPPED
    assert snapshot(coordinator.ws) == before
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # idle now: Escape closes
    assert not dialog.isVisible()


def test_an_interviewer_workspace_says_so_in_one_sentence(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    path = _bundle(enrolled, usb)
    before = state(enrolled)
    dialog = _dialog(qtbot, enrolled, [path])

    with qtbot.waitSignal(dialog.import_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)

    sentence = "Only the coordinator's archive imports bundles; this is a field laptop."
    assert blocker.args == [sentence]
    assert dialog.status.text() == sentence
    assert dialog.report_view.isHidden()
    assert state(enrolled) == before
    assert dialog.import_button.isEnabled()


def test_file_names_are_shown_as_plain_text(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path
) -> None:
    # "<b>x</b>" cannot be a file name (the "/"); these tags are what rich text would obey.
    path = _bundle(enrolled, usb)
    odd = path.rename(usb / "<b>x<br>y\nimported as bundle 9.fieldbundle")
    dialog = _dialog(qtbot, coordinator.ws, [odd])
    shown_name = "<b>x<br>y\\nimported as bundle 9.fieldbundle"  # the line break escaped
    assert _listed(dialog) == [shown_name]

    dialog.import_button.setFocus()
    with qtbot.waitSignal(dialog.import_finished, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)  # the keyboard alone
    qtbot.waitUntil(lambda: not dialog.busy)

    (report,) = blocker.args[0]
    assert report.outcome == "imported"
    assert isinstance(dialog.report_view, QPlainTextEdit)
    assert dialog.report_view.isReadOnly()
    paragraph, counted = _paragraphs(dialog)
    assert paragraph.startswith(f"{shown_name} (from “Laptop A”) was imported as bundle 1:")
    assert "\n" not in paragraph
    assert counted == "1 imported."
    # Every control named, every mnemonic its own, the report included.
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}


def test_the_file_dialog_chooses_several_bundles_and_forgets_where_it_looked(
    qtbot, coordinator: Archive, enrolled: Workspace, usb: Path, isolated_settings: Path
) -> None:
    folder = usb / "from-Kim-Chol-su"
    folder.mkdir()
    first = _bundle(enrolled, folder)
    second = _bundle(enrolled, folder)
    dialog = ImportDialog(coordinator.ws, detect=lambda: [drive_of(folder)])
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[QFileDialog] = []

    def choose() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QFileDialog):
            QTimer.singleShot(20, choose)
            return
        asked.append(modal)
        modal.selectFile(f'"{second.name}" "{first.name}"')
        modal.accept()

    QTimer.singleShot(0, choose)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    assert len(asked) == 1
    assert dialog.bundle_paths() == [first, second]
    assert _listed(dialog) == [first.name, second.name]
    assert dialog.import_button.isEnabled()
    written = [path.read_bytes() for path in isolated_settings.rglob("*") if path.is_file()]
    assert all(b"Kim-Chol-su" not in data for data in written)


def _release(pipe: Path) -> None:
    """A writer that comes and goes: an open() blocked on the pipe returns, and reads its end."""
    with contextlib.suppress(OSError):  # no reader (yet, or any more)
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))


def test_a_bundle_that_is_a_named_pipe_is_refused_at_once(
    qtbot, coordinator: Archive, usb: Path
) -> None:
    pipe = usb / "pipe.fieldbundle"
    os.mkfifo(pipe, 0o600)
    dialog = _dialog(qtbot, coordinator.ws, [pipe])
    try:
        with qtbot.waitSignal(dialog.import_finished, timeout=PIPE_TIMEOUT_MS) as blocker:
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    finally:  # never leave the worker's thread blocked behind the test
        qtbot.waitUntil(lambda: _release(pipe) or not dialog.busy, timeout=WORK_TIMEOUT_MS)
    (report,) = blocker.args[0]
    assert report.outcome == "refused"


def test_every_outcome_is_counted_in_the_summary() -> None:
    reports = [
        ImportReport("a", outcome="imported", sequence=1),
        ImportReport("b", outcome="already imported"),
        ImportReport("c", reason="its signature is not valid."),
        ImportReport("d", outcome=importing.STOPPED, reason="The disk is full; nothing was"
                     " changed. Free some space and try again."),
        ImportReport("e", outcome=importing.NOT_TRIED),
    ]  # fmt: skip
    assert import_report_text.summary(reports) == (
        "1 imported, 1 already imported, 1 refused, 1 stopped, 1 not tried."
    )
    assert import_report_text.paragraph(reports[2]) == (
        "c was refused, and nothing of it was imported: its signature is not valid."
    )
    assert import_report_text.paragraph(reports[3]).endswith(
        "The disk is full; nothing was changed. Free some space and try again."
    )
