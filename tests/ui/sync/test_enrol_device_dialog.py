"""The enrol-device dialog: a real archive enrols a real device's request, only once the
coordinator ticks that the digits match; a request swapped on the stick after the tick is
refused; the pack it writes is applied on the device. Checked through the services."""

import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from crypto import age
from fieldapp.errors import DeviceAlreadyEnrolledError
from fieldapp.services import enrolment, pack_writing, packs
from fieldapp.sync.enrolment import make_request
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, issue, make_device, state
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.error_text import error_text
from ui.views.enrol_device_dialog import EnrolDeviceDialog
from ui.widgets.plain_text_label import PlainTextLabel

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000
CHANGED = "The request file changed after it was opened"


def _dialog(qtbot, workspace: Workspace, usb: Path | None) -> EnrolDeviceDialog:
    drives = [] if usb is None else [drive_of(usb)]
    dialog = EnrolDeviceDialog(workspace, detect=lambda: drives)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _request(device: Workspace, folder: Path, name: str = "request.json") -> Path:
    path = folder / name
    enrolment.write_request(device, path)
    return path


def _open(qtbot, dialog: EnrolDeviceDialog, path: Path) -> object:
    with qtbot.waitSignal(dialog.request_opened, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_request_path(path)
    return blocker.args[0]


def _refused_at_open(qtbot, dialog: EnrolDeviceDialog, path: Path) -> str:
    """Open ``path``: refused before any digits are shown to compare, one sentence."""
    with qtbot.waitSignal(dialog.enrolment_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_request_path(path)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert not dialog.confirm_box.isVisible()
    assert dialog.fingerprint.text() == ""
    assert not dialog.enrol_button.isEnabled()
    return blocker.args[0]


def _enrol(qtbot, dialog: EnrolDeviceDialog) -> pack_writing.PackSent:
    with qtbot.waitSignal(dialog.device_enrolled, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def _refused(qtbot, dialog: EnrolDeviceDialog) -> str:
    with qtbot.waitSignal(dialog.enrolment_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def test_enrol_waits_for_the_tick_and_a_destination_and_the_pack_applies_on_the_device(
    qtbot, coordinator: Archive, device: Workspace, usb: Path, tmp_path: Path
) -> None:
    path = _request(device, usb)
    dialog = _dialog(qtbot, coordinator.ws, None)  # no drive plugged in yet

    request = _open(qtbot, dialog, path)

    assert request.fingerprint == device.fingerprint
    spoken = enrolment.spoken_fingerprint(device.fingerprint)
    assert dialog.fingerprint.text().split() == spoken.split()
    assert len(dialog.fingerprint.text().splitlines()) == 2
    assert dialog.fingerprint_text.text().endswith(device.fingerprint)
    assert "Laptop A" in dialog.device_label.text()
    assert dialog.confirm_box.isVisible()
    assert not dialog.enrol_button.isEnabled()
    dialog.confirm_box.setChecked(True)
    assert not dialog.enrol_button.isEnabled()  # no destination yet
    dialog.picker.set_folder(usb)
    assert dialog.enrol_button.isEnabled()
    dialog.confirm_box.setChecked(False)
    assert not dialog.enrol_button.isEnabled()
    dialog.on_enrol_requested()  # nor when called while unticked
    assert not dialog.busy
    assert enrolment.list_devices(coordinator.ws) == []

    dialog.confirm_box.setChecked(True)
    sent = _enrol(qtbot, dialog)

    (listed,) = enrolment.list_devices(coordinator.ws)
    assert (listed.fingerprint, listed.label) == (device.fingerprint, "Laptop A")
    assert sent.path.parent == usb
    assert dialog.status.text() == f"“Laptop A” is enrolled. Its enrolment pack: {sent.path.name}."
    assert dialog.coordinator_fingerprint.isVisible()
    shown = dialog.coordinator_fingerprint.text().splitlines()
    spoken_coordinator = enrolment.spoken_fingerprint(coordinator.fingerprint)
    assert " ".join(shown[:2]).split() == spoken_coordinator.split()
    assert shown[2] == coordinator.fingerprint
    assert "Read these groups aloud to the interviewer" in dialog.coordinator_note.text()
    assert not dialog.enrol_button.isEnabled()  # once is enough
    # The full round trip: the device applies the pack, expecting the coordinator's key.
    applied = packs.apply_pack(device, sent.path, expect_fingerprint=coordinator.fingerprint)
    assert applied.kind == "enrolment"
    status = enrolment.enrolment_status(device)
    assert (status["enrolled"], status["coordinator_fingerprint"]) == (
        True,
        coordinator.fingerprint,
    )


def test_choose_request_starts_on_the_first_drive_and_opens_what_is_chosen(
    qtbot, coordinator: Archive, device: Workspace, usb: Path
) -> None:
    path = _request(device, usb)
    dialog = _dialog(qtbot, coordinator.ws, usb)
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        chooser = QApplication.activeModalWidget()
        if not isinstance(chooser, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append((chooser.directory().absolutePath(), chooser.nameFilters()))
        chooser.selectFile(str(path))
        chooser.accept()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(dialog.request_opened, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    assert seen == [(str(usb), ["Enrolment requests (*.json)"])]
    assert dialog.path_edit.text() == str(path)
    assert blocker.args[0].fingerprint == device.fingerprint


def test_the_whole_enrolment_works_from_the_keyboard(
    qtbot, coordinator: Archive, device: Workspace, usb: Path
) -> None:
    path = _request(device, usb)
    dialog = _dialog(qtbot, coordinator.ws, usb)
    dialog.activateWindow()
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(path))
    with qtbot.waitSignal(dialog.request_opened, timeout=WORK_TIMEOUT_MS):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.confirm_box.hasFocus)
    qtbot.keyClick(dialog.confirm_box, Qt.Key.Key_Space)
    assert dialog.confirm_box.isChecked()

    with qtbot.waitSignal(dialog.device_enrolled, timeout=WORK_TIMEOUT_MS):
        qtbot.keyClick(dialog.confirm_box, Qt.Key.Key_Return)  # the default button: Enrol
    qtbot.waitUntil(lambda: not dialog.busy)

    assert [d.fingerprint for d in enrolment.list_devices(coordinator.ws)] == [device.fingerprint]


def test_editing_the_path_clears_the_tick_and_the_preview(
    qtbot, coordinator: Archive, device: Workspace, usb: Path
) -> None:
    path = _request(device, usb)
    dialog = _dialog(qtbot, coordinator.ws, usb)
    _open(qtbot, dialog, path)
    dialog.confirm_box.setChecked(True)
    assert dialog.enrol_button.isEnabled()

    dialog.path_edit.setFocus()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_End)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Backspace)

    assert not dialog.confirm_box.isChecked()
    assert not dialog.confirm_box.isVisible()
    assert dialog.fingerprint.text() == ""
    assert not dialog.enrol_button.isEnabled()


@pytest.mark.parametrize("swap", ["another device", "the same device, written again"])
def test_a_request_swapped_on_the_stick_after_the_tick_is_refused(
    qtbot, coordinator: Archive, device: Workspace, other: Workspace, usb: Path, swap: str
) -> None:
    path = _request(device, usb)
    dialog = _dialog(qtbot, coordinator.ws, usb)
    _open(qtbot, dialog, path)
    dialog.confirm_box.setChecked(True)
    before = state(coordinator.ws)

    enrolment.write_request(other if swap == "another device" else device, path)
    sentence = _refused(qtbot, dialog)

    assert sentence.startswith(CHANGED)
    assert "nothing was enrolled" in sentence
    assert dialog.status.text() == sentence
    assert enrolment.list_devices(coordinator.ws) == []
    assert state(coordinator.ws) == before
    assert sorted(usb.iterdir()) == [path]  # no pack written
    assert not dialog.confirm_box.isChecked()  # the preview is gone: compare anew
    assert dialog.fingerprint.text() == ""
    assert not dialog.enrol_button.isEnabled()


def test_the_same_device_twice_is_refused_in_one_sentence(
    qtbot, coordinator: Archive, device: Workspace, stick: Path, usb: Path
) -> None:
    issue(coordinator, device, stick)  # enrolled once already, from the CLI's side
    before = state(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, usb)

    # Said on opening, so that the digits are not compared for nothing.
    sentence = _refused_at_open(qtbot, dialog, stick / f"request-{device.workspace_id}.json")

    assert sentence == error_text(DeviceAlreadyEnrolledError())
    assert sentence.startswith("This device is already enrolled; nothing was changed.")
    assert device.fingerprint not in sentence
    assert state(coordinator.ws) == before
    assert list(usb.iterdir()) == []


def test_a_label_with_markup_is_shown_literally(
    qtbot, coordinator: Archive, usb: Path, tmp_path: Path
) -> None:
    marked = make_device(tmp_path / "marked", "<b>x</b>")
    try:
        path = _request(marked, usb)
        dialog = _dialog(qtbot, coordinator.ws, usb)
        _open(qtbot, dialog, path)
        assert isinstance(dialog.device_label, PlainTextLabel)
        assert "“<b>x</b>”" in dialog.device_label.text()
        dialog.confirm_box.setChecked(True)
        sent = _enrol(qtbot, dialog)
    finally:
        marked.lock()
    assert isinstance(dialog.status, PlainTextLabel)
    assert dialog.status.text().startswith("“<b>x</b>” is enrolled.")
    assert sent.path.name in dialog.status.text()


def test_a_request_naming_the_coordinators_own_key_is_refused(
    qtbot, coordinator: Archive, usb: Path
) -> None:
    _, recipient = age.generate_x25519()
    path = usb / "own.json"
    path.write_bytes(make_request(coordinator.ws.signing_key, recipient, "HQ", datetime.now(UTC)))
    before = state(coordinator.ws)
    dialog = _dialog(qtbot, coordinator.ws, usb)

    sentence = _refused_at_open(qtbot, dialog, path)

    assert sentence == "The enrolment request was refused: it names the coordinator's own key."
    assert state(coordinator.ws) == before
    assert sorted(usb.iterdir()) == [path]


@pytest.mark.parametrize("kind", ["damaged", "missing", "pipe"])
def test_a_file_that_is_no_request_is_said_in_one_sentence(
    qtbot, coordinator: Archive, device: Workspace, usb: Path, kind: str
) -> None:
    path = usb / "request.json"
    if kind == "damaged":
        raw = bytearray(_request(device, usb).read_bytes())
        raw[len(raw) // 2] ^= 0x01
        path.write_bytes(bytes(raw))
    elif kind == "pipe":
        os.mkfifo(path, 0o600)  # would block a plain read for a writer that never comes
    dialog = _dialog(qtbot, coordinator.ws, usb)

    with qtbot.waitSignal(dialog.enrolment_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_request_path(path)
    qtbot.waitUntil(lambda: not dialog.busy)

    (sentence,) = blocker.args
    if kind == "damaged":
        assert sentence.startswith("The enrolment request was refused:")
    elif kind == "pipe":
        assert sentence == "The enrolment request was refused: it is not a regular file."
    else:
        assert sentence.startswith("The request file could not be read")
    assert "\n" not in sentence
    assert not dialog.confirm_box.isVisible()
    assert not dialog.enrol_button.isEnabled()
    assert enrolment.list_devices(coordinator.ws) == []


def test_an_interviewer_workspace_is_told_in_one_sentence(
    qtbot, device: Workspace, other: Workspace, usb: Path
) -> None:
    path = _request(other, usb)
    before = state(device)
    dialog = _dialog(qtbot, device, usb)

    assert dialog.status.text() == (
        "Devices are enrolled in the archive's workspace; this is a field laptop's."
    )
    assert not dialog.choose_button.isEnabled()
    dialog.set_request_path(path)  # refused before any work starts
    assert not dialog.busy
    assert not dialog.confirm_box.isVisible()
    assert not dialog.enrol_button.isEnabled()
    assert state(device) == before


def test_every_control_is_named_and_no_mnemonic_is_shared(
    qtbot, coordinator: Archive, device: Workspace, usb: Path
) -> None:
    dialog = _dialog(qtbot, coordinator.ws, usb)
    _open(qtbot, dialog, _request(device, usb))
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
    assert len(_texts(dialog)) >= 6  # the walk saw the buttons, the picker's and the label


def test_reading_a_request_from_a_named_pipe_does_not_block(tmp_path: Path) -> None:
    pipe = tmp_path / "request.json"
    os.mkfifo(pipe, 0o600)
    reader = threading.Thread(target=_read_quietly, args=(pipe,), daemon=True)
    reader.start()
    reader.join(timeout=2)
    blocked = reader.is_alive()
    if blocked:  # let the reader end: a writer that closes at once gives it end of file
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
    assert not blocked


def _read_quietly(path: Path) -> None:
    try:
        enrolment.read_request(path)
    except Exception:  # only whether it returns matters here
        return
