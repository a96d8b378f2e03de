"""Informed consent: what the witness agreed to, version by version, and what they withdrew.

Consent is recorded per testimony in append-only versions (1, 2, …): a witness who changes their
mind gives a new version, and an old version is never edited. Every scope is answered yes or no
explicitly; there is no default, so a form left half-filled cannot be read as agreement.

A withdrawal is its own record, because it often arrives later and by another channel (a phone
call to a caseworker) and must travel in the next bundle so that the archive stops every use it
no longer covers. It applies to the consent version that was in force when it was received; a
later version (the witness consents again) supersedes it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import Field, Strict, field_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.fields import (
    MAX_LIST_ITEMS,
    ConsentMethodCode,
    LanguageTag,
    LongText,
    Positive,
    ShortText,
    UtcDateTime,
    sorted_unique,
)
from fieldapp.domain.pseudonym import PseudonymCode
from fieldapp.errors import ValidationFailedError

AGE_OF_MAJORITY = 18


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
WITHDRAWAL_WITHOUT_CONSENT = "A consent withdrawal was given without the consent."
VERSIONS_INCOMPLETE = "The consent versions are incomplete or repeated; a version may be missing."
WITHDRAWAL_OF_A_MISSING_VERSION = "A withdrawal refers to a consent version that is missing."
OF_MORE_THAN_ONE = "The consent records belong to more than one testimony or witness."


class ConsentScope(StrEnum):
    ARCHIVE = "archive"  # kept in the organisation's archive at all
    UN_REPORTING = "un_reporting"  # COI, Special Rapporteur, UPR submissions
    ACCOUNTABILITY = "accountability"  # courts, the ICC, accountability mechanisms
    PUBLIC_MEDIA = "public_media"  # publications, press, campaigns
    RESEARCH = "research"  # research by the organisation or partners
    RECONTACT = "recontact"  # the witness may be contacted again


#: Scopes that do not draw on the archived record and so may outlive consent to archive it.
SCOPES_INDEPENDENT_OF_ARCHIVE = frozenset({ConsentScope.ARCHIVE, ConsentScope.RECONTACT})


class ExplainedTopic(StrEnum):
    """What the interviewer explained before the witness agreed."""

    PURPOSE = "purpose"
    USES = "uses"  # each scope and who would see the testimony
    RISKS = "risks"
    VOLUNTARY = "voluntary"  # that refusing costs nothing, no help depends on it
    RIGHT_TO_WITHDRAW = "right_to_withdraw"
    HOW_TO_WITHDRAW = "how_to_withdraw"
    ANONYMITY = "anonymity"
    STORAGE_AND_SECURITY = "storage_and_security"


#: Without these, consent is not informed; sealing is refused until the record shows them.
ESSENTIAL_TOPICS = frozenset(
    {ExplainedTopic.PURPOSE, ExplainedTopic.RISKS, ExplainedTopic.RIGHT_TO_WITHDRAW}
)


class AnonymityWish(StrEnum):
    ANONYMOUS = "anonymous"  # never named, nor described so as to be recognised
    NAMED_CONFIDENTIALLY = "named_confidentially"  # name may go to bodies bound to confidence
    NAMED_PUBLICLY = "named_publicly"


class WithdrawalChannel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    MESSAGE = "message"
    LETTER = "letter"
    THROUGH_THIRD_PARTY = "through_third_party"


class ScopeDecisions(DomainModel):
    """Yes or no for every scope; each must be given, none defaults to yes."""

    archive: bool
    un_reporting: bool
    accountability: bool
    public_media: bool
    research: bool
    recontact: bool

    def allowed(self, scope: ConsentScope) -> bool:
        return bool(getattr(self, scope.value))


class MinorConsent(DomainModel):
    """For a witness under 18: a guardian's consent and the witness's own assent."""

    age_years: Annotated[int, Field(ge=0, lt=AGE_OF_MAJORITY)]
    #: The guardian's relation to the witness ("mother"); their name belongs in the identity.
    guardian_relationship: ShortText
    guardian_consented: bool
    witness_assented: bool


class ConsentRecord(DomainModel):
    """One version of the witness's consent for one testimony."""

    testimony_id: UUID
    pseudonym: PseudonymCode
    version: Positive
    taken_by: ShortText
    taken_at: UtcDateTime
    language: LanguageTag
    interpreter: ShortText | None = None
    method: ConsentMethodCode
    explained: Annotated[
        tuple[Annotated[ExplainedTopic, Strict(False)], ...], Field(max_length=MAX_LIST_ITEMS)
    ] = ()
    explanation_notes: LongText | None = None
    scopes: ScopeDecisions
    anonymity: Annotated[AnonymityWish, Strict(False)]
    #: Conditions in the witness's words: "not to be shared with the South Korean government".
    restrictions: LongText | None = None
    minor: MinorConsent | None = None
    #: The signed form's scan or the recorded oral consent, when attached.
    evidence_attachment_id: UUID | None = None

    @field_validator("explained")
    @classmethod
    def _explained_in_order(cls, topics: tuple[ExplainedTopic, ...]) -> tuple[ExplainedTopic, ...]:
        return sorted_unique(topics)


