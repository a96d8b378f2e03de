"""Use cases on testimonies: create, edit, seal, amend, consent and withdrawal, read, search.

Each change is one transaction holding the record and its custody event, so the log and the
records never disagree. Rules (what may be sealed, what a sealed record allows) are the domain's;
this module applies them and stores the result.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    CustodyKind,
    Narrative,
    OfficeWithdrawal,
    RedactionSpan,
    Testimony,
    WitnessIdentity,
    amend,
    canonical_bytes,
    content_hash,
    edit,
    seal,
    seal_checklist,
    suggest_redactions,
    validate_model,
)
from fieldapp.domain.lifecycle import SealItem
from fieldapp.errors import (
    AmbiguousIdError,
    ArchiveRecordsReadOnlyError,
    RecordNotFoundError,
    ValidationFailedError,
)
from fieldapp.workspace import Role, TestimonyFilter, TestimonySummary, Workspace
from fieldapp.workspace import TestimonyOrder as TestimonyOrder  # re-exported for the UI
from fieldapp.workspace.database import transaction
from fieldapp.workspace.testimony_queries import NO_FILTER

#: A new testimony with its consent versions and, if recorded, the witness's identity.
NewTestimony = tuple[Testimony, Sequence[ConsentRecord], WitnessIdentity | None]


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NEW_TESTIMONY_VERSION = "A new testimony starts at version 1."
IDENTITY_OF_ANOTHER = "The identity belongs to another pseudonym."
TESTIMONY_EXISTS = "A testimony with this id already exists."
CONSENT_OF_ANOTHER = "A consent record belongs to another testimony or witness."
NEXT_CONSENT_VERSION = "The next consent version is {expected}."
EVIDENCE_NOT_ATTACHED = "The consent's evidence must be a file attached to this testimony."
WITHDRAWAL_NOT_IN_FORCE = (
    "The withdrawal names consent version {named}, but the consent in force is version {latest}; "
    "nothing was recorded. Withdraw from the consent in force."
)


@dataclass(frozen=True)
class TestimonyRecord:
    """A testimony with everything that belongs to it."""

    testimony: Testimony
    consents: tuple[ConsentRecord, ...]
    withdrawals: tuple[ConsentWithdrawal, ...]
    identity: WitnessIdentity | None
    attachments: tuple[Attachment, ...]
    #: Withdrawals received at the organisation's office: on the archive those it recorded, on
    #: a device those a withdrawal pack told it of, each with when its laptop was told of it.
    #: They count as ``consent_at_archive`` says.
    office_withdrawals: tuple[OfficeWithdrawal, ...] = ()


def _hash_of(record: object) -> str:
    return hashlib.sha256(canonical_bytes(record)).hexdigest()  # type: ignore[arg-type]


def resolve_id(ws: Workspace, text: str) -> UUID:
    """A testimony id from its full form or an unambiguous prefix (at least 4 characters)."""
    try:
        return UUID(text)
    except ValueError:
        pass
    if len(text) < 4:
        raise RecordNotFoundError("Give at least the first 4 characters of the record's id.")
    matches = ws.repository.find_testimony_ids(text)
    if not matches:
        raise RecordNotFoundError()
    if len(matches) > 1:
        raise AmbiguousIdError()
    return matches[0]


def create_testimony(
    ws: Workspace,
    testimony: Testimony,
    consents: Sequence[ConsentRecord] = (),
    identity: WitnessIdentity | None = None,
    withdrawals: Sequence[ConsentWithdrawal] = (),
) -> Testimony:
    """Store a new draft (version 1) with its consent versions, the witness's identity and any
    withdrawals already received (a copied record keeps them)."""
    require_device(ws)
    with transaction(ws.connection):
        _store_new(ws, testimony, consents, identity)
        for withdrawal in withdrawals:
            _check_belongs(testimony, withdrawal.testimony_id, withdrawal.pseudonym)
            _store_withdrawal(ws, withdrawal)
    return testimony


def create_testimonies(ws: Workspace, items: Iterable[NewTestimony]) -> int:
    """Store many new drafts in one transaction (a demo, a migration from another tool)."""
    require_device(ws)
    count = 0
    with transaction(ws.connection):
        for testimony, consents, identity in items:
            _store_new(ws, testimony, consents, identity)
            count += 1
    return count


def _store_new(
    ws: Workspace,
    testimony: Testimony,
    consents: Sequence[ConsentRecord],
    identity: WitnessIdentity | None,
) -> None:
    if testimony.version != 1:
        raise ValidationFailedError(NEW_TESTIMONY_VERSION)
    for consent in consents:
        _check_belongs(testimony, consent.testimony_id, consent.pseudonym)
        # A new testimony has no files yet: a form named here belongs to another testimony.
        _check_evidence(ws, consent)
    if identity is not None and identity.pseudonym != testimony.pseudonym:
        raise ValidationFailedError(IDENTITY_OF_ANOTHER)
    if ws.repository.testimony_exists(testimony.id):
        raise ValidationFailedError(TESTIMONY_EXISTS)
    ws.repository.save_testimony(testimony)
    if identity is not None:
        _store_identity(ws, identity)
    ws.custody.append(
        CustodyKind.CREATE,
        content_hash(testimony),
        record_id=testimony.id,
        record_version=testimony.version,
    )
    for consent in consents:
        _store_consent(ws, consent)


def require_device(ws: Workspace) -> None:
    """Testimonies are written only where they were recorded. The archive holds each as its
    device signed and sent it; a version made there would fork the device's record (its next
    amendment would collide with it) and carry a custody event no device signed."""
    if ws.role is not Role.INTERVIEWER:
        raise ArchiveRecordsReadOnlyError()


def _check_belongs(testimony: Testimony, testimony_id: UUID, pseudonym: str) -> None:
    if (testimony_id, pseudonym) != (testimony.id, testimony.pseudonym):
        raise ValidationFailedError(CONSENT_OF_ANOTHER)


def get_record(ws: Workspace, testimony_id: UUID, version: int | None = None) -> TestimonyRecord:
    repo = ws.repository
    testimony = repo.get_testimony(testimony_id, version)
    return TestimonyRecord(
        testimony=testimony,
        consents=tuple(repo.consents_for(testimony_id)),
        withdrawals=tuple(repo.withdrawals_for(testimony_id)),
        identity=repo.identity(testimony.pseudonym),
        attachments=tuple(a for a, _ in repo.attachments_for(testimony_id)),
        office_withdrawals=tuple(repo.told_office_withdrawals_for(testimony_id)),
    )


def edit_draft(ws: Workspace, testimony_id: UUID, changes: Mapping[str, Any]) -> Testimony:
    """Apply ``changes`` to a draft in place (autosave); a sealed record refuses."""
    require_device(ws)
    with transaction(ws.connection):
        updated = edit(ws.repository.get_testimony(testimony_id), changes)
        ws.repository.save_testimony(updated)
    return updated


def redaction_suggestions(ws: Workspace, testimony_id: UUID) -> list[RedactionSpan]:
    """Where the narrative names the witness (their names, aliases, places) but is not marked."""
    record = get_record(ws, testimony_id)
    if record.identity is None:
        return []
    return suggest_redactions(record.testimony.narrative, record.identity)


def mark_suggested_redactions(ws: Workspace, testimony_id: UUID) -> int:
    """Mark every suggestion in a draft's narrative; how many spans were added."""
    require_device(ws)
    suggestions = redaction_suggestions(ws, testimony_id)
    if suggestions:
        narrative = ws.repository.get_testimony(testimony_id).narrative
        spans = (*narrative.redactions, *suggestions)
        edit_draft(
            ws, testimony_id, {"narrative": Narrative(text=narrative.text, redactions=spans)}
        )
    return len(suggestions)


