"""Attachments: files and recordings, encrypted as they arrive, read back verified.

The blob is written (ciphertext only) before the transaction that records it; if that
transaction fails, the blob is destroyed at once, and a crash in between leaves an unreferenced
blob that the next unlock removes. So no record ever points at a missing or partial blob.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO
from uuid import UUID, uuid4

from fieldapp.domain import Attachment, AttachmentKind, CustodyKind, RecordStatus, validate_model
from fieldapp.errors import RecordSealedError
from fieldapp.progress import CancelToken, ProgressCallback
from fieldapp.services.records import require_device
from fieldapp.workspace import Workspace
from fieldapp.workspace.blobs import BlobWriter, StoredBlob
from fieldapp.workspace.database import transaction


def _require_draft(ws: Workspace, testimony_id: UUID) -> None:
    require_device(ws)
    # Attachments are part of what a seal fixes: a sealed record gets new ones by amendment.
    if ws.repository.get_testimony(testimony_id).status is not RecordStatus.DRAFT:
        raise RecordSealedError()


_PLACEHOLDER_SHA256 = "0" * 64


def _describe(
    ws: Workspace,
    testimony_id: UUID,
    kind: AttachmentKind,
    media_type: str,
    label: str | None,
    blob: StoredBlob | None = None,
) -> Attachment:
    """The attachment's record, validated. Called once before any byte is stored (with a
    placeholder size and hash) so that a wrong kind or type is refused before the work."""
    return validate_model(
        Attachment,
        {
            "id": uuid4(),
            "testimony_id": testimony_id,
            "kind": kind,
            "media_type": media_type,
            "size": blob.size if blob else 0,
            "sha256": blob.sha256 if blob else _PLACEHOLDER_SHA256,
            "captured_at": datetime.now(UTC),
            "device": ws.fingerprint,
            "label": label,
        },
    )


def _record(
    ws: Workspace,
    testimony_id: UUID,
    blob: StoredBlob,
    kind: AttachmentKind,
    media_type: str,
    label: str | None,
) -> Attachment:
    try:
        attachment = _describe(ws, testimony_id, kind, media_type, label, blob)
        with transaction(ws.connection):
            _require_draft(ws, testimony_id)
            ws.repository.add_attachment(attachment, blob.name)
            ws.custody.append(CustodyKind.ATTACH, blob.sha256, record_id=testimony_id)
    except BaseException:
        ws.blobs.delete(blob.name)
        raise
    return attachment


def attach_file(
    ws: Workspace,
    testimony_id: UUID,
    src: BinaryIO,
    *,
    kind: AttachmentKind,
    media_type: str,
    label: str | None = None,
    total: int = 0,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Attachment:
    """Encrypt ``src`` into the blob store and attach it to a draft testimony."""
    _require_draft(ws, testimony_id)
    _describe(ws, testimony_id, kind, media_type, label)
    blob = ws.blobs.store(src, progress=progress, cancel=cancel, total=total)
    return _record(ws, testimony_id, blob, kind, media_type, label)


class Recording:
    """An attachment written piece by piece (audio from the microphone): ``finish`` stores it."""

    def __init__(
        self, ws: Workspace, testimony_id: UUID, kind: AttachmentKind, media_type: str
    ) -> None:
        _require_draft(ws, testimony_id)
        _describe(ws, testimony_id, kind, media_type, None)
        self._ws = ws
        self._testimony_id = testimony_id
        self._kind = kind
        self._media_type = media_type
        self._writer: BlobWriter = ws.blobs.writer()

    def write(self, data: bytes) -> int:
        return self._writer.write(data)

    def finish(self, label: str | None = None) -> Attachment:
        blob = self._writer.commit()
        return _record(self._ws, self._testimony_id, blob, self._kind, self._media_type, label)

    def discard(self) -> None:
        self._writer.abort()


def read_attachment(ws: Workspace, attachment_id: UUID) -> Iterator[bytes]:
    """The plaintext in chunks; raises AttachmentDamagedError at the end if it is not intact."""
    attachment, blob_name = ws.repository.attachment(attachment_id)
    return ws.blobs.read_verified(blob_name, attachment.size, attachment.sha256)
