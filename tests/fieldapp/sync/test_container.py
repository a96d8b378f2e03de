"""The canonical ZIP container: round trips, one layout only, and every deviation refused."""

import hashlib
import io
import os
import shutil
import subprocess
import time
import tracemalloc
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fieldapp.errors import BundleRejectedError, BundleTooLargeError
from fieldapp.sync import (
    ContainerReader,
    ContainerWriter,
    container,
    container_reader,
    container_writer,
)
from fieldapp.sync.container import DAMAGED, TOO_LARGE

from .builders import CAPS, RawEntry, raw_zip, read_all, reader, write_members

MEMBERS = [
    ("manifest.json", b'{"a":1}'),
    ("manifest.sig", b"sig"),
    ("records.age", b"records " * 10),
    ("empty", b""),
    ("blobs/0001.age", bytes(range(256))),
]
CHUNK = 64 * 1024
STREAMED_BYTES = 20 * 1024 * 1024


def _refused(data: bytes, reason: str | None = None, **caps: int) -> BundleRejectedError:
    with pytest.raises(BundleRejectedError) as caught:
        read_all(data, **caps)
    if reason is not None:
        assert caught.value.reason == reason
    return caught.value


def _read_every_member(container_reader: ContainerReader) -> None:
    for member in container_reader.members:
        container_reader.read(member.name, member.size)


def _data_ranges(data: bytes) -> list[range]:
    return [range(m.offset, m.offset + m.size) for m in reader(data).members]


# --- round trips ---------------------------------------------------------------------------------


def test_round_trip_of_bytes_members() -> None:
    data = write_members(MEMBERS)
    container = reader(data)
    assert container.names == [name for name, _ in MEMBERS]
    assert read_all(data) == dict(MEMBERS)
    for member, (name, payload) in zip(container.members, MEMBERS, strict=True):
        assert data[member.offset : member.offset + member.size] == payload
        assert member.name == name


def test_the_output_is_deterministic() -> None:
    first = write_members(MEMBERS)
    assert write_members(MEMBERS) == first
    # Added whole or streamed in pieces, the bytes are the same.
    buffer = io.BytesIO()
    writer = ContainerWriter(buffer)
    for name, payload in MEMBERS:
        with writer.open_member(name) as sink:
            for start in range(0, len(payload), 7):
                sink.write(payload[start : start + 7])
    writer.close()
    assert buffer.getvalue() == first


def test_the_layout_is_canonical() -> None:
    data = write_members(MEMBERS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.comment == b""
        for info in archive.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.flag_bits == 0
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.extra == b""
            assert info.comment == b""
            assert info.external_attr == 0
            assert info.create_system == 0
        assert archive.testzip() is None
        assert {info.filename: archive.read(info) for info in archive.infolist()} == dict(MEMBERS)


def test_unzip_accepts_the_container(tmp_path: Path) -> None:
    if shutil.which("unzip") is None:
        pytest.skip("unzip is not installed")
    path = tmp_path / "c.zip"
    path.write_bytes(write_members(MEMBERS))
    result = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors detected" in result.stdout


def test_an_empty_container_round_trips() -> None:
    data = write_members([])
    assert len(data) == container.END_RECORD_BYTES
    assert reader(data).members == []


def test_a_streamed_member_round_trips_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    digest = hashlib.sha256()
    seed = os.urandom(CHUNK)
    tracemalloc.start()
    try:
        with path.open("wb") as file, ContainerWriter(file) as writer:
            writer.add("manifest.json", b"{}")
            with writer.open_member("blobs/big.age") as sink:
                for index in range(STREAMED_BYTES // CHUNK):
                    chunk = index.to_bytes(8, "big") + seed[8:]
                    digest.update(chunk)
                    sink.write(chunk)
            writer.add("VERIFY.txt", b"after")
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        read_digest = hashlib.sha256()
        with path.open("rb") as file:
            parsed = ContainerReader(file, **CAPS)
            assert [m.size for m in parsed.members] == [2, STREAMED_BYTES, 5]
            with parsed.open("blobs/big.age") as member:
                while chunk := member.read(CHUNK):
                    read_digest.update(chunk)
            assert parsed.read("VERIFY.txt", 5) == b"after"
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read_digest.hexdigest() == digest.hexdigest()
    # Far below the member's 20 MB: a few chunks at most.
    assert write_peak < 2 * 1024 * 1024
    assert read_peak < 2 * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("blobs/big.age").file_size == STREAMED_BYTES
        assert archive.testzip() is None


# --- the writer refuses what it must not write ---------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/abs",
        "../x",
        "a/../b",
        "a/./b",
        "a//b",
        "a/",
        "a\\b",
        ".hidden",
        "a.",
        "a..b",
        "-rf",
        "a/b/c",
        "caf\u00e9",
        "a b",
        "a\nb",
        "x" * 129,
    ],
)
def test_the_writer_refuses_invalid_names(name: str) -> None:
    writer = ContainerWriter(io.BytesIO())
    with pytest.raises(ValueError, match="not a valid member name"):
        writer.add(name, b"")


