"""Drop-downs filled from the controlled vocabularies: codes as data, labels as text.

Labels come from the vocabulary files (English and Korean), not from Qt's translations, so a
vocabulary updated by pack shows its new labels at once.
"""

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget

from fieldapp.domain import VocabularyEntry, active_vocabularies
from ui import i18n
from ui.reason_texts import shown


def vocabulary_language() -> str:
    """``ko`` where the app runs in Korean (``ui.i18n``), else ``en``."""
    return "ko" if i18n.current_language() == "ko" else "en"


def label_of(vocabulary: str, code: str) -> str:
    """The label of ``code`` (the code itself if the active vocabularies do not know it),
    ``shown`` escaped: a label a pack brought may hold a direction override, which would
    otherwise reorder what follows it on the line (an incident's place, in the list)."""
    vocabularies = active_vocabularies()
    if not vocabularies.is_valid(vocabulary, code):
        return shown(code)
    label = vocabularies.label(vocabulary, code, vocabulary_language())  # type: ignore[arg-type]
    return shown(label)


class VocabularyCombo(QComboBox):
    """A drop-down of one vocabulary's offered entries; ``code()`` is the chosen code."""

    def __init__(
        self,
        vocabulary: str,
        accessible_name: str,
        *,
        none_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.setAccessibleName(accessible_name)
        self._none_text = none_text
        self.refill()

    def refill(self) -> None:
        """Offer the active vocabulary's entries again (a pack may have updated it since),
        keeping the chosen code; emits nothing, as the record did not change."""
        code = self.code() if self.count() else None
        self.blockSignals(True)
        try:
            self.clear()
            if self._none_text is not None:
                self.addItem(self._none_text, None)
            self.fill(active_vocabularies()[self.vocabulary].offered())
            self.set_code(code)
        finally:
            self.blockSignals(False)

    def fill(self, entries: Iterable[VocabularyEntry]) -> None:
        for entry in entries:
            self.addItem(label_of(self.vocabulary, entry.code), entry.code)

    def code(self) -> str | None:
        return self.currentData()

    def set_code(self, code: str | None) -> None:
        """Select ``code``; a deprecated or unknown code of an older record is added, not lost."""
        index = self.findData(code)
        if index < 0 and code is not None:
            self.addItem(label_of(self.vocabulary, code), code)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))
