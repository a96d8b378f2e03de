"""Writing packs, on the archive: each is the next in its device's chain.

Writing goes through ``pack_transaction``: the device's chain (``packs_sent``,
``last_pack_digest``) advances in the same transaction in which the pack file is written, and a
pack file whose transaction failed is deleted again, so a device never sees a pack the archive
did not record. Each kind's payload is made where that kind lives (receipts, revocations,
vocabularies, withdrawals, enrolment).
"""

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import FolderNotFoundError
from fieldapp.services.archive import find_enrolled_device
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import PACK_SUFFIX, pack_file_name, write_pack_file
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.database import transaction
from fieldapp.workspace.files import require_folder


@dataclass(frozen=True)
class PackSent:
    path: Path
    kind: str
    device: str
    sequence: int
    pack_id: str
    coordinator_fingerprint: str
    #: SHA-256 of the pack's manifest.json.
    digest: str = ""


def _pack_path(out: Path, name: str) -> Path:
    """``out`` itself if it names a ``.fieldpack`` file in a folder that exists, else ``name``
    in the folder ``out``. A folder that is not there (a stick not mounted) is said so, never
    taken for a file to write: the pack would land as a file named like the folder."""
    if out.is_dir():
        return out / name
    if out.suffix == PACK_SUFFIX:
        require_folder(out)
        return out
    raise FolderNotFoundError(f"The folder {out} does not exist; nothing was written.")


class PackBatch:
    """Packs written inside one archive transaction (see ``pack_transaction``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.sent: list[PackSent] = []

    def write(self, fingerprint: str, kind: ManifestKind, payload: bytes, out: Path) -> PackSent:
        """The next pack to the device, to the file ``out`` or, if a folder, a file in it."""
        device = state.find_device(self._ws.connection, fingerprint)
        if device is None:
            raise ValueError("the device is added before a pack is written to it")
        sequence = device.packs_sent + 1
        path = _pack_path(out, pack_file_name(kind, fingerprint, sequence))
        verified = write_pack_file(
            path,
            kind,
            payload,
            self._ws.signing_key,
            recipient=device.age_recipient,
            sequence=sequence,
            previous=device.last_pack_digest,
        )
        self.sent.append(
            PackSent(
                path,
                kind.value,
                fingerprint,
                sequence,
                str(verified.manifest.bundle_id),
                self._ws.fingerprint,
                verified.digest,
            )
        )
        state.record_pack_sent(self._ws.connection, fingerprint, sequence, verified.digest)
        if kind is ManifestKind.REVOCATION:  # what the device was told, for write_revocation_packs
            self._ws.connection.execute(
                "UPDATE devices SET revocations_sent = ? WHERE fingerprint = ?",
                (hashlib.sha256(payload).hexdigest(), fingerprint),
            )
        state.keep_pack_copy(
            self._ws.connection,
            fingerprint,
            sequence,
            str(verified.manifest.bundle_id),
            kind.value,
            verified.digest,
            path.read_bytes(),
        )
        return self.sent[-1]


@contextlib.contextmanager
def pack_transaction(ws: Workspace) -> Iterator[PackBatch]:
    """A transaction for packs: all of them are recorded and on disk, or none is."""
    batch = PackBatch(ws)
    try:
        with transaction(ws.connection):
            yield batch
    except BaseException:
        # Not recorded, so not part of the device's chain: a device must never apply it.
        for sent in batch.sent:
            sent.path.unlink(missing_ok=True)
        raise


def send_pack(
    ws: Workspace, fingerprint: str, kind: ManifestKind, payload: bytes, out: Path
) -> PackSent:
    """Write one pack of ``kind`` to an enrolled device (for receipts and other kinds): the
    next in its chain, to the file ``out`` or, if ``out`` is a folder, to a file named for it."""
    find_enrolled_device(ws, fingerprint)
    with pack_transaction(ws) as batch:
        return batch.write(fingerprint, kind, payload, out)
