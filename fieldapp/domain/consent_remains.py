"""What a laptop keeps of a consent version or a withdrawal once their testimony is purged, and
the form in which a withdrawal received at the office reaches a laptop at all.

A purge removes what would hurt a witness if the laptop were seized. The consent records say
it too: who took the consent (``taken_by``), the interpreter's name, what was explained in the
interviewer's words, the witness's own conditions ("not to be shared with the South Korean
government"), a minor's guardian, and who received a withdrawal and what they noted. What the
laptop still needs stays: the ids, testimony, pseudonym and versions, the times (``taken_at``,
``received_at``: the consent in force weighs them), the version a withdrawal applies to, the
scopes, the anonymity wish (export reads it), the method, the channel and the language — so
that ``effective_consent`` and ``consent_at_archive`` give the same answer as before, and a
withdrawal recorded or told later still counts against the right version.

A required text keeps its place with one named value, which the desktop app recognises and
translates: ``REMOVED_HERE`` for the laptop's records, ``OFFICE_RECEIVER`` for who received a
withdrawal at the office (a coordinator's name never goes to a laptop; the archive keeps it).
"""

from fieldapp.domain.consent import ConsentRecord, ConsentWithdrawal

#: A required name or text a purge removed from this laptop (the archive holds it).
REMOVED_HERE = "(removed from this laptop)"
#: Who received a withdrawal at the office, as a laptop is told it (withdrawal packs).
OFFICE_RECEIVER = "the organisation's office"


def consent_remains(consent: ConsentRecord) -> ConsentRecord:
    """The consent version as a purged testimony's laptop keeps it."""
    minor = consent.minor
    if minor is not None:
        # Kept for what decides whether a record may leave (``may_leave_for_archive``): the
        # guardian's consent and the witness's assent; the relation to the witness goes.
        minor = minor.model_copy(update={"guardian_relationship": REMOVED_HERE})
    return ConsentRecord(
        testimony_id=consent.testimony_id,
        pseudonym=consent.pseudonym,
        version=consent.version,
        taken_by=REMOVED_HERE,
        taken_at=consent.taken_at,
        language=consent.language,
        method=consent.method,
        scopes=consent.scopes,
        anonymity=consent.anonymity,
        minor=minor,
    )


def withdrawal_remains(withdrawal: ConsentWithdrawal) -> ConsentWithdrawal:
    """The laptop's own withdrawal as a purged testimony's laptop keeps it."""
    return _without_words(withdrawal, REMOVED_HERE)


def office_withdrawal_told(withdrawal: ConsentWithdrawal) -> ConsentWithdrawal:
    """A withdrawal received at the office as a laptop is told of it, and keeps it: without
    the office's notes (which can say why a witness is afraid) or who took the call."""
    return _without_words(withdrawal, OFFICE_RECEIVER)


def is_office_withdrawal_told(withdrawal: ConsentWithdrawal) -> bool:
    """Whether ``withdrawal`` is in the form a laptop is told it (``office_withdrawal_told``)."""
    return withdrawal.received_by == OFFICE_RECEIVER and withdrawal.notes is None


def _without_words(withdrawal: ConsentWithdrawal, received_by: str) -> ConsentWithdrawal:
    return ConsentWithdrawal(
        id=withdrawal.id,
        testimony_id=withdrawal.testimony_id,
        pseudonym=withdrawal.pseudonym,
        applies_to_version=withdrawal.applies_to_version,
        received_at=withdrawal.received_at,
        received_by=received_by,
        how_received=withdrawal.how_received,
        scopes=withdrawal.scopes,
    )
