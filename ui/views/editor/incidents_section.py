"""The incidents of a testimony: a list, and the form of the one selected.

Each change of the form is validated at once. While the form holds an incident the domain
refuses (an end before the start), the list is held on it and the reason is shown, so an
incomplete incident is never left behind unseen.
"""

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import Incident, validate_model
from fieldapp.errors import ValidationFailedError
from ui.error_text import error_text
from ui.views.editor.incident_form import IncidentForm
from ui.views.editor.vocab_combo import label_of
from ui.widgets.plain_text_label import PlainTextLabel


class IncidentsSection(QWidget):
    """Emits ``edited``; ``changes()`` gives ``{"incidents": (...)}`` once edited."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._incidents: list[Incident] = []
        self._touched = False
        self._invalid: ValidationFailedError | None = None
        self._editable = True

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Incidents"))
        self.add_button = QPushButton(self.tr("Add &incident"))
        self.add_button.setAccessibleName(self.tr("Add an incident"))
        self.remove_button = QPushButton(self.tr("Remove incident"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected incident"))
        self.status = PlainTextLabel()
        self.status.setAccessibleName(self.tr("Incident status"))
        self.status.setWordWrap(True)
        self.form = IncidentForm()
        self.form.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.list)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.form)
        right.addWidget(self.status)
        right.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)

        self.add_button.clicked.connect(self.on_add_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.list.currentRowChanged.connect(self.on_current_row_changed)
        self.form.changed.connect(self.on_form_changed)
        self._sync_buttons()

    def _text(self, incident: Incident) -> str:
        place = incident.place_public.country
        if incident.place_public.province:
            place = label_of("dprk_provinces", incident.place_public.province)
        act = label_of("act_types", incident.act_type)
        return f"{incident.date_start.text()} · {act} · {place}"

    def _sync_buttons(self) -> None:
        valid = self._invalid is None
        self.add_button.setEnabled(self._editable and valid)
        self.remove_button.setEnabled(self._editable and self.list.currentRow() >= 0)
        self.list.setEnabled(valid)
        self.form.setEnabled(self._editable)

    # -- editing ---------------------------------------------------------------------------
    @Slot()
    def on_add_clicked(self) -> None:
        self.form.new_incident()
        try:
            incident = validate_model(Incident, self.form.fields())
        except ValidationFailedError as error:  # the vocabularies' first entries should fit
            self.status.setText(error_text(error))
            return
        self._incidents.append(incident)
        self.list.addItem(self._text(incident))
        self.list.setCurrentRow(len(self._incidents) - 1)
        self._mark_edited()
        self.form.act_type.setFocus()

    @Slot()
    def on_remove_clicked(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._incidents):
            return
        del self._incidents[row]
        self._invalid = None
        self.status.setText("")
        self.list.takeItem(row)
        if not self._incidents:
            self.form.setVisible(False)
        self._mark_edited()

    @Slot(int)
    def on_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._incidents):
            self.form.load(self._incidents[row])
            self.form.setVisible(True)
        self._sync_buttons()

    @Slot()
    def on_form_changed(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._incidents):
            return
        try:
            incident = validate_model(Incident, self.form.fields())
        except ValidationFailedError as error:
            self._invalid = error
            self.status.setText(error_text(error))
        else:
            self._invalid = None
            self.status.setText("")
            self._incidents[row] = incident
            self.list.item(row).setText(self._text(incident))
        self._mark_edited()

    def _mark_edited(self) -> None:
        self._touched = True
        self._sync_buttons()
        self.edited.emit()

    # -- the record ------------------------------------------------------------------------
    def load(self, incidents: tuple[Incident, ...]) -> None:
        self._incidents = list(incidents)
        self._invalid = None
        self.status.setText("")
        self.list.blockSignals(True)
        self.list.clear()
        for incident in incidents:
            self.list.addItem(self._text(incident))
        self.list.blockSignals(False)
        self.form.setVisible(False)
        if incidents:
            self.list.setCurrentRow(0)
        self._touched = False
        self._sync_buttons()

    def changes(self) -> dict[str, Any]:
        """``{"incidents": …}`` once edited; raises the form's error while it is invalid."""
        if not self._touched:
            return {}
        if self._invalid is not None:
            raise self._invalid
        return {"incidents": tuple(self._incidents)}

    def saved(self) -> None:
        self._touched = False

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._sync_buttons()

    def clear(self) -> None:
        self._incidents = []
        self._invalid = None
        self.list.clear()
        self.form.new_incident()
        self.form.country.setText("")
        self.form.setVisible(False)
        self.status.setText("")
        self._touched = False
        self._sync_buttons()
