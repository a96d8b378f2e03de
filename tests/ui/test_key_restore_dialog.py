"""The key restore dialog: a copy of the workspace without its keys.json gets new keys from a
real backup file or from real shares typed one at a time; it then opens with the new passphrase
and with the new recovery code shown, holding the same records. Every refusal says one sentence
and writes nothing; every way out (Escape, Close, the window's lock, its idle lock) leaves no
secret in any widget."""

import fcntl
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from crypto import keywrap
from fieldapp.services import backup, key_shares, records, session, setup_checks
from tests.ui.conftest import PASSPHRASE, make_workspace
from tests.ui.lock_support import Gate
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.views.key_restore_dialog import KeyRestoreDialog
from ui.widgets.recovery_code_display import code_groups

BACKUP_PASSPHRASE = "a backup passphrase kept in another drawer 7"
NEW_PASSPHRASE = "the archive laptop died but the papers lived 9"
WORK_FACTOR = 10  # scrypt N = 2^10 for the test backups: fast; the real default is 2^20
TIMEOUT_MS = 30_000


@pytest.fixture
def made(workspace_root: Path, private_tmp: Path) -> Iterator[dict[str, object]]:
    """A backup file, 2-of-3 and 3-of-4 shares, and the records of the workspace."""
    ws = session.unlock(workspace_root, PASSPHRASE)
    try:
        out = private_tmp / "keys-backup.age"
        backup.write_key_backup(ws, out, BACKUP_PASSPHRASE, work_factor=WORK_FACTOR)  # type: ignore[arg-type]
        yield {
            "backup": out,
            "shares": key_shares.make_key_shares(ws, 2, 3),  # type: ignore[arg-type]
            "three_of_four": key_shares.make_key_shares(ws, 3, 4),  # type: ignore[arg-type]
            "ids": [summary.id for summary in records.list_testimonies(ws)],  # type: ignore[arg-type]
        }
    finally:
        session.lock(ws)


@pytest.fixture
def copy(workspace_root: Path, private_tmp: Path) -> Path:
    """The workspace's files without keys.json: what a restore is for."""
    target = private_tmp / "copy"
    shutil.copytree(workspace_root, target)
    (target / "keys.json").unlink()
    (target / "unlock-attempts.json").unlink(missing_ok=True)
    return target


@pytest.fixture
def other(private_tmp: Path) -> Iterator[object]:
    """Another workspace, unlocked."""
    ws = make_workspace(private_tmp / "other", 1, params=keywrap.TEST_PARAMS)
    yield ws
    ws.lock()


@pytest.fixture
def dialog(qtbot, copy: Path) -> KeyRestoreDialog:
    dialog = KeyRestoreDialog(copy, key_params=keywrap.TEST_PARAMS, detect=lambda: [])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# -- driving the dialog ----------------------------------------------------------------------


def _wait_idle(qtbot, dialog: KeyRestoreDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT_MS)


def _choose(dialog: KeyRestoreDialog, from_shares: bool) -> None:
    (dialog.source_page.from_shares if from_shares else dialog.source_page.from_backup).click()
    dialog.source_page.next_button.click()


def _check_backup(qtbot, dialog: KeyRestoreDialog, path: Path, passphrase: str) -> None:
    dialog.backup_page.chooser.path_edit.setText(str(path))
    dialog.backup_page.passphrase.setText(passphrase)
    dialog.backup_page.check_button.click()
    _wait_idle(qtbot, dialog)


