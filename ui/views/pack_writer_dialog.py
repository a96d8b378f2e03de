"""What the coordinator's pack-writing dialogs share: a place to write to, one Write button that
runs the service on a worker with its own handle, and the packs written named by their laptops.

A subclass gives its texts (``_make_texts``), may add its own choices above the place to
write to (``self.choices``), hands the work to do as a function of a handle and a folder
(``_writer``) and says what it did (``_report``). Both are plain methods, called on the GUI
thread: the function they return runs on the worker, touching no widget. Writing a pack is one
transaction that cannot stop halfway, so there is no Cancel: Close waits for it (WorkDialog).

A laptop's label was typed on the laptop: it is shown escaped, in plain text only.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
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
from fieldapp.services import enrolment, session
from fieldapp.services.pack_writing import PackSent
from ui.error_text import error_text
from ui.reason_texts import shown
from ui.storage import Drive, detect_drives
from ui.views.work_dialog import WorkDialog
from ui.widgets.destination_picker import DestinationPicker

ARCHIVE_ROLE = "archive"
DIALOG_MIN_WIDTH = 640

#: ``write(handle, folder) -> result``: the service call, run on the worker.
Writer = Callable[[Any, Path], Any]


@dataclass(frozen=True)
class PackWriterTexts:
    """What a pack-writing dialog says, translated by the subclass (its own context)."""

    title: str
    intro: str
    write: str  # the button: "&Write withdrawal packs"
    write_name: str  # its accessible name
    working: str  # shown while the worker runs
    not_archive: str  # said at once on a laptop's workspace


@dataclass(frozen=True)
class Written:
    """What the worker hands back: the service's result and the enrolled laptops' labels."""

    result: Any
    labels: Mapping[str, str]


class PackWriterDialog(WorkDialog):
    """Writes packs from ``workspace`` (the archive's, opaque here) to a chosen drive or folder.

    Signals: ``packs_written(result)`` with the service's result after each run,
    ``writing_failed(sentence)`` when it was refused or failed.
    """

    packs_written = Signal(object)
    writing_failed = Signal(str)

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._texts = texts = self._make_texts()
        self._archive = session.workspace_role(workspace) == ARCHIVE_ROLE
        self.setWindowTitle(texts.title)

        intro = QLabel(texts.intro)
        intro.setWordWrap(True)
        #: Where a subclass puts its own choices, between the intro and the place to write to.
        self.choices = QVBoxLayout()
        self.destination_label = QLabel(self.tr("Write the packs &to:"))
        self.picker = DestinationPicker(detect=detect)
        self.destination_label.setBuddy(self.picker)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Working"))
        self.progress_bar.setRange(0, 0)  # one transaction: no steps to report
        self.progress_bar.setVisible(False)
        self.status.setAccessibleName(self.tr("Result"))
        self.write_button = QPushButton(texts.write)
        self.write_button.setAccessibleName(texts.write_name)
        self.write_button.setDefault(True)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self._lay_out(intro)

        self.picker.destination_changed.connect(self.on_destination_changed)
        self.write_button.clicked.connect(self.on_write_requested)
        self.close_button.clicked.connect(self.reject)
        if not self._archive:  # said at once: the service would refuse the click anyway
            self.picker.setEnabled(False)
            self._say(texts.not_archive)
        self._update_write()
        self.picker.setFocus()

    def _lay_out(self, intro: QLabel) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        layout.addWidget(intro)
        layout.addLayout(self.choices)
        for widget in (self.destination_label, self.picker, self.progress_bar, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.picker, self.write_button)
        QWidget.setTabOrder(self.write_button, self.close_button)

    @property
    def is_archive(self) -> bool:
        return self._archive

    # --- writing ----------------------------------------------------------------------------

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
        workspace, write = self._workspace, self._writer()

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> Written:
            with session.worker_handle(workspace) as handle:
                result = write(handle, folder)
                labels = {d.fingerprint: d.label for d in enrolment.list_devices(handle)}
            return Written(result, labels)

        self._run(work, self.on_work_succeeded, self._texts.working)

    @Slot(object)
    def on_work_succeeded(self, written: Written) -> None:
        self._set_working(False)
        self._say(self._report(written.result, written.labels))
        self.packs_written.emit(written.result)

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        sentence = error_text(error)
        self._say(sentence)
        self.writing_failed.emit(sentence)

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.picker.setEnabled(self._archive and not working)
        self.close_button.setEnabled(not working)
        self.progress_bar.setVisible(working)
        self._update_write()

    # --- what a subclass gives ----------------------------------------------------------------

    def _make_texts(self) -> PackWriterTexts:
        """The dialog's texts (called once the dialog exists, so ``self.tr`` works)."""
        raise NotImplementedError

    def _writer(self) -> Writer:
        """The work to run, built on the GUI thread from what the dialog holds now."""
        raise NotImplementedError

    def _report(self, result: Any, labels: Mapping[str, str]) -> str:
        """What the run did, in lines of plain text."""
        raise NotImplementedError

    # --- shared by the reports ----------------------------------------------------------------

    def _laptop(self, pack: PackSent, labels: Mapping[str, str]) -> str:
        """The laptop a pack is for: its label in quotes, else its fingerprint."""
        label = labels.get(pack.device, "")
        if label:
            return self.tr("“{label}”").format(label=shown(label))
        return pack.device
