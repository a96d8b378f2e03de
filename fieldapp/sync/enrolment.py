"""Enrolment: the request a device hands the coordinator, and the enrolment pack's payload.

The request (``fieldapp-enrolment-request/1``) carries public keys only, with a proof that the
device holds its signing key: an SSHSIG over the request's canonical bytes, namespace
``fieldapp-enrol@v1``. The proof binds the age recipient and the label to the signing key, so
nobody can swap in their own recipient without also changing the fingerprint that the
interviewer reads aloud to the coordinator. That spoken comparison is the real check; the
proof only makes it cover the whole request.

The enrolment payload travels back inside ``payload.age``: the device as enrolled, the archive's
recipients, the custodian's, and the coordinator key. The device applies it only after its user
confirmed the coordinator key's fingerprint, and only if it names this device's own keys.
"""

import unicodedata
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric import ed25519
from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from crypto import age, sshkeys, sshsig
from crypto.errors import CryptoError, FormatError, SignatureError
from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import canonical_bytes, parse_canonical
from fieldapp.domain.fields import KeyFingerprint, UtcDateTime, no_control_characters
from fieldapp.errors import EnrolmentRequestRejectedError, FieldappError, PackRejectedError
from fieldapp.sync.manifest import MAX_RECIPIENTS, Ed25519KeyLine

REQUEST_FORMAT = "fieldapp-enrolment-request/1"
ENROL_NAMESPACE = "fieldapp-enrol@v1"
ENROLMENT_PAYLOAD_FORMAT = "fieldapp-enrolment/1"

# A request holds two short keys, a label and a proof of about 300 bytes; a post-quantum age
# recipient would add 2,000. The cap is checked before any parsing.
MAX_REQUEST_BYTES = 16 * 1024
MAX_LABEL_CHARS = 200
# Hybrid (mlkem768x25519) recipients are about 1,960 characters; X25519 ones 62.
MAX_AGE_RECIPIENT_CHARS = 4096

REJECTED_TOO_LARGE = "it is larger than a request can be."
REJECTED_NOT_A_REQUEST = "it is not a valid enrolment request."
REJECTED_PROOF = "its proof was not made by the key it names: it was altered or forged."
REJECTED_PROOF_FORMAT = "its proof is damaged or is not an SSH signature."
REJECTED_PAYLOAD = "its enrolment payload is not valid."


#: Digits a label may hold, and in a row: a laptop's number and a date fit; a spoken
#: fingerprint's groups of five do not.
MAX_LABEL_DIGITS = 12
MAX_LABEL_DIGITS_IN_A_ROW = 4

#: Why a label is refused, said after "The label" (``ui/validation_texts.py`` translates them).
LABEL_SPACES = "has spaces at its start or end"
LABEL_LINE_BREAK = "contains a line break"
LABEL_INVISIBLE = "contains invisible formatting characters"
LABEL_DIGITS = (
    f"holds more than {MAX_LABEL_DIGITS} digits, or more than"
    f" {MAX_LABEL_DIGITS_IN_A_ROW} in a row (it could pass for a fingerprint)"
)


def _looks_like_digit_groups(text: str) -> bool:
    total = run = longest = 0
    for char in text:
        run = run + 1 if char.isdigit() else 0
        total += char.isdigit()
        longest = max(longest, run)
    return total > MAX_LABEL_DIGITS or longest > MAX_LABEL_DIGITS_IN_A_ROW


def plain_label(value: str) -> str:
    """``value`` if it may be a device's label, else ValueError saying why (the request's check,
    applied when a workspace is made too, so that a device is never unable to ask)."""
    # Not stripped silently: the signed bytes must be the bytes shown to the coordinator.
    if value != value.strip():
        raise ValueError(LABEL_SPACES)
    # It becomes the device's comment in the roster's allowed_signers, one line on screen, and
    # is read beside a fingerprint: no line break, and no invisible format character (a bidi
    # override or isolate, a direction mark) that would show it as another name.
    if any(char in sshkeys.LINE_SEPARATORS for char in value):
        raise ValueError(LABEL_LINE_BREAK)
    if any(unicodedata.category(char) == "Cf" for char in value):
        raise ValueError(LABEL_INVISIBLE)
    # Shown just above the request's own digits: a label of digit groups (another laptop's
    # spoken fingerprint) would give a swapped request the very digits read aloud.
    if _looks_like_digit_groups(unicodedata.normalize("NFKC", value)):
        raise ValueError(LABEL_DIGITS)
    return no_control_characters(value)


def _age_recipient(value: str) -> str:
    try:
        age.parse_recipient(value)
    except CryptoError:
        raise ValueError("is not an age recipient") from None
    return value


def _ed25519_key(value: str) -> str:
    try:
        key, comment = sshkeys.parse_openssh_public_key(value)
    except CryptoError:
        raise ValueError("is not a valid Ed25519 public key") from None
    if comment or not isinstance(key, ed25519.Ed25519PublicKey):
        raise ValueError("is not a valid Ed25519 public key")
    return value


