"""An interviewer's whole path through the real window, checked in the bundle and the archive.

First run (set-up, recovery code read back, enrolment request written to the detected stick),
locking and unlocking again, the coordinator's enrolment pack applied after confirming the
fingerprint, a testimony with consent, identity, a narrative with redactions, an incident and an
attachment, sealed, exported to the stick; then the window locks itself when left idle. The
archive (built through the services, as the coordinator's own tools do) verifies and imports the
bundle, and holds exactly what was typed.
"""

import hashlib
import io
from pathlib import Path

from PySide6.QtCore import Qt

from crypto import age
from fieldapp.domain import ConsentScope, RecordStatus, RedactionKind
from fieldapp.services import enrolment, importing, records, verification
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.ui.editor.support import give_consent, open_identity, select, type_text
from tests.ui.first_run.support import FAST, Driver
from tests.ui.first_run.support import PASSPHRASE as NEW_PASSPHRASE
from ui.main_window import MainWindow
from ui.views.apply_pack_dialog import ApplyPackDialog
from ui.views.export_dialog import ExportDialog

from .sync.conftest import coordinator, drive_of, stick

__all__ = ["coordinator", "stick"]

WORK_TIMEOUT_MS = 60_000
NARRATIVE = "We crossed near Hoeryong with Pak Min at night. A guard at Onsong beat us."


def _set_up(qtbot, window: MainWindow, stick: Path) -> None:
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible())
    window.first_run.request_page.detect = lambda: [drive_of(stick)]  # the stick, plugged in
    driver = Driver(qtbot, window.first_run)
    driver.choose_role()
    driver.give_label("Field laptop 1")
    driver.give_passphrase()
    driver.forward()
    driver.create()
    driver.read_back(driver.take_recovery_code())
    page = window.first_run.request_page
    assert page.folder.text() == str(stick)  # the detected drive is offered first
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.first_run.state.request_file is not None, timeout=10_000)
    driver.forward()
    with qtbot.waitSignal(window.first_run.setup_finished, timeout=10_000):
        driver.forward()
    qtbot.waitUntil(lambda: window.first_run is None)


def _dialog(window: MainWindow, kind: type) -> object:
    (dialog,) = [d for d in window.findChildren(kind) if d.isVisible()]
    return dialog