def _add_share(qtbot, dialog: KeyRestoreDialog, share: str) -> None:
    field = dialog.shares_page.field
    field.setText(share)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter adds it (the page's default button)


def _give_shares(qtbot, dialog: KeyRestoreDialog, shares: list[str]) -> None:
    for share in shares:
        _add_share(qtbot, dialog, share)
    dialog.shares_page.done_button.click()
    _wait_idle(qtbot, dialog)


def _set_new_passphrase(qtbot, dialog: KeyRestoreDialog) -> str:
    form = dialog.passphrase_page.form
    form.passphrase.setText(NEW_PASSPHRASE)
    form.confirmation.setText(NEW_PASSPHRASE)
    assert dialog.passphrase_page.restore_button.isEnabled()
    dialog.passphrase_page.restore_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.pages.currentWidget() is dialog.code_page, dialog.status.text()
    return dialog.code_page.display.text()


def _read_back(qtbot, dialog: KeyRestoreDialog, code: str) -> object:
    dialog.code_page.written.setChecked(True)
    dialog.code_page.next_button.click()
    groups = code_groups(code)
    page = dialog.read_back_page
    for field, label in zip(page.fields, page.labels, strict=True):
        number = int(label.text().removeprefix("Group "))
        field.setText(groups[number - 1].lower())  # as typed from paper
    with qtbot.waitSignal(dialog.unlock_succeeded, timeout=TIMEOUT_MS) as opened:
        page.open_button.click()
    return opened.args[0]


def _assert_restored(copy: Path, workspace: object, code: str, ids: object) -> None:
    try:
        assert [summary.id for summary in records.list_testimonies(workspace)] == ids  # type: ignore[arg-type]
    finally:
        session.lock(workspace)  # type: ignore[arg-type]
    for opened in (
        session.unlock(copy, NEW_PASSPHRASE),
        session.unlock_with_recovery_code(copy, code),
    ):
        try:
            assert [summary.id for summary in records.list_testimonies(opened)] == ids
        finally:
            session.lock(opened)


def _secret_texts(dialog: KeyRestoreDialog) -> list[str]:
    """Every line edit's text and the recovery code display's: empty when nothing is held."""
    secret = [
        f for f in dialog.findChildren(QLineEdit) if f.echoMode() != QLineEdit.EchoMode.Normal
    ]
    texts = [field.text() for field in secret]
    texts += [dialog.shares_page.field.text(), dialog.code_page.display.text()]
    texts += [field.text() for field in dialog.read_back_page.fields]
    return [text for text in texts if text]


# -- restoring -------------------------------------------------------------------------------


def test_from_a_backup_the_copy_opens_with_the_new_passphrase_and_code(
    qtbot, dialog, copy: Path, made
) -> None:
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, made["backup"], BACKUP_PASSPHRASE)  # type: ignore[arg-type]
    assert dialog.pages.currentWidget() is dialog.passphrase_page, dialog.status.text()
    assert dialog.backup_page.passphrase.text() == ""  # let go of as the check started
    assert not (copy / "keys.json").exists()  # nothing before the new passphrase
    code = _set_new_passphrase(qtbot, dialog)
    assert len(code_groups(code)) == 7
    workspace = _read_back(qtbot, dialog, code)
    assert not dialog.isVisible()
    assert _secret_texts(dialog) == []
    _assert_restored(copy, workspace, code, made["ids"])


def test_from_shares_typed_one_at_a_time_the_copy_opens(qtbot, dialog, copy: Path, made) -> None:
    shares: list[str] = made["three_of_four"]  # type: ignore[assignment]
    _choose(dialog, from_shares=True)
    page = dialog.shares_page
    assert page.field_label.text() == "Share 1"
    _add_share(qtbot, dialog, shares[3])
    assert page.field.text() == ""
    assert page.field_label.text() == page.field.accessibleName() == "Share 2"
    assert page.count_text.text() == "1 of the 3 shares needed have been added."
    _add_share(qtbot, dialog, "  " + shares[0].upper() + " ")  # as typed, in capitals
    _give_shares(qtbot, dialog, [shares[2]])
    assert dialog.pages.currentWidget() is dialog.passphrase_page, dialog.status.text()
    code = _set_new_passphrase(qtbot, dialog)
    _assert_restored(copy, _read_back(qtbot, dialog, code), code, made["ids"])


def test_the_window_offers_the_restore_and_goes_on_as_after_an_unlock(
    qtbot, copy: Path, made
) -> None:
    window = MainWindow(copy, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.welcome_view
    qtbot.mouseClick(window.welcome_view.restore_button, Qt.MouseButton.LeftButton)
    [dialog] = window.findChildren(KeyRestoreDialog)
    assert dialog.isVisible()
    assert window.idle_watcher.running  # the idle lock guards what is typed into it
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, made["shares"][1:])  # type: ignore[index]
    code = _set_new_passphrase(qtbot, dialog)
    _read_back(qtbot, dialog, code)
    assert window.unlocked
    assert window.stack.currentWidget() is window.testimony_list
    assert window.testimony_list.model.rowCount() == len(made["ids"])  # type: ignore[arg-type]
    window.lock_action.trigger()
    assert window.stack.currentWidget() is window.unlock_view
    session.unlock(copy, NEW_PASSPHRASE).lock()


# -- refusals: one sentence, nothing written, nothing else to type again -----------------------


