"""Containers and manifests for the sync tests: valid ones, and raw ZIP bytes of any shape."""

import io
import struct
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import sshkeys
from fieldapp.sync import (
    BUNDLE_FORMAT,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    VERIFY_NAME,
    ContainerReader,
    ContainerWriter,
    Manifest,
    ManifestKind,
    member_entry,
    sign_manifest,
    verify_text,
)

CREATED_AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
BUNDLE_ID = uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
RECIPIENTS = ("age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqshxp2m",)
PAYLOADS: tuple[tuple[str, bytes], ...] = (
    ("records.age", b"age-encryption.org/v1 records " * 3),
    ("identities.age", b"identities"),
    ("blobs/7c9e6679-7425-40de-944b-e07fc1f90ae7.age", bytes(range(256))),
)
# Generous caps for tests that are not about caps.
CAPS = {"max_members": 100, "max_member_size": 64 * 1024 * 1024, "max_total": 256 * 1024 * 1024}


def make_key(seed: int = 1) -> ed25519.Ed25519PrivateKey:
    """A fixed key per seed, so that bytes (and failures) repeat from run to run."""
    return ed25519.Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)


def key_line(key: ed25519.Ed25519PrivateKey) -> str:
    return sshkeys.public_key_to_openssh(key.public_key())


def make_manifest(
    key: ed25519.Ed25519PrivateKey,
    payloads: Sequence[tuple[str, bytes]] = PAYLOADS,
    **overrides: Any,
) -> Manifest:
    line = key_line(key)
    fmt = overrides.get("format", BUNDLE_FORMAT)
    members = [member_entry(name, data) for name, data in payloads]
    members.append(member_entry(VERIFY_NAME, verify_text(fmt).encode("ascii")))
    values: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "bundle_id": BUNDLE_ID,
        "kind": ManifestKind.RECORDS,
        "fingerprint": sshkeys.fingerprint(line),
        "public_key": line,
        "sequence": 1,
        "previous": None,
        "created_at": CREATED_AT,
        "custody_head": "ab" * 32,
        "recipients": RECIPIENTS,
        "members": tuple(members),
    }
    values.update(overrides)
    return Manifest(**values)


@dataclass
class Built:
    data: bytes
    manifest: Manifest
    manifest_bytes: bytes
    signature: str
    payloads: list[tuple[str, bytes]] = field(default_factory=list)


def build_container(
    key: ed25519.Ed25519PrivateKey | None = None,
    payloads: Sequence[tuple[str, bytes]] = PAYLOADS,
    **overrides: Any,
) -> Built:
    """A complete signed container: manifest.json, manifest.sig, the payloads, VERIFY.txt."""
    key = key or make_key()
    manifest = make_manifest(key, payloads, **overrides)
    raw, signature = sign_manifest(manifest, key)
    members = [
        (MANIFEST_NAME, raw),
        (SIGNATURE_NAME, signature.encode("ascii")),
        *payloads,
        (VERIFY_NAME, verify_text(manifest.format).encode("ascii")),
    ]
    return Built(write_members(members), manifest, raw, signature, list(members))


def write_members(members: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    writer = ContainerWriter(buffer)
    for name, data in members:
        writer.add(name, data)
    writer.close()
    return buffer.getvalue()


def reader(data: bytes, **caps: int) -> ContainerReader:
    return ContainerReader(io.BytesIO(data), **{**CAPS, **caps})


def read_all(data: bytes, **caps: int) -> dict[str, bytes]:
    """Parse and read every member to its end (so every CRC is checked)."""
    container = reader(data, **caps)
    return {m.name: container.read(m.name, m.size) for m in container.members}


# --- raw ZIP, any shape --------------------------------------------------------------------------

LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
END = struct.Struct("<IHHHHIIH")


@dataclass
class RawEntry:
    """One member as raw ZIP fields; the defaults are the canonical values."""

    name: bytes
    data: bytes
    crc: int | None = None  # None: the data's CRC
    size: int | None = None  # declared size (both fields); None: len(data)
    header_offset: int | None = None  # None: where the local header is written
    made_by: int = 20
    version: int = 20
    flags: int = 0
    method: int = 0
    time: int = 0
    date: int = 0x21
    local_extra: bytes = b""
    central_extra: bytes = b""
    comment: bytes = b""
    external: int = 0
    local_name: bytes | None = None  # None: same as name


def raw_zip(
    entries: Sequence[RawEntry],
    *,
    gap: bytes = b"",
    count: int | None = None,
    directory_size: int | None = None,
    directory_offset: int | None = None,
    archive_comment: bytes = b"",
) -> bytes:
    """A ZIP built field by field, so that a test can get exactly one thing wrong."""
    out = bytearray()
    directory = bytearray()
    for entry in entries:
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        size = len(entry.data) if entry.size is None else entry.size
        offset = len(out) if entry.header_offset is None else entry.header_offset
        local_name = entry.name if entry.local_name is None else entry.local_name
        out += LOCAL.pack(
            0x04034B50,
            entry.version,
            entry.flags,
            entry.method,
            entry.time,
            entry.date,
            crc,
            size,
            size,
            len(local_name),
            len(entry.local_extra),
        )
        out += local_name + entry.local_extra + entry.data + gap
        directory += CENTRAL.pack(
            0x02014B50,
            entry.made_by,
            entry.version,
            entry.flags,
            entry.method,
            entry.time,
            entry.date,
            crc,
            size,
            size,
            len(entry.name),
            len(entry.central_extra),
            len(entry.comment),
            0,
            0,
            entry.external,
            offset,
        )
        directory += entry.name + entry.central_extra + entry.comment
    start = len(out)
    out += directory
    out += END.pack(
        0x06054B50,
        0,
        0,
        len(entries) if count is None else count,
        len(entries) if count is None else count,
        len(directory) if directory_size is None else directory_size,
        start if directory_offset is None else directory_offset,
        len(archive_comment),
    )
    return bytes(out + archive_comment)
