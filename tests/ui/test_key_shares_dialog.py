"""The key shares dialog: one page per share, whose words (any K of them) restore keys that open
the workspace, fewer refused; the words leave every widget when the dialog closes; the words are
plain text no one can select or copy; the whole walk works from the keyboard."""

import re
import shutil
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from crypto import keywrap
from fieldapp.errors import TooFewSharesError
from fieldapp.services import key_shares, records, session
from tests.ui.conftest import PASSPHRASE
from tests.ui.test_accessibility import _unnamed
from tests.ui.test_mnemonics import _texts, collisions
from ui.main_window import MainWindow
from ui.views.key_shares_dialog import KeySharesDialog

NEW_PASSPHRASE = "five trustees keep the papers apart 5"
TIMEOUT_MS = 30_000
NUMBERED_WORD = re.compile(r"(\d+)\. ([a-z]+)")


@pytest.fixture
def dialog(qtbot, workspace: object, workspace_root: Path) -> KeySharesDialog:
    dialog = KeySharesDialog(workspace, workspace_root)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _words_shown(dialog: KeySharesDialog) -> str:
    """The share on the screen, read back from its numbered words."""
    found = NUMBERED_WORD.findall(dialog.words.toPlainText())
    assert [int(number) for number, _ in found] == list(range(1, key_shares.SHARE_WORDS + 1))
    return " ".join(word for _, word in found)


def _make(qtbot, dialog: KeySharesDialog, threshold: int, count: int) -> None:
    dialog.count.setValue(count)
    dialog.threshold.setValue(threshold)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.shares_made, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)


def _next(qtbot, dialog: KeySharesDialog) -> None:
    dialog.written.setChecked(True)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)


def _walk(qtbot, dialog: KeySharesDialog, threshold: int, count: int) -> list[str]:
    _make(qtbot, dialog, threshold, count)
    shown = []
    for number in range(1, count + 1):
        title = f"Share {number} of {count} (any {threshold} restore the keys)"
        assert dialog.share_title.text() == title
        shown.append(_words_shown(dialog))
        if number < count:
            _next(qtbot, dialog)
    with qtbot.waitSignal(dialog.all_shares_shown, timeout=TIMEOUT_MS):
        _next(qtbot, dialog)
    return shown


def _copy_without_keys(root: Path, folder: Path) -> Path:
    copy = folder / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    (copy / "keys.json").unlink()
    (copy / "unlock-attempts.json").unlink(missing_ok=True)
    return copy


def _word_pairs(shares: list[str]) -> set[str]:
    """Every two neighbouring words of every share: no text of the dialog should hold one (a
    word alone may be an English word of the dialog's own sentences)."""
    pairs = set()
    for share in shares:
        words = share.split()
        pairs.update(f"{a} {b}" for a, b in pairwise(words))
    return pairs


def _holds_a_word(dialog: KeySharesDialog, shares: list[str]) -> list[str]:
    texts = [edit.toPlainText() for edit in dialog.findChildren(QPlainTextEdit)]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    pieces = _word_pairs(shares)
    flat = [" ".join(NUMBERED_WORD.sub(r"\2", text).split()) for text in texts]
    return [text for text in flat if any(re.search(rf"\b{p}\b", text) for p in pieces)]


def test_one_page_a_share_and_any_k_restore_keys_that_open_the_workspace(
    qtbot, dialog, workspace, workspace_root: Path, private_tmp: Path
) -> None:
    listed = [summary.id for summary in records.list_testimonies(workspace)]
    shares = _walk(qtbot, dialog, 3, 5)

    assert len(shares) == len(set(shares)) == 5
    assert dialog.pages.currentIndex() == 2  # the done page
    assert "All 5 shares were shown" in dialog.done_text.text()
    assert dialog.words.toPlainText() == ""
    # Every choice of three gives back this workspace's keys; two restore copies that open.
    for chosen in combinations(shares, 3):
        assert key_shares.recover_master_key(list(chosen)) == workspace.master_key
    for chosen in (shares[:3], shares[2:]):
        copy = _copy_without_keys(workspace_root, private_tmp)
        key_shares.restore_keys_from_shares(
            chosen, copy, NEW_PASSPHRASE, params=keywrap.TEST_PARAMS
        )
        opened = session.unlock(copy, NEW_PASSPHRASE)
        try:
            assert session.workspace_fingerprint(opened) == session.workspace_fingerprint(workspace)
            assert [s.id for s in records.list_testimonies(opened)] == listed
        finally:
            session.lock(opened)


def test_fewer_than_k_are_refused_and_write_no_keys(
    qtbot, dialog, workspace_root: Path, private_tmp: Path
) -> None:
    shares = _walk(qtbot, dialog, 3, 4)
    copy = _copy_without_keys(workspace_root, private_tmp)
    for chosen in combinations(shares, 2):
        with pytest.raises(TooFewSharesError):
            key_shares.restore_keys_from_shares(
                list(chosen), copy, NEW_PASSPHRASE, params=keywrap.TEST_PARAMS
            )
    assert not (copy / "keys.json").exists()