def test_a_wrong_backup_passphrase_is_said_and_only_it_is_typed_again(
    qtbot, dialog, copy: Path, made
) -> None:
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, made["backup"], "not the backup passphrase")  # type: ignore[arg-type]
    assert dialog.status.text() == (
        "The backup's passphrase is wrong, or the file is not a fieldapp key backup."
    )
    assert dialog.pages.currentWidget() is dialog.backup_page
    assert dialog.backup_page.chooser.path_edit.text() == str(made["backup"])  # kept
    assert not (copy / "keys.json").exists()
    dialog.backup_page.passphrase.setText(BACKUP_PASSPHRASE)
    dialog.backup_page.check_button.click()
    # While it is checked: a busy bar and Cancel; what started it is disabled.
    assert dialog.busy
    assert dialog.cancel.isVisible()
    assert dialog.progress_bar.isVisible()
    assert not dialog.pages.isEnabled()
    assert not dialog.close_button.isEnabled()
    _wait_idle(qtbot, dialog)
    assert dialog.pages.currentWidget() is dialog.passphrase_page
    assert not dialog.cancel.isVisible()
    assert not dialog.progress_bar.isVisible()


def test_a_wrong_read_back_is_said_and_the_code_can_be_seen_again(qtbot, dialog, made) -> None:
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, made["shares"][:2])  # type: ignore[index]
    code = _set_new_passphrase(qtbot, dialog)
    dialog.code_page.written.setChecked(True)
    dialog.code_page.next_button.click()
    page = dialog.read_back_page
    number = int(page.labels[0].text().removeprefix("Group "))
    wrong = "0000" if code_groups(code)[number - 1] != "0000" else "1111"
    page.fields[0].setText(wrong)
    assert dialog.status.text().startswith("That does not match the code.")
    assert not page.open_button.isEnabled()
    page.back_button.click()
    assert dialog.pages.currentWidget() is dialog.code_page
    assert dialog.code_page.display.text() == code


def test_a_backup_of_another_workspace_is_refused(
    qtbot, dialog, copy: Path, other, private_tmp: Path
) -> None:
    foreign = private_tmp / "other-backup.age"
    backup.write_key_backup(other, foreign, BACKUP_PASSPHRASE, work_factor=WORK_FACTOR)  # type: ignore[arg-type]
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, foreign, BACKUP_PASSPHRASE)
    assert dialog.status.text().startswith("This backup does not open the workspace")
    assert dialog.pages.currentWidget() is dialog.backup_page
    assert not (copy / "keys.json").exists()


def test_a_mistyped_word_names_the_share_by_its_position_never_its_words(
    qtbot, dialog, copy: Path, made
) -> None:
    shares: list[str] = made["three_of_four"]  # type: ignore[assignment]
    words = shares[1].split()
    mistyped = " ".join([*words[:9], "zzzz" if words[9] != "zzzz" else "acid", *words[10:]])
    _choose(dialog, from_shares=True)
    _add_share(qtbot, dialog, shares[0])
    _add_share(qtbot, dialog, mistyped)
    # The sentence alone, compared whole: a word of the share may also be an English word of
    # the sentence ("valid" is one of SLIP-39's 1,024).
    assert dialog.status.text() == (
        "Share 2 is not a valid share of a workspace's keys (a word may be mistyped, missing or"
        " out of place); nothing was written."
    )
    # The share stays in the field, to be corrected; share 1 stays added.
    assert dialog.shares_page.field.text() == mistyped
    assert dialog.shares_page.field_label.text() == "Share 2"
    _give_shares(qtbot, dialog, shares[1:3])
    assert dialog.pages.currentWidget() is dialog.passphrase_page
    assert not (copy / "keys.json").exists()


def test_too_few_shares_are_refused_and_one_more_is_enough(qtbot, dialog, copy: Path, made):
    shares: list[str] = made["three_of_four"]  # type: ignore[assignment]
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, shares[:2])
    assert dialog.status.text() == (
        "Too few shares were given: 3 are needed to restore the keys; nothing was written."
    )
    assert dialog.pages.currentWidget() is dialog.shares_page
    assert not (copy / "keys.json").exists()
    _give_shares(qtbot, dialog, shares[3:])
    assert dialog.pages.currentWidget() is dialog.passphrase_page