#: What a device is called; may be empty (the coordinator then goes by the fingerprint).
DeviceLabel = Annotated[
    str, StringConstraints(max_length=MAX_LABEL_CHARS), AfterValidator(plain_label)
]
#: An ``age1…`` or ``age1pq1…`` recipient string, checked by parsing it.
AgeRecipientText = Annotated[
    str,
    StringConstraints(pattern=r"^age1[0-9a-z]+$", max_length=MAX_AGE_RECIPIENT_CHARS),
    AfterValidator(_age_recipient),
]
#: An ``ssh-ed25519`` key line whose key parses.
SigningKeyLine = Annotated[Ed25519KeyLine, AfterValidator(_ed25519_key)]
#: An armored SSHSIG, capped at what the signature reader accepts.
ArmoredSignature = Annotated[str, StringConstraints(max_length=sshsig.MAX_ARMORED_BYTES)]
#: A list of recipients of one kind (age forbids mixing post-quantum and classic in one file).
RecipientList = Annotated[
    tuple[AgeRecipientText, ...], Field(min_length=1, max_length=MAX_RECIPIENTS)
]


def check_recipient_list(value: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse repeats and a mix of post-quantum and classic recipients (a validator)."""
    if len(set(value)) != len(value):
        raise ValueError("names a recipient twice")
    if len({age.parse_recipient(text).post_quantum for text in value}) > 1:
        raise ValueError("mixes post-quantum and classic recipients")
    return value


class DeviceKeys(DomainModel):
    """A device's public identity: what the request offers and the enrolment confirms."""

    label: DeviceLabel
    fingerprint: KeyFingerprint
    signing_key: SigningKeyLine
    age_recipient: AgeRecipientText

    @model_validator(mode="after")
    def _fingerprint_is_the_keys(self) -> "DeviceKeys":
        if sshkeys.fingerprint(self.signing_key) != self.fingerprint:
            raise ValueError("has a fingerprint that is not its signing key's")
        return self


class EnrolmentRequestBody(DeviceKeys):
    """The signed part of a request."""

    created_at: UtcDateTime


class EnrolmentRequest(DomainModel):
    """A whole request file: the body, and the proof over the body's canonical bytes."""

    format: Literal["fieldapp-enrolment-request/1"]
    request: EnrolmentRequestBody
    proof: ArmoredSignature

    @property
    def fingerprint(self) -> str:
        return self.request.fingerprint


def make_request(
    private_key: ed25519.Ed25519PrivateKey, age_recipient: str, label: str, created_at: datetime
) -> bytes:
    """The bytes of a request file for this device, its proof signed with ``private_key``."""
    key_line = sshkeys.public_key_to_openssh(private_key.public_key())
    body = EnrolmentRequestBody(
        label=label,
        fingerprint=sshkeys.fingerprint(key_line),
        signing_key=key_line,
        age_recipient=age_recipient,
        created_at=created_at,
    )
    proof = sshsig.sign(canonical_bytes(body), private_key, ENROL_NAMESPACE)
    return canonical_bytes(EnrolmentRequest(format=REQUEST_FORMAT, request=body, proof=proof))


def parse_request(raw: bytes) -> EnrolmentRequest:
    """A request from a file's bytes: capped, canonical, and its proof verified.

    The proof is checked against the key the request itself names: it shows possession of that
    key, nothing more. Whether the key is the interviewer's is for the spoken fingerprint to say.
    """
    if not isinstance(raw, bytes | bytearray):
        raise TypeError("a request is bytes")
    if len(raw) > MAX_REQUEST_BYTES:
        raise EnrolmentRequestRejectedError(REJECTED_TOO_LARGE)
    try:
        request = parse_canonical(EnrolmentRequest, bytes(raw))
    except FieldappError as e:
        raise EnrolmentRequestRejectedError(REJECTED_NOT_A_REQUEST) from e
    signed = canonical_bytes(request.request)
    try:
        sshsig.verify(signed, request.proof, ENROL_NAMESPACE, [request.request.signing_key])
    except SignatureError as e:
        raise EnrolmentRequestRejectedError(REJECTED_PROOF) from e
    except FormatError as e:
        raise EnrolmentRequestRejectedError(REJECTED_PROOF_FORMAT) from e
    return request


# --- the enrolment pack's payload ----------------------------------------------------------------


class CoordinatorKey(DomainModel):
    fingerprint: KeyFingerprint
    public_key: SigningKeyLine

    @model_validator(mode="after")
    def _fingerprint_is_the_keys(self) -> "CoordinatorKey":
        if sshkeys.fingerprint(self.public_key) != self.fingerprint:
            raise ValueError("has a fingerprint that is not its key's")
        return self


class EnrolmentPayload(DomainModel):
    """What the archive tells a device it enrols (inside ``payload.age``)."""

    format: Literal["fieldapp-enrolment/1"]
    device: DeviceKeys
    archive_id: UUID
    archive_recipients: RecipientList
    custodian_recipients: RecipientList
    coordinator: CoordinatorKey
    #: The archive's clock when it enrolled the device.
    enrolled_at: UtcDateTime

    @field_validator("archive_recipients", "custodian_recipients")
    @classmethod
    def _one_kind(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_recipient_list(value)


def enrolment_payload_bytes(payload: EnrolmentPayload) -> bytes:
    return canonical_bytes(payload)


def parse_enrolment_payload(raw: bytes) -> EnrolmentPayload:
    """The payload of a verified, decrypted enrolment pack; anything else is refused."""
    try:
        return parse_canonical(EnrolmentPayload, raw)
    except FieldappError as e:
        raise PackRejectedError(REJECTED_PAYLOAD) from e