def test_next_share_replaces_the_words_and_the_last_page_holds_none(qtbot, dialog) -> None:
    _make(qtbot, dialog, 2, 3)
    first = _words_shown(dialog)
    assert not dialog.next_button.isEnabled()  # not until the paper is written
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert _words_shown(dialog) == first
    _next(qtbot, dialog)
    second = _words_shown(dialog)
    assert second != first
    assert not dialog.written.isChecked()  # each share is confirmed on its own


def test_after_finishing_no_widget_holds_a_word(qtbot, dialog) -> None:
    shares = _walk(qtbot, dialog, 2, 3)
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert _holds_a_word(dialog, shares) == []


def test_closing_half_way_clears_the_words(qtbot, dialog) -> None:
    _make(qtbot, dialog, 2, 4)
    shown = [_words_shown(dialog)]
    _next(qtbot, dialog)
    shown.append(_words_shown(dialog))
    assert _holds_a_word(dialog, shown) != []  # the check sees words while they are shown

    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert _holds_a_word(dialog, shown) == []
    assert dialog.share_title.text() == ""


def test_the_words_are_plain_text_that_cannot_be_selected_or_copied(qtbot, dialog) -> None:
    _make(qtbot, dialog, 2, 2)
    words = dialog.words
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    # What a person could try: select all and copy, by keys and by the mouse.
    qtbot.keyClick(words, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(words, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    viewport = words.viewport()
    qtbot.mouseDClick(
        viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().topLeft() + QPoint(30, 10)
    )
    qtbot.keyClick(words, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert not words.textCursor().hasSelection()
    assert clipboard.text() == ""
    assert isinstance(words, QPlainTextEdit)
    assert words.isReadOnly()
    assert words.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert words.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert words.focusPolicy() == Qt.FocusPolicy.NoFocus
    # Text from the share's own alphabet only: nothing a rich-text reader could interpret.
    assert re.fullmatch(r"[a-z0-9. \n]+", words.toPlainText())


def test_a_wrong_passphrase_shows_no_share(qtbot, dialog) -> None:
    dialog.passphrase.setText("not the passphrase at all")
    dialog.make_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT_MS)
    assert dialog.status.text() == "The passphrase is wrong."
    assert dialog.pages.currentIndex() == 0
    assert dialog.words.toPlainText() == ""
    assert dialog.passphrase.text() == ""


def test_the_counts_follow_the_services_limits(dialog) -> None:
    assert dialog.count.minimum() == key_shares.MIN_THRESHOLD
    assert dialog.count.maximum() == key_shares.MAX_SHARES
    dialog.count.setValue(4)
    assert dialog.threshold.maximum() == 4  # no more needed than are made
    dialog.threshold.setValue(4)
    dialog.count.setValue(2)
    assert dialog.threshold.value() == 2
    assert dialog.threshold.minimum() == key_shares.MIN_THRESHOLD
    assert "Any 2 of the 2 shares" in dialog.summary.text()


def test_the_walk_works_from_the_keyboard_alone(qtbot, dialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.count)
    qtbot.keyClick(dialog.count, Qt.Key.Key_Down)  # 5 -> 4 made
    qtbot.keyClick(dialog.count, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.threshold
    qtbot.keyClick(dialog.threshold, Qt.Key.Key_Down)  # 3 -> 2 needed
    qtbot.keyClick(dialog.threshold, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.passphrase
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.shares_made, timeout=TIMEOUT_MS) as made:
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert made.args == [2, 4]
    shares = []
    for _ in range(4):
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.written)
        shares.append(_words_shown(dialog))
        qtbot.keyClick(dialog.written, Qt.Key.Key_Return)  # not yet ticked: nothing happens
        assert _words_shown(dialog) == shares[-1]
        qtbot.keyClick(dialog.written, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.written, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 2
    assert key_shares.recover_master_key(shares[1:3]) == key_shares.recover_master_key(shares[::3])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.finish_button)
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.finish_button, Qt.Key.Key_Return)


def test_locking_the_window_closes_the_dialog_and_clears_the_words(
    qtbot, workspace_root: Path
) -> None:
    window = MainWindow(workspace_root)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlock_view.unlock_succeeded, timeout=TIMEOUT_MS):
        window.unlock_view.unlock_button.click()
    window.key_shares_action.trigger()
    [dialog] = window.findChildren(KeySharesDialog)
    _make(qtbot, dialog, 2, 3)
    shown = [_words_shown(dialog)]

    window.on_lock_requested()

    assert not dialog.isVisible()
    assert _holds_a_word(dialog, shown) == []


def test_every_page_names_its_controls_and_shares_no_mnemonic(qtbot, dialog) -> None:
    pages = []
    pages.append((_unnamed(dialog), collisions(_texts(dialog))))
    _make(qtbot, dialog, 2, 2)
    pages.append((_unnamed(dialog), collisions(_texts(dialog))))
    _next(qtbot, dialog)
    _next(qtbot, dialog)
    assert dialog.pages.currentIndex() == 2
    pages.append((_unnamed(dialog), collisions(_texts(dialog))))
    assert pages == [([], {})] * 3
