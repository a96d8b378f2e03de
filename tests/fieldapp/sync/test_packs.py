"""Packs as containers: built, opened, and refused when anything about them is wrong."""

import io
import zipfile
from pathlib import Path

import pytest

from crypto import age, sshkeys
from crypto.errors import FormatError
from fieldapp.errors import OutputExistsError, PackRejectedError
from fieldapp.sync import MANIFEST_NAME, PACK_FORMAT, SIGNATURE_NAME, VERIFY_NAME, ManifestKind
from fieldapp.sync import packs as packs_module
from fieldapp.sync.manifest import REJECTED_NOT_THE_COORDINATOR
from fieldapp.sync.packs import (
    NOT_A_PACK,
    PAYLOAD_NAME,
    REJECTED_DECRYPT,
    REJECTED_PAYLOAD_SIZE,
    REJECTED_SHAPE,
    build_pack,
    open_pack,
    pack_file_name,
    write_pack_file,
)

from .builders import build_container, key_line, make_key, read_all, write_members

COORDINATOR = make_key(21)
ATTACKER = make_key(22)
DEVICE_IDENTITY = age.x25519_identity_from_secret(bytes([9]) * 32)
DEVICE_RECIPIENT = age.recipient_of(DEVICE_IDENTITY)
PAYLOAD = b'{"hello":"device"}'
TRUNCATION_STRIDE = 37


def _pack(
    key: object = COORDINATOR, payload: bytes = PAYLOAD, sequence: int = 1, **extra: object
) -> bytes:
    out = io.BytesIO()
    build_pack(
        out,
        ManifestKind.REVOCATION,
        payload,
        key,  # type: ignore[arg-type]
        recipient=DEVICE_RECIPIENT,
        sequence=sequence,
        previous=None if sequence == 1 else "ab" * 32,
        **extra,  # type: ignore[arg-type]
    )
    return out.getvalue()


def _open(data: bytes, trusted: str | None = None) -> packs_module.OpenedPack:
    return open_pack(io.BytesIO(data), trusted)


def _refused(data: bytes, trusted: str | None = None, reason: str | None = None) -> None:
    with pytest.raises(PackRejectedError) as caught:
        _open(data, trusted).payload(DEVICE_IDENTITY)
    if reason is not None:
        assert caught.value.reason == reason


PACK = _pack()


def test_a_pack_round_trips() -> None:
    opened = _open(PACK, key_line(COORDINATOR))
    assert opened.payload(DEVICE_IDENTITY) == PAYLOAD
    manifest = opened.manifest
    assert manifest.format == PACK_FORMAT
    assert opened.kind is ManifestKind.REVOCATION
    assert opened.sequence == 1
    assert manifest.previous is None
    assert opened.recipient == DEVICE_RECIPIENT
    assert opened.signer_fingerprint == sshkeys.fingerprint(COORDINATOR.public_key())
    assert [m.name for m in manifest.members] == [PAYLOAD_NAME, VERIFY_NAME]


def test_any_zip_tool_sees_the_members_in_order() -> None:
    names = zipfile.ZipFile(io.BytesIO(PACK)).namelist()
    assert names == [MANIFEST_NAME, SIGNATURE_NAME, PAYLOAD_NAME, VERIFY_NAME]


def test_a_first_pack_is_checked_against_its_own_signer() -> None:
    opened = _open(_pack(ATTACKER), None)
    # Accepted as intact; whether to trust the signer is for the user's fingerprint check.
    assert opened.signer_key == key_line(ATTACKER)


def test_a_pack_by_another_key_than_the_trusted_one_is_refused() -> None:
    attacker = sshkeys.fingerprint(ATTACKER.public_key())
    named = REJECTED_NOT_THE_COORDINATOR.format(fingerprint=attacker)
    _refused(_pack(ATTACKER), key_line(COORDINATOR), named)


def test_a_payload_for_another_device_does_not_decrypt() -> None:
    other_identity, _ = age.generate_x25519()
    with pytest.raises(PackRejectedError) as caught:
        _open(PACK, key_line(COORDINATOR)).payload(other_identity)
    assert caught.value.reason == REJECTED_DECRYPT


