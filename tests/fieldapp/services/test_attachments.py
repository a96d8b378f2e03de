"""Attachments: encrypted as they arrive, recorded with their hash, read back verified."""

import hashlib
import io
import secrets
import shutil
from uuid import uuid4

import pytest

from crypto.age.stream import CHUNK_SIZE
from fieldapp.domain import AttachmentKind, CustodyKind, Testimony, parse_canonical
from fieldapp.domain.custody import CustodyEvent
from fieldapp.errors import (
    AttachmentDamagedError,
    Cancelled,
    RecordNotFoundError,
    RecordSealedError,
)
from fieldapp.progress import CancelToken
from fieldapp.services import attachments, records
from fieldapp.workspace import Workspace
from fieldapp.workspace.blobs import READ_CHUNK
from tests.fieldapp.workspace.support import (
    PASSPHRASE,
    CreatedWorkspace,
    new_testimony,
    stored_state,
)


def _draft(ws: Workspace) -> Testimony:
    testimony, consent = new_testimony()
    return records.create_testimony(ws, testimony, [consent])


def _attach(ws: Workspace, testimony: Testimony, data: bytes, **kwargs):
    return attachments.attach_file(
        ws,
        testimony.id,
        io.BytesIO(data),
        kind=kwargs.pop("kind", AttachmentKind.AUDIO),
        media_type=kwargs.pop("media_type", "audio/ogg"),
        **kwargs,
    )


def _read(ws: Workspace, attachment_id) -> bytes:
    return b"".join(attachments.read_attachment(ws, attachment_id))


def _blob_path(ws: Workspace, attachment_id):
    _, name = ws.repository.attachment(attachment_id)
    return ws.blobs.path_of(name)


