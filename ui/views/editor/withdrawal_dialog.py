"""Recording a withdrawal of consent: which uses, how it was received, by whom, notes.

On the laptop the interviewer records what the witness told them. On the archive the coordinator
records what the witness told the office (``office``): every use is offered, those the version
the archive holds already does not allow marked so and unticked (the laptop may hold a newer
version that allows them, so withdrawing them is never refused); the dialog says as the boxes
are ticked what would stop, and asks once more before recording, because nothing undoes it
(only a new consent, taken by an interviewer who was told of the withdrawal, does).
"""

from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import ConsentScope, WithdrawalChannel
from fieldapp.domain.consent import SCOPES_INDEPENDENT_OF_ARCHIVE, EffectiveConsent
from fieldapp.domain.fields import SHORT_TEXT_MAX
from ui.views.editor.consent_texts import channel_text, scope_title
from ui.widgets.plain_text_label import PlainTextLabel


class WithdrawalDialog(QDialog):
    """Accepted with at least one use chosen (and, at the office, confirmed); read the choice
    with ``scopes()`` and the rest."""

    def __init__(
        self,
        received_by: str,
        parent: QWidget | None = None,
        *,
        office: bool = False,
        in_force: EffectiveConsent | None = None,
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._in_force = in_force
        self.confirm_box: QMessageBox | None = None
        if not office:
            self.setWindowTitle(self.tr("Record a withdrawal of consent"))
            intro_text = self.tr(
                "Choose the uses the witness withdrew. Withdrawing archiving withdraws every "
                "use that draws on the archived testimony."
            )
        else:
            self.setWindowTitle(self.tr("Record a withdrawal received at the office"))
            intro_text = self.tr(
                "Choose the uses the witness withdrew when they reached the office. A use "
                "already not allowed can be withdrawn too: the laptop may hold a newer consent "
                "that allows it."
            )
        intro = PlainTextLabel(intro_text)
        intro.setWordWrap(True)
        self.scope_boxes: dict[ConsentScope, QCheckBox] = {}
        for scope in ConsentScope:
            title = self._scope_text(scope)
            box = QCheckBox(title)
            box.setAccessibleName(title)
            box.toggled.connect(self.on_choice_changed)
            self.scope_boxes[scope] = box
        self.effect = PlainTextLabel()
        self.effect.setAccessibleName(self.tr("What the withdrawal stops"))
        self.effect.setWordWrap(True)
        self.effect.setVisible(office)
        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("How the withdrawal was received"))
        for channel in WithdrawalChannel:
            self.channel.addItem(channel_text(channel), channel.value)
        self.received_by = QLineEdit(received_by)
        self.received_by.setMaxLength(SHORT_TEXT_MAX)  # what the record holds: never refused
        self.received_by.setAccessibleName(self.tr("Received by"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes on the withdrawal"))
        self.notes.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            self.tr("&Record withdrawal"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setEnabled(False)

        form = QFormLayout()
        form.addRow(self.tr("&How"), self.channel)
        form.addRow(self.tr("Received &by"), self.received_by)
        form.addRow(self.tr("&Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for box in self.scope_boxes.values():
            layout.addWidget(box)
        layout.addWidget(self.effect)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_record_requested)
        self.buttons.rejected.connect(self.reject)
        self.received_by.textChanged.connect(self.on_choice_changed)
        self.on_choice_changed()

    def _already_not_allowed(self, scope: ConsentScope) -> bool:
        """At the office: the version the archive holds does not allow ``scope`` now."""
        now = self._in_force
        return self._office and now is not None and now.record is not None and not now.allows(scope)

    def _scope_text(self, scope: ConsentScope) -> str:
        if not self._already_not_allowed(scope):
            return scope_title(scope)
        assert self._in_force is not None
        return self.tr("{use} (already not allowed by version {version})").format(
            use=scope_title(scope), version=self._in_force.version
        )

    @Slot()
    def on_choice_changed(self) -> None:
        self.record_button.setEnabled(bool(self.scopes()) and bool(self.received_by.text().strip()))
        if self._office:
            self.effect.setText(self.effect_text() if self.scopes() else "")

    def scopes(self) -> list[ConsentScope]:
        return [scope for scope, box in self.scope_boxes.items() if box.isChecked()]

    def channel_code(self) -> str:
        return str(self.channel.currentData())

    def notes_text(self) -> str | None:
        return self.notes.toPlainText().strip() or None

    # -- what it stops ---------------------------------------------------------------------
    def _stopped_and_kept(self) -> tuple[list[ConsentScope], list[ConsentScope] | None]:
        """The uses the chosen withdrawal would stop, and those still allowed after it (None:
        not known): the domain's own rule decides (withdrawing archiving stops every use that
        draws on it)."""
        now = self._in_force
        if now is None:
            chosen = set(self.scopes())
            if ConsentScope.ARCHIVE in chosen:
                chosen |= set(ConsentScope) - SCOPES_INDEPENDENT_OF_ARCHIVE
            return [s for s in ConsentScope if s in chosen], None
        after = replace(now, withdrawn=now.withdrawn | frozenset(self.scopes()))
        stopped = [s for s in ConsentScope if now.allows(s) and not after.allows(s)]
        kept = [s for s in ConsentScope if after.allows(s)]
        return stopped, kept

    def effect_text(self) -> str:
        stopped, kept = self._stopped_and_kept()
        if stopped:
            text = self.tr("This stops: {uses}.").format(uses=_names(stopped))
        else:
            text = self.tr("This stops no use allowed now.")
        already = [s for s in self.scopes() if self._already_not_allowed(s)]
        if already:
            assert self._in_force is not None
            text += " " + self.tr(
                "Already not allowed by version {version}: {uses}; withdrawn all the same, so "
                "that a newer version the laptop took before it was told does not allow them."
            ).format(version=self._in_force.version, uses=_names(already))
        if ConsentScope.ARCHIVE in self.scopes():
            text += " " + self.tr(
                "Withdrawing keeping it in the archive stops every use except contacting the "
                "witness again."
            )
        if kept is None:
            pass  # the consent in force is not known here: say nothing of what remains
        elif kept:
            text += " " + self.tr("Still allowed: {uses}.").format(uses=_names(kept))
        else:
            text += " " + self.tr("No use remains allowed.")
        return text

    # -- recording -------------------------------------------------------------------------
    @Slot()
    def on_record_requested(self) -> None:
        if not self.record_button.isEnabled() or self.confirm_box is not None:
            return  # a second click (a double click) while the question is open asks nothing
        if not self._office:
            self.accept()
            return
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Record the withdrawal"))
        box.setText(
            self.tr("Record this withdrawal?")
            + "\n\n"
            + self.effect_text()
            + "\n\n"
            + self.tr(
                "It cannot be undone: only a new consent, taken by an interviewer, allows a "
                "use again."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(self.on_confirm_answered)
        self.confirm_box = box
        box.open()

    @Slot(QAbstractButton)
    def on_confirm_answered(self, button: QAbstractButton) -> None:
        box, self.confirm_box = self.confirm_box, None
        if box is None:
            return
        confirmed = box.buttonRole(button) == QMessageBox.ButtonRole.YesRole
        box.deleteLater()
        if confirmed:
            self.accept()


def _names(scopes: list[ConsentScope]) -> str:
    return ", ".join(scope_title(scope) for scope in scopes)
