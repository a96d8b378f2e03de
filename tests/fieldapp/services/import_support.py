"""Helpers for the import tests (no tests here): an archive with its custodian file, enrolled
devices with demo testimonies and their bundles, what each side holds, and surgery on bundles.

Everything is real: SQLCipher workspaces (fast Argon2id), an age custodian passphrase file (a
small scrypt work factor), enrolment by request and pack, records from the demo corpus, bundles
from ``export_bundle``. Nothing is cached: every call builds afresh.
"""

import contextlib
import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import age
from fieldapp.demo.corpus import DemoRecord, generate
from fieldapp.domain import (
    AnonymityWish,
    AttachmentKind,
    ConsentScope,
    ConsentWithdrawal,
    CustodyEvent,
    WithdrawalChannel,
    WitnessIdentity,
    canonical_bytes,
    content_hash,
    effective_consent,
    parse_canonical,
)
from fieldapp.errors import FieldappError
from fieldapp.services import archive, attachments, enrolment, export, importing, packs, records
from fieldapp.services.export import ExportResult
from fieldapp.services.importing import ImportReport
from fieldapp.sync.container_reader import ContainerReader
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.sync.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    member_entry,
    parse_manifest,
    sign_manifest,
)
from fieldapp.sync.payload import IDENTITIES_FORMAT, IDENTITY_TYPES, PayloadHeader, read_payload
from fieldapp.workspace import Role, Workspace, archive_state, import_state
from fieldapp.workspace.custody import stored_events
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, stored_state

CUSTODIAN_PASSPHRASE = "the custodian's own 보관 passphrase"
#: The fast scrypt work factor for the custodian file (the real one is 2^20).
WORK_FACTOR = 10
CUSTODIAN_FOLDER = importing.CUSTODIAN_FOLDER
_CAPS = {"max_members": 5000, "max_member_size": 1 << 32, "max_total": 1 << 32}


# --- the archive ---------------------------------------------------------------------------------


@dataclass
class Archive:
    ws: Workspace
    custodian_file: Path

    @property
    def root(self) -> Path:
        return self.ws.layout.root

    def import_(self, *paths: Path) -> list[ImportReport]:
        return importing.import_bundles(self.ws, list(paths))

    def custodian_identities(self) -> list[age.Identity]:
        """The custodian's identity, from the custodian file opened with its passphrase."""
        text = io.BytesIO()
        with self.custodian_file.open("rb") as handle:
            age.decrypt(handle, text, passphrase=CUSTODIAN_PASSPHRASE)
        return age.parse_identities_file(text.getvalue().decode("ascii"))

    def archive_identities(self) -> list[str]:
        return import_state.archive_identities(self.ws.connection)


def make_archive(root: Path, *, classic: bool = False) -> Archive:
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    custodian_file = root / "custodian.age"
    plan = archive.prepare_archive(
        classic=classic,
        custodian_out=custodian_file,
        custodian_passphrase=CUSTODIAN_PASSPHRASE,
        work_factor=WORK_FACTOR,
    )
    ws, _ = Workspace.create(root / "archive", PASSPHRASE, Role.ARCHIVE, label="HQ", params=PARAMS)
    archive.set_up_archive(ws, plan)
    return Archive(ws, custodian_file)


@dataclass(frozen=True)
class Snapshot:
    """Every row of the archive's database, and every file in blobs/ and custodian/."""

    database: dict[str, list[tuple[object, ...]]]
    files: dict[str, str]


def folder_files(root: Path) -> dict[str, str]:
    """SHA-256 of every file under blobs/ and custodian/ (temporaries too), by relative path."""
    found = {}
    for folder in (root / "blobs", root / CUSTODIAN_FOLDER):
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    found[str(path.relative_to(root))] = digest
    return found


def snapshot(ws: Workspace) -> Snapshot:
    return Snapshot(stored_state(ws.connection), folder_files(ws.layout.root))


def quick_state(ws: Workspace) -> tuple[object, ...]:
    """Cheap to take between thousands of attempts: custody head, rows received, file names."""
    received = ws.connection.execute("SELECT count(*) FROM bundles_received").fetchone()[0]
    names = sorted(
        str(p.relative_to(ws.layout.root))
        for folder in ("blobs", CUSTODIAN_FOLDER)
        for p in (ws.layout.root / folder).glob("*")
    )
    return ws.custody.head(), received, tuple(names)


