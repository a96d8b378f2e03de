"""Writing this laptop's enrolment request to a drive, for the coordinator (after the first
run, for a device that skipped it or whose request was lost)."""

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.services import session, setup
from ui.error_text import error_text
from ui.widgets.destination_picker import DestinationPicker
from ui.widgets.fingerprint_text import spoken_lines
from ui.widgets.plain_text_label import PlainTextLabel

DIALOG_MIN_WIDTH = 640


class EnrolmentRequestDialog(QDialog):
    """Writing is a small file: it runs on the GUI thread."""

    def __init__(self, workspace: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle(self.tr("Write enrolment request"))
        intro = QLabel(
            self.tr(
                "Take the request to the coordinator. When the coordinator issues this laptop's"
                " enrolment pack, read these digits to each other: they must match."
            )
        )
        intro.setWordWrap(True)
        fingerprint = session.workspace_fingerprint(workspace)  # type: ignore[arg-type]
        self.fingerprint = PlainTextLabel(spoken_lines(fingerprint, with_sha256=True))
        self.fingerprint.setAccessibleName(self.tr("This laptop's fingerprint"))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        font = self.fingerprint.font()
        font.setFamily("monospace")
        self.fingerprint.setFont(font)
        self.destination = DestinationPicker(self)
        self.write_button = QPushButton(self.tr("&Write request"))
        self.write_button.setDefault(True)
        self.result_text = PlainTextLabel()
        self.result_text.setWordWrap(True)
        self.result_text.setAccessibleName(self.tr("Result"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)  # a sentence reads on one line or two
        for widget in (intro, self.fingerprint, self.destination, self.write_button):
            layout.addWidget(widget)
        layout.addWidget(self.result_text)
        layout.addWidget(buttons)
        self.write_button.clicked.connect(self.on_write_requested)

    @Slot()
    def on_write_requested(self) -> None:
        folder = self.destination.destination()
        if folder is None:
            self._say(self.tr("Choose a drive or a folder first."))
            return
        try:
            path = setup.write_enrolment_request(self._workspace, folder)  # type: ignore[arg-type]
        except Exception as error:  # every failure becomes one sentence
            self._say(error_text(error))
            return
        self._say(self.tr("Written: {name}").format(name=path.name))

    def _say(self, text: str) -> None:
        """Show ``text`` and let the dialog grow to it: a top-level window does not follow its
        wrapped labels' heights by itself, and a clipped summary or fingerprint misleads."""
        self.result_text.setText(text)
        QTimer.singleShot(0, self, self.adjustSize)  # dropped if the dialog is gone
