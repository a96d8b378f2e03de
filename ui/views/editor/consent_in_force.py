"""What the witness allows now, use by use: the archive's read-only view of the consent in force.

On the archive the consent in force counts the withdrawals the office received as well as the
laptop's (``office_withdrawals.consent_in_force``). Whether a use is allowed is the services'
answer alone; this panel only explains a "no": not agreed, withdrawn (when, how, where), or
stopped because archiving itself is no longer allowed. Every value from a record (a name, a
note) goes into a ``PlainTextLabel``, a name ``shown`` escaped (no direction override).
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QVBoxLayout, QWidget

from fieldapp.domain import ConsentScope, ConsentWithdrawal
from fieldapp.domain.consent import EffectiveConsent, OfficeWithdrawal, office_withdrawal_in_force
from fieldapp.domain.consent_remains import OFFICE_RECEIVER
from ui.views.editor.consent_texts import channel_text, person_text, scope_title
from ui.widgets.plain_text_label import PlainTextLabel

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


class ConsentInForcePanel(QGroupBox):
    """The version in force and one line per use; ``load`` fills it, ``clear`` empties it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Uses allowed now"), parent)
        self.version = PlainTextLabel()
        self.version.setAccessibleName(self.tr("Consent version in force"))
        self.version.setWordWrap(True)
        self.answers: dict[ConsentScope, PlainTextLabel] = {}
        grid = QGridLayout()
        for row, scope in enumerate(ConsentScope):
            answer = PlainTextLabel()
            answer.setWordWrap(True)
            answer.setAccessibleName(self.tr("{scope}, now").format(scope=scope_title(scope)))
            self.answers[scope] = answer
            grid.addWidget(PlainTextLabel(scope_title(scope)), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(answer, row, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.version)
        layout.addLayout(grid)

    def load(
        self,
        consent: EffectiveConsent,
        device_withdrawals: Sequence[ConsentWithdrawal],
        office_withdrawals: Sequence[OfficeWithdrawal],
    ) -> None:
        record = consent.record
        if record is None:
            self.version.setText(self.tr("The archive holds no consent for this testimony."))
            for answer in self.answers.values():
                answer.setText("")
            return
        self.version.setText(
            self.tr("Consent version {version}, taken {time} by {person}.").format(
                version=record.version,
                time=record.taken_at.strftime(TIME_FORMAT),
                person=person_text(record.taken_by),
            )
        )
        for scope, answer in self.answers.items():
            answer.setText(self._answer(scope, consent, device_withdrawals, office_withdrawals))

    def show_unknown(self, reason: str) -> None:
        """The consent in force cannot be worked out (``reason``, one sentence): no use is
        shown as allowed."""
        self.version.setText(
            self.tr(
                "The consent in force cannot be worked out: {reason} No use is taken as allowed."
            ).format(reason=reason)
        )
        for answer in self.answers.values():
            answer.setText(self.tr("Not known"))

    def _answer(
        self,
        scope: ConsentScope,
        consent: EffectiveConsent,
        device_withdrawals: Sequence[ConsentWithdrawal],
        office_withdrawals: Sequence[OfficeWithdrawal],
    ) -> str:
        if consent.allows(scope):
            return self.tr("Allowed")
        if not consent.decided(scope):
            return self.tr("Not allowed: the witness did not agree (version {version})").format(
                version=consent.version
            )
        if scope in consent.withdrawn:
            found = _withdrawal_of(scope, consent, device_withdrawals, office_withdrawals)
            if found is not None:
                return self._withdrawn_text(*found)
            return self.tr("Not allowed: withdrawn")
        # Decided yes and not withdrawn itself: it draws on the archived record, which is not
        # allowed any more (EffectiveConsent.allows).
        return self.tr("Not allowed: stopped, because keeping it in the archive is not allowed")

    def _withdrawn_text(self, withdrawal: ConsentWithdrawal, at_office: bool) -> str:
        values = {
            "time": withdrawal.received_at.strftime(TIME_FORMAT),
            "how": channel_text(withdrawal.how_received),
            "person": person_text(withdrawal.received_by),
        }
        if at_office and withdrawal.received_by == OFFICE_RECEIVER:  # a laptop is told no name
            return self.tr("Not allowed: withdrawn {time} ({how}), received at the office").format(
                **values
            )
        if at_office:
            return self.tr(
                "Not allowed: withdrawn {time} ({how}), received at the office by {person}"
            ).format(**values)
        return self.tr(
            "Not allowed: withdrawn {time} ({how}), received on the laptop by {person}"
        ).format(**values)

    def clear(self) -> None:
        self.version.setText("")
        for answer in self.answers.values():
            answer.setText("")


def _withdrawal_of(
    scope: ConsentScope,
    consent: EffectiveConsent,
    device_withdrawals: Sequence[ConsentWithdrawal],
    office_withdrawals: Sequence[OfficeWithdrawal],
) -> tuple[ConsentWithdrawal, bool] | None:
    """The earliest withdrawal that explains why ``scope`` is withdrawn, and whether the office
    received it. Only to name it: whether the scope is withdrawn is the services' answer.

    A laptop's withdrawal counts against the version it names; an office withdrawal as the
    domain's rule says (``office_withdrawal_in_force``: until a version taken after the laptop
    was told of it).
    """
    record = consent.record
    if record is None:
        return None
    found = [
        (w, False)
        for w in device_withdrawals
        if w.applies_to_version == record.version and scope in w.scopes
    ]
    found += [
        (office.withdrawal, True)
        for office in office_withdrawals
        if scope in office.withdrawal.scopes and office_withdrawal_in_force(office, record)
    ]
    return min(found, key=lambda pair: pair[0].received_at, default=None)
