"""Enrolment and its undoing: requests, enrolment packs, revocation, the roster for auditors.

A device writes a request (its public keys, with proof it holds the signing key). The archive
reads it, the coordinator compares the fingerprint with the one the interviewer reads aloud,
and the archive enrols the device and writes its enrolment pack. Revoking a device marks it in
the archive; revocation packs (``services.packs``) tell the other devices, and the roster tells
auditors, whose allowed_signers file then stops accepting that key after its revocation.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError

from crypto import sshkeys
from fieldapp.domain import CustodyKind
from fieldapp.domain.fields import SHORT_TEXT_MAX, no_control_characters
from fieldapp.errors import (
    AlreadyEnrolledError,
    DeviceAlreadyEnrolledError,
    DeviceAlreadyRevokedError,
    EnrolmentRequestRejectedError,
    RevokedDeviceRequestError,
    ValidationFailedError,
    WorkspaceDamagedError,
    WrongRoleError,
)
from fieldapp.services.archive import find_enrolled_device, require_archive
from fieldapp.services.pack_writing import PackSent, pack_transaction
from fieldapp.services.standing import fact_hash
from fieldapp.sync.enrolment import (
    ENROLMENT_PAYLOAD_FORMAT,
    MAX_REQUEST_BYTES,
    CoordinatorKey,
    DeviceKeys,
    EnrolmentPayload,
    EnrolmentRequest,
    enrolment_payload_bytes,
    make_request,
    parse_request,
    plain_label,
)
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import pack_tag
from fieldapp.sync.roster import (
    ROSTER_FORMAT,
    ROSTER_FORMAT_V2,
    AcceptedGapEntry,
    ReinstatementEntry,
    Roster,
    RosterDevice,
    RosterDeviceV2,
    RosterV2,
    allowed_signers_lines,
    sign_detached,
    sign_roster,
    signature_path,
)

# Handed on for the UI, which may not import fieldapp.sync.
from fieldapp.sync.spoken import parse_spoken_fingerprint as parse_spoken_fingerprint
from fieldapp.sync.spoken import spoken_fingerprint as spoken_fingerprint
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.database import transaction
from fieldapp.workspace.enrolment_state import read_enrolment
from fieldapp.workspace.files import (
    open_regular,
    require_folder,
    write_all_atomically,
    write_atomically,
)
from fieldapp.workspace.workspace import DEVICE_AGE_KEY, META_LABEL

REJECTED_NOT_A_FILE = "it is not a regular file."
REJECTED_OWN_KEY = "it names the coordinator's own key."

# Public files, meant to be copied to other people: readable by all, like a .pub file.
PUBLIC_FILE_MODE = 0o644


# --- device: the request -------------------------------------------------------------------------


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
LABEL_CANNOT_TRAVEL = (
    "This laptop's label {phrase}: an enrolment request cannot carry it; nothing was written."
)
LAST_GOOD_NEGATIVE = "The last good sequence is 0 or more."
REASON_LENGTH = "The reason is 1 to {most} characters."
REASON_ONE_LINE = "The reason must be one plain line."


def write_request(ws: Workspace, out: Path) -> EnrolmentRequest:
    """Write this device's enrolment request to ``out``; returns it (its fingerprint is read
    aloud to the coordinator)."""
    if ws.role is not Role.INTERVIEWER:
        raise WrongRoleError("Only a field device asks to be enrolled.")
    if read_enrolment(ws.repository) is not None:
        raise AlreadyEnrolledError()
    _, recipient = ws.repository.device_key(DEVICE_AGE_KEY)
    label = ws.repository.meta(META_LABEL) or ""
    try:
        plain_label(label)  # set-up checks it too; a workspace made before that may not pass
    except ValueError as problem:
        raise ValidationFailedError(LABEL_CANNOT_TRAVEL, args={"phrase": str(problem)}) from None
    raw = make_request(ws.signing_key, recipient, label, datetime.now(UTC))
    write_atomically(out, raw, PUBLIC_FILE_MODE)
    return parse_request(raw)


def read_request(path: Path) -> EnrolmentRequest:
    """A request file, parsed and its proof checked; needs no workspace."""
    handle = open_regular(path)  # a named pipe on a stick would block here for good
    if handle is None:
        raise EnrolmentRequestRejectedError(REJECTED_NOT_A_FILE)
    with handle:
        raw = handle.read(MAX_REQUEST_BYTES + 1)
    return parse_request(raw)


# --- archive: enrolment --------------------------------------------------------------------------


def check_enrollable(ws: Workspace, request: EnrolmentRequest) -> None:
    """Refuse, before anything is compared or written, a request this archive cannot enrol:
    one naming the coordinator's own key, a device already enrolled, or one revoked."""
    require_archive(ws)
    body = request.request
    if body.fingerprint == ws.fingerprint:
        raise EnrolmentRequestRejectedError(REJECTED_OWN_KEY)
    known = state.find_device(ws.connection, body.fingerprint)
    if known is not None and known.revoked:
        # Not "already enrolled, resend its pack": a seized laptop must not be waved back in.
        raise RevokedDeviceRequestError(
            f"This laptop ({body.fingerprint}) was revoked on {known.revoked_at[:10]}: its"
            " bundles are refused, and a new request does not enrol it again; nothing was"
            " changed."
        )
    if known is not None:
        # Enrolling again would start a second pack chain the device cannot follow; the pack
        # already sent is kept and can be written again unchanged.
        raise DeviceAlreadyEnrolledError(
            "This device is already enrolled; nothing was changed. If its enrolment pack was"
            f" lost, write it again: fieldapp pack resend {body.fingerprint} --out DIR"
        )


