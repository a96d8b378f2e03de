"""Sending a lost bundle's records again, when the coordinator asks (the stick never arrived).

Marking is one small transaction, so it runs on the GUI thread; the records, and the openings the
lost bundle carried (logged again), then leave with the next export.
"""

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from fieldapp.services import export_resend
from ui.error_text import error_text
from ui.widgets.plain_text_label import PlainTextLabel

#: A device exports far fewer bundles than this in its life; the service refuses any it never sent.
MAX_SEQUENCE = 1_000_000


class ResendDialog(QDialog):
    """Emits ``bundle_resent(result)`` once the records were marked to travel again."""

    bundle_resent = Signal(object)

    def __init__(self, workspace: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setWindowTitle(self.tr("Send a lost bundle again"))
        intro = QLabel(
            self.tr(
                "Only when the coordinator says a bundle never arrived: its records go again in"
                " the next export. The reason stays on this laptop."
            )
        )
        intro.setWordWrap(True)
        self.sequence = QSpinBox()
        self.sequence.setRange(1, MAX_SEQUENCE)
        self.sequence.setAccessibleName(self.tr("Number of the lost bundle"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("For example: the stick was lost on the way"))
        self.resend_button = QPushButton(self.tr("&Send again"))
        self.resend_button.setDefault(True)
        self.status = PlainTextLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Result"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(intro)
        number_label = QLabel(self.tr("&Bundle number"))
        number_label.setBuddy(self.sequence)
        reason_label = QLabel(self.tr("&Reason"))
        reason_label.setBuddy(self.reason)
        form.addRow(number_label, self.sequence)
        form.addRow(reason_label, self.reason)
        form.addRow(self.resend_button)
        form.addRow(self.status)
        form.addRow(buttons)
        self.resend_button.clicked.connect(self.on_resend_requested)

    @Slot()
    def on_resend_requested(self) -> None:
        try:
            result = export_resend.resend_bundle(
                self._workspace,  # type: ignore[arg-type]
                self.sequence.value(),
                reason=self.reason.text(),
            )
        except Exception as error:  # every failure becomes one sentence; nothing was changed
            self.status.setText(error_text(error))
            return
        text = self.tr("The records of bundle %1 will go in the next export.")
        text = text.replace("%1", str(result.sequence))
        if result.held_back:
            held = self.tr(
                "%n testimony version(s) stay here: consent no longer allows it.",
                "",
                result.held_back,
            )
            text = f"{text} {held}"
        if result.openings:
            restated = self.tr(
                "%n opening(s) it carried are logged again and go with the next export.",
                "",
                result.openings,
            )
            text = f"{text} {restated}"
        self.status.setText(text)
        self.resend_button.setEnabled(False)
        self.bundle_resent.emit(result)
