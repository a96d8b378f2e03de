"""A payload's header is exactly what a writer writes, or the payload is refused.

The values must be of their kind, not merely equal in Python: ``true == 1``, ``int(1.5) == 1``
and ``UUID("{…}")`` is the same bundle, so a bundle's payload could otherwise pass its
manifest's comparison with a header no writer produces.
"""

import io
import json
from uuid import UUID

import pytest

from fieldapp.errors import BundleRejectedError
from fieldapp.sync.payload import (
    IDENTITIES_FORMAT,
    IDENTITY_TYPES,
    RECORD_TYPES,
    RECORDS_FORMAT,
    PayloadHeader,
    PayloadWriter,
    read_payload,
    read_stated_payload,
)

DEVICE = "SHA256:" + "A" * 43
# A fixed bundle id: the cases below are named after their values, and a test's name must be
# the same in every process that collects it (pytest-xdist compares them).
BUNDLE_ID = UUID("4f1c2a9e-8b3d-4e6f-9a0b-1c2d3e4f5a6b")
EXPECTED = PayloadHeader(RECORDS_FORMAT, BUNDLE_ID, DEVICE, 1)


def header_line(fmt: str, **values: object) -> bytes:
    body = {"bundle_id": str(BUNDLE_ID), "device": DEVICE, "sequence": 1} | values
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return fmt.encode() + b" " + text.encode() + b"\n"


WRONG_KINDS = [
    {"sequence": True},
    {"sequence": 1.0},
    {"sequence": "1"},
    {"sequence": 0},
    {"sequence": -1},
    {"bundle_id": f"{{{BUNDLE_ID}}}"},
    {"bundle_id": str(BUNDLE_ID).upper()},
    {"bundle_id": BUNDLE_ID.hex},
    {"bundle_id": f"urn:uuid:{BUNDLE_ID}"},
    {"device": [DEVICE]},
    {"device": DEVICE + "\n"},
    {"device": DEVICE[:-1]},
    {"device": "d"},
    {"device": "\x1b[2J" + DEVICE},
]


@pytest.mark.parametrize("values", WRONG_KINDS, ids=repr)
def test_a_bundle_payload_whose_header_only_equals_the_manifest_is_refused(
    values: dict[str, object],
) -> None:
    source = io.BytesIO(header_line(RECORDS_FORMAT, **values))
    with pytest.raises(BundleRejectedError):
        list(read_payload(source, EXPECTED, RECORD_TYPES))


@pytest.mark.parametrize("values", WRONG_KINDS, ids=repr)
def test_a_stated_header_of_the_wrong_kind_is_refused(values: dict[str, object]) -> None:
    source = io.BytesIO(header_line(IDENTITIES_FORMAT, **values))
    with pytest.raises(BundleRejectedError):
        read_stated_payload(source, IDENTITIES_FORMAT, IDENTITY_TYPES)


def test_the_header_a_writer_writes_is_read_back() -> None:
    out = io.BytesIO()
    PayloadWriter(out.write, EXPECTED)
    assert list(read_payload(io.BytesIO(out.getvalue()), EXPECTED, RECORD_TYPES)) == []
    stated, items = read_stated_payload(io.BytesIO(out.getvalue()), RECORDS_FORMAT, RECORD_TYPES)
    assert stated == EXPECTED
    assert list(items) == []