def test_shares_of_another_workspace_are_refused(qtbot, dialog, copy: Path, other) -> None:
    foreign = key_shares.make_key_shares(other, 2, 2)  # type: ignore[arg-type]
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, foreign)
    assert dialog.status.text().startswith("The shares do not open this workspace copy")
    assert dialog.pages.currentWidget() is dialog.shares_page
    assert not (copy / "keys.json").exists()
    dialog.shares_page.again_button.click()
    assert dialog.shares_page.field_label.text() == "Share 1"


def test_the_same_share_twice_and_a_share_of_another_split_are_named(qtbot, dialog, made):
    shares: list[str] = made["three_of_four"]  # type: ignore[assignment]
    _choose(dialog, from_shares=True)
    _add_share(qtbot, dialog, shares[0])
    _add_share(qtbot, dialog, shares[0])
    assert dialog.status.text() == "Shares 1 and 2 are the same share; nothing was written."
    dialog.shares_page.field.setText(made["shares"][0])  # type: ignore[index]
    qtbot.keyClick(dialog.shares_page.field, Qt.Key.Key_Return)
    assert dialog.status.text().startswith("Share 2 is of another split of the keys")


def test_a_folder_that_has_its_keys_is_refused(qtbot, workspace_root: Path, made) -> None:
    dialog = KeyRestoreDialog(workspace_root, key_params=keywrap.TEST_PARAMS, detect=lambda: [])
    qtbot.addWidget(dialog)
    dialog.show()
    before = (workspace_root / "keys.json").read_bytes()
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, made["backup"], BACKUP_PASSPHRASE)  # type: ignore[arg-type]
    assert "already has its keys" in dialog.status.text()
    assert (workspace_root / "keys.json").read_bytes() == before


# -- every way out lets go of every secret -----------------------------------------------------


def _fill_everything(qtbot, dialog: KeyRestoreDialog, made) -> None:
    """Shares added and one half typed, then the new passphrase half typed."""
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, made["shares"][:2])
    dialog.passphrase_page.form.passphrase.setText(NEW_PASSPHRASE)
    dialog.on_back_to_given()
    dialog.shares_page.field.setText(made["shares"][2][:40])
    assert _secret_texts(dialog) != []


def test_escape_clears_every_field(qtbot, dialog, made) -> None:
    _fill_everything(qtbot, dialog, made)
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.shares_page.field, Qt.Key.Key_Escape)
    assert _secret_texts(dialog) == []
    assert dialog.shares_page.field_label.text() == "Share 1"


def test_closing_on_the_code_page_clears_the_code_and_keeps_the_keys(
    qtbot, dialog, copy: Path, made
) -> None:
    _choose(dialog, from_shares=False)
    _check_backup(qtbot, dialog, made["backup"], BACKUP_PASSPHRASE)  # type: ignore[arg-type]
    code = _set_new_passphrase(qtbot, dialog)
    assert dialog.code_page.display.text() == code
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT_MS):
        dialog.close_button.click()
    assert _secret_texts(dialog) == []
    session.unlock(copy, NEW_PASSPHRASE).lock()  # the restored keys stay, as after a recovery


