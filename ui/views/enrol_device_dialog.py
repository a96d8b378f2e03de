"""Enrolling a device in the archive: the moment the archive decides whom to trust.

The coordinator opens the request file the interviewer brought; the dialog shows the device's
label and its key's fingerprint in groups, and Enrol stays disabled until the coordinator ticks
that the interviewer read exactly these groups aloud. The request is then read again from the
file on the worker and enrolled only if it is the very request confirmed (the CLI's
``--expect-fingerprint``): a file swapped on the stick between opening and Enrol is refused and
nothing is enrolled. Afterwards the coordinator's own fingerprint is shown, for reading aloud to
the interviewer, who confirms it when applying the pack.

Opening runs on a worker too, although the file is small and capped: it sits on a stick that
may be slow or stalled, and the window must never freeze on it.
"""

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FingerprintMismatchError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import enrolment, packs, session
from fieldapp.services.enrolment import EnrolmentRequest
from fieldapp.services.pack_writing import PackSent
from ui.error_text import error_text
from ui.storage import Drive, detect_drives
from ui.views.work_dialog import WorkDialog
from ui.widgets.destination_picker import DestinationPicker
from ui.widgets.file_chooser import ChooserTexts, FileChooser
from ui.widgets.fingerprint_text import fingerprint_label, spoken_lines
from ui.widgets.plain_text_label import PlainTextLabel

REQUEST_SUFFIX = ".json"
ARCHIVE_ROLE = "archive"
DIALOG_MIN_WIDTH = 640


class RequestUnreadableError(Exception):
    """The request file is not there, not a regular file, or could not be read."""


class RequestChangedError(Exception):
    """The request file no longer holds the request that was opened and confirmed."""


def read_request_file(path: Path) -> EnrolmentRequest:
    """The request at ``path`` (the service refuses anything but a regular file)."""
    try:
        return enrolment.read_request(path)
    except OSError as error:
        raise RequestUnreadableError() from error


# Failures after which the preview is cleared: the coordinator opens the file and compares anew.
_NOT_WHAT_WAS_SHOWN = (RequestUnreadableError, RequestChangedError, FingerprintMismatchError)


