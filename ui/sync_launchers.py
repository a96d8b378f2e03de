"""The Sync menu's dialogs: each opened over the window on the open workspace, and what the
window shows again once one has changed it (the list, the open testimony, the status line).

``SyncLaunchers`` is mixed into ``MainWindow`` (which owns the workspace, the actions, the list
and the editor). A dialog is opened only while its action is enabled: a shortcut pressed on the
wrong role's workspace does nothing; the check of files needs no workspace and is always
offered. The dialogs' modules are imported when first asked for.

An export holds what is on the screen: the open draft's edits not yet stored are stored first,
on a worker (``unsaved_edits``, as at a lock), never on the GUI thread, where SQLite's busy
timeout could freeze the window for 5 s while another process holds the write lock. The
editor is disabled meanwhile; the dialog opens once they are stored. If they cannot be, the
export is not opened and the form keeps them (autosave tries again). A lock meanwhile lets the
store finish (the window keeps its handle until then) and opens nothing.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QStackedWidget, QWidget

from fieldapp.progress import CancelToken, ProgressCallback
from ui import workers
from ui.error_text import error_text
from ui.views.editor import TestimonyEditor
from ui.views.editor.unsaved_edits import UnsavedEdits
from ui.views.testimony_list import TestimonyListView
from ui.widgets.plain_text_label import PlainTextLabel

# The window's translation context, as ``main_actions`` keeps it.
translate = QCoreApplication.translate


class SyncLaunchers:
    """The ``on_…_requested`` slots of the Sync actions, and the slots their dialogs'
    signals reach."""

    # Provided by MainWindow.
    _workspace: Any
    editor: TestimonyEditor
    status_text: PlainTextLabel
    on_edits_lost: Callable[[object], None]
    testimony_list: TestimonyListView
    stack: QStackedWidget
    export_action: QAction
    apply_pack_action: QAction
    request_action: QAction
    resend_action: QAction
    import_action: QAction
    receipt_action: QAction
    enrol_device_action: QAction
    withdrawal_packs_action: QAction
    vocabularies_action: QAction
    on_testimony_changed: Callable[[object], None]
    _show_status: Callable[[], None]
    _update_actions: Callable[[], None]

    def _as_parent(self) -> QWidget:
        assert isinstance(self, QWidget)  # the mixin lives in the window: dialogs sit on it
        return self

    #: The open draft's edits being stored before an export: the job, the workspace they go
    #: to, and the edits.
    _storing_for_export: tuple[workers.Job, Any, UnsavedEdits] | None = None

    def _run_dialog(self, dialog: QDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- the laptop's ----------------------------------------------------------------------
    @Slot()
    def on_export_requested(self) -> None:
        if self._workspace is None or not self.export_action.isEnabled():
            return
        if self._storing_for_export is not None:  # the export opens once they are stored
            return
        edits = self.editor.take_unsaved()  # the bundle holds what is on the screen
        if edits is None:
            self._open_export_dialog()
            return
        self._store_then_export(self._workspace, edits)

    def _store_then_export(self, workspace: Any, edits: UnsavedEdits) -> None:
        def store(_progress: ProgressCallback, cancel: CancelToken) -> None:
            edits.store(workspace, cancel)

        worker = workers.Worker(store)
        worker.succeeded.connect(self.on_stored_for_export)
        worker.failed.connect(self.on_not_stored_for_export)
        worker.cancelled.connect(self.on_store_for_export_stopped)
        self.editor.setEnabled(False)  # no edit made meanwhile is left out, or overwritten
        self.status_text.setText(
            translate("MainWindow", "Saving the open testimony before the export…")
        )
        self._storing_for_export = (workers.start(worker), workspace, edits)

    def _open_export_dialog(self) -> None:
        from ui.views.export_dialog import ExportDialog

        dialog = ExportDialog(self._workspace, self._as_parent())
        dialog.export_finished.connect(self.on_testimony_changed)
        self._run_dialog(dialog)

    def _stored_for_export_arrived(self) -> bool:
        """The store before an export has ended: whether its workspace is still the open one
        (not after a lock)."""
        workspace = self._storing_for_export[1] if self._storing_for_export else None
        self._storing_for_export = None
        self.editor.setEnabled(True)
        return workspace is not None and workspace is self._workspace

    @Slot(object)
    def on_stored_for_export(self, _result: object) -> None:
        if not self._stored_for_export_arrived():
            return
        self._show_status()
        testimony_id = self.editor.testimony_id
        if testimony_id is not None:  # what the editor read is older than what is stored
            self.editor.open_testimony(self._workspace, testimony_id, opening=False)
        self._open_export_dialog()

    @Slot(object)
    def on_not_stored_for_export(self, error: object) -> None:
        edits = self._storing_for_export[2] if self._storing_for_export else None
        if not self._stored_for_export_arrived():  # a lock came: the form is wiped
            if edits is not None:
                self.on_edits_lost(error)  # said where it will be read, as a lock's own are
            return
        if edits is None:
            return
        if edits.changes and self.editor.testimony_id == edits.testimony_id:
            self.editor.autosave.schedule()  # the form still shows them: tried again
        reason = error_text(error)  # type: ignore[arg-type]
        if edits.identity is not None:  # the identity panel was closed and emptied
            sentence = translate(
                "MainWindow",
                "The open testimony could not be saved, so the export was not started; the"
                " changes to the witness's identity are lost: {reason}",
            )
        else:
            sentence = translate(
                "MainWindow",
                "The open testimony could not be saved, so the export was not started: {reason}",
            )
        self.status_text.setText(sentence.format(reason=reason))

    @Slot()
    def on_store_for_export_stopped(self) -> None:
        """Stopped by a lock because the keys vanished: nothing was written, nothing to say."""
        self._stored_for_export_arrived()

    def _let_go_of_export_store(self, *, keep_draft: bool) -> list[workers.Job]:
        """At a lock: the store before an export, still running (its result opens nothing).
        Without ``keep_draft`` (the keys vanished: a wipe) it is stopped, writing nothing."""
        self.editor.setEnabled(True)
        if self._storing_for_export is None:
            return []
        job = self._storing_for_export[0]
        if not keep_draft:
            job.worker.cancel()
        return [job] if job.is_running() else []

    @Slot()
    def on_apply_pack_requested(self) -> None:
        from ui.views.apply_pack_dialog import ApplyPackDialog

        if self._workspace is not None and self.apply_pack_action.isEnabled():
            dialog = ApplyPackDialog(self._workspace, self._as_parent())
            dialog.pack_applied.connect(self.on_pack_applied)
            dialog.content_purged.connect(self.on_content_purged)
            self._run_dialog(dialog)

    @Slot()
    def on_enrolment_request_requested(self) -> None:
        from ui.views.enrolment_request_dialog import EnrolmentRequestDialog

        if self._workspace is not None and self.request_action.isEnabled():
            self._run_dialog(EnrolmentRequestDialog(self._workspace, self._as_parent()))

    @Slot()
    def on_resend_requested(self) -> None:
        from ui.views.resend_dialog import ResendDialog

        if self._workspace is not None and self.resend_action.isEnabled():
            self._run_dialog(ResendDialog(self._workspace, self._as_parent()))

    # -- the archive's ---------------------------------------------------------------------
    @Slot()
    def on_import_requested(self) -> None:
        from ui.views.import_dialog import ImportDialog

        if self._workspace is not None and self.import_action.isEnabled():
            dialog = ImportDialog(self._workspace, self._as_parent())
            dialog.import_finished.connect(self.on_bundles_imported)
            self._run_dialog(dialog)

    @Slot()
    def on_receipts_requested(self) -> None:
        from ui.views.receipt_dialog import ReceiptDialog

        if self._workspace is not None and self.receipt_action.isEnabled():
            self._run_dialog(ReceiptDialog(self._workspace, self._as_parent()))

    @Slot()
    def on_enrol_device_requested(self) -> None:
        from ui.views.enrol_device_dialog import EnrolDeviceDialog

        if self._workspace is not None and self.enrol_device_action.isEnabled():
            dialog = EnrolDeviceDialog(self._workspace, self._as_parent())
            dialog.device_enrolled.connect(self.on_device_enrolled)
            self._run_dialog(dialog)

    @Slot()
    def on_withdrawal_packs_requested(self) -> None:
        from ui.views.withdrawal_pack_dialog import WithdrawalPackDialog

        if self._workspace is not None and self.withdrawal_packs_action.isEnabled():
            self._run_dialog(WithdrawalPackDialog(self._workspace, self._as_parent()))

    @Slot()
    def on_vocabularies_requested(self) -> None:
        from ui.views.vocabulary_pack_dialog import VocabularyPackDialog

        if self._workspace is not None and self.vocabularies_action.isEnabled():
            self._run_dialog(VocabularyPackDialog(self._workspace, self._as_parent()))

    # -- anyone's, locked or not ----------------------------------------------------------
    @Slot()
    def on_verify_files_requested(self) -> None:
        """The auditor's check of files: no workspace and no secret, so any role, any time."""
        from ui.views.verify_dialog import open_verify_dialog

        open_verify_dialog(self._as_parent())

    # -- after a dialog changed the workspace ----------------------------------------------
    @Slot(object)
    def on_bundles_imported(self, _reports: object) -> None:
        self.testimony_list.refresh()

    @Slot(object)
    def on_device_enrolled(self, _sent: object) -> None:
        self._show_status()

    @Slot(object)
    def on_pack_applied(self, _applied: object) -> None:
        self.testimony_list.refresh()
        self._reopen_editor()
        self._show_status()
        self._update_actions()

    @Slot(object)
    def on_content_purged(self, _result: object) -> None:
        self.testimony_list.refresh()
        self._reopen_editor()

    def _reopen_editor(self) -> None:
        """Read the open testimony again after a pack or a purge changed it (a withdrawal at the
        office, content removed): the editor never shows what the laptop no longer holds."""
        testimony_id = self.editor.testimony_id
        if self._workspace is None or testimony_id is None:
            return
        if self.stack.currentWidget() is self.editor:
            self.editor.save_now()
            self.editor.open_testimony(self._workspace, testimony_id, opening=False)
