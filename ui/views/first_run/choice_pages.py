"""The first pages: the role, the label, the passphrase, and for an archive its custodian.

Nothing is written to disk on these pages: cancelling here leaves nothing behind. An auditor's
choice on the first page leaves the set-up for the check of files, with nothing made.
"""

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from fieldapp.services import setup
from fieldapp.services.setup_checks import LABEL_MAX_CHARS
from ui.views.first_run.state import SetupState
from ui.widgets import file_dialogs
from ui.widgets.new_passphrase import NewPassphraseForm
from ui.widgets.plain_text_label import PlainTextLabel

CUSTODIAN_SUFFIX = ".age"


def _note(text: str) -> PlainTextLabel:
    label = PlainTextLabel(text)
    label.setWordWrap(True)
    return label


class RolePage(QWizardPage):
    """The role; an auditor's choice makes nothing: it asks for the check of files instead
    (``auditor_chosen``), which needs no workspace and no secret."""

    auditor_chosen = Signal()

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self._next_text: str | None = None
        self.setTitle(self.tr("Welcome to Fieldapp"))
        self.setSubTitle(self.tr("First, say what this computer is for."))
        self.interviewer = QRadioButton(self.tr("&Interviewer: a field laptop"))
        self.interviewer.setAccessibleName(self.tr("Interviewer"))
        self.coordinator = QRadioButton(self.tr("&Coordinator: the archive workstation"))
        self.coordinator.setAccessibleName(self.tr("Coordinator"))
        self.auditor = QRadioButton(
            self.tr("I only check &files (auditor): no workspace, no secret")
        )
        self.auditor.setAccessibleName(self.tr("Auditor"))
        self.interviewer.setChecked(True)
        group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for button, note in (
            (
                self.interviewer,
                self.tr("Records testimonies and sends them to the archive in sealed bundles."),
            ),
            (
                self.coordinator,
                self.tr("Enrols field laptops, imports their bundles and keeps the archive."),
            ),
            (
                self.auditor,
                self.tr(
                    "Checks that bundles and packs are signed by enrolled devices, unbroken and"
                    " in sequence. Nothing is set up on this computer."
                ),
            ),
        ):
            group.addButton(button)
            layout.addWidget(button)
            layout.addWidget(_note(note))
        layout.addStretch()
        self.auditor.toggled.connect(self.on_auditor_toggled)

    @Slot(bool)
    def on_auditor_toggled(self, checked: bool) -> None:
        """Next opens the check, and says so."""
        wizard = self.wizard()
        if wizard is None:
            return
        next_button = QWizard.WizardButton.NextButton
        if self._next_text is None:
            self._next_text = wizard.buttonText(next_button)
        wizard.setButtonText(next_button, self.tr("&Verify files…") if checked else self._next_text)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.auditor.isChecked():
            self.auditor_chosen.emit()  # the wizard closes, creating nothing
            return False
        self._state.coordinator = self.coordinator.isChecked()
        return True


