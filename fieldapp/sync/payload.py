"""What ``records.age`` and ``identities.age`` hold once decrypted: a header, then records.

Plain text, one item a line, so it streams both ways in constant memory:

    fieldapp-records/1 {"bundle_id":"…","device":"SHA256:…","sequence":3}
    testimony {…canonical JSON of a Testimony…}
    consent {…}
    withdrawal {…}
    attachment {…}
    custody {"event":{…},"signature":"-----BEGIN SSH SIGNATURE-----\\n…"}

The first line repeats the bundle's id, device and sequence from the signed manifest: the
payload is encrypted, not signed, so without it a payload could be lifted into a bundle that
another enrolled device signs. Every record is the canonical JSON the device hashed and signed
(anything else is refused), so its content hash survives the journey unchanged.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from pydantic import ConfigDict, TypeAdapter

from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    CustodyEvent,
    Testimony,
    WitnessIdentity,
    canonical_bytes,
    parse_canonical,
)
from fieldapp.domain.base import MAX_JSON_BYTES, DomainModel
from fieldapp.domain.fields import KeyFingerprint
from fieldapp.errors import BundleRejectedError, FieldappError

RECORDS_FORMAT = "fieldapp-records/1"
IDENTITIES_FORMAT = "fieldapp-identities/1"
# One line holds one record; the cap is the domain's own cap on a record's JSON.
MAX_LINE_BYTES = MAX_JSON_BYTES + 64
MAX_SIGNATURE_CHARS = 16 * 1024

RECORD_TYPES: dict[str, type[DomainModel]] = {
    "testimony": Testimony,
    "consent": ConsentRecord,
    "withdrawal": ConsentWithdrawal,
    "attachment": Attachment,
}
IDENTITY_TYPES: dict[str, type[DomainModel]] = {"identity": WitnessIdentity}
CUSTODY = "custody"
#: A payload header's device: the domain's own rule for a key fingerprint, in strict mode (a
#: JSON string, never a number or list turned into one).
_FINGERPRINT: TypeAdapter[str] = TypeAdapter(KeyFingerprint, config=ConfigDict(strict=True))


@dataclass(frozen=True)
class PayloadHeader:
    format: str
    bundle_id: UUID
    device: str
    sequence: int


@dataclass(frozen=True)
class SignedEvent:
    """A custody event, its signature, and its canonical bytes (what the signature covers and
    the chain hashes), kept so that checking and storing the event never encode it again."""

    event: CustodyEvent
    signature: str
    body: bytes


Item = tuple[str, DomainModel | SignedEvent]


@dataclass(frozen=True)
class StoredRecord:
    """A record as a workspace keeps it, its canonical bytes: written into a payload as they
    are. The workspace stores only ``canonical_bytes`` of a validated record, so parsing and
    encoding it again would give these same bytes, for most of an export's Python time."""

    body: bytes


@dataclass(frozen=True)
class StoredEvent:
    """A custody event as a workspace keeps it: its canonical bytes (what was signed) and the
    signature."""

    body: bytes
    signature: str


#: What a payload is written from: records and events as models, or as the workspace keeps them.
OutgoingItem = tuple[str, DomainModel | SignedEvent | StoredRecord | StoredEvent]


class LineSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class PayloadWriter:
    """Writes the lines of a payload into ``write`` (an age EncryptingWriter's)."""

    def __init__(self, write: Callable[[bytes], object], header: PayloadHeader) -> None:
        self._write = write
        body = {
            "bundle_id": str(header.bundle_id),
            "device": header.device,
            "sequence": header.sequence,
        }
        self._write(header.format.encode() + b" " + _canonical_json(body) + b"\n")

    def item(self, kind: str, item: DomainModel | SignedEvent | StoredRecord | StoredEvent) -> None:
        if isinstance(item, StoredRecord):
            self._line(kind, item.body)
        elif isinstance(item, StoredEvent | SignedEvent):
            self._custody(item.body, item.signature)
        else:
            self._line(kind, canonical_bytes(item))

    def _line(self, kind: str, body: bytes) -> None:
        self._write(kind.encode() + b" " + body + b"\n")

    def _custody(self, event: bytes, signature: str) -> None:
        # The canonical JSON of {"event": …, "signature": …}, built around the event's own
        # canonical bytes: the keys sort "event" first, and a canonical value is its own
        # canonical form, so this is what encoding the whole object would give.
        body = b'{"event":' + event + b',"signature":' + _canonical_json(signature) + b"}"
        self._line(CUSTODY, body)


