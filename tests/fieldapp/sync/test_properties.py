"""Properties: hostile bytes into the container reader and the manifest parser raise only
BundleRejectedError; manifests round-trip through their canonical bytes and signatures.

Arbitrary bytes mostly die at the first check, so each parser is also fed input that is nearly
right: valid containers with random edits, ZIPs assembled field by field with random values,
and signed JSON that is a valid manifest with one field replaced.
"""

import contextlib
import io
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import sshkeys, sshsig
from fieldapp.errors import BundleRejectedError
from fieldapp.sync import (
    BUNDLE_FORMAT,
    BUNDLE_NAMESPACE,
    KINDS,
    PACK_FORMAT,
    ContainerReader,
    Manifest,
    ManifestMember,
    manifest_bytes,
    parse_manifest,
    sign_manifest,
    verify_container,
    verify_manifest,
)

from .builders import RawEntry, build_container, key_line, make_key, make_manifest, raw_zip

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSER = settings(FAST, max_examples=300)
CAPS = {"max_members": 50, "max_member_size": 1 << 20, "max_total": 1 << 22}
KEY = make_key(7)
KEY_LINE = key_line(KEY)
VALID = build_container(KEY)
VALID_MANIFEST = json.loads(VALID.manifest_bytes)

NAME_ALPHABET = "abAB09._-/\\\x00\n é"


def _read_everything(data: bytes) -> None:
    """Parse and read every member; a BundleRejectedError is an acceptable answer."""
    try:
        container = ContainerReader(io.BytesIO(data), **CAPS)
        for member in container.members:
            container.read(member.name, member.size)
    except BundleRejectedError:
        return


def _verify_everything(data: bytes) -> bool:
    """Whether the container verifies; a BundleRejectedError is an acceptable answer."""
    try:
        container = ContainerReader(io.BytesIO(data), **CAPS)
        verify_container(container, BUNDLE_NAMESPACE, [KEY_LINE])
    except BundleRejectedError:
        return False
    return True


# --- the container -------------------------------------------------------------------------------


@PARSER
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_into_the_reader(data: bytes) -> None:
    _read_everything(data)
    _read_everything(data + VALID.data[-22:])


_EDIT = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "replace"]),
    st.integers(min_value=0),
    st.binary(min_size=1, max_size=8),
)


