"""Driving the first-run wizard through its pages with real clicks and keys (no tests here)."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from crypto import keywrap
from fieldapp.services.setup import WorkFactors
from ui.views.first_run import FirstRunWizard
from ui.views.first_run.state import PageId

PASSPHRASE = "amber lantern quietly folds 말"
CUSTODIAN_PASSPHRASE = "velvet harbour ninety owls 보관"
#: Fast Argon2id, and a fast scrypt for the custodian file (the real one takes 1 GiB).
FAST = WorkFactors(keywrap.TEST_PARAMS, 10)
CREATION_TIMEOUT_MS = 20_000


class Driver:
    def __init__(self, qtbot, wizard: FirstRunWizard) -> None:
        self.qtbot = qtbot
        self.wizard = wizard

    @property
    def page(self) -> int:
        return self.wizard.currentId()

    def forward_button(self):
        wizard = self.wizard
        if wizard.currentId() == PageId.FINISH:
            return wizard.button(QWizard.WizardButton.FinishButton)
        if wizard.currentPage().isCommitPage():
            return wizard.button(QWizard.WizardButton.CommitButton)
        return wizard.button(QWizard.WizardButton.NextButton)

    def forward(self) -> None:
        button = self.forward_button()
        assert button.isEnabled()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def type_into(self, widget, text: str) -> None:
        """Put ``text`` in a field as one edit. Typing key by key is tested once, in the keyboard
        test: PySide6 6.12.0 loses a reference to True at every signal emitted from Python
        (see test_signal_refcount.py), and each key emits several."""
        widget.setFocus()
        widget.setText(text)

    def choose_role(self, coordinator: bool = False) -> None:
        assert self.page == PageId.ROLE
        page = self.wizard.role_page
        button = page.coordinator if coordinator else page.interviewer
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.forward()

    def give_label(self, label: str) -> None:
        assert self.page == PageId.LABEL
        self.type_into(self.wizard.label_page.label, label)
        self.forward()

    def give_passphrase(self, passphrase: str = PASSPHRASE, again: str | None = None) -> None:
        assert self.page == PageId.PASSPHRASE
        form = self.wizard.passphrase_page.form
        self.type_into(form.passphrase, passphrase)
        self.type_into(form.confirmation, passphrase if again is None else again)

    def give_custodian(self, path: Path, passphrase: str = CUSTODIAN_PASSPHRASE) -> None:
        assert self.page == PageId.CUSTODIAN
        page = self.wizard.custodian_page
        self.type_into(page.file, str(path))
        self.type_into(page.form.passphrase, passphrase)
        self.type_into(page.form.confirmation, passphrase)

    def create(self) -> None:
        assert self.page == PageId.CREATE
        self.forward()
        self.qtbot.waitUntil(lambda: self.page == PageId.RECOVERY_CODE, timeout=CREATION_TIMEOUT_MS)

    def take_recovery_code(self) -> str:
        assert self.page == PageId.RECOVERY_CODE
        display = self.wizard.recovery_code_page.display
        code = display.text()
        # Shown only: it cannot be selected or copied to the clipboard.
        assert all(
            group.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
            for group in display.groups
        )
        assert not self.forward_button().isEnabled()  # not before it is written down
        self.qtbot.keyClick(self.wizard.recovery_code_page.written, Qt.Key.Key_Space)
        assert self.wizard.recovery_code_page.written.isChecked()
        self.forward()
        return code

    def read_back(self, code: str) -> None:
        assert self.page == PageId.READ_BACK
        page = self.wizard.read_back_page
        groups = code.split("-")
        for field, index in zip(page.fields, page.asked, strict=True):
            self.type_into(field, groups[index].lower())  # lower case is forgiven
        self.forward()


def make_wizard(qtbot, root: Path, key_params: object = FAST) -> Driver:
    wizard = FirstRunWizard(root, key_params=key_params)
    qtbot.addWidget(wizard)
    wizard.show()
    return Driver(qtbot, wizard)
