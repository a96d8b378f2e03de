"""The withdrawal-pack dialog: after an office withdrawal the archive writes the laptop's pack
through it, the laptop applies it and stops the use withdrawn; a second run writes none and says
so; the Sync menu offers it on an archive only; the editor's sentence points to it."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fieldapp.domain import ConsentScope
from fieldapp.services import office_withdrawals, packs, withdrawal_packs
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, state
from tests.fieldapp.workspace.support import PASSPHRASE
from tests.ui.conftest import PASSPHRASE as LAPTOP_PASSPHRASE
from tests.ui.sync.consent_archive import ConsentArchive, make_consent_archive
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.views.withdrawal_pack_dialog import WithdrawalPackDialog
from ui.widgets.plain_text_label import PlainTextLabel

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000
NONE_TO_SEND = (
    "No withdrawal to send: every laptop already knows of each withdrawal received at the office."
)
A = ConsentScope


@pytest.fixture
def archive(coordinator: Archive, enrolled: Workspace, tmp_path: Path) -> ConsentArchive:
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    return make_consent_archive(coordinator, enrolled, bundles)


def _withdraw_at_office(archive: ConsentArchive, *scopes: ConsentScope) -> None:
    for scope in scopes:
        office_withdrawals.record_office_withdrawal(
            archive.ws, archive.everything, [scope], received_by="Office", how_received="phone"
        )


def _dialog(qtbot, workspace: Workspace, usb: Path) -> WithdrawalPackDialog:
    dialog = WithdrawalPackDialog(workspace, detect=lambda: [drive_of(usb)])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _write(qtbot, dialog: WithdrawalPackDialog) -> list[withdrawal_packs.WithdrawalPackSent]:
    with qtbot.waitSignal(dialog.packs_written, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return blocker.args[0]


def test_the_pack_is_written_the_laptop_applies_it_and_a_second_run_writes_none(
    qtbot, archive: ConsentArchive, enrolled: Workspace, usb: Path
) -> None:
    _withdraw_at_office(archive, A.RECONTACT, A.RESEARCH)
    assert office_withdrawals.consent_in_force(enrolled, archive.everything).allows(A.RECONTACT)
    dialog = _dialog(qtbot, archive.ws, usb)
    assert dialog.write_button.isEnabled()

    (sent,) = _write(qtbot, dialog)

    assert (sent.withdrawals, sent.testimonies) == (2, 1)
    assert sent.pack.device == enrolled.fingerprint
    assert sorted(usb.iterdir()) == [sent.pack.path]
    assert dialog.status.text().splitlines() == [
        f"“Laptop A”: {sent.pack.path.name}, 2 withdrawal(s) for 1 testimony(ies).",
        "1 withdrawal pack(s) written.",
    ]
    assert isinstance(dialog.status, PlainTextLabel)  # the label was typed on the laptop
    applied = packs.apply_pack(enrolled, sent.pack.path)
    assert applied.kind == "withdrawal"
    in_force = office_withdrawals.consent_in_force(enrolled, archive.everything)
    assert not in_force.allows(A.RECONTACT)
    assert not in_force.allows(A.RESEARCH)
    assert in_force.allows(A.ARCHIVE)

    before = state(archive.ws)
    assert _write(qtbot, dialog) == []
    assert dialog.status.text() == NONE_TO_SEND
    assert sorted(usb.iterdir()) == [sent.pack.path]
    assert state(archive.ws) == before


def test_with_no_withdrawal_at_the_office_none_is_written(
    qtbot, archive: ConsentArchive, usb: Path
) -> None:
    before = state(archive.ws)
    dialog = _dialog(qtbot, archive.ws, usb)
    assert _write(qtbot, dialog) == []
    assert dialog.status.text() == NONE_TO_SEND
    assert list(usb.iterdir()) == []
    assert state(archive.ws) == before


def test_a_folder_that_is_gone_is_said_in_one_sentence(
    qtbot, archive: ConsentArchive, usb: Path
) -> None:
    _withdraw_at_office(archive, A.RECONTACT)
    dialog = _dialog(qtbot, archive.ws, usb)
    usb.rmdir()  # the stick was pulled out after the dialog found it
    before = state(archive.ws)

    with qtbot.waitSignal(dialog.writing_failed, timeout=WORK_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)

    (sentence,) = blocker.args
    assert sentence.endswith("does not exist; nothing was written.")
    assert "\n" not in sentence
    assert dialog.status.text() == sentence
    assert state(archive.ws) == before
    assert dialog.write_button.isEnabled()  # the stick can go back in


def test_a_laptop_s_workspace_is_told_in_one_sentence(
    qtbot, enrolled: Workspace, usb: Path
) -> None:
    before = state(enrolled)
    dialog = _dialog(qtbot, enrolled, usb)
    assert dialog.status.text() == (
        "Withdrawal packs are written in the archive's workspace; this is a field laptop's."
    )
    assert not dialog.write_button.isEnabled()
    dialog.on_write_requested()
    assert not dialog.busy
    assert list(usb.iterdir()) == []
    assert state(enrolled) == before


def test_keyboard_alone_and_close_waits_for_the_work(
    qtbot, archive: ConsentArchive, usb: Path
) -> None:
    _withdraw_at_office(archive, A.RECONTACT)
    dialog = _dialog(qtbot, archive.ws, usb)
    assert _unnamed(dialog) == []
    assert collisions(_texts(dialog)) == {}
    assert len(_texts(dialog)) >= 5
    dialog.activateWindow()
    qtbot.waitUntil(dialog.picker.combo.hasFocus)  # the place to write to, first
    qtbot.keyClick(dialog.picker.combo, Qt.Key.Key_Tab)  # Choose folder…
    qtbot.keyClick(dialog.picker.choose_button, Qt.Key.Key_Tab)  # Refresh
    qtbot.keyClick(dialog.picker.refresh_button, Qt.Key.Key_Tab)
    assert dialog.write_button.hasFocus()
    qtbot.keyClick(dialog.write_button, Qt.Key.Key_Tab)
    assert dialog.close_button.hasFocus()

    with qtbot.waitSignal(dialog.packs_written, timeout=WORK_TIMEOUT_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert len(list(usb.iterdir())) == 1

    with qtbot.waitSignal(dialog.packs_written, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        assert dialog.busy
        assert not dialog.close_button.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # waits: the pack is one transaction
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.status.text() == NONE_TO_SEND
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def _unlock(qtbot, window: MainWindow, passphrase: str) -> None:
    window.show()
    window.unlock_view.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)


def _coordinator_actions(window: MainWindow) -> list:
    return [window.withdrawal_packs_action, window.vocabularies_action]


def test_the_archive_s_window_records_then_writes_through_the_sync_menu(
    qtbot, archive: ConsentArchive, enrolled: Workspace, usb: Path
) -> None:
    root = archive.ws.layout.root
    archive.ws.lock()  # the window opens the archive itself
    window = MainWindow(root)
    qtbot.addWidget(window)
    for action in _coordinator_actions(window):  # locked: shown, disabled
        assert action.isVisible()
        assert not action.isEnabled()
    _unlock(qtbot, window, PASSPHRASE)
    for action in _coordinator_actions(window):
        assert action.isVisible()
        assert action.isEnabled()

    # The office withdrawal, through the editor's own dialog: its sentence points to the pack.
    window.testimony_list.testimony_activated.emit(archive.everything)
    editor = window.editor
    qtbot.mouseClick(editor.consent.office_withdraw_button, Qt.MouseButton.LeftButton)
    form = editor.withdrawal_dialog
    assert form is not None
    form.scope_boxes[A.RECONTACT].setChecked(True)
    form.received_by.setText("Coordinator Park")
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    assert form.confirm_box is not None
    with qtbot.waitSignal(editor.withdrawal_recorded):
        form.confirm_box.button(form.confirm_box.StandardButton.Yes).click()
    assert "Sync > Write withdrawal packs…" in editor.header.message.text()

    window.withdrawal_packs_action.trigger()
    [dialog] = window.findChildren(WithdrawalPackDialog)
    dialog.picker.set_folder(usb)
    (sent,) = _write(qtbot, dialog)
    dialog.close_button.click()
    window.lock_action.trigger()

    packs.apply_pack(enrolled, sent.pack.path)
    in_force = office_withdrawals.consent_in_force(enrolled, archive.everything)
    assert not in_force.allows(A.RECONTACT)


def test_a_laptop_s_window_hides_the_coordinator_s_actions(qtbot, workspace_root: Path) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    _unlock(qtbot, window, LAPTOP_PASSPHRASE)
    for action in _coordinator_actions(window):
        assert not action.isVisible()
        assert not action.isEnabled()
    window.withdrawal_packs_action.trigger()  # a shortcut or a stale menu: nothing opens
    window.vocabularies_action.trigger()
    assert window.findChildren(WithdrawalPackDialog) == []
    window.lock_action.trigger()