@pytest.mark.parametrize(
    ("first", "second"),
    [("a", "a"), ("Records.age", "records.AGE"), ("blobs", "blobs/x"), ("blobs/x", "BLOBS")],
)
def test_the_writer_refuses_colliding_names(first: str, second: str) -> None:
    writer = ContainerWriter(io.BytesIO())
    writer.add(first, b"1")
    with pytest.raises(ValueError, match="collides"):
        writer.add(second, b"2")


def test_the_writer_refuses_to_go_on_after_a_failure() -> None:
    writer = ContainerWriter(io.BytesIO())

    def fail_midway() -> None:
        with writer.open_member("a") as sink:
            sink.write(b"half")
            raise RuntimeError("the source failed")

    with pytest.raises(RuntimeError):
        fail_midway()
    with pytest.raises(ValueError, match="discard"):
        writer.add("b", b"")
    with pytest.raises(ValueError, match="discard"):
        writer.close()


def test_the_writer_refuses_a_second_open_member() -> None:
    writer = ContainerWriter(io.BytesIO())
    with writer.open_member("a"), pytest.raises(ValueError, match="finish"):
        writer.add("b", b"")


def test_the_writer_starts_at_the_beginning_of_a_seekable_file() -> None:
    buffer = io.BytesIO(b"x")
    buffer.seek(1)
    with pytest.raises(ValueError, match="beginning"):
        ContainerWriter(buffer)


def test_the_size_cap_is_enforced_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real cap is 4 GiB; a small one exercises the same arithmetic.
    cap = 1000
    monkeypatch.setattr(container_writer, "MAX_CONTAINER_BYTES", cap)
    members = [("a", b"x" * 100), ("b", b"y" * 100)]
    fitting = write_members(members)
    slack = cap - len(fitting)
    # One member more, whose local header and directory entry take 30 + 1 and 46 + 1 bytes,
    # fills it exactly; one byte more is refused.
    exact = write_members([*members, ("c", b"z" * (slack - 78))])
    assert len(exact) == cap
    buffer = io.BytesIO()
    writer = ContainerWriter(buffer)
    for name, payload in members:
        writer.add(name, payload)

    def overfill() -> None:
        with writer.open_member("c") as sink:
            sink.write(b"z" * (slack - 78))
            sink.write(b"z")

    with pytest.raises(BundleTooLargeError):
        overfill()
    assert len(buffer.getvalue()) <= cap
    with pytest.raises(ValueError, match="discard"):
        writer.close()


def test_the_member_count_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container_writer, "MAX_MEMBERS", 2)
    writer = ContainerWriter(io.BytesIO())
    writer.add("a", b"")
    writer.add("b", b"")
    with pytest.raises(BundleTooLargeError):
        writer.add("c", b"")


# --- tampering: every byte, every length ---------------------------------------------------------


def test_every_flipped_byte_is_refused_or_caught_by_the_crc() -> None:
    data = write_members(MEMBERS)
    inside = _data_ranges(data)
    parsed_despite_flip = 0
    for position in range(len(data)):
        for mask in (0x01, 0x80):
            altered = bytearray(data)
            altered[position] ^= mask
            try:
                container_reader = reader(bytes(altered))
            except BundleRejectedError:
                continue
            # Only a byte of a member's data may pass the structural checks...
            assert any(position in span for span in inside), position
            parsed_despite_flip += 1
            # ...and reading that member to its end catches it.
            with pytest.raises(BundleRejectedError):
                _read_every_member(container_reader)
    assert parsed_despite_flip == 2 * sum(len(span) for span in inside)


def test_every_truncation_is_refused() -> None:
    data = write_members(MEMBERS)
    for length in range(len(data)):
        _refused(data[:length])


@pytest.mark.parametrize("extra", [b"\0", b"PK", b"x" * 1000, b"PK\x05\x06" + bytes(18)])
def test_appended_bytes_are_refused(extra: bytes) -> None:
    _refused(write_members(MEMBERS) + extra, DAMAGED)