def _last_event(ws: Workspace) -> CustodyEvent:
    body = ws.connection.execute(
        "SELECT body FROM custody_events ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    return parse_canonical(CustodyEvent, body)


def test_attach_and_read_back(ws: Workspace) -> None:
    testimony = _draft(ws)
    data = secrets.token_bytes(READ_CHUNK + CHUNK_SIZE + 3)
    attachment = _attach(ws, testimony, data, label="interview, part 1")
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.device == ws.fingerprint
    assert attachment.testimony_id == testimony.id
    assert records.get_record(ws, testimony.id).attachments == (attachment,)
    assert _read(ws, attachment.id) == data
    event = _last_event(ws)
    assert (event.kind, event.record_id, event.payload_hash) == (
        CustodyKind.ATTACH,
        testimony.id,
        attachment.sha256,
    )
    assert ws.blobs.stored_names() == ws.repository.blob_names()


def test_a_recording_is_written_piece_by_piece(ws: Workspace) -> None:
    testimony = _draft(ws)
    recording = attachments.Recording(ws, testimony.id, AttachmentKind.AUDIO, "audio/ogg")
    pieces = [secrets.token_bytes(n) for n in (10, CHUNK_SIZE, CHUNK_SIZE - 10, 1)]
    for piece in pieces:
        recording.write(piece)
    attachment = recording.finish(label="recorded")
    assert _read(ws, attachment.id) == b"".join(pieces)
    assert attachment.label == "recorded"


def test_a_discarded_recording_leaves_nothing(ws: Workspace) -> None:
    testimony = _draft(ws)
    before = stored_state(ws.connection)
    recording = attachments.Recording(ws, testimony.id, AttachmentKind.AUDIO, "audio/ogg")
    recording.write(secrets.token_bytes(CHUNK_SIZE * 2))
    recording.discard()
    assert list(ws.layout.blobs.iterdir()) == []
    assert stored_state(ws.connection) == before


def test_a_sealed_record_takes_no_attachment(ws: Workspace) -> None:
    testimony = _draft(ws)
    records.seal_testimony(ws, testimony.id)
    before = stored_state(ws.connection)
    with pytest.raises(RecordSealedError):
        _attach(ws, testimony, b"late evidence")
    with pytest.raises(RecordSealedError):
        attachments.Recording(ws, testimony.id, AttachmentKind.AUDIO, "audio/ogg")
    assert list(ws.layout.blobs.iterdir()) == []
    assert stored_state(ws.connection) == before


def test_a_cancelled_attachment_leaves_nothing(ws: Workspace) -> None:
    testimony = _draft(ws)
    before = stored_state(ws.connection)
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        _attach(
            ws,
            testimony,
            bytes(3 * READ_CHUNK),
            cancel=cancel,
            progress=lambda _done, _total: cancel.cancel(),
        )
    assert list(ws.layout.blobs.iterdir()) == []
    assert stored_state(ws.connection) == before


def test_a_blob_swapped_for_another_of_the_same_workspace_is_damage(ws: Workspace) -> None:
    testimony = _draft(ws)
    size = CHUNK_SIZE + 100
    first = _attach(ws, testimony, secrets.token_bytes(size))
    second = _attach(ws, testimony, secrets.token_bytes(size))
    shutil.copyfile(_blob_path(ws, second.id), _blob_path(ws, first.id))
    # It decrypts (same blob identity, same size) but is not the file that was recorded.
    with pytest.raises(AttachmentDamagedError):
        _read(ws, first.id)
    assert len(_read(ws, second.id)) == size


@pytest.mark.parametrize("size", [0, 100, CHUNK_SIZE, 2 * CHUNK_SIZE + 17])
def test_a_truncated_blob_is_damage(ws: Workspace, size: int) -> None:
    testimony = _draft(ws)
    attachment = _attach(ws, testimony, secrets.token_bytes(size))
    path = _blob_path(ws, attachment.id)
    original = path.read_bytes()
    mac_line = original.index(b"\n---") + 1
    payload = original.index(b"\n", mac_line) + 1 + 16  # after the MAC line and the nonce
    cuts = {1, mac_line - 1, mac_line + 10, payload - 1, len(original) - 1}
    cuts |= {payload + n * (CHUNK_SIZE + 16) for n in range(3)}  # at chunk boundaries
    for cut in sorted(c for c in cuts if 0 < c < len(original)):
        path.write_bytes(original[:cut])
        with pytest.raises(AttachmentDamagedError):
            _read(ws, attachment.id)
    path.write_bytes(original)
    assert len(_read(ws, attachment.id)) == size


def test_a_flipped_byte_in_a_blob_is_damage(ws: Workspace) -> None:
    testimony = _draft(ws)
    attachment = _attach(ws, testimony, secrets.token_bytes(CHUNK_SIZE + 50))
    path = _blob_path(ws, attachment.id)
    original = path.read_bytes()
    step = max(1, len(original) // 97)  # about a hundred positions, header and payload alike
    for position in range(0, len(original), step):
        path.write_bytes(
            original[:position] + bytes([original[position] ^ 0x04]) + original[position + 1 :]
        )
        with pytest.raises(AttachmentDamagedError):
            _read(ws, attachment.id)
    path.write_bytes(original)
    assert len(_read(ws, attachment.id)) == CHUNK_SIZE + 50


def test_a_deleted_blob_is_damage(ws: Workspace) -> None:
    testimony = _draft(ws)
    attachment = _attach(ws, testimony, b"scan of a document")
    _blob_path(ws, attachment.id).unlink()
    with pytest.raises(AttachmentDamagedError):
        _read(ws, attachment.id)


def test_a_planted_blob_name_does_not_reach_outside(ws: Workspace) -> None:
    testimony = _draft(ws)
    attachment = _attach(ws, testimony, b"scan")
    ws.connection.execute(
        "UPDATE attachments SET blob_name = ? WHERE id = ?", ("../keys.json", str(attachment.id))
    )
    with pytest.raises(AttachmentDamagedError):
        _read(ws, attachment.id)
    assert ws.layout.key_file.exists()


def test_an_unknown_attachment(ws: Workspace) -> None:
    with pytest.raises(RecordNotFoundError):
        _read(ws, uuid4())


def test_attaching_to_an_unknown_testimony_stores_nothing(ws: Workspace) -> None:
    testimony, _ = new_testimony()
    with pytest.raises(RecordNotFoundError):
        _attach(ws, testimony, b"orphan")
    assert list(ws.layout.blobs.iterdir()) == []


def test_a_recording_finished_after_its_record_was_sealed_is_refused(ws: Workspace) -> None:
    testimony = _draft(ws)
    recording = attachments.Recording(ws, testimony.id, AttachmentKind.AUDIO, "audio/ogg")
    recording.write(b"audio")
    records.seal_testimony(ws, testimony.id)
    before = stored_state(ws.connection)
    with pytest.raises(RecordSealedError):
        recording.finish()
    assert list(ws.layout.blobs.iterdir()) == []
    assert stored_state(ws.connection) == before


def test_a_second_unlock_does_not_destroy_a_recording_in_progress(
    created: CreatedWorkspace,
) -> None:
    ws = created.workspace
    testimony = _draft(ws)
    recording = attachments.Recording(ws, testimony.id, AttachmentKind.AUDIO, "audio/ogg")
    recording.write(b"first minute")
    with Workspace.unlock(created.root, PASSPHRASE):  # e.g. `fieldapp testimony list`
        pass
    recording.write(b", second minute")
    attachment = recording.finish()
    assert _read(ws, attachment.id) == b"first minute, second minute"
