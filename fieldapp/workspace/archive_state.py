"""What the air-gap crossing keeps in the encrypted database, beside the records.

On an archive: its age identities (``archive_keys``), the enrolled devices and the chain of
packs sent to each (``devices``), and in meta the recipients bundles are encrypted to. On a
device: the packs it applied (``packs_applied``) and the revocations the archive announced.

Meta keys written here (values are JSON unless said otherwise):

- ``archive_recipients``, ``custodian_recipients`` (archive): lists of age recipient strings, the
  same keys and meaning a device keeps in ``enrolment_state`` once enrolled.
- ``revocation_reasons`` (archive): {fingerprint: reason}, for the coordinator's eyes only.
- ``revoked_devices`` (device): the devices the archive revoked, as its last revocation pack
  said: [{"fingerprint", "revoked_at", "last_good_sequence"}].
- ``revoked`` (device): present only when the archive revoked *this* device, the same object
  for it. Export must refuse while it is set: ``require_not_revoked``.

Table accessors take the connection, meta accessors the repository (as ``enrolment_state``);
callers hold the transaction.
"""

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from fieldapp.errors import DeviceRevokedError, PackConflictError
from fieldapp.workspace.database import Connection
from fieldapp.workspace.enrolment_state import META_ARCHIVE_RECIPIENTS, META_CUSTODIAN_RECIPIENTS
from fieldapp.workspace.repository import Repository

META_REVOCATION_REASONS = "revocation_reasons"
META_REVOKED_DEVICES = "revoked_devices"
META_REVOKED = "revoked"


def now_text() -> str:
    """The archive's or device's clock, in the form these tables hold."""
    return datetime.now(UTC).isoformat()


# --- archive: keys and recipients ----------------------------------------------------------------


def add_archive_key(connection: Connection, recipient: str, identity: str) -> None:
    connection.execute(
        "INSERT INTO archive_keys (recipient, identity, created_at) VALUES (?, ?, ?)",
        (recipient, identity, now_text()),
    )


def archive_identities(connection: Connection) -> list[str]:
    """The archive's age identities (secret), to open bundles."""
    rows = connection.execute("SELECT identity FROM archive_keys ORDER BY created_at, recipient")
    return [row[0] for row in rows]


def _json_list(repository: Repository, key: str) -> tuple[str, ...]:
    return tuple(json.loads(repository.meta(key) or "[]"))


def archive_recipients(repository: Repository) -> tuple[str, ...]:
    return _json_list(repository, META_ARCHIVE_RECIPIENTS)


def custodian_recipients(repository: Repository) -> tuple[str, ...]:
    return _json_list(repository, META_CUSTODIAN_RECIPIENTS)


def set_recipients(
    repository: Repository, archive: tuple[str, ...], custodian: tuple[str, ...]
) -> None:
    repository.set_meta(META_ARCHIVE_RECIPIENTS, json.dumps(list(archive)))
    repository.set_meta(META_CUSTODIAN_RECIPIENTS, json.dumps(list(custodian)))


# --- archive: devices ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceRecord:
    fingerprint: str
    public_key: str
    age_recipient: str
    label: str
    enrolled_at: str
    revoked_at: str | None
    last_good_sequence: int | None
    #: How many packs went to this device; the next one is ``packs_sent + 1``.
    packs_sent: int
    #: SHA-256 of the last pack's manifest.json, which the next pack names as ``previous``.
    last_pack_digest: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


_DEVICE_COLUMNS = (
    "fingerprint, public_key, age_recipient, label, enrolled_at, revoked_at,"
    " last_good_sequence, packs_sent, last_pack_digest"
)


def add_device(
    connection: Connection,
    fingerprint: str,
    public_key: str,
    age_recipient: str,
    label: str,
    enrolled_at: str,
) -> DeviceRecord:
    connection.execute(
        "INSERT INTO devices (fingerprint, public_key, age_recipient, label, enrolled_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (fingerprint, public_key, age_recipient, label, enrolled_at),
    )
    return DeviceRecord(
        fingerprint, public_key, age_recipient, label, enrolled_at, None, None, 0, None
    )


def find_device(connection: Connection, fingerprint: str) -> DeviceRecord | None:
    row = connection.execute(
        f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE fingerprint = ?",  # noqa: S608
        (fingerprint,),
    ).fetchone()
    return DeviceRecord(*row) if row else None


