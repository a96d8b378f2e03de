"""The apply-pack dialog with a withdrawal pack: what it is and what it changed, in sentences;
then the laptop's Consent tab shows the uses withdrawn at the office as withdrawn there (plain
text), while a testimony the office said nothing about keeps its one-line state."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fieldapp.domain import ConsentScope
from fieldapp.services import office_withdrawals, packs, receipts, withdrawal_packs
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.ui.sync.consent_archive import ConsentArchive, make_consent_archive
from ui.views import editor as editor_views
from ui.views.apply_pack_dialog import ApplyPackDialog

from .conftest import drive_of

WORK_TIMEOUT_MS = 30_000
HOSTILE_NAME = "<b>x</b> Park"
A = ConsentScope


@pytest.fixture
def archive(coordinator: Archive, enrolled: Workspace, usb: Path) -> ConsentArchive:
    return make_consent_archive(coordinator, enrolled, usb)


@pytest.fixture
def editor(qtbot) -> Iterator[editor_views.TestimonyEditor]:
    widget = editor_views.TestimonyEditor()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    yield widget
    widget.clear()


def _told(qtbot, archive: ConsentArchive, laptop: Workspace, stick: Path) -> ApplyPackDialog:
    """The office withdraws recontact and research from ``everything``; the laptop applies the
    pack in the dialog."""
    for scope in (A.RECONTACT, A.RESEARCH):
        office_withdrawals.record_office_withdrawal(
            archive.ws, archive.everything, [scope], received_by=HOSTILE_NAME, how_received="phone"
        )
    [sent] = withdrawal_packs.write_withdrawal_packs(archive.ws, stick)
    dialog = ApplyPackDialog(laptop, detect=lambda: [drive_of(stick)])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.pack_previewed, timeout=WORK_TIMEOUT_MS):
        dialog.set_pack_path(sent.pack.path)
    assert "brings withdrawals of consent that witnesses gave at the office" in (
        dialog.description.text()
    )
    with qtbot.waitSignal(dialog.pack_applied, timeout=WORK_TIMEOUT_MS):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def test_a_withdrawal_pack_is_applied_and_said(qtbot, archive, enrolled, stick) -> None:
    dialog = _told(qtbot, archive, enrolled, stick)
    status = dialog.status.text()
    assert "received at the office: the uses withdrawn are no longer allowed" in status
    assert status.endswith("Testimonies concerned: 1.")
    # Applied on the worker's handle: the laptop's own handle reads it.
    in_force = office_withdrawals.consent_in_force(enrolled, archive.everything)
    assert not in_force.allows(A.RECONTACT)
    assert not in_force.allows(A.RESEARCH)


def test_the_laptop_s_consent_tab_says_withdrawn_at_the_office(
    qtbot, editor, archive, enrolled, stick
) -> None:
    _told(qtbot, archive, enrolled, stick)
    editor.open_testimony(enrolled, archive.everything)
    editor.show_section(editor.consent)
    consent = editor.consent
    assert consent.in_force.isVisible()
    assert not consent.state.isVisible()
    assert not consent.office_withdraw_button.isVisible()  # the archive's alone
    assert consent.withdraw_button.isVisible()  # the laptop still records its own
    recontact = consent.in_force.answers[A.RECONTACT]
    assert recontact.textFormat() == Qt.TextFormat.PlainText
    assert recontact.text().startswith("Not allowed: withdrawn ")
    assert "received at the office" in recontact.text()
    # Who took the call stays on the archive: a withdrawal pack never brings a coordinator's name.
    assert HOSTILE_NAME not in recontact.text()
    assert consent.in_force.answers[A.ARCHIVE].text() == "Allowed"
    assert "Withdrawal received at the office" in consent.history.toPlainText()

    # A testimony the office said nothing of: the laptop's one-line state, no panel.
    editor.open_testimony(enrolled, archive.no_research)
    assert not consent.in_force.isVisible()
    assert consent.state.isVisible()


def test_a_purged_testimony_s_page_shows_the_office_s_withdrawals(
    qtbot, editor, archive, enrolled, stick
) -> None:
    for sent in receipts.write_receipts(archive.ws, stick, to=enrolled.fingerprint):
        packs.apply_pack(enrolled, sent.path)
    assert receipts.purge_archived(enrolled).testimonies >= 1
    office_withdrawals.record_office_withdrawal(
        archive.ws, archive.everything, [A.RECONTACT], received_by="Office", how_received="phone"
    )
    [sent] = withdrawal_packs.write_withdrawal_packs(archive.ws, stick)
    packs.apply_pack(enrolled, sent.pack.path)
    editor.open_testimony(enrolled, archive.everything)
    assert editor.purged.isVisible()
    assert "Withdrawal received at the office" in editor.purged.consent_history.toPlainText()
