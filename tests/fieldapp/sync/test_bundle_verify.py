"""Auditor verification: every altered byte, missing or extra part, unknown key, revoked device,
and every break of a device's chain is refused; genuine bundles in order pass; any bytes at all
raise only fieldapp's own errors (hypothesis)."""

import io
import random
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import allowed_signers, sshkeys
from crypto.allowed_signers import Entry
from fieldapp.errors import BundleRejectedError, FieldappError
from fieldapp.sequence_ranges import SequenceRange
from fieldapp.sync.bundle_verify import check_bundle_file, manifest_digest_of, verify_bundles
from fieldapp.sync.bundle_writer import WrittenBundle
from fieldapp.sync.container import CENTRAL_HEADER_BYTES, LOCAL_HEADER_BYTES
from fieldapp.sync.manifest import BUNDLE_NAMESPACE, MANIFEST_NAME, SIGNATURE_NAME
from fieldapp.sync.verify_rosters import (
    AllowedSignersRoster,
    DeviceListRoster,
    EnrolledDevice,
    Roster,
)
from tests.fieldapp.sync.builders import build_container, make_key

from .test_bundle_support import Device, container, identity, members, roster_of

SAMPLES_PER_MEMBER = 24
PAST = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def device(tmp_path: Path) -> Device:
    return Device(tmp_path)


def _refused(data: bytes, roster: Roster) -> str:
    with pytest.raises(BundleRejectedError) as caught:
        check_bundle_file(io.BytesIO(data), roster)
    return caught.value.reason


def _member_spans(data: bytes) -> dict[str, tuple[int, int]]:
    """Where each member's bytes lie in the file."""
    spans, offset = {}, 0
    for name, body in members(data):
        start = offset + LOCAL_HEADER_BYTES + len(name)
        spans[name] = (start, start + len(body))
        offset = start + len(body)
    return spans


def test_a_genuine_bundle_passes(device: Device) -> None:
    written = device.write(identities=[identity()])
    report = verify_bundles([written.partial_path], roster_of(device.key))
    assert report.ok
    [check] = report.files
    assert check.digest == written.digest
    assert check.sequence == 1
    assert check.device == written.manifest.fingerprint
    assert manifest_digest_of(written.partial_path) == written.digest


def test_every_flipped_byte_is_refused(device: Device) -> None:
    """Every byte of manifest.json, manifest.sig and the ZIP structure; a sample elsewhere."""
    data = device.write(blobs=(b"audio " * 3000, b"scan"), identities=[identity()])
    data = data.partial_path.read_bytes()
    roster = roster_of(device.key)
    rng = random.Random(1)
    spans = _member_spans(data)
    positions: set[int] = set()
    for name, (start, end) in spans.items():
        if name in (MANIFEST_NAME, SIGNATURE_NAME):
            positions |= set(range(start, end))
        else:
            edges = {start, end - 1, start + 1, end - 2}
            inner = rng.sample(range(start, end), min(SAMPLES_PER_MEMBER, end - start))
            positions |= {p for p in edges | set(inner) if start <= p < end}
        # The member's local header, name included.
        positions |= set(range(start - LOCAL_HEADER_BYTES - len(name), start))
    directory_start = max(end for _, end in spans.values())
    positions |= set(range(directory_start, len(data)))
    assert len(data) - directory_start >= CENTRAL_HEADER_BYTES * len(spans)
    assert len(positions) > 1500
    for position in sorted(positions):
        altered = bytearray(data)
        altered[position] ^= 1 << (position % 8)
        _refused(bytes(altered), roster)


def test_truncation_and_extension_are_refused(device: Device) -> None:
    data = device.write().partial_path.read_bytes()
    roster = roster_of(device.key)
    for length in [*range(0, len(data), 97), len(data) - 1]:
        _refused(data[:length], roster)
    _refused(data + b"\0", roster)
    _refused(b"\0" + data, roster)