def custody_events(ws: Workspace) -> list[CustodyEvent]:
    return [parse_canonical(CustodyEvent, body) for _, body, _ in stored_events(ws.connection)]


# --- devices -------------------------------------------------------------------------------------


@dataclass
class Device:
    ws: Workspace
    usb: Path
    demo: list[DemoRecord] = field(default_factory=list)
    bundles: list[ExportResult] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return self.ws.fingerprint

    @property
    def key(self) -> ed25519.Ed25519PrivateKey:
        """The device's own signing key, from its workspace."""
        return self.ws.signing_key

    def export(self) -> Path:
        result = export.export_bundle(self.ws, self.usb)
        assert result.path is not None, "nothing to export"
        self.bundles.append(result)
        return result.path


def make_device(root: Path, coordinator: Archive, label: str) -> Device:
    """A new interviewer workspace, enrolled with ``coordinator`` by request and pack."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    ws, _ = Workspace.create(
        root / "workspace", PASSPHRASE, Role.INTERVIEWER, label=label, params=PARAMS
    )
    request = root / "request.json"
    enrolment.write_request(ws, request)
    sent = enrolment.issue_enrolment(coordinator.ws, enrolment.read_request(request), root)
    packs.apply_pack(ws, sent.path, expect_fingerprint=coordinator.ws.fingerprint)
    usb = root / "usb"
    usb.mkdir()
    return Device(ws, usb)


def add_demo(device: Device, count: int, seed: int) -> list[DemoRecord]:
    """``count`` demo records with their consents, withdrawals, identity and files; each one
    whose checklist passes is sealed."""
    made = list(generate(count, seed=seed))
    for record in made:
        records.create_testimony(
            device.ws, record.testimony, record.consents, record.identity, record.withdrawals
        )
        for item in record.attachments:
            attachments.attach_file(
                device.ws,
                record.testimony.id,
                io.BytesIO(item.data()),
                kind=item.kind,
                media_type=item.media_type,
                label=item.label,
            )
        with contextlib.suppress(FieldappError):
            records.seal_testimony(device.ws, record.testimony.id)
    device.demo += made
    return made


def add_with_files(
    device: Device, seed: int, files: Sequence[bytes], *, named: bool = True
) -> UUID:
    """One demo testimony (sealed) with ``files`` attached: for bundles of a chosen size. A
    ``named`` witness's identity goes with it (identities.age)."""
    record = next(
        r
        for r in generate(20, seed=seed)
        if r.seal and (not named or r.consents[-1].anonymity is not AnonymityWish.ANONYMOUS)
    )
    records.create_testimony(
        device.ws, record.testimony, record.consents, record.identity, record.withdrawals
    )
    for data in files:
        attachments.attach_file(
            device.ws,
            record.testimony.id,
            io.BytesIO(data),
            kind=AttachmentKind.AUDIO,
            media_type="audio/wav",
        )
    records.seal_testimony(device.ws, record.testimony.id)
    device.demo.append(record)
    return record.testimony.id


# --- what each side holds ------------------------------------------------------------------------


@dataclass
class Holding:
    """Records by key, as canonical bytes or content hashes, comparable between workspaces."""

    testimonies: dict[tuple[str, int], str]  # (id, version) -> content hash
    consents: dict[tuple[str, int], bytes]
    withdrawals: dict[str, bytes]
    attachments: dict[str, bytes]

    def testimony_ids(self) -> set[str]:
        return {tid for tid, _ in self.testimonies}


def _testimonies(ws: Workspace, where: str) -> dict[tuple[str, int], str]:
    rows = ws.connection.execute(f"SELECT id, version FROM testimonies {where}").fetchall()  # noqa: S608
    return {
        (tid, version): content_hash(ws.repository.get_testimony(UUID(tid), version))
        for tid, version in rows
    }


def _rows(ws: Workspace, query: str) -> list[tuple[object, ...]]:
    return ws.connection.execute(query).fetchall()


def _holding(ws: Workspace, where: str) -> Holding:
    return Holding(
        testimonies=_testimonies(ws, where),
        consents={
            (str(t), int(str(v))): bytes(b)  # type: ignore[arg-type]
            for t, v, b in _rows(ws, f"SELECT testimony_id, version, body FROM consents {where}")  # noqa: S608
        },
        withdrawals={
            str(i): bytes(b)  # type: ignore[arg-type]
            for i, b in _rows(ws, f"SELECT id, body FROM withdrawals {where}")  # noqa: S608
        },
        attachments={
            str(i): bytes(b)  # type: ignore[arg-type]
            for i, b in _rows(ws, f"SELECT id, body FROM attachments {where}")  # noqa: S608
        },
    )


