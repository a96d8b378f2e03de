"""The life of a testimony and the rules at each step.

    draft ──seal──▶ sealed ──▶ exported ──▶ archived ──▶ purged
                      │            │
                      └────────────┴──▶ purged   (only when consent to archive is withdrawn)

A draft is edited in place. Sealing fixes the content (the workspace records its content hash in
a signed custody event) and needs the witness's consent to archive. After that the record never
changes: a correction is an *amendment*, a new draft version that points at the version it
corrects, and is sealed in its turn. Purging removes the content from the laptop once the
archive has confirmed receipt, or at once when the witness withdraws consent to keep it.

These functions are pure: they check and return new records; the workspace stores them and
writes the custody events.
"""

import hashlib
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from fieldapp.domain.base import validate_model
from fieldapp.domain.canonical import canonical_bytes, content_hash
from fieldapp.domain.consent import (
    ESSENTIAL_TOPICS,
    NO_CONSENT,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    EffectiveConsent,
    OfficeWithdrawal,
    consent_at_archive,
)
from fieldapp.domain.testimony import RecordRef, RecordStatus, Testimony
from fieldapp.errors import (
    ConsentRequiredError,
    FieldappError,
    IncompleteRecordError,
    InvalidTransitionError,
    RecordSealedError,
    ValidationFailedError,
)

S = RecordStatus
ALLOWED_TRANSITIONS: Mapping[RecordStatus, frozenset[RecordStatus]] = {
    S.DRAFT: frozenset({S.SEALED}),
    S.SEALED: frozenset({S.EXPORTED, S.PURGED}),
    S.EXPORTED: frozenset({S.ARCHIVED, S.PURGED}),
    S.ARCHIVED: frozenset({S.PURGED}),
    S.PURGED: frozenset(),
}
#: States from which a record is corrected by amendment (a draft is simply edited).
AMENDABLE = frozenset({S.SEALED, S.EXPORTED, S.ARCHIVED})
#: Fields that say which record and version this is; no edit or amendment sets them.
PROTECTED_FIELDS = frozenset({"id", "version", "amends", "status"})


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
SET_BY_THE_PROGRAM = "The field {field} is set by the program and cannot be changed."


class SealItem(StrEnum):
    """One condition for sealing; ``seal_checklist`` lists those not met."""

    CONSENT_RECORDED = "consent_recorded"
    CONSENT_MATCHES = "consent_matches"
    ARCHIVE_ALLOWED = "archive_allowed"
    ARCHIVE_NOT_WITHDRAWN = "archive_not_withdrawn"
    ESSENTIALS_EXPLAINED = "essentials_explained"
    GUARDIAN_AND_ASSENT = "guardian_and_assent"
    INTERVIEW_ENDED = "interview_ended"
    NARRATIVE_WRITTEN = "narrative_written"

    @property
    def sentence(self) -> str:
        """What is missing, in English (the UI translates by the item, not by this text)."""
        return _SENTENCES[self]

    @property
    def is_consent(self) -> bool:
        return self in CONSENT_ITEMS


_SENTENCES: Mapping[SealItem, str] = {
    SealItem.CONSENT_RECORDED: "No consent has been recorded for this testimony.",
    SealItem.CONSENT_MATCHES: "A consent record on file belongs to another testimony or witness.",
    SealItem.ARCHIVE_ALLOWED: "The witness has not agreed to the testimony being archived.",
    SealItem.ARCHIVE_NOT_WITHDRAWN: "The witness has withdrawn consent to archiving.",
    SealItem.ESSENTIALS_EXPLAINED: (
        "The consent record does not show that the purpose, the risks and the right to withdraw "
        "were explained."
    ),
    SealItem.GUARDIAN_AND_ASSENT: (
        "The witness is a minor: both a guardian's consent and the witness's own assent are needed."
    ),
    SealItem.INTERVIEW_ENDED: "The time the interview ended has not been recorded.",
    SealItem.NARRATIVE_WRITTEN: "The narrative is empty.",
}
CONSENT_ITEMS = frozenset(set(SealItem) - {SealItem.INTERVIEW_ENDED, SealItem.NARRATIVE_WRITTEN})


def can_transition(current: RecordStatus, target: RecordStatus) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


