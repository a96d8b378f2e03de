"""The form for one incident: coded act, COI category, dates, places, perpetrator, victims,
source and reliability, all from the vocabularies; the exact place is marked restricted."""

from typing import Any
from uuid import UUID, uuid4

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from fieldapp.domain import CountPrecision, Incident, active_vocabularies
from fieldapp.domain.incident import DPRK, MAX_VICTIMS
from ui.views.editor.approx_date_input import ApproxDateInput
from ui.views.editor.interview_section import optional
from ui.views.editor.vocab_combo import VocabularyCombo, label_of


class IncidentForm(QWidget):
    """Shows one incident's fields (a dict of the domain's names); emits ``changed``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._id: UUID = uuid4()
        self.act_type = VocabularyCombo("act_types", self.tr("Act"))
        self.coi_category = QComboBox()
        self.coi_category.setAccessibleName(self.tr("COI category"))
        self.date_start = ApproxDateInput(self.tr("Date"))
        self.has_end = QCheckBox(self.tr("Lasted until"))
        self.has_end.setAccessibleName(self.tr("The act lasted until a later date"))
        self.date_end = ApproxDateInput(self.tr("End date"))
        self.country = QLineEdit(DPRK)
        self.country.setAccessibleName(self.tr("Country (two-letter code)"))
        self.country.setMaxLength(2)
        self.province = VocabularyCombo(
            "dprk_provinces", self.tr("Province"), none_text=self.tr("Province not known")
        )
        self.place_exact = QLineEdit()
        self.place_exact.setAccessibleName(self.tr("Exact place (restricted)"))
        self.place_exact.setPlaceholderText(self.tr("Village, facility or street: kept restricted"))
        self.perpetrator_type = VocabularyCombo("perpetrator_types", self.tr("Perpetrator"))
        self.perpetrator_unit = QLineEdit()
        self.perpetrator_unit.setAccessibleName(self.tr("Perpetrator's unit or office"))
        self.has_victims = QCheckBox(self.tr("Count known"))
        self.has_victims.setAccessibleName(self.tr("The number of victims is known"))
        self.victims = QSpinBox()
        self.victims.setRange(1, MAX_VICTIMS)
        self.victims.setAccessibleName(self.tr("Number of victims"))
        self.victims_precision = QComboBox()
        self.victims_precision.setAccessibleName(self.tr("How sure the count is"))
        for precision, text in self._precision_texts().items():
            self.victims_precision.addItem(text, precision.value)
        self.source_connection = VocabularyCombo(
            "source_connection", self.tr("How the witness knows")
        )
        self.reliability = VocabularyCombo("reliability", self.tr("Reliability"))
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName(self.tr("Incident summary"))
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(80)

        end = QHBoxLayout()
        end.addWidget(self.has_end)
        end.addWidget(self.date_end, 1)
        place = QHBoxLayout()
        place.addWidget(self.country)
        place.addWidget(self.province, 1)
        victims = QHBoxLayout()
        for widget in (self.has_victims, self.victims, self.victims_precision):
            victims.addWidget(widget)
        form = QFormLayout(self)
        form.addRow(self.tr("&Act"), self.act_type)
        form.addRow(self.tr("COI cate&gory"), self.coi_category)
        form.addRow(self.tr("Date"), self.date_start)
        form.addRow(self.tr("End"), end)
        form.addRow(self.tr("Public place"), place)
        form.addRow(self.tr("E&xact place"), self.place_exact)
        form.addRow(self.tr("&Perpetrator"), self.perpetrator_type)
        form.addRow(self.tr("&Unit"), self.perpetrator_unit)
        form.addRow(self.tr("Victims"), victims)
        form.addRow(self.tr("S&ource"), self.source_connection)
        form.addRow(self.tr("Re&liability"), self.reliability)
        form.addRow(self.tr("Su&mmary"), self.summary)

        self.act_type.currentIndexChanged.connect(self.on_act_type_changed)
        self.has_end.toggled.connect(self._sync_enabled)
        self.has_victims.toggled.connect(self._sync_enabled)
        for signal in (
            self.coi_category.currentIndexChanged, self.date_start.changed, self.has_end.toggled,
            self.date_end.changed, self.country.textEdited,
            self.province.currentIndexChanged, self.place_exact.textEdited,
            self.perpetrator_type.currentIndexChanged, self.perpetrator_unit.textEdited,
            self.has_victims.toggled, self.victims.valueChanged,
            self.victims_precision.currentIndexChanged, self.source_connection.currentIndexChanged,
            self.reliability.currentIndexChanged, self.summary.textChanged,
        ):  # fmt: skip
            signal.connect(self._on_changed)
        self.on_act_type_changed()
        self._sync_enabled()

    def _precision_texts(self) -> dict[CountPrecision, str]:
        return {
            CountPrecision.EXACT: self.tr("exactly"),
            CountPrecision.APPROXIMATE: self.tr("about"),
            CountPrecision.AT_LEAST: self.tr("at least"),
        }

    def _on_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    @Slot()
    def on_act_type_changed(self) -> None:
        # The COI categories offered are those the act may be filed under, the usual first.
        act = self.act_type.code()
        current = self.coi_category.currentData()
        self.coi_category.blockSignals(True)
        self.coi_category.clear()
        categories = active_vocabularies().coi_categories_of(act) if act else ()
        for code in categories:
            self.coi_category.addItem(f"{code}: {label_of('coi_categories', code)}", code)
        index = self.coi_category.findData(current)
        self.coi_category.setCurrentIndex(max(index, 0))
        self.coi_category.blockSignals(False)
        self._on_changed()

    def _sync_enabled(self) -> None:
        self.date_end.setEnabled(self.has_end.isChecked())
        self.victims.setEnabled(self.has_victims.isChecked())
        self.victims_precision.setEnabled(self.has_victims.isChecked())

    def fields(self) -> dict[str, Any]:
        """The incident as the domain's fields (validated by the caller)."""
        country = self.country.text().strip().upper()
        fields: dict[str, Any] = {
            "id": self._id,
            "act_type": self.act_type.code(),
            "coi_category": self.coi_category.currentData(),
            "date_start": self.date_start.value(),
            "date_end": self.date_end.value() if self.has_end.isChecked() else None,
            "place_public": {
                "country": country,
                "province": self.province.code() if country == DPRK else None,
            },
            "place_exact": optional(self.place_exact.text()),
            "perpetrator_type": self.perpetrator_type.code(),
            "perpetrator_unit": optional(self.perpetrator_unit.text()),
            "victims": None,
            "source_connection": self.source_connection.code(),
            "reliability": self.reliability.code(),
            "summary": optional(self.summary.toPlainText()),
        }
        if self.has_victims.isChecked():
            fields["victims"] = {
                "value": self.victims.value(),
                "precision": self.victims_precision.currentData(),
            }
        return fields

    def new_incident(self) -> None:
        """A blank form for a new incident (a fresh id)."""
        self._loading = True
        try:
            self._id = uuid4()
            for combo in (self.act_type, self.perpetrator_type, self.source_connection,
                          self.reliability, self.province):  # fmt: skip
                combo.setCurrentIndex(0)
            self.on_act_type_changed()
            self.country.setText(DPRK)
            for edit in (self.place_exact, self.perpetrator_unit):
                edit.setText("")  # unlike clear(), leaves nothing in the undo history
            self.summary.clear()
            self.has_end.setChecked(False)
            self.has_victims.setChecked(False)
            self.date_start.reset()
            self.date_end.reset()
            self.victims.setValue(1)
        finally:
            self._loading = False

    def load(self, incident: Incident) -> None:
        self._loading = True
        try:
            self._id = incident.id
            self.act_type.set_code(incident.act_type)
            self.on_act_type_changed()
            index = self.coi_category.findData(incident.coi_category)
            self.coi_category.setCurrentIndex(max(index, 0))
            self.date_start.set_value(incident.date_start)
            self.has_end.setChecked(incident.date_end is not None)
            if incident.date_end is not None:
                self.date_end.set_value(incident.date_end)
            self.country.setText(incident.place_public.country)
            self.province.set_code(incident.place_public.province)
            self.place_exact.setText(incident.place_exact or "")
            self.perpetrator_type.set_code(incident.perpetrator_type)
            self.perpetrator_unit.setText(incident.perpetrator_unit or "")
            self.has_victims.setChecked(incident.victims is not None)
            if incident.victims is not None:
                self.victims.setValue(incident.victims.value)
                precision = self.victims_precision.findData(incident.victims.precision.value)
                self.victims_precision.setCurrentIndex(precision)
            self.source_connection.set_code(incident.source_connection)
            self.reliability.set_code(incident.reliability)
            self.summary.setPlainText(incident.summary or "")
        finally:
            self._loading = False
        self._sync_enabled()
