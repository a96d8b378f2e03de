"""Helpers for the bundle tests (no tests here): keys, blobs and chains of real bundles.

Bundles are made with the real writer from real age files, without a workspace, so the
verifier's tests run in milliseconds; ``tests/fieldapp/services/test_export_support.py`` makes
them through a device's export instead.
"""

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import age, sshkeys, sshsig
from fieldapp.domain import RecordStatus, WitnessIdentity
from fieldapp.sync.bundle_writer import (
    BlobSource,
    BundleHeader,
    BundleLimits,
    BundleRecipients,
    WrittenBundle,
    write_bundle,
)
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.sync.manifest import manifest_digest
from fieldapp.sync.payload import IDENTITY_TYPES, RECORD_TYPES, Item, PayloadHeader, SignedEvent
from fieldapp.sync.payload import read_payload as _read_payload
from fieldapp.sync.verify_rosters import DeviceListRoster, EnrolledDevice
from fieldapp.workspace.custody import CUSTODY_NAMESPACE
from tests.fieldapp.domain.factories import (
    make_attachment,
    make_consent,
    make_custody_event,
    make_identity,
    make_testimony,
)

from .builders import make_key

CREATED_AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
CAPS = {"max_members": 5000, "max_member_size": 1 << 32, "max_total": 1 << 32}


@dataclass(frozen=True)
class Keys:
    """An archive's and a custodian's age keys, as a test archive would hold them."""

    archive_identity: str
    archive_recipient: str
    custodian_identity: str
    custodian_recipient: str

    @property
    def recipients(self) -> BundleRecipients:
        return BundleRecipients((self.archive_recipient,), (self.custodian_recipient,))


def make_keys(*, hybrid: bool = False) -> Keys:
    generate = age.generate_hybrid if hybrid else age.generate_x25519
    return Keys(*generate(), *generate())


def roster_of(*keys: ed25519.Ed25519PrivateKey) -> DeviceListRoster:
    lines = [sshkeys.public_key_to_openssh(k.public_key()) for k in keys]
    return DeviceListRoster(EnrolledDevice(sshkeys.fingerprint(line), line) for line in lines)


def signed_event(key: ed25519.Ed25519PrivateKey, **overrides: Any) -> SignedEvent:
    actor = sshkeys.fingerprint(key.public_key())
    event = make_custody_event(actor=actor, **overrides)
    body = event.canonical_bytes()
    return SignedEvent(event, sshsig.sign(body, key, CUSTODY_NAMESPACE), body)


@dataclass
class Device:
    """A device's key and a folder of its bundles; ``write`` makes its next bundle."""

    folder: Path
    key: ed25519.Ed25519PrivateKey = field(default_factory=lambda: make_key(7))
    keys: Keys = field(default_factory=make_keys)
    blob_identity: str = field(default_factory=lambda: age.generate_x25519()[0])
    written: list[WrittenBundle] = field(default_factory=list)

    @property
    def public_key(self) -> str:
        return sshkeys.public_key_to_openssh(self.key.public_key())

    def blob(self, data: bytes) -> Path:
        """An attachment file as the workspace keeps it: age, to the blob identity."""
        path = self.folder / f"blob-{uuid.uuid4().hex}.age"
        with path.open("wb") as out:
            age.encrypt(io.BytesIO(data), out, [age.recipient_of(self.blob_identity)])
        return path

    def write(
        self,
        *,
        blobs: Sequence[bytes] = (b"audio " * 100,),
        identities: Sequence[WitnessIdentity] = (),
        sequence: int | None = None,
        previous: str | bool | None = True,
        limits: BundleLimits = BundleLimits(),  # noqa: B008 - frozen
        **options: Any,
    ) -> WrittenBundle:
        """The next bundle (or the one at ``sequence``, chained to ``previous``), kept
        under its ``.partial`` name: these tests need no final name."""
        sequence = sequence or len(self.written) + 1
        if previous is True:
            previous = self.written[sequence - 2].digest if sequence > 1 else None
        header = BundleHeader(uuid.uuid4(), sequence, previous or None, "ab" * 32, CREATED_AT)
        attachments = [make_attachment(size=len(data)) for data in blobs]
        sources = [
            BlobSource(a.id, self.blob(data), self.blob_identity)
            for a, data in zip(attachments, blobs, strict=True)
        ]
        records: list[Item] = [
            ("testimony", make_testimony(status=RecordStatus.SEALED)),
            ("consent", make_consent()),
            *(("attachment", a) for a in attachments),
            ("custody", signed_event(self.key)),
        ]
        bundle = write_bundle(
            self.folder,
            self.key,
            header,
            self.keys.recipients,
            records,
            identities,
            sources,
            limits=limits,
            **options,
        )
        self.written.append(bundle)
        return bundle


def members(data: bytes) -> list[tuple[str, bytes]]:
    reader = ContainerReader(io.BytesIO(data), **CAPS)
    return [(m.name, reader.read(m.name, m.size)) for m in reader.members]


def container(entries: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with ContainerWriter(buffer) as writer:
        for name, data in entries:
            writer.add(name, data)
    return buffer.getvalue()


def read_payload(data: bytes, name: str, identity: str, header: PayloadHeader) -> list[Item]:
    """Decrypt and parse a payload member (``records.age`` or ``identities.age``)."""
    member = dict(members(data))[name]
    types = RECORD_TYPES if name == "records.age" else IDENTITY_TYPES
    return list(_read_payload(age.DecryptingReader(io.BytesIO(member), [identity]), header, types))


def decrypt_member(data: bytes, name: str, identity: str) -> bytes:
    out = io.BytesIO()
    age.decrypt(io.BytesIO(dict(members(data))[name]), out, [identity])
    return out.getvalue()


def digest_of(data: bytes) -> str:
    return manifest_digest(members(data)[0][1])


def identity() -> WitnessIdentity:
    return make_identity()
