"""The recovery code: shown once, then two of its groups typed back from the paper.

Reading back proves the code reached the paper before the only copy on screen goes away. The
code never goes to the clipboard; after the read-back it is blanked from the display and the
fields, and dropped from the shared state.
"""

import secrets

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from fieldapp.errors import FieldappError
from fieldapp.services import setup
from fieldapp.services.recovery_code import GROUPS_TO_READ_BACK, normalise_group
from ui.error_text import error_text
from ui.views.first_run.state import SetupState
from ui.widgets.plain_text_label import PlainTextLabel
from ui.widgets.recovery_code_display import RecoveryCodeDisplay, code_groups


class RecoveryCodePage(QWizardPage):
    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.setTitle(self.tr("Your recovery code"))
        self.setSubTitle(self.tr("Write it on paper now. It is shown only this once."))
        self.display = RecoveryCodeDisplay()
        self.display.setAccessibleName(self.tr("Recovery code"))
        advice = PlainTextLabel(
            self.tr(
                "It opens the workspace if the passphrase is forgotten. Keep the paper apart from"
                " the laptop, where no one searching the laptop's bag would find it. Do not"
                " photograph it or type it anywhere else."
            )
        )
        advice.setWordWrap(True)
        self.written = QCheckBox(self.tr("I have &written the code on paper"))
        self.written.setAccessibleName(self.tr("I have written the code on paper"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.display)
        layout.addWidget(advice)
        layout.addWidget(self.written)
        layout.addStretch()
        self.written.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self._state.recovery_code is not None:
            self.display.show_code(self._state.recovery_code)
        self.written.setFocus()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.written.isChecked()

    def forget(self) -> None:
        self.display.wipe()


class ReadBackPage(QWizardPage):
    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.asked: list[int] = []  # indices of the groups asked for, from 0
        self.setTitle(self.tr("Check what you wrote"))
        self.setSubTitle(self.tr("Type these two groups of the code from your paper."))
        self.setCommitPage(True)  # after it the code is gone: no page can go back to it
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Continue"))
        self.fields = [QLineEdit() for _ in range(GROUPS_TO_READ_BACK)]
        self.labels = [QLabel() for _ in range(GROUPS_TO_READ_BACK)]
        form = QFormLayout()
        for label, field in zip(self.labels, self.fields, strict=True):
            field.setMaxLength(8)  # a group is 4; room for stray spaces
            field.textChanged.connect(self.on_text_changed)
            label.setBuddy(field)
            form.addRow(label, field)
        self.status = PlainTextLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Read-back status"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        count = len(code_groups(self._state.recovery_code or ""))
        self.asked = sorted(secrets.SystemRandom().sample(range(count), GROUPS_TO_READ_BACK))
        for label, field, index in zip(self.labels, self.fields, self.asked, strict=True):
            name = self.tr("Group %1").replace("%1", str(index + 1))
            field.clear()
            field.setAccessibleName(name)
            label.setText(name)
        self.status.setText("")
        self.fields[0].setFocus()

    def _matches(self) -> list[bool]:
        groups = code_groups(self._state.recovery_code or "")
        return [
            bool(groups) and normalise_group(field.text()) == groups[index]
            for field, index in zip(self.fields, self.asked, strict=True)
        ]

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.asked) and all(self._matches())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if not self.isComplete():
            return False
        # Until this, a power cut leaves no workspace (the next start sets up again): one
        # whose code no one wrote down must never be kept.
        try:
            setup.confirm_setup(self._state.root)
        except (FieldappError, OSError) as error:
            self.status.setText(error_text(error))
            return False
        self._state.confirmed = True
        wizard = self.wizard()
        forget = getattr(wizard, "forget_recovery_code", None)
        if forget is not None:
            forget()
        return True

    def forget(self) -> None:
        for field in self.fields:
            field.blockSignals(True)  # no re-check of a code that is gone
            field.clear()
            field.blockSignals(False)
        self.asked = []

    @Slot()
    def on_text_changed(self) -> None:
        complete_groups = [len(normalise_group(f.text())) >= 4 for f in self.fields]
        wrong = [
            done and not right for done, right in zip(complete_groups, self._matches(), strict=True)
        ]
        self.status.setText(
            self.tr("That does not match the code. Look at your paper again, or go Back to it.")
            if any(wrong)
            else ""
        )
        self.completeChanged.emit()