class EnrolDeviceDialog(WorkDialog):
    """Enrols the device of a request in ``workspace`` (the archive's, opaque here).

    Signals: ``request_opened(EnrolmentRequest)``, ``device_enrolled(PackSent)``,
    ``enrolment_failed(sentence)``.
    """

    request_opened = Signal(object)
    device_enrolled = Signal(object)
    enrolment_failed = Signal(str)

    def __init__(
        self,
        workspace: Any,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._request: EnrolmentRequest | None = None  # opened, until enrolled or cleared
        self.setWindowTitle(self.tr("Enrol a device"))

        intro = QLabel(
            self.tr(
                "Choose the enrolment request the interviewer brought (a .json file). Enrol the"
                " device only if the interviewer reads you exactly the groups of digits shown."
            )
        )
        intro.setWordWrap(True)
        self.chooser = FileChooser(
            ChooserTexts(
                file=self.tr("Request file"),
                choose=self.tr("C&hoose request…"),
                choose_name=self.tr("Choose the request file"),
                open=self.tr("&Open"),
                open_name=self.tr("Open the request"),
                caption=self.tr("Choose the enrolment request"),
                filters=self.tr("Enrolment requests (*{suffix})").format(suffix=REQUEST_SUFFIX),
            ),
            detect=detect,
        )
        # The chooser's parts, as the tests and the tab order name them.
        self.path_edit = self.chooser.path_edit
        self.choose_button = self.chooser.choose_button
        self.open_button = self.chooser.open_button
        self.device_label = PlainTextLabel()  # typed on the device: plain text only
        self.device_label.setAccessibleName(self.tr("Device label"))
        self.device_label.setWordWrap(True)
        self.fingerprint = fingerprint_label(self.tr("Device key fingerprint, as numbers"))
        self.fingerprint_text = PlainTextLabel()
        self.fingerprint_text.setAccessibleName(self.tr("Device key fingerprint"))
        self.fingerprint_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_box = QCheckBox(
            self.tr("The interviewer read exactly these groups to me, in this order")
        )
        self.confirm_box.setAccessibleName(self.tr("The fingerprint matches"))
        self.destination_label = QLabel(self.tr("Write the enrolment pack &to:"))
        self.picker = DestinationPicker(detect=detect)
        self.destination_label.setBuddy(self.picker)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Working"))
        self.progress_bar.setRange(0, 0)  # reading and enrolling report no steps
        self.progress_bar.setVisible(False)  # until work runs: a busy bar would mislead
        self.status.setAccessibleName(self.tr("Result"))
        self.coordinator_note = QLabel(
            self.tr(
                "Read these groups aloud to the interviewer, who confirms them when applying the"
                " pack on the laptop. They are this archive's own key:"
            )
        )
        self.coordinator_note.setWordWrap(True)
        self.coordinator_fingerprint = fingerprint_label(
            self.tr("Coordinator key fingerprint, as numbers")
        )
        self.enrol_button = QPushButton(self.tr("&Enrol"))
        self.enrol_button.setAccessibleName(self.tr("Enrol the device"))
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        # Enter enrols (when Enrol is enabled) and nothing else; in the path box it opens.
        self.close_button.setAutoDefault(False)
        self.enrol_button.setDefault(True)
        self._lay_out(intro)
        self._reset()

        self.chooser.path_edited.connect(self.on_path_edited)
        self.chooser.open_requested.connect(self.on_open_requested)
        self.confirm_box.toggled.connect(self.on_confirmation_toggled)
        self.picker.destination_changed.connect(self.on_destination_changed)
        self.enrol_button.clicked.connect(self.on_enrol_requested)
        self.close_button.clicked.connect(self.reject)
        self._refuse_unless_archive()

    def _lay_out(self, intro: QLabel) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        layout.addWidget(intro)
        layout.addWidget(self.chooser)
        for widget in (
            self.device_label,
            self.fingerprint,
            self.fingerprint_text,
            self.confirm_box,
            self.destination_label,
            self.picker,
            self.progress_bar,
            self.status,
            self.coordinator_note,
            self.coordinator_fingerprint,
        ):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        order = (
            self.path_edit,
            self.choose_button,
            self.open_button,
            self.confirm_box,
            self.picker,
            self.enrol_button,
            self.close_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _refuse_unless_archive(self) -> None:
        # Said at once rather than after a request is opened and confirmed: the service would
        # refuse anyway, but only once the coordinator had done the comparison for nothing.
        if session.workspace_role(self._workspace) == ARCHIVE_ROLE:
            return
        for widget in (self.chooser, self.picker):
            widget.setEnabled(False)
        self._say(
            self.tr("Devices are enrolled in the archive's workspace; this is a field laptop's.")
        )

    def request_path(self) -> Path | None:
        return self.chooser.path()

    def set_request_path(self, path: Path) -> None:
        """Choose the request at ``path`` and open it (as the file dialog does)."""
        self.chooser.set_path(path)

    # --- choosing and opening ---------------------------------------------------------------

    @Slot()
    def on_path_edited(self) -> None:
        self._reset()

    @Slot(object)
    def on_open_requested(self, path: Path) -> None:
        if self.busy or not self.chooser.isEnabled():
            return
        self._reset()

        workspace = self._workspace

        def read(_progress: ProgressCallback, _cancel: CancelToken) -> EnrolmentRequest:
            request = read_request_file(path)
            # Said now, before the digits are compared for nothing: already enrolled, revoked.
            with session.worker_handle(workspace) as handle:
                enrolment.check_enrollable(handle, request)
            return request

        self._run(read, self.on_request_read, self.tr("Reading the request…"))

    @Slot(object)
    def on_request_read(self, request: EnrolmentRequest) -> None:
        self._set_working(False)
        self._request = request
        self._say("")
        label = request.request.label
        self.device_label.setText(
            self.tr("The request is from the device labelled “{label}”.").format(label=label)
            if label
            else self.tr("The request is from a device without a label.")
        )
        self.fingerprint.setText(spoken_lines(request.fingerprint))
        self.fingerprint_text.setText(
            self.tr("The same key as the interviewer's screen shows it: {fingerprint}").format(
                fingerprint=request.fingerprint
            )
        )
        for widget in (self.device_label, self.fingerprint, self.fingerprint_text):
            widget.setVisible(True)
        self.confirm_box.setVisible(True)
        self.confirm_box.setFocus()
        self._update_enrol()
        self.request_opened.emit(request)

    @Slot(bool)
    def on_confirmation_toggled(self, _checked: bool) -> None:
        self._update_enrol()

    @Slot(object)
    def on_destination_changed(self, _folder: object) -> None:
        self._update_enrol()

    def _update_enrol(self) -> None:
        ready = (
            self._request is not None
            and self.confirm_box.isChecked()
            and self.picker.destination() is not None
        )
        self.enrol_button.setEnabled(ready and not self.busy)

    # --- enrolling --------------------------------------------------------------------------

    @Slot()
    def on_enrol_requested(self) -> None:
        confirmed, path, folder = self._request, self.request_path(), self.picker.destination()
        if self.busy or confirmed is None or path is None or folder is None:
            return
        if not self.confirm_box.isChecked():
            return
        workspace = self._workspace

        def enrol(_progress: ProgressCallback, _cancel: CancelToken) -> PackSent:
            # The file again, not the request in memory: what is enrolled is what the stick
            # holds now, and only if it is the request the coordinator confirmed.
            current = read_request_file(path)
            packs.confirm_fingerprint(
                current.fingerprint, expected=confirmed.fingerprint, confirm=None, whose="device's"
            )
            if current != confirmed:  # the same key, but another label or date: not what was shown
                raise RequestChangedError()
            with session.worker_handle(workspace) as handle:
                return enrolment.issue_enrolment(handle, current, folder)

        self._run(enrol, self.on_device_enrolled, self.tr("Enrolling the device…"))

    @Slot(object)
    def on_device_enrolled(self, sent: PackSent) -> None:
        label = self._request.request.label if self._request is not None else ""
        self._set_working(False)
        self._request = None  # enrolled: Enrol stays off until another request is opened
        self.confirm_box.setEnabled(False)
        self._update_enrol()
        text = (
            self.tr("“{label}” is enrolled. Its enrolment pack: {name}.")
            if label
            else self.tr("The device without a label is enrolled. Its enrolment pack: {name}.")
        )
        self._say(text.format(label=label, name=sent.path.name))
        self.coordinator_fingerprint.setText(
            spoken_lines(sent.coordinator_fingerprint, with_sha256=True)
        )
        self.coordinator_note.setVisible(True)
        self.coordinator_fingerprint.setVisible(True)
        self.close_button.setFocus()
        self.device_enrolled.emit(sent)

    # --- running work -----------------------------------------------------------------------

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        if isinstance(error, _NOT_WHAT_WAS_SHOWN):
            self._reset()  # the file on the stick is not what was shown: compare anew
        sentence = self._failure_sentence(error)
        self._say(sentence)
        self._update_enrol()
        self.enrolment_failed.emit(sentence)

    def _failure_sentence(self, error: BaseException) -> str:
        if isinstance(error, RequestUnreadableError):
            return self.tr(
                "The request file could not be read: check that the drive is connected and the"
                " file is there. Nothing was enrolled."
            )
        if isinstance(error, RequestChangedError | FingerprintMismatchError):
            return self.tr(
                "The request file changed after it was opened, so it is not the request you"
                " confirmed; nothing was enrolled. Open it again and compare the digits anew."
            )
        return error_text(error)

    def _reset(self) -> None:
        self._request = None
        for label in (
            self.device_label,
            self.fingerprint,
            self.fingerprint_text,
            self.coordinator_fingerprint,
        ):
            label.setText("")
            label.setVisible(False)
        self.coordinator_note.setVisible(False)
        self.confirm_box.setChecked(False)
        self.confirm_box.setEnabled(True)
        self.confirm_box.setVisible(False)
        self._say("")
        self._update_enrol()

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        for widget in (
            self.path_edit,
            self.choose_button,
            self.open_button,
            self.confirm_box,
            self.picker,
            self.close_button,
        ):
            widget.setEnabled(not working)
        self.progress_bar.setVisible(working)
        self._update_enrol()
