"""The witness: the pseudonym code, always shown, and the identity in a protected panel.

The identity is the most dangerous thing on the screen. The panel opens only by a deliberate
action confirmed in a dialog, and closes again on request, when the editor is left or locked,
and after ``IDLE_CLOSE_MS`` without a key or click inside it. Closed means emptied: the
widgets' text is cleared, not merely hidden, so nothing of it is left for a screenshot tool or
an accessibility reader to pick up.

The section holds no workspace: it asks the editor (signals) to fetch and save the identity.
"""

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import (
    ContactKind,
    ContactPoint,
    FamilyMember,
    KnownPlace,
    PlaceKind,
    WitnessIdentity,
    validate_model,
)
from ui.views.editor.approx_date_text import format_approx_date, parse_approx_date
from ui.views.editor.interview_section import lines, optional
from ui.widgets.plain_text_label import PlainTextLabel

#: Two minutes without activity inside the open panel closes it.
IDLE_CLOSE_MS = 2 * 60 * 1000
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn}
_FAMILY_SEPARATOR = "; "


def _family_text(member: FamilyMember) -> str:
    parts = [member.relationship, member.name or "", member.location or ""]
    return _FAMILY_SEPARATOR.join(parts).rstrip("; ")


def _family_from(line: str) -> FamilyMember:
    parts = [part.strip() for part in line.split(";")] + ["", ""]
    return validate_model(
        FamilyMember,
        {"relationship": parts[0], "name": parts[1] or None, "location": parts[2] or None},
    )


def _kept_or_new(text: str, existing: dict[str, Any], make: Any) -> tuple[Any, ...]:
    """Each line is the existing item it shows (keeping its hidden details: kinds, notes) or a
    new one made from the line."""
    return tuple(existing.get(line) or make(line) for line in lines(text))


