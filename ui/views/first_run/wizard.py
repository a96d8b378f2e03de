"""The first-run set-up: role, label, passphrase (and custodian), creation, the recovery code
and its read-back, the enrolment request, and what comes next.

Nothing reaches the disk before the Create page. Leaving after creation but before the code was
read back removes the new workspace again (and the custodian file): a workspace whose code no
one wrote down must not be kept. After the read-back the workspace is complete (confirmed on
disk): closing the wizard then finishes it, as Finish does. A set-up cut before the read-back
(a power cut) is no workspace; the wizard opened on its folder removes it and starts over, but
only once Create is pressed (the Create page says so): opening the wizard removes nothing.
An auditor's choice on the first page closes the wizard, having made nothing, and opens the
check of files (``verify_dialog``), which needs no workspace.
"""

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from fieldapp.services import setup
from ui.views.first_run.choice_pages import CustodianPage, LabelPage, PassphrasePage, RolePage
from ui.views.first_run.closing_pages import EnrolmentRequestPage, FinishPage
from ui.views.first_run.create_page import CreatePage
from ui.views.first_run.recovery_pages import ReadBackPage, RecoveryCodePage
from ui.views.first_run.state import PageId, SetupState


class FirstRunWizard(QWizard):
    """Emits ``setup_finished(workspace)`` with the new, unlocked workspace (an opaque handle
    the receiver owns and must lock); ``rejected`` when left before the code was confirmed."""

    setup_finished = Signal(object)

    def __init__(
        self, root: Path, *, key_params: object | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up Fieldapp"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.state = SetupState(root=root, key_params=key_params)
        self.role_page = RolePage(self.state)
        self.label_page = LabelPage(self.state)
        self.passphrase_page = PassphrasePage(self.state)
        self.custodian_page = CustodianPage(self.state)
        self.create_page = CreatePage(self.state)
        self.recovery_code_page = RecoveryCodePage(self.state)
        self.read_back_page = ReadBackPage(self.state)
        self.request_page = EnrolmentRequestPage(self.state)
        self.finish_page = FinishPage(self.state)
        pages = {
            PageId.ROLE: self.role_page,
            PageId.LABEL: self.label_page,
            PageId.PASSPHRASE: self.passphrase_page,
            PageId.CUSTODIAN: self.custodian_page,
            PageId.CREATE: self.create_page,
            PageId.RECOVERY_CODE: self.recovery_code_page,
            PageId.READ_BACK: self.read_back_page,
            PageId.REQUEST: self.request_page,
            PageId.FINISH: self.finish_page,
        }
        for page_id, page in pages.items():
            self.setPage(page_id, page)
        self.setStartId(PageId.ROLE)
        self.role_page.auditor_chosen.connect(self.on_auditor_chosen)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        current = self.currentId()
        coordinator = self.state.coordinator
        following = {
            PageId.ROLE: PageId.LABEL,
            PageId.LABEL: PageId.PASSPHRASE,
            PageId.PASSPHRASE: PageId.CUSTODIAN if coordinator else PageId.CREATE,
            PageId.CUSTODIAN: PageId.CREATE,
            PageId.CREATE: PageId.RECOVERY_CODE,
            PageId.RECOVERY_CODE: PageId.READ_BACK,
            PageId.READ_BACK: PageId.FINISH if coordinator else PageId.REQUEST,
            PageId.REQUEST: PageId.FINISH,
        }
        return int(following.get(PageId(current), -1)) if current >= 0 else -1

    @Slot()
    def on_auditor_chosen(self) -> None:
        """Leave the set-up, having made nothing, for the check of files (over the window the
        wizard was opened on)."""
        from ui.views.verify_dialog import open_verify_dialog  # only when chosen

        parent = self.parentWidget()
        self.reject()
        open_verify_dialog(parent)

    @property
    def busy(self) -> bool:
        return self.create_page.busy or self.request_page.busy

    def forget_passphrases(self) -> None:
        """Blank the passphrase fields once the workspace is made: nothing needs them again."""
        self.passphrase_page.forget()
        self.custodian_page.forget()

    def forget_recovery_code(self) -> None:
        """Blank the code from every widget that showed or took it, and drop it."""
        self.recovery_code_page.forget()
        self.read_back_page.forget()
        self.state.forget_recovery_code()
        # From here on the workspace is kept: leaving means finishing.
        self.setOption(QWizard.WizardOption.NoCancelButton, True)

    def accept(self) -> None:
        if self.busy:
            return
        workspace, self.state.workspace = self.state.workspace, None
        super().accept()
        if workspace is not None:
            self.setup_finished.emit(workspace)

    def reject(self) -> None:
        if self.busy:
            return  # creation cannot stop half-way; it ends within seconds
        if self.state.confirmed:
            self.accept()
            return
        self._discard()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def wait_for_work(self) -> None:
        """Block until work in progress has ended (before the app quits)."""
        self.create_page.wait_for_work()
        self.request_page.wait_for_work()

    def _discard(self) -> None:
        workspace, self.state.workspace = self.state.workspace, None
        if workspace is None:
            return
        setup.discard_workspace(workspace, self.state.custodian_file)  # type: ignore[arg-type]
        self.state.forget_recovery_code()
        self.recovery_code_page.forget()
        self.read_back_page.forget()
