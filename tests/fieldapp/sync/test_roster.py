"""The roster: signed by the coordinator, strict, and the allowed_signers file made from it."""

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from crypto import allowed_signers, sshkeys, sshsig
from crypto.errors import SignatureError
from fieldapp.domain.canonical import canonical_bytes
from fieldapp.errors import PackRejectedError, RosterRejectedError
from fieldapp.sync import BUNDLE_NAMESPACE, PACK_NAMESPACE
from fieldapp.sync.enrolment import CoordinatorKey
from fieldapp.sync.roster import (
    REJECTED_CONTENT,
    REJECTED_COORDINATOR,
    REJECTED_SIGNER,
    REJECTED_TOO_LARGE,
    ROSTER_FORMAT,
    ROSTER_NAMESPACE,
    Roster,
    RosterDevice,
    allowed_signers_entries,
    allowed_signers_lines,
    parse_revocation_payload,
    sign_roster,
    signature_path,
    verify_roster,
)

from .builders import key_line, make_key

COORDINATOR = make_key(31)
ATTACKER = make_key(32)
GOOD_DEVICE = make_key(33)
REVOKED_DEVICE = make_key(34)
ENROLLED_AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
REVOKED_AT = datetime(2024, 6, 1, 12, 0, 0, 500_000, tzinfo=UTC)
ARCHIVE_ID = UUID("5b1f1f2e-8a53-4bd3-9a43-6d1b5b2f8c11")
COORDINATOR_FP = sshkeys.fingerprint(COORDINATOR.public_key())


def _device(key: object, label: str, revoked: bool) -> RosterDevice:
    line = key_line(key)  # type: ignore[arg-type]
    return RosterDevice(
        fingerprint=sshkeys.fingerprint(line),
        public_key=line,
        label=label,
        enrolled_at=ENROLLED_AT,
        revoked_at=REVOKED_AT if revoked else None,
        last_good_sequence=4 if revoked else None,
    )


def _roster(coordinator: object = COORDINATOR) -> Roster:
    line = key_line(coordinator)  # type: ignore[arg-type]
    devices = sorted(
        [_device(GOOD_DEVICE, "Laptop 1", False), _device(REVOKED_DEVICE, "노트북 2", True)],
        key=lambda d: d.fingerprint,
    )
    return Roster(
        format=ROSTER_FORMAT,
        archive_id=ARCHIVE_ID,
        coordinator=CoordinatorKey(fingerprint=sshkeys.fingerprint(line), public_key=line),
        created_at=ENROLLED_AT + timedelta(days=200),
        devices=tuple(devices),
    )


RAW, SIGNATURE = sign_roster(_roster(), COORDINATOR)


def _refused(raw: bytes, signature: str, expected: str | None, reason: str | None = None) -> None:
    with pytest.raises(RosterRejectedError) as caught:
        verify_roster(raw, signature, expected)
    if reason is not None:
        assert caught.value.reason == reason


def test_a_roster_verifies_against_the_expected_coordinator() -> None:
    roster = verify_roster(RAW, SIGNATURE, COORDINATOR_FP)
    assert roster == _roster()
    assert verify_roster(RAW, SIGNATURE, None).coordinator.fingerprint == COORDINATOR_FP
    revoked = roster.device(sshkeys.fingerprint(REVOKED_DEVICE.public_key()))
    assert revoked is not None
    assert revoked.last_good_sequence == 4


def test_every_field_is_written_nulls_included() -> None:
    document = json.loads(RAW)
    assert set(document) == {"archive_id", "coordinator", "created_at", "devices", "format"}
    good = next(d for d in document["devices"] if d["label"] == "Laptop 1")
    assert good["revoked_at"] is None
    assert good["last_good_sequence"] is None


def test_another_coordinator_is_refused() -> None:
    raw, signature = sign_roster(_roster(ATTACKER), ATTACKER)
    _refused(raw, signature, COORDINATOR_FP, REJECTED_COORDINATOR)


def test_a_roster_signed_by_a_key_it_does_not_name_is_refused() -> None:
    forged = sshsig.sign(RAW, ATTACKER, ROSTER_NAMESPACE)
    _refused(RAW, forged, None, REJECTED_SIGNER)
    _refused(RAW, forged, sshkeys.fingerprint(ATTACKER.public_key()), REJECTED_SIGNER)


def test_a_signature_for_another_purpose_is_refused() -> None:
    _refused(RAW, sshsig.sign(RAW, COORDINATOR, PACK_NAMESPACE), COORDINATOR_FP)


def test_every_altered_byte_is_refused() -> None:
    for position in range(len(RAW)):
        altered = bytearray(RAW)
        altered[position] ^= 0x01
        _refused(bytes(altered), SIGNATURE, COORDINATOR_FP)
    for position in range(len(SIGNATURE)):
        altered = bytearray(SIGNATURE.encode())
        altered[position] ^= 0x01
        _refused(RAW, bytes(altered), COORDINATOR_FP)


