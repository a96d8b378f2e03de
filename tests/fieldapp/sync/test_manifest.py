"""The signed manifest: canonical bytes, signature first, signer named truly, members checked."""

import hashlib
import io
import shutil
import subprocess
import uuid
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from crypto import allowed_signers, sshkeys, sshsig
from crypto.allowed_signers import Entry
from crypto.errors import FormatError
from fieldapp.errors import BundleRejectedError, BundleTooLargeError, Cancelled
from fieldapp.progress import CancelToken
from fieldapp.sync import (
    BUNDLE_FORMAT,
    BUNDLE_NAMESPACE,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    PACK_FORMAT,
    PACK_NAMESPACE,
    SIGNATURE_NAME,
    VERIFY_NAME,
    ContainerReader,
    ManifestKind,
    check_members,
    manifest_bytes,
    manifest_digest,
    member_entry,
    parse_manifest,
    read_manifest,
    sign_manifest,
    verify_container,
    verify_manifest,
)
from fieldapp.sync import manifest as manifest_module
from fieldapp.sync.manifest import (
    REJECTED_DEVICE_NOT_ENROLLED,
    REJECTED_FORMAT,
    REJECTED_MANIFEST,
    REJECTED_MEMBERS,
    REJECTED_SIGNATURE,
    REJECTED_SIGNATURE_FORMAT,
    REJECTED_SIGNER,
)

from .builders import (
    BUNDLE_ID,
    PAYLOADS,
    build_container,
    key_line,
    make_key,
    make_manifest,
    reader,
    write_members,
)

# Pins the format: an auditor's script and every chained `previous` depend on these bytes.
GOLDEN_MANIFEST_PREFIX = (
    b'{"bundle_id":"0f8fad5b-d9cb-469f-a165-70867728950e",'
    b'"created_at":"2024-03-01T09:30:00.000000Z",'
    b'"custody_head":"' + b"ab" * 32 + b'","fingerprint":"SHA256:'
)


def _rejected(reason: str, function: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(BundleRejectedError) as caught:
        function(*args, **kwargs)
    assert caught.value.reason == reason


@pytest.fixture
def ssh_keygen() -> str:
    path = shutil.which("ssh-keygen")
    if path is None:
        pytest.skip("ssh-keygen is not installed")
    return path


# --- the model -----------------------------------------------------------------------------------


def test_canonical_bytes_and_round_trip() -> None:
    manifest = make_manifest(make_key())
    raw = manifest_bytes(manifest)
    assert raw.startswith(GOLDEN_MANIFEST_PREFIX)
    assert b'"format":"fieldapp-bundle/1","kind":"records","members":[{"name":"records.age"' in raw
    assert b'"previous":null' in raw
    assert raw.endswith(b'"sequence":1}')
    assert parse_manifest(raw) == manifest
    assert manifest_digest(raw) == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    "variant",
    [
        lambda raw: raw.replace(b'{"bundle_id"', b'{ "bundle_id"'),
        lambda raw: raw + b"\n",
        lambda raw: raw.replace(b'"sequence":1', b'"sequence":1.0'),
        lambda raw: raw.replace(b'"sequence":1', b'"sequence":"1"'),
        lambda raw: raw.replace(b"records", b"rec\\u006frds", 1),
        lambda raw: raw.replace(b"T09:30:00.000000Z", b"T09:30:00Z"),
        lambda raw: raw.replace(b"T09:30:00.000000Z", b"T18:30:00.000000+09:00"),
        lambda raw: raw.replace(b'"previous":null,', b""),
        lambda raw: raw.replace(b'"sequence":1}', b'"sequence":1,"sequence":1}'),
        lambda raw: raw.replace(b'"sequence":1}', b'"sequence":1,"extra":1}'),
        lambda raw: b"\xef\xbb\xbf" + raw,
        lambda raw: raw.replace(b"0f8fad5b", b"0F8FAD5B"),
    ],
)
def test_only_the_canonical_encoding_is_accepted(variant: Any) -> None:
    raw = manifest_bytes(make_manifest(make_key()))
    altered = variant(raw)
    assert altered != raw
    _rejected(REJECTED_MANIFEST, parse_manifest, altered)


def test_an_oversized_manifest_is_refused_before_parsing() -> None:
    with pytest.raises(BundleRejectedError):
        parse_manifest(b" " * (MAX_MANIFEST_BYTES + 1))


