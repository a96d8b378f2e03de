"""Vocabulary packs: the archive issues newer vocabularies, every device takes them.

On the archive, ``issue_vocabularies`` reads the coordinator's JSON files, checks each against
the archive's own set (a newer version that keeps every code: ``Vocabularies.updated_with``),
stores them, so that the archive validates imported records with them, and writes a pack to
each enrolled device not revoked, in one transaction. The pack carries every vocabulary the
archive holds beyond the program's own, so a device enrolled later gets them all from the same
command run again without files: a device is sent a pack only when its payload differs from the
last one it was sent (``devices.vocabularies_sent``).

On a device, the handler checks each vocabulary against the device's own set and stores the
newer ones in the transaction that records the pack; ``apply_pack`` puts them in force once it
has committed. A version the device has already is nothing new, not an error.

Importing this module registers the handler (the CLI and the desktop app import it).
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.domain.vocabulary import (
    VOCABULARY_NAMES,
    Vocabularies,
    Vocabulary,
    parse_vocabulary,
)
from fieldapp.errors import FieldappError, FolderNotFoundError, PackRejectedError
from fieldapp.errors import ValidationFailedError as Refused
from fieldapp.services.archive import find_enrolled_device, require_archive
from fieldapp.services.pack_writing import PackSent, pack_transaction
from fieldapp.services.packs import register_pack_handler
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import OpenedPack
from fieldapp.sync.vocabulary_pack import (
    parse_vocabulary_payload,
    vocabulary_payload,
    vocabulary_payload_bytes,
)
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.files import open_regular
from fieldapp.workspace.vocabulary_state import (
    store_vocabulary,
    stored_vocabularies,
    vocabularies_in_force,
)

#: A vocabulary file of 2,000 entries with long labels in two languages stays under 1 MiB.
MAX_VOCABULARY_FILE_BYTES = 2 * 1024 * 1024
MAX_VOCABULARY_FILES = len(VOCABULARY_NAMES)

REJECTED_UNKNOWN_VOCABULARY = "it names a vocabulary this version of fieldapp does not use."
REJECTED_VOCABULARY_DROPS = (
    "its vocabulary {vocabulary} version {version} drops codes that records may use."
)
REJECTED_VOCABULARY_UNFIT = (
    "its vocabulary {vocabulary} version {version} does not fit the other vocabularies."
)
REJECTED_VOCABULARY_FORKED = (
    "its vocabulary {vocabulary} version {version} has codes that the newer version here"
    " lacks: it is not from the same line of versions."
)


@dataclass(frozen=True)
class VocabularyChange:
    """One vocabulary moved to a newer version."""

    vocabulary: str
    from_version: int
    to_version: int
    new_codes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "vocabulary": self.vocabulary,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "new_codes": self.new_codes,
        }


@dataclass(frozen=True)
class VocabulariesIssued:
    """What ``issue_vocabularies`` stored on the archive and which packs it wrote."""

    changes: list[VocabularyChange]
    sent: list[PackSent] = field(default_factory=list)
    #: Every vocabulary the packs carry, with its version (empty: nothing beyond the program's).
    carried: dict[str, int] = field(default_factory=dict)


# --- the archive ---------------------------------------------------------------------------------


def read_vocabulary_file(path: Path) -> Vocabulary:
    """A vocabulary from a coordinator's JSON file (a regular file, size-capped, strict)."""
    try:
        handle = open_regular(path)  # a named pipe would block here for good
    except OSError as error:
        raise Refused(
            f"The vocabulary file {path.name} cannot be read; nothing was changed."
        ) from error
    if handle is None:
        raise Refused(f"{path.name} is not a regular file; nothing was changed.")
    with handle:
        raw = handle.read(MAX_VOCABULARY_FILE_BYTES + 1)
    if len(raw) > MAX_VOCABULARY_FILE_BYTES:
        raise Refused(f"The vocabulary file {path.name} is too large; nothing was changed.")
    try:
        return parse_vocabulary(raw)
    except FieldappError as error:
        raise Refused(
            f"The vocabulary file {path.name} is not a valid vocabulary ({error});"
            " nothing was changed."
        ) from error


def _checked(current: Vocabularies, newer: list[tuple[Path, Vocabulary]]) -> list[VocabularyChange]:
    """Each newer vocabulary taken into ``current`` in turn; the first refusal names it."""
    changes, seen = [], set()
    for path, vocabulary in newer:
        name = vocabulary.vocabulary
        if name in seen:
            raise Refused(f"Two files give the vocabulary {name}; nothing was changed.")
        seen.add(name)
        try:
            updated = current.updated_with(vocabulary)
        except FieldappError as error:
            # "The vocabulary x version 2 drops codes that records may use." as a clause
            why = str(error).rstrip(".")
            raise Refused(
                f"The vocabulary file {path.name} was refused: {why[:1].lower()}{why[1:]};"
                " nothing was changed."
            ) from error
        held, current = current[name], updated
        changes.append(_change(held, vocabulary))
    return changes