def checklist(ws: Workspace, testimony_id: UUID) -> list[SealItem]:
    record = get_record(ws, testimony_id)
    return seal_checklist(
        record.testimony, record.consents, record.withdrawals, record.office_withdrawals
    )


def seal_testimony(ws: Workspace, testimony_id: UUID) -> Testimony:
    """Fix the record's content: its hash goes into a signed custody event."""
    require_device(ws)
    with transaction(ws.connection):
        record = get_record(ws, testimony_id)
        sealed = seal(
            record.testimony, record.consents, record.withdrawals, record.office_withdrawals
        )
        ws.repository.save_testimony(sealed)
        ws.custody.append(
            CustodyKind.SEAL,
            content_hash(sealed),
            record_id=sealed.id,
            record_version=sealed.version,
        )
    return sealed


def amend_testimony(ws: Workspace, testimony_id: UUID, changes: Mapping[str, Any]) -> Testimony:
    """A new draft version correcting the latest sealed one, which stays as it was."""
    require_device(ws)
    with transaction(ws.connection):
        amended = amend(ws.repository.get_testimony(testimony_id), changes)
        ws.repository.save_testimony(amended)
        ws.custody.append(
            CustodyKind.AMEND,
            content_hash(amended),
            record_id=amended.id,
            record_version=amended.version,
        )
    return amended


