"""Creating the workspace, on a worker: Argon2id takes about half a second, and an archive's
custodian file a second more (scrypt), so the window must keep repainting meanwhile.

This is a commit page: once the workspace exists, Back cannot lead to making a second one. A
failure shows one sentence and leaves nothing on disk (the service undoes what it began).
"""

from typing import cast

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWizard

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import setup
from ui.views.first_run.state import SetupState
from ui.views.first_run.working_page import WorkingPage
from ui.widgets.plain_text_label import PlainTextLabel


class CreatePage(WorkingPage):
    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self._state = state
        self.setTitle(self.tr("Create the workspace"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create the workspace"))
        self.summary = PlainTextLabel()  # holds a path and a label: text from outside
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What will be created"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # one step that cannot report progress: a busy bar
        self.progress.setAccessibleName(self.tr("Creating"))
        self.progress.hide()
        self.status = PlainTextLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Creation status"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self._state
        role = self.tr("Coordinator (archive)") if state.coordinator else self.tr("Interviewer")
        lines = [
            self.tr("Role: %1").replace("%1", role),
            self.tr("Label: %1").replace("%1", state.label or self.tr("(none)")),
            self.tr("Folder: %1").replace("%1", str(state.root)),
        ]
        if state.custodian_file is not None:
            lines.append(self.tr("Custodian file: %1").replace("%1", str(state.custodian_file)))
        if setup.setup_unfinished(state.root):
            # Pressing Create starts that set-up over: said before, since it removes files.
            lines.append(
                self.tr(
                    "An earlier set-up of this folder was cut before its recovery code was"
                    " confirmed: creating removes what it left (its keys, its empty database"
                    " and the custodian file it wrote)."
                )
            )
        self.summary.setText("\n".join(lines))
        self.status.setText("")

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self._state.workspace is not None:
            return True  # the worker has finished: move on
        if not self.busy:
            self._start()
        return False

    def _start(self) -> None:
        state = self._state
        role = setup.ARCHIVE if state.coordinator else setup.INTERVIEWER
        custodian = None
        if state.coordinator and state.custodian_file is not None:
            custodian = setup.CustodianOptions(
                state.custodian_file, state.custodian_passphrase, state.classic
            )
        root, passphrase, label, key_params = (
            state.root,
            state.passphrase,
            state.label,
            state.key_params,
        )

        def create(_progress: ProgressCallback, _cancel: CancelToken) -> object:
            return setup.create_workspace(
                root, role, passphrase, label=label, custodian=custodian, key_params=key_params
            )

        self._run(create, self.on_created, self.tr("Creating the workspace…"))

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self._state.working = working
        self.progress.setVisible(working)
        self.setEnabled(not working)
        self.completeChanged.emit()  # after this the wizard has set its buttons; then ours
        wizard = cast(QWizard, self.wizard())
        if wizard is not None:
            for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
                wizard.button(which).setEnabled(not working)

    @Slot(object)
    def on_created(self, result: setup.SetupResult) -> None:
        self._state.take(result)
        self._set_working(False)
        self.status.setText(self.tr("The workspace was created."))
        wizard = self.wizard()
        forget = getattr(wizard, "forget_passphrases", None)
        if forget is not None:
            forget()
        if wizard is not None:
            wizard.next()
