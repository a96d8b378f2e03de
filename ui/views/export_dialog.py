"""Export to a USB drive: choose where, write the next bundle on a worker, say what left.

The bundle is written by ``services.export.export_bundle`` on a worker thread with its own
database handle (``session.worker_handle``), so the window keeps repainting through a 1 GiB
export; a progress bar follows the bytes and Cancel stops it between chunks, leaving nothing
that looks like a bundle behind. Afterwards a summary says, in plain sentences, what left, what
consent held back and what waits for the next export.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import enrolment, export, session
from fieldapp.services.export import ExportResult
from ui import workers
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views.work_dialog import WorkDialog
from ui.widgets.destination_picker import DestinationPicker

#: The progress bar counts in thousandths: byte counts of a 4 GiB bundle overflow the 32-bit
#: integers of Qt's signals and of QProgressBar.
PROGRESS_STEPS = 1000


def per_mille(progress: ProgressCallback) -> ProgressCallback:
    """``progress`` fed thousandths instead of bytes, and only when the thousandth changes (a
    1 GiB export reports 2,048 chunks; the bar needs at most 1,000 updates)."""
    last = -1

    def report(done: int, total: int) -> None:
        nonlocal last
        step = min(done * PROGRESS_STEPS // total, PROGRESS_STEPS) if total > 0 else 0
        if step != last:
            last = step
            progress(step, PROGRESS_STEPS)

    return report


DIALOG_MIN_WIDTH = 640


class ExportDialog(WorkDialog):
    """Exports the next bundle of ``workspace`` (an unlocked device's, opaque here).

    Emits ``export_finished(result)`` with the ``ExportResult`` after a successful export,
    ``export_failed(sentence)`` or ``export_cancelled()`` otherwise, ``export_progressed(step,
    steps)`` on the GUI thread as the bar moves, and ``export_started(worker)`` just before the
    worker starts, for a caller that follows the work itself (its ``cancel()`` is thread-safe).
    """

    export_started = Signal(object)
    export_finished = Signal(object)
    export_progressed = Signal(int, int)
    export_failed = Signal(str)
    export_cancelled = Signal()

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle(self.tr("Export to USB"))

        intro = QLabel(
            self.tr(
                "The new and changed records are written, signed and encrypted for the archive,"
                " into one bundle file. Choose a USB drive or a folder."
            )
        )
        intro.setWordWrap(True)
        self.picker = DestinationPicker(detect=detect)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Export progress"))
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setVisible(False)
        self.status.setAccessibleName(self.tr("Export summary"))
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setAccessibleName(self.tr("Export"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("&Cancel export"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the export"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))

        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        layout.addWidget(intro)
        layout.addWidget(self.picker)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.picker, self.export_button)
        QWidget.setTabOrder(self.export_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.close_button)

        self.export_button.clicked.connect(self.on_export_requested)
        self.cancel_button.clicked.connect(self.on_cancel_requested)
        self.close_button.clicked.connect(self.reject)
        self.picker.setFocus()

    @Slot()
    def on_export_requested(self) -> None:
        if self.busy:
            return
        refusal = self._refusal()
        folder = self.picker.destination()
        if refusal is None and folder is None:
            refusal = self.tr("Plug in a USB drive and press Refresh, or choose a folder.")
        if refusal is not None:
            self._say(refusal)
            self.export_failed.emit(refusal)
            return
        assert folder is not None
        workspace = self._workspace

        def work(progress: ProgressCallback, cancel: CancelToken) -> ExportResult:
            with session.worker_handle(workspace) as handle:
                return export.export_bundle(
                    handle, folder, progress=per_mille(progress), cancel=cancel
                )

        worker = workers.Worker(work)
        worker.progress.connect(self.on_export_progress)
        worker.succeeded.connect(self.on_export_succeeded)
        worker.failed.connect(self.on_export_failed)
        worker.cancelled.connect(self.on_export_cancelled)
        self._set_working(True)
        self._say(self.tr("Exporting…"))
        self.export_started.emit(worker)
        self._start(worker)

    def _refusal(self) -> str | None:
        """Why this device cannot export at all, checked before any work starts."""
        status = enrolment.enrolment_status(self._workspace)
        if not status.get("enrolled"):
            return self.tr(
                "This laptop is not enrolled with an archive yet: write an enrolment request,"
                " give it to the coordinator, and apply the enrolment pack they send back"
                " (Apply pack…)."
            )
        if status.get("this_device_revoked"):
            return self.tr(
                "The archive revoked this laptop, so it can no longer export bundles; ask the"
                " coordinator."
            )
        return None

    @Slot(int, int)
    def on_export_progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(done if total else 0)
        self.export_progressed.emit(done, total)

    @Slot(object)
    def on_export_succeeded(self, result: ExportResult) -> None:
        self._set_working(False)
        self.progress_bar.setValue(self.progress_bar.maximum())
        self._say(self.summary(result))
        self.export_finished.emit(result)

    @Slot(object)
    def on_export_failed(self, error: BaseException) -> None:
        self._set_working(False)
        sentence = error_text(error)
        self._say(sentence)
        self.export_failed.emit(sentence)

    @Slot()
    def on_export_cancelled(self) -> None:
        self._set_working(False)
        self._say(self.tr("The export was cancelled; nothing was exported."))
        self.export_cancelled.emit()

    def summary(self, result: ExportResult) -> str:
        """What the export did, as plain sentences, one a line."""
        lines = list(result.notes)
        if result.path is None:
            lines.append(self.tr("There was nothing new to export."))
        else:
            size = QLocale().formattedDataSize(result.size)
            lines.append(
                self.tr("Bundle {number} was written: {name} ({size}).").format(
                    number=result.sequence, name=result.path.name, size=size
                )
            )
            left = self._left(result)
            if left is not None:
                lines.append(left)
        if result.held_back:
            lines.append(
                self.tr(
                    "%n testimony(ies) held back because consent does not allow archiving.",
                    "",
                    result.held_back,
                )
            )
        if result.remaining:
            lines.append(
                self.tr(
                    "%n testimony(ies) did not fit and wait for the next export.",
                    "",
                    result.remaining,
                )
            )
        if result.too_large:
            lines.append(
                self.tr(
                    "%n testimony(ies) are too large for any bundle and cannot be exported.",
                    "",
                    result.too_large,
                )
            )
        return "\n".join(lines)

    def _left(self, result: ExportResult) -> str | None:
        """What the bundle holds, naming only the kinds it holds."""
        counts = [
            self.tr("%n testimony version(s), new or amended", "", result.testimonies),
            self.tr("%n consent record(s)", "", result.consents),
            self.tr("%n consent withdrawal(s)", "", result.withdrawals),
            self.tr("%n attachment(s)", "", result.attachments),
            self.tr("%n witness identity(ies), for the custodian only", "", result.identities),
        ]
        numbers = (
            result.testimonies,
            result.consents,
            result.withdrawals,
            result.attachments,
            result.identities,
        )
        held = [text for text, number in zip(counts, numbers, strict=True) if number]
        if held:
            return self.tr("It holds {counts}.").format(counts=self.tr("; ").join(held))
        if result.custody_events:  # the laptop's log alone: openings no bundle carried yet
            return self.tr(
                "It holds no new records, only this laptop's custody log: %n event(s).",
                "",
                result.custody_events,
            )
        return None

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.export_button.setEnabled(not working)
        self.picker.setEnabled(not working)
        self.close_button.setEnabled(not working)
        self.cancel_button.setEnabled(working)
        if working:
            self.progress_bar.setValue(0)
            self.progress_bar.setVisible(True)
            self.cancel_button.setFocus()
