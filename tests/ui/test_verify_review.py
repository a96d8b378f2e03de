"""A hostile review of the auditor's "Verify files" dialog (session 13, H5): what a stick handed
by anyone may hold (a named pipe under a roster's or a bundle's name, a folder of more files than
one check takes), and a report saved over a file the auditor was never asked about.

Real files, real Qt: each test failed on the dialog as it was committed."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from fieldapp.errors import Cancelled, RosterUnreadableError
from fieldapp.progress import CancelToken
from fieldapp.services import verification
from ui.error_text import error_text
from ui.views import verify_work
from ui.views.verify_choosers import ask_for_report
from ui.views.verify_dialog import VerifyDialog

from .sync.verify_support import verify_dialog

#: A check that does not wait on a pipe ends in well under this, even on a loaded machine.
NO_WAIT_MS = 20_000
#: How often the test answers Qt's own file dialog and its question.
ANSWER_EVERY_MS = 50


@pytest.fixture
def pipes() -> Iterator[list[Path]]:
    """Named pipes a test makes; at its end, any reader still waiting in open() is let go (a
    writer opened and closed: the reader reads an empty file), so no thread outlives the test."""
    made: list[Path] = []
    yield made
    _release(made)


def _pipe(pipes: list[Path], path: Path) -> Path:
    os.mkfifo(path)
    pipes.append(path)
    return path


def _empty_allowed_signers(folder: Path) -> Path:
    """An allowed_signers file with no key: a roster that verifies nothing, read at once."""
    roster = folder / "allowed_signers"
    roster.write_text("")
    return roster


def _press_verify(qtbot, dialog: VerifyDialog) -> None:
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)


def _release(pipes: list[Path]) -> None:
    """Let go of a reader waiting in open() on any of ``pipes`` (it then reads an empty file)."""
    for pipe in pipes:
        try:
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # ENXIO: no one is waiting to read it
            continue


def _let_go(qtbot, dialog: VerifyDialog, pipes: list[Path]) -> None:
    """On a failure, the worker may wait on a pipe (opened again and again): let it go each
    time, until the work has ended, before the dialog is closed."""

    def ended() -> bool:
        _release(pipes)
        return not dialog.busy

    qtbot.waitUntil(ended, timeout=NO_WAIT_MS)


# --- a named pipe where a file is expected --------------------------------------------------------


@pytest.mark.parametrize("pipe_name", ["roster.json", "roster.json.sig"])
def test_a_roster_or_its_signature_that_is_a_pipe_is_refused_not_waited_on(
    qtbot, tmp_path: Path, pipes: list[Path], pipe_name: str
) -> None:
    roster = tmp_path / "roster.json"
    if pipe_name == "roster.json.sig":
        roster.write_bytes(b'{"format": "a roster"}')
    _pipe(pipes, tmp_path / pipe_name)
    bundle = tmp_path / "a.fieldbundle"
    bundle.write_bytes(b"not a bundle")
    dialog = verify_dialog(qtbot)
    dialog.add_file_paths([bundle])
    dialog.set_roster_path(roster)

    try:
        with qtbot.waitSignal(dialog.verification_failed, timeout=NO_WAIT_MS) as failed:
            _press_verify(qtbot, dialog)
    finally:
        _let_go(qtbot, dialog, pipes)

    assert failed.args[0] == error_text(RosterUnreadableError())
    assert dialog.checked is None


def test_a_bundle_that_is_a_pipe_is_refused_not_waited_on(
    qtbot, tmp_path: Path, pipes: list[Path]
) -> None:
    pipe = _pipe(pipes, tmp_path / "stuck.fieldbundle")
    dialog = verify_dialog(qtbot)
    dialog.add_file_paths([pipe])
    dialog.set_roster_path(_empty_allowed_signers(tmp_path))

    try:
        with qtbot.waitSignal(dialog.verification_finished, timeout=NO_WAIT_MS):
            _press_verify(qtbot, dialog)
    finally:
        _let_go(qtbot, dialog, pipes)

    assert dialog.result.verdict.text() == "1 of 1 file(s) refused."
    (file_line,) = dialog.result.line_texts()
    assert file_line == "stuck.fieldbundle is refused: it is not a regular file."


def test_a_device_file_is_refused_without_being_read(tmp_path: Path) -> None:
    roster = verification.load_roster(_empty_allowed_signers(tmp_path))

    report = verification.verify_files([Path("/dev/zero")], roster)

    (check,) = report.files
    assert not check.ok
    assert check.reason == "it is not a regular file."


# --- a folder: searched on the worker, and never cut short unsaid --------------------------------


def test_a_folder_is_searched_on_the_worker_not_the_window(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    for number in range(3):
        (folder / f"b{number}.fieldbundle").write_bytes(b"x")
    dialog = verify_dialog(qtbot, folder=lambda _parent, _start: folder)

    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)

    # The click returned at once: the search runs on a worker, with Cancel, the window alive.
    assert dialog.busy
    assert dialog.cancel_button.isEnabled()
    assert not dialog.add_folder_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=NO_WAIT_MS)
    assert dialog.file_paths() == sorted(folder.iterdir())
    assert dialog.verify_button.isEnabled()


def test_a_folder_search_stops_when_cancelled(tmp_path: Path) -> None:
    (tmp_path / "a.fieldbundle").write_bytes(b"x")
    cancel = CancelToken()
    cancel.cancel()

    with pytest.raises(Cancelled):
        verify_work.list_folder(tmp_path)(lambda _done, _total: None, cancel)


def test_a_folder_of_more_files_than_one_check_takes_adds_none_and_says_so(
    qtbot, tmp_path: Path
) -> None:
    folder = tmp_path / "crowded"
    folder.mkdir()
    for number in range(verification.MAX_FOLDER_FILES + 1):
        (folder / f"{number:05}.fieldbundle").touch()
    dialog = verify_dialog(qtbot, folder=lambda _parent, _start: folder)

    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.status.text()), timeout=NO_WAIT_MS)

    # Not the first 10,000 checked as if they were the folder: "All 10000 verified" would lie.
    assert dialog.file_paths() == []
    assert dialog.status.text() == (
        "That folder holds more than 10000 bundles and packs, more than one check takes: choose"
        " a folder inside it, or add the files in parts."
    )


# --- the report saved ----------------------------------------------------------------------------


def test_a_link_planted_at_the_report_s_name_is_replaced_not_written_through(
    tmp_path: Path,
) -> None:
    # Not a flaw found: a guard. Someone who can write on the stick plants report.json -> a
    # file of the auditor's; saving must not overwrite that file through the link.
    victim = tmp_path / "notes.txt"
    victim.write_text("the auditor's own notes")
    planted = tmp_path / "report.json"
    planted.symlink_to(victim)
    roster = verification.load_roster(_empty_allowed_signers(tmp_path))
    report = verification.verify_files([], roster)

    verification.save_report(planted, report, roster)

    assert victim.read_text() == "the auditor's own notes"
    assert not planted.is_symlink()
    assert planted.read_bytes() == verification.report_json(report, roster)


class _Answers:
    """Answers Qt's own save dialog with a name typed without ``.json``, then says No to any
    question, then closes the save dialog: what a careful person does."""

    def __init__(self, typed: str) -> None:
        self.typed = typed
        self.questions: list[str] = []
        self._named = False

    def answer(self) -> None:
        """On each tick; what closes a dialog is done after the tick (a question opened from
        the tick's own slot would stop the timer from ticking again)."""
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            self.questions.append(modal.text())
            QTimer.singleShot(0, _say_no)
        elif isinstance(modal, QFileDialog):
            if self._named:
                QTimer.singleShot(0, modal.reject)
                return
            self._named = True
            name_edit = modal.findChild(QLineEdit, "fileNameEdit")
            assert name_edit is not None
            name_edit.setText(self.typed)
            QTimer.singleShot(0, modal.accept)


def _say_no() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.done(QMessageBox.StandardButton.No)


def test_a_name_typed_without_json_never_replaces_a_report_unasked(qtbot, tmp_path: Path) -> None:
    kept = tmp_path / "report.json"
    kept.write_text("the report of last week's audit")
    parent = QWidget()
    qtbot.addWidget(parent)
    answers = _Answers("report")
    timer = QTimer()
    timer.timeout.connect(answers.answer)
    timer.start(ANSWER_EVERY_MS)
    try:
        chosen = ask_for_report(parent, tmp_path)
    finally:
        timer.stop()

    assert answers.questions, "report.json was chosen without asking to replace it"
    assert answers.questions[0].startswith("report.json already exists.")
    assert chosen is None
    assert kept.read_text() == "the report of last week's audit"


def test_a_name_typed_without_json_gets_it(qtbot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    answers = _Answers("report")
    timer = QTimer()
    timer.timeout.connect(answers.answer)
    timer.start(ANSWER_EVERY_MS)
    try:
        chosen = ask_for_report(parent, tmp_path)
    finally:
        timer.stop()

    assert chosen == tmp_path / "report.json"
    assert answers.questions == []
    # Qt's own dialog, as ``file_dialogs``: the folder looked in is not kept in QtProject.conf.
    qt_settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert "FileDialog" not in qt_settings.childGroups()


# --- keyboard and screen reader --------------------------------------------------------------


def test_each_field_s_label_names_its_field(qtbot) -> None:
    # A label's buddy is how a screen reader says which field it names (and where its
    # mnemonic, in a translation that gives one, sends the keyboard).
    dialog = verify_dialog(qtbot)
    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}

    assert buddies["Roster:"] is dialog.roster_edit
    assert buddies["Coordinator key:"] is dialog.coordinator_edit
