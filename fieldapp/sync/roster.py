"""The roster: which device keys the archive enrolled and revoked, signed by the coordinator.

Auditors check bundles against it without any secret. It is two files (docs/format.md):
``roster.json``, canonical JSON, and ``roster.json.sig``, an armored SSHSIG over those exact
bytes by the coordinator key, namespace ``fieldapp-roster@v1``. A detached signature, rather
than one embedded in the JSON, lets an auditor check the roster with ``ssh-keygen -Y verify``
alone, with no tool to cut the signed bytes out first.

From the roster comes an OpenSSH allowed_signers file: each device key may sign
``fieldapp-bundle@v1`` and, once revoked, only until its revocation (``valid-before``).

Revocation notices, which the archive sends to devices in revocation packs, are a slice of the
same facts and live here too.
"""

from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric import ed25519
from pydantic import Field, field_validator, model_validator

from crypto import allowed_signers, sshkeys, sshsig
from crypto.errors import CryptoError, FormatError, SignatureError
from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import MAX_SAFE_INTEGER, canonical_bytes, parse_canonical
from fieldapp.domain.fields import KeyFingerprint, UtcDateTime
from fieldapp.errors import FieldappError, PackRejectedError, RosterRejectedError
from fieldapp.sync.enrolment import CoordinatorKey, DeviceLabel, SigningKeyLine
from fieldapp.sync.manifest import BUNDLE_NAMESPACE, PACK_NAMESPACE

ROSTER_FORMAT = "fieldapp-roster/1"
#: Version 2 adds, per device, the gaps the coordinator accepted and the reinstatements. It is
#: written only when some device has either; a roster version 1 says everything otherwise, and
#: older auditors keep reading it.
ROSTER_FORMAT_V2 = "fieldapp-roster/2"
ROSTER_NAMESPACE = "fieldapp-roster@v1"
REVOCATION_PAYLOAD_FORMAT = "fieldapp-revocation/1"
#: Version 2 adds the devices reinstated (and may then list no revoked device at all).
REVOCATION_PAYLOAD_FORMAT_V2 = "fieldapp-revocation/2"
SIGNATURE_SUFFIX = ".sig"

# Thousands of devices at about 300 bytes each; the cap bounds the parser's work.
MAX_ROSTER_DEVICES = 10_000
MAX_ROSTER_BYTES = 8 * 1024 * 1024

REJECTED_TOO_LARGE = "it is larger than a roster can be."
REJECTED_SIGNATURE = "its signature is not valid, or not made by the coordinator key."
REJECTED_SIGNATURE_FORMAT = "its signature is damaged or is not an SSH signature."
REJECTED_COORDINATOR = "it is signed by another key than the coordinator key expected."
REJECTED_CONTENT = "it is not a valid roster."
REJECTED_SIGNER = "it names another coordinator key than the one that signed it."
REJECTED_REVOCATION = "its revocation payload is not valid."

#: Principal and comment of the coordinator's line in allowed_signers.
COORDINATOR_COMMENT = "fieldapp coordinator"
NonNegative = Annotated[int, Field(ge=0, le=MAX_SAFE_INTEGER)]


def _sorted_unique(value: tuple[object, ...], key: str) -> None:
    names = [getattr(item, key) for item in value]
    if names != sorted(set(names)):
        raise ValueError("must be sorted by fingerprint, each once")


class Revocation(DomainModel):
    """One revoked device: bundles after ``last_good_sequence`` are refused."""

    fingerprint: KeyFingerprint
    revoked_at: UtcDateTime
    last_good_sequence: NonNegative


class RevocationPayload(DomainModel):
    """What a revocation pack tells a device: every device the archive has revoked."""

    format: Literal["fieldapp-revocation/1"]
    #: The device this payload is for, so that it cannot be carried to another.
    device: KeyFingerprint
    revoked: Annotated[tuple[Revocation, ...], Field(min_length=1, max_length=MAX_ROSTER_DEVICES)]

    @field_validator("revoked")
    @classmethod
    def _sorted(cls, value: tuple[Revocation, ...]) -> tuple[Revocation, ...]:
        _sorted_unique(value, "fingerprint")
        return value


class Reinstated(DomainModel):
    """One device the archive reinstated: its bundles after ``last_good_sequence`` and before
    ``resumed_at`` (the first bundle it made after the reinstatement) stay refused."""

    fingerprint: KeyFingerprint
    revoked_at: UtcDateTime
    last_good_sequence: NonNegative
    reinstated_at: UtcDateTime
    #: None until the archive imported the device's first bundle after the reinstatement.
    resumed_at: NonNegative | None

    @model_validator(mode="after")
    def _ordered(self) -> "Reinstated":
        if self.resumed_at is not None and self.resumed_at <= self.last_good_sequence:
            raise ValueError("resumes at or before its last good bundle")
        return self


