"""The editor's lifecycle flows: sealing a draft, amending a sealed record, and recording a
consent withdrawal (the laptop's, or on the archive one received at the office) — each a dialog,
then one service call.

``LifecycleActions`` is mixed into ``TestimonyEditor`` (which owns the record, the header and
the signals it uses). Its texts keep the editor's translation context (``TestimonyEditor``), so
the Korean written for them there still applies.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from fieldapp.domain import RecordStatus
from fieldapp.domain.consent import EffectiveConsent
from fieldapp.errors import FieldappError
from fieldapp.services import editing, office_withdrawals, records
from fieldapp.services.records import TestimonyRecord
from ui.error_text import error_text
from ui.views.editor.editor_header import EditorHeader
from ui.views.editor.seal_dialog import SealDialog
from ui.views.editor.withdrawal_dialog import WithdrawalDialog

#: The states an amendment can start from: a record sealed, whether or not it has left yet.
AMENDABLE = {RecordStatus.SEALED, RecordStatus.EXPORTED, RecordStatus.ARCHIVED}


class LifecycleActions:
    """Seal, amend and withdrawal flows of ``TestimonyEditor``; the open dialog of each is kept
    (``seal_dialog``, ``amend_box``, ``withdrawal_dialog``) so that ``clear`` can close it."""

    # Provided by TestimonyEditor.
    header: EditorHeader
    interview: QWidget
    _workspace: Any
    _testimony_id: UUID | None
    _record: TestimonyRecord | None
    _received: bool
    _in_force: EffectiveConsent | None
    seal_dialog: SealDialog | None
    withdrawal_dialog: WithdrawalDialog | None
    amend_box: QMessageBox | None
    save_now: Callable[[], bool]
    show_section: Callable[[QWidget], None]
    _require_id: Callable[[], UUID]
    _run: Callable[[str, Callable[[], None]], bool]
    _load: Callable[[], None]
    _refresh: Callable[[], None]
    testimony_sealed: Any
    testimony_amended: Any
    withdrawal_recorded: Any

    def _close_lifecycle_dialogs(self) -> None:
        for dialog in (self.seal_dialog, self.withdrawal_dialog, self.amend_box):
            if dialog is not None:
                dialog.reject()
        self.seal_dialog = self.withdrawal_dialog = self.amend_box = None

    def _as_parent(self) -> QWidget:
        assert isinstance(self, QWidget)  # the mixin lives in a widget: dialogs sit on it
        return self

    # -- withdrawal ------------------------------------------------------------------------
    @Slot()
    def on_withdrawal_requested(self) -> None:
        if self._record is None:
            return
        if self._received:
            # The office: the coordinator types their own name; only uses allowed now offered.
            dialog = WithdrawalDialog("", self._as_parent(), office=True, in_force=self._in_force)
        else:
            dialog = WithdrawalDialog(self._record.testimony.interviewer, self._as_parent())
        dialog.accepted.connect(self.on_withdrawal_accepted)
        dialog.finished.connect(self.on_withdrawal_dialog_finished)
        self.withdrawal_dialog = dialog
        dialog.open()

    @Slot()
    def on_withdrawal_dialog_finished(self) -> None:
        # Accepted is handled first (Qt emits it before finished); then the dialog goes.
        if self.withdrawal_dialog is not None:
            self.withdrawal_dialog.deleteLater()
            self.withdrawal_dialog = None

    @Slot()
    def on_withdrawal_accepted(self) -> None:
        dialog = self.withdrawal_dialog
        if dialog is None or self._testimony_id is None:
            return
        self.save_now()
        testimony_id = self._testimony_id
        # One short write, as on the laptop: no worker (a withdrawal is a row and an event).
        if self._received:
            record_withdrawal = office_withdrawals.record_office_withdrawal
            done = QCoreApplication.translate(
                "TestimonyEditor", "The withdrawal received at the office was recorded."
            ) + QCoreApplication.translate(  # the laptop must be told, or may call the witness
                "TestimonyEditor",
                " Write the withdrawal pack for the laptop that sent this testimony: Sync >"
                " Write withdrawal packs…",
            )
        else:
            record_withdrawal = editing.record_withdrawal
            done = QCoreApplication.translate("TestimonyEditor", "The withdrawal was recorded.")

        def withdraw() -> None:
            try:
                record_withdrawal(
                    self._workspace,
                    testimony_id,
                    dialog.scopes(),
                    received_by=dialog.received_by.text().strip(),
                    how_received=dialog.channel_code(),
                    notes=dialog.notes_text(),
                )
            finally:
                # Refused too: the consent may have changed meanwhile (another window on the
                # archive); the tab then shows what is in force now, beside the reason.
                self._refresh()

        if self._run(done, withdraw):
            self.withdrawal_recorded.emit(testimony_id)

    # -- seal ------------------------------------------------------------------------------
    @Slot()
    def on_seal_clicked(self) -> None:
        if not self.save_now() or self._record is None:
            return
        try:
            missing = records.checklist(self._workspace, self._require_id())
        except FieldappError as error:
            self.header.show_message(error_text(error))
            return
        placeholders = editing.placeholders_left(self._record.testimony)
        dialog = SealDialog(missing, placeholders, self._as_parent())
        dialog.accepted.connect(self.on_seal_confirmed)
        dialog.finished.connect(self.on_seal_dialog_finished)
        self.seal_dialog = dialog
        dialog.open()

    @Slot()
    def on_seal_dialog_finished(self) -> None:
        if self.seal_dialog is not None:
            self.seal_dialog.deleteLater()
            self.seal_dialog = None

    @Slot()
    def on_seal_confirmed(self) -> None:
        testimony_id = self._require_id()

        def seal() -> None:
            records.seal_testimony(self._workspace, testimony_id)
            self._load()

        sealed = QCoreApplication.translate("TestimonyEditor", "The testimony was sealed.")
        if self._run(sealed, seal):
            self.testimony_sealed.emit(testimony_id)

    # -- amend -----------------------------------------------------------------------------
    @Slot()
    def on_amend_clicked(self) -> None:
        box = QMessageBox(self._as_parent())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(QCoreApplication.translate("TestimonyEditor", "Amend the testimony"))
        box.setText(
            QCoreApplication.translate(
                "TestimonyEditor",
                "Open an amendment? A new draft version is made from this one, which stays "
                "sealed as it is; the amendment is sealed in its turn.",
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(self.on_amend_answered)
        self.amend_box = box
        box.open()

    @Slot(QAbstractButton)
    def on_amend_answered(self, button: QAbstractButton) -> None:
        box, self.amend_box = self.amend_box, None
        if box is None:
            return
        confirmed = box.buttonRole(button) == QMessageBox.ButtonRole.YesRole
        box.deleteLater()
        if not confirmed or self._testimony_id is None:
            return
        testimony_id = self._testimony_id

        def amend() -> None:
            records.amend_testimony(self._workspace, testimony_id, {})
            self._load()

        opened = QCoreApplication.translate(
            "TestimonyEditor", "Amendment opened: this is a new draft version."
        )
        if self._run(opened, amend):
            self.show_section(self.interview)
            self.testimony_amended.emit(testimony_id)