def seal_checklist(
    testimony: Testimony,
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal] = (),
    office: Sequence[OfficeWithdrawal] = (),
) -> list[SealItem]:
    """The conditions for sealing that are not met, in checklist order; empty when ready.

    ``office``: withdrawals received at the organisation's office that a withdrawal pack told
    this device of; they count as on the archive (``consent_at_archive``)."""
    missing = [item for item, met in _content_items(testimony) if not met]
    ours = [c for c in consents if (c.testimony_id, c.pseudonym) == _key(testimony)]
    our_withdrawals = [w for w in withdrawals if (w.testimony_id, w.pseudonym) == _key(testimony)]
    our_office = [
        o for o in office if (o.withdrawal.testimony_id, o.withdrawal.pseudonym) == _key(testimony)
    ]
    if len(ours) != len(consents) or len(our_withdrawals) != len(withdrawals):
        missing.append(SealItem.CONSENT_MATCHES)
    if len(our_office) != len(office):
        missing.append(SealItem.CONSENT_MATCHES)
    # Withdrawals without any consent say nothing to count; "no consent" is what is missing.
    consent = consent_at_archive(ours, our_withdrawals, our_office) if ours else NO_CONSENT
    missing += _consent_items(consent)
    return sorted(missing, key=list(SealItem).index)


def check_can_seal(
    testimony: Testimony,
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal] = (),
    office: Sequence[OfficeWithdrawal] = (),
) -> None:
    """Raise unless ``testimony`` may be sealed now.

    RecordSealedError if it is already sealed, InvalidTransitionError if purged,
    ConsentRequiredError if consent is lacking, IncompleteRecordError if the record is.
    """
    _require_draft(testimony)
    missing = seal_checklist(testimony, consents, withdrawals, office)
    consent_missing = [item for item in missing if item.is_consent]
    if consent_missing:
        raise ConsentRequiredError(_listing(ConsentRequiredError, missing), missing=missing)
    if missing:
        raise IncompleteRecordError(_listing(IncompleteRecordError, missing), missing=missing)


def seal(
    testimony: Testimony,
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal] = (),
    office: Sequence[OfficeWithdrawal] = (),
) -> Testimony:
    """The sealed record; its ``content_hash`` is what the workspace's custody event fixes."""
    check_can_seal(testimony, consents, withdrawals, office)
    return _with_status(testimony, S.SEALED)


def mark_exported(testimony: Testimony) -> Testimony:
    return _with_status(testimony, S.EXPORTED)


def mark_archived(testimony: Testimony) -> Testimony:
    return _with_status(testimony, S.ARCHIVED)


def archived_encoded(
    testimony: Testimony, received: bytes | None = None
) -> tuple[Testimony, bytes, str]:
    """A sealed or exported testimony as an archive keeps it: marked archived (through
    exported, as its life goes), with its canonical bytes and its content hash, worked out from
    one encoding of the record as it came instead of one for each (an import stores thousands).

    The three differ only in the status member: the archived bytes have it changed, the content
    bytes (``content_bytes``, which leave the status out) have it removed with the comma before
    it. It occurs once and never first: only a testimony has a status (none of the records
    inside one does, and none has keys of its own choosing), every quote inside a string is
    escaped, and "status" sorts after "id", a field every testimony has."""
    exported = mark_exported(testimony) if testimony.status is S.SEALED else testimony
    archived = mark_archived(exported)
    received = canonical_bytes(testimony) if received is None else received
    member = _status_member(testimony.status)
    if received.count(b'"status":') != 1 or b"," + member not in received:
        # Not what the reasoning above allows: encoded in full instead, as before.
        return archived, canonical_bytes(archived), content_hash(archived)
    body = received.replace(member, _status_member(S.ARCHIVED))
    digest = hashlib.sha256(received.replace(b"," + member, b"")).hexdigest()
    return archived, body, digest


def _status_member(status: RecordStatus) -> bytes:
    return b'"status":"' + status.value.encode("ascii") + b'"'


def check_can_purge(
    testimony: Testimony,
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal] = (),
    office: Sequence[OfficeWithdrawal] = (),
) -> None:
    """Purging is for archived records, or for any sealed one the witness no longer lets us keep."""
    if not can_transition(testimony.status, S.PURGED):
        raise InvalidTransitionError(f"A {testimony.status.value} record cannot be purged.")
    if testimony.status is S.ARCHIVED:
        return
    if consent_at_archive(consents, withdrawals, office).allows(ConsentScope.ARCHIVE):
        # Purging before the archive confirmed receipt would lose the only copy.
        raise InvalidTransitionError(
            "This record has not been archived yet; it can be purged before that only when the "
            "witness withdraws consent to archiving."
        )


