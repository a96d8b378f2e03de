"""A date known only so well: a precision and the parts of the date it covers."""

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QWidget

from fieldapp.domain import ApproxDate
from fieldapp.domain.fields import MAX_YEAR, MIN_YEAR
from ui.views.editor.vocab_combo import VocabularyCombo

_HAS_MONTH = {"exact", "month", "estimate"}
_HAS_DAY = {"exact", "estimate"}


class ApproxDateInput(QWidget):
    """Precision, year, month and day; the month and day only where the precision has them."""

    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.precision = VocabularyCombo(
            "date_precision", self.tr("{what}: precision").format(what=accessible_name)
        )
        self.year = self._spin(MIN_YEAR, MAX_YEAR, self.tr("{what}: year"), accessible_name)
        self.month = self._spin(1, 12, self.tr("{what}: month"), accessible_name)
        self.day = self._spin(1, 31, self.tr("{what}: day"), accessible_name)
        self.reset()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.precision, self.year, self.month, self.day):
            layout.addWidget(widget)
        self.precision.currentIndexChanged.connect(self.on_precision_changed)
        self.on_precision_changed()

    def reset(self) -> None:
        """This year, at the first precision: what a new incident starts from."""
        self.blockSignals(True)
        try:
            self.precision.setCurrentIndex(0)
            self.year.setValue(QDate.currentDate().year())
            self.month.setValue(1)
            self.day.setValue(1)
        finally:
            self.blockSignals(False)
        self.on_precision_changed()

    def _spin(self, low: int, high: int, name: str, what: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setAccessibleName(name.format(what=what))
        spin.valueChanged.connect(self.changed)
        return spin

    @Slot()
    def on_precision_changed(self) -> None:
        code = self.precision.code() or "exact"
        self.month.setEnabled(code in _HAS_MONTH)
        self.day.setEnabled(code in _HAS_DAY)
        self.changed.emit()

    def value(self) -> dict[str, object]:
        """The fields of an ``ApproxDate`` (the domain checks the calendar)."""
        code = self.precision.code() or "exact"
        month = self.month.value() if code in _HAS_MONTH else 1
        day = self.day.value() if code in _HAS_DAY else 1
        try:
            value = date(self.year.value(), month, day)
        except ValueError:
            # 31 February: let the domain say the date is wrong, by field, not by content.
            return {"value": None, "precision": code}
        return {"value": value, "precision": code}

    def set_value(self, value: ApproxDate) -> None:
        self.blockSignals(True)
        try:
            self.precision.set_code(value.precision)
            self.year.setValue(value.value.year)
            self.month.setValue(value.value.month)
            self.day.setValue(value.value.day)
        finally:
            self.blockSignals(False)
        self.on_precision_changed()
