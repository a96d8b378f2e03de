"""Helpers for the export tests (no tests here): an enrolled device, its records, its bundles.

The device is enrolled the way a test can before enrolment packs exist: archive and custodian
keys are made here and stored with ``write_enrolment``, as applying the pack would store them.
"""

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crypto import sshkeys
from fieldapp.domain import (
    AnonymityWish,
    AttachmentKind,
    ConsentScope,
    ConsentWithdrawal,
    Testimony,
)
from fieldapp.services import attachments, records
from fieldapp.sync.manifest import parse_manifest
from fieldapp.sync.payload import IDENTITIES_FORMAT, RECORDS_FORMAT, Item, PayloadHeader
from fieldapp.sync.verify_rosters import DeviceListRoster, EnrolledDevice
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import transaction
from fieldapp.workspace.enrolment_state import Enrolment, write_enrolment
from tests.fieldapp.domain.factories import make_identity, make_withdrawal
from tests.fieldapp.sync.builders import make_key
from tests.fieldapp.sync.test_bundle_support import Keys, make_keys, members, read_payload
from tests.fieldapp.workspace.support import create_workspace, new_testimony


@dataclass
class FieldDevice:
    """An enrolled interviewer's workspace, the archive's keys, and a folder for bundles."""

    ws: Workspace
    keys: Keys
    out: Path

    @property
    def roster(self) -> DeviceListRoster:
        return DeviceListRoster([EnrolledDevice(self.ws.fingerprint, self.ws.public_key)])


def enrol(ws: Workspace, keys: Keys) -> None:
    coordinator = sshkeys.public_key_to_openssh(make_key(9).public_key())
    enrolment = Enrolment(
        coordinator_key=coordinator,
        archive_id=str(uuid.uuid4()),
        archive_recipients=(keys.archive_recipient,),
        custodian_recipients=(keys.custodian_recipient,),
        enrolled_at=datetime.now(UTC).isoformat(),
    )
    with transaction(ws.connection):
        write_enrolment(ws.repository, enrolment)


def enrolled_device(root: Path, *, hybrid: bool = True) -> FieldDevice:
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    ws = create_workspace(root / "workspace").workspace
    keys = make_keys(hybrid=hybrid)
    enrol(ws, keys)
    out = root / "usb"
    out.mkdir()
    return FieldDevice(ws, keys, out)


def add_testimony(
    ws: Workspace,
    *,
    seal: bool = True,
    files: Sequence[bytes] = (),
    anonymity: AnonymityWish = AnonymityWish.NAMED_CONFIDENTIALLY,
    identity: bool = True,
    **overrides: Any,
) -> Testimony:
    """A new testimony with its consent (every scope allowed), identity and files."""
    testimony, consent = new_testimony(**overrides)
    consent = consent.model_copy(update={"anonymity": anonymity})
    person = make_identity(pseudonym=testimony.pseudonym) if identity else None
    records.create_testimony(ws, testimony, [consent], person)
    for data in files:
        attach(ws, testimony, data)
    if seal:
        records.seal_testimony(ws, testimony.id)
    return ws.repository.get_testimony(testimony.id)


def attach(ws: Workspace, testimony: Testimony, data: bytes) -> None:
    attachments.attach_file(
        ws, testimony.id, io.BytesIO(data), kind=AttachmentKind.AUDIO, media_type="audio/wav"
    )


def withdraw(ws: Workspace, testimony: Testimony, *scopes: ConsentScope) -> ConsentWithdrawal:
    withdrawal = make_withdrawal(*scopes, testimony_id=testimony.id, pseudonym=testimony.pseudonym)
    return records.withdraw_consent(ws, withdrawal)


def _header(data: bytes, fmt: str) -> PayloadHeader:
    manifest = parse_manifest(members(data)[0][1])
    return PayloadHeader(fmt, manifest.bundle_id, manifest.fingerprint, manifest.sequence)


def bundle_records(path: Path, keys: Keys) -> list[Item]:
    """Every line of a bundle's records payload, opened with the archive's identity."""
    data = path.read_bytes()
    return read_payload(data, "records.age", keys.archive_identity, _header(data, RECORDS_FORMAT))


def bundle_identities(path: Path, keys: Keys) -> list[Item]:
    data = path.read_bytes()
    if "identities.age" not in dict(members(data)):
        return []
    header = _header(data, IDENTITIES_FORMAT)
    return read_payload(data, "identities.age", keys.custodian_identity, header)


def kinds(items: list[Item]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for kind, item in items:
        grouped.setdefault(kind, []).append(item)
    return grouped


def bundle_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.fieldbundle"))


def partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(".fieldapp-"))