def test_signed_but_invalid_content_is_refused() -> None:
    document = json.loads(RAW)
    document["devices"].reverse()  # unsorted
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    _refused(raw, sshsig.sign(raw, COORDINATOR, ROSTER_NAMESPACE), COORDINATOR_FP, REJECTED_CONTENT)
    spaced = json.dumps(json.loads(RAW), sort_keys=True, ensure_ascii=False).encode()
    _refused(spaced, sshsig.sign(spaced, COORDINATOR, ROSTER_NAMESPACE), None, REJECTED_CONTENT)


def test_the_coordinator_cannot_be_a_device() -> None:
    roster = _roster()
    with pytest.raises(ValueError, match="lists the coordinator key as a device"):
        Roster(
            format=ROSTER_FORMAT,
            archive_id=ARCHIVE_ID,
            coordinator=roster.coordinator,
            created_at=roster.created_at,
            devices=(_device(COORDINATOR, "c", False),),
        )


def test_an_oversized_roster_is_refused_unread() -> None:
    _refused(b" " * (9 * 1024 * 1024), SIGNATURE, None, REJECTED_TOO_LARGE)


def test_the_signature_lives_beside_the_roster() -> None:
    assert signature_path(Path("/x/roster.json")) == Path("/x/roster.json.sig")


def test_allowed_signers_lines_read_back_as_meant() -> None:
    roster = _roster()
    entries = allowed_signers.parse("".join(allowed_signers_lines(roster)))
    assert entries == allowed_signers_entries(roster)
    by_principal = {entry.principals[0]: entry for entry in entries}
    good = by_principal[sshkeys.fingerprint(GOOD_DEVICE.public_key())]
    revoked = by_principal[sshkeys.fingerprint(REVOKED_DEVICE.public_key())]
    coordinator = by_principal[COORDINATOR_FP]
    assert good.namespaces == (BUNDLE_NAMESPACE,)
    assert good.valid_before is None
    assert revoked.valid_before == REVOKED_AT.replace(microsecond=0)
    assert coordinator.namespaces == (PACK_NAMESPACE, ROSTER_NAMESPACE)


def test_a_revoked_key_signs_until_its_revocation_only() -> None:
    entries = allowed_signers_entries(_roster())
    principal = sshkeys.fingerprint(REVOKED_DEVICE.public_key())
    signature = sshsig.sign(b"manifest", REVOKED_DEVICE, BUNDLE_NAMESPACE)
    before = REVOKED_AT - timedelta(minutes=1)
    allowed_signers.verify(b"manifest", signature, BUNDLE_NAMESPACE, principal, entries, at=before)
    with pytest.raises(SignatureError):
        allowed_signers.verify(
            b"manifest",
            signature,
            BUNDLE_NAMESPACE,
            principal,
            entries,
            at=REVOKED_AT + timedelta(seconds=1),
        )
    # And a device key is no coordinator: it cannot sign packs.
    pack_signature = sshsig.sign(b"manifest", GOOD_DEVICE, PACK_NAMESPACE)
    with pytest.raises(SignatureError):
        allowed_signers.verify(
            b"manifest",
            pack_signature,
            PACK_NAMESPACE,
            sshkeys.fingerprint(GOOD_DEVICE.public_key()),
            entries,
        )


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_ssh_keygen_verifies_the_roster_with_its_allowed_signers(tmp_path: Path) -> None:
    (tmp_path / "roster.json").write_bytes(RAW)
    (tmp_path / "roster.json.sig").write_text(SIGNATURE)
    (tmp_path / "allowed").write_text("".join(allowed_signers_lines(_roster())))
    command = ["ssh-keygen", "-Y", "verify", "-f", "allowed", "-I", COORDINATOR_FP]
    command += ["-n", ROSTER_NAMESPACE, "-s", "roster.json.sig"]
    done = subprocess.run(command, input=RAW, cwd=tmp_path, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f'Good "{ROSTER_NAMESPACE}" signature'.encode() in done.stdout


def test_revocation_payloads_are_strict() -> None:
    revocation = {
        "fingerprint": sshkeys.fingerprint(REVOKED_DEVICE.public_key()),
        "last_good_sequence": 4,
        "revoked_at": "2024-06-01T12:00:00.500000Z",
    }
    document = {
        "device": COORDINATOR_FP,
        "format": "fieldapp-revocation/1",
        "revoked": [revocation],
    }
    raw = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    payload = parse_revocation_payload(raw)
    assert canonical_bytes(payload) == raw
    for broken in (
        {**document, "revoked": []},
        {**document, "revoked": [revocation, revocation]},
        {**document, "revoked": [{**revocation, "last_good_sequence": -1}]},
        {**document, "format": "fieldapp-revocation/2"},
    ):
        with pytest.raises(PackRejectedError):
            parse_revocation_payload(
                json.dumps(broken, sort_keys=True, separators=(",", ":")).encode()
            )
