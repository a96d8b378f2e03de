"""Settling a folder that several archives, and several handles of one archive, write packs to
(review R1-8, R1-9): only this archive's leftovers are removed, only inside its write
transaction; a pack named by another handle after the commit is no error."""

import os
import secrets
import uuid
from pathlib import Path

from crypto import age
from fieldapp.services.pack_resend import resend_packs
from fieldapp.services.pack_writing import PackBatch, settle_folder
from fieldapp.sync import pack_partials as partials
from fieldapp.sync.manifest import ManifestKind
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import transaction
from fieldapp.workspace.files import TEMP_PREFIX
from tests.fieldapp.services.test_enrolment_support import Archive, enrol, make_archive
from tests.fieldapp.workspace.support import PASSPHRASE


def _unrecorded_partial(ws: Workspace, folder: Path) -> Path:
    """What a cut before the commit leaves: a whole pack signed by ``ws``, recorded nowhere."""
    _, recipient = age.generate_x25519()
    path, _ = partials.write_partial(
        folder,
        ManifestKind.RECEIPT,
        b"{}",
        ws.signing_key,
        recipient=recipient,
        sequence=1,
        previous=None,
    )
    return path


def _temporary_of(pack: Path) -> Path:
    """What a cut `pack resend` leaves: the pack's bytes under ``creating_file``'s name."""
    name = f"{TEMP_PREFIX}{secrets.token_hex(8)}-receipt-AbcdE_9xYz-0001.fieldpack"
    temporary = pack.with_name(name)
    temporary.write_bytes(pack.read_bytes())
    return temporary


def _hidden(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if path.name.startswith(".")}


def test_only_this_archives_leftovers_are_removed(
    tmp_path: Path, stick: Path, coordinator: Archive
) -> None:
    elsewhere = make_archive(tmp_path / "another-archive")
    try:
        theirs = _unrecorded_partial(elsewhere.ws, stick)
        their_temporary = _temporary_of(theirs)
        ours = _unrecorded_partial(coordinator.ws, stick)
        our_temporary = _temporary_of(ours)

        assert settle_folder(coordinator.ws, stick) == []

        assert _hidden(stick) == {theirs.name, their_temporary.name}
        assert settle_folder(elsewhere.ws, stick) == []
        assert _hidden(stick) == set()
        assert not our_temporary.exists()
    finally:
        elsewhere.ws.lock()


def test_a_partial_of_ours_cut_short_is_still_ours(stick: Path, coordinator: Archive) -> None:
    """A cut while the partial was written leaves its start: the manifest and its signature
    come first, so it is still known for this archive's, and removed."""
    partial = _unrecorded_partial(coordinator.ws, stick)
    with partial.open("r+b") as handle:
        handle.truncate(os.path.getsize(partial) - 100)  # the end record and more gone
    assert partials.signed_by(partial, coordinator.ws.public_key)

    settle_folder(coordinator.ws, stick)

    assert _hidden(stick) == set()


def test_a_file_no_archive_here_signed_is_left_alone(stick: Path, coordinator: Archive) -> None:
    """Named like a partial, but nothing says it is this archive's: a damaged one, a file
    someone put there, or a link (which is never followed)."""
    ours = _unrecorded_partial(coordinator.ws, stick)
    junk = partials.partial_path(stick, uuid.uuid4())
    junk.write_bytes(ours.read_bytes()[:40])  # cut inside the manifest
    planted = partials.partial_path(stick, uuid.uuid4())
    planted.write_bytes(b"not a pack at all")
    link = partials.partial_path(stick, uuid.uuid4())
    link.symlink_to(ours)
    assert not partials.signed_by(link, coordinator.ws.public_key)

    settle_folder(coordinator.ws, stick)

    assert _hidden(stick) == {junk.name, planted.name, link.name}
    assert not ours.exists()


def test_a_pack_another_handle_named_after_the_commit_is_named(
    tmp_path: Path, stick: Path, coordinator: Archive, device: Workspace
) -> None:
    """Between the commit and the batch's own rename, a second window (or `pack resend`) on the
    same archive settles the folder and names the pack: the batch then reports no failure."""
    enrol(coordinator, device, stick)
    batch = PackBatch(coordinator.ws)
    with transaction(coordinator.ws.connection):
        sent = batch.write(device.fingerprint, ManifestKind.RECEIPT, b"{}", stick)
    second = Workspace.unlock(coordinator.ws.layout.root, PASSPHRASE)
    try:
        assert settle_folder(second, stick) == [sent.path]
    finally:
        second.lock()

    batch.name_all()  # no PackNotNamedError

    kept = coordinator.ws.connection.execute(
        "SELECT body FROM pack_copies WHERE pack_id = ?", (sent.pack_id,)
    ).fetchone()
    assert sent.path.read_bytes() == bytes(kept[0])
    assert _hidden(stick) == set()


def test_resend_removes_only_this_archives_leftovers(
    tmp_path: Path, stick: Path, coordinator: Archive, device: Workspace
) -> None:
    first = enrol(coordinator, device, stick)
    first.path.unlink()  # the stick lost it
    elsewhere = make_archive(tmp_path / "another-archive")
    try:
        theirs = _unrecorded_partial(elsewhere.ws, stick)
        ours = _unrecorded_partial(coordinator.ws, stick)

        [again] = resend_packs(coordinator.ws, device.fingerprint, stick)

        assert again == first.path
        assert _hidden(stick) == {theirs.name}
        assert not ours.exists()
    finally:
        elsewhere.ws.lock()
