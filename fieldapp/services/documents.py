"""Testimonies as JSON documents for scripts: what ``show --json`` prints, ``new --json`` reads.

A printed document, less its ``id`` and ``status``, is valid input: records can be scripted and
copied. Fields that only describe a stored record (its version, what it amends, its hash, its
attachments) are printed for reading and ignored on input; consent versions, withdrawals and
the identity are carried over to the new record, re-addressed to its new id: a copy must never
allow a use the witness withdrew. A consent's signed form (``evidence_attachment_id``) is one
of the original's files, which are not copied: the copy's consents name none
(``files_left_behind`` says whether a document had any, so the caller can say so).
"""

import json
from collections.abc import Mapping
from typing import Any
from uuid import UUID, uuid4

from fieldapp.domain import (
    ConsentRecord,
    ConsentWithdrawal,
    Testimony,
    WitnessIdentity,
    canonical_bytes,
    content_hash,
    new_pseudonym,
    validate_model_json,
)
from fieldapp.domain.base import MAX_JSON_BYTES
from fieldapp.errors import ValidationFailedError
from fieldapp.services.records import TestimonyRecord

#: Printed, never read: they belong to the stored record, not to what a new one says.
READ_ONLY_KEYS = frozenset(
    {"version", "amends", "content_hash", "attachments", "consent_in_force"}
)
_EVIDENCE_KEY = "evidence_attachment_id"
#: A new record gets its own; giving one is a mistake the user should hear about.
REFUSED_KEYS = frozenset({"id", "status"})
_TESTIMONY_KEY = "testimony_id"
_PSEUDONYM_KEY = "pseudonym"


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
DOCUMENT_TOO_LARGE = "The document is too large."
DOCUMENT_NOT_AN_OBJECT = "The document must be a JSON object."
KEYS_OF_ITS_OWN = "A new testimony gets its own {keys}; remove them."
DOCUMENT_NOT_JSON = "The document is not valid JSON."
DOCUMENT_FIELD_TWICE = "The document is not valid: a field appears twice."
WITHDRAWALS_NOT_A_LIST = "The withdrawals must be a list."
WITHDRAWAL_NOT_AN_OBJECT = "Each withdrawal must be a JSON object."
CONSENTS_NOT_A_LIST = "The consents must be a list."
CONSENT_NOT_AN_OBJECT = "Each consent must be a JSON object."
IDENTITY_NOT_AN_OBJECT = "The identity must be a JSON object."
CHANGES_NOT_AN_OBJECT = "The changes must be a JSON object."


def _plain(model: object) -> dict[str, Any]:
    # The canonical bytes are the one JSON form of a record: reuse them rather than a second
    # serializer that could drift.
    return json.loads(canonical_bytes(model))  # type: ignore[arg-type]


