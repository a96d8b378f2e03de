"""What the window shows in a folder with no workspace keys: a way to set one up, or to leave;
or, for a folder holding a workspace's database without its keys (a copy awaiting them, or a
workspace whose ``keys.json`` was lost), a way to restore the keys, or to leave; or, for a
folder whose emergency wipe was cut midway, a way to finish the wipe, or to leave. In every
case it offers the auditor's check of files, which needs no workspace (``verify_dialog``).

The second never offers the set-up: the set-up's creation removes what an interrupted set-up
left in a folder, and a database is exactly what a copy awaiting its keys must keep. The third
offers neither: what is left of a wiped workspace is to be destroyed, not opened again; but
where its marker names a workspace beside a database without keys, only a key tells this
folder's cut wipe from another workspace's marker that came with a copy
(``restore_decides``), so the restore is offered too, and refuses the wiped workspace's keys.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.errors import FieldappError
from fieldapp.services import backup, session
from ui import workers
from ui.error_text import error_text
from ui.widgets.plain_text_label import PlainTextLabel


def keys_missing(root: Path) -> bool:
    """Whether ``root`` holds a workspace's database without its keys (the restore's folder)."""
    try:
        backup.check_restore_folder(root)
    except (FieldappError, OSError):
        return False
    return True


class WelcomeView(QWidget):
    """Emits ``setup_requested()``, ``restore_requested()``, ``wipe_finished()`` or
    ``quit_requested()`` (and opens the check of files itself); never ``setup_requested()``
    for a folder whose keys are missing (``keys_missing``) or whose wipe was cut
    (``wipe_interrupted``)."""

    setup_requested = Signal()
    restore_requested = Signal()
    wipe_finished = Signal()
    quit_requested = Signal()

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self.heading = QLabel()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        location = PlainTextLabel(str(root))  # a path from outside: plain text only
        location.setAccessibleName(self.tr("Workspace folder"))
        self.setup_button = QPushButton(self.tr("&Set up…"))
        self.setup_button.setAccessibleName(self.tr("Set up"))
        self.restore_button = QPushButton(self.tr("&Restore the keys…"))
        self.restore_button.setAccessibleName(self.tr("Restore the keys"))
        self.finish_wipe_button = QPushButton(self.tr("&Finish the wipe"))
        self.finish_wipe_button.setAccessibleName(self.tr("Finish the wipe"))
        self.verify_button = QPushButton(self.tr("&Verify files…"))
        self.verify_button.setAccessibleName(self.tr("Verify files (no workspace needed)"))
        self.status = PlainTextLabel("")
        self.status.setAccessibleName(self.tr("Status"))
        self.quit_button = QPushButton(self.tr("&Quit"))
        self.quit_button.setAccessibleName(self.tr("Quit"))
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (
            self.heading,
            self.explanation,
            location,
            self.setup_button,
            self.restore_button,
            self.finish_wipe_button,
            self.verify_button,
            self.status,
            self.quit_button,
        ):
            layout.addWidget(widget)
        layout.addStretch()
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setup_button.clicked.connect(self.on_setup_clicked)
        self.restore_button.clicked.connect(self.restore_requested)
        self.finish_wipe_button.clicked.connect(self.on_finish_wipe_clicked)
        self.verify_button.clicked.connect(self.on_verify_clicked)
        self.quit_button.clicked.connect(self.quit_requested)
        self.keys_missing = False
        self.wipe_interrupted = False
        self.restore_decides = False
        self._job: workers.Job | None = None
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._job is not None

    def refresh(self) -> None:
        """Look at the folder again and offer what fits it."""
        self.wipe_interrupted = session.wipe_interrupted(self._root)
        self.keys_missing = not self.wipe_interrupted and keys_missing(self._root)
        # A marker naming a workspace beside a database without keys: this folder's wipe, or
        # another workspace's marker that came with a copy. Only a restore's key can tell
        # (it refuses the keys of the workspace being wiped), so both ways are offered.
        self.restore_decides = self.wipe_interrupted and keys_missing(self._root)
        if self.wipe_interrupted:
            heading = self.tr("An emergency wipe was interrupted")
            explanation = self.tr(
                "An emergency wipe of this folder began and was cut before it finished. What"
                " is left cannot be opened again: finish the wipe to destroy it."
            )
            if self.restore_decides:
                explanation += " " + self.tr(
                    "If this folder is instead a copy awaiting its keys, and the wipe was of"
                    " another workspace, restore the keys: the restore tells the two apart,"
                    " and refuses the keys of the workspace whose wipe was cut."
                )
        elif self.keys_missing:
            heading = self.tr("This workspace's keys are missing")
            explanation = self.tr(
                "This folder holds a workspace whose keys are missing: restore them from a key"
                " backup or from key shares."
            )
        else:
            heading = self.tr("There is no workspace here yet")
            explanation = self.tr(
                "Set up this laptop for interviews, or as the coordinator's archive. It takes"
                " a few minutes: a passphrase, and a recovery code to write on paper."
            )
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        self.explanation.setText(explanation)
        setup = not (self.keys_missing or self.wipe_interrupted)
        offered = {
            self.setup_button: setup,
            self.restore_button: self.keys_missing or self.restore_decides,
            self.finish_wipe_button: self.wipe_interrupted,
        }
        for button, shown in offered.items():
            button.setVisible(shown)
            button.setEnabled(shown and not self.busy)
            button.setDefault(shown)  # Enter presses it when focused
            if shown:
                button.setFocus()
        if self.restore_decides:  # Enter finishes the wipe, as where the restore is not offered
            self.restore_button.setDefault(False)

    @Slot()
    def on_setup_clicked(self) -> None:
        self.refresh()  # a copy may have been put here since the view was shown
        if not (self.keys_missing or self.wipe_interrupted):
            self.setup_requested.emit()

    @Slot()
    def on_verify_clicked(self) -> None:
        """The auditor's check of files: it needs no workspace, so it is offered in any folder."""
        from ui.views.verify_dialog import open_verify_dialog  # only when asked for

        open_verify_dialog(self.window())

    @Slot()
    def on_finish_wipe_clicked(self) -> None:
        if self.busy:
            return
        root = self._root
        worker = workers.Worker(lambda _progress, _cancel: session.finish_wipe(root))
        worker.succeeded.connect(self.on_wipe_succeeded)
        worker.failed.connect(self.on_wipe_failed)
        self.finish_wipe_button.setEnabled(False)
        self.status.setText(self.tr("Wiping…"))
        self._job = workers.start(worker)

    @Slot(object)
    def on_wipe_succeeded(self, custodian_left: object) -> None:
        self._job = None
        if custodian_left:
            # An archive's custodian folder survives by design: "nothing is left" would be
            # untrue, and someone may count on the folder being empty.
            done = self.tr(
                "The wipe is finished: the workspace's keys, records and attachments are"
                " destroyed. Its custodian folder was left as it is: it holds only witness"
                " identities encrypted to the custodian's key, which is kept apart."
            )
        else:
            done = self.tr("The wipe is finished: nothing of the workspace is left.")
        self.status.setText(done)
        self.refresh()
        self.wipe_finished.emit()

    @Slot(object)
    def on_wipe_failed(self, error: BaseException) -> None:
        self._job = None
        self.status.setText(error_text(error))
        self.refresh()

    def wait_for_work(self) -> None:
        """Block until a running wipe has ended (the window calls it before closing)."""
        if self._job is not None:
            self._job.wait()