def add_consent(ws: Workspace, consent: ConsentRecord) -> ConsentRecord:
    """Record a new version of the witness's consent (versions only ever append)."""
    require_device(ws)
    with transaction(ws.connection):
        testimony = ws.repository.get_testimony(consent.testimony_id)
        _check_belongs(testimony, consent.testimony_id, consent.pseudonym)
        expected = len(ws.repository.consents_for(consent.testimony_id)) + 1
        if consent.version != expected:
            raise ValidationFailedError(NEXT_CONSENT_VERSION, args={"expected": expected})
        _check_evidence(ws, consent)
        _store_consent(ws, consent)
    return consent


def _store_consent(ws: Workspace, consent: ConsentRecord) -> None:
    # Signed in the device's one chain: the archive's audit finds a version deleted or altered,
    # and the event's place in the chain orders it against the laptop's ``pack_apply`` of a
    # withdrawal pack with no clock involved (``domain.consent.office_withdrawal_in_force``).
    ws.repository.add_consent(consent)
    event = ws.custody.append(
        CustodyKind.CONSENT,
        _hash_of(consent),
        record_id=consent.testimony_id,
        record_version=consent.version,
    )
    ws.repository.set_consent_event_seq(consent.testimony_id, consent.version, event.seq)


def _check_evidence(ws: Workspace, consent: ConsentRecord) -> None:
    # The signed form is a file of this testimony: export keeps a form back by its testimony's
    # witness (an anonymous witness's forms never leave), so one filed under another testimony
    # would leave with that one.
    if consent.evidence_attachment_id is None:
        return
    files = {attachment.id for attachment, _ in ws.repository.attachments_for(consent.testimony_id)}
    if consent.evidence_attachment_id not in files:
        raise ValidationFailedError(EVIDENCE_NOT_ATTACHED)


def withdraw_consent(ws: Workspace, withdrawal: ConsentWithdrawal) -> ConsentWithdrawal:
    """Record a withdrawal; it is itself a record, logged and carried in the next bundle."""
    require_device(ws)
    with transaction(ws.connection):
        testimony = ws.repository.get_testimony(withdrawal.testimony_id)
        _check_belongs(testimony, withdrawal.testimony_id, withdrawal.pseudonym)
        _check_withdraws_the_consent_in_force(ws, withdrawal)
        _store_withdrawal(ws, withdrawal)
    return withdrawal


def _check_withdraws_the_consent_in_force(ws: Workspace, withdrawal: ConsentWithdrawal) -> None:
    # Only a withdrawal of the latest version changes the consent in force: one of an earlier
    # version would be kept and do nothing, and one of a version not recorded would make the
    # consent in force impossible to work out (every later export would fail).
    versions = [consent.version for consent in ws.repository.consents_for(withdrawal.testimony_id)]
    latest = max(versions, default=0)
    if withdrawal.applies_to_version != latest:
        raise ValidationFailedError(
            WITHDRAWAL_NOT_IN_FORCE,
            args={"named": withdrawal.applies_to_version, "latest": latest},
        )


def _store_withdrawal(ws: Workspace, withdrawal: ConsentWithdrawal) -> None:
    ws.repository.add_withdrawal(withdrawal)
    ws.custody.append(CustodyKind.WITHDRAW, _hash_of(withdrawal), record_id=withdrawal.testimony_id)


def save_identity(ws: Workspace, identity: WitnessIdentity) -> WitnessIdentity:
    """Store the witness's identity; a changed one becomes its next version."""
    require_device(ws)
    with transaction(ws.connection):
        return _store_identity(ws, identity)


def _store_identity(ws: Workspace, identity: WitnessIdentity) -> WitnessIdentity:
    current = ws.repository.identity(identity.pseudonym)
    if current is not None:
        if _same_identity(current, identity):
            return current  # the same witness again (a second testimony): nothing to add
        fields = {name: getattr(identity, name) for name in WitnessIdentity.model_fields}
        fields["version"] = ws.repository.identity_versions(identity.pseudonym) + 1
        identity = validate_model(WitnessIdentity, fields)
    ws.repository.save_identity(identity)
    return identity


def _same_identity(one: WitnessIdentity, other: WitnessIdentity) -> bool:
    return one.model_copy(update={"version": 1}) == other.model_copy(update={"version": 1})


def list_testimonies(ws: Workspace, filters: TestimonyFilter = NO_FILTER) -> list[TestimonySummary]:
    return ws.repository.list_testimonies(filters)


def search_testimonies(
    ws: Workspace, text: str, filters: TestimonyFilter = NO_FILTER
) -> list[TestimonySummary]:
    return ws.repository.search(text, filters)
