"""The apply-pack dialog: enrolment only after the fingerprint is confirmed, receipts with the
offer to purge, revocations, and packs from a stranger refused; checked through the services."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fieldapp.domain import RecordStatus
from fieldapp.errors import RecordPurgedError
from fieldapp.services import (
    enrolment,
    export,
    importing,
    packs,
    receipts,
    records,
    revocation_packs,
)
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import (
    Archive,
    enrol,
    issue,
    make_archive,
    state,
)
from tests.fieldapp.services.test_export_support import add_testimony
from ui.views import pack_result_text
from ui.views.apply_pack_dialog import ApplyPackDialog
from ui.views.export_dialog import ExportDialog

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000


def _dialog(qtbot, workspace: Workspace, stick: Path) -> ApplyPackDialog:
    dialog = ApplyPackDialog(workspace, detect=lambda: [drive_of(stick)])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _open(qtbot, dialog: ApplyPackDialog, path: Path) -> object:
    with qtbot.waitSignal(dialog.pack_previewed, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_pack_path(path)
    return blocker.args[0]


def _apply(qtbot, dialog: ApplyPackDialog) -> packs.PackApplied:
    with qtbot.waitSignal(dialog.pack_applied, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def test_no_busy_bar_shows_before_any_work(qtbot, device: Workspace, stick: Path) -> None:
    dialog = _dialog(qtbot, device, stick)
    assert not dialog.progress_bar.isVisible()


def test_enrolment_waits_for_the_fingerprint_to_be_confirmed(
    qtbot, coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    before = state(device)
    dialog = _dialog(qtbot, device, stick)

    preview = _open(qtbot, dialog, sent.path)

    spoken = enrolment.spoken_fingerprint(coordinator.fingerprint)
    assert preview.needs_confirmation
    assert dialog.fingerprint.text().split() == spoken.split()
    assert len(dialog.fingerprint.text().splitlines()) == 2
    assert dialog.fingerprint_text.text().endswith(coordinator.fingerprint)
    assert dialog.status.text() == ""
    assert dialog.fingerprint.isVisible()
    assert dialog.confirm_box.isVisible()
    assert not dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    dialog.on_apply_requested()  # nor when called while unconfirmed
    assert not dialog.busy
    assert state(device) == before
    assert enrolment.enrolment_status(device)["enrolled"] is False

    dialog.confirm_box.setChecked(True)
    assert dialog.apply_button.isEnabled()
    applied = _apply(qtbot, dialog)

    assert (applied.kind, applied.coordinator_fingerprint) == ("enrolment", coordinator.fingerprint)
    status = enrolment.enrolment_status(device)
    assert status["enrolled"] is True
    assert status["coordinator_fingerprint"] == coordinator.fingerprint
    assert "now enrolled" in dialog.status.text()
    assert not dialog.apply_button.isEnabled()  # once is enough


def test_closing_without_confirming_changes_nothing(
    qtbot, coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    before = state(device)
    dialog = _dialog(qtbot, device, stick)
    _open(qtbot, dialog, sent.path)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert state(device) == before


def test_a_pack_signed_by_another_coordinator_is_refused_in_one_sentence(
    qtbot, coordinator: Archive, enrolled: Workspace, stick: Path, tmp_path: Path
) -> None:
    stranger = make_archive(tmp_path / "stranger")
    try:
        request = enrolment.read_request(stick / f"request-{enrolled.workspace_id}.json")
        (stick / "stranger").mkdir()
        sent = enrolment.issue_enrolment(stranger.ws, request, stick / "stranger")
    finally:
        stranger.ws.lock()
    before = state(enrolled)
    dialog = _dialog(qtbot, enrolled, stick)
    with qtbot.waitSignal(dialog.pack_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        dialog.set_pack_path(sent.path)
    (sentence,) = blocker.args
    assert sentence == (
        f"The pack was refused: it was signed by {stranger.fingerprint}, not by the coordinator"
        " key trusted here (or the signature was altered)."
    )
    assert dialog.status.text() == sentence
    assert not dialog.apply_button.isEnabled()
    assert not dialog.fingerprint.isVisible()
    assert state(enrolled) == before
    assert enrolment.enrolment_status(enrolled)["coordinator_fingerprint"] == (
        coordinator.fingerprint
    )


def test_a_receipt_offers_the_purge_with_the_count_and_the_purge_removes_the_content(
    qtbot, coordinator: Archive, enrolled: Workspace, stick: Path, usb: Path
) -> None:
    sent = [add_testimony(enrolled, files=[b"recording " * 100]) for _ in range(3)]
    result = export.export_bundle(enrolled, usb)
    assert result.path is not None
    (imported,) = importing.import_bundles(coordinator.ws, [result.path])
    assert imported.outcome == "imported"
    late = add_testimony(enrolled)  # sealed after the export: not archived, and kept
    (pack,) = receipts.write_receipts(coordinator.ws, stick)
    dialog = _dialog(qtbot, enrolled, stick)

    preview = _open(qtbot, dialog, pack.path)
    assert (preview.kind, preview.needs_confirmation) == ("receipt", False)
    assert not dialog.confirm_box.isVisible()
    applied = _apply(qtbot, dialog)

    assert applied.kind == "receipt"
    assert len(receipts.archived_testimonies(enrolled)) == 3
    assert dialog.purge_button.isVisible()
    assert dialog.purge_button.isEnabled()
    assert dialog.purge_button.text() == (
        "Remove archived content from this laptop (3 testimony(ies))"
    )
    assert "3 testimony(ies) are archived" in dialog.status.text()
    for testimony in sent:  # nothing removed before the user asks
        assert records.get_record(enrolled, testimony.id).testimony.narrative == (
            testimony.narrative
        )

    with qtbot.waitSignal(dialog.content_purged, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)

    purged = blocker.args[0]
    assert (purged.testimonies, purged.attachments) == (3, 3)
    assert receipts.archived_testimonies(enrolled) == []
    for testimony in sent:
        with pytest.raises(RecordPurgedError):
            records.get_record(enrolled, testimony.id)
    assert records.get_record(enrolled, late.id).testimony.status is RecordStatus.SEALED
    assert not dialog.purge_button.isVisible()
    assert "Removed the content of 3 testimony(ies)" in dialog.status.text()


def test_a_revocation_of_this_laptop_says_it_can_no_longer_export(
    qtbot, coordinator: Archive, enrolled: Workspace, other: Workspace, stick: Path, usb: Path
) -> None:
    enrol(coordinator, other, stick)
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    enrolment.revoke_device(coordinator.ws, enrolled.fingerprint)
    (pack,) = revocation_packs.write_revocation_packs(
        coordinator.ws, stick, to=enrolled.fingerprint
    )
    dialog = _dialog(qtbot, enrolled, stick)
    _open(qtbot, dialog, pack.path)

    applied = _apply(qtbot, dialog)

    assert applied.kind == "revocation"
    lines = dialog.status.text().splitlines()
    assert other.fingerprint in lines[0]
    assert enrolled.fingerprint in lines[0]
    assert lines[1] == "The archive revoked this laptop: it can no longer export bundles."
    assert not dialog.purge_button.isVisible()
    assert enrolment.enrolment_status(enrolled)["this_device_revoked"] is True
    # The export dialog then refuses before starting, in one sentence.
    add_testimony(enrolled)
    exporter = ExportDialog(enrolled, detect=lambda: [drive_of(usb)])
    qtbot.addWidget(exporter)
    with qtbot.waitSignal(exporter.export_failed) as blocker:
        qtbot.mouseClick(exporter.export_button, Qt.MouseButton.LeftButton)
    assert "revoked this laptop" in blocker.args[0]
    assert list(usb.iterdir()) == []


def test_a_pack_applied_twice_changes_nothing_the_second_time(
    qtbot, coordinator: Archive, enrolled: Workspace, other: Workspace, stick: Path
) -> None:
    enrol(coordinator, other, stick)
    enrolment.revoke_device(coordinator.ws, other.fingerprint)
    (pack,) = revocation_packs.write_revocation_packs(
        coordinator.ws, stick, to=enrolled.fingerprint
    )
    packs.apply_pack(enrolled, pack.path)
    before = state(enrolled)
    dialog = _dialog(qtbot, enrolled, stick)
    _open(qtbot, dialog, pack.path)
    applied = _apply(qtbot, dialog)
    assert applied.already_applied
    assert dialog.status.text() == "This pack was applied before; nothing was changed."
    assert state(enrolled) == before


def test_enrolment_from_the_keyboard_alone(
    qtbot, coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    dialog = _dialog(qtbot, device, stick)
    dialog.activateWindow()
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(sent.path))
    with qtbot.waitSignal(dialog.pack_previewed, timeout=WORK_TIMEOUT_MS):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.focusWidget() is dialog.confirm_box
    qtbot.keyClick(dialog.confirm_box, Qt.Key.Key_Space)
    assert dialog.confirm_box.isChecked()
    with qtbot.waitSignal(dialog.pack_applied, timeout=WORK_TIMEOUT_MS):
        qtbot.keyClick(dialog.confirm_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert enrolment.enrolment_status(device)["enrolled"] is True


def test_editing_the_path_withdraws_the_preview(
    qtbot, coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    dialog = _dialog(qtbot, device, stick)
    _open(qtbot, dialog, sent.path)
    dialog.confirm_box.setChecked(True)
    assert dialog.apply_button.isEnabled()
    qtbot.keyClicks(dialog.path_edit, "x")  # another file: what was confirmed no longer holds
    assert not dialog.confirm_box.isVisible()
    assert not dialog.confirm_box.isChecked()
    assert not dialog.apply_button.isEnabled()


def test_a_receipt_says_which_versions_wait_for_a_receipt_of_their_bundle(qapp: object) -> None:
    applied = packs.PackApplied(
        kind="receipt",
        pack_id="p",
        sequence=2,
        coordinator_fingerprint="SHA256:" + "A" * 43,
        already_applied=False,
        details={"bundles": 1, "archived": 3, "mismatched": 0, "unconfirmed": 2},
    )
    lines = pack_result_text.result_text(applied).splitlines()
    assert lines[0] == "The archive confirmed 3 more testimony version(s) as received."
    assert lines[1:] == [
        "2 testimony version(s) went in a bundle this receipt does not name; they stay on this"
        " laptop until a receipt names that bundle."
    ]