def test_members_added_removed_renamed_reordered_or_swapped_are_refused(device: Device) -> None:
    roster = roster_of(device.key)
    one = members(device.write(blobs=(b"one", b"two")).partial_path.read_bytes())
    two = members(device.write(blobs=(b"one", b"two")).partial_path.read_bytes())
    blob = next(i for i, (name, _) in enumerate(one) if name.startswith("blobs/"))
    variants = {
        "added": [*one[:-1], (f"blobs/{uuid.uuid4()}.age", b"extra"), one[-1]],
        "added at the end": [*one, ("notes.txt", b"unsigned")],
        "removed": [*one[:blob], *one[blob + 1 :]],
        "renamed": [*one[:blob], (f"blobs/{uuid.uuid4()}.age", one[blob][1]), *one[blob + 1 :]],
        "reordered": [*one[:blob], one[blob + 1], one[blob], *one[blob + 2 :]],
        "records swapped": [*one[:2], two[2], *one[3:]],
        "blob swapped": [*one[:blob], two[blob], *one[blob + 1 :]],
        "manifest swapped": [two[0], *one[1:]],
        "signature swapped": [one[0], two[1], *one[2:]],
        "no VERIFY.txt": one[:-1],
    }
    assert container(one) == device.written[0].partial_path.read_bytes()
    for name, entries in variants.items():
        assert _refused(container(entries), roster), name


def test_an_unknown_key_is_refused(device: Device) -> None:
    data = device.write().partial_path.read_bytes()
    reason = _refused(data, roster_of(make_key(8)))
    # The signer is named, so that a device not yet enrolled does not read as a forgery.
    signer = sshkeys.fingerprint(device.public_key)
    assert reason == f"it was signed by {signer}, a device key that is not enrolled" + (
        " (or the signature was altered)."
    )


def test_a_revoked_device_is_refused_after_its_last_good_bundle(device: Device) -> None:
    first, second = device.write(), device.write()
    revoked = DeviceListRoster(
        [EnrolledDevice(first.manifest.fingerprint, device.public_key, 1, revoked=True)]
    )
    report = verify_bundles([first.partial_path, second.partial_path], revoked)
    assert [f.ok for f in report.files] == [True, False]
    assert "revoked" in (report.files[1].reason or "")


def test_an_allowed_signers_roster_counts_only_bundle_keys_valid_now(device: Device) -> None:
    data = device.write().partial_path.read_bytes()
    key = device.key.public_key()
    check_bundle_file(io.BytesIO(data), AllowedSignersRoster([Entry(("d",), key)]))
    for entry in (
        Entry(("d",), key, namespaces=("file",)),
        Entry(("d",), key, namespaces=(BUNDLE_NAMESPACE,), valid_before=PAST),
    ):
        text = allowed_signers.format([entry])
        _refused(data, AllowedSignersRoster.parse(text))


def test_a_pack_is_not_a_bundle() -> None:
    built = build_container(format="fieldapp-pack/1", kind="receipt")
    _refused(built.data, roster_of(make_key()))


# --- chains ------------------------------------------------------------------------------------


def _chain(device: Device, count: int) -> list[WrittenBundle]:
    return [device.write(blobs=()) for _ in range(count)]


def test_a_chain_in_any_order_passes(device: Device) -> None:
    bundles = _chain(device, 4)
    report = verify_bundles([b.partial_path for b in reversed(bundles)], roster_of(device.key))
    assert report.ok
    [chain] = report.devices
    assert chain.sequences == [1, 2, 3, 4]
    assert chain.intact


def test_a_gap_is_refused(device: Device) -> None:
    one, _, three, four = _chain(device, 4)
    report = verify_bundles([p.partial_path for p in (one, three, four)], roster_of(device.key))
    assert [f.ok for f in report.files] == [True, False, True]
    assert "missing" in (report.files[1].reason or "")
    assert report.devices[0].missing == [SequenceRange(2, 2)]
    assert not report.ok


def test_each_gap_is_reported_as_its_range(device: Device) -> None:
    one = device.write(blobs=())
    three = device.write(blobs=(), sequence=3, previous=one.digest)
    six = device.write(blobs=(), sequence=6, previous=three.digest)
    report = verify_bundles([p.partial_path for p in (six, one, three)], roster_of(device.key))
    assert report.devices[0].missing == [SequenceRange(2, 2), SequenceRange(4, 5)]
    assert [f.reason for f in report.files] == [
        "bundles 4 to 5 of its device are missing before it (a gap).",
        None,
        "bundle 2 of its device is missing before it (a gap).",
    ]


