"""The archive's Consent tab: the uses the consent in force allows now, and a withdrawal the
witness gave at the office, recorded through the dialog and held by the archive afterwards."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldapp.domain import ConsentScope, CustodyKind
from fieldapp.errors import FieldappError
from fieldapp.services import export, importing, office_withdrawals, records, standing
from fieldapp.services.custody_view import ARCHIVE
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, state
from tests.fieldapp.workspace.support import PASSPHRASE
from tests.ui.sync.consent_archive import ConsentArchive, make_consent_archive
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import Screens
from ui.main_window import MainWindow
from ui.views import editor as editor_views
from ui.views.editor.consent_texts import scope_title
from ui.views.editor.withdrawal_dialog import WithdrawalDialog

HOSTILE_NAME = "<b>x</b> Park"
HOSTILE_NOTES = '<img src="file:///etc/passwd"> called from <i>Seoul</i>'


@pytest.fixture
def archive(coordinator: Archive, enrolled: Workspace, usb: Path) -> ConsentArchive:
    return make_consent_archive(coordinator, enrolled, usb)


@pytest.fixture
def editor(qtbot) -> Iterator[editor_views.TestimonyEditor]:
    widget = editor_views.TestimonyEditor()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget
    widget.clear()


def _open_dialog(qtbot, editor: editor_views.TestimonyEditor) -> WithdrawalDialog:
    button = editor.consent.office_withdraw_button
    assert button.isVisible()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = editor.withdrawal_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _fill(dialog: WithdrawalDialog, *scopes: ConsentScope, by: str, notes: str = "") -> None:
    for scope in scopes:
        dialog.scope_boxes[scope].setChecked(True)
    dialog.channel.setCurrentIndex(dialog.channel.findData("letter"))
    dialog.received_by.setText(by)
    dialog.notes.setPlainText(notes)


def _confirm(qtbot, dialog: WithdrawalDialog, *, yes: bool = True) -> QMessageBox:
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None
    assert box.textFormat() == Qt.TextFormat.PlainText
    answer = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
    qtbot.mouseClick(box.button(answer), Qt.MouseButton.LeftButton)
    return box


def _answers(editor: editor_views.TestimonyEditor) -> dict[ConsentScope, str]:
    return {scope: label.text() for scope, label in editor.consent.in_force.answers.items()}


def test_the_consent_tab_shows_what_is_allowed_now_and_why_not(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.un_withdrawn_on_laptop)
    editor.show_section(editor.consent)
    consent = editor.consent
    assert consent.in_force.isVisible()
    assert not consent.record_button.isVisible()  # the laptop's form stays hidden
    assert not consent.withdraw_button.isVisible()
    assert consent.in_force.version.text().startswith("Consent version 1, taken 2024-03-01")
    answers = _answers(editor)
    in_force = office_withdrawals.consent_in_force(archive.ws, archive.un_withdrawn_on_laptop)
    for scope, text in answers.items():
        assert (text == "Allowed") == in_force.allows(scope), (scope, text)
    assert answers[ConsentScope.UN_REPORTING] == (
        "Not allowed: withdrawn 2024-03-31 09:30 UTC (By phone), received on the laptop by "
        "Caseworker 02"
    )

    editor.open_testimony(archive.ws, archive.no_research)
    assert _answers(editor)[ConsentScope.RESEARCH] == (
        "Not allowed: the witness did not agree (version 1)"
    )


def test_an_office_withdrawal_is_recorded_held_and_shown(qtbot, editor, archive):
    testimony_id = archive.un_withdrawn_on_laptop
    editor.open_testimony(archive.ws, testimony_id)
    editor.show_section(editor.consent)
    dialog = _open_dialog(qtbot, editor)
    # Every use, UN reporting (withdrawn on the laptop already) marked so and unticked.
    assert list(dialog.scope_boxes) == list(ConsentScope)
    un = dialog.scope_boxes[ConsentScope.UN_REPORTING]
    assert un.text() == "Reporting to the United Nations (already not allowed by version 1)"
    assert un.accessibleName() == un.text()
    assert not any(box.isChecked() for box in dialog.scope_boxes.values())
    assert dialog.scope_boxes[ConsentScope.RESEARCH].text() == scope_title(ConsentScope.RESEARCH)
    assert dialog.received_by.text() == ""  # the coordinator types their own name
    assert _unnamed(dialog) == []
    assert not dialog.record_button.isEnabled()
    dialog.scope_boxes[ConsentScope.RESEARCH].setChecked(True)
    assert not dialog.record_button.isEnabled()  # nobody named yet
    _fill(dialog, ConsentScope.RESEARCH, by=HOSTILE_NAME, notes=HOSTILE_NOTES)
    assert dialog.record_button.isEnabled()
    assert dialog.effect.text().startswith("This stops: Research. Still allowed: Keep in")

    with qtbot.waitSignal(editor.withdrawal_recorded) as recorded:
        box = _confirm(qtbot, dialog)
    assert recorded.args == [testimony_id]
    assert "This stops: Research." in box.text()
    assert "cannot be undone" in box.text()

    [held] = office_withdrawals.office_withdrawals_for(archive.ws, testimony_id)
    assert held.scopes == (ConsentScope.RESEARCH,)
    assert held.received_by == HOSTILE_NAME
    assert held.notes == HOSTILE_NOTES
    assert held.how_received == "letter"
    in_force = office_withdrawals.consent_in_force(archive.ws, testimony_id)
    assert not in_force.allows(ConsentScope.RESEARCH)
    assert in_force.allows(ConsentScope.ACCOUNTABILITY)

    # The tab, read again: the hostile text literally, marked as the office's.
    research = editor.consent.in_force.answers[ConsentScope.RESEARCH]
    assert research.textFormat() == Qt.TextFormat.PlainText
    assert research.text().endswith(f"(By letter), received at the office by {HOSTILE_NAME}")
    history = editor.consent.history.toPlainText()
    assert "Withdrawal received at the office, " in history
    assert f"by {HOSTILE_NAME} (By letter): Research\nNotes: {HOSTILE_NOTES}" in history
    assert editor.header.message.text() == (
        "The withdrawal received at the office was recorded. Write the withdrawal pack for the"
        " laptop that sent this testimony: Sync > Write withdrawal packs…"
    )
    # The Custody tab shows the archive's own signed event.
    model = editor.custody.model
    events = [model.custody_event(row) for row in range(model.rowCount())]
    [withdraw] = [e for e in events if e.source == ARCHIVE and e.kind == CustodyKind.WITHDRAW]
    assert withdraw.verified
    row = events.index(withdraw)
    assert model.data(model.index(row, 0)) == "Archive"
    assert model.data(model.index(row, 2)) == "Consent withdrawn"


def test_withdrawing_archiving_says_it_stops_every_use_but_recontact(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    assert editor.narrative.isEnabled()
    dialog = _open_dialog(qtbot, editor)
    _fill(dialog, ConsentScope.ARCHIVE, by="Coordinator Park")
    stopped = ", ".join(scope_title(s) for s in ConsentScope if s is not ConsentScope.RECONTACT)
    assert dialog.effect.text() == (
        f"This stops: {stopped}. Withdrawing keeping it in the archive stops every use except "
        "contacting the witness again. Still allowed: Contacting the witness again."
    )
    _confirm(qtbot, dialog)

    in_force = office_withdrawals.consent_in_force(archive.ws, archive.everything)
    assert in_force.allowed_scopes() == {ConsentScope.RECONTACT}
    answers = _answers(editor)
    assert answers[ConsentScope.RECONTACT] == "Allowed"
    assert answers[ConsentScope.ARCHIVE].startswith("Not allowed: withdrawn ")
    assert answers[ConsentScope.RESEARCH] == (
        "Not allowed: stopped, because keeping it in the archive is not allowed"
    )
    assert not editor.narrative.isEnabled()  # locked, as a laptop's withdrawal locks it

    # Recontact is still allowed; every other use is offered marked, unticked.
    dialog = _open_dialog(qtbot, editor)
    marked = [s for s, box in dialog.scope_boxes.items() if "already not allowed" in box.text()]
    assert marked == [s for s in ConsentScope if s is not ConsentScope.RECONTACT]
    _fill(dialog, ConsentScope.RECONTACT, by="Coordinator Park")
    assert dialog.effect.text().endswith("No use remains allowed.")
    _confirm(qtbot, dialog)
    # Nothing allowed now, but a version the laptop took before it was told may still come:
    # the office can still record what the witness says.
    assert editor.consent.office_withdraw_button.isEnabled()
    assert len(office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)) == 2


def test_cancel_and_no_change_nothing(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    before = state(archive.ws)  # after the opening (logged if strictly confidential)
    dialog = _open_dialog(qtbot, editor)
    _fill(dialog, ConsentScope.PUBLIC_MEDIA, by="Coordinator Park")
    _confirm(qtbot, dialog, yes=False)
    assert dialog.isVisible()  # back to the form, to change it or cancel
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.withdrawal_dialog is None)
    assert state(archive.ws) == before
    assert _answers(editor)[ConsentScope.PUBLIC_MEDIA] == "Allowed"


def test_a_use_withdrawn_meanwhile_is_recorded_all_the_same(qtbot, editor, archive):
    """Never refused: a withdrawal only takes uses away (R1's finding)."""
    editor.open_testimony(archive.ws, archive.everything)
    dialog = _open_dialog(qtbot, editor)
    _fill(dialog, ConsentScope.RESEARCH, by="Coordinator Park")
    # Meanwhile (another coordinator's window, say) research is withdrawn already.
    office_withdrawals.record_office_withdrawal(
        archive.ws,
        archive.everything,
        [ConsentScope.RESEARCH],
        received_by="Kim",
        how_received="phone",
    )
    with qtbot.waitSignal(editor.withdrawal_recorded):
        _confirm(qtbot, dialog)
    held = office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)
    assert [(w.received_by, w.scopes) for w in held] == [
        ("Kim", (ConsentScope.RESEARCH,)),
        ("Coordinator Park", (ConsentScope.RESEARCH,)),
    ]
    assert editor.header.message.text().startswith(
        "The withdrawal received at the office was recorded."
    )


