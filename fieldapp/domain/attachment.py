"""An attachment: an audio recording, a scan or photo, a document, belonging to a testimony.

The file itself is an age file in the workspace's blob store; this record is what is known
about it. The SHA-256 of the plaintext is taken as the bytes are captured, before anything else
touches them, and is the reference every later check compares against: a court can be shown that
the recording it hears is, byte for byte, the one made in the interview.

No original file name is kept. Names like ``kim_interview_hoeryong.m4a`` are a common leak.
"""

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import Field, Strict, model_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.fields import KeyFingerprint, MediaType, Sha256Hex, ShortText, UtcDateTime

#: 64 GiB: a day of uncompressed audio is ~10 GiB; a bigger file is not an interview's.
MAX_ATTACHMENT_BYTES = 64 * 1024**3

#: What a validator says after a field's name (``ui/validation_texts.py`` translates it).
MEDIA_TYPE_DOES_NOT_FIT = "has a media type that does not fit its kind"


class AttachmentKind(StrEnum):
    AUDIO = "audio"
    SCAN = "scan"  # of a paper document: a consent form, a drawing, a letter
    PHOTO = "photo"
    DOCUMENT = "document"  # a file as received: a PDF, a text


# Which media types fit which kind (a prefix ending in "/" or a whole type); a mismatch usually
# means the wrong file was chosen.
_MEDIA_PREFIXES: dict[AttachmentKind, tuple[str, ...]] = {
    AttachmentKind.AUDIO: ("audio/",),
    AttachmentKind.SCAN: ("image/", "application/pdf"),
    AttachmentKind.PHOTO: ("image/",),
    AttachmentKind.DOCUMENT: ("application/", "text/", "image/"),
}


class Attachment(DomainModel):
    """What is known of one attached file."""

    id: UUID
    testimony_id: UUID
    kind: Annotated[AttachmentKind, Strict(False)]
    media_type: MediaType
    size: Annotated[int, Field(ge=0, le=MAX_ATTACHMENT_BYTES)]
    #: SHA-256 of the plaintext, computed while capturing.
    sha256: Sha256Hex
    captured_at: UtcDateTime
    #: Fingerprint of the signing key of the device that captured it.
    device: KeyFingerprint
    #: A description the interviewer gives ("consent form, page 1"); never the file's name.
    label: ShortText | None = None

    @model_validator(mode="after")
    def _media_type_fits_kind(self) -> "Attachment":
        if not any(_fits(self.media_type, allowed) for allowed in _MEDIA_PREFIXES[self.kind]):
            raise ValueError(MEDIA_TYPE_DOES_NOT_FIT)
        return self


def _fits(media_type: str, allowed: str) -> bool:
    return media_type.startswith(allowed) if allowed.endswith("/") else media_type == allowed