def test_a_gap_as_wide_as_a_sequence_allows_is_one_range(device: Device) -> None:
    """A device key may number a bundle up to 2^53 - 1: the gap is held by its two ends."""
    last = 2**53 - 1
    one = device.write(blobs=())
    far = device.write(blobs=(), sequence=last, previous=one.digest)
    report = verify_bundles([one.partial_path, far.partial_path], roster_of(device.key))
    assert [f.ok for f in report.files] == [True, False]
    assert report.files[1].reason == (
        f"bundles 2 to {last - 1} of its device are missing before it (a gap)."
    )
    assert report.devices[0].missing == [SequenceRange(2, last - 1)]
    assert not report.devices[0].intact


def test_a_replay_is_refused(device: Device) -> None:
    one, two = _chain(device, 2)
    paths = [one.partial_path, two.partial_path, one.partial_path]
    report = verify_bundles(paths, roster_of(device.key))
    assert [f.ok for f in report.files] == [True, True, False]
    assert "replay" in (report.files[2].reason or "")
    assert report.devices[0].replays == [1]


def test_a_fork_is_refused(device: Device) -> None:
    one, two = _chain(device, 2)
    other = device.write(blobs=(), sequence=2, previous=one.digest)
    report = verify_bundles([p.partial_path for p in (one, two, other)], roster_of(device.key))
    assert [f.ok for f in report.files] == [True, False, False]
    assert all("fork" in (f.reason or "") for f in report.files[1:])
    assert report.devices[0].forks == [2]


def test_a_bundle_that_does_not_follow_its_predecessor_is_refused(device: Device) -> None:
    one = device.write(blobs=())
    stray = device.write(blobs=(), sequence=2, previous="cd" * 32)
    report = verify_bundles([one.partial_path, stray.partial_path], roster_of(device.key))
    assert [f.ok for f in report.files] == [True, False]
    assert report.devices[0].breaks == [2]


def test_devices_have_chains_of_their_own(tmp_path: Path) -> None:
    first = Device(tmp_path, key=make_key(1))
    second = Device(tmp_path, key=make_key(2))
    paths = [b.partial_path for b in [*_chain(first, 2), *_chain(second, 1)]]
    report = verify_bundles(paths, roster_of(first.key, second.key))
    assert report.ok
    assert sorted(len(c.sequences) for c in report.devices) == [1, 2]


def test_a_file_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    report = verify_bundles([tmp_path / "absent.fieldbundle"], roster_of(make_key()))
    assert not report.ok
    assert "cannot be read" in (report.files[0].reason or "")
    assert not verify_bundles([], roster_of(make_key())).ok


def test_a_signed_bundle_in_another_order_of_members_is_refused() -> None:
    """Every member list is checked for its one order, even one its signer signed."""
    blobs = [(f"blobs/{uuid.UUID(int=n)}.age", b"blob") for n in (2, 1)]
    key = make_key(3)
    for payloads in (
        [("records.age", b"r"), *blobs],
        [*reversed(blobs), ("records.age", b"r")],
        [("identities.age", b"i"), ("records.age", b"r")],
        [("records.age", b"r"), ("records.age.bak", b"r")],
    ):
        reason = _refused(build_container(key, payloads).data, roster_of(key))
        assert "parts" in reason
    ordered = [("records.age", b"r"), ("identities.age", b"i"), *reversed(blobs)]
    check_bundle_file(io.BytesIO(build_container(key, ordered).data), roster_of(key))


# --- properties: any bytes in, only refusals out -----------------------------------------------

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Device]:
    device = Device(tmp_path_factory.mktemp("bundle"))
    return device.write(blobs=(b"audio " * 500, b"scan")).partial_path.read_bytes(), device


@settings(FAST, max_examples=300)
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_raise_only_fieldapp_errors(
    data: bytes, genuine: tuple[bytes, Device]
) -> None:
    _, device = genuine
    with pytest.raises(FieldappError):
        check_bundle_file(io.BytesIO(data), roster_of(device.key))


