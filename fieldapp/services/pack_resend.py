"""Sending packs again: a pack lost on its way (the stick, a file deleted) is written again,
byte for byte, from the copy the archive kept when it sent it (``pack_copies``).

Why the same bytes rather than a new pack: the device takes packs strictly in order, each
naming the previous one's manifest digest. A new pack with the same number would have another
digest, and every pack already sent after it would no longer chain. A device that applied the
pack before says so and changes nothing. A pack that a power cut left under its partial name
(``pack_writing``) is sent again so too.

The folder is settled and the copies written inside the archive's write transaction, as a
pack writing does: no other handle's pack is then between its partial and its commit (which
settling would take for a pack never recorded), and none settles this one's temporaries.
"""

from pathlib import Path

from fieldapp.errors import FieldappError, FolderNotFoundError, ValidationFailedError
from fieldapp.services.archive import find_enrolled_device
from fieldapp.services.pack_writing import settle_in_transaction
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import creating_file, pack_file_name
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.database import transaction

#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NO_SUCH_PACK = "This device was sent packs 1 to {sent}; there is no pack {first}."


class PackNotKeptError(FieldappError):
    """That pack was sent before this archive kept copies of its packs; it cannot be re-sent."""

    hint = "Packs sent from now on are kept and can be re-sent."


def resend_packs(
    ws: Workspace, fingerprint: str, out_folder: Path, *, first: int = 1
) -> list[Path]:
    """Write again, byte for byte, the packs sent to the device from number ``first`` on (a
    stick lost, a pack never applied). The same bytes keep the same digests, so later packs
    still chain to them; a device that applied one before says so and changes nothing."""
    device = find_enrolled_device(ws, fingerprint)
    if not out_folder.is_dir():
        raise FolderNotFoundError(f"The folder {out_folder} does not exist; nothing was written.")
    if first < 1 or first > device.packs_sent:
        raise ValidationFailedError(NO_SUCH_PACK, args={"sent": device.packs_sent, "first": first})
    copies = state.pack_copies(ws.connection, fingerprint, first, device.packs_sent)
    kept = {c.sequence for c in copies}
    lost = [n for n in range(first, device.packs_sent + 1) if n not in kept]
    if lost:
        raise PackNotKeptError(
            f"Pack {lost[0]} was sent before this archive kept copies of its packs; it cannot be"
            " re-sent."
        )
    with transaction(ws.connection):
        # A partial a power cut left of one of these goes: its bytes are written again here.
        # Whatever else interrupted pack writing left in the folder is settled as a write
        # settles it.
        settle_in_transaction(ws, out_folder, rewriting={c.pack_id for c in copies})
        return _write_copies(out_folder, fingerprint, copies)


def _write_copies(out_folder: Path, fingerprint: str, copies: list[state.PackCopy]) -> list[Path]:
    """Each copy to its name in ``out_folder``: all of them, or none is left."""
    written: list[Path] = []
    try:
        for copy in copies:
            path = out_folder / pack_file_name(ManifestKind(copy.kind), fingerprint, copy.sequence)
            with creating_file(path) as handle:
                handle.write(copy.body)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