def issue_enrolment(ws: Workspace, request: EnrolmentRequest, out: Path) -> PackSent:
    """Enrol the requesting device and write its enrolment pack (its first, number 1).

    The caller has had the coordinator confirm ``request.fingerprint`` first.
    """
    keys = require_archive(ws)
    check_enrollable(ws, request)
    body = request.request
    now = datetime.now(UTC)
    payload = EnrolmentPayload(
        format=ENROLMENT_PAYLOAD_FORMAT,
        device=DeviceKeys(
            label=body.label,
            fingerprint=body.fingerprint,
            signing_key=body.signing_key,
            age_recipient=body.age_recipient,
        ),
        archive_id=UUID(keys.archive_id),
        archive_recipients=keys.archive_recipients,
        custodian_recipients=keys.custodian_recipients,
        coordinator=CoordinatorKey(fingerprint=ws.fingerprint, public_key=ws.public_key),
        enrolled_at=now,
    )
    with pack_transaction(ws) as batch:
        state.add_device(
            ws.connection,
            body.fingerprint,
            body.signing_key,
            body.age_recipient,
            body.label,
            now.isoformat(),
        )
        sent = batch.write(
            body.fingerprint, ManifestKind.ENROLMENT, enrolment_payload_bytes(payload), out
        )
        ws.custody.append(CustodyKind.ENROL, sent.digest, bundle_id=UUID(sent.pack_id))
        return sent


def list_devices(ws: Workspace) -> list[state.DeviceRecord]:
    require_archive(ws)
    return state.list_devices(ws.connection)


def revoke_device(
    ws: Workspace,
    fingerprint: str,
    *,
    last_good_sequence: int | None = None,
    reason: str | None = None,
) -> state.DeviceRecord:
    """Mark a device revoked now. Its bundles after ``last_good_sequence`` (by default, the
    last one imported) will be refused; the revocation reaches devices by revocation pack."""
    device = find_enrolled_device(ws, fingerprint)
    if device.revoked:
        raise DeviceAlreadyRevokedError()
    if last_good_sequence is not None and last_good_sequence < 0:
        raise ValidationFailedError(LAST_GOOD_NEGATIVE)
    if reason is not None:
        # Kept in the archive only; one plain line, like a label.
        if not reason.strip() or len(reason) > SHORT_TEXT_MAX:
            raise ValidationFailedError(REASON_LENGTH, args={"most": SHORT_TEXT_MAX})
        try:
            no_control_characters(reason)
        except ValueError:
            raise ValidationFailedError(REASON_ONE_LINE) from None
    revoked_at = datetime.now(UTC).isoformat()
    with transaction(ws.connection):
        last_good = (
            last_good_sequence
            if last_good_sequence is not None
            else state.last_bundle_sequence(ws.connection, fingerprint)
        )
        state.mark_revoked(ws.connection, fingerprint, revoked_at, last_good)
        if reason is not None:
            state.set_revocation_reason(ws.repository, fingerprint, reason.strip())
        fact = {
            "device": fingerprint,
            "revoked_at": revoked_at,
            "last_good_sequence": last_good,
            "reason": None if reason is None else reason.strip(),
        }
        ws.custody.append(CustodyKind.REVOKE, fact_hash(fact))
    return replace(device, revoked_at=revoked_at, last_good_sequence=last_good)


# --- archive: the roster -------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterExport:
    roster: Roster
    path: Path
    signature_path: Path
    allowed_signers_path: Path | None
    allowed_signers_signature_path: Path | None


def _roster_device(d: state.DeviceRecord) -> RosterDevice:
    return RosterDevice(
        fingerprint=d.fingerprint,
        public_key=d.public_key,
        label=d.label,
        enrolled_at=datetime.fromisoformat(d.enrolled_at),
        revoked_at=None if d.revoked_at is None else datetime.fromisoformat(d.revoked_at),
        last_good_sequence=d.last_good_sequence,
    )


