"""A pack's file before the archive has recorded it: written whole under a partial name, named
only once the archive's transaction has committed (``fieldapp.services.pack_writing``).

Why the order: a device applies any pack it finds that is signed and numbered next. A pack
renamed onto the stick before the archive recorded it, then a power cut, is a pack the archive
never sent: the device applies it, the archive writes another pack with the same number, and
the device's chain is forked for good. Under its partial name (``.fieldpack-<pack id>.partial``,
a dot name no device takes for a pack) a pack is nothing a device would apply.

What a cut can leave in a folder, and what the next pack written there does with it
(``leftovers``): a partial the archive never recorded, removed; a partial the archive recorded
(the cut came between the commit and the rename), named as the archive recorded it; the
temporary of a pack sent again (``creating_file``), removed. Only what this archive signed is
removed (``signed_by``): a stick carries packs of several archives, and another archive's
recorded partial is that device's pack until its own coordinator names it or sends it again.
"""

import contextlib
import os
import re
import struct
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import sshsig
from crypto.errors import CryptoError
from fieldapp.errors import BundleRejectedError, OutputExistsError
from fieldapp.sync.container import LOCAL_HEADER_BYTES, LOCAL_HEADER_SIGNATURE, METHOD_STORED
from fieldapp.sync.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    PACK_NAMESPACE,
    SIGNATURE_NAME,
    ManifestKind,
    VerifiedManifest,
    verify_manifest,
)
from fieldapp.sync.packs import build_pack, pack_file_tag
from fieldapp.workspace.files import TEMP_PREFIX, full_disk_said, open_regular

PARTIAL_PREFIX = ".fieldpack-"
PARTIAL_SUFFIX = ".partial"
_PARTIAL_NAME = re.compile(
    rf"{re.escape(PARTIAL_PREFIX)}([0-9a-f]{{8}}(?:-[0-9a-f]{{4}}){{3}}-[0-9a-f]{{12}})"
    rf"{re.escape(PARTIAL_SUFFIX)}"
)
# ``creating_file``'s temporaries: ``.tmp-<16 hex digits>-<final name>``.
_TEMPORARY_NAME = re.compile(rf"{re.escape(TEMP_PREFIX)}[0-9a-f]{{16}}-(.+)")
# A container member's local header (``fieldapp.sync.container``): signature, version, flags,
# method, time, date, CRC-32, both sizes, name length, extra field length; then the name.
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
assert _LOCAL_HEADER.size == LOCAL_HEADER_BYTES


def partial_path(folder: Path, pack_id: uuid.UUID) -> Path:
    """Where the pack ``pack_id`` is written in ``folder`` before the archive records it."""
    return folder / f"{PARTIAL_PREFIX}{pack_id}{PARTIAL_SUFFIX}"


def write_partial(
    folder: Path,
    kind: ManifestKind,
    payload: bytes,
    signing_key: ed25519.Ed25519PrivateKey,
    *,
    recipient: str,
    sequence: int,
    previous: str | None,
) -> tuple[Path, VerifiedManifest]:
    """``build_pack`` into a new partial file in ``folder``, flushed and fsynced, so that the
    archive commits only a pack whose bytes are all on the disk. Anything failing (a full
    stick: ``StorageFullError``) removes the file. Never renamed here: see ``give_name``."""
    pack_id = uuid.uuid4()
    path = partial_path(folder, pack_id)
    with full_disk_said():  # the sentence a person can act on, not a partial file's name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w+b") as handle:
                verified = build_pack(
                    handle,
                    kind,
                    payload,
                    signing_key,
                    recipient=recipient,
                    sequence=sequence,
                    previous=previous,
                    pack_id=pack_id,
                )
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            raise
    return path, verified


def give_name(partial: Path, final: Path) -> None:
    """Rename a recorded pack from its partial name to ``final``, never over another file (a
    pack already on the stick may not have been delivered yet). The caller fsyncs the folder.
    FAT sticks have no hard links for a rename that refuses to replace, so it is checked first,
    as bundles are (``export_finish.give_final_name``)."""
    if os.path.lexists(final):
        raise OutputExistsError()
    os.rename(partial, final)


def fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable. Some file systems (FAT on a USB stick, on some
    platforms) refuse to open a folder: the rename is then as durable as they make it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Leftover:
    """A file an interrupted pack writing left in a folder."""

    path: Path
    #: The pack a partial holds, or None for a temporary of a pack sent again.
    pack_id: str | None


def leftovers(folder: Path) -> list[Leftover]:
    """The partials and pack temporaries in ``folder`` (regular files only: a link or a folder
    with such a name was not made here, and is left alone), in name order."""
    found: list[Leftover] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.is_file(follow_symlinks=False):
                continue
            partial = _PARTIAL_NAME.fullmatch(entry.name)
            temporary = _TEMPORARY_NAME.fullmatch(entry.name)
            if partial is not None:
                found.append(Leftover(Path(entry.path), partial.group(1)))
            elif temporary is not None and pack_file_tag(temporary.group(1)) is not None:
                found.append(Leftover(Path(entry.path), None))
    return sorted(found, key=lambda leftover: leftover.path.name)


def holds(path: Path, body: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``body`` (read only if the size is
    right, never through a link, never waiting on a named pipe: ``_open_leftover``)."""
    handle = _open_leftover(path)
    if handle is None:
        return False
    with handle:
        try:
            if os.fstat(handle.fileno()).st_size != len(body):
                return False
            return handle.read(len(body) + 1) == body
        except OSError:
            return False


def signed_by(path: Path, public_key: str) -> bool:
    """Whether the regular file ``path`` starts with a pack manifest that ``public_key`` signed:
    whose leftover it is, on a stick several archives write to. Only the first two members are
    read, from their local headers (a cut while the pack was written can leave the end of the
    file missing), each under its cap; never through a link, never waiting on a named pipe
    (``_open_leftover``). Unreadable means no."""
    handle = _open_leftover(path)
    if handle is None:
        return False
    with handle:
        try:
            raw = _first_member(handle, MANIFEST_NAME, MAX_MANIFEST_BYTES)
            signature = _first_member(handle, SIGNATURE_NAME, sshsig.MAX_ARMORED_BYTES)
        except OSError:
            return False
    if raw is None or signature is None:
        return False
    try:
        verify_manifest(raw, signature.decode("ascii"), PACK_NAMESPACE, [public_key])
    except (BundleRejectedError, CryptoError, UnicodeDecodeError):
        return False
    return True


def _open_leftover(path: Path) -> BinaryIO | None:
    """The regular file ``path`` open for reading; None for anything else or on any error.
    ``leftovers`` listed a regular file, but the name may hold a named pipe or a link by now:
    opened without blocking and without following, and checked on the descriptor, since
    these checks run inside the archive's write transaction, which a pipe waiting for a
    writer would hold forever."""
    try:
        return open_regular(path, follow=False)
    except OSError:
        return None


def _first_member(handle: BinaryIO, name: str, cap: int) -> bytes | None:
    """The member ``name`` stored at the handle's position, at most ``cap`` bytes; else None.
    Its CRC-32 is not checked: the signature over the manifest says more."""
    header = handle.read(LOCAL_HEADER_BYTES)
    if len(header) != LOCAL_HEADER_BYTES:
        return None
    magic, _, _, method, _, _, _, packed, size, name_length, extra = _LOCAL_HEADER.unpack(header)
    if magic != LOCAL_HEADER_SIGNATURE or method != METHOD_STORED or extra != 0:
        return None
    if packed != size or size > cap or handle.read(name_length) != name.encode("ascii"):
        return None
    data = handle.read(size)
    return data if len(data) == size else None
