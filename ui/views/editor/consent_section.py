"""Consent first: the form for a new consent version, read to the witness scope by scope, the
withdrawal button, and the history of versions and withdrawals (read-only). On the archive, in
place of the form: the uses allowed now and a button for a withdrawal received at the office.

Every scope is answered Yes or No explicitly; neither is preselected, and the form cannot be
recorded until each has an answer (the domain has no default either: a half-filled form must
never read as agreement).
"""

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import (
    AnonymityWish,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    ExplainedTopic,
)
from fieldapp.domain.consent import (
    AGE_OF_MAJORITY,
    ESSENTIAL_TOPICS,
    EffectiveConsent,
    OfficeWithdrawal,
)
from ui.views.editor.consent_history import history_text
from ui.views.editor.consent_in_force import ConsentInForcePanel
from ui.views.editor.consent_texts import (
    anonymity_text,
    scope_explanation,
    scope_title,
    topic_text,
)
from ui.views.editor.interview_section import COMMON_LANGUAGES, optional
from ui.views.editor.vocab_combo import VocabularyCombo
from ui.widgets.plain_text_label import PlainTextLabel

_YES, _NO = 1, 0


class ConsentSection(QWidget):
    """Emits ``consent_submitted(fields)`` and ``withdrawal_requested()`` (from the laptop's
    withdrawal button or the archive's office one); the editor stores."""

    consent_submitted = Signal(object)
    withdrawal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = PlainTextLabel(
            self.tr(
                "Read each use to the witness and record their answer. Nothing else in this "
                "testimony can be written until the witness agrees to it being archived."
            )
        )
        self.intro.setWordWrap(True)
        self.state = PlainTextLabel()
        self.state.setAccessibleName(self.tr("Consent in force"))
        self.state.setWordWrap(True)

        self.scope_answers: dict[ConsentScope, QButtonGroup] = {}
        scopes = QGroupBox(self.tr("Uses the witness agrees to"))
        grid = QGridLayout(scopes)
        for row, scope in enumerate(ConsentScope):
            self._add_scope_row(grid, row, scope)

        self.topics: dict[ExplainedTopic, QCheckBox] = {}
        explained = QGroupBox(self.tr("Explained to the witness"))
        topics_layout = QVBoxLayout(explained)
        for topic in ExplainedTopic:
            text = topic_text(topic) + (" *" if topic in ESSENTIAL_TOPICS else "")
            box = QCheckBox(text)
            box.setAccessibleName(topic_text(topic))
            self.topics[topic] = box
            topics_layout.addWidget(box)
        topics_layout.addWidget(PlainTextLabel(self.tr("* needed before the testimony is sealed")))

        self.method = VocabularyCombo("consent_methods", self.tr("How consent was given"))
        self.taken_by = QLineEdit()
        self.taken_by.setAccessibleName(self.tr("Consent taken by"))
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(COMMON_LANGUAGES)
        self.language.setAccessibleName(self.tr("Language of the consent"))
        self.interpreter = QLineEdit()
        self.interpreter.setAccessibleName(self.tr("Interpreter for the consent"))
        self.anonymity = QComboBox()
        self.anonymity.setAccessibleName(self.tr("Anonymity the witness wishes"))
        for wish in AnonymityWish:
            self.anonymity.addItem(anonymity_text(wish), wish.value)
        self.restrictions = QPlainTextEdit()
        self.restrictions.setAccessibleName(self.tr("Restrictions in the witness's words"))
        self.restrictions.setTabChangesFocus(True)
        self.restrictions.setMaximumHeight(70)
        self._build_minor()

        details_box = QWidget()
        details = QFormLayout(details_box)
        details.setContentsMargins(0, 0, 0, 0)
        details.addRow(self.tr("&Method"), self.method)
        details.addRow(self.tr("Ta&ken by"), self.taken_by)
        details.addRow(self.tr("Lan&guage"), self.language)
        details.addRow(self.tr("Inter&preter"), self.interpreter)
        details.addRow(self.tr("&Anonymity"), self.anonymity)
        details.addRow(self.tr("Restr&ictions"), self.restrictions)

        self.record_button = QPushButton(self.tr("Rec&ord consent"))
        self.record_button.setAccessibleName(self.tr("Record this consent"))
        self.record_button.setEnabled(False)
        self.withdraw_button = QPushButton(self.tr("Record withdrawa&l…"))
        self.withdraw_button.setAccessibleName(self.tr("Record a withdrawal of consent"))
        self.withdraw_button.setEnabled(False)
        self.in_force = ConsentInForcePanel()
        self.office_withdraw_button = QPushButton(
            self.tr("Record a withdrawal received at the &office…")
        )
        self.office_withdraw_button.setAccessibleName(
            self.tr("Record a withdrawal of consent received at the office")
        )
        self.office_withdraw_button.setEnabled(False)
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setAccessibleName(self.tr("Consent history"))
        self.history.setTabChangesFocus(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.in_force)
        office = QHBoxLayout()
        office.addWidget(self.office_withdraw_button)
        office.addStretch()
        layout.addLayout(office)
        # The intro tells how to fill in the form: it sits right above it, not above the uses
        # allowed now (which a laptop told of the office's withdrawals shows too).
        layout.addWidget(self.intro)
        layout.addWidget(scopes)
        layout.addWidget(explained)
        layout.addWidget(details_box)
        layout.addWidget(self.minor_box)
        layout.addLayout(buttons)
        # What records a consent or a withdrawal; the state and the history stay readable.
        self._form: tuple[QWidget, ...] = (
            self.intro,
            scopes,
            explained,
            details_box,
            self.minor_box,
            self.record_button,
            self.withdraw_button,
        )
        layout.addWidget(PlainTextLabel(self.tr("History")))
        layout.addWidget(self.history)

        self.record_button.clicked.connect(self.on_record_clicked)
        self.withdraw_button.clicked.connect(self.withdrawal_requested)
        self.office_withdraw_button.clicked.connect(self.withdrawal_requested)
        #: On the laptop, a withdrawal pack told it of withdrawals received at the office.
        self._told_by_office = False
        self.set_office_shown(False)

    def _add_scope_row(self, grid: QGridLayout, row: int, scope: ConsentScope) -> None:
        name = scope_title(scope, to_witness=True)  # the form is read to the witness
        title = PlainTextLabel(name)
        explanation = PlainTextLabel(scope_explanation(scope))
        explanation.setWordWrap(True)
        explanation.setAccessibleName(self.tr("Explanation: {scope}").format(scope=name))
        yes = QRadioButton(self.tr("Yes"))
        yes.setAccessibleName(self.tr("{scope}: yes").format(scope=name))
        no = QRadioButton(self.tr("No"))
        no.setAccessibleName(self.tr("{scope}: no").format(scope=name))
        group = QButtonGroup(self)
        group.addButton(yes, _YES)
        group.addButton(no, _NO)
        group.idToggled.connect(self.on_answer_changed)
        self.scope_answers[scope] = group
        grid.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(explanation, row, 1)
        grid.addWidget(yes, row, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(no, row, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)

    def _build_minor(self) -> None:
        self.is_minor = QCheckBox(self.tr("The witness is under {age}").format(age=AGE_OF_MAJORITY))
        self.is_minor.setAccessibleName(self.tr("The witness is a minor"))
        self.minor_age = QSpinBox()
        self.minor_age.setRange(0, AGE_OF_MAJORITY - 1)
        self.minor_age.setAccessibleName(self.tr("Witness's age"))
        self.guardian = QLineEdit()
        self.guardian.setAccessibleName(self.tr("Guardian's relation to the witness"))
        self.guardian_consented = QCheckBox(self.tr("The guardian consented"))
        self.witness_assented = QCheckBox(self.tr("The witness assented"))
        self.minor_box = QGroupBox(self.tr("Minor"))
        form = QFormLayout(self.minor_box)
        form.addRow(self.is_minor)
        form.addRow(self.tr("Age"), self.minor_age)
        form.addRow(self.tr("G&uardian"), self.guardian)
        form.addRow(self.guardian_consented)
        form.addRow(self.witness_assented)
        self.is_minor.toggled.connect(self._on_minor_toggled)
        self._on_minor_toggled(False)

    def _on_minor_toggled(self, checked: bool) -> None:
        for widget in (self.minor_age, self.guardian, self.guardian_consented,
                       self.witness_assented):  # fmt: skip
            widget.setEnabled(checked)

    # -- answers ---------------------------------------------------------------------------
    def answer(self, scope: ConsentScope, allowed: bool) -> None:
        """Answer ``scope`` (as clicking Yes or No does)."""
        self.scope_answers[scope].button(_YES if allowed else _NO).setChecked(True)

    @Slot()
    def on_answer_changed(self) -> None:
        self.record_button.setEnabled(self._all_answered())

    def _all_answered(self) -> bool:
        return all(group.checkedId() in (_YES, _NO) for group in self.scope_answers.values())

    def form_fields(self) -> dict[str, Any]:
        """The form as ``ConsentRecord`` fields (without ids, version and time)."""
        fields: dict[str, Any] = {
            "taken_by": self.taken_by.text().strip(),
            "language": self.language.currentText().strip(),
            "interpreter": optional(self.interpreter.text()),
            "method": self.method.code(),
            "explained": tuple(t for t, box in self.topics.items() if box.isChecked()),
            "scopes": {
                scope.value: group.checkedId() == _YES
                for scope, group in self.scope_answers.items()
            },
            "anonymity": AnonymityWish(self.anonymity.currentData()),
            "restrictions": optional(self.restrictions.toPlainText()),
        }
        if self.is_minor.isChecked():
            fields["minor"] = {
                "age_years": self.minor_age.value(),
                "guardian_relationship": self.guardian.text().strip(),
                "guardian_consented": self.guardian_consented.isChecked(),
                "witness_assented": self.witness_assented.isChecked(),
            }
        return fields

    @Slot()
    def on_record_clicked(self) -> None:
        if self._all_answered():
            self.consent_submitted.emit(self.form_fields())

    # -- the record ------------------------------------------------------------------------
    def load(
        self,
        consents: tuple[ConsentRecord, ...],
        withdrawals: tuple[ConsentWithdrawal, ...],
        interviewer: str,
        language: str,
        allowed: bool,
        office_withdrawals: tuple[ConsentWithdrawal, ...] = (),
    ) -> None:
        """Show the history (the office's withdrawals too, on the archive and on a laptop told
        of them) and an unanswered form for the next version."""
        self._told_by_office = False
        self._reset_form()
        latest = max(consents, key=lambda c: c.version) if consents else None
        self.taken_by.setText(latest.taken_by if latest else interviewer)
        self.language.setCurrentText(latest.language if latest else language)
        if latest is not None:
            self.method.set_code(latest.method)
            self.interpreter.setText(latest.interpreter or "")
        self.history.setPlainText(history_text(consents, withdrawals, office_withdrawals))
        self.withdraw_button.setEnabled(bool(consents))
        if not consents:
            self.state.setText(self.tr("No consent has been recorded yet."))
        elif allowed:
            self.state.setText(
                self.tr("Consent version {version} is in force.").format(
                    version=latest.version if latest else ""
                )
            )
        else:
            self.state.setText(
                self.tr("The consent in force does not allow archiving: the content is locked.")
            )

    def _reset_form(self) -> None:
        for group in self.scope_answers.values():
            group.setExclusive(False)  # an exclusive group cannot be emptied
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        for box in self.topics.values():
            box.setChecked(False)
        for edit in (self.taken_by, self.interpreter, self.guardian):
            edit.setText("")  # unlike clear(), leaves nothing in the undo history
        self.restrictions.clear()
        self.is_minor.setChecked(False)
        self.guardian_consented.setChecked(False)
        self.witness_assented.setChecked(False)
        self.anonymity.setCurrentIndex(0)
        self.record_button.setEnabled(False)

    def show_in_force(
        self,
        consent: EffectiveConsent | None,
        withdrawals: tuple[ConsentWithdrawal, ...],
        office_withdrawals: tuple[OfficeWithdrawal, ...],
        unknown: str = "",
    ) -> None:
        """Show the uses allowed now (the archive's view), or ``unknown`` (why the consent in
        force cannot be worked out) for ``None``; a withdrawal can be recorded whenever a consent
        is held, even with no use allowed now: a version the laptop took before it was told may
        still come, and must not allow what the witness withdrew."""
        if consent is None:
            self.in_force.show_unknown(unknown)
            self.office_withdraw_button.setEnabled(True)
            return
        self.in_force.load(consent, withdrawals, office_withdrawals)
        self.office_withdraw_button.setEnabled(consent.record is not None)

    def show_told_by_office(
        self,
        consent: EffectiveConsent | None,
        withdrawals: tuple[ConsentWithdrawal, ...],
        office_withdrawals: tuple[OfficeWithdrawal, ...],
        unknown: str = "",
    ) -> None:
        """On the laptop, once a withdrawal pack told it of withdrawals received at the office:
        the uses allowed now, each withdrawn one saying "at the office", in place of the
        one-line state (the office's button stays the archive's)."""
        self._told_by_office = True
        if consent is None:
            self.in_force.show_unknown(unknown)
        else:
            self.in_force.load(consent, withdrawals, office_withdrawals)
        self.set_office_shown(self.office_withdraw_button.isVisibleTo(self))

    def set_office_shown(self, shown: bool) -> None:
        """Show or hide the archive's part: the uses allowed now and the office's button (in
        place of the one-line state, which the panel says in full). The panel stays on the
        laptop told of withdrawals received at the office (``show_told_by_office``)."""
        panel = shown or self._told_by_office
        self.state.setVisible(not panel)
        self.in_force.setVisible(panel)
        self.office_withdraw_button.setVisible(shown)

    def set_form_shown(self, shown: bool) -> None:
        """Show or hide the form for a new consent version and the withdrawal button (hidden
        where consent is never recorded: the archive, which receives it in bundles)."""
        for widget in self._form:
            widget.setVisible(shown)

    def clear(self) -> None:
        self._told_by_office = False
        self._reset_form()
        self.history.clear()
        self.state.setText("")
        self.language.setCurrentText("")
        self.withdraw_button.setEnabled(False)
        self.in_force.clear()
        self.office_withdraw_button.setEnabled(False)
