"""Adversarial review of the desktop app: hostile record text, leaks outside the workspace, lock.

Each strict xfail is a bug found by the review: it fails today and passes once fixed.
"""

import contextlib
import os
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from crypto import keywrap
from fieldapp.services import records, setup
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor.support import give_consent, open_identity
from tests.ui.lock_support import is_locked
from ui.main_window import MainWindow

STRONG = "amber lantern quietly folds"
NEW_PASSPHRASE = "copper meadow whistles twice"
HOSTILE = '<b>Kim</b> <img src="file:///etc/passwd"> <a href="x">&lt;x&gt;</a><style>*{}</style>'
WITNESS_FOLDER = "Kim-Chol-su-interview"  # no space: Qt writes folders as URLs


def _window(qtbot, root: Path) -> MainWindow:
    window = MainWindow(root)
    qtbot.addWidget(window)
    window.show()
    return window


def _unlock(qtbot, window: MainWindow) -> object:
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(view.unlock_succeeded, timeout=10_000) as blocker:
        qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def _every_file_under(folder: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


# -- 1. rich text ----------------------------------------------------------------------------
def _rich_widgets() -> list[str]:
    """Every place in the window or its dialogs that would render ``HOSTILE`` as rich text."""
    found: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        if "<" in top.windowTitle():
            found.append(f"window title {top.windowTitle()!r}")
        for widget in [top, *top.findChildren(QWidget)]:
            if "<b>" in widget.toolTip() or "<b>" in widget.statusTip():
                found.append(f"tool tip of {type(widget).__name__}")
            plain = isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.PlainText
            if isinstance(widget, QLabel) and "<b>" in widget.text() and not plain:
                found.append(f"{type(widget).__name__} {widget.text()!r}")
    return found


def test_hostile_record_text_is_plain_in_every_label_of_the_window_and_its_dialogs(
    qtbot, workspace_root
):
    window = _window(qtbot, workspace_root)
    ws = _unlock(qtbot, window)
    window.on_new_testimony_requested()
    testimony_id = window.editor.testimony_id
    assert testimony_id is not None
    give_consent(qtbot, window.editor)
    changes = {"title": HOSTILE, "interviewer": HOSTILE, "summary": HOSTILE}
    records.edit_draft(ws, testimony_id, changes)
    window.on_editor_closed()
    window.testimony_list.search.setText("Kim")  # the list's search, then every tab
    window.testimony_list.on_search_requested()
    window.on_testimony_activated(testimony_id)
    for index in range(window.editor.tabs.count()):
        window.editor.tabs.setCurrentIndex(index)
    window.editor.on_seal_clicked()  # the checklist dialog, over the hostile record
    assert window.editor.seal_dialog is not None

    assert HOSTILE in window.editor.header.title.text()  # shown: the sweep has work to do
    assert _rich_widgets() == []


# -- 3. leaks outside the workspace ----------------------------------------------------------
def _answer_file_dialog(qtbot, path: Path) -> None:
    """Once the modal file dialog is up, choose ``path`` in it."""

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, choose)
            return
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, choose)


def test_attaching_a_file_leaves_its_folder_nowhere_outside_the_workspace(
    qtbot, workspace_root, private_tmp, isolated_settings
):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    window.on_new_testimony_requested()
    give_consent(qtbot, window.editor)
    folder = private_tmp / WITNESS_FOLDER
    folder.mkdir()
    scan = folder / "consent-form.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    section = window.editor.attachments

    _answer_file_dialog(qtbot, scan)
    section.on_add_clicked()
    qtbot.waitUntil(lambda: not section.busy, timeout=10_000)
    assert section.model.rowCount() == 1  # the file was attached

    assert WITNESS_FOLDER not in _every_file_under(isolated_settings)


