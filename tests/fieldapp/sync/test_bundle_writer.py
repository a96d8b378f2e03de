"""The bundle writer: what it writes, in what order, and what it leaves when it fails."""

import hashlib
import io
import os
import re
from pathlib import Path
from uuid import UUID

import pytest

from crypto import age, sshkeys
from crypto.age.format import read_header
from crypto.age.source import Source
from crypto.errors import DecryptionError
from fieldapp.errors import AttachmentDamagedError, BundleTooLargeError, BundleWriteError, Cancelled
from fieldapp.progress import CancelToken
from fieldapp.sync.bundle_verify import check_bundle
from fieldapp.sync.bundle_writer import (
    BUNDLE_SUFFIX,
    BundleLimits,
    bundle_file_name,
    partial_path,
)
from fieldapp.sync.manifest import MANIFEST_NAME, SIGNATURE_NAME, parse_manifest
from fieldapp.sync.payload import IDENTITIES_FORMAT, RECORDS_FORMAT, PayloadHeader, SignedEvent
from fieldapp.sync.verify_text import VERIFY_NAME, verify_text
from tests.fieldapp.domain.factories import NARRATIVE_TEXT

from .test_bundle_support import (
    Device,
    decrypt_member,
    identity,
    make_keys,
    members,
    read_payload,
    roster_of,
)

BLOBS = (b"first recording " * 5000, b"a scan", b"")


@pytest.fixture
def device(tmp_path: Path) -> Device:
    return Device(tmp_path)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".fieldapp-"))


def _header(device: Device, fmt: str) -> PayloadHeader:
    bundle = device.written[-1]
    return PayloadHeader(fmt, bundle.manifest.bundle_id, sshkeys.fingerprint(device.public_key), 1)


def test_a_bundle_holds_its_members_in_order_and_verifies(device: Device) -> None:
    written = device.write(blobs=BLOBS, identities=[identity()])
    data = written.partial_path.read_bytes()
    names = [name for name, _ in members(data)]
    blobs = names[4:-1]
    assert names[:4] == [MANIFEST_NAME, SIGNATURE_NAME, "records.age", "identities.age"]
    assert names[-1] == VERIFY_NAME
    assert blobs == sorted(blobs)
    assert len(blobs) == len(BLOBS)
    assert all(re.fullmatch(r"blobs/[0-9a-f-]{36}\.age", name) for name in blobs)
    assert dict(members(data))[VERIFY_NAME] == verify_text().encode()
    assert written.size == len(data)
    verified = check_bundle(written.partial_path, roster_of(device.key))
    assert verified.digest == written.digest
    assert parse_manifest(written.manifest_bytes) == written.manifest
    assert written.manifest.recipients == (
        device.keys.archive_recipient,
        device.keys.custodian_recipient,
    )
    # Only the partial is left: the staging files were removed once copied.
    assert _leftovers(device.folder) == [written.partial_path.name]


def test_records_open_with_the_archive_key_and_identities_with_the_custodians_only(
    device: Device,
) -> None:
    person = identity()
    written = device.write(blobs=BLOBS, identities=[person])
    data = written.partial_path.read_bytes()
    keys = device.keys
    items = read_payload(
        data, "records.age", keys.archive_identity, _header(device, RECORDS_FORMAT)
    )
    kinds = [kind for kind, _ in items]
    assert kinds == ["testimony", "consent", "attachment", "attachment", "attachment", "custody"]
    assert isinstance(items[-1][1], SignedEvent)
    people = read_payload(
        data, "identities.age", keys.custodian_identity, _header(device, IDENTITIES_FORMAT)
    )
    assert people == [("identity", person)]
    with pytest.raises(DecryptionError):
        decrypt_member(data, "identities.age", keys.archive_identity)
    with pytest.raises(DecryptionError):
        decrypt_member(data, "records.age", keys.custodian_identity)


def test_attachments_are_readdressed_not_reencrypted(device: Device) -> None:
    written = device.write(blobs=BLOBS[:1])
    data = written.partial_path.read_bytes()
    name, member = next((n, d) for n, d in members(data) if n.startswith("blobs/"))
    assert decrypt_member(data, name, device.keys.archive_identity) == BLOBS[0]
    source = next(device.folder.glob("blob-*.age")).read_bytes()
    # Same payload (nonce and every chunk) under a new header for the archive recipient.
    old, new = _header_length(source), _header_length(member)
    assert member[new:] == source[old:]
    assert member[:new] != source[:old]
    with pytest.raises(DecryptionError):
        decrypt_member(data, name, device.blob_identity)


def _header_length(data: bytes) -> int:
    header, _ = read_header(Source(io.BytesIO(data)))
    return header.length


def test_no_identities_no_identities_member(device: Device) -> None:
    names = [n for n, _ in members(device.write().partial_path.read_bytes())]
    assert "identities.age" not in names


