"""The domain: pure models and rules of testimonies, consent, identities and custody.

No storage, no cryptography, no screen: only pydantic and the standard library. The workspace
stores these models, the sync layer carries their canonical bytes, the UI shows them.
"""

from fieldapp.domain.attachment import MAX_ATTACHMENT_BYTES, Attachment, AttachmentKind
from fieldapp.domain.base import DomainModel, validate_model, validate_model_json
from fieldapp.domain.canonical import canonical_bytes, content_bytes, content_hash, parse_canonical
from fieldapp.domain.consent import (
    NO_CONSENT,
    AnonymityWish,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    EffectiveConsent,
    ExplainedTopic,
    MinorConsent,
    ScopeDecisions,
    WithdrawalChannel,
    effective_consent,
)
from fieldapp.domain.custody import GENESIS_PREV_HASH, CustodyEvent, CustodyKind, follows
from fieldapp.domain.dates import ApproxDate
from fieldapp.domain.identity import (
    ContactKind,
    ContactPoint,
    FamilyMember,
    KnownPlace,
    PlaceKind,
    WitnessIdentity,
)
from fieldapp.domain.incident import (
    CountPrecision,
    Incident,
    PublicPlace,
    VictimCount,
    default_coi_category,
)
from fieldapp.domain.lifecycle import (
    ALLOWED_TRANSITIONS,
    SealItem,
    amend,
    can_transition,
    check_can_purge,
    check_can_seal,
    edit,
    mark_archived,
    mark_exported,
    may_leave_for_archive,
    purge,
    seal,
    seal_checklist,
)
from fieldapp.domain.narrative import Narrative, RedactionKind, RedactionSpan
from fieldapp.domain.pseudonym import PseudonymCode, is_pseudonym, new_pseudonym, parse_pseudonym
from fieldapp.domain.redaction import (
    find_identifying_terms,
    render_redacted,
    suggest_redactions,
)
from fieldapp.domain.testimony import ConfidentialityLevel, RecordRef, RecordStatus, Testimony
from fieldapp.domain.vocabulary import (
    Vocabularies,
    Vocabulary,
    VocabularyEntry,
    active_vocabularies,
    bundled_vocabularies,
    install_vocabularies,
    is_valid,
    label,
    parse_vocabulary,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "GENESIS_PREV_HASH",
    "MAX_ATTACHMENT_BYTES",
    "NO_CONSENT",
    "AnonymityWish",
    "ApproxDate",
    "Attachment",
    "AttachmentKind",
    "ConfidentialityLevel",
    "ConsentRecord",
    "ConsentScope",
    "ConsentWithdrawal",
    "ContactKind",
    "ContactPoint",
    "CountPrecision",
    "CustodyEvent",
    "CustodyKind",
    "DomainModel",
    "EffectiveConsent",
    "ExplainedTopic",
    "FamilyMember",
    "Incident",
    "KnownPlace",
    "MinorConsent",
    "Narrative",
    "PlaceKind",
    "PseudonymCode",
    "PublicPlace",
    "RecordRef",
    "RecordStatus",
    "RedactionKind",
    "RedactionSpan",
    "ScopeDecisions",
    "SealItem",
    "Testimony",
    "VictimCount",
    "Vocabularies",
    "Vocabulary",
    "VocabularyEntry",
    "WithdrawalChannel",
    "WitnessIdentity",
    "active_vocabularies",
    "amend",
    "bundled_vocabularies",
    "can_transition",
    "canonical_bytes",
    "check_can_purge",
    "check_can_seal",
    "content_bytes",
    "content_hash",
    "default_coi_category",
    "edit",
    "effective_consent",
    "find_identifying_terms",
    "follows",
    "install_vocabularies",
    "is_pseudonym",
    "is_valid",
    "label",
    "mark_archived",
    "mark_exported",
    "may_leave_for_archive",
    "new_pseudonym",
    "parse_canonical",
    "parse_pseudonym",
    "parse_vocabulary",
    "purge",
    "render_redacted",
    "seal",
    "seal_checklist",
    "suggest_redactions",
    "validate_model",
    "validate_model_json",
]
