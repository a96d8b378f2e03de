"""The receipt: the archive's signed word that it holds a device's bundles and records.

It travels as a pack (kind ``receipt``). A device marks a record archived only when the receipt
names the very version and content hash it sent, and names, with the manifest digest the device
recorded, the bundle that carried that version (for a version sent again after its bundle was
lost, the bundle that carried it again): a receipt can never mark archived something the archive
does not hold as it was sent (services.receipts).
"""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import canonical_bytes, parse_canonical
from fieldapp.domain.fields import KeyFingerprint, Positive, Sha256Hex
from fieldapp.errors import FieldappError, PackRejectedError

RECEIPT_FORMAT = "fieldapp-receipt/1"
MAX_RECEIPT_BUNDLES = 100_000
MAX_RECEIPT_RECORDS = 1_000_000
REJECTED_RECEIPT = "its receipt is damaged or not a receipt."


class ReceivedBundle(DomainModel):
    sequence: Positive
    manifest_digest: Sha256Hex


class ReceivedRecord(DomainModel):
    id: UUID
    version: Positive
    content_hash: Sha256Hex


class ReceiptPayload(DomainModel):
    format: Literal["fieldapp-receipt/1"]
    #: The device this receipt is for, so that it cannot be carried to another.
    device: KeyFingerprint
    bundles: Annotated[tuple[ReceivedBundle, ...], Field(max_length=MAX_RECEIPT_BUNDLES)]
    records: Annotated[tuple[ReceivedRecord, ...], Field(max_length=MAX_RECEIPT_RECORDS)]


def receipt_bytes(payload: ReceiptPayload) -> bytes:
    return canonical_bytes(payload)


def parse_receipt(raw: bytes) -> ReceiptPayload:
    try:
        return parse_canonical(ReceiptPayload, raw)
    except FieldappError as error:
        raise PackRejectedError(REJECTED_RECEIPT) from error
