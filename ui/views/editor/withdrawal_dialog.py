"""Recording a withdrawal of consent: which uses, how it was received, by whom, notes."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import ConsentScope, WithdrawalChannel
from ui.views.editor.consent_texts import channel_text, scope_title
from ui.widgets.plain_text_label import PlainTextLabel


class WithdrawalDialog(QDialog):
    """Accepted with at least one use chosen; read the choice with ``scopes()`` and the rest."""

    def __init__(self, received_by: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a withdrawal of consent"))
        intro = PlainTextLabel(
            self.tr(
                "Choose the uses the witness withdrew. Withdrawing archiving withdraws every "
                "use that draws on the archived testimony."
            )
        )
        intro.setWordWrap(True)
        self.scope_boxes: dict[ConsentScope, QCheckBox] = {}
        for scope in ConsentScope:
            box = QCheckBox(scope_title(scope))
            box.setAccessibleName(scope_title(scope))
            box.toggled.connect(self.on_choice_changed)
            self.scope_boxes[scope] = box
        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("How the withdrawal was received"))
        for channel in WithdrawalChannel:
            self.channel.addItem(channel_text(channel), channel.value)
        self.received_by = QLineEdit(received_by)
        self.received_by.setAccessibleName(self.tr("Received by"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes on the withdrawal"))
        self.notes.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            self.tr("&Record withdrawal"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setEnabled(False)

        form = QFormLayout()
        form.addRow(self.tr("&How"), self.channel)
        form.addRow(self.tr("Received &by"), self.received_by)
        form.addRow(self.tr("&Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for box in self.scope_boxes.values():
            layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.received_by.textChanged.connect(self.on_choice_changed)

    @Slot()
    def on_choice_changed(self) -> None:
        self.record_button.setEnabled(bool(self.scopes()) and bool(self.received_by.text().strip()))

    def scopes(self) -> list[ConsentScope]:
        return [scope for scope, box in self.scope_boxes.items() if box.isChecked()]

    def channel_code(self) -> str:
        return str(self.channel.currentData())

    def notes_text(self) -> str | None:
        return self.notes.toPlainText().strip() or None