def _members(data: bytes) -> list[tuple[str, bytes]]:
    return list(read_all(data).items())


def _with_member(data: bytes, name: str, change: object) -> bytes:
    """The pack rebuilt with one member's bytes changed: a valid container, CRCs and all."""
    return write_members([(n, change(b) if n == name else b) for n, b in _members(data)])  # type: ignore[operator]


@pytest.mark.parametrize("trusted", [None, key_line(COORDINATOR)], ids=["first", "trusted"])
@pytest.mark.parametrize("member", [MANIFEST_NAME, SIGNATURE_NAME])
def test_every_altered_byte_of_manifest_and_signature_is_refused(
    member: str, trusted: str | None
) -> None:
    size = len(read_all(PACK)[member])
    for position in range(size):

        def flip(data: bytes, at: int = position) -> bytes:
            altered = bytearray(data)
            altered[at] ^= 0x01
            return bytes(altered)

        _refused(_with_member(PACK, member, flip), trusted)


def test_every_flipped_byte_of_the_file_head_is_refused() -> None:
    # Raw flips, CRCs left as they were: the container's own checks refuse them.
    head = len(read_all(PACK)[MANIFEST_NAME]) + len(read_all(PACK)[SIGNATURE_NAME]) + 200
    for position in range(head):
        altered = bytearray(PACK)
        altered[position] ^= 0x01
        _refused(bytes(altered), key_line(COORDINATOR))


def test_a_truncated_pack_is_refused() -> None:
    for length in [0, 1, 21, 22, len(PACK) - 1, *range(0, len(PACK), TRUNCATION_STRIDE)]:
        _refused(PACK[:length], key_line(COORDINATOR))


def test_a_damaged_file_is_called_damaged_not_a_bundle() -> None:
    _refused(PACK[:-1], key_line(COORDINATOR), NOT_A_PACK)


def test_a_bundle_is_not_a_pack() -> None:
    bundle = build_container(COORDINATOR).data
    _refused(bundle, key_line(COORDINATOR))


def test_extra_or_missing_members_are_refused() -> None:
    members = _members(PACK)
    _refused(write_members([*members, ("extra.txt", b"x")]), None)
    _refused(write_members(members[:-1]), None, REJECTED_SHAPE)
    swapped = [members[0], members[1], members[3], members[2]]
    _refused(write_members(swapped), None, REJECTED_SHAPE)


def test_a_payload_above_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pack(payload=b"x" * 2000)
    monkeypatch.setattr(packs_module, "MAX_PAYLOAD_BYTES", 1000)
    _refused(data, key_line(COORDINATOR), REJECTED_PAYLOAD_SIZE)


def test_write_pack_file_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "a.fieldpack"
    build = {
        "signing_key": COORDINATOR,
        "recipient": DEVICE_RECIPIENT,
        "sequence": 1,
        "previous": None,
    }
    verified = write_pack_file(target, ManifestKind.ENROLMENT, PAYLOAD, **build)
    first = target.read_bytes()
    with target.open("rb") as handle:
        assert open_pack(handle, None).digest == verified.digest
    with pytest.raises(OutputExistsError):
        write_pack_file(target, ManifestKind.ENROLMENT, PAYLOAD, **build)
    assert target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.fieldpack"]


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "b.fieldpack"
    with pytest.raises(FormatError):
        write_pack_file(
            target,
            ManifestKind.ENROLMENT,
            PAYLOAD,
            signing_key=COORDINATOR,
            recipient="not a recipient",
            sequence=1,
            previous=None,
        )
    assert list(tmp_path.iterdir()) == []


def test_pack_file_names_are_safe_everywhere() -> None:
    name = pack_file_name(ManifestKind.RECEIPT, "SHA256:ab/+cdefghijKLMNOP", 12)
    assert name == "receipt-ab_-cdefgh-0012.fieldpack"