def test_a_search_typed_before_lock_cannot_be_undone_back_after_it(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    search = window.testimony_list.search
    qtbot.keyClicks(search, "Kim Chol-su")

    window.lock_action.trigger()

    assert search.text() == ""
    assert not search.isUndoAvailable()


# -- 2 and 4. work running when the window locks ---------------------------------------------
def _slow_source(path: Path) -> threading.Thread:
    """A file at ``path`` that delivers its bytes the way a slow or failing USB stick does: a
    first chunk at once, the end half a second later (a FIFO makes the timing certain)."""
    os.mkfifo(path, 0o600)

    def deliver() -> None:
        # An attachment cancelled at once (the lock) closes its end: the pipe breaks, fine.
        with contextlib.suppress(BrokenPipeError), path.open("wb") as out:
            out.write(b"\x00" * 65536)  # the open waited for the attachment to open it
            out.flush()
            threading.Event().wait(0.5)

    writer = threading.Thread(target=deliver, daemon=True)
    writer.start()
    return writer


def test_locking_during_an_attachment_cancels_it_and_locks_its_handle_once_it_ended(
    qtbot, workspace_root, private_tmp
):
    window = _window(qtbot, workspace_root)
    first = _unlock(qtbot, window)
    window.on_new_testimony_requested()
    testimony_id = window.editor.testimony_id
    give_consent(qtbot, window.editor)
    source = private_tmp / "scan.jpg"
    writer = _slow_source(source)
    section = window.editor.attachments
    section.attach_path(source)
    job = section.running_job  # its thread holds a handle with the master key
    assert job is not None

    try:
        # The lock waits for nothing (held deterministically in editor/test_lock_during_attach):
        # the work is asked to stop, and the handle it was given is locked once it has ended.
        window.lock_action.trigger()
        assert not window.unlocked
    finally:
        writer.join()
        qtbot.waitUntil(lambda: not section.busy, timeout=20_000)
    qtbot.waitUntil(lambda: is_locked(first), timeout=20_000)
    ws = _unlock(qtbot, window)
    assert records.get_record(ws, testimony_id).attachments == ()  # cancelled: nothing kept


# -- 4. what stays in the window after lock --------------------------------------------------
MARKER = "Pyongsong-Ri-7"  # typed into every field: must be nowhere after lock


def _leftovers(marker: str) -> list[str]:
    """Where ``marker`` is still held by a widget of the app (shown, hidden or undoable)."""
    found: list[str] = []
    for widget in QApplication.allWidgets():
        name = f"{type(widget).__name__} {widget.accessibleName()!r}"
        texts = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLineEdit | QLabel):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit) and widget.isUndoAvailable():
            found.append(f"{name}: undo history")
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
            if widget.document().isUndoAvailable():
                found.append(f"{name}: undo history")
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            texts += [
                str(model.index(r, c).data() or "")
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ]
        if any(marker in text for text in texts):
            found.append(name)
    return found


def test_lock_leaves_no_typed_record_text_in_any_widget_or_undo_history(qtbot, workspace_root):
    window = _window(qtbot, workspace_root)
    _unlock(qtbot, window)
    window.on_new_testimony_requested()
    editor = window.editor
    give_consent(qtbot, editor)
    for edit in (editor.interview.title, editor.interview.place, editor.consent.interpreter):
        editor.show_section(
            editor.interview if edit is not editor.consent.interpreter else editor.consent
        )
        qtbot.keyClicks(edit, MARKER)
    editor.show_section(editor.narrative)
    qtbot.keyClicks(editor.narrative.edit, f"We met in {MARKER}.")
    editor.show_section(editor.incidents)
    qtbot.mouseClick(editor.incidents.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.incidents.form.place_exact, MARKER)
    editor.show_section(editor.attachments)
    qtbot.keyClicks(editor.attachments.label, MARKER)
    editor.show_section(editor.witness)
    open_identity(qtbot, editor)
    qtbot.keyClicks(editor.witness.names, MARKER)
    qtbot.keyClicks(editor.witness.gender, MARKER)
    assert _leftovers(MARKER)  # the sweep sees typed text

    window.lock_action.trigger()

    assert not window.unlocked
    assert _leftovers(MARKER) == []


def test_hiding_the_window_during_a_recovery_forgets_the_new_code_and_the_workspace(
    qtbot, private_tmp
):
    made = setup.create_workspace(
        private_tmp / "ws", setup.INTERVIEWER, STRONG, key_params=keywrap.TEST_PARAMS
    )
    made.workspace.lock()
    setup.confirm_setup(private_tmp / "ws")  # as the set-up's read-back does
    window = MainWindow(private_tmp / "ws", key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    view, flow = window.unlock_view, window.unlock_view.recovery
    qtbot.mouseClick(view.forgot_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(flow.code, made.recovery_code)
    qtbot.keyClick(flow.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 1, timeout=10_000)
    qtbot.keyClicks(flow.new_passphrase.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(flow.new_passphrase.confirmation, NEW_PASSPHRASE)
    qtbot.mouseClick(flow.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.steps.currentIndex() == 2, timeout=10_000)
    assert flow.new_code.text()  # the new code, which unlocks the workspace, is on screen

    try:
        window.hide()  # minimised, another desktop: as test_session_guards' hide test

        assert flow.new_code.text() == ""
        assert flow.steps.currentIndex() == 0  # back to the code form: the workspace dropped
    finally:
        flow.reset()  # locks a workspace still held