def _change(held: Vocabulary, newer: Vocabulary) -> VocabularyChange:
    return VocabularyChange(
        newer.vocabulary, held.version, newer.version, len(newer.codes() - held.codes())
    )


def issue_vocabularies(
    ws: Workspace, paths: list[Path], out_folder: Path, *, to: str | None = None
) -> VocabulariesIssued:
    """Store the vocabularies in ``paths`` (none: only send what is stored) on the archive and
    write a vocabulary pack to every enrolled device not revoked (or to ``to``) that has not
    been sent these very vocabularies: all of it, or nothing."""
    require_archive(ws)
    if not out_folder.is_dir():
        raise FolderNotFoundError(f"The folder {out_folder} does not exist; nothing was written.")
    if len(paths) > MAX_VOCABULARY_FILES:
        raise Refused(f"At most {MAX_VOCABULARY_FILES} vocabulary files at once.")
    newer = [(path, read_vocabulary_file(path)) for path in paths]
    changes = _checked(vocabularies_in_force(ws.connection), newer)
    if to is not None:
        devices = [find_enrolled_device(ws, to)]
    else:
        devices = [d for d in state.list_devices(ws.connection) if not d.revoked]
    try:
        with pack_transaction(ws, out_folder) as batch:
            for _, vocabulary in newer:
                store_vocabulary(ws.connection, vocabulary)
            carried = tuple(stored_vocabularies(ws.connection))
            if carried:
                payload = vocabulary_payload_bytes(vocabulary_payload(carried))
                digest = hashlib.sha256(payload).hexdigest()
                for device in devices:
                    if _sent_before(ws, device.fingerprint) == digest:
                        continue  # a lost pack goes again, unchanged, with `pack resend`
                    batch.write(device.fingerprint, ManifestKind.VOCABULARY, payload, out_folder)
                    ws.connection.execute(
                        "UPDATE devices SET vocabularies_sent = ? WHERE fingerprint = ?",
                        (digest, device.fingerprint),
                    )
    finally:
        # Committed even when a pack could not be named (PackNotNamedError): the archive
        # validates imports with what it stores from now on.
        ws.refresh_vocabularies()
    return VocabulariesIssued(changes, batch.sent, {v.vocabulary: v.version for v in carried})


def issued_vocabularies(ws: Workspace) -> dict[str, int]:
    """The vocabularies this workspace holds beyond the program's own, with their versions."""
    return {v.vocabulary: v.version for v in stored_vocabularies(ws.connection)}


def _sent_before(ws: Workspace, fingerprint: str) -> str | None:
    row = ws.connection.execute(
        "SELECT vocabularies_sent FROM devices WHERE fingerprint = ?", (fingerprint,)
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


# --- the device ----------------------------------------------------------------------------------


def _apply_vocabulary(ws: Workspace, _pack: OpenedPack, raw: bytes) -> dict[str, Any]:
    payload = parse_vocabulary_payload(raw)
    current = vocabularies_in_force(ws.connection)
    changes: list[VocabularyChange] = []
    unchanged: list[str] = []
    for vocabulary in payload.vocabularies:
        name, version = vocabulary.vocabulary, vocabulary.version
        if name not in VOCABULARY_NAMES:
            raise PackRejectedError(REJECTED_UNKNOWN_VOCABULARY)
        held = current[name]
        args = {"vocabulary": name, "version": version}
        if version <= held.version:
            if not vocabulary.codes() <= held.codes():
                raise PackRejectedError(REJECTED_VOCABULARY_FORKED, args=args)
            unchanged.append(name)  # this device has it, or newer: nothing new
            continue
        if not held.codes() <= vocabulary.codes():
            raise PackRejectedError(REJECTED_VOCABULARY_DROPS, args=args)
        try:
            current = current.updated_with(vocabulary)
        except FieldappError as error:
            raise PackRejectedError(REJECTED_VOCABULARY_UNFIT, args=args) from error
        store_vocabulary(ws.connection, vocabulary)
        changes.append(_change(held, vocabulary))
    return {"vocabularies": [c.as_dict() for c in changes], "unchanged": sorted(unchanged)}


register_pack_handler(ManifestKind.VOCABULARY, _apply_vocabulary)