class ConsentWithdrawal(DomainModel):
    """The witness withdrew some or all scopes of the consent in force."""

    id: UUID
    testimony_id: UUID
    pseudonym: PseudonymCode
    #: The consent version in force when the withdrawal was received.
    applies_to_version: Positive
    received_at: UtcDateTime
    received_by: ShortText
    how_received: Annotated[WithdrawalChannel, Strict(False)]
    scopes: Annotated[
        tuple[Annotated[ConsentScope, Strict(False)], ...],
        Field(min_length=1, max_length=MAX_LIST_ITEMS),
    ]
    notes: LongText | None = None

    @field_validator("scopes")
    @classmethod
    def _scopes_in_order(cls, scopes: tuple[ConsentScope, ...]) -> tuple[ConsentScope, ...]:
        return sorted_unique(scopes)


@dataclass(frozen=True)
class EffectiveConsent:
    """What the witness allows now: the latest version, less what was withdrawn from it."""

    record: ConsentRecord | None
    withdrawn: frozenset[ConsentScope]

    @property
    def version(self) -> int | None:
        return self.record.version if self.record else None

    def decided(self, scope: ConsentScope) -> bool:
        """What the latest version said, before withdrawals."""
        return self.record is not None and self.record.scopes.allowed(scope)

    def allows(self, scope: ConsentScope) -> bool:
        if not self.decided(scope) or scope in self.withdrawn:
            return False
        # Every other use draws on the archived record, so none can outlive the consent to
        # keep it: a witness who withdraws "archive" has withdrawn them all.
        return scope in SCOPES_INDEPENDENT_OF_ARCHIVE or self.allows(ConsentScope.ARCHIVE)

    def allowed_scopes(self) -> frozenset[ConsentScope]:
        return frozenset(scope for scope in ConsentScope if self.allows(scope))


NO_CONSENT = EffectiveConsent(record=None, withdrawn=frozenset())


def effective_consent(
    consents: Sequence[ConsentRecord], withdrawals: Sequence[ConsentWithdrawal] = ()
) -> EffectiveConsent:
    """The consent in force for one testimony; ``NO_CONSENT`` if none was recorded.

    ValidationFailedError if the records are not one testimony's, or the versions are not
    1, 2, … without gaps (a gap means a version is missing, and the latest known may be stale).
    """
    if not consents:
        if withdrawals:
            raise ValidationFailedError(WITHDRAWAL_WITHOUT_CONSENT)
        return NO_CONSENT
    _check_one_testimony(consents, withdrawals)
    ordered = sorted(consents, key=lambda record: record.version)
    if [record.version for record in ordered] != list(range(1, len(ordered) + 1)):
        raise ValidationFailedError(VERSIONS_INCOMPLETE)
    latest = ordered[-1]
    if any(w.applies_to_version > latest.version for w in withdrawals):
        raise ValidationFailedError(WITHDRAWAL_OF_A_MISSING_VERSION)
    withdrawn = frozenset(
        scope for w in withdrawals if w.applies_to_version == latest.version for scope in w.scopes
    )
    return EffectiveConsent(record=latest, withdrawn=withdrawn)