def list_devices(connection: Connection) -> list[DeviceRecord]:
    rows = connection.execute(f"SELECT {_DEVICE_COLUMNS} FROM devices ORDER BY fingerprint")  # noqa: S608
    return [DeviceRecord(*row) for row in rows]


def mark_revoked(
    connection: Connection, fingerprint: str, revoked_at: str, last_good_sequence: int
) -> None:
    connection.execute(
        "UPDATE devices SET revoked_at = ?, last_good_sequence = ? WHERE fingerprint = ?",
        (revoked_at, last_good_sequence, fingerprint),
    )


def record_pack_sent(connection: Connection, fingerprint: str, sequence: int, digest: str) -> None:
    """Advance the device's pack chain to ``sequence``, which must be the next one."""
    cursor = connection.execute(
        "UPDATE devices SET packs_sent = ?, last_pack_digest = ?"
        " WHERE fingerprint = ? AND packs_sent = ?",
        (sequence, digest, fingerprint, sequence - 1),
    )
    # Another coordinator session sent a pack meanwhile: two packs with one sequence would
    # leave the device unable to take the second.
    if cursor.rowcount != 1:
        raise PackConflictError()


def keep_pack_copy(
    connection: Connection,
    fingerprint: str,
    sequence: int,
    pack_id: str,
    kind: str,
    digest: str,
    body: bytes,
) -> None:
    """Keep the exact bytes of a pack sent, so that a lost one can be sent again unchanged."""
    connection.execute(
        "INSERT INTO pack_copies (device, sequence, pack_id, kind, manifest_digest, body, sent_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (fingerprint, sequence, pack_id, kind, digest, body, now_text()),
    )


@dataclass(frozen=True)
class PackCopy:
    sequence: int
    pack_id: str
    kind: str
    manifest_digest: str
    body: bytes


def pack_copies(connection: Connection, fingerprint: str, first: int, last: int) -> list[PackCopy]:
    """The packs sent to the device numbered ``first`` to ``last``, in order (those kept)."""
    rows = connection.execute(
        "SELECT sequence, pack_id, kind, manifest_digest, body FROM pack_copies"
        " WHERE device = ? AND sequence BETWEEN ? AND ? ORDER BY sequence",
        (fingerprint, first, last),
    )
    return [PackCopy(int(a), str(b), str(c), str(d), bytes(e)) for a, b, c, d, e in rows]


@dataclass(frozen=True)
class Reinstatement:
    device: str
    revoked_at: str
    last_good_sequence: int
    reinstated_at: str
    reason: str
    #: The pack that told the device; a bundle acknowledging it (or a later pack) resumes the
    #: device's chain.
    pack_sequence: int
    #: The first bundle accepted after the reinstatement; None until it arrives. Bundles after
    #: ``last_good_sequence`` and before it were made while revoked and stay refused.
    resumed_at: int | None


_REINSTATEMENT_COLUMNS = (
    "device, revoked_at, last_good_sequence, reinstated_at, reason, pack_sequence, resumed_at"
)


def mark_reinstated(connection: Connection, item: Reinstatement) -> None:
    """Clear the device's revocation, keeping it (and the bundles it leaves refused) on record."""
    connection.execute(
        f"INSERT INTO reinstatements ({_REINSTATEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        tuple(asdict(item).values()),
    )
    connection.execute(
        "UPDATE devices SET revoked_at = NULL, last_good_sequence = NULL WHERE fingerprint = ?",
        (item.device,),
    )


def reinstatements(connection: Connection, fingerprint: str | None = None) -> list[Reinstatement]:
    rows = connection.execute(
        f"SELECT {_REINSTATEMENT_COLUMNS} FROM reinstatements"  # noqa: S608
        " WHERE ? IS NULL OR device = ? ORDER BY device, reinstated_at",
        (fingerprint, fingerprint),
    )
    return [Reinstatement(*row) for row in rows]


@dataclass(frozen=True)
class AcceptedGap:
    device: str
    first_sequence: int
    through_sequence: int
    accepted_at: str
    reason: str


def add_accepted_gap(connection: Connection, gap: AcceptedGap) -> None:
    connection.execute(
        "INSERT INTO accepted_gaps (device, first_sequence, through_sequence, accepted_at, reason)"
        " VALUES (?, ?, ?, ?, ?)",
        tuple(asdict(gap).values()),
    )


