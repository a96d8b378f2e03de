"""Splitting the workspace's keys into k-of-n shares (SLIP-39) from the desktop app, shown one
at a time for copying onto paper, as ``fieldapp keys shares`` shows them on a terminal.

The same care as the terminal's and as the recovery code's (``RecoveryCodeDisplay``): one share
on the screen at a time, its words cleared before the next is shown; the words cannot be
selected, copied, dragged or reached by a context menu, so they never reach the clipboard or
X11's selection; nothing is written to disk or logged, and no custody event is written (the
service writes none). Closing, Escape, or a lock half-way clears the words from the widgets.

As on the terminal, each share is confirmed by the person alone (there a press of Enter, here a
box ticked before "Next share"), not by retyping a word: a word typed into a field would put
part of a share where an input method, an undo history or an onlooker keeps it. The tick also
keeps a held-down Enter from running through the shares unread.

As on the command line, the workspace's passphrase is asked for before the keys are split: a
laptop left unlocked must not hand its keys to whoever sits down (``KeyBackupDialog`` says why).
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services import key_shares, session
from ui.error_text import error_text
from ui.views.work_dialog import WorkDialog
from ui.widgets.plain_text_label import PlainTextLabel

DIALOG_MIN_WIDTH = 640
#: Words a row, numbered, as the terminal shows them (33 words: 11 rows).
WORDS_PER_ROW = 3
WORD_POINT_SIZE = 16
DEFAULT_THRESHOLD = 3
DEFAULT_COUNT = 5


def share_rows(share: str) -> str:
    """The words of ``share`` numbered, three a row: a word skipped on paper is noticed while
    the share is still on the screen."""
    numbered = [f"{index:2d}. {word:<8}" for index, word in enumerate(share.split(), 1)]
    rows = [
        "   ".join(numbered[start : start + WORDS_PER_ROW]).rstrip()
        for start in range(0, len(numbered), WORDS_PER_ROW)
    ]
    return "\n".join(rows)


class KeySharesDialog(WorkDialog):
    """Makes and shows ``count`` shares of the unlocked ``workspace``'s keys (opaque), kept at
    ``root``, any ``threshold`` of which restore them.

    Emits ``shares_made(threshold, count)`` when the first share is shown, and
    ``all_shares_shown(threshold, count)`` when the last has been confirmed and cleared.
    """

    shares_made = Signal(int, int)
    all_shares_shown = Signal(int, int)

    def __init__(self, workspace: object, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._shares: list[str] = []  # held only while the pages show them
        self._shown = 0  # the number of the share on the screen (1-based; 0 for none)
        self._threshold = 0
        self.setWindowTitle(self.tr("Split the keys into shares"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._share_page())
        self.pages.addWidget(self._done_page())
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
        layout.addWidget(self.pages)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._show_page(0, self.count)
        self.on_counts_changed()

    # -- the pages -------------------------------------------------------------------------
    def _choice_page(self) -> QWidget:
        warning = QLabel(
            self.tr(
                "Shares split the keys of this workspace among trustees. Enough of them together"
                " open every record in it, as the passphrase does; fewer tell nothing about the"
                " keys. Write each share on paper for one trustee, and give each trustee only"
                " their own. Never photograph, scan or print a share, nor type it anywhere but"
                " into fieldapp to restore the keys. Nothing is written to disk here; if you stop"
                " before the last share, destroy the papers written so far and start again. To"
                " restore the keys, open a copy of the workspace that has none: fieldapp then"
                " asks for the shares."
            )
        )
        warning.setWordWrap(True)
        self.count = QSpinBox()
        self.count.setRange(key_shares.MIN_THRESHOLD, key_shares.MAX_SHARES)
        self.count.setValue(DEFAULT_COUNT)
        self.count.setAccessibleName(self.tr("Shares to make"))
        self.threshold = QSpinBox()
        self.threshold.setRange(key_shares.MIN_THRESHOLD, DEFAULT_COUNT)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setAccessibleName(self.tr("Shares needed to restore the keys"))
        self.summary = PlainTextLabel()
        self.summary.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("This workspace's passphrase"))
        self.make_button = QPushButton(self.tr("&Make the shares"))
        self.make_button.setAccessibleName(self.tr("Make the shares"))
        form = QFormLayout()
        form.addRow(self.tr("Shares to m&ake"), self.count)
        form.addRow(self.tr("Shares needed to &restore"), self.threshold)
        form.addRow(self.tr("This workspace's &passphrase"), self.passphrase)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.make_button)
        layout.addStretch()  # the pages share the share page's height: keep this one at the top
        for before, after in ((self.count, self.threshold), (self.threshold, self.passphrase)):
            QWidget.setTabOrder(before, after)
        QWidget.setTabOrder(self.passphrase, self.make_button)
        self.count.valueChanged.connect(self.on_counts_changed)
        self.threshold.valueChanged.connect(self.on_counts_changed)
        self.make_button.clicked.connect(self.on_make_requested)
        return page

    def _share_page(self) -> QWidget:
        self.share_title = PlainTextLabel()
        title_font = self.share_title.font()
        title_font.setBold(True)
        self.share_title.setFont(title_font)
        advice = QLabel(
            self.tr(
                "Write these words on paper, in order and with their numbers, for one trustee;"
                " check each word against the screen before going on."
            )
        )
        advice.setWordWrap(True)
        self.words = QPlainTextEdit()
        self.words.setReadOnly(True)
        # Shown, never selectable: a selection is offered to other programs (copy, X11's
        # middle click, drag), and the words must go nowhere but onto paper.
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.words.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.words.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.words.setUndoRedoEnabled(False)
        self.words.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.words.setAccessibleName(self.tr("The words of this share"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(WORD_POINT_SIZE)
        font.setWeight(QFont.Weight.Bold)
        self.words.setFont(font)
        rows = -(-key_shares.SHARE_WORDS // WORDS_PER_ROW)
        self.words.setMinimumHeight(self.words.fontMetrics().lineSpacing() * (rows + 1) + 16)
        self.words.setMinimumWidth(self.words.fontMetrics().horizontalAdvance("M" * 44))
        self.written = QCheckBox()
        self.next_button = QPushButton()
        self.next_button.setEnabled(False)
        page = QWidget()
        layout = QVBoxLayout(page)
        for widget in (self.share_title, advice, self.words, self.written, self.next_button):
            layout.addWidget(widget)
        QWidget.setTabOrder(self.written, self.next_button)
        self.written.toggled.connect(self.next_button.setEnabled)
        self.next_button.clicked.connect(self.on_next_requested)
        return page

    def _done_page(self) -> QWidget:
        self.done_text = PlainTextLabel()
        self.done_text.setWordWrap(True)
        self.done_text.setAccessibleName(self.tr("The shares are done"))
        self.finish_button = QPushButton(self.tr("&Finish"))
        self.finish_button.setAccessibleName(self.tr("Finish"))
        self.finish_button.clicked.connect(self.accept)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_text)
        layout.addWidget(self.finish_button)
        layout.addStretch()
        return page

    def _show_page(self, index: int, focus: QWidget) -> None:
        self.pages.setCurrentIndex(index)
        default = (self.make_button, self.next_button, self.finish_button)[index]
        default.setDefault(True)  # Enter presses it (when it is enabled)
        focus.setFocus()

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def on_counts_changed(self) -> None:
        # At most as many needed as are made: the service refuses more.
        self.threshold.setMaximum(self.count.value())
        needed, made = self.threshold.value(), self.count.value()
        self.summary.setText(
            self.tr(
                "Any {needed} of the {made} shares will open this workspace; {fewer} or fewer"
                " tell nothing about its keys."
            ).format(needed=needed, made=made, fewer=needed - 1)
        )

    @Slot()
    def on_make_requested(self) -> None:
        if self.busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._say(self.tr("Type this workspace's passphrase."))
            return
        self.passphrase.setText("")  # not clear(): that keeps an undo step
        root, threshold, count = self._root, self.threshold.value(), self.count.value()

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> list[str]:
            handle = session.unlock(root, passphrase)  # the passphrase is right, or this raises
            try:
                return key_shares.make_key_shares(handle, threshold, count)
            finally:
                session.lock(handle)

        self._threshold = threshold
        self._run(work, self.on_shares_made, self.tr("Checking the passphrase…"))

    @Slot(object)
    def on_shares_made(self, shares: list[str]) -> None:
        self._set_working(False)
        if not self.isVisible():  # closed (or the window locked) while they were made
            return
        self._say("")
        self._shares = shares
        self._show_share(1)
        self.shares_made.emit(self._threshold, len(shares))

    @Slot()
    def on_next_requested(self) -> None:
        if not self._shares or not self.written.isChecked():
            return
        self.words.setPlainText("")  # before anything else is drawn
        if self._shown < len(self._shares):
            self._show_share(self._shown + 1)
            return
        count, threshold = len(self._shares), self._threshold
        self._wipe()
        self.done_text.setText(
            self.tr(
                "All {count} shares were shown, one at a time; any {needed} of them restore the"
                " keys. No share was stored anywhere. Give each paper to its trustee."
            ).format(count=count, needed=threshold)
        )
        self._show_page(2, self.finish_button)
        self.all_shares_shown.emit(threshold, count)

    def _show_share(self, number: int) -> None:
        count = len(self._shares)
        self._shown = number
        self.share_title.setText(
            self.tr("Share {number} of {count} (any {needed} restore the keys)").format(
                number=number, count=count, needed=self._threshold
            )
        )
        self.words.setPlainText(share_rows(self._shares[number - 1]))
        self.written.setChecked(False)
        text = self.tr("I have &written share {number} on paper").format(number=number)
        self.written.setText(text)
        self.written.setAccessibleName(text.replace("&", ""))
        last = number == count
        self.next_button.setText(self.tr("&Done") if last else self.tr("&Next share"))
        self.next_button.setAccessibleName(
            self.tr("Done") if last else self.tr("Show the next share")
        )
        self._show_page(1, self.written)

    def _wipe(self) -> None:
        """Let go of every share: the widgets hold no word afterwards."""
        self.words.setPlainText("")
        self.share_title.setText("")
        self.written.setChecked(False)
        self._shares = []
        self._shown = 0

    def done(self, result: int) -> None:
        # Every way out (Close, Escape, Finish, a lock) passes here.
        self._wipe()
        super().done(result)

    def _work_failed(self, error: BaseException) -> None:
        self._set_working(False)
        self._say(error_text(error))

    def _set_working(self, working: bool) -> None:
        super()._set_working(working)
        self.pages.setEnabled(not working)
        self.close_button.setEnabled(not working)
        if not working and self.pages.currentIndex() == 0:
            self.passphrase.setFocus()