def test_prepended_bytes_are_refused() -> None:
    # A ZIP reader that trusts offsets relative to the end would still read this.
    _refused(b"\0" * 4 + write_members(MEMBERS), DAMAGED)


def test_a_member_read_after_the_file_shrank_is_refused() -> None:
    data = write_members(MEMBERS)
    file = io.BytesIO(data)
    parsed = ContainerReader(file, **CAPS)
    file.truncate(parsed.members[2].offset + 3)
    with pytest.raises(BundleRejectedError):
        parsed.read("records.age", 1000)


def test_a_partial_read_does_not_check_the_crc_but_a_full_one_does() -> None:
    data = bytearray(write_members([("a", b"0123456789")]))
    member = reader(bytes(data)).members[0]
    data[member.offset + 9] ^= 1
    parsed = reader(bytes(data))
    with parsed.open("a") as stream:
        assert stream.read(5) == b"01234"
        with pytest.raises(BundleRejectedError):
            stream.read(100)
    # A second read that something stronger checks (an age member's AEAD) may skip the CRC.
    with parsed.open("a", check_crc=False) as stream:
        assert stream.read(100) == bytes(data[member.offset : member.offset + 10])


# --- what other ZIP writers make -----------------------------------------------------------------


def _python_zip(**options: object) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", **options) as archive:  # type: ignore[arg-type]
        archive.writestr("records.age", b"records" * 100)
        archive.writestr("VERIFY.txt", b"text")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "options",
    [
        {"compression": zipfile.ZIP_STORED},
        {"compression": zipfile.ZIP_DEFLATED},
        {"compression": zipfile.ZIP_BZIP2},
        {"compression": zipfile.ZIP_STORED, "allowZip64": False},
    ],
)
def test_python_zipfile_archives_are_refused(options: dict[str, object]) -> None:
    _refused(_python_zip(**options), DAMAGED)


def test_python_zipfile_with_fixed_dates_and_dos_host_is_still_refused() -> None:
    # As close as zipfile comes to our layout; the extra field alone must give it away.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("records.age", (1980, 1, 1, 0, 0, 0))
        info.create_system = 0
        info.external_attr = 0
        info.extra = b"\x99\x99\x00\x00"
        archive.writestr(info, b"records")
    _refused(buffer.getvalue(), DAMAGED)


def test_a_python_zipfile_archive_with_a_comment_is_refused() -> None:
    data = write_members(MEMBERS)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = b"unsigned words"
    _refused(buffer.getvalue(), DAMAGED)


def test_a_streamed_python_zipfile_member_with_a_data_descriptor_is_refused() -> None:
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            self.buffer += data
            return len(data)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w") as archive, archive.open("records.age", "w") as member:  # type: ignore[arg-type]
        member.write(b"records")
    _refused(bytes(sink.buffer), DAMAGED)


# --- hand-made deviations, one at a time ---------------------------------------------------------


def _entries() -> list[RawEntry]:
    return [RawEntry(b"manifest.json", b"{}"), RawEntry(b"records.age", b"records")]


def test_the_raw_builder_makes_what_the_writer_makes() -> None:
    # So that each deviation below is the only difference from a valid container.
    assert raw_zip(_entries()) == write_members(
        [("manifest.json", b"{}"), ("records.age", b"records")]
    )


@pytest.mark.parametrize(
    "change",
    [
        {"made_by": 0x0314},
        {"version": 10},
        {"flags": 0x0800},
        {"flags": 0x0008},
        {"method": 8},
        {"time": 1},
        {"date": 0x22},
        {"external": 0o100644 << 16},
        {"central_extra": b"\x55\x54\x00\x00"},
        {"local_extra": b"\x55\x54\x00\x00"},
        {"comment": b"hi"},
        {"crc": 0},
        {"size": 6},
        {"local_name": b"records.agf"},
    ],
)
def test_a_single_field_deviation_is_refused(change: dict[str, object]) -> None:
    entries = _entries()
    for key, value in change.items():
        setattr(entries[1], key, value)
    _refused(raw_zip(entries), DAMAGED)


@pytest.mark.parametrize(
    "name",
    [
        b"../evil",
        b"/etc/passwd",
        b"a/../../b",
        b"C:\\evil",
        b"a\\b",
        b"a//b",
        b"./a",
        b"a/",
        b"a\x00b",
        b"a\nb",
        b"caf\xc3\xa9",
        b"\xff",
        b"..",
        b"a/b/c",
        b"-n",
        b"x" * 129,
    ],
)
def test_path_traversal_and_odd_names_are_refused(name: bytes) -> None:
    _refused(raw_zip([RawEntry(name, b"x")]), DAMAGED)


