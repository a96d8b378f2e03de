"""Writing receipts: the archive tells each device which of its bundles it holds.

One receipt pack goes to each device that sent a bundle since its last receipt; the interviewer
applies it on the laptop, which marks the archived testimonies (and may then remove their
content). Writing runs on a worker with its own handle, and names each pack with the device's
label, which was typed on the device: it is shown as plain text only.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import enrolment, receipts, session
from fieldapp.services.pack_writing import PackSent
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views.work_dialog import WorkDialog
from ui.widgets.destination_picker import DestinationPicker

ARCHIVE_ROLE = "archive"
DIALOG_MIN_WIDTH = 640


class ReceiptDialog(WorkDialog):
    """Writes the receipt packs of ``workspace`` (the archive's, opaque here).

    Signals: ``receipts_written(list of PackSent)`` (empty when none was due),
    ``receipts_failed(sentence)``.
    """

    receipts_written = Signal(list)
    receipts_failed = Signal(str)

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._archive = session.workspace_role(workspace) == ARCHIVE_ROLE
        self.setWindowTitle(self.tr("Write receipts"))

        intro = QLabel(
            self.tr(
                "A receipt pack is written for each device that sent bundles since its last"
                " receipt. The interviewer applies it on the laptop (Sync > Apply pack), which"
                " marks the testimonies the archive holds."
            )
        )
        intro.setWordWrap(True)
        self.destination_label = QLabel(self.tr("Write the receipts &to:"))
        self.picker = DestinationPicker(detect=detect)
        self.destination_label.setBuddy(self.picker)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Working"))
        self.progress_bar.setRange(0, 0)  # writing receipts reports no steps
        self.progress_bar.setVisible(False)
        self.status.setAccessibleName(self.tr("Result"))
        self.write_button = QPushButton(self.tr("&Write receipts"))
        self.write_button.setAccessibleName(self.tr("Write receipts"))
        self.write_button.setDefault(True)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        for widget in (
            intro,
            self.destination_label,
            self.picker,
            self.progress_bar,
            self.status,
        ):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.picker, self.write_button)
        QWidget.setTabOrder(self.write_button, self.close_button)

        self.picker.destination_changed.connect(self.on_destination_changed)
        self.write_button.clicked.connect(self.on_write_requested)
        self.close_button.clicked.connect(self.reject)
        if not self._archive:  # said at once: the service would refuse the click anyway
            self.picker.setEnabled(False)
            self._say(
                self.tr(
                    "Receipts are written in the archive's workspace; this is a field laptop's."
                )
            )
        self._update_write()
        self.picker.setFocus()

    @Slot(object)
    def on_destination_changed(self, _folder: object) -> None:
        self._update_write()

    def _update_write(self) -> None:
        ready = self._archive and self.picker.destination() is not None
        self.write_button.setEnabled(ready and not self.busy)

    @Slot()
    def on_write_requested(self) -> None:
        folder = self.picker.destination()
        if self.busy or not self._archive or folder is None:
            return
        workspace = self._workspace

        def write(
            _progress: ProgressCallback, _cancel: CancelToken
        ) -> tuple[list[PackSent], dict[str, str]]:
            with session.worker_handle(workspace) as handle:
                sent = receipts.write_receipts(handle, folder)
                labels = {d.fingerprint: d.label for d in enrolment.list_devices(handle)}
            return sent, labels

        self._run(write, self.on_receipts_written, self.tr("Writing receipts…"))

    @Slot(object)
    def on_receipts_written(self, outcome: tuple[list[PackSent], dict[str, str]]) -> None:
        sent, labels = outcome
        self._set_working(False)
        lines = [self._pack_line(pack, labels.get(pack.device, "")) for pack in sent]
        if sent:
            lines.append(self.tr("%n receipt pack(s) written.", "", len(sent)))
        else:
            lines.append(
                self.tr(
                    "No receipt was written: no device has sent a bundle since its last receipt."
                    " A lost receipt can be written again, unchanged, with “fieldapp pack"
                    " resend”."
                )
            )
        self._say("\n".join(lines))
        self.receipts_written.emit(list(sent))

    def _pack_line(self, pack: PackSent, label: str) -> str:
        if label:
            return self.tr("“{label}”: {name}").format(label=label, name=pack.path.name)
        return self.tr("{fingerprint}: {name}").format(fingerprint=pack.device, name=pack.path.name)

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        sentence = error_text(error)
        self._say(sentence)
        self.receipts_failed.emit(sentence)

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.picker.setEnabled(not working)
        self.close_button.setEnabled(not working)
        self.progress_bar.setVisible(working)
        self._update_write()
