"""The auditor's check: are these bundles and packs signed by enrolled keys, unbroken and in
sequence? No workspace and no passphrase: everything checked is public.

The auditor chooses the files (several at once, or a whole folder such as a stick's), the
roster (``roster.json`` with its ``.sig`` beside it, or an OpenSSH allowed_signers file) and,
if they have it, the coordinator key's fingerprint they confirmed with the coordinator. The
check runs on a worker (``verify_work``) with a progress bar and Cancel, and so do a folder's
search (a stick's folder may hold a million files) and the report's write (a stick may take
seconds to sync it): nothing that waits on a drive runs on the window's thread. The result is
shown as plain text only (``verify_report_text``): a verdict ("verified" only against a roster
whose key the auditor confirmed), the roster's line (and, when its key was not confirmed, the
key's digits to compare aloud), a line per file and per chain. "Save the report…" writes the
same JSON as ``fieldapp verify --json``. Its widgets are made and laid out in ``verify_layout``.
"""

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from fieldapp.errors import Cancelled, RosterRejectedError
from fieldapp.services import verification
from fieldapp.services.fingerprints import parse_fingerprint
from ui import workers
from ui.error_text import error_text
from ui.reason_texts import shown
from ui.storage import Drive, detect_drives
from ui.views import verify_report_text
from ui.views.export_dialog import PROGRESS_STEPS
from ui.views.verify_choosers import Choosers
from ui.views.verify_layout import VerifyDialogWidgets
from ui.views.verify_work import Checked, FolderFiles, check_files, list_folder, save_report

#: The work besides a check (``VerifyDialog._work_kind``).
_SEARCH = "search"
_SAVE = "save"