@pytest.mark.parametrize(
    ("first", "second"),
    [(b"a", b"a"), (b"VERIFY.txt", b"verify.txt"), (b"blobs", b"blobs/x"), (b"blobs/x", b"blobs")],
)
def test_duplicate_and_colliding_names_are_refused(first: bytes, second: bytes) -> None:
    _refused(raw_zip([RawEntry(first, b"1"), RawEntry(second, b"2")]), DAMAGED)


def test_overlapping_members_are_refused() -> None:
    # Both directory entries point at the one local header: two names, one set of bytes.
    entries = [RawEntry(b"a", b"xyz"), RawEntry(b"a", b"xyz", header_offset=0)]
    data = raw_zip(entries)
    entries[1].name = b"b"
    _refused(raw_zip(entries), DAMAGED)
    _refused(data, DAMAGED)


def test_a_gap_between_members_is_refused() -> None:
    _refused(raw_zip(_entries(), gap=b"\0"), DAMAGED)


def test_members_out_of_file_order_are_refused() -> None:
    data = raw_zip(_entries())
    container_reader = reader(data)
    first, second = container_reader.members
    # Swap the two directory entries: the directory no longer lists members in file order.
    directory_start = second.offset + second.size
    first_entry_len = 46 + len(first.name)
    directory = data[directory_start:-22]
    swapped = directory[first_entry_len:] + directory[:first_entry_len]
    _refused(data[:directory_start] + swapped + data[-22:], DAMAGED)


@pytest.mark.parametrize(
    "end",
    [
        {"count": 1},
        {"count": 3},
        {"directory_size": 1},
        {"directory_offset": 0},
        {"archive_comment": b"x"},
    ],
)
def test_end_record_deviations_are_refused(end: dict[str, object]) -> None:
    _refused(raw_zip(_entries(), **end))  # type: ignore[arg-type]


# --- caps, checked before anything large is read -------------------------------------------------