class LabelPage(QWizardPage):
    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.setTitle(self.tr("A name for this computer"))
        self.label = QLineEdit()
        self.label.setMaxLength(LABEL_MAX_CHARS)
        self.label.setAccessibleName(self.tr("Label"))
        self.label.setPlaceholderText(self.tr("for example: Laptop 3"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(
            _note(
                self.tr(
                    "The coordinator and auditors see this label. Use a neutral name, never a"
                    " person's name or a place."
                )
            )
        )
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self._state.coordinator:
            self.setSubTitle(self.tr("How the archive is named in its packs."))
        else:
            self.setSubTitle(self.tr("How the coordinator will know this laptop."))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        self._state.label = self.label.text().strip()
        return True


class PassphrasePage(QWizardPage):
    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.setTitle(self.tr("The passphrase"))
        self.setSubTitle(self.tr("It opens the workspace each time. Type it twice."))
        self.form = NewPassphraseForm(self.tr("Passphrase"))
        self.warning = _note(
            self.tr(
                "If both the passphrase and the recovery code (shown next) are lost, no one can"
                " open this workspace again: its data is lost."
            )
        )
        self.warning.setAccessibleName(self.tr("Warning"))
        self.status = _note("")
        self.status.setAccessibleName(self.tr("Passphrase problem"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.warning)
        layout.addStretch()
        self.form.changed.connect(self.on_form_changed)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.form.set_context([self._state.label])
        self.form.passphrase.setFocus()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.form.problem() is None

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.form.problem() is not None:
            return False
        self._state.passphrase = self.form.text()
        return True

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        self._state.passphrase = ""  # Back: not kept while another page is shown

    def forget(self) -> None:
        self.form.clear()
        self.status.setText("")

    @Slot()
    def on_form_changed(self) -> None:
        typed = bool(self.form.passphrase.text())
        self.status.setText((self.form.problem() or "") if typed else "")
        self.completeChanged.emit()


class CustodianPage(QWizardPage):
    """For an archive: the custodian's file (kept apart) and the custodian's own passphrase."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.setTitle(self.tr("The custodian"))
        self.setSubTitle(
            self.tr(
                "Witness identities are encrypted to the custodian alone. Their key goes into a"
                " file that you hand to the custodian."
            )
        )
        self.file = QLineEdit()
        self.file.setAccessibleName(self.tr("Custodian file"))
        self.file.setPlaceholderText(self.tr("for example: a removable drive's custodian.age"))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.setAccessibleName(self.tr("Choose where to write the custodian file"))
        self.form = NewPassphraseForm(self.tr("Custodian's passphrase"))
        self.classic = QCheckBox(self.tr("C&lassic keys"))
        self.classic.setAccessibleName(self.tr("Classic keys"))
        classic_note = _note(
            self.tr(
                "Only for age tools older than 1.3: classic keys are not protected against future"
                " quantum computers."
            )
        )
        self.status = _note("")
        self.status.setAccessibleName(self.tr("Custodian problem"))
        row = QHBoxLayout()
        row.addWidget(self.file)
        row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.classic)
        layout.addWidget(classic_note)
        layout.addStretch()
        self.setTabOrder(self.file, self.choose)
        self.setTabOrder(self.choose, self.form.passphrase)
        self.setTabOrder(self.form.confirmation, self.classic)
        self.choose.clicked.connect(self.on_choose_requested)
        self.file.textChanged.connect(self.on_changed)
        self.form.changed.connect(self.on_changed)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.form.set_context([self._state.label])
        self.form.must_differ_from(self._state.passphrase)
        self.file.setFocus()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.file.text().strip()) and self.form.problem() is None

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        path = Path(self.file.text().strip()).expanduser()
        problem = self._path_problem(path)
        if problem is not None:
            self.status.setText(problem)
            return False
        self._state.custodian_file = path
        self._state.custodian_passphrase = self.form.text()
        self._state.classic = self.classic.isChecked()
        return True

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        self._state.custodian_passphrase = ""

    def forget(self) -> None:
        self.form.clear()

    def _path_problem(self, path: Path) -> str | None:
        if not path.is_absolute():
            return self.tr("Give the custodian file's full path, or choose it.")
        # The file a cut set-up of this folder wrote may be named again: Create removes it.
        if path.exists() and path != setup.unfinished_custodian_file(self._state.root):
            return self.tr("A file of that name is already there; choose another name.")
        if path.resolve().is_relative_to(self._state.root.resolve()):
            return self.tr("Keep the custodian file apart from the archive, not inside its folder.")
        if not path.parent.is_dir():
            return self.tr("That folder does not exist; choose another place.")
        return None

    @Slot()
    def on_choose_requested(self) -> None:
        chosen = file_dialogs.save_file(
            self,
            self.tr("Where to write the custodian file"),
            str(Path.home() / f"custodian{CUSTODIAN_SUFFIX}"),
            self.tr("age files (*.age)"),
        )
        if chosen:
            self.file.setText(chosen)

    @Slot()
    def on_changed(self) -> None:
        typed = bool(self.form.passphrase.text())
        self.status.setText((self.form.problem() or "") if typed else "")
        self.completeChanged.emit()