def test_a_use_already_not_allowed_is_said_when_ticked(qtbot, editor, archive):
    office_withdrawals.record_office_withdrawal(
        archive.ws, archive.everything, [ConsentScope.RESEARCH], received_by="Kim",
        how_received="phone",
    )  # fmt: skip
    editor.open_testimony(archive.ws, archive.everything)
    dialog = _open_dialog(qtbot, editor)
    _fill(dialog, ConsentScope.RESEARCH, ConsentScope.PUBLIC_MEDIA, by="Coordinator Park")
    effect = dialog.effect.text()
    assert effect.startswith("This stops: Publications and the press.")  # not research
    assert (
        "Already not allowed by version 1: Research; withdrawn all the same, so that a newer"
        " version the laptop took before it was told does not allow them."
    ) in effect
    dialog.scope_boxes[ConsentScope.PUBLIC_MEDIA].setChecked(False)
    assert dialog.effect.text().startswith("This stops no use allowed now.")
    assert dialog.record_button.isEnabled()
    with qtbot.waitSignal(editor.withdrawal_recorded):
        box = _confirm(qtbot, dialog)
    assert "Already not allowed by version 1: Research" in box.text()
    assert len(office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)) == 2


def test_the_whole_path_from_the_keyboard(qtbot, editor, archive):
    editor.open_testimony(archive.ws, archive.everything)
    editor.show_section(editor.consent)
    button = editor.consent.office_withdraw_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = editor.withdrawal_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    first = dialog.scope_boxes[ConsentScope.ARCHIVE]
    qtbot.waitUntil(first.hasFocus)  # the first use has the focus as the dialog opens
    qtbot.keyClick(first, Qt.Key.Key_Tab)  # to "Reporting to the United Nations"
    un = dialog.scope_boxes[ConsentScope.UN_REPORTING]
    assert un.hasFocus()
    qtbot.keyClick(un, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Received &by
    assert dialog.received_by.hasFocus()
    qtbot.keyClicks(dialog.received_by, "Coordinator Park")
    qtbot.keyClick(dialog.received_by, Qt.Key.Key_Return)  # the Record button, by default
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    with qtbot.waitSignal(editor.withdrawal_recorded):
        qtbot.keyClick(box, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # &Yes
    [held] = office_withdrawals.office_withdrawals_for(archive.ws, archive.everything)
    assert held.scopes == (ConsentScope.UN_REPORTING,)
    assert held.received_by == "Coordinator Park"


def test_a_laptop_has_no_office_button_and_says_when_it_records_one(
    qtbot, editor, archive, enrolled
):
    # The laptop that sent the bundle: its own withdrawal, through its own button.
    device = enrolled
    editor.open_testimony(device, archive.everything)
    assert not editor.consent.office_withdraw_button.isVisible()
    assert not editor.consent.in_force.isVisible()
    qtbot.mouseClick(editor.consent.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = editor.withdrawal_dialog
    assert dialog is not None
    assert dialog.received_by.text()  # the interviewer, prefilled as before
    assert not dialog.effect.isVisible()
    dialog.scope_boxes[ConsentScope.PUBLIC_MEDIA].setChecked(True)
    with qtbot.waitSignal(editor.withdrawal_recorded):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box is None  # the laptop's flow asks nothing more
    assert not office_withdrawals.consent_in_force(device, archive.everything).allows(
        ConsentScope.PUBLIC_MEDIA
    )


def test_the_archives_list_under_research_loses_the_testimony(qtbot, archive):
    root = archive.ws.layout.root
    archive.ws.lock()  # the window opens the archive itself
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=10_000):
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    listed = window.testimony_list
    listed.use_filter.setCurrentIndex(listed.use_filter.findData(ConsentScope.RESEARCH.value))
    shown = {listed.model.summary(row).id for row in range(listed.model.rowCount())}
    assert shown == {archive.everything, archive.un_withdrawn_on_laptop}

    screens = Screens()
    screens.check("archive list", window)
    assert _unnamed(window) == []

    listed.testimony_activated.emit(archive.everything)
    editor = window.editor
    assert window.stack.currentWidget() is editor
    editor.show_section(editor.consent)
    screens.check("archive consent tab", window)
    assert screens.found == {}
    assert _unnamed(window) == []
    dialog = _open_dialog(qtbot, editor)
    _fill(dialog, ConsentScope.RESEARCH, by="Coordinator Park")
    _confirm(qtbot, dialog)
    # Refreshed at once (the window hears withdrawal_recorded), before the editor is left.
    shown = {listed.model.summary(row).id for row in range(listed.model.rowCount())}
    assert shown == {archive.un_withdrawn_on_laptop}
    window.lock_action.trigger()


def _next_consent(device: Workspace, testimony_id: UUID, days: int) -> None:
    [*_, latest] = device.repository.consents_for(testimony_id)
    records.add_consent(
        device,
        latest.model_copy(
            update={"version": latest.version + 1, "taken_at": latest.taken_at + timedelta(days)}
        ),
    )


def test_a_consent_the_archive_cannot_work_out_opens_and_takes_a_withdrawal(
    qtbot, editor, coordinator, enrolled, usb
):
    # Version 2 travelled in a bundle lost on the way (its gap accepted); version 3 arrived.
    archive = make_consent_archive(coordinator, enrolled, usb)
    testimony_id = archive.everything
    _next_consent(enrolled, testimony_id, 10)
    assert export.export_bundle(enrolled, usb).path is not None  # lost
    _next_consent(enrolled, testimony_id, 20)
    third = export.export_bundle(enrolled, usb).path
    assert third is not None
    standing.accept_gap(archive.ws, enrolled.fingerprint, 2, "Bundle 2 lost in the post")
    [report] = importing.import_bundles(archive.ws, [third])
    assert report.outcome == "imported", report
    with pytest.raises(FieldappError):
        office_withdrawals.consent_in_force(archive.ws, testimony_id)

    editor.open_testimony(archive.ws, testimony_id)
    assert editor.testimony_id == testimony_id  # it opens, read-only
    assert editor.consent.in_force.version.text().startswith(
        "The consent in force cannot be worked out: "
    )
    assert set(_answers(editor).values()) == {"Not known"}
    assert not editor.narrative.isEnabled()  # no use is taken as allowed
    dialog = _open_dialog(qtbot, editor)
    assert list(dialog.scope_boxes) == list(ConsentScope)  # what is allowed is not known
    _fill(dialog, ConsentScope.ACCOUNTABILITY, by="Coordinator Park")
    assert dialog.effect.text() == "This stops: Courts and accountability."
    with qtbot.waitSignal(editor.withdrawal_recorded):
        _confirm(qtbot, dialog)
    [held] = office_withdrawals.office_withdrawals_for(archive.ws, testimony_id)
    assert held.scopes == (ConsentScope.ACCOUNTABILITY,)
    assert "Withdrawal received at the office" in editor.consent.history.toPlainText()