def _apply(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for op, where, payload in edits:
        position = where % (len(out) + 1)
        if op == "flip" and position < len(out):
            out[position] ^= payload[0] or 1
        elif op == "insert":
            out[position:position] = payload
        elif op == "delete":
            del out[position : position + len(payload)]
        else:
            out[position : position + len(payload)] = payload
    return bytes(out)


@PARSER
@given(st.lists(_EDIT, min_size=1, max_size=4))
def test_mutated_valid_containers(edits: list[tuple[str, int, bytes]]) -> None:
    altered = _apply(VALID.data, edits)
    _read_everything(altered)
    # Every byte is signed, covered by a signed hash or fixed: only the original verifies.
    if _verify_everything(altered):
        assert altered == VALID.data


@PARSER
@given(st.lists(_EDIT, min_size=1, max_size=3), st.integers(min_value=0, max_value=200))
def test_mutations_near_the_end(edits: list[tuple[str, int, bytes]], span: int) -> None:
    # The directory and end record hold the most structure; edit there more often.
    cut = max(0, len(VALID.data) - 22 - span)
    _read_everything(VALID.data[:cut] + _apply(VALID.data[cut:], edits))


_U16 = st.integers(min_value=0, max_value=0xFFFF)
_U32 = st.integers(min_value=0, max_value=0xFFFFFFFF)
_RAW_ENTRY = st.builds(
    RawEntry,
    name=st.one_of(
        st.sampled_from([b"a", b"records.age", b"blobs/x.age", b"A"]),
        st.text(NAME_ALPHABET, max_size=12).map(lambda t: t.encode("utf-8")),
    ),
    data=st.binary(max_size=40),
    crc=st.one_of(st.none(), _U32),
    size=st.one_of(st.none(), st.integers(min_value=0, max_value=60), _U32),
    header_offset=st.one_of(st.none(), st.integers(min_value=0, max_value=300), _U32),
    made_by=st.sampled_from([20, 20, 20, 0x0314]),
    flags=st.sampled_from([0, 0, 0, 8, 0x800]),
    method=st.sampled_from([0, 0, 0, 8]),
    local_extra=st.sampled_from([b"", b"", b"\x01\x00\x00\x00"]),
    central_extra=st.sampled_from([b"", b"", b"\x01\x00\x00\x00"]),
)


@PARSER
@given(
    st.lists(_RAW_ENTRY, max_size=4),
    st.one_of(st.none(), _U16),
    st.one_of(st.none(), _U32),
    st.one_of(st.none(), _U32),
    st.sampled_from([b"", b"", b"\0"]),
)
def test_zips_assembled_from_random_fields(
    entries: list[RawEntry],
    count: int | None,
    directory_size: int | None,
    directory_offset: int | None,
    gap: bytes,
) -> None:
    data = raw_zip(
        entries,
        count=count,
        directory_size=directory_size,
        directory_offset=directory_offset,
        gap=gap,
    )
    _read_everything(data)


# --- the manifest --------------------------------------------------------------------------------


@PARSER
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_into_the_manifest_parser(data: bytes) -> None:
    with contextlib.suppress(BundleRejectedError):
        parse_manifest(data)
    # And signed by an allowed key, so that they get past the signature to the parser.
    with contextlib.suppress(BundleRejectedError):
        verify_manifest(data, _sign(data), BUNDLE_NAMESPACE, [KEY_LINE])


def _sign(data: bytes) -> str:
    return sshsig.sign(data, KEY, BUNDLE_NAMESPACE)


_JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@PARSER
@given(st.sampled_from(sorted(VALID_MANIFEST)), _JSON)
def test_a_valid_manifest_with_one_field_replaced(field: str, value: Any) -> None:
    document = dict(VALID_MANIFEST)
    document[field] = value
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    with contextlib.suppress(BundleRejectedError):
        verify_manifest(raw, _sign(raw), BUNDLE_NAMESPACE, [KEY_LINE])


@PARSER
@given(st.one_of(st.text(max_size=500), st.binary(max_size=500)))
def test_arbitrary_signature_text(signature: str | bytes) -> None:
    with contextlib.suppress(BundleRejectedError):
        verify_manifest(VALID.manifest_bytes, signature, BUNDLE_NAMESPACE, [KEY_LINE])


_MEMBER_NAME = st.from_regex(r"\A[a-z0-9_][a-z0-9_-]{0,8}(\.[a-z0-9]{1,4})?\Z").filter(
    lambda name: name not in ("manifest.json", "manifest.sig")
)
_MEMBERS = st.lists(
    st.builds(
        ManifestMember,
        name=_MEMBER_NAME,
        size=st.integers(min_value=0, max_value=0xFFFFFFFF),
        sha256=st.binary(min_size=32, max_size=32).map(bytes.hex),
    ),
    max_size=6,
    unique_by=lambda member: member.name.lower(),
).map(tuple)


@st.composite
def _manifests(draw: st.DrawFn) -> Manifest:
    fmt = draw(st.sampled_from([BUNDLE_FORMAT, PACK_FORMAT]))
    sequence = draw(st.integers(min_value=1, max_value=2**53 - 1))
    digest = st.binary(min_size=32, max_size=32).map(bytes.hex)
    return make_manifest(
        KEY,
        format=fmt,
        kind=draw(st.sampled_from(sorted(KINDS[fmt]))),
        bundle_id=uuid.UUID(int=draw(st.integers(min_value=0, max_value=2**128 - 1))),
        sequence=sequence,
        previous=None if sequence == 1 else draw(digest),
        created_at=draw(
            st.datetimes(
                min_value=datetime(1900, 1, 2),  # hypothesis wants naive bounds
                max_value=datetime(2199, 12, 30),
                timezones=st.just(UTC),
            )
        ),
        custody_head=draw(st.one_of(st.none(), digest)),
        recipients=tuple(
            draw(st.lists(st.from_regex(r"\A[A-Za-z0-9+/=:._-]{1,30}\Z"), max_size=3, unique=True))
        ),
        members=draw(_MEMBERS),
    )


@FAST
@given(_manifests())
def test_manifests_round_trip(manifest: Manifest) -> None:
    raw = manifest_bytes(manifest)
    assert parse_manifest(raw) == manifest
    assert manifest_bytes(parse_manifest(raw)) == raw
    signed, signature = sign_manifest(manifest, KEY)
    assert signed == raw
    assert verify_manifest(raw, signature, manifest.namespace, [KEY_LINE]) == manifest
    assert sshkeys.fingerprint(manifest.public_key) == manifest.fingerprint