class _CountingFile(io.BytesIO):
    """Records the largest read asked for: a hostile header must not lead to a large one."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        self.largest = max(self.largest, size if size is not None and size >= 0 else 1 << 62)
        return super().read(size)


def _quickly_refused(data: bytes, reason: str, **caps: int) -> None:
    file = _CountingFile(data)
    started = time.perf_counter()
    with pytest.raises(BundleRejectedError) as caught:
        ContainerReader(file, **{**CAPS, **caps})
    assert caught.value.reason == reason
    assert file.largest <= 64 * 1024
    assert time.perf_counter() - started < 0.5


def test_a_huge_declared_count_is_refused_quickly() -> None:
    end = raw_zip([], count=0xFFFF, directory_size=0xFFFFFFFF - 22, directory_offset=0)
    _quickly_refused(end, DAMAGED)
    _quickly_refused(raw_zip([], count=0xFFFE, directory_size=0, directory_offset=0), TOO_LARGE)


def test_a_huge_declared_directory_is_refused_quickly() -> None:
    # 2 entries claim a directory of 100 MB starting at 0: its end would be past the file.
    _quickly_refused(raw_zip([], count=2, directory_size=100_000_000), DAMAGED)
    # Consistent offsets, but more directory than two entries can need.
    padding = b"\0" * 10_000
    fake = padding + raw_zip([], count=2, directory_size=len(padding), directory_offset=0)
    _quickly_refused(fake, DAMAGED)


def test_a_huge_declared_member_size_is_refused_before_reading() -> None:
    entry = RawEntry(b"records.age", b"", size=0xFFFFFFFE)
    _refused(raw_zip([entry]), DAMAGED)  # its data would run past the directory
    caps = {"max_member_size": 10}
    _quickly_refused(write_members([("a", b"x" * 11)]), TOO_LARGE, **caps)
    _quickly_refused(write_members([("a", b"x" * 6), ("b", b"x" * 6)]), TOO_LARGE, max_total=11)
    _quickly_refused(write_members([("a", b""), ("b", b"")]), TOO_LARGE, max_members=1)


def test_a_file_larger_than_the_zip_limit_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = write_members([("a", b"x" * 100)])
    monkeypatch.setattr(container_reader, "MAX_CONTAINER_BYTES", len(data) - 1)
    _quickly_refused(data, TOO_LARGE)


def test_read_refuses_a_member_above_its_limit_unread() -> None:
    data = write_members(MEMBERS)
    file = _CountingFile(data)
    parsed = ContainerReader(file, **CAPS)
    file.largest = 0
    with pytest.raises(BundleRejectedError) as caught:
        parsed.read("records.age", 79)
    assert caught.value.reason == TOO_LARGE
    assert file.largest == 0
    assert parsed.read("records.age", 80) == b"records " * 10


def test_a_missing_member_is_refused() -> None:
    with pytest.raises(BundleRejectedError):
        reader(write_members(MEMBERS)).open("identities.age")


def test_a_failed_write_leaves_the_writer_refusing() -> None:
    class FullDisk(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            if self.tell() + len(data) > 100:
                raise OSError(28, "No space left on device")
            return super().write(data)

    writer = ContainerWriter(FullDisk())
    with pytest.raises(OSError, match="No space"):
        writer.add("records.age", b"x" * 200)
    with pytest.raises(ValueError, match="discard"):
        writer.close()


# --- members reserved first and filled last ------------------------------------------------------


def _with_reservations(order: list[int]) -> bytes:
    """MEMBERS, with the first two reserved at their place and filled in ``order`` at the end."""
    out = io.BytesIO()
    with ContainerWriter(out) as writer:
        places = [writer.reserve(name, len(data)) for name, data in MEMBERS[:2]]
        for name, data in MEMBERS[2:]:
            writer.add(name, data)
        for index in order:
            filled = writer.fill(places[index], MEMBERS[index][1])
            assert (filled.name, filled.size) == (MEMBERS[index][0], len(MEMBERS[index][1]))
    return out.getvalue()


@pytest.mark.parametrize("order", [[0, 1], [1, 0]])
def test_reserved_members_filled_last_give_the_same_bytes(order: list[int]) -> None:
    assert _with_reservations(order) == write_members(MEMBERS)
    assert [(m.name, m.size) for m in reader(_with_reservations(order)).members] == [
        (name, len(data)) for name, data in MEMBERS
    ]


def test_a_large_reservation_is_written_in_chunks_and_filled() -> None:
    data = os.urandom(3 * container.CHUNK_SIZE + 5)
    out = io.BytesIO()
    with ContainerWriter(out) as writer:
        place = writer.reserve("manifest.json", len(data))
        writer.add("VERIFY.txt", b"check")
        writer.fill(place, data)
    assert out.getvalue() == write_members([("manifest.json", data), ("VERIFY.txt", b"check")])


def test_an_unfilled_reservation_is_no_container() -> None:
    writer = ContainerWriter(io.BytesIO())
    writer.reserve("manifest.json", 3)
    writer.add("records.age", b"abc")
    with pytest.raises(ValueError, match="never filled"):
        writer.close()


def test_a_fill_of_another_size_or_twice_is_refused() -> None:
    writer = ContainerWriter(io.BytesIO())
    place = writer.reserve("manifest.json", 3)
    with pytest.raises(ValueError, match="exactly its size"):
        writer.fill(place, b"ab")
    writer.fill(place, b"abc")
    with pytest.raises(ValueError, match="not open"):
        writer.fill(place, b"abc")
    with pytest.raises(ValueError, match="not negative"):
        writer.reserve("other", -1)
    writer.close()


def test_a_reservation_counts_against_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container_writer, "MAX_CONTAINER_BYTES", 1000)
    writer = ContainerWriter(io.BytesIO())
    with pytest.raises(BundleTooLargeError):
        writer.reserve("manifest.json", 2000)


def test_members_of_a_real_file_are_read_at_once_on_two_threads(tmp_path: Path) -> None:
    """Over a real file each reader reads at its own offset (pread): two threads reading two
    members at once each get their own bytes, and the file's position is left alone."""
    parts = {"a.bin": os.urandom(3 * 1024 * 1024 + 5), "b.bin": os.urandom(2 * 1024 * 1024 + 9)}
    path = tmp_path / "two.zip"
    path.write_bytes(write_members(list(parts.items())))

    def read(opened: ContainerReader, name: str) -> bytes:
        chunks = []
        with opened.open(name) as member:
            while chunk := member.read(4096):
                chunks.append(chunk)
        return b"".join(chunks)

    with path.open("rb") as file:
        opened = ContainerReader(file, **CAPS)
        file.seek(7)
        with ThreadPoolExecutor(2) as pool:
            found = dict(zip(parts, pool.map(lambda n: read(opened, n), parts), strict=True))
        assert file.tell() == 7
    assert found == parts