def _apply_enrolment(qtbot, window: MainWindow, pack: Path) -> None:
    window.apply_pack_action.trigger()
    dialog = _dialog(window, ApplyPackDialog)
    with qtbot.waitSignal(dialog.pack_previewed, timeout=WORK_TIMEOUT_MS):
        dialog.set_pack_path(pack)
    assert not dialog.apply_button.isEnabled()  # not before the fingerprint is confirmed
    dialog.confirm_box.setChecked(True)
    with qtbot.waitSignal(dialog.pack_applied, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    dialog.close()


def _write_testimony(qtbot, window: MainWindow, scan: Path) -> object:
    window.new_action.trigger()
    editor = window.editor
    testimony_id = editor.testimony_id
    anonymity = editor.consent.anonymity
    assert anonymity.currentData() == "anonymous"  # the safe choice until the witness says
    anonymity.setCurrentIndex(anonymity.findData("named_confidentially"))
    give_consent(qtbot, editor)
    editor.show_section(editor.interview)
    editor.interview.title.setText("")
    qtbot.keyClicks(editor.interview.title, "Crossing at Hoeryong")
    qtbot.mouseClick(editor.interview.has_ended, Qt.MouseButton.LeftButton)
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    editor.witness.names.setPlainText("Kim Chol-su")
    qtbot.mouseClick(editor.witness.hide_button, Qt.MouseButton.LeftButton)
    editor.show_section(editor.narrative)
    type_text(qtbot, editor.narrative.edit, NARRATIVE)
    for word, kind in (("Pak Min", "name"), ("Onsong", "place")):
        start = NARRATIVE.index(word)
        select(editor, start, start + len(word))
        editor.narrative.kind.setCurrentIndex(editor.narrative.kind.findData(kind))
        qtbot.mouseClick(editor.narrative.mark_button, Qt.MouseButton.LeftButton)
    editor.show_section(editor.incidents)
    qtbot.mouseClick(editor.incidents.add_button, Qt.MouseButton.LeftButton)
    form = editor.incidents.form
    form.act_type.set_code("punishment_for_leaving_the_country")
    form.coi_category.setCurrentIndex(form.coi_category.findData("E"))
    form.date_start.precision.set_code("year")
    form.date_start.year.setValue(2009)
    form.province.set_code("north_hamgyong")
    editor.show_section(editor.attachments)
    with qtbot.waitSignal(editor.attachments.attachment_added, timeout=WORK_TIMEOUT_MS):
        editor.attachments.attach_path(scan)
    assert editor.save_now()
    qtbot.mouseClick(editor.header.seal_button, Qt.MouseButton.LeftButton)
    checklist = editor.seal_dialog.checklist
    assert [checklist.item(i).text() for i in range(checklist.count())] == []
    with qtbot.waitSignal(editor.testimony_sealed):
        qtbot.mouseClick(editor.seal_dialog.seal_button, Qt.MouseButton.LeftButton)
    window.list_action.trigger()
    return testimony_id


def _export(qtbot, window: MainWindow, usb: Path) -> Path:
    window.export_action.trigger()
    dialog = _dialog(window, ExportDialog)
    dialog.picker.set_folder(usb)
    with qtbot.waitSignal(dialog.export_finished, timeout=WORK_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    result = finished.args[0]
    assert (result.testimonies, result.attachments, result.held_back) == (1, 1, 0)
    dialog.close()
    return result.path


def test_an_interviewers_day_from_first_run_to_the_archive(
    qtbot, coordinator: Archive, stick: Path, private_tmp: Path
) -> None:
    root, usb = private_tmp / "laptop", private_tmp / "usb"
    usb.mkdir()
    scan = private_tmp / "consent-form.pdf"
    scan.write_bytes(b"%PDF-1.4 signed consent form\n" * 200)
    window = MainWindow(root, key_params=FAST)
    qtbot.addWidget(window)
    window.show()

    _set_up(qtbot, window, stick)
    window.lock_action.trigger()  # and back in, with the passphrase chosen at set-up
    assert not window.unlocked
    window.unlock_view.passphrase.setText(NEW_PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    (request_file,) = stick.glob("enrolment-request-*.json")
    request = enrolment.read_request(request_file)
    sent = enrolment.issue_enrolment(coordinator.ws, request, stick)  # the coordinator's part
    _apply_enrolment(qtbot, window, sent.path)
    assert "enrolled" in window.status_text.text()
    testimony_id = _write_testimony(qtbot, window, scan)
    bundle = _export(qtbot, window, usb)

    # Left alone, the window locks itself and forgets what it showed.
    window.idle_watcher.set_timeout(100)
    with qtbot.waitSignal(window.idle_watcher.idle_timed_out, timeout=5_000):
        pass
    assert not window.unlocked
    assert window.stack.currentWidget() is window.unlock_view
    assert window.testimony_list.model.rowCount() == 0
    assert window.editor.testimony_id is None

    # The auditor's check with no secret, then the archive's import.
    roster_path = private_tmp / "roster.json"
    enrolment.export_roster(coordinator.ws, roster_path)
    roster = verification.load_roster(roster_path, coordinator=coordinator.fingerprint)
    assert verification.verify_files([bundle], roster).ok
    (report,) = importing.import_bundles(coordinator.ws, [bundle])
    assert (report.outcome, report.testimonies, report.attachments) == ("imported", 1, 1)
    held = records.get_record(coordinator.ws, testimony_id)
    testimony = held.testimony
    assert testimony.title == "Crossing at Hoeryong"
    assert testimony.narrative.text == NARRATIVE
    pak, onsong = NARRATIVE.index("Pak Min"), NARRATIVE.index("Onsong")
    assert {(s.start, s.end, s.kind) for s in testimony.narrative.redactions} == {
        (pak, pak + 7, RedactionKind.NAME),
        (onsong, onsong + 6, RedactionKind.PLACE),
    }
    (incident,) = testimony.incidents
    assert (incident.act_type, incident.coi_category) == ("punishment_for_leaving_the_country", "E")
    (attachment,) = held.attachments
    assert attachment.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    (consent,) = held.consents
    assert consent.scopes.allowed(ConsentScope.ARCHIVE)
    # The identity left only for the custodian: the archive's own copy holds none in clear.
    assert held.identity is None
    # The identities file, and beside it the bundle's signed manifest (for the custodian).
    custodian_files = list((coordinator.ws.layout.root / "custodian").glob("*.age"))
    assert len(custodian_files) == 1
    assert len(list((coordinator.ws.layout.root / "custodian").glob("*.manifest.*"))) == 2
    opened = io.BytesIO()
    with custodian_files[0].open("rb") as sealed:
        age.decrypt(sealed, opened, [coordinator.custodian_identity])
    assert b"Kim Chol-su" in opened.getvalue()
    assert testimony.status in (RecordStatus.SEALED, RecordStatus.ARCHIVED)
