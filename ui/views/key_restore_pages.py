"""The pages of the key restore dialog (``key_restore_dialog``): where the keys come from, the
backup file and its passphrase, the shares one at a time, the new passphrase, the new recovery
code and its read-back. Widgets only: the dialog runs the work and moves between them.

A share is typed into a ``ShareField``: its words can be typed, read and corrected, never
selected, copied, cut or dragged. A selection is offered to other programs (the clipboard, X11's
middle click), and a share must go nowhere but back into this field.
"""

import secrets
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError
from fieldapp.services import key_shares
from fieldapp.services.recovery_code import GROUPS_TO_READ_BACK, normalise_group
from ui.error_text import error_text
from ui.storage import Drive
from ui.widgets.file_chooser import ChooserTexts, FileChooser
from ui.widgets.new_passphrase import NewPassphraseForm
from ui.widgets.plain_text_label import PlainTextLabel
from ui.widgets.recovery_code_display import RecoveryCodeDisplay, code_groups

#: Characters of a read-back group before it is judged (a group is four).
GROUP_CHARS = 4

#: Keys that would select, copy or cut a share's words; typing needs none of them.
_NOT_IN_A_SHARE_FIELD = tuple(
    QKeySequence.StandardKey(key)
    for key in (
        QKeySequence.StandardKey.Copy,
        QKeySequence.StandardKey.Cut,
        QKeySequence.StandardKey.SelectAll,
        QKeySequence.StandardKey.SelectNextChar,
        QKeySequence.StandardKey.SelectPreviousChar,
        QKeySequence.StandardKey.SelectNextWord,
        QKeySequence.StandardKey.SelectPreviousWord,
        QKeySequence.StandardKey.SelectStartOfLine,
        QKeySequence.StandardKey.SelectEndOfLine,
        QKeySequence.StandardKey.SelectStartOfBlock,
        QKeySequence.StandardKey.SelectEndOfBlock,
        QKeySequence.StandardKey.SelectStartOfDocument,
        QKeySequence.StandardKey.SelectEndOfDocument,
    )
)


def _note(text: str = "") -> PlainTextLabel:
    label = PlainTextLabel(text)
    label.setWordWrap(True)
    return label


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


def secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class ShareField(QLineEdit):
    """One share's words, typed with echo (a typo must be seen to be corrected), never
    selected: no selection keys, no double click on a word, no drag, no context menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(key_shares.MAX_SHARE_LINE_CHARS)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        # A backstop for any other way in (an input method, a future key): no selection stays.
        self.selectionChanged.connect(self.on_selection_changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if any(event.matches(key) for key in _NOT_IN_A_SHARE_FIELD):
            event.accept()  # swallowed: neither selected here nor handed to a parent
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()  # a double click would select a word

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()  # a drag with the button held would select

    @Slot()
    def on_selection_changed(self) -> None:
        if self.hasSelectedText():
            self.deselect()


class SourcePage(QWidget):
    """From a key backup file, or from key shares."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        intro = QLabel(
            self.tr(
                "This folder holds a workspace whose keys are missing. Restore them from a key"
                " backup file and its passphrase, or from enough key shares written on paper;"
                " then choose a new passphrase. Only the new keys are written."
            )
        )
        intro.setWordWrap(True)
        location = PlainTextLabel(str(root))  # a path from outside: plain text only
        location.setAccessibleName(self.tr("Workspace folder"))
        self.from_backup = QRadioButton(self.tr("From a key &backup file"))
        self.from_backup.setAccessibleName(self.tr("From a key backup file"))
        self.from_backup.setChecked(True)
        self.from_shares = QRadioButton(self.tr("From key &shares"))
        self.from_shares.setAccessibleName(self.tr("From key shares"))
        self.next_button = _button(self.tr("&Next"), self.tr("Next"))
        layout = QVBoxLayout(self)
        for widget in (intro, location, self.from_backup, self.from_shares, self.next_button):
            layout.addWidget(widget)
        layout.addStretch()