def sent_by(device: Device) -> Holding:
    """What the device's bundles carried (every row marked exported in a bundle)."""
    return _holding(device.ws, "WHERE exported_in IS NOT NULL")


def held_by(ws: Workspace) -> Holding:
    """Everything the workspace holds (on an archive: everything it imported)."""
    return _holding(ws, "")


def exported_in(device: Device) -> set[tuple[str, int, str, int]]:
    """(id, version, device, bundle sequence) of every testimony version the device sent."""
    rows = device.ws.connection.execute(
        "SELECT id, version, exported_in FROM testimonies WHERE exported_in IS NOT NULL"
    )
    return {(tid, version, device.fingerprint, seq) for tid, version, seq in rows}


def record_sources(coordinator: Archive) -> set[tuple[str, int, str, int]]:
    rows = coordinator.ws.connection.execute(
        "SELECT id, version, device, bundle_sequence FROM record_sources"
    )
    return {tuple(row) for row in rows}  # type: ignore[misc]


def plaintext_sha256(ws: Workspace, attachment_id: UUID) -> str:
    digest = hashlib.sha256()
    for chunk in attachments.read_attachment(ws, attachment_id):
        digest.update(chunk)
    return digest.hexdigest()


# --- bundle bytes --------------------------------------------------------------------------------


def read_members(data: bytes) -> list[tuple[str, bytes]]:
    reader = ContainerReader(io.BytesIO(data), **_CAPS)
    return [(m.name, reader.read(m.name, m.size)) for m in reader.members]


def member_spans(data: bytes) -> list[tuple[str, int, int]]:
    """(name, offset of the first data byte, offset after the last) of every member."""
    reader = ContainerReader(io.BytesIO(data), **_CAPS)
    return [(m.name, m.offset, m.offset + m.size) for m in reader.members]


def write_members(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with ContainerWriter(buffer) as writer:
        for name, data in members:
            writer.add(name, data)
    return buffer.getvalue()


def manifest_of(data: bytes) -> Manifest:
    return parse_manifest(read_members(data)[0][1])


def resign(
    data: bytes,
    key: ed25519.Ed25519PrivateKey,
    *,
    members: Sequence[tuple[str, bytes]] | None = None,
    **changes: object,
) -> bytes:
    """The bundle with ``members`` (default: its own) after a new manifest, which lists them
    and takes ``changes``, signed with ``key``: only the checks after the signature remain."""
    old = read_members(data)
    body = list(old[2:] if members is None else members)
    manifest = parse_manifest(old[0][1])
    values: dict[str, object] = {name: getattr(manifest, name) for name in Manifest.model_fields}
    values["members"] = tuple(member_entry(name, content) for name, content in body)
    values.update(changes)
    raw, signature = sign_manifest(Manifest(**values), key)  # type: ignore[arg-type]
    return write_members([(MANIFEST_NAME, raw), (SIGNATURE_NAME, signature.encode()), *body])


def identities_in(
    member: bytes, manifest: Manifest, identities: Sequence[str | age.Identity]
) -> list[WitnessIdentity]:
    """The witness identities of an ``identities.age`` file (raises DecryptionError)."""
    header = PayloadHeader(
        IDENTITIES_FORMAT, manifest.bundle_id, manifest.fingerprint, manifest.sequence
    )
    reader = age.DecryptingReader(io.BytesIO(member), identities)
    return [item for _, item in read_payload(reader, header, IDENTITY_TYPES)]  # type: ignore[misc]


def canonical(model: object) -> bytes:
    return canonical_bytes(model)  # type: ignore[arg-type]


def rewrite_payload(
    data: bytes,
    name: str,
    identities: Sequence[str | age.Identity],
    recipients: Sequence[str],
    transform: Callable[[list[bytes]], list[bytes]],
) -> list[tuple[str, bytes]]:
    """The bundle's members after ``name`` (records.age or identities.age) was decrypted, its
    lines changed by ``transform`` and encrypted again to ``recipients``: what a device key
    holder can do. The manifest is not touched: pass the result to ``resign``."""
    members = read_members(data)[2:]
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(dict(members)[name]), plain, identities)
    lines = transform(plain.getvalue().split(b"\n")[:-1])
    encrypted = io.BytesIO()
    writer = age.EncryptingWriter(encrypted, list(recipients))
    writer.write(b"".join(line + b"\n" for line in lines))
    writer.close()
    return [(n, encrypted.getvalue() if n == name else content) for n, content in members]


