"""Writing packs, on the archive: each is the next in its device's chain.

Writing goes through ``pack_transaction``, so that a device never finds a pack the archive did
not record (``fieldapp.sync.pack_partials`` says why): each pack is written whole under a
partial name and fsynced; the device's chain (``packs_sent``, ``last_pack_digest``) advances
and the pack's bytes are kept (``pack_copies``), all in one transaction; only once it has
committed are the packs renamed to their names. A failure before the commit removes the
partials. A power cut between the commit and the renames leaves recorded packs under partial
names: the next pack written to that folder names them (``settle_folder``), and ``pack
resend`` writes them again from the kept bytes. Each kind's payload is made where that kind
lives (receipts, revocations, vocabularies, withdrawals, enrolment).
"""

import contextlib
import hashlib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import FieldappError, FolderNotFoundError, OutputExistsError
from fieldapp.services.archive import find_enrolled_device
from fieldapp.sync import pack_partials as partials
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import PACK_SUFFIX, pack_file_name
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


class PackNotNamedError(FieldappError):
    """The archive recorded the packs, but not every one could be given its name in the chosen
    folder; they can be written again."""

    hint = "Write them again, unchanged: fieldapp pack resend FINGERPRINT --first N --out DIR."


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


class _BusyError(Exception):
    """Another writing holds the archive's write lock: settling waits for another time."""


def _give_up() -> None:
    raise _BusyError


def settle_folder(
    ws: Workspace,
    folder: Path,
    *,
    rewriting: Collection[str] = (),
    leave: Collection[Path] = (),
) -> list[Path]:
    """``settle_in_transaction`` in a write transaction of its own; the packs named. Never
    inside another transaction (``pack_transaction`` settles its folders itself). If another
    writing holds the archive (a second window, ``pack resend``) nothing is settled: its
    partials may not be committed yet, and what is left harms no device until the next time."""
    try:
        with transaction(ws.connection, keep_waiting=_give_up):
            return settle_in_transaction(ws, folder, rewriting=rewriting, leave=leave)
    except _BusyError:
        return []


def settle_in_transaction(
    ws: Workspace,
    folder: Path,
    *,
    rewriting: Collection[str] = (),
    leave: Collection[Path] = (),
) -> list[Path]:
    """What interrupted pack writing left in ``folder``: a pack the archive recorded (the cut
    came after its commit), byte for byte as kept, is given its name, unless it is in
    ``rewriting`` (pack ids about to be written again) or a file has that name already; every
    other leftover this archive signed is removed: a pack the archive never recorded must never
    reach a device. Another archive's leftovers are left alone: on a shared stick they may be
    packs that archive recorded, and its ``pack resend`` or next pack names them.

    Only inside the archive's write transaction (BEGIN IMMEDIATE): then no partial here is of a
    transaction still open on another handle. ``leave``: the partials of this batch, written in
    this very transaction. Best effort (a stick failing now fails the write that follows); the
    packs named."""
    named: list[Path] = []
    left = {path.name for path in leave}  # unique names (a pack id each), however spelt
    try:
        found = [f for f in partials.leftovers(folder) if f.path.name not in left]
    except OSError:
        return named
    for leftover in found:
        with contextlib.suppress(OSError):
            final = _named_as_recorded(ws, folder, leftover, rewriting)
            if final is not None:
                named.append(final)
            elif partials.signed_by(leftover.path, ws.public_key):
                leftover.path.unlink()
    if named:
        partials.fsync_folder(folder)
    return named


def _named_as_recorded(
    ws: Workspace, folder: Path, leftover: partials.Leftover, rewriting: Collection[str]
) -> Path | None:
    """The name ``leftover`` was given, if it is a pack the archive recorded, holding the very
    bytes it kept, that is not about to be written again and whose name is free; else None."""
    if leftover.pack_id is None or leftover.pack_id in rewriting:
        return None
    row = ws.connection.execute(
        "SELECT device, sequence, kind, body FROM pack_copies WHERE pack_id = ?",
        (leftover.pack_id,),
    ).fetchone()
    if row is None or not partials.holds(leftover.path, bytes(row[3])):
        return None
    final = folder / pack_file_name(ManifestKind(row[2]), str(row[0]), int(row[1]))
    try:
        partials.give_name(leftover.path, final)
    except OutputExistsError:  # never over a file (the pack sent again?); resend still can
        return None
    return final