def accepted_gaps(connection: Connection, fingerprint: str | None = None) -> list[AcceptedGap]:
    rows = connection.execute(
        "SELECT device, first_sequence, through_sequence, accepted_at, reason FROM accepted_gaps"
        " WHERE ? IS NULL OR device = ? ORDER BY device, first_sequence",
        (fingerprint, fingerprint),
    )
    return [AcceptedGap(*row) for row in rows]


def last_bundle_sequence(connection: Connection, fingerprint: str) -> int:
    """The highest bundle sequence imported from the device (0 if none yet)."""
    row = connection.execute(
        "SELECT max(sequence) FROM bundles_received WHERE device = ?", (fingerprint,)
    ).fetchone()
    return int(row[0] or 0)


def revocation_reasons(repository: Repository) -> dict[str, str]:
    return dict(json.loads(repository.meta(META_REVOCATION_REASONS) or "{}"))


def set_revocation_reason(repository: Repository, fingerprint: str, reason: str) -> None:
    reasons = revocation_reasons(repository)
    reasons[fingerprint] = reason
    repository.set_meta(META_REVOCATION_REASONS, json.dumps(reasons, sort_keys=True))


# --- device: packs applied -----------------------------------------------------------------------


@dataclass(frozen=True)
class AppliedPack:
    pack_id: str
    kind: str
    sequence: int
    manifest_digest: str
    applied_at: str


_PACK_COLUMNS = "pack_id, kind, sequence, manifest_digest, applied_at"


def last_applied_pack(connection: Connection) -> AppliedPack | None:
    row = connection.execute(
        f"SELECT {_PACK_COLUMNS} FROM packs_applied ORDER BY sequence DESC LIMIT 1"  # noqa: S608
    ).fetchone()
    return AppliedPack(*row) if row else None


def find_applied_pack(connection: Connection, pack_id: str) -> AppliedPack | None:
    row = connection.execute(
        f"SELECT {_PACK_COLUMNS} FROM packs_applied WHERE pack_id = ?",  # noqa: S608
        (pack_id,),
    ).fetchone()
    return AppliedPack(*row) if row else None


def record_applied_pack(
    connection: Connection, pack_id: str, kind: str, sequence: int, manifest_digest: str
) -> AppliedPack:
    applied = AppliedPack(pack_id, kind, sequence, manifest_digest, now_text())
    connection.execute(
        f"INSERT INTO packs_applied ({_PACK_COLUMNS}) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
        tuple(asdict(applied).values()),
    )
    return applied


# --- device: revocations announced by the archive ------------------------------------------------


@dataclass(frozen=True)
class RevocationNotice:
    fingerprint: str
    revoked_at: str
    last_good_sequence: int


def store_revocations(
    repository: Repository, notices: list[RevocationNotice], own_fingerprint: str
) -> None:
    """Keep the archive's list of revoked devices, and flag this device if it is on it.

    A revocation pack lists every revoked device, so the list replaces the one kept; the flag
    is cleared only by a reinstatement (``clear_own_revocation``), never by its absence here.
    """
    repository.set_meta(META_REVOKED_DEVICES, json.dumps([asdict(n) for n in notices]))
    for notice in notices:
        if notice.fingerprint == own_fingerprint:
            repository.set_meta(META_REVOKED, json.dumps(asdict(notice)))


def clear_own_revocation(connection: Connection) -> None:
    """The archive reinstated this device: it may export again."""
    connection.execute("DELETE FROM meta WHERE key = ?", (META_REVOKED,))


def revoked_devices(repository: Repository) -> list[RevocationNotice]:
    return [
        RevocationNotice(**item)
        for item in json.loads(repository.meta(META_REVOKED_DEVICES) or "[]")
    ]


def own_revocation(repository: Repository) -> RevocationNotice | None:
    """This device's revocation, if the archive announced one."""
    value = repository.meta(META_REVOKED)
    return RevocationNotice(**json.loads(value)) if value else None


def is_revoked(repository: Repository) -> bool:
    return repository.meta(META_REVOKED) is not None


def require_not_revoked(repository: Repository) -> None:
    """For export: refuse on a device the archive revoked."""
    if is_revoked(repository):
        raise DeviceRevokedError()