def test_the_windows_lock_and_its_idle_lock_close_the_dialog_and_clear_it(
    qtbot, copy: Path, made
) -> None:
    window = MainWindow(copy, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    for by_idle_time in (False, True):
        window.welcome_view.restore_button.click()
        dialog = next(d for d in window.findChildren(KeyRestoreDialog) if d.isVisible())
        _fill_everything(qtbot, dialog, made)
        seen: list[tuple[bool, list[str]]] = []

        def look(dialog: KeyRestoreDialog = dialog, seen: list = seen) -> None:
            # Right after the lock, before the closed dialog is deleted.
            seen.append((dialog.isVisible(), _secret_texts(dialog)))

        if by_idle_time:
            window.idle_watcher.idle_timed_out.connect(look)  # after the window's own slot
            window.idle_watcher.set_timeout(50)
            qtbot.waitUntil(lambda seen=seen: bool(seen), timeout=TIMEOUT_MS)
        else:
            window.on_lock_requested()
            look()
        assert seen == [(False, [])]
        assert not window.idle_watcher.running
        assert window.stack.currentWidget() is window.welcome_view
        assert not (copy / "keys.json").exists()


def test_hiding_the_window_closes_the_dialog_and_clears_it(qtbot, copy: Path, made) -> None:
    window = MainWindow(copy, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    window.welcome_view.restore_button.click()
    [dialog] = window.findChildren(KeyRestoreDialog)
    _fill_everything(qtbot, dialog, made)

    window.hide()  # minimised, another desktop: no one is looking

    assert not dialog.isVisible()
    assert _secret_texts(dialog) == []
    assert not window.idle_watcher.running


def _held_after_checking(gate: Gate) -> Callable[[str, str], None]:
    """The passphrase check the restore step calls before its key derivation, held by ``gate``
    on the worker's thread (the dialog's form runs the same check on the GUI thread: not
    held)."""
    check = setup_checks.check_new_passphrase

    def check_then_hold(passphrase: str, label: str = "") -> None:
        check(passphrase, label)
        if threading.current_thread() is not threading.main_thread():
            gate.hold()

    return check_then_hold


def test_a_lock_while_the_keys_are_written_does_not_wait_and_keeps_them(
    qtbot, copy: Path, made, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    monkeypatch.setattr(setup_checks, "check_new_passphrase", _held_after_checking(gate))
    window = MainWindow(copy, key_params=keywrap.TEST_PARAMS)
    qtbot.addWidget(window)
    window.show()
    window.welcome_view.restore_button.click()
    [dialog] = window.findChildren(KeyRestoreDialog)
    _choose(dialog, from_shares=True)
    _give_shares(qtbot, dialog, made["shares"][:2])  # type: ignore[index]
    form = dialog.passphrase_page.form
    form.passphrase.setText(NEW_PASSPHRASE)
    form.confirmation.setText(NEW_PASSPHRASE)
    dialog.passphrase_page.restore_button.click()
    assert gate.reached.wait(TIMEOUT_MS / 1000)

    window.on_lock_requested()  # writing the keys cannot stop half-way: it goes on, unseen

    assert not gate.opened  # the lock returned while the step was still held
    assert not dialog.isVisible()
    assert _secret_texts(dialog) == []
    assert window.stack.currentWidget() is window.welcome_view  # no keys yet
    gate.open()
    # The keys were written: the window offers to unlock, the dialog is gone.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_view, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.findChildren(KeyRestoreDialog) == [], timeout=TIMEOUT_MS)
    assert not window.unlocked
    # The workspace the step opened was locked: nothing holds the workspace's lock file.
    handle = os.open(copy / "workspace.lock", os.O_RDWR)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(handle)
    session.unlock(copy, NEW_PASSPHRASE).lock()


def test_a_share_cannot_be_selected_or_copied(qtbot, dialog, made) -> None:
    _choose(dialog, from_shares=True)
    field = dialog.shares_page.field
    share: str = made["shares"][0]  # type: ignore[index]
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    qtbot.keyClicks(field, share[:30])
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseDClick(field, Qt.MouseButton.LeftButton, pos=QPoint(20, field.height() // 2))
    qtbot.keyClick(field, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    field.setSelection(0, 5)  # any other way in is undone at once
    assert not field.hasSelectedText()
    assert clipboard.text() == ""
    assert field.text() == share[:30]  # Ctrl+X cut nothing
    assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # typing and correcting still work
    assert field.text() == share[:29]


# -- keyboard and names ----------------------------------------------------------------------


def test_the_shares_walk_works_from_the_keyboard(qtbot, dialog, made) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.source_page.from_backup)
    qtbot.keyClick(dialog.source_page.from_backup, Qt.Key.Key_Down)  # to "From key shares"
    assert dialog.source_page.from_shares.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.shares_page.field
    for share in made["shares"][:2]:  # type: ignore[index]
        qtbot.keyClicks(dialog.shares_page.field, share)
        qtbot.keyClick(dialog.shares_page.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.shares_page.done_button)
    qtbot.keyClick(dialog.shares_page.done_button, Qt.Key.Key_Space)
    _wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.passphrase_page.form.passphrase)
    qtbot.keyClicks(dialog.passphrase_page.form.passphrase, NEW_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_page.form.passphrase, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.passphrase_page.form.confirmation, NEW_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_page.form.confirmation, Qt.Key.Key_Return)
    _wait_idle(qtbot, dialog)
    assert dialog.pages.currentWidget() is dialog.code_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.code_page.written)


def test_every_page_names_its_controls_and_shares_no_mnemonic(qtbot, dialog, made) -> None:
    seen = []
    for page in dialog._all_pages():
        dialog.pages.setCurrentWidget(page)
        seen.append((_unnamed(dialog), collisions(_texts(dialog))))
    assert seen == [([], {})] * len(seen)