class PackBatch:
    """Packs written inside one archive transaction (see ``pack_transaction``)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.sent: list[PackSent] = []
        #: Packs an interrupted writing had left recorded but unnamed, named now.
        self.finished: list[Path] = []
        self._partials: list[Path] = []  # in the order of ``sent``
        self._settled: set[Path] = set()

    def settle(self, folder: Path) -> None:
        """``settle_folder`` once for each folder the batch writes to."""
        # Resolved: one folder named two ways must not be settled twice, once this batch's own
        # partials (recorded, not committed) are in it.
        key = folder.resolve()
        if key not in self._settled:
            self._settled.add(key)
            self.finished.extend(settle_in_transaction(self._ws, folder, leave=self._partials))

    def write(self, fingerprint: str, kind: ManifestKind, payload: bytes, out: Path) -> PackSent:
        """The next pack to the device, to the file ``out`` or, if a folder, a file in it:
        recorded now, given its name once the transaction commits."""
        device = state.find_device(self._ws.connection, fingerprint)
        if device is None:
            raise ValueError("the device is added before a pack is written to it")
        sequence = device.packs_sent + 1
        path = _pack_path(out, pack_file_name(kind, fingerprint, sequence))
        self.settle(path.parent)
        # Refused now, while nothing is recorded: a pack on the stick may not be delivered yet.
        if os.path.lexists(path) or path in (sent.path for sent in self.sent):
            raise OutputExistsError()
        partial, verified = partials.write_partial(
            path.parent,
            kind,
            payload,
            self._ws.signing_key,
            recipient=device.age_recipient,
            sequence=sequence,
            previous=device.last_pack_digest,
        )
        self._partials.append(partial)
        pack_id = str(verified.manifest.bundle_id)
        self.sent.append(
            PackSent(
                path,
                kind.value,
                fingerprint,
                sequence,
                pack_id,
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
            pack_id,
            kind.value,
            verified.digest,
            partial.read_bytes(),
        )
        return self.sent[-1]

    def discard(self) -> None:
        """Remove the partials of a batch that did not commit: no device may apply them."""
        for partial in self._partials:
            with contextlib.suppress(OSError):
                partial.unlink()

    def _named_meanwhile(self, sent: PackSent) -> bool:
        """Whether ``sent`` is under its name already, as kept: once committed, settling on
        another handle of this archive may name it before this batch does."""
        row = self._ws.connection.execute(
            "SELECT body FROM pack_copies WHERE pack_id = ?", (sent.pack_id,)
        ).fetchone()
        return row is not None and partials.holds(sent.path, bytes(row[0]))

    def name_all(self) -> None:
        """Give each committed pack its name, then make the names durable. A pack that cannot
        be named (the stick pulled, a file of that name put there meanwhile) stays partial for
        the next writing or ``pack resend``; every other is still named, and the error says
        which were not."""
        unnamed: list[str] = []
        for partial, sent in zip(self._partials, self.sent, strict=True):
            try:
                partials.give_name(partial, sent.path)
            except (OSError, OutputExistsError):
                if not self._named_meanwhile(sent):
                    unnamed.append(sent.path.name)
        for folder in {sent.path.parent for sent in self.sent}:
            partials.fsync_folder(folder)
        if unnamed:
            raise PackNotNamedError(
                "The archive recorded the packs, but these could not be given their names in the"
                f" chosen folder: {', '.join(unnamed)}. Write them again with"
                " “fieldapp pack resend”."
            )


@contextlib.contextmanager
def pack_transaction(ws: Workspace, folder: Path | None = None) -> Iterator[PackBatch]:
    """A transaction for packs: all of them are recorded, or none is and none is left on the
    disk; those recorded are then given their names (``PackBatch.name_all``). With ``folder``,
    what an interrupted writing left there is settled first, even if no pack is written."""
    batch = PackBatch(ws)
    try:
        with transaction(ws.connection):
            if folder is not None and folder.is_dir():
                batch.settle(folder)
            yield batch
    except BaseException:
        batch.discard()
        raise
    batch.name_all()


def send_pack(
    ws: Workspace, fingerprint: str, kind: ManifestKind, payload: bytes, out: Path
) -> PackSent:
    """Write one pack of ``kind`` to an enrolled device (for receipts and other kinds): the
    next in its chain, to the file ``out`` or, if ``out`` is a folder, to a file named for it."""
    find_enrolled_device(ws, fingerprint)
    with pack_transaction(ws) as batch:
        return batch.write(fingerprint, kind, payload, out)