class BackupPage(QWidget):
    """The backup file and its passphrase."""

    def __init__(self, detect: Callable[[], list[Drive]]) -> None:
        super().__init__()
        texts = ChooserTexts(
            file=self.tr("Key backup file"),
            choose=self.tr("C&hoose the backup…"),
            choose_name=self.tr("Choose the key backup file"),
            open=self.tr("Use this file"),
            open_name=self.tr("Use this file"),
            caption=self.tr("Key backup"),
            filters=self.tr("Key backups (*.age);;All files (*)"),
        )
        self.chooser = FileChooser(texts, detect=detect)
        # The file is read with its passphrase by "Check the backup", not by itself.
        self.chooser.open_button.hide()
        self.passphrase = secret_field(self.tr("The backup's passphrase"))
        passphrase_label = QLabel(self.tr("The backup's &passphrase"))
        passphrase_label.setBuddy(self.passphrase)
        self.check_button = _button(self.tr("Chec&k the backup"), self.tr("Check the backup"))
        self.back_button = _button(self.tr("&Back"), self.tr("Back"))
        form = QFormLayout()
        form.addRow(self.tr("Key backup file"), self.chooser)
        form.addRow(passphrase_label, self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch()
        QWidget.setTabOrder(self.chooser.choose_button, self.passphrase)
        QWidget.setTabOrder(self.passphrase, self.check_button)
        QWidget.setTabOrder(self.check_button, self.back_button)


class SharesPage(QWidget):
    """Shares typed one at a time ("Share 1", "Share 2"…) until the person says that is all,
    each checked with those before it as it is added (``key_shares.check_shares_so_far``)."""

    def __init__(self) -> None:
        super().__init__()
        self.shares: list[str] = []  # the shares added so far: key material, in memory only
        self._needed = 0  # how many restore the keys (known from share 1)
        advice = QLabel(
            self.tr(
                "Type the words of one share from its paper, in order, separated by spaces, then"
                " press Enter. Each share is checked as it is added; when you have added as many"
                " as are needed, press That is all."
            )
        )
        advice.setWordWrap(True)
        self.field = ShareField()
        self.field_label = QLabel()
        self.field_label.setBuddy(self.field)
        self.count_text = _note()
        self.count_text.setAccessibleName(self.tr("Shares added"))
        self.add_button = _button(self.tr("&Add this share"), self.tr("Add this share"))
        self.done_button = _button(self.tr("&That is all"), self.tr("That is all the shares"))
        self.again_button = _button(self.tr("Start a&gain"), self.tr("Forget the shares added"))
        self.back_button = _button(self.tr("&Back"), self.tr("Back"))
        form = QFormLayout()
        form.addRow(self.field_label, self.field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(advice)
        layout.addLayout(form)
        layout.addWidget(self.count_text)
        layout.addLayout(buttons)
        layout.addStretch()
        order = (self.field, self.add_button, self.done_button, self.again_button)
        for before, after in zip(order, (*order[1:], self.back_button), strict=True):
            QWidget.setTabOrder(before, after)
        self._show_count()

    def add_typed(self) -> str | None:
        """Add the share in the field if it passes; else the sentence saying why not (naming
        it by its position, never its words), the share left in the field to be corrected."""
        typed = " ".join(self.field.text().split())
        if not typed:
            self.field.setFocus()
            return self.tr("Type the words of share {n}.").format(n=len(self.shares) + 1)
        given = [*self.shares, typed]
        try:
            self._needed = key_shares.check_shares_so_far(given)
        except FieldappError as error:
            self.field.setFocus()
            return error_text(error)
        self.shares = given
        self.field.setText("")  # not clear(): that keeps an undo step
        self._show_count()
        return None

    def forget(self) -> None:
        self.shares, self._needed = [], 0
        self.field.setText("")
        self._show_count()

    def _show_count(self) -> None:
        """Name the field for the share typed next, and say how many there are."""
        given, needed = len(self.shares), self._needed
        name = self.tr("Share {position}").format(position=given + 1)
        self.field_label.setText(name)
        self.field.setAccessibleName(name)
        room = given < key_shares.MAX_SHARES
        self.field.setEnabled(room)
        self.add_button.setEnabled(room)
        if not given:
            text = self.tr("No share has been added yet.")
        elif given < needed:
            text = self.tr("{given} of the {needed} shares needed have been added.")
        else:
            text = self.tr("{given} shares have been added; {needed} restore the keys.")
        self.count_text.setText(text.format(given=given, needed=needed))
        if given and given >= needed and (self.field.hasFocus() or not room):
            self.done_button.setFocus()  # enough: Enter or Space goes on


class PassphrasePage(QWidget):
    """The new passphrase, weighed as at set-up (``NewPassphraseForm``)."""

    def __init__(self) -> None:
        super().__init__()
        intro = QLabel(
            self.tr(
                "The keys open this workspace. Choose its new passphrase: the old one, and the"
                " old recovery code, no longer open it."
            )
        )
        intro.setWordWrap(True)
        self.form = NewPassphraseForm(self.tr("New passphrase"))
        self.restore_button = _button(self.tr("&Restore the keys"), self.tr("Restore the keys"))
        self.restore_button.setEnabled(False)
        self.back_button = _button(self.tr("&Back"), self.tr("Back"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addStretch()
        QWidget.setTabOrder(self.form.confirmation, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.back_button)


class CodePage(QWidget):
    """The new recovery code, shown once as the first-run set-up shows it."""

    def __init__(self) -> None:
        super().__init__()
        title = QLabel(self.tr("Your new recovery code: write it on paper now."))
        self.display = RecoveryCodeDisplay()
        self.display.setAccessibleName(self.tr("Recovery code"))
        advice = _note(
            self.tr(
                "It opens the workspace if the passphrase is forgotten, and it is shown only this"
                " once. Keep the paper apart from the laptop; do not photograph it or type it"
                " anywhere else."
            )
        )
        self.written = QCheckBox(self.tr("I have &written the code on paper"))
        self.written.setAccessibleName(self.tr("I have written the code on paper"))
        self.next_button = _button(self.tr("&Next"), self.tr("Check what I wrote"))
        self.next_button.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (title, self.display, advice, self.written, self.next_button):
            layout.addWidget(widget)
        layout.addStretch()
        self.written.toggled.connect(self.next_button.setEnabled)


class ReadBackPage(QWidget):
    """Two groups of the code typed back from the paper, as at set-up."""

    def __init__(self) -> None:
        super().__init__()
        self._groups: list[str] = []  # the code's, while it is being read back
        self._asked: list[int] = []
        intro = QLabel(self.tr("Type these two groups of the code from your paper."))
        self.fields = [QLineEdit() for _ in range(GROUPS_TO_READ_BACK)]
        self.labels = [QLabel() for _ in range(GROUPS_TO_READ_BACK)]
        form = QFormLayout()
        for label, field in zip(self.labels, self.fields, strict=True):
            field.setMaxLength(8)  # a group is 4; room for stray spaces
            label.setBuddy(field)
            form.addRow(label, field)
        self.open_button = _button(self.tr("&Open the workspace"), self.tr("Open the workspace"))
        self.open_button.setEnabled(False)
        self.back_button = _button(self.tr("&Back"), self.tr("Show the code again"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch()
        QWidget.setTabOrder(self.fields[-1], self.open_button)
        QWidget.setTabOrder(self.open_button, self.back_button)

    def ask(self, code: str) -> None:
        """Ask for two groups of ``code``, chosen at random, as the set-up does."""
        self._groups = code_groups(code)
        count = len(self._groups)
        self._asked = sorted(secrets.SystemRandom().sample(range(count), GROUPS_TO_READ_BACK))
        for label, field, index in zip(self.labels, self.fields, self._asked, strict=True):
            name = self.tr("Group %1").replace("%1", str(index + 1))
            field.setText("")  # not clear(): that keeps an undo step
            field.setAccessibleName(name)
            label.setText(name)

    def matches(self) -> list[bool]:
        if not self._asked:  # nothing asked (or wiped): nothing matches
            return []
        return [
            bool(self._groups) and normalise_group(field.text()) == self._groups[index]
            for field, index in zip(self.fields, self._asked, strict=True)
        ]

    def mistyped(self) -> bool:
        """Whether a group typed in full differs from the code's."""
        typed = [len(normalise_group(field.text())) >= GROUP_CHARS for field in self.fields]
        return any(done and not right for done, right in zip(typed, self.matches(), strict=False))

    def complete(self) -> bool:
        return bool(self._asked) and all(self.matches())

    def wipe(self) -> None:
        self._groups, self._asked = [], []
        for field in self.fields:
            field.setText("")