def _without(data: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


def record_document(record: TestimonyRecord, *, with_identity: bool = False) -> dict[str, Any]:
    """The JSON document of a record; the identity only when asked for."""
    testimony = record.testimony
    document = _plain(testimony)
    document.setdefault("version", testimony.version)
    document.setdefault("status", testimony.status.value)
    document["content_hash"] = content_hash(testimony)
    document["consents"] = [
        _without(_plain(c), _TESTIMONY_KEY, _PSEUDONYM_KEY) for c in record.consents
    ]
    document["withdrawals"] = [
        _without(_plain(w), _TESTIMONY_KEY, _PSEUDONYM_KEY) for w in record.withdrawals
    ]
    document["attachments"] = [_without(_plain(a), _TESTIMONY_KEY) for a in record.attachments]
    if with_identity and record.identity is not None:
        document["identity"] = _without(_plain(record.identity), _PSEUDONYM_KEY)
    return document


def parse_new_document(
    raw: bytes, existing_pseudonyms: set[str]
) -> tuple[Testimony, list[ConsentRecord], WitnessIdentity | None, list[ConsentWithdrawal]]:
    """A new draft, its consent versions, identity and withdrawals from a JSON document."""
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationFailedError(DOCUMENT_TOO_LARGE)
    document = load_json(raw)
    if not isinstance(document, dict):
        raise ValidationFailedError(DOCUMENT_NOT_AN_OBJECT)
    refused = REFUSED_KEYS & document.keys()
    if refused:
        raise ValidationFailedError(KEYS_OF_ITS_OWN, args={"keys": " and ".join(sorted(refused))})
    testimony_id = uuid4()
    pseudonym = document.get(_PSEUDONYM_KEY) or new_pseudonym(avoid=existing_pseudonyms)
    consents = _consents(document.get("consents", []), testimony_id, pseudonym)
    identity = _identity(document.get("identity"), pseudonym)
    withdrawals = _withdrawals(document.get("withdrawals", []), testimony_id, pseudonym)
    fields = _without(document, *READ_ONLY_KEYS, "consents", "identity", "withdrawals")
    fields.update(id=str(testimony_id), pseudonym=pseudonym)
    testimony = validate_model_json(Testimony, json.dumps(fields))
    return testimony, consents, identity, withdrawals


def files_left_behind(raw: bytes) -> bool:
    """Whether a ``new`` document names files (attachments, a consent's signed form) that the
    new record does not get: they must be attached to it again."""
    document = load_json(raw)
    if not isinstance(document, dict):
        return False
    consents = document.get("consents")
    forms = isinstance(consents, list) and any(
        isinstance(c, dict) and c.get(_EVIDENCE_KEY) is not None for c in consents
    )
    return bool(document.get("attachments")) or forms


def load_json(raw: bytes) -> object:
    """JSON from a user's file: any failure, nesting too deep included, is one sentence. A key
    given twice is refused, not resolved: a second ``"withdrawals": []`` appended to a printed
    document would otherwise silently drop what the witness withdrew."""
    try:
        return json.loads(raw, object_pairs_hook=_without_repeats)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValidationFailedError(DOCUMENT_NOT_JSON) from None


def _without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ValidationFailedError(DOCUMENT_FIELD_TWICE)
    return found


def _withdrawals(items: object, testimony_id: UUID, pseudonym: str) -> list[ConsentWithdrawal]:
    if not isinstance(items, list):
        raise ValidationFailedError(WITHDRAWALS_NOT_A_LIST)
    withdrawals = []
    for item in items:
        if not isinstance(item, dict):
            raise ValidationFailedError(WITHDRAWAL_NOT_AN_OBJECT)
        fields = {
            **item,
            "id": str(uuid4()),
            "testimony_id": str(testimony_id),
            "pseudonym": pseudonym,
        }
        withdrawals.append(validate_model_json(ConsentWithdrawal, json.dumps(fields)))
    return withdrawals


def _consents(items: object, testimony_id: UUID, pseudonym: str) -> list[ConsentRecord]:
    if not isinstance(items, list):
        raise ValidationFailedError(CONSENTS_NOT_A_LIST)
    consents = []
    for version, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValidationFailedError(CONSENT_NOT_AN_OBJECT)
        fields = {**item, "testimony_id": str(testimony_id), "pseudonym": pseudonym}
        fields["version"] = version
        fields.pop(_EVIDENCE_KEY, None)  # a file of the original, which is not copied
        consents.append(validate_model_json(ConsentRecord, json.dumps(fields)))
    return consents


def _identity(item: object, pseudonym: str) -> WitnessIdentity | None:
    if item is None:
        return None
    if not isinstance(item, dict):
        raise ValidationFailedError(IDENTITY_NOT_AN_OBJECT)
    fields = {**item, "pseudonym": pseudonym}
    return validate_model_json(WitnessIdentity, json.dumps(fields))


def changes_from_json(current: Testimony, changes: object) -> dict[str, Any]:
    """Changes to a testimony given as JSON values, as the Python values the domain expects.

    Each change is validated in the context of the whole record, so a change that makes the
    record invalid is refused here with the field's name.
    """
    if not isinstance(changes, dict):
        raise ValidationFailedError(CHANGES_NOT_AN_OBJECT)
    merged = {**_plain(current), **changes}
    candidate = validate_model_json(Testimony, json.dumps(merged))
    return {key: getattr(candidate, key) for key in changes if key in Testimony.model_fields}