@pytest.mark.parametrize(
    "overrides",
    [
        {"sequence": 2},  # a later manifest must name its previous one
        {"previous": "cd" * 32},  # the first must not
        {"sequence": 0, "previous": None},
        {"kind": ManifestKind.RECEIPT},  # a bundle carries records
        {"format": PACK_FORMAT},  # a pack does not
        {"fingerprint": sshkeys.fingerprint(key_line(make_key(2)))},
        {"public_key": key_line(make_key(1)) + " comment"},
        {"recipients": ("age1x", "age1x")},
        {"recipients": ('age1"x',)},
        {"custody_head": "AB" * 32},
        {"members": (member_entry("a", b""), member_entry("A", b""))},
        {"members": (member_entry("manifest.json", b""),)},
        {"members": (member_entry("manifest.SIG", b""),)},
    ],
)
def test_inconsistent_manifests_are_not_built(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make_manifest(make_key(), **overrides)


def test_member_names_follow_the_container_rules() -> None:
    for name in ("../x", "a//b", "-x", "a\\b", ".x"):
        with pytest.raises(ValidationError):
            member_entry(name, b"")


def test_a_pack_manifest() -> None:
    manifest = make_manifest(make_key(), format=PACK_FORMAT, kind=ManifestKind.ENROLMENT)
    assert manifest.namespace == PACK_NAMESPACE
    raw, signature = sign_manifest(manifest, make_key())
    assert sshsig.parse_signature(signature).namespace == PACK_NAMESPACE
    assert verify_manifest(raw, signature, PACK_NAMESPACE, [key_line(make_key())]) == manifest
    _rejected(REJECTED_SIGNATURE, verify_manifest, raw, signature, BUNDLE_NAMESPACE, [])


def test_created_at_is_held_in_utc() -> None:
    local = make_manifest(make_key()).created_at.astimezone(timezone(timedelta(hours=9)))
    manifest = make_manifest(make_key(), created_at=local)
    assert b'"created_at":"2024-03-01T09:30:00.000000Z"' in manifest_bytes(manifest)


def test_member_entry_from_chunks_equals_from_bytes() -> None:
    data = bytes(range(200)) * 50
    chunks = [data[i : i + 333] for i in range(0, len(data), 333)]
    assert member_entry("a", iter(chunks)) == member_entry("a", data)


# --- signing and verifying -----------------------------------------------------------------------


def test_sign_and_verify() -> None:
    key = make_key()
    manifest = make_manifest(key)
    raw, signature = sign_manifest(manifest, key)
    assert raw == manifest_bytes(manifest)
    assert verify_manifest(raw, signature, BUNDLE_NAMESPACE, [key_line(key)]) == manifest
    assert (
        verify_manifest(raw, signature.encode(), BUNDLE_NAMESPACE, [key.public_key()]) == manifest
    )


def test_sign_refuses_a_manifest_naming_another_key() -> None:
    with pytest.raises(ValueError, match="another public key"):
        sign_manifest(make_manifest(make_key(1)), make_key(2))


def test_sign_refuses_a_manifest_above_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_BYTES", 100)
    with pytest.raises(BundleTooLargeError):
        sign_manifest(make_manifest(make_key()), make_key())


def test_ssh_keygen_verifies_the_signature(tmp_path: Path, ssh_keygen: str) -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    (tmp_path / MANIFEST_NAME).write_bytes(raw)
    (tmp_path / SIGNATURE_NAME).write_text(signature)
    entry = Entry(("device-07",), key.public_key(), namespaces=(BUNDLE_NAMESPACE,))
    (tmp_path / "allowed_signers").write_text(allowed_signers.format([entry]))
    command = [ssh_keygen, "-Y", "verify", "-f", "allowed_signers", "-I", "device-07"]

    def run(namespace: str, message: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [*command, "-n", namespace, "-s", SIGNATURE_NAME],
            input=message,
            cwd=tmp_path,
            capture_output=True,
        )

    good = run(BUNDLE_NAMESPACE, raw)
    assert good.returncode == 0, good.stderr
    assert b'Good "fieldapp-bundle@v1" signature for device-07' in good.stdout
    assert run(PACK_NAMESPACE, raw).returncode != 0
    assert run(BUNDLE_NAMESPACE, raw.replace(b'"sequence":1', b'"sequence":2')).returncode != 0


def test_a_signature_from_ssh_keygen_verifies(tmp_path: Path, ssh_keygen: str) -> None:
    key = make_key()
    raw = manifest_bytes(make_manifest(key))
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    (tmp_path / "key").write_bytes(private)
    (tmp_path / "key").chmod(0o600)
    (tmp_path / MANIFEST_NAME).write_bytes(raw)
    subprocess.run(
        [ssh_keygen, "-Y", "sign", "-f", "key", "-n", BUNDLE_NAMESPACE, MANIFEST_NAME],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    signature = (tmp_path / (MANIFEST_NAME + ".sig")).read_text()
    assert verify_manifest(raw, signature, BUNDLE_NAMESPACE, [key_line(key)]).bundle_id == BUNDLE_ID


def test_a_key_not_allowed_is_refused() -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    # Named: a device not enrolled yet is not called a forger.
    named = REJECTED_DEVICE_NOT_ENROLLED.format(fingerprint=sshkeys.fingerprint(key.public_key()))
    _rejected(named, verify_manifest, raw, signature, BUNDLE_NAMESPACE, [])
    others = [key_line(make_key(2)), key_line(make_key(3))]
    _rejected(named, verify_manifest, raw, signature, BUNDLE_NAMESPACE, others)


def test_a_wrong_namespace_is_refused() -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    _rejected(REJECTED_SIGNATURE, verify_manifest, raw, signature, PACK_NAMESPACE, [key_line(key)])
    # A bundle manifest signed for packs by an allowed key: the namespace check passes, the
    # format does not match it.
    file_signature = sshsig.sign(raw, key, PACK_NAMESPACE)
    _rejected(
        REJECTED_FORMAT, verify_manifest, raw, file_signature, PACK_NAMESPACE, [key_line(key)]
    )
    with pytest.raises(ValueError, match="namespace"):
        verify_manifest(raw, signature, "file", [key_line(key)])


def test_every_altered_manifest_byte_is_refused() -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    allowed = [key.public_key()]
    for position in range(len(raw)):
        altered = bytearray(raw)
        altered[position] ^= 0x01
        _rejected(
            REJECTED_SIGNATURE,
            verify_manifest,
            bytes(altered),
            signature,
            BUNDLE_NAMESPACE,
            allowed,
        )
    _rejected(REJECTED_SIGNATURE, verify_manifest, raw[:-1], signature, BUNDLE_NAMESPACE, allowed)
    _rejected(REJECTED_SIGNATURE, verify_manifest, raw + b" ", signature, BUNDLE_NAMESPACE, allowed)


def test_every_altered_signature_byte_is_refused() -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    for position in range(len(signature)):
        altered = bytearray(signature.encode())
        altered[position] ^= 0x01
        with pytest.raises(BundleRejectedError) as caught:
            verify_manifest(raw, bytes(altered), BUNDLE_NAMESPACE, [key.public_key()])
        # A byte of the key it names: that key is named, unenrolled (or the signature altered).
        unknown = caught.value.reason.startswith("it was signed by SHA256:")
        assert unknown or caught.value.reason in (REJECTED_SIGNATURE, REJECTED_SIGNATURE_FORMAT)


def test_a_manifest_naming_another_signer_is_refused() -> None:
    # Device 2 signs a manifest that says device 1 made it: valid signature, lying content.
    liar, victim = make_key(2), make_key(1)
    raw = manifest_bytes(make_manifest(victim))
    signature = sshsig.sign(raw, liar, BUNDLE_NAMESPACE)
    allowed = [key_line(liar), key_line(victim)]
    _rejected(REJECTED_SIGNER, verify_manifest, raw, signature, BUNDLE_NAMESPACE, allowed)


def test_the_signature_is_verified_before_the_manifest_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    parsed: list[bytes] = []
    real = manifest_module.parse_manifest
    monkeypatch.setattr(manifest_module, "parse_manifest", lambda b: parsed.append(b) or real(b))
    with pytest.raises(BundleRejectedError):
        verify_manifest(raw, signature, BUNDLE_NAMESPACE, [key_line(make_key(2))])
    assert parsed == []
    # Signed, well-formed JSON that is not a manifest reaches the parser, and only then.
    junk = b'{"hello":"world"}'
    _rejected(
        REJECTED_MANIFEST,
        verify_manifest,
        junk,
        sshsig.sign(junk, key, BUNDLE_NAMESPACE),
        BUNDLE_NAMESPACE,
        [key_line(key)],
    )
    assert parsed == [junk]


def test_a_malformed_allowed_key_is_the_callers_error() -> None:
    key = make_key()
    raw, signature = sign_manifest(make_manifest(key), key)
    with pytest.raises(FormatError):
        verify_manifest(raw, signature, BUNDLE_NAMESPACE, ["ssh-ed25519 not-base64"])


def test_chaining_with_previous() -> None:
    key = make_key()
    first_raw, _ = sign_manifest(make_manifest(key), key)
    second = make_manifest(
        key, sequence=2, previous=manifest_digest(first_raw), bundle_id=uuid.uuid4()
    )
    raw, signature = sign_manifest(second, key)
    assert verify_manifest(raw, signature, BUNDLE_NAMESPACE, [key_line(key)]).previous == (
        hashlib.sha256(first_raw).hexdigest()
    )


# --- the container against its manifest ----------------------------------------------------------


def test_a_built_container_verifies() -> None:
    built = build_container()
    progress: list[tuple[int, int]] = []
    verified = verify_container(
        reader(built.data),
        BUNDLE_NAMESPACE,
        [key_line(make_key())],
        progress=lambda done, total: progress.append((done, total)),
        cancel=CancelToken(),
    )
    assert verified.manifest == built.manifest
    assert verified.manifest_bytes == built.manifest_bytes
    assert verified.signature == built.signature
    assert verified.digest == manifest_digest(built.manifest_bytes)
    total = sum(m.size for m in built.manifest.members)
    assert progress[0] == (0, total)
    assert progress[-1] == (total, total)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_a_cancelled_check_raises_cancelled() -> None:
    built = build_container()
    token = CancelToken()
    token.cancel()
    container = reader(built.data)
    verified = read_manifest(container, BUNDLE_NAMESPACE, [key_line(make_key())])
    with pytest.raises(Cancelled):
        check_members(container, verified.manifest, cancel=token)


def _reassembled(members: list[tuple[str, bytes]]) -> bytes:
    return write_members(members)


def _verify(data: bytes) -> None:
    verify_container(reader(data), BUNDLE_NAMESPACE, [key_line(make_key())])


def test_added_removed_renamed_reordered_swapped_members_are_refused() -> None:
    built = build_container()
    members = built.payloads
    assert _verify(_reassembled(members)) is None
    header, body = members[:2], members[2:]
    variants = {
        "added": [*members, ("extra.txt", b"unsigned")],
        "added in the middle": [*header, ("extra.txt", b""), *body],
        "removed": [*header, *body[1:]],
        "removed last": members[:-1],
        "renamed": [*header, ("records2.age", body[0][1]), *body[1:]],
        "reordered": [*header, body[1], body[0], *body[2:]],
        "swapped data": [*header, (body[0][0], body[1][1]), (body[1][0], body[0][1]), *body[2:]],
        "header swapped": [header[1], header[0], *body],
        "no signature": [header[0], *body],
        "replaced data": [*header, (body[0][0], b"X" * len(body[0][1])), *body[1:]],
        "longer data": [*header, (body[0][0], body[0][1] + b"X"), *body[1:]],
    }
    for label, variant in variants.items():
        with pytest.raises(BundleRejectedError) as caught:
            _verify(_reassembled(variant))
        assert caught.value.reason in (REJECTED_MEMBERS, REJECTED_SIGNATURE_FORMAT), label


def test_every_flipped_byte_of_a_bundle_is_refused() -> None:
    built = build_container()
    for position in range(len(built.data)):
        altered = bytearray(built.data)
        altered[position] ^= 0x01
        with pytest.raises(BundleRejectedError):
            _verify(bytes(altered))


def test_a_member_altered_with_a_matching_crc_is_refused_by_its_hash() -> None:
    # The CRC is no defence against tampering: rewrite a member and its CRC both.
    built = build_container()
    payloads = [(n, d) for n, d in built.payloads]
    payloads[2] = (payloads[2][0], payloads[2][1].replace(b"records", b"RECORDS"))
    with pytest.raises(BundleRejectedError) as caught:
        _verify(write_members(payloads))
    assert caught.value.reason == REJECTED_MEMBERS


def test_a_large_manifest_member_is_refused_unread() -> None:
    members = [("manifest.json", b"{" * (MAX_MANIFEST_BYTES + 1)), ("manifest.sig", b"")]
    container = ContainerReader(
        io.BytesIO(write_members(members)),
        max_members=10,
        max_member_size=10 * MAX_MANIFEST_BYTES,
        max_total=20 * MAX_MANIFEST_BYTES,
    )
    with pytest.raises(BundleRejectedError):
        read_manifest(container, BUNDLE_NAMESPACE, [key_line(make_key())])


def test_a_non_ascii_signature_member_is_refused() -> None:
    built = build_container()
    members = [built.payloads[0], ("manifest.sig", "é".encode()), *built.payloads[2:]]
    _rejected(REJECTED_SIGNATURE_FORMAT, _verify, write_members(members))


def test_verify_member_is_listed() -> None:
    built = build_container()
    assert built.manifest.members[-1].name == VERIFY_NAME
    assert [m.name for m in built.manifest.members[:-1]] == [name for name, _ in PAYLOADS]
    assert built.manifest.format == BUNDLE_FORMAT
