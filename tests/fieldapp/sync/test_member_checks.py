"""Members confirmed by the reader that reads them whole, and the rest by the hasher: the same
bytes and the same verdicts as checking every member first."""

import random
from pathlib import Path

import pytest

from fieldapp.errors import BundleRejectedError
from fieldapp.sync.bundle_verify import read_signed_bundle
from fieldapp.sync.member_checks import MemberChecks

from .test_bundle_support import Device, identity, members

BLOBS = (b"audio " * 300_000, b"scan", b"")


def _blobs(name: str, _size: int) -> bool:
    return name.startswith("blobs/")


@pytest.fixture
def bundle(tmp_path: Path) -> tuple[Device, bytes]:
    device = Device(tmp_path)
    return device, device.write(blobs=BLOBS, identities=[identity()]).partial_path.read_bytes()


def _confirm(device: Device, data: bytes, path: Path, *, read: bool) -> str | None:
    """The refusal of ``data`` when every blob member is read whole (``read``) or when nobody
    reads them and ``confirm_all`` hashes them where they are; None if it passes."""
    path.write_bytes(data)
    with path.open("rb") as file:
        try:
            reader, verified = read_signed_bundle(file, [device.public_key])
            with MemberChecks(reader, file, verified.manifest, read_whole=_blobs) as checks:
                if read:
                    for name in reader.names:
                        if checks.reads_whole(name):
                            checks.read_whole(name, bytearray(reader.member(name).size))
                checks.confirm_all()
        except BundleRejectedError as refusal:
            return refusal.reason
    return None


def test_a_member_read_whole_is_its_bytes_and_confirmed_there(
    bundle: tuple[Device, bytes], tmp_path: Path
) -> None:
    device, data = bundle
    path = tmp_path / "b.fieldbundle"
    path.write_bytes(data)
    expected = dict(members(data))
    reported: list[int] = []
    with path.open("rb") as file:
        reader, verified = read_signed_bundle(file, [device.public_key])
        checks = MemberChecks(
            reader,
            file,
            verified.manifest,
            lambda done, _total: reported.append(done),
            read_whole=_blobs,
        )
        with checks:
            whole = [name for name in reader.names if checks.reads_whole(name)]
            assert len(whole) == len(BLOBS)
            for name in reversed(whole):  # in any order, with a buffer larger than needed
                buffer = bytearray(reader.member(name).size + 100)
                assert bytes(checks.read_whole(name, buffer)) == expected[name]
            with pytest.raises(ValueError, match="hashed by the workers"):
                checks.read_whole("records.age", bytearray(1 << 20))
            checks.confirm_all()
            assert reported == sorted(set(reported))
            assert reported[-1] == checks.total


def test_members_read_whole_or_not_give_the_verdicts_of_a_full_check(
    bundle: tuple[Device, bytes], tmp_path: Path
) -> None:
    device, data = bundle
    path = tmp_path / "b.fieldbundle"
    assert _confirm(device, data, path, read=True) is None
    assert _confirm(device, data, path, read=False) is None
    rng = random.Random(4)
    starts = [data.index(content) for name, content in members(data) if name.startswith("blobs/")]
    for start in starts:
        for position in (start, start + 1, *rng.sample(range(start, start + 40), 4)):
            altered = bytearray(data)
            altered[position] ^= 0x04
            read = _confirm(device, bytes(altered), path, read=True)
            assert read is not None
            assert read == _confirm(device, bytes(altered), path, read=False)