@settings(FAST, max_examples=300)
@given(position=st.integers(min_value=0), mask=st.integers(min_value=1, max_value=255))
def test_no_altered_byte_passes(position: int, mask: int, genuine: tuple[bytes, Device]) -> None:
    data, device = genuine
    altered = bytearray(data)
    altered[position % len(data)] ^= mask
    with pytest.raises(BundleRejectedError):
        check_bundle_file(io.BytesIO(bytes(altered)), roster_of(device.key))


@settings(FAST, max_examples=150)
@given(
    names=st.lists(
        st.sampled_from(
            [
                "manifest.json",
                "manifest.sig",
                "records.age",
                "identities.age",
                "VERIFY.txt",
                "blobs/0f8fad5b-d9cb-469f-a165-70867728950e.age",
                "blobs/x.age",
                "other",
            ]
        ),
        max_size=8,
        unique_by=str.lower,
    ),
    body=st.binary(max_size=64),
)
def test_containers_of_any_members_raise_only_refusals(
    names: list[str], body: bytes, genuine: tuple[bytes, Device]
) -> None:
    data, device = genuine
    real = dict(members(data))
    entries = [(name, real.get(name, body)) for name in names]
    with pytest.raises(BundleRejectedError):
        check_bundle_file(io.BytesIO(container(entries)), roster_of(device.key))


@settings(FAST, max_examples=50)
@given(data=st.binary(max_size=512))
def test_the_report_refuses_any_file_and_never_raises(
    data: bytes, genuine: tuple[bytes, Device], tmp_path_factory: pytest.TempPathFactory
) -> None:
    _, device = genuine
    path = Path(tmp_path_factory.mktemp("any")) / "x.fieldbundle"
    path.write_bytes(data)
    report = verify_bundles([path], roster_of(device.key))
    assert not report.ok
    assert report.files[0].reason


def _reason_from_file(data: bytes, roster: Roster, path: Path) -> str | None:
    path.write_bytes(data)
    try:
        with path.open("rb") as file:
            check_bundle_file(file, roster)
    except BundleRejectedError as refusal:
        return refusal.reason
    return None


def test_a_file_on_disk_is_checked_on_two_cores_with_the_same_verdicts(
    device: Device, tmp_path: Path
) -> None:
    # A real file's members are hashed two at a time with pread; a file object without a
    # descriptor is read member by member. Both must refuse the same bytes for the same reason.
    data = device.write(blobs=(b"audio " * 300_000, b"scan", b""), identities=[identity()])
    data = data.partial_path.read_bytes()
    roster = roster_of(device.key)
    target = tmp_path / "copy.fieldbundle"
    assert _reason_from_file(data, roster, target) is None
    rng = random.Random(2)
    for name, (start, end) in _member_spans(data).items():
        for position in {start, end - 1, *rng.sample(range(start, end), min(8, end - start))}:
            if not start <= position < end:
                continue
            altered = bytearray(data)
            altered[position] ^= 0x10
            assert _reason_from_file(bytes(altered), roster, target) == _refused(
                bytes(altered), roster
            ), (name, position)


def test_a_member_whose_crc_was_rewritten_everywhere_is_refused_as_damaged(
    device: Device, tmp_path: Path
) -> None:
    # Local header and directory agree, the SHA-256 holds, but the CRC-32 is not the member's:
    # unzip would refuse it, so the auditor's check does too.
    data = bytearray(device.write(blobs=(b"scan",)).partial_path.read_bytes())
    spans = _member_spans(bytes(data))
    start, _ = spans["records.age"]
    local = start - LOCAL_HEADER_BYTES - len("records.age")
    crc = bytes(data[local + 14 : local + 18])
    wrong = bytes(b ^ 0xFF for b in crc)
    data[local + 14 : local + 18] = wrong
    made_by = b"\x14\x00"  # version 2.0, MS-DOS
    directory = data.index(b"PK\x01\x02" + made_by + bytes(data[local + 4 : local + 14]) + crc)
    data[directory + 16 : directory + 20] = wrong
    reason = _reason_from_file(bytes(data), roster_of(device.key), tmp_path / "crc.fieldbundle")
    assert reason == _refused(bytes(data), roster_of(device.key))
    assert reason is not None
    assert "damaged" in reason
