"""The last pages: the interviewer's enrolment request, and what to do next.

The request is public (keys and the label, no secret); it is written on a worker because a
removable drive can take seconds to flush. The fingerprint is shown as digits in groups, for
reading aloud.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import session, setup
from ui.storage import Drive, detect_drives
from ui.views.first_run.state import SetupState
from ui.views.first_run.working_page import WorkingPage
from ui.widgets import file_dialogs
from ui.widgets.fingerprint_text import spoken_lines
from ui.widgets.plain_text_label import PlainTextLabel


def _note(text: str = "") -> PlainTextLabel:
    label = PlainTextLabel(text)
    label.setWordWrap(True)
    return label


class EnrolmentRequestPage(WorkingPage):
    """For an interviewer: write the enrolment request for the coordinator, or skip it."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        #: The removable drives to offer first (a function: tests give their own).
        self.detect: Callable[[], list[Drive]] = detect_drives
        self.setTitle(self.tr("Ask to be enrolled"))
        self.setSubTitle(
            self.tr(
                "Write this laptop's enrolment request to a drive for the coordinator. It holds"
                " public keys and the label, nothing secret."
            )
        )
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Folder for the request"))
        self.choose = QPushButton(self.tr("C&hoose folder…"))
        self.choose.setAccessibleName(self.tr("Choose the folder for the request"))
        self.write_button = QPushButton(self.tr("&Write the request"))
        self.write_button.setAccessibleName(self.tr("Write the request"))
        self.status = _note()
        self.status.setAccessibleName(self.tr("Request status"))
        self.fingerprint = PlainTextLabel()
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint.setAccessibleName(self.tr("This laptop's fingerprint"))
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.write_button)
        layout.addWidget(self.status)
        layout.addWidget(
            _note(
                self.tr(
                    "When the coordinator reads the request, read this fingerprint aloud; the"
                    " coordinator must see exactly the same:"
                )
            )
        )
        layout.addWidget(self.fingerprint)
        layout.addStretch()
        self.setTabOrder(self.folder, self.choose)
        self.setTabOrder(self.choose, self.write_button)
        self.choose.clicked.connect(self.on_choose_requested)
        self.write_button.clicked.connect(self.on_write_requested)
        self.folder.returnPressed.connect(self.on_write_requested)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.fingerprint.setText(spoken_lines(self._state.fingerprint, with_sha256=True))
        if not self.folder.text():
            drives = self.detect()  # a USB drive plugged in is where the request should go
            if drives:
                self.folder.setText(str(drives[0].path))
        self._update_next_text()
        self.folder.setFocus()

    def _update_next_text(self) -> None:
        text = self.tr("&Next") if self._state.request_file else self.tr("&Skip for now")
        self.setButtonText(QWizard.WizardButton.NextButton, text)

    @Slot()
    def on_choose_requested(self) -> None:
        chosen = file_dialogs.existing_folder(
            self, self.tr("Folder for the enrolment request"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    @Slot()
    def on_write_requested(self) -> None:
        if self.busy or self._state.workspace is None:
            return
        text = self.folder.text().strip()
        folder = Path(text).expanduser()
        if not text or not folder.is_dir():
            self.status.setText(self.tr("Choose a folder that exists, such as a drive's."))
            return
        ws = self._state.workspace

        def write(_progress: ProgressCallback, _cancel: CancelToken) -> object:
            with session.worker_handle(ws) as handle:  # type: ignore[arg-type]
                return setup.write_enrolment_request(handle, folder)

        self._run(write, self.on_written, self.tr("Writing the request…"))

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        for widget in (self.folder, self.choose, self.write_button):
            widget.setEnabled(not working)
        self.completeChanged.emit()

    @Slot(object)
    def on_written(self, path: Path) -> None:
        self._set_working(False)
        self._state.request_file = path
        self.status.setText(self.tr("The request was written to: %1").replace("%1", str(path)))
        self._update_next_text()


class FinishPage(QWizardPage):
    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.setTitle(self.tr("Ready"))
        self.next_steps = _note()
        self.next_steps.setAccessibleName(self.tr("Next steps"))
        self.custodian_file = PlainTextLabel()  # a path: plain text only
        self.custodian_file.setAccessibleName(self.tr("Custodian file"))
        self.custodian_file.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.custodian_file)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self._state
        if state.coordinator:
            self.next_steps.setText(
                self.tr(
                    "The archive is ready. The custodian file below holds the key to witness"
                    " identities: hand it to the custodian now, with its passphrase told in"
                    " person, and keep no copy beside the archive."
                )
            )
            self.custodian_file.setText(str(state.custodian_file or ""))
            self.custodian_file.show()
            return
        steps = [
            self.tr(
                "Next, the coordinator issues an enrolment pack from your request. Apply it with"
                " Sync > Apply pack…, after the coordinator reads their fingerprint aloud"
                " and you see the same one."
            )
        ]
        if state.request_file is None:
            steps.append(self.tr("You skipped the request: the coordinator needs it first."))
        self.next_steps.setText("\n\n".join(steps))
        self.custodian_file.hide()