def _roster_device_v2(ws: Workspace, d: state.DeviceRecord) -> RosterDeviceV2:
    gaps = tuple(
        AcceptedGapEntry(
            first=g.first_sequence,
            through=g.through_sequence,
            accepted_at=datetime.fromisoformat(g.accepted_at),
        )
        for g in state.accepted_gaps(ws.connection, d.fingerprint)
    )
    reinstated = tuple(
        ReinstatementEntry(
            revoked_at=datetime.fromisoformat(r.revoked_at),
            last_good_sequence=r.last_good_sequence,
            reinstated_at=datetime.fromisoformat(r.reinstated_at),
            resumed_at=r.resumed_at,
        )
        for r in state.reinstatements(ws.connection, d.fingerprint)
    )
    # Reasons stay in the archive: they may name a place or a person.
    return RosterDeviceV2(
        **_roster_device(d).model_dump(), accepted_gaps=gaps, reinstatements=reinstated
    )


def build_roster(ws: Workspace) -> Roster:
    """The roster, in version 1 while no device has an accepted gap or a reinstatement (older
    auditors read it), in version 2 once one has (docs/format.md)."""
    keys = require_archive(ws)
    try:
        return _roster(ws, keys.archive_id)
    except ValidationError:
        # A device row the roster's own rules refuse (a key that is not its fingerprint's):
        # it was edited, and the roster must not sign it.
        raise WorkspaceDamagedError() from None


def _roster(ws: Workspace, archive_id: str) -> Roster:
    devices = state.list_devices(ws.connection)
    common = {
        "archive_id": UUID(archive_id),
        "coordinator": CoordinatorKey(fingerprint=ws.fingerprint, public_key=ws.public_key),
        "created_at": datetime.now(UTC),
    }
    if not state.accepted_gaps(ws.connection) and not state.reinstatements(ws.connection):
        return Roster(
            format=ROSTER_FORMAT, devices=tuple(_roster_device(d) for d in devices), **common
        )
    return RosterV2(
        format=ROSTER_FORMAT_V2,
        devices=tuple(_roster_device_v2(ws, d) for d in devices),
        **common,
    )


def export_roster(ws: Workspace, out: Path, allowed_signers: Path | None = None) -> RosterExport:
    """Write the signed roster (``out`` and ``out.sig``) and, if asked, the allowed_signers
    file with its own coordinator signature beside it (``FILE.sig``)."""
    for path in (out, allowed_signers):
        if path is not None:
            require_folder(path)  # before writing any: never half of what was asked
    roster = build_roster(ws)
    raw, signature = sign_roster(roster, ws.signing_key)
    files = [(out, raw), (signature_path(out), signature.encode("ascii"))]
    signers_signature = None
    if allowed_signers is not None:
        text = "".join(allowed_signers_lines(roster)).encode("utf-8")
        signers_signature = signature_path(allowed_signers)
        files += [
            (allowed_signers, text),
            (signers_signature, sign_detached(text, ws.signing_key).encode("ascii")),
        ]
    # All or none: a stick that fills part-way must not be left holding a roster without its
    # signature, or a new roster beside the old one's.
    write_all_atomically(files, PUBLIC_FILE_MODE)
    return RosterExport(roster, out, signature_path(out), allowed_signers, signers_signature)


def enrolment_status(ws: Workspace) -> dict[str, object]:
    """What this device knows of its archive (or, on an archive, of its devices), for display."""
    if ws.role is Role.ARCHIVE:
        keys = require_archive(ws)
        devices = state.list_devices(ws.connection)
        return {
            "role": ws.role.value,
            "archive_id": keys.archive_id,
            "coordinator_fingerprint": ws.fingerprint,
            "devices": len(devices),
            "revoked": sum(1 for d in devices if d.revoked),
        }
    enrolled = read_enrolment(ws.repository)
    last = state.last_applied_pack(ws.connection)
    own = state.own_revocation(ws.repository)
    return {
        "role": ws.role.value,
        "fingerprint": ws.fingerprint,
        # What names this laptop in its packs' file names, for picking its own from a stick.
        "pack_tag": pack_tag(ws.fingerprint),
        "enrolled": enrolled is not None,
        "archive_id": None if enrolled is None else enrolled.archive_id,
        "coordinator_fingerprint": None
        if enrolled is None
        else sshkeys.fingerprint(enrolled.coordinator_key),
        "last_pack": 0 if last is None else last.sequence,
        "this_device_revoked": own is not None,
        "revoked_devices": [n.fingerprint for n in state.revoked_devices(ws.repository)],
    }
