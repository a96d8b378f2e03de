"""A strength meter for a new passphrase: a bar of four steps and one sentence of advice.

The estimate is the service's (``fieldapp.services.passphrase_strength``); this widget only
shows it, translated. The passphrase itself is never put into the widget: only its score.
"""

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from fieldapp.services.passphrase_strength import MAX_SCORE, MIN_LENGTH, Advice, Strength, estimate
from ui.widgets.plain_text_label import PlainTextLabel


def advice_text(advice: Advice) -> str:
    """The translated sentence for one piece of advice."""
    sentences = {
        Advice.EMPTY: QCoreApplication.translate("PassphraseStrengthMeter", "Type a passphrase."),
        Advice.TOO_SHORT: QCoreApplication.translate(
            "PassphraseStrengthMeter",
            "Use at least %1 characters; four or five unrelated words are easy to remember.",
        ).replace("%1", str(MIN_LENGTH)),
        Advice.COMMON_WORD: QCoreApplication.translate(
            "PassphraseStrengthMeter",
            "Avoid common passwords and words about this work; add unrelated words.",
        ),
        Advice.KEYBOARD: QCoreApplication.translate(
            "PassphraseStrengthMeter", "Avoid rows of keys such as qwerty; add unrelated words."
        ),
        Advice.SEQUENCE: QCoreApplication.translate(
            "PassphraseStrengthMeter", "Avoid sequences such as abcd or 1234; add unrelated words."
        ),
        Advice.REPEAT: QCoreApplication.translate(
            "PassphraseStrengthMeter", "Avoid repeated characters or groups; add unrelated words."
        ),
        Advice.YEAR: QCoreApplication.translate(
            "PassphraseStrengthMeter", "Avoid years and dates; add unrelated words."
        ),
        Advice.TOO_SIMPLE: QCoreApplication.translate(
            "PassphraseStrengthMeter", "Too easy to guess; add more unrelated words."
        ),
        Advice.ADD_WORD: QCoreApplication.translate(
            "PassphraseStrengthMeter",
            "Good enough; one more unrelated word would make it stronger.",
        ),
        Advice.STRONG: QCoreApplication.translate("PassphraseStrengthMeter", "Strong passphrase."),
    }
    return sentences[advice]


def score_text(score: int) -> str:
    names = (
        QCoreApplication.translate("PassphraseStrengthMeter", "Very weak"),
        QCoreApplication.translate("PassphraseStrengthMeter", "Weak"),
        QCoreApplication.translate("PassphraseStrengthMeter", "Fair"),
        QCoreApplication.translate("PassphraseStrengthMeter", "Good"),
        QCoreApplication.translate("PassphraseStrengthMeter", "Strong"),
    )
    return names[max(0, min(score, MAX_SCORE))]


class PassphraseStrengthMeter(QWidget):
    """Call ``update_for(passphrase)`` as the person types; emits ``strength_changed(score)``
    when the score changes."""

    strength_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: tuple[str, ...] = ()
        self._strength = estimate("")
        self.bar = QProgressBar()
        self.bar.setRange(0, MAX_SCORE)
        self.bar.setTextVisible(True)
        self.bar.setAccessibleName(self.tr("Passphrase strength"))
        self.advice = PlainTextLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName(self.tr("Passphrase advice"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.advice)
        self._show()

    @property
    def strength(self) -> Strength:
        return self._strength

    def set_context(self, words: Iterable[str]) -> None:
        """Words a guesser would know (the device's label): they count as common words."""
        self._context = tuple(words)

    def update_for(self, passphrase: str) -> None:
        score = self._strength.score
        self._strength = estimate(passphrase, self._context)
        self._show()
        if self._strength.score != score:
            self.strength_changed.emit(self._strength.score)

    def _show(self) -> None:
        score = self._strength.score
        self.bar.setValue(score)
        self.bar.setFormat(score_text(score))
        self.bar.setAccessibleDescription(score_text(score))
        self.advice.setText(advice_text(self._strength.advice))
