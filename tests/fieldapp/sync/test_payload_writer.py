"""The payload writer and reader: records written as the workspace stores them give the bytes
that encoding their models gives, and read back as the same records."""

import io
import json
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import CustodyEvent, canonical_bytes, parse_canonical
from fieldapp.errors import BundleRejectedError, FieldappError
from fieldapp.sync import payload as payload_module
from fieldapp.sync.payload import (
    CUSTODY,
    MAX_LINE_BYTES,
    RECORD_TYPES,
    RECORDS_FORMAT,
    OutgoingItem,
    PayloadHeader,
    PayloadWriter,
    SignedEvent,
    StoredEvent,
    StoredRecord,
    read_payload,
)
from tests.fieldapp.domain.factories import (
    make_attachment,
    make_consent,
    make_custody_event,
    make_testimony,
    make_withdrawal,
)

HEADER = PayloadHeader(RECORDS_FORMAT, uuid4(), "SHA256:" + "A" * 43, 7)


def _written(items: list[OutgoingItem]) -> bytes:
    out = io.BytesIO()
    writer = PayloadWriter(out.write, HEADER)
    for kind, item in items:
        writer.item(kind, item)
    return out.getvalue()


def _models() -> list[tuple[str, Any]]:
    testimony = make_testimony()
    return [
        ("testimony", testimony),
        ("consent", make_consent(testimony_id=testimony.id)),
        ("withdrawal", make_withdrawal(testimony_id=testimony.id)),
        ("attachment", make_attachment(testimony_id=testimony.id)),
    ]


def test_stored_records_are_written_as_their_models_are() -> None:
    models = _models()
    stored: list[OutgoingItem] = [(k, StoredRecord(canonical_bytes(m))) for k, m in models]
    assert _written(stored) == _written(models)
    read = list(read_payload(io.BytesIO(_written(stored)), HEADER, RECORD_TYPES))
    assert read == models


# Signatures as armored text, and any other text a stored row could hold: escapes, quotes,
# non-ASCII, control characters.
signatures = st.one_of(
    st.just("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"),
    st.text(max_size=80),
)


@given(signature=signatures, version=st.integers(1, 2**53 - 1))
def test_a_stored_event_line_is_the_canonical_json_of_the_whole_line(
    signature: str, version: int
) -> None:
    event = make_custody_event(record_version=version)
    line = _written([(CUSTODY, StoredEvent(canonical_bytes(event), signature))])
    assert line == _written([(CUSTODY, SignedEvent(event, signature, canonical_bytes(event)))])
    body = line.split(b"\n")[1].removeprefix(b"custody ")
    whole = {"event": json.loads(canonical_bytes(event)), "signature": signature}
    assert (
        body
        == json.dumps(whole, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )


@given(signature=signatures, version=st.integers(1, 2**53 - 1))
def test_an_event_read_back_carries_its_canonical_bytes(signature: str, version: int) -> None:
    # The import checks the signature over, hashes and stores these bytes without encoding
    # the event again: they must be the event's canonical bytes, whatever the line held.
    event = make_custody_event(record_version=version)
    line = _written([(CUSTODY, StoredEvent(canonical_bytes(event), signature))])
    ((kind, read),) = read_payload(io.BytesIO(line), HEADER, RECORD_TYPES)
    assert kind == CUSTODY
    assert read == SignedEvent(event, signature, canonical_bytes(event))
    assert isinstance(read, SignedEvent)
    assert read.body == read.event.canonical_bytes()


def _reference_reading(body: bytes) -> SignedEvent | None:
    """The custody line read the plain way: the whole line parsed, then encoded again."""
    try:
        value = json.loads(body)
        if not isinstance(value, dict) or set(value) != {"event", "signature"}:
            return None
        if _canonical(value) != body or not isinstance(value["signature"], str):
            return None
        event_body = _canonical(value["event"])
        return SignedEvent(
            parse_canonical(CustodyEvent, event_body), value["signature"], event_body
        )
    except (ValueError, TypeError, RecursionError, FieldappError):
        return None


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _fast_reading(body: bytes) -> SignedEvent | None:
    line = HEADER_LINE + b"custody " + body + b"\n"
    try:
        ((_, read),) = read_payload(io.BytesIO(line), HEADER, RECORD_TYPES)
    except BundleRejectedError:
        return None
    assert isinstance(read, SignedEvent)
    return read


HEADER_LINE = _written([])
_PIECES = [b'{"event":', b',"signature":', b'"signature"', b"}", b'"', b"\\", b" ", b"[]"]


def _custody_body(signature: str) -> bytes:
    line = _written([(CUSTODY, StoredEvent(canonical_bytes(make_custody_event()), signature))])
    return line.split(b"\n")[1].removeprefix(b"custody ")


def test_the_custody_line_reader_accepts_exactly_what_a_whole_line_parse_accepts() -> None:
    """Every single deletion or substitution, and every insertion of a piece of the line's own
    syntax, at every position of a genuine line: the reader and the whole-line parse agree."""
    body = _custody_body("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n")
    assert _fast_reading(body) == _reference_reading(body) is not None
    variants = [body[:cut] + body[cut + 1 :] for cut in range(len(body))]
    variants += [body[:cut] + b"X" + body[cut + 1 :] for cut in range(len(body))]
    variants += [body[:cut] + piece + body[cut:] for cut in range(len(body)) for piece in _PIECES]
    accepted = 0
    for variant in variants:
        expected = _reference_reading(variant)
        assert _fast_reading(variant) == expected, variant
        accepted += expected is not None
    assert accepted < len(variants)


@given(signature=signatures)
def test_any_signature_text_reads_back_as_a_whole_line_parse_reads_it(signature: str) -> None:
    body = _custody_body(signature)
    assert _fast_reading(body) == _reference_reading(body) is not None


def _payload_lines(data: bytes) -> list[bytes]:
    return [line for _, line in read_payload_lines(io.BytesIO(data))]


def read_payload_lines(source: io.BytesIO) -> list[tuple[int, bytes]]:
    return list(enumerate(payload_module._Lines(source)))


def test_lines_are_cut_across_blocks_and_capped_before_they_are_buffered_whole() -> None:
    lines = [b"x" * (index * 37 % 5000) for index in range(3000)]  # many blocks of 64 KiB
    assert _payload_lines(b"".join(line + b"\n" for line in lines)) == lines
    longest = b"y" * MAX_LINE_BYTES
    assert _payload_lines(longest + b"\nz\n") == [longest, b"z"]
    for refused in (longest + b"y\n", b"a\nb", b"a\n" + longest + b"yy"):
        with pytest.raises(BundleRejectedError):
            _payload_lines(refused)