class WitnessSection(QWidget):
    """Asks for the identity with ``identity_show_requested``, to hide it with
    ``identity_hide_requested`` or ``identity_close_due``; the editor answers with
    ``open_panel(identity)`` and ``close_panel()``."""

    identity_show_requested = Signal()
    #: The Hide button: save, and stay open if the identity cannot be saved.
    identity_hide_requested = Signal()
    #: Idle, or consent no longer allows it: save if possible, and close in any case.
    identity_close_due = Signal()
    identity_edited = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, idle_close_ms: int = IDLE_CLOSE_MS
    ) -> None:
        super().__init__(parent)
        self._loading = False
        self._touched = False
        self._shown: WitnessIdentity | None = None
        self.confirm_box: QMessageBox | None = None

        self.pseudonym = PlainTextLabel()
        self.pseudonym.setAccessibleName(self.tr("Witness pseudonym code"))
        self.pseudonym.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = QPushButton(self.tr("Show &identity…"))
        self.show_button.setAccessibleName(self.tr("Show the witness's identity"))
        self.hide_button = QPushButton(self.tr("Hide &identity"))
        self.hide_button.setAccessibleName(self.tr("Save and hide the witness's identity"))
        self.hide_button.setVisible(False)
        self.custodian_note = PlainTextLabel(
            self.tr(
                "The witness's identity went to the custodian, encrypted to the custodian alone:"
                " the archive cannot read it (the custodian opens it with “fieldapp custodian"
                " show”)."
            )
        )
        self.custodian_note.setWordWrap(True)
        self.custodian_note.setVisible(False)

        self.names = self._text_edit(self.tr("Names, one per line (Hangul and romanised)"))
        self.aliases = self._text_edit(self.tr("Aliases, one per line"))
        self.gender = self._line_edit(self.tr("Gender"))
        self.birth_date = self._line_edit(self.tr("Birth date"))
        self.birth_date.setPlaceholderText(self.tr("2009, 2009-03, 2009-03-14 or c. 2009"))
        self.left_country = self._line_edit(self.tr("Left the country"))
        self.left_country.setPlaceholderText(self.tr("2009, 2009-03, 2009-03-14 or c. 2009"))
        self.places = self._text_edit(self.tr("Places in the witness's life, one per line"))
        self.contacts = self._text_edit(self.tr("Contacts, one per line"))
        self.family = self._text_edit(
            self.tr("Family at risk, one per line: relationship; name; location")
        )
        self.notes = self._text_edit(self.tr("Notes on the identity"))

        self.panel = QGroupBox(self.tr("Identity (protected)"))
        self.panel.setAccessibleName(self.tr("Witness identity"))
        form = QFormLayout(self.panel)
        form.addRow(self.tr("Na&mes"), self.names)
        form.addRow(self.tr("A&liases"), self.aliases)
        form.addRow(self.tr("&Gender"), self.gender)
        form.addRow(self.tr("Birth date"), self.birth_date)
        form.addRow(self.tr("Left the co&untry"), self.left_country)
        form.addRow(self.tr("&Places"), self.places)
        form.addRow(self.tr("Cont&acts"), self.contacts)
        form.addRow(self.tr("&Family at risk"), self.family)
        form.addRow(self.tr("N&otes"), self.notes)
        self.panel.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.hide_button)
        buttons.addStretch()
        header = QFormLayout()
        header.addRow(self.tr("Pseudonym code"), self.pseudonym)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(buttons)
        layout.addWidget(self.custodian_note)
        layout.addWidget(self.panel)
        layout.addStretch()

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_close_ms)
        self.idle_timer.timeout.connect(self.identity_close_due)
        self.show_button.clicked.connect(self.on_show_clicked)
        self.hide_button.clicked.connect(self.identity_hide_requested)

    def _line_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.textEdited.connect(self._on_field_edited)
        edit.installEventFilter(self)
        return edit

    def _text_edit(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(80)
        edit.textChanged.connect(self._on_field_edited)
        edit.installEventFilter(self)
        return edit

    def _inputs(self) -> list[QLineEdit | QPlainTextEdit]:
        return [
            self.names, self.aliases, self.gender, self.birth_date, self.left_country,
            self.places, self.contacts, self.family, self.notes,
        ]  # fmt: skip

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and self.is_open:
            self.idle_timer.start()
        return super().eventFilter(watched, event)

    @Slot()
    def _on_field_edited(self) -> None:
        if not self._loading and self.is_open:
            self._touched = True
            self.idle_timer.start()
            self.identity_edited.emit()

    # -- opening and closing ---------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.panel.isVisibleTo(self)

    @Slot()
    def on_show_clicked(self) -> None:
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Show identity"))
        box.setText(
            self.tr(
                "Show the witness's identity? Make sure nobody else can see the screen. It "
                "is hidden again after two minutes without activity."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(self.on_confirm_clicked)
        self.confirm_box = box
        box.open()

    @Slot(QAbstractButton)
    def on_confirm_clicked(self, button: QAbstractButton) -> None:
        box = self.confirm_box
        self.confirm_box = None
        if box is None:
            return
        confirmed = box.buttonRole(button) == QMessageBox.ButtonRole.YesRole
        box.deleteLater()
        if confirmed:
            self.identity_show_requested.emit()

    def open_panel(self, identity: WitnessIdentity | None) -> None:
        """Show ``identity`` (``None``: an empty form for a first entry)."""
        self._shown = identity
        self._loading = True
        try:
            if identity is not None:
                self.names.setPlainText("\n".join(identity.names))
                self.aliases.setPlainText("\n".join(identity.aliases))
                self.gender.setText(identity.gender or "")
                self.birth_date.setText(format_approx_date(identity.birth_date))
                self.left_country.setText(format_approx_date(identity.left_country))
                self.places.setPlainText("\n".join(p.name for p in identity.places))
                self.contacts.setPlainText("\n".join(c.value for c in identity.contacts))
                self.family.setPlainText("\n".join(map(_family_text, identity.family_at_risk)))
                self.notes.setPlainText(identity.notes or "")
        finally:
            self._loading = False
        self._touched = False
        self.panel.setVisible(True)
        self.show_button.setVisible(False)
        self.hide_button.setVisible(True)
        self.idle_timer.start()
        self.names.setFocus()

    def close_panel(self) -> None:
        """Empty every field and hide the panel."""
        self.idle_timer.stop()
        self._loading = True
        try:
            for edit in self._inputs():
                # QLineEdit.clear() is undoable: the text would stay in its undo history.
                # setText("") and QPlainTextEdit.clear() empty the history too.
                if isinstance(edit, QLineEdit):
                    edit.setText("")
                else:
                    edit.clear()
        finally:
            self._loading = False
        self._shown = None
        self._touched = False
        self.panel.setVisible(False)
        self.hide_button.setVisible(False)
        self.show_button.setVisible(True)
        if self.confirm_box is not None:
            self.confirm_box.reject()
            self.confirm_box = None

    # -- the record ------------------------------------------------------------------------
    def load(self, pseudonym: str) -> None:
        self.close_panel()
        self.pseudonym.setText(pseudonym)

    def set_received(self, received: bool) -> None:
        """On the archive, which never holds an identity: no button, and a sentence saying why."""
        self.show_button.setVisible(not received)
        self.custodian_note.setVisible(received)

    def set_editable(self, editable: bool) -> None:
        self.show_button.setEnabled(editable)
        if not editable and self.is_open:
            self.identity_close_due.emit()

    @property
    def has_changes(self) -> bool:
        return self._touched

    def identity_fields(self) -> dict[str, Any]:
        """The form as fields of a ``WitnessIdentity`` (ValidationFailedError if malformed)."""
        shown = self._shown
        places = {p.name: p for p in shown.places} if shown else {}
        contacts = {c.value: c for c in shown.contacts} if shown else {}
        family = {_family_text(m): m for m in shown.family_at_risk} if shown else {}
        fields: dict[str, Any] = {
            "names": lines(self.names.toPlainText()),
            "aliases": lines(self.aliases.toPlainText()),
            "gender": optional(self.gender.text()),
            "birth_date": parse_approx_date(self.birth_date.text(), self.tr("birth date")),
            "left_country": parse_approx_date(self.left_country.text(), self.tr("date of leaving")),
            "places": _kept_or_new(
                self.places.toPlainText(),
                places,
                lambda name: validate_model(KnownPlace, {"name": name, "kind": PlaceKind.OTHER}),
            ),
            "contacts": _kept_or_new(
                self.contacts.toPlainText(),
                contacts,
                lambda value: validate_model(
                    ContactPoint, {"kind": ContactKind.OTHER, "value": value}
                ),
            ),
            "family_at_risk": _kept_or_new(self.family.toPlainText(), family, _family_from),
            "notes": optional(self.notes.toPlainText()),
        }
        if shown is not None:
            fields["relinking_roles"] = shown.relinking_roles
        return fields

    def saved(self, identity: WitnessIdentity) -> None:
        """``identity`` is what is now stored; later saves keep its details."""
        self._shown = identity
        self._touched = False

    def clear(self) -> None:
        self.close_panel()
        self.pseudonym.setText("")