REJECTED_PAYLOAD = "its payload is damaged or not what the manifest promises"
REJECTED_CUSTODY = "its custody log is damaged or not what the manifest promises"
#: A line of a known kind that is not a valid record of it, by kind: one sentence each, so that
#: each can be translated whole.
REJECTED_RECORD = {
    "testimony": "its testimony record is damaged or not what the manifest promises",
    "consent": "its consent record is damaged or not what the manifest promises",
    "withdrawal": "its withdrawal record is damaged or not what the manifest promises",
    "attachment": "its attachment record is damaged or not what the manifest promises",
    "identity": "its identity record is damaged or not what the manifest promises",
    CUSTODY: "its custody record is damaged or not what the manifest promises",
}
REJECTED_WRONG_HEADER = "its encrypted content belongs to another bundle or device (inner header)"
REJECTED_STATED_HEADER = "its encrypted content is not what its name says (inner header)"


class _Lines:
    """Lines from a decrypting reader, each capped before it is buffered whole."""

    def __init__(self, source: LineSource) -> None:
        self._source = source

    def __iter__(self) -> Iterator[bytes]:
        # Lines are cut out of the buffer by position; the buffer is trimmed only when a block
        # is added, so a block of many short lines is not copied once per line.
        # (A bytearray: a long line grows by appending, not by copying it whole per block.)
        buffer, start, searched = bytearray(), 0, 0
        while True:
            end = buffer.find(b"\n", searched)
            if end < 0:
                if len(buffer) - start > MAX_LINE_BYTES:
                    raise BundleRejectedError(REJECTED_PAYLOAD)
                block = self._source.read(1 << 16)
                if not block:
                    if start < len(buffer):  # a last line without its newline
                        raise BundleRejectedError(REJECTED_PAYLOAD)
                    return
                del buffer[:start]
                searched, start = len(buffer), 0
                buffer += block
                continue
            if end - start > MAX_LINE_BYTES:
                raise BundleRejectedError(REJECTED_PAYLOAD)
            yield bytes(buffer[start:end])
            start = searched = end + 1


def read_payload(
    source: LineSource, expected: PayloadHeader, types: dict[str, type[DomainModel]]
) -> Iterator[Item]:
    """The items of a payload after checking its header against ``expected`` (the manifest)."""
    for kind, item, _ in read_payload_bodies(source, expected, types):
        yield kind, item


#: An item with the bytes it was read from: its canonical bytes, as reading it confirmed.
BodyItem = tuple[str, DomainModel | SignedEvent, bytes]


def read_payload_bodies(
    source: LineSource, expected: PayloadHeader, types: dict[str, type[DomainModel]]
) -> Iterator[BodyItem]:
    """``read_payload``'s items, each with its canonical bytes (the line's, which reading it
    confirmed are the record's canonical form): a reader that stores or hashes a record then
    need not encode it again."""
    lines = iter(_Lines(source))
    first = next(lines, None)
    if first is None or _header(first) != expected:
        raise BundleRejectedError(REJECTED_WRONG_HEADER)
    for line in lines:
        kind, item = _item(line, types)
        yield kind, item, line.partition(b" ")[2]


