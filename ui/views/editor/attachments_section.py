"""Attachments: the list, adding a file (encrypted on the way in, on a worker thread, with
progress and Cancel) and recording audio (the recorder dialog).

The file's name is never stored (names like ``kim_hoeryong.m4a`` are a common leak): the
interviewer gives a label instead.

Nothing here waits for running work (a lock clears the section): a file being attached is
cancelled, the recorder is closed and deleted only once its own work (a take being saved, a
recording being decrypted) has ended; ``running_jobs`` lists all of it for the lock, which
keeps the workspace handle until then.
"""

import mimetypes
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import Attachment, AttachmentKind
from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import attachments, session
from ui import workers
from ui.error_text import error_text
from ui.models.editor_attachments import AttachmentTableModel
from ui.pending_release import PendingRelease, delete_later
from ui.views.editor.cancellable_source import CancellableSource
from ui.widgets import file_dialogs
from ui.widgets.plain_text_label import PlainTextLabel

#: For a file whose type cannot be told from its name.
UNKNOWN_MEDIA_TYPE = "application/octet-stream"
_KIND_BY_MEDIA = {"audio": AttachmentKind.AUDIO, "image": AttachmentKind.PHOTO}


def guess_media_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or UNKNOWN_MEDIA_TYPE


def guess_kind(media_type: str) -> AttachmentKind:
    return _KIND_BY_MEDIA.get(media_type.split("/")[0], AttachmentKind.DOCUMENT)