class VerifyDialog(VerifyDialogWidgets):
    """Checks files against a roster, with no secret.

    Signals: ``verification_finished(Checked)`` after a check that ran to its end,
    ``verification_failed(sentence)`` when it could not run or was cancelled,
    ``report_saved(path)`` once the JSON report is written.
    """

    verification_finished = Signal(object)
    verification_failed = Signal(str)
    report_saved = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        detect: Callable[[], list[Drive]] = detect_drives,
        choosers: Choosers | None = None,
    ) -> None:
        super().__init__(parent)
        self._detect = detect
        self._choose = choosers or Choosers()
        self._paths: list[Path] = []
        #: What the work running is: a check (``None``), a folder's search or a report's save.
        self._work_kind: str | None = None
        self.checked: Checked | None = None
        self.setWindowTitle(self.tr("Verify files"))
        self._make_widgets()
        self._lay_out()
        self._connect()
        self._set_working(False)
        self.add_files_button.setFocus()

    def _connect(self) -> None:
        self.add_files_button.clicked.connect(self.on_add_files_requested)
        self.add_folder_button.clicked.connect(self.on_add_folder_requested)
        self.clear_button.clicked.connect(self.on_clear_requested)
        self.roster_button.clicked.connect(self.on_choose_roster_requested)
        self.roster_edit.textEdited.connect(self.on_input_edited)
        self.coordinator_edit.textEdited.connect(self.on_input_edited)
        self.verify_button.clicked.connect(self.on_verify_requested)
        self.cancel_button.clicked.connect(self.on_cancel_requested)
        self.save_button.clicked.connect(self.on_save_requested)
        self.close_button.clicked.connect(self.reject)

    # --- what is checked --------------------------------------------------------------------

    def file_paths(self) -> list[Path]:
        return list(self._paths)

    def add_file_paths(self, paths: Sequence[Path]) -> None:
        """Add these files to those chosen (each once, in the order given)."""
        if self.busy:
            return
        self._paths = list(dict.fromkeys([*self._paths, *(Path(path) for path in paths)]))
        self.file_list.clear()
        # The name (with its folder only where two share it), and no tooltip: Qt shows a
        # tooltip that looks like HTML as HTML.
        names = verify_report_text.file_names(self._paths)
        self.file_list.addItems([names[str(path)] for path in self._paths])
        self._forget_result()

    def set_roster_path(self, path: Path) -> None:
        self.roster_edit.setText(str(path))
        self._forget_result()

    def set_coordinator_text(self, text: str) -> None:
        self.coordinator_edit.setText(text)
        self._forget_result()

    def _start_folder(self) -> Path:
        drives = self._detect()
        return drives[0].path if drives else Path.home()

    @Slot()
    def on_add_files_requested(self) -> None:
        chosen = self._choose.files(self, self._start_folder())
        if chosen:
            self.add_file_paths(chosen)

    @Slot()
    def on_add_folder_requested(self) -> None:
        """Search the chosen folder on a worker (with Cancel): a stick's folder may hold a
        million files, and the window must not freeze while they are listed."""
        folder = self._choose.folder(self, self._start_folder())
        if folder is None or self.busy:
            return
        self._work_kind = _SEARCH
        self._run(
            list_folder(folder),
            self.on_folder_listed,
            self.tr("Looking for bundles and packs in the folder…"),
        )
        self.progress_bar.setRange(0, 0)  # how many files there are is not known: busy

    @Slot(object)
    def on_folder_listed(self, listed: FolderFiles) -> None:
        self._set_working(False)
        if listed.too_many:
            self._say(
                self.tr(
                    "That folder holds more than {count} bundles and packs, more than one check"
                    " takes: choose a folder inside it, or add the files in parts."
                ).format(count=verification.MAX_FOLDER_FILES)
            )
        elif not listed.paths:
            self._say(self.tr("That folder holds no bundles (.fieldbundle) or packs (.fieldpack)."))
        else:
            self.add_file_paths(listed.paths)

    @Slot()
    def on_clear_requested(self) -> None:
        if not self.busy:
            self._paths = []
            self.file_list.clear()
            self._forget_result()

    @Slot()
    def on_choose_roster_requested(self) -> None:
        chosen = self._choose.roster(self, self._start_folder())
        if chosen is not None:
            self.set_roster_path(chosen)

    @Slot()
    def on_input_edited(self) -> None:
        self._forget_result()

    # --- the check --------------------------------------------------------------------------

    @Slot()
    def on_verify_requested(self) -> None:
        if self.busy or not self._paths:
            return
        roster = self.roster_edit.text().strip()
        if not roster:
            self._refuse(
                self.tr(
                    "Choose the roster first: roster.json from the coordinator, or an"
                    " allowed_signers file."
                )
            )
            return
        coordinator = self._coordinator()
        if coordinator == "":
            return
        worker = workers.Worker(check_files(self._paths, Path(roster), coordinator))
        worker.progress.connect(self.on_progress)
        worker.succeeded.connect(self.on_verified)
        worker.failed.connect(self.on_work_failed)
        worker.cancelled.connect(self.on_work_cancelled)
        self._forget_result()
        self._set_working(True)
        self._say(self.tr("Checking the files…"))
        self._start(worker)

    def _coordinator(self) -> str | None:
        """The fingerprint entered (``SHA256:…``), None if none; "" once refused as none."""
        text = self.coordinator_edit.text().strip()
        if not text:
            return None
        try:
            return parse_fingerprint(text)
        except ValueError:
            self._refuse(
                self.tr(
                    "The coordinator key's fingerprint is not one: give it as SHA256: and 43"
                    " characters, as printed, or as the 80 digits read aloud (sixteen groups of"
                    " five)."
                )
            )
            self.coordinator_edit.setFocus()
            return ""

    @Slot(object, object)
    def on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(done if total else 0)

    @Slot(object)
    def on_verified(self, checked: Checked) -> None:
        self._set_working(False)
        self.checked = checked
        self._say("")
        self.result.show_checked(checked)
        self.save_button.setEnabled(True)
        self.result.setFocus()
        self.verification_finished.emit(checked)

    def _work_failed(self, error: BaseException) -> None:
        kind = self._work_kind
        self._set_working(False)
        if kind == _SEARCH:  # no check was made: no verdict to refuse
            self._say(self._search_failure_sentence(error))
        elif kind == _SAVE:  # the verdict stands; only its file was not written
            self._say(shown(error_text(error)))
        else:
            self._refuse(self._failure_sentence(error))

    def _search_failure_sentence(self, error: BaseException) -> str:
        if isinstance(error, Cancelled):
            return self.tr("The search of the folder was cancelled: no file was added.")
        return shown(error_text(error))

    def _failure_sentence(self, error: BaseException) -> str:
        if isinstance(error, Cancelled):
            return self.tr("The check was cancelled before it ended: there is no verdict.")
        if (
            isinstance(error, RosterRejectedError)
            and error.reason == verification.ROSTER_BY_ANOTHER_KEY
        ):
            return self.tr(
                "The roster is not signed by the coordinator key you entered: it was signed by"
                " another key. Check the fingerprint with the coordinator; the files cannot be"
                " checked against this roster."
            )
        return shown(error_text(error))

    def _refuse(self, sentence: str) -> None:
        self._say(sentence)
        self.verification_failed.emit(sentence)

    # --- the report -------------------------------------------------------------------------

    @Slot()
    def on_save_requested(self) -> None:
        checked = self.checked
        if self.busy or checked is None:
            return
        path = self._choose.report(self, self._start_folder())
        if path is None or self.busy:
            return
        self._work_kind = _SAVE
        # On a worker: a stick may take seconds to sync the file, and the window must not
        # freeze meanwhile (the write is atomic; it has no step to stop at, so no Cancel).
        self._run(
            save_report(path, checked),
            self.on_report_saved,
            self.tr("Saving the report…"),
        )
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(False)

    @Slot(object)
    def on_report_saved(self, path: Path) -> None:
        self._set_working(False)
        self.save_button.setFocus()  # where the keyboard was before (Cancel took it meanwhile)
        self._say(self.tr("The report was saved as {name}.").format(name=shown(path.name)))
        self.report_saved.emit(path)

    # --- state ------------------------------------------------------------------------------

    def _forget_result(self) -> None:
        """What was shown no longer answers the files, roster and key now chosen."""
        if self.busy:
            return
        self.checked = None
        self.result.clear()
        self.save_button.setEnabled(False)
        self.verify_button.setEnabled(bool(self._paths))
        self._say("")

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        if not working:
            self._work_kind = None
            self.progress_bar.setRange(0, PROGRESS_STEPS)
        for widget in (
            self.add_files_button,
            self.add_folder_button,
            self.clear_button,
            self.roster_edit,
            self.roster_button,
            self.coordinator_edit,
            self.close_button,
        ):
            widget.setEnabled(not working)
        self.verify_button.setEnabled(not working and bool(self._paths))
        self.save_button.setEnabled(not working and self.checked is not None)
        self.cancel_button.setEnabled(working)
        self.progress_bar.setVisible(working)
        if working:
            self.progress_bar.setValue(0)
            self.cancel_button.setFocus()

    def _say(self, text: str) -> None:
        super()._say(text)
        self.status.setVisible(bool(text))


_OPEN: set[VerifyDialog] = set()


def open_verify_dialog(parent: QWidget | None = None) -> VerifyDialog:
    """Open the dialog (not modal: the auditor may look at other windows) and delete it once
    closed; until then it is kept (a dialog with no parent has no other owner)."""
    dialog = VerifyDialog(parent)
    _OPEN.add(dialog)
    dialog.finished.connect(lambda _result: _OPEN.discard(dialog))
    dialog.finished.connect(dialog.deleteLater)
    dialog.destroyed.connect(lambda: _OPEN.discard(dialog))  # with its window, unclosed
    dialog.show()
    return dialog


def open_dialogs() -> list[VerifyDialog]:
    """The dialogs ``open_verify_dialog`` opened that are not closed yet."""
    return list(_OPEN)