def read_stated_payload(
    source: LineSource, format: str, types: dict[str, type[DomainModel]]
) -> tuple[PayloadHeader, Iterator[Item]]:
    """A payload read with no manifest at hand (the custodian's kept identities files): its
    header as the payload states it, refused unless canonical and of ``format``, then its
    items. The caller compares the header with whatever it knows (the bundle id in a kept
    file's name); the header is read before this returns, the items as they are iterated."""
    lines = iter(_Lines(source))
    first = next(lines, None)
    header = None if first is None else _header(first)
    if header is None or header.format != format:
        raise BundleRejectedError(REJECTED_STATED_HEADER)
    return header, (_item(line, types) for line in lines)


def _header(line: bytes) -> PayloadHeader | None:
    """The header a payload's first line states; None unless it is exactly what a writer
    writes: canonical JSON of the three keys, the bundle id as ``str(UUID)`` gives it, the
    device a key fingerprint, the sequence a whole number from 1 (not ``true`` nor ``1.5``).
    A kept identities file is read with no manifest to compare against: what it states is
    what the custodian is shown."""
    name, _, rest = line.partition(b" ")
    try:
        body = json.loads(rest)
        if _canonical_json(body) != rest or set(body) != {"bundle_id", "device", "sequence"}:
            return None
        bundle_id, device, sequence = body["bundle_id"], body["device"], body["sequence"]
        if not isinstance(bundle_id, str) or str(UUID(bundle_id)) != bundle_id:
            return None
        if type(sequence) is not int or sequence < 1:
            return None
        return PayloadHeader(
            name.decode("ascii"), UUID(bundle_id), _FINGERPRINT.validate_python(device), sequence
        )
    # RecursionError: brackets nested deeper than the parser goes (a line may hold 16 MiB).
    # ValidationError (a ValueError): a device that is not a key fingerprint.
    except (ValueError, TypeError, UnicodeDecodeError, KeyError, RecursionError):
        return None


def _item(
    line: bytes, types: dict[str, type[DomainModel]]
) -> tuple[str, DomainModel | SignedEvent]:
    kind_bytes, _, body = line.partition(b" ")
    kind = kind_bytes.decode("ascii", errors="replace")
    try:
        if kind == CUSTODY and types is RECORD_TYPES:
            return kind, _signed_event(body)
        if kind not in types:
            raise BundleRejectedError(REJECTED_PAYLOAD)
        return kind, parse_canonical(types[kind], body)
    except FieldappError as error:
        if isinstance(error, BundleRejectedError):
            raise
        raise BundleRejectedError(REJECTED_RECORD[kind]) from None


_EVENT_START = b'{"event":'
_SIGNATURE_KEY = b',"signature":'


def _signed_event(body: bytes) -> SignedEvent:
    """A custody line's event and signature; only the one canonical form is accepted.

    The line is what ``PayloadWriter._custody`` writes: ``{"event":`` the event's canonical
    bytes ``,"signature":`` a JSON string ``}``. It is split at the last ``,"signature":``
    (after an event, whose own strings escape every quote, that can only be the outer key),
    each part is parsed on its own, and the line built again from them must be the line given,
    byte for byte: one parse of each part instead of the whole line parsed and encoded twice.
    """
    split = body.rfind(_SIGNATURE_KEY)
    if not body.startswith(_EVENT_START) or split < 0 or not body.endswith(b"}"):
        raise BundleRejectedError(REJECTED_CUSTODY)
    event_body = body[len(_EVENT_START) : split]
    signature_json = body[split + len(_SIGNATURE_KEY) : -1]
    try:
        signature = json.loads(signature_json)
        if not isinstance(signature, str) or len(signature) > MAX_SIGNATURE_CHARS:
            raise ValueError
        if _canonical_json(signature) != signature_json:
            raise ValueError
    except (ValueError, TypeError, RecursionError):
        raise BundleRejectedError(REJECTED_CUSTODY) from None
    # A well-formed line whose event is not a valid event: refused by ``_item`` as a record.
    event = parse_canonical(CustodyEvent, event_body)
    return SignedEvent(event, signature, event_body)