def purge(
    testimony: Testimony,
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal] = (),
    office: Sequence[OfficeWithdrawal] = (),
) -> Testimony:
    """The record marked purged; the workspace then erases its content and attachments."""
    check_can_purge(testimony, consents, withdrawals, office)
    return _with_status(testimony, S.PURGED)


def edit(testimony: Testimony, changes: Mapping[str, Any]) -> Testimony:
    """A draft with ``changes`` applied and validated; RecordSealedError once it is sealed."""
    _require_draft(testimony)
    _refuse_protected(changes)
    return _rebuilt(testimony, changes)


def amend(testimony: Testimony, changes: Mapping[str, Any]) -> Testimony:
    """A new draft version correcting ``testimony``, which must be sealed or later."""
    if testimony.status not in AMENDABLE:
        raise InvalidTransitionError(
            "Only a sealed record is amended; a draft is edited directly, a purged one is gone."
        )
    _refuse_protected(changes)
    corrected = RecordRef(
        id=testimony.id, version=testimony.version, content_hash=content_hash(testimony)
    )
    fixed = {"version": testimony.version + 1, "amends": corrected, "status": S.DRAFT}
    return _rebuilt(testimony, {**changes, **fixed})


def may_leave_for_archive(consent: EffectiveConsent) -> bool:
    """Whether the consent in force lets a sealed record (and its witness's identity) leave for
    the archive: it allows ``archive``, and for a minor the guardian has consented and the
    witness assented — what sealing required, checked again against the version now in force
    (a later version may say the witness is a minor without a guardian's consent)."""
    record = consent.record
    if record is None or not consent.allows(ConsentScope.ARCHIVE):
        return False
    return record.minor is None or (
        record.minor.guardian_consented and record.minor.witness_assented
    )


def _consent_items(consent: EffectiveConsent) -> list[SealItem]:
    record = consent.record
    if record is None:
        return [SealItem.CONSENT_RECORDED]
    missing = []
    if not consent.decided(ConsentScope.ARCHIVE):
        missing.append(SealItem.ARCHIVE_ALLOWED)
    elif not consent.allows(ConsentScope.ARCHIVE):
        missing.append(SealItem.ARCHIVE_NOT_WITHDRAWN)
    if not ESSENTIAL_TOPICS.issubset(record.explained):
        missing.append(SealItem.ESSENTIALS_EXPLAINED)
    if record.minor is not None and not (
        record.minor.guardian_consented and record.minor.witness_assented
    ):
        missing.append(SealItem.GUARDIAN_AND_ASSENT)
    return missing


def _content_items(testimony: Testimony) -> list[tuple[SealItem, bool]]:
    return [
        (SealItem.INTERVIEW_ENDED, testimony.ended_at is not None),
        (SealItem.NARRATIVE_WRITTEN, not testimony.narrative.is_blank()),
    ]


def _key(testimony: Testimony) -> tuple[object, str]:
    return (testimony.id, testimony.pseudonym)


def _require_draft(testimony: Testimony) -> None:
    if testimony.status is S.PURGED:
        raise InvalidTransitionError("This record has been purged.")
    if testimony.status is not S.DRAFT:
        raise RecordSealedError()


def _with_status(testimony: Testimony, target: RecordStatus) -> Testimony:
    if not can_transition(testimony.status, target):
        raise InvalidTransitionError(
            f"A {testimony.status.value} record cannot become {target.value}."
        )
    return testimony.model_copy(update={"status": target})


def _refuse_protected(changes: Mapping[str, Any]) -> None:
    touched = sorted(PROTECTED_FIELDS & set(changes))
    if touched:
        raise ValidationFailedError(
            SET_BY_THE_PROGRAM,
            args={"field": touched[0]},
            fields=touched,
        )


def _rebuilt(testimony: Testimony, changes: Mapping[str, Any]) -> Testimony:
    # Rebuild from the field values and validate: model_copy(update=…) would skip validation.
    fields = {name: getattr(testimony, name) for name in Testimony.model_fields}
    return validate_model(Testimony, {**fields, **changes})


def _listing(error_type: type[FieldappError], missing: Sequence[SealItem]) -> str:
    return " ".join([error_type.default_message(), *(item.sentence for item in missing)])