def test_staging_files_hold_ciphertext_only(device: Device) -> None:
    seen: list[bytes] = []

    def look(done: int, total: int) -> None:
        for path in device.folder.glob(".fieldapp-*.records.age.partial"):
            seen.append(path.read_bytes())

    device.write(blobs=BLOBS, progress=look)
    assert seen
    for staged in seen:
        assert staged.startswith(b"age-encryption.org/v1\n")
        assert NARRATIVE_TEXT[:20].encode() not in staged


def test_progress_rises_to_its_total(device: Device) -> None:
    calls: list[tuple[int, int]] = []
    device.write(blobs=BLOBS, progress=lambda done, total: calls.append((done, total)))
    dones = [done for done, _ in calls]
    assert dones == sorted(dones)
    # Every attachment is read once: copied while it is hashed.
    blob_bytes = sum(len(b) for b in BLOBS)
    assert 2 * blob_bytes > calls[-1][0] == calls[-1][1] > blob_bytes


def test_a_cancel_leaves_no_file(device: Device) -> None:
    token = CancelToken()
    calls = 0

    def cancel_later(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            token.cancel()

    with pytest.raises(Cancelled):
        device.write(blobs=BLOBS, progress=cancel_later, cancel=token)
    assert _leftovers(device.folder) == []


@pytest.mark.parametrize(
    "limits", [BundleLimits(max_members=len(BLOBS) + 1), BundleLimits(max_bytes=80_000)]
)
def test_a_bundle_past_its_limits_is_refused_and_leaves_nothing(
    device: Device, limits: BundleLimits
) -> None:
    with pytest.raises(BundleTooLargeError):
        device.write(blobs=BLOBS, limits=limits)
    assert _leftovers(device.folder) == []


def test_a_blob_that_does_not_open_is_damaged(device: Device) -> None:
    device.blob_identity = age.generate_x25519()[0]
    stranger = Device(device.folder, keys=make_keys())
    path = stranger.blob(b"not ours")
    device.blob = lambda data: path  # type: ignore[method-assign]
    with pytest.raises(AttachmentDamagedError):
        device.write()
    assert _leftovers(device.folder) == []


def test_a_folder_that_cannot_be_written_is_said_so(device: Device, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_bytes(b"")
    blob = device.blob(b"x")
    device.folder = not_a_folder
    device.blob = lambda data: blob  # type: ignore[method-assign]
    with pytest.raises(BundleWriteError):
        device.write()


def test_file_names_sort_by_sequence_and_name_the_device() -> None:
    # A fingerprint is the base64 of the key's SHA-256; the name shows its first 8 hex digits.
    assert bundle_file_name("SHA256:" + "A" * 42 + "E", 3) == "00000000-000003" + BUNDLE_SUFFIX
    fingerprint = sshkeys.fingerprint(Device(Path()).public_key)
    name = bundle_file_name(fingerprint, 12)
    assert re.fullmatch(r"[0-9a-f]{8}-000012\.fieldbundle", name)
    assert bundle_file_name(fingerprint, 9) < name < bundle_file_name(fingerprint, 100)
    assert partial_path(Path("/x"), UUID(int=1)).name == f".fieldapp-{UUID(int=1)}.partial"


@pytest.mark.parametrize("change", [b"appended", None])
def test_a_blob_that_changes_while_it_is_written_is_damaged(
    device: Device, change: bytes | None
) -> None:
    # Its size went into the manifest's reserved place before it was copied: a file that grows
    # or shrinks meanwhile must not make a bundle whose signed size or hash is wrong.
    made: list[Path] = []
    original = device.blob

    def blob(data: bytes) -> Path:
        made.append(original(data))
        return made[-1]

    device.blob = blob  # type: ignore[method-assign]

    def meddle(done: int, total: int) -> None:
        if done == 0 and made:
            with made[0].open("r+b") as file:
                if change is None:
                    file.truncate(file.seek(0, 2) - 1)
                else:
                    file.seek(0, 2)
                    file.write(change)

    with pytest.raises(AttachmentDamagedError):
        device.write(blobs=(b"a recording " * 20_000,), progress=meddle)
    assert _leftovers(device.folder) == []


def test_written_members_are_those_the_signed_manifest_lists(device: Device) -> None:
    # The manifest is written last into its reserved place: every hash in it is the hash of the
    # member's bytes as they stand in the file, and sha256sum would say the same.
    written = device.write(blobs=(os.urandom(3 * 1024 * 1024 + 1), b"x", b""))
    data = written.partial_path.read_bytes()
    found = dict(members(data))
    manifest = parse_manifest(found[MANIFEST_NAME])
    assert [m.name for m in manifest.members] == list(found)[2:]
    for member in manifest.members:
        assert hashlib.sha256(found[member.name]).hexdigest() == member.sha256
        assert len(found[member.name]) == member.size