def _check_one_testimony(
    consents: Sequence[ConsentRecord], withdrawals: Sequence[ConsentWithdrawal]
) -> None:
    keys = {(c.testimony_id, c.pseudonym) for c in consents}
    keys |= {(w.testimony_id, w.pseudonym) for w in withdrawals}
    if len(keys) != 1:
        raise ValidationFailedError(OF_MORE_THAN_ONE)


@dataclass(frozen=True)
class OfficeWithdrawal:
    """A withdrawal received at the office, and where the laptop that holds the testimony was
    told of it in that laptop's own log (``consent_at_archive``)."""

    withdrawal: ConsentWithdrawal
    #: The consent versions whose signed ``consent`` event comes after the laptop's signed
    #: ``pack_apply`` event for the withdrawal pack that carried it (the first such event, if
    #: more than one pack did), by sequence number in that one log; None until that event is
    #: known here (not told yet). A version with no event of its own is never among them.
    after_told: frozenset[int] | None = None


def office_withdrawal_in_force(office: OfficeWithdrawal, latest: ConsentRecord) -> bool:
    """Whether a withdrawal received at the office still holds against ``latest``: it does
    unless that version is one the archive did not hold when the withdrawal was received and
    its consent event follows the laptop's being told of it (``consent_at_archive``)."""
    if latest.version <= office.withdrawal.applies_to_version:
        return True
    if office.after_told is None:
        return True
    return latest.version not in office.after_told


def consent_at_archive(
    consents: Sequence[ConsentRecord],
    withdrawals: Sequence[ConsentWithdrawal] = (),
    office_withdrawals: Sequence[OfficeWithdrawal] = (),
) -> EffectiveConsent:
    """The consent in force on the archive: the device's records, and the withdrawals the
    organisation's office received (a phone call, a letter) before the laptop heard of them.

    A device's withdrawal names the version it withdraws from, because the laptop holds every
    version when it records one. The office does not: the interviewer may have taken a version
    2 on the laptop that no bundle has brought yet. The witness's latest word to the
    organisation was "withdraw", and it stands until the interviewer, *knowing of it*, takes
    consent again: a late bundle bringing a form signed before the call must never quietly put
    the testimony back into use. So a version supersedes an office withdrawal only if

    - the archive did not hold it when the call came (``version > applies_to_version``: the
      office withdrew from that very version), and
    - it was taken after the laptop that recorded it was told of the withdrawal: its signed
      ``consent`` event comes after the laptop's own signed ``pack_apply`` event for the
      withdrawal pack that carried it, in that laptop's one hash-chained log
      (``after_told``).

    Both events are in the one laptop's hash-chained log, so their order is fixed by their
    sequence numbers and no clock decides, neither the laptop's nor the archive's: a laptop
    clock fast, slow or set back between the pack and the consent changes nothing. A
    withdrawal the laptop was not told of yet (no such event known: ``after_told`` None) is
    never superseded — the interviewer cannot have taken consent knowing of it. The archive
    learns of the event from the laptop's next bundle, the laptop as it applies the pack: both
    reach the same answer on the same records.

    Raises as ``effective_consent`` does, and ValidationFailedError for an office withdrawal
    without consent or of another testimony.
    """
    office = [o.withdrawal for o in office_withdrawals]
    if not consents:
        if withdrawals or office:
            raise ValidationFailedError(WITHDRAWAL_WITHOUT_CONSENT)
        return NO_CONSENT
    _check_one_testimony(consents, (*withdrawals, *office))
    device = effective_consent(consents, withdrawals)
    latest = device.record
    assert latest is not None  # consents were given
    withdrawn = frozenset(
        scope
        for o in office_withdrawals
        if office_withdrawal_in_force(o, latest)
        for scope in o.withdrawal.scopes
    )
    return EffectiveConsent(record=latest, withdrawn=device.withdrawn | withdrawn)
