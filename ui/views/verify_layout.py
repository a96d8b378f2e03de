"""The widgets of the auditor's "Verify files" dialog and how they are laid out: a base of
``VerifyDialog`` (``verify_dialog``), which connects them and does the work.

Their texts keep the dialog's translation context (``VerifyDialog``), as ``verify_choosers``'s.
"""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from ui.views.export_dialog import PROGRESS_STEPS
from ui.views.verify_panel import ResultPanel, plain_list
from ui.views.work_dialog import WorkDialog

DIALOG_MIN_WIDTH = 720
translate = QCoreApplication.translate


class VerifyDialogWidgets(WorkDialog):
    """The dialog's widgets, made and laid out; ``VerifyDialog`` gives them their work."""

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        return button

    def _make_widgets(self) -> None:
        self.intro = QLabel(
            translate(
                "VerifyDialog",
                "Check that bundles and packs are signed by enrolled keys, unbroken and in"
                " sequence. No secret is needed, and nothing is changed: the files are only read.",
            )
        )
        self.intro.setWordWrap(True)
        self.file_list = plain_list(translate("VerifyDialog", "Files to check"))
        self.add_files_button = self._button(
            translate("VerifyDialog", "Add &files…"), translate("VerifyDialog", "Add files")
        )
        self.add_folder_button = self._button(
            translate("VerifyDialog", "Add a f&older…"), translate("VerifyDialog", "Add a folder")
        )
        self.clear_button = self._button(
            translate("VerifyDialog", "Cl&ear"), translate("VerifyDialog", "Clear the files")
        )
        self.roster_edit = QLineEdit()
        self.roster_edit.setAccessibleName(translate("VerifyDialog", "Roster file"))
        self.roster_edit.setPlaceholderText(
            translate(
                "VerifyDialog",
                "roster.json (with roster.json.sig beside it), or an allowed_signers file",
            )
        )
        self.roster_button = self._button(
            translate("VerifyDialog", "Choose &roster…"),
            translate("VerifyDialog", "Choose the roster"),
        )
        self.coordinator_edit = QLineEdit()
        self.coordinator_edit.setAccessibleName(
            translate("VerifyDialog", "Coordinator key fingerprint")
        )
        self.coordinator_edit.setPlaceholderText(
            translate("VerifyDialog", "optional: SHA256:…, or the 80 digits read aloud")
        )
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(translate("VerifyDialog", "Verification progress"))
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.status.setAccessibleName(translate("VerifyDialog", "Verification status"))
        self.result = ResultPanel()
        self.verify_button = self._button(
            translate("VerifyDialog", "&Verify"), translate("VerifyDialog", "Verify the files")
        )
        self.verify_button.setDefault(True)
        self.cancel_button = self._button(
            translate("VerifyDialog", "&Cancel"), translate("VerifyDialog", "Cancel the check")
        )
        self.save_button = self._button(
            translate("VerifyDialog", "&Save the report…"),
            translate("VerifyDialog", "Save the report as JSON"),
        )
        self.close_button = self._button(
            translate("VerifyDialog", "C&lose"), translate("VerifyDialog", "Close")
        )

    def _lay_out(self) -> None:
        file_buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.clear_button):
            file_buttons.addWidget(button)
        file_buttons.addStretch()
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.roster_edit)
        roster_row.addWidget(self.roster_button)
        form = QFormLayout()
        roster_label = QLabel(translate("VerifyDialog", "Roster:"))
        roster_label.setBuddy(self.roster_edit)  # a row of two: Qt names no buddy by itself
        form.addRow(roster_label, roster_row)
        form.addRow(translate("VerifyDialog", "Coordinator key:"), self.coordinator_edit)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.verify_button, self.cancel_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
        layout.addWidget(self.intro)
        layout.addWidget(self.file_list)
        layout.addLayout(file_buttons)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.result, 1)
        layout.addLayout(buttons)