class RevocationPayloadV2(DomainModel):
    """A revocation pack's payload once some device was reinstated: every revocation in force,
    and every reinstatement (a device once reinstated may be revoked again: it is then in both,
    and the revocation, being in force, wins)."""

    format: Literal["fieldapp-revocation/2"]
    device: KeyFingerprint
    revoked: Annotated[tuple[Revocation, ...], Field(max_length=MAX_ROSTER_DEVICES)]
    reinstated: Annotated[
        tuple[Reinstated, ...], Field(min_length=1, max_length=MAX_ROSTER_DEVICES)
    ]

    @field_validator("revoked")
    @classmethod
    def _sorted(cls, value: tuple[Revocation, ...]) -> tuple[Revocation, ...]:
        _sorted_unique(value, "fingerprint")
        return value

    @field_validator("reinstated")
    @classmethod
    def _sorted_reinstated(cls, value: tuple[Reinstated, ...]) -> tuple[Reinstated, ...]:
        keys = [(r.fingerprint, r.reinstated_at) for r in value]
        if keys != sorted(set(keys)):
            raise ValueError("must be sorted by fingerprint and time, each once")
        return value


def parse_revocation_payload(raw: bytes) -> RevocationPayload | RevocationPayloadV2:
    """Either version, strictly: the format names which model the whole payload must fit."""
    # Inside a JSON string a quote is escaped, so this text can only be the format field;
    # either way the chosen model's format must match exactly.
    version_2 = f'"format":"{REVOCATION_PAYLOAD_FORMAT_V2}"'.encode()
    model: type[RevocationPayload] | type[RevocationPayloadV2] = (
        RevocationPayloadV2 if version_2 in raw else RevocationPayload
    )
    try:
        return parse_canonical(model, raw)
    except FieldappError as e:
        raise PackRejectedError(REJECTED_REVOCATION) from e


class AcceptedGapEntry(DomainModel):
    """Bundles ``first`` to ``through`` of a device, lost; the coordinator accepted their loss."""

    first: Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]
    through: Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]
    accepted_at: UtcDateTime

    @model_validator(mode="after")
    def _ordered(self) -> "AcceptedGapEntry":
        if self.through < self.first:
            raise ValueError("ends before it starts")
        return self


class ReinstatementEntry(DomainModel):
    """A revocation undone: bundles after ``last_good_sequence`` and before ``resumed_at`` were
    made while the device was revoked and stay refused (all of them while ``resumed_at`` is
    None: the archive has not yet seen the device acknowledge its reinstatement)."""

    revoked_at: UtcDateTime
    last_good_sequence: NonNegative
    reinstated_at: UtcDateTime
    resumed_at: NonNegative | None


class RosterDevice(DomainModel):
    fingerprint: KeyFingerprint
    public_key: SigningKeyLine
    label: DeviceLabel
    enrolled_at: UtcDateTime
    revoked_at: UtcDateTime | None
    last_good_sequence: NonNegative | None

    @model_validator(mode="after")
    def _consistent(self) -> "RosterDevice":
        if sshkeys.fingerprint(self.public_key) != self.fingerprint:
            raise ValueError("has a fingerprint that is not its key's")
        if (self.revoked_at is None) != (self.last_good_sequence is None):
            raise ValueError("must give both revoked_at and last_good_sequence, or neither")
        return self


class RosterDeviceV2(RosterDevice):
    accepted_gaps: Annotated[tuple[AcceptedGapEntry, ...], Field(max_length=MAX_ROSTER_DEVICES)]
    reinstatements: Annotated[tuple[ReinstatementEntry, ...], Field(max_length=MAX_ROSTER_DEVICES)]

    @field_validator("accepted_gaps")
    @classmethod
    def _gaps_apart(cls, value: tuple[AcceptedGapEntry, ...]) -> tuple[AcceptedGapEntry, ...]:
        if any(b.first <= a.through for a, b in pairwise(value)):
            raise ValueError("must be in order and apart")
        return value


class Roster(DomainModel):
    format: Literal["fieldapp-roster/1"]
    archive_id: UUID
    coordinator: CoordinatorKey
    #: The archive's clock when the roster was exported.
    created_at: UtcDateTime
    devices: Annotated[tuple[RosterDevice, ...], Field(max_length=MAX_ROSTER_DEVICES)]

    @field_validator("devices")
    @classmethod
    def _sorted(cls, value: tuple[RosterDevice, ...]) -> tuple[RosterDevice, ...]:
        _sorted_unique(value, "fingerprint")
        return value

    @model_validator(mode="after")
    def _coordinator_is_no_device(self) -> "Roster":
        # One key, one role: a coordinator key listed as a device could sign bundles too.
        if any(d.fingerprint == self.coordinator.fingerprint for d in self.devices):
            raise ValueError("lists the coordinator key as a device")
        return self

    def device(self, fingerprint: str) -> RosterDevice | None:
        return next((d for d in self.devices if d.fingerprint == fingerprint), None)


class RosterV2(Roster):
    """A roster that also carries accepted gaps and reinstatements (docs/format.md)."""

    format: Literal["fieldapp-roster/2"]  # type: ignore[assignment]
    devices: Annotated[  # type: ignore[assignment]
        tuple[RosterDeviceV2, ...], Field(max_length=MAX_ROSTER_DEVICES)
    ]


