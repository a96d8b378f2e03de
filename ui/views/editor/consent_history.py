"""A testimony's consent history as plain text: each version's answers, each withdrawal (the
laptop's, and on the archive the office's), with the notes given.

The texts keep the consent section's translation context (``ConsentSection``), where they were
written first, so that their Korean still applies. Names and notes come from records: the
text goes into a read-only ``QPlainTextEdit``, never into rich text, and a name is ``shown``
escaped, so that a direction override in it cannot reorder the uses written after it.
"""

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from fieldapp.domain import ConsentRecord, ConsentScope, ConsentWithdrawal
from fieldapp.domain.consent_remains import OFFICE_RECEIVER
from ui.views.editor.consent_in_force import TIME_FORMAT
from ui.views.editor.consent_texts import channel_text, person_text, scope_title
from ui.views.editor.vocab_combo import label_of


def history_text(
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal],
    office_withdrawals: Sequence[ConsentWithdrawal] = (),
) -> str:
    entries = [_version_text(consent) for consent in sorted(consents, key=lambda c: c.version)]
    entries += [_withdrawal_text(withdrawal) for withdrawal in withdrawals]
    entries += [_office_withdrawal_text(withdrawal) for withdrawal in office_withdrawals]
    return "\n\n".join(entries)


def _version_text(consent: ConsentRecord) -> str:
    yes = QCoreApplication.translate("ConsentSection", "yes")
    no = QCoreApplication.translate("ConsentSection", "no")
    answers = ", ".join(
        f"{scope_title(s)}: {yes if consent.scopes.allowed(s) else no}" for s in ConsentScope
    )
    return QCoreApplication.translate(
        "ConsentSection", "Version {version}, {time}, taken by {person} ({method}). {answers}"
    ).format(
        version=consent.version,
        time=consent.taken_at.strftime(TIME_FORMAT),
        person=person_text(consent.taken_by),
        method=label_of("consent_methods", consent.method),
        answers=answers,
    )


def _withdrawal_text(withdrawal: ConsentWithdrawal) -> str:
    return QCoreApplication.translate(
        "ConsentSection",
        "Withdrawal from version {version}, {time}, received by {person} ({how}): {scopes}",
    ).format(
        version=withdrawal.applies_to_version,
        time=withdrawal.received_at.strftime(TIME_FORMAT),
        person=person_text(withdrawal.received_by),
        how=channel_text(withdrawal.how_received),
        scopes=_scopes(withdrawal),
    ) + _notes_text(withdrawal)


def _office_withdrawal_text(withdrawal: ConsentWithdrawal) -> str:
    if withdrawal.received_by == OFFICE_RECEIVER:  # as a laptop is told it: no name
        return QCoreApplication.translate(
            "ConsentSection", "Withdrawal received at the office, {time} ({how}): {scopes}"
        ).format(
            time=withdrawal.received_at.strftime(TIME_FORMAT),
            how=channel_text(withdrawal.how_received),
            scopes=_scopes(withdrawal),
        ) + _notes_text(withdrawal)
    return QCoreApplication.translate(
        "ConsentSection",
        "Withdrawal received at the office, {time}, by {person} ({how}): {scopes}",
    ).format(
        time=withdrawal.received_at.strftime(TIME_FORMAT),
        person=person_text(withdrawal.received_by),
        how=channel_text(withdrawal.how_received),
        scopes=_scopes(withdrawal),
    ) + _notes_text(withdrawal)


def _scopes(withdrawal: ConsentWithdrawal) -> str:
    return ", ".join(scope_title(scope) for scope in withdrawal.scopes)


def _notes_text(withdrawal: ConsentWithdrawal) -> str:
    if not withdrawal.notes:
        return ""
    notes = QCoreApplication.translate("ConsentSection", "Notes: {notes}")
    return "\n" + notes.format(notes=withdrawal.notes)
