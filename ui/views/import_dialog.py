"""Importing bundles into the archive: choose the files, import them on a worker, say what each
one did.

The bundles are imported in the order of their file names, which is each device's chain order
(``<device>-<zero-padded sequence>.fieldbundle``), so the files of one stick can be chosen in
any order. The work runs on a worker thread with its own database handle
(``session.worker_handle``); one progress bar follows the whole run, and Cancel stops it
between chunks: the bundle being imported is left out entirely, those before it stay imported.
Afterwards a read-only text says, bundle by bundle, what was imported, refused and why.
"""

from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import enrolment, importing, session
from fieldapp.services.importing import ImportReport
from ui import workers
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views import import_report_text
from ui.views.export_dialog import PROGRESS_STEPS, per_mille
from ui.views.work_dialog import WorkDialog
from ui.widgets import file_dialogs

BUNDLE_SUFFIX = ".fieldbundle"
DIALOG_MIN_WIDTH = 640

#: How the dialog asks for files: ``choose(parent, start_folder)`` -> the chosen paths.
ChooseFiles = Callable[[QWidget, Path], list[Path]]


class ImportDialog(WorkDialog):
    """Imports bundle files into ``workspace`` (an unlocked archive's, opaque here).

    Signals: ``import_started(worker)`` just before the worker starts (its ``cancel()`` is
    thread-safe), ``import_progressed(step, steps)`` on the GUI thread as the bar moves,
    ``import_finished(reports)`` with the ``ImportReport`` list after every run that returned
    reports (a cancelled one too), ``import_failed(sentence)`` when the run could not start or
    failed as a whole (not an archive, for one).
    """

    import_started = Signal(object)
    import_progressed = Signal(int, int)
    import_finished = Signal(list)
    import_failed = Signal(str)

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
        choose_files: ChooseFiles | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._detect = detect
        self._choose_files = choose_files or self._ask_for_files
        self._paths: list[Path] = []
        self.setWindowTitle(self.tr("Import bundles"))

        intro = QLabel(
            self.tr(
                "Choose the bundle files (.fieldbundle) the field laptops exported. Each is"
                " checked, decrypted and imported into the archive whole, or not at all."
            )
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("C&hoose bundles…"))
        self.choose_button.setAccessibleName(self.tr("Choose the bundle files"))
        self.bundle_list = QListWidget()
        self.bundle_list.setAccessibleName(self.tr("Chosen bundles, in the order of import"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setVisible(False)
        self.status.setAccessibleName(self.tr("Import status"))
        self.report_view = _report_view()
        self.report_view.setAccessibleName(self.tr("What the import did"))
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setAccessibleName(self.tr("Import the chosen bundles"))
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("&Cancel import"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the import"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self._lay_out(intro)

        self.choose_button.clicked.connect(self.on_choose_requested)
        self.import_button.clicked.connect(self.on_import_requested)
        self.cancel_button.clicked.connect(self.on_cancel_requested)
        self.close_button.clicked.connect(self.reject)
        self.choose_button.setFocus()

    def _lay_out(self, intro: QLabel) -> None:
        choosing = QHBoxLayout()
        choosing.addWidget(self.choose_button)
        choosing.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.import_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        layout.addWidget(intro)
        layout.addLayout(choosing)
        layout.addWidget(self.bundle_list)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.report_view)
        layout.addLayout(buttons)
        order = (
            self.choose_button,
            self.bundle_list,
            self.import_button,
            self.cancel_button,
            self.report_view,
            self.close_button,
        )
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def bundle_paths(self) -> list[Path]:
        """The chosen bundles, in the order they will be imported."""
        return list(self._paths)

    def set_bundle_paths(self, paths: Sequence[Path]) -> None:
        """Choose these bundles (replacing any chosen before), sorted by file name: a device's
        bundle names sort in its chain order."""
        if self.busy:
            return
        unique = dict.fromkeys(Path(path) for path in paths)
        self._paths = sorted(unique, key=lambda path: (path.name, str(path)))
        self.bundle_list.clear()
        for path in self._paths:
            # The name alone, and no tooltip: Qt shows a tooltip that looks like HTML as HTML.
            self.bundle_list.addItem(import_report_text.file_name(path))
        if self.bundle_list.count():
            self.bundle_list.setCurrentRow(0)
        self.report_view.clear()
        self.report_view.setVisible(False)
        self._say("")
        self.import_button.setEnabled(bool(self._paths))

    # --- choosing ---------------------------------------------------------------------------

    @Slot()
    def on_choose_requested(self) -> None:
        if self.busy:
            return
        drives = self._detect()
        start = drives[0].path if drives else Path.home()
        chosen = self._choose_files(self, start)
        if chosen:
            self.set_bundle_paths(chosen)
            self.import_button.setFocus()

    def _ask_for_files(self, parent: QWidget, start: Path) -> list[Path]:
        chosen = file_dialogs.open_files(
            parent,
            self.tr("Choose the bundle files"),
            str(start),
            self.tr("Bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX),
        )
        return [Path(name) for name in chosen]

    # --- importing --------------------------------------------------------------------------

    @Slot()
    def on_import_requested(self) -> None:
        if self.busy or not self._paths:
            return
        workspace, paths = self._workspace, list(self._paths)

        def work(
            progress: ProgressCallback, cancel: CancelToken
        ) -> tuple[list[ImportReport], dict[str, str]]:
            with session.worker_handle(workspace) as handle:
                reports = importing.import_bundles(
                    handle, paths, progress=per_mille(progress), cancel=cancel
                )
                labels = {d.fingerprint: d.label for d in enrolment.list_devices(handle)}
            return reports, labels

        worker = workers.Worker(work)
        worker.progress.connect(self.on_import_progress)
        worker.succeeded.connect(self.on_import_succeeded)
        worker.failed.connect(self.on_import_failed)
        # A cancel inside the service becomes a report; one before it opened anything, this.
        worker.cancelled.connect(self.on_import_cancelled)
        self.report_view.clear()
        self.report_view.setVisible(False)
        self._set_working(True)
        self._say(self.tr("Importing…"))
        self.import_started.emit(worker)
        self._start(worker)

    @Slot(object, object)
    def on_import_progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(done if total else 0)
        self.import_progressed.emit(done, total)

    @Slot(object)
    def on_import_succeeded(self, run: tuple[list[ImportReport], dict[str, str]]) -> None:
        reports, labels = run
        self._set_working(False)
        self._say("")
        self.report_view.setPlainText(import_report_text.report_text(reports, labels))
        self.report_view.setVisible(True)
        self.report_view.setFocus()
        self.import_finished.emit(reports)

    @Slot(object)
    def on_import_failed(self, error: BaseException) -> None:
        self._set_working(False)
        sentence = error_text(error)
        self._say(sentence)
        self.import_failed.emit(sentence)

    @Slot()
    def on_import_cancelled(self) -> None:
        self.on_import_failed(Cancelled())

    # --- closing ----------------------------------------------------------------------------

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.import_button.setEnabled(not working and bool(self._paths))
        self.choose_button.setEnabled(not working)
        self.close_button.setEnabled(not working)
        self.cancel_button.setEnabled(working)
        if working:
            self.progress_bar.setValue(0)
            self.progress_bar.setVisible(True)
            self.cancel_button.setFocus()

    def _say(self, text: str) -> None:
        super()._say(text)
        self.status.setVisible(bool(text))  # an empty line takes no room above the report


def _report_view() -> QPlainTextEdit:
    """Read-only, plain text, selectable by mouse and keyboard; Tab leaves it."""
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setTabChangesFocus(True)
    view.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    view.setVisible(False)
    return view