def rewrite_records(
    data: bytes,
    coordinator: Archive,
    key: ed25519.Ed25519PrivateKey,
    transform: Callable[[list[bytes]], list[bytes]],
    **changes: object,
) -> bytes:
    """The bundle with its records payload changed by ``transform`` and re-signed by ``key``."""
    recipients = archive_state.archive_recipients(coordinator.ws.repository)
    members = rewrite_payload(
        data, "records.age", coordinator.archive_identities(), recipients, transform
    )
    return resign(data, key, members=members, **changes)


def record_line(kind: str, model: object) -> bytes:
    return kind.encode() + b" " + canonical(model)


# --- a whole site: one archive, two devices, one bundle each -------------------------------------

#: Demo seeds whose records include attachments, named witnesses (identities.age) and a
#: withdrawal (seed 38), so every kind of member and record is in the first bundles.
SEED_A = 38
SEED_B = 17


@dataclass
class Site:
    archive: Archive
    a: Device
    b: Device
    tmp: Path

    def close(self) -> None:
        for ws in (self.archive.ws, self.a.ws, self.b.ws):
            ws.lock()


def make_site(tmp: Path, *, classic: bool = False, count: int = 5) -> Site:
    """An archive and two enrolled devices, each with demo testimonies sealed and bundle 1
    exported (not imported)."""
    tmp.chmod(0o700)
    coordinator = make_archive(tmp / "archive", classic=classic)
    a = make_device(tmp / "a", coordinator, "Laptop A")
    b = make_device(tmp / "b", coordinator, "Laptop B")
    add_demo(a, count, SEED_A)
    add_demo(b, count, SEED_B)
    for device in (a, b):
        path = device.export()
        names = [name for name, _ in read_members(path.read_bytes())]
        assert "identities.age" in names, names
        assert any(name.startswith("blobs/") for name in names), names
    return Site(coordinator, a, b, tmp)


def withdrawal_of(ws: Workspace, testimony_id: UUID, *scopes: ConsentScope) -> ConsentWithdrawal:
    """A withdrawal the rules allow (the witness's, of the consent version in force), not stored."""
    repo = ws.repository
    return ConsentWithdrawal(
        id=uuid4(),
        testimony_id=testimony_id,
        pseudonym=repo.get_testimony(testimony_id).pseudonym,
        applies_to_version=len(repo.consents_for(testimony_id)),
        received_at=datetime.now(UTC),
        received_by="Caseworker 04",
        how_received=WithdrawalChannel.PHONE,
        scopes=scopes,
    )


def withdraw(device: Device, testimony_id: UUID, *scopes: ConsentScope) -> ConsentWithdrawal:
    """Record on the device that the witness withdrew ``scopes`` of the consent in force."""
    return records.withdraw_consent(device.ws, withdrawal_of(device.ws, testimony_id, *scopes))


def refused_with_nothing_changed(site: Site, data: bytes, reason: str) -> None:
    """The bundle ``data`` is refused for ``reason``, and the archive is exactly as before."""
    path = site.tmp / f"forged-{hashlib.sha256(data).hexdigest()[:8]}.fieldbundle"
    path.write_bytes(data)
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(path)
    assert (report.outcome, report.reason) == ("refused", reason)
    assert snapshot(site.archive.ws) == before


def withdraw_some(device: Device, testimony_id: UUID | None = None) -> ConsentWithdrawal:
    """Withdraw one scope other than archive that the consent in force still allows, from
    ``testimony_id`` or the first exported testimony that has one."""
    repo = device.ws.repository
    sent = [UUID(t) for t in sent_by(device).testimony_ids()]
    for candidate in sorted([testimony_id] if testimony_id else sent, key=str):
        consent = effective_consent(repo.consents_for(candidate), repo.withdrawals_for(candidate))
        scopes = sorted(s for s in consent.allowed_scopes() if s is not ConsentScope.ARCHIVE)
        if scopes:
            return withdraw(device, candidate, scopes[0])
    raise AssertionError("no exported testimony allows a scope to withdraw")