def roster_bytes(roster: Roster) -> bytes:
    return canonical_bytes(roster)


def signature_path(roster_path: Path) -> Path:
    """Where a roster's (or allowed_signers file's) signature lives: beside it, ``.sig`` added."""
    return roster_path.with_name(roster_path.name + SIGNATURE_SUFFIX)


def sign_roster(roster: Roster, private_key: ed25519.Ed25519PrivateKey) -> tuple[bytes, str]:
    """roster.json's bytes and the armored signature for roster.json.sig."""
    if sshkeys.public_key_to_openssh(private_key.public_key()) != roster.coordinator.public_key:
        raise ValueError("the roster names another coordinator key than the signing key")
    raw = roster_bytes(roster)
    return raw, sshsig.sign(raw, private_key, ROSTER_NAMESPACE)


def sign_detached(data: bytes, private_key: ed25519.Ed25519PrivateKey) -> str:
    """A coordinator signature over another file the roster export writes (allowed_signers)."""
    return sshsig.sign(data, private_key, ROSTER_NAMESPACE)


def parse_roster(raw: bytes) -> Roster:
    """A roster from its canonical bytes (either version, each strictly: a version 2 roster
    must have every version 2 field, a version 1 roster none). Checks no signature: use
    ``verify_roster``."""
    if len(raw) > MAX_ROSTER_BYTES:
        raise RosterRejectedError(REJECTED_TOO_LARGE)
    version_2 = f'"format":"{ROSTER_FORMAT_V2}"'.encode()
    model = RosterV2 if version_2 in raw else Roster
    try:
        return parse_canonical(model, bytes(raw))
    except FieldappError as e:
        raise RosterRejectedError(REJECTED_CONTENT) from e


def verify_roster(
    raw: bytes, signature: str | bytes, expected_coordinator_fingerprint: str | None
) -> Roster:
    """The roster in ``raw``, once its signature is verified.

    With ``expected_coordinator_fingerprint`` (from a channel the auditor trusts), only that key's
    signature passes. With ``None``, the roster is checked against the key it names, which shows
    only that it is intact: the caller must show ``roster.coordinator.fingerprint`` to a person.
    """
    if not isinstance(raw, bytes | bytearray) or not isinstance(signature, str | bytes | bytearray):
        raise TypeError("a roster and its signature are bytes (or text, for the signature)")
    if len(raw) > MAX_ROSTER_BYTES:
        raise RosterRejectedError(REJECTED_TOO_LARGE)
    try:
        signer = sshsig.parse_signature(signature).public_key
    except CryptoError as e:
        raise RosterRejectedError(REJECTED_SIGNATURE_FORMAT) from e
    if (
        expected_coordinator_fingerprint is not None
        and sshkeys.fingerprint(signer) != expected_coordinator_fingerprint
    ):
        raise RosterRejectedError(REJECTED_COORDINATOR)
    try:
        signer_line = sshsig.verify(bytes(raw), signature, ROSTER_NAMESPACE, [signer])
    except SignatureError as e:
        raise RosterRejectedError(REJECTED_SIGNATURE) from e
    except FormatError as e:
        raise RosterRejectedError(REJECTED_SIGNATURE_FORMAT) from e
    # Only signed bytes reach the JSON parser.
    roster = parse_roster(bytes(raw))
    if roster.coordinator.public_key != signer_line:
        raise RosterRejectedError(REJECTED_SIGNER)
    return roster


# --- allowed_signers -----------------------------------------------------------------------------


def _whole_second(when: datetime) -> datetime:
    # allowed_signers times are whole seconds; truncating keeps the revocation second inside
    # the window (ssh-keygen's bounds are inclusive), never after it.
    return when.replace(microsecond=0)


def allowed_signers_entries(roster: Roster) -> list[allowed_signers.Entry]:
    """One entry per device key (principal: its fingerprint, which is unique where labels need
    not be), allowed ``fieldapp-bundle@v1`` only, until its revocation; then the coordinator's
    key for packs and rosters."""
    entries = [
        allowed_signers.Entry(
            principals=(device.fingerprint,),
            public_key=sshkeys.parse_openssh_public_key(device.public_key)[0],
            namespaces=(BUNDLE_NAMESPACE,),
            valid_before=None if device.revoked_at is None else _whole_second(device.revoked_at),
            comment=device.label,
        )
        for device in roster.devices
    ]
    entries.append(
        allowed_signers.Entry(
            principals=(roster.coordinator.fingerprint,),
            public_key=sshkeys.parse_openssh_public_key(roster.coordinator.public_key)[0],
            namespaces=(PACK_NAMESPACE, ROSTER_NAMESPACE),
            comment=COORDINATOR_COMMENT,
        )
    )
    return entries


def allowed_signers_lines(roster: Roster) -> list[str]:
    """The allowed_signers file's lines (each ending in a newline), as ssh-keygen reads them."""
    return [allowed_signers.format([entry]) for entry in allowed_signers_entries(roster)]
