"""Choosing a new passphrase: the passphrase, its confirmation, the strength meter, and the
sentence that says what is wrong (too weak, or the two differ).

Used by the first-run set-up (workspace and custodian passphrases) and after a recovery.
"""

from collections.abc import Iterable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.passphrase_strength import PassphraseStrengthMeter, advice_text


class NewPassphraseForm(QWidget):
    """Emits ``changed()`` whenever either field changes; ``problem()`` is None when usable."""

    changed = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        """``what`` names the passphrase for labels and screen readers ("Passphrase")."""
        super().__init__(parent)
        self._other: str | None = None
        self.passphrase = self._field(what)
        self.confirmation = self._field(self.tr("%1, again").replace("%1", what))
        self.meter = PassphraseStrengthMeter()
        form = QFormLayout()
        form.addRow(what, self.passphrase)
        form.addRow(self.tr("Again"), self.confirmation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.meter)
        self.setTabOrder(self.passphrase, self.confirmation)
        self.passphrase.textChanged.connect(self.on_text_changed)
        self.confirmation.textChanged.connect(self.on_text_changed)

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def set_context(self, words: Iterable[str]) -> None:
        self.meter.set_context(words)
        self.meter.update_for(self.passphrase.text())

    def must_differ_from(self, other: str | None) -> None:
        """Refuse this passphrase if it equals ``other`` (the custodian's and the archive's)."""
        self._other = other

    def text(self) -> str:
        return self.passphrase.text()

    def problem(self) -> str | None:
        """One sentence saying why the passphrase cannot be used yet, or None."""
        strength = self.meter.strength
        if not strength.acceptable:
            return self.tr("Too weak: %1").replace("%1", advice_text(strength.advice))
        if self.passphrase.text() != self.confirmation.text():
            return self.tr("The two passphrases differ; type the same one twice.")
        if self._other is not None and self.passphrase.text() == self._other:
            return self.tr("This passphrase must differ from the workspace's own.")
        return None

    def clear(self) -> None:
        self.passphrase.setText("")  # not clear(): that keeps an undo step
        self.confirmation.setText("")

    @Slot()
    def on_text_changed(self) -> None:
        self.meter.update_for(self.passphrase.text())
        self.changed.emit()