class AttachmentsSection(QWidget):
    """Emits ``attachment_added(attachment)`` after a file is stored, and ``audio_recorded()``
    when the recorder dialog is accepted."""

    attachment_added = Signal(object)
    audio_recorded = Signal()
    attach_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace: Any = None  # opaque: handed to the services only
        self._testimony_id: UUID | None = None
        self._job: workers.Job | None = None
        self._forgotten_job: workers.Job | None = None  # cleared (locked) while it ran
        self._editable = False
        self.record_dialog: QDialog | None = None
        self._closed_recorders = PendingRelease(self)  # deleted once their work has ended

        self.model = AttachmentTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Attachments"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.label = QLineEdit()
        self.label.setAccessibleName(self.tr("Label for the next file"))
        self.label.setPlaceholderText(self.tr("What it is, e.g. consent form, page 1 (not a name)"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of the next file"))
        self.kind.addItem(self.tr("Kind from the file's type"), None)
        for kind, text in self._kind_texts().items():
            self.kind.addItem(text, kind.value)
        self.add_button = QPushButton(self.tr("Add &file…"))
        self.add_button.setAccessibleName(self.tr("Add a file, encrypted"))
        self.record_button = QPushButton(self.tr("Record a&udio…"))
        self.record_button.setAccessibleName(self.tr("Record audio"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Encrypting the file"))
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel adding the file"))
        self.cancel_button.setVisible(False)
        self.status = PlainTextLabel()
        self.status.setAccessibleName(self.tr("Attachment status"))
        self.status.setWordWrap(True)

        adding = QHBoxLayout()
        for widget in (self.label, self.kind, self.add_button, self.record_button):
            adding.addWidget(widget)
        working = QHBoxLayout()
        working.addWidget(self.progress, 1)
        working.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(adding)
        layout.addLayout(working)
        layout.addWidget(self.status)

        self.add_button.clicked.connect(self.on_add_clicked)
        self.record_button.clicked.connect(self.on_record_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self._sync_buttons()

    def _kind_texts(self) -> dict[AttachmentKind, str]:
        return {
            AttachmentKind.AUDIO: self.tr("Audio"),
            AttachmentKind.SCAN: self.tr("Scan of a paper"),
            AttachmentKind.PHOTO: self.tr("Photo"),
            AttachmentKind.DOCUMENT: self.tr("Document"),
        }

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def running_job(self) -> workers.Job | None:
        """The file being attached, until its result has arrived here (a lock lets go of the
        workspace handle it was given only once it has ended: ``ui.pending_release``)."""
        return self._job

    @property
    def running_jobs(self) -> list[workers.Job]:
        """All the work still running for this section: the file being attached and the
        recorder's (open, or closed and waiting for its work to end)."""
        recorders = [getattr(d, "running_jobs", []) for d in self.findChildren(QDialog)]
        attaching = [self._job] if self._job is not None else []
        return [*attaching, *(job for jobs in recorders for job in jobs)]

    def _end_job(self) -> bool:
        """The job's result has arrived: whether it is still wanted (the record it was for
        was not cleared meanwhile)."""
        wanted = self._job is not self._forgotten_job
        self._forgotten_job = None
        self._set_working(False)
        return wanted

    def _sync_buttons(self) -> None:
        can_add = (
            self._editable
            and self._testimony_id is not None
            and not self.busy
            and self.record_dialog is None
        )
        for widget in (self.add_button, self.record_button, self.label, self.kind):
            widget.setEnabled(can_add)

    # -- adding a file ---------------------------------------------------------------------
    @Slot()
    def on_add_clicked(self) -> None:
        name = file_dialogs.open_file(self, self.tr("Add a file"))
        if name:
            self.attach_path(Path(name))

    def attach_path(self, path: Path) -> None:
        """Encrypt ``path`` into the workspace on a worker thread and attach it."""
        if self.busy or self._workspace is None or self._testimony_id is None:
            return
        workspace, testimony_id = self._workspace, self._testimony_id
        media_type = guess_media_type(path)
        chosen = self.kind.currentData()
        kind = AttachmentKind(chosen) if chosen else guess_kind(media_type)
        label = self.label.text().strip() or None

        def attach(progress: ProgressCallback, cancel: CancelToken) -> Attachment:
            # Never blocked for good (a pipe no one writes to): a lock or Cancel ends it.
            with session.worker_handle(workspace) as handle, CancellableSource(path, cancel) as src:
                return attachments.attach_file(
                    handle,
                    testimony_id,
                    src,  # type: ignore[arg-type]  # reads as a BinaryIO does
                    kind=kind,
                    media_type=media_type,
                    label=label,
                    total=path.stat().st_size,
                    progress=progress,
                    cancel=cancel,
                )

        worker = workers.Worker(attach)
        worker.progress.connect(self.on_progress)
        worker.succeeded.connect(self.on_attach_succeeded)
        worker.failed.connect(self.on_attach_failed)
        worker.cancelled.connect(self.on_attach_cancelled)
        # Its signals are queued to this thread, so nothing arrives before this slot returns.
        self._job = workers.start(worker)
        self._set_working(True)
        self.status.setText(self.tr("Encrypting the file…"))

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)

    @Slot()
    def on_cancel_clicked(self) -> None:
        if self._job is not None:
            self._job.worker.cancel()

    @Slot(object)
    def on_attach_succeeded(self, attachment: Attachment) -> None:
        if not self._end_job():
            return  # cleared (locked) while it ran: show nothing
        self.label.setText("")  # setText, unlike clear, also empties the undo history
        self.status.setText(self.tr("The file was encrypted and attached."))
        self.attachment_added.emit(attachment)

    @Slot(object)
    def on_attach_failed(self, error: BaseException) -> None:
        if not self._end_job():
            return
        sentence = error_text(error)
        self.status.setText(sentence)
        self.attach_failed.emit(sentence)

    @Slot()
    def on_attach_cancelled(self) -> None:
        if not self._end_job():
            return
        self.status.setText(error_text(Cancelled()))

    def _set_working(self, working: bool) -> None:
        if not working:
            self._job = None  # the Job keeps itself alive until its thread has ended
        self.progress.setVisible(working)
        self.progress.setValue(0)
        self.cancel_button.setVisible(working)
        self._sync_buttons()

    # -- recording -------------------------------------------------------------------------
    @Slot()
    def on_record_clicked(self) -> None:
        if self._workspace is None or self._testimony_id is None:
            return
        # Imported here: the recorder is a separate room that needs the multimedia module.
        from ui.audio.recorder_dialog import RecordAudioDialog

        dialog = RecordAudioDialog(self._workspace, self._testimony_id, self)
        # Each saved take, and the dialog's end however it ends, refresh the list.
        dialog.attachment_saved.connect(self.audio_recorded)
        dialog.finished.connect(self.on_record_dialog_finished)
        self.record_dialog = dialog
        self._sync_buttons()
        dialog.open()

    @Slot()
    def on_record_dialog_finished(self) -> None:
        dialog, self.record_dialog = self.record_dialog, None
        if dialog is not None:
            # Not before its work has ended: the results still on their way come to it.
            jobs = dialog.running_jobs  # type: ignore[attr-defined]
            self._closed_recorders.release_after(jobs, partial(delete_later, dialog))
        self._sync_buttons()
        self.audio_recorded.emit()

    # -- the record ------------------------------------------------------------------------
    def load(self, workspace: object, testimony_id: UUID, items: tuple[Attachment, ...]) -> None:
        self._workspace = workspace
        self._testimony_id = testimony_id
        self.model.set_attachments(items)
        self._sync_buttons()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._sync_buttons()

    def wait_for_work(self) -> None:
        """Block until a file being attached has ended (tests; never on a lock)."""
        if self._job is not None:
            self._job.wait()

    def clear(self) -> None:
        """Forget the record; a file being added is cancelled (nothing half-written stays),
        without waiting: its result, when it comes, is shown nowhere."""
        if self._job is not None:
            self._job.worker.cancel()
            self._forgotten_job = self._job
        if self.record_dialog is not None:
            self.record_dialog.reject()  # its own handling discards a take in progress
        self._workspace = None
        self._testimony_id = None
        self.model.clear()
        self.label.setText("")  # setText, unlike clear, also empties the undo history
        self.status.setText("")
        self._sync_buttons()
