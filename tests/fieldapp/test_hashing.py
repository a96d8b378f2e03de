"""Hashing beside the copy: the background hash, the copy-and-hash pipe, regions on two cores."""

import hashlib
import io
import os
import threading
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.errors import Cancelled
from fieldapp.hashing import (
    INLINE_BYTES,
    BackgroundSha256,
    RegionHasher,
    Sha256Pipe,
    can_hash_regions,
    crc32,
    hash_regions,
)
from fieldapp.progress import CancelToken

MIB = 1024 * 1024


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate()}


@pytest.mark.parametrize("size", [0, 1, INLINE_BYTES, INLINE_BYTES + 1, 5 * MIB + 17])
def test_background_hash_equals_hashlib_for_any_split(size: int) -> None:
    data = os.urandom(size)
    digest = BackgroundSha256()
    # Mixed types and sizes: bytes handed on, bytearray and memoryview copied.
    pieces = [data[i : i + 65_536] for i in range(0, size, 65_536)]
    kinds = (bytes, bytearray, memoryview)
    for index, piece in enumerate(pieces):
        digest.update(kinds[index % 3](piece))
    assert digest.size == size
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_small_input_needs_no_thread_and_a_large_one_stops_its_thread() -> None:
    small = BackgroundSha256()
    small.update(b"x" * 1000)
    assert small._thread is None
    large = BackgroundSha256()
    buffer = bytearray(MIB)
    for fill in range(4):
        buffer[:] = bytes([fill]) * MIB  # reused: what was queued must be a copy
        large.update(buffer)
    expected = hashlib.sha256(b"".join(bytes([f]) * MIB for f in range(4))).hexdigest()
    assert large.hexdigest() == expected
    assert large._thread is not None
    assert not large._thread.is_alive()
    aborted = BackgroundSha256()
    aborted.update(os.urandom(3 * MIB))
    aborted.close()
    assert aborted._thread is not None
    assert not aborted._thread.is_alive()


def test_the_pipe_copies_and_hashes_several_files_in_turn(tmp_path: Path) -> None:
    sizes = [0, 10, MIB, 3 * MIB + 5]
    files = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"f{index}"
        path.write_bytes(os.urandom(size))
        files.append(path)
    with Sha256Pipe(chunk_size=256 * 1024, depth=2) as pipe:
        for path in files:
            copy = io.BytesIO()
            pipe.begin()
            pipe.update(b"head")
            copy.write(b"head")
            with path.open("rb", buffering=0) as source:
                while (chunk := pipe.read_from(source)) is not None:
                    copy.write(chunk)
            digest, size = pipe.finish()
            assert copy.getvalue() == b"head" + path.read_bytes()
            assert (digest, size) == (hashlib.sha256(copy.getvalue()).hexdigest(), size)
            assert size == len(copy.getvalue())
    assert "sha256-pipe" not in _threads()


def test_the_pipe_reads_at_most_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abcdef")
    with Sha256Pipe() as pipe, path.open("rb", buffering=0) as source:
        pipe.begin()
        chunk = pipe.read_from(source, limit=4)
        assert chunk is not None
        assert bytes(chunk) == b"abcd"
        assert pipe.finish() == (hashlib.sha256(b"abcd").hexdigest(), 4)
        pipe.begin()  # a stream begun again after an unfinished one starts afresh
        pipe.update(b"z")
        pipe.begin()
        assert pipe.finish() == (hashlib.sha256(b"").hexdigest(), 0)


def test_ended_streams_give_their_hashes_in_order_without_waiting(tmp_path: Path) -> None:
    contents = [os.urandom(size) for size in (3 * MIB + 1, 0, 17, MIB)]
    with Sha256Pipe(chunk_size=256 * 1024, depth=2) as pipe:
        for index, data in enumerate(contents):
            path = tmp_path / f"f{index}"
            path.write_bytes(data)
            pipe.begin()
            with path.open("rb", buffering=0) as source:
                while pipe.read_from(source) is not None:
                    pass
            pipe.end()
            if index == 1:
                pipe.begin()  # abandoned: begun again, its result is skipped
                pipe.update(b"dropped")
        found = [pipe.result() for _ in contents]
        with pytest.raises(ValueError, match="no stream was ended"):
            pipe.result()  # every ended stream's result was taken
    assert found == [(hashlib.sha256(d).hexdigest(), len(d)) for d in contents]


def test_finish_refuses_while_ended_streams_wait_for_their_results() -> None:
    with Sha256Pipe() as pipe:
        pipe.begin()
        pipe.update(b"a")
        pipe.end()
        pipe.begin()
        with pytest.raises(ValueError, match="take the results"):
            pipe.finish()
        assert pipe.result() == (hashlib.sha256(b"a").hexdigest(), 1)
        assert pipe.finish() == (hashlib.sha256(b"").hexdigest(), 0)
        with pytest.raises(ValueError, match="no stream was begun"):
            pipe.end()  # nothing was begun since


def _regions_file(tmp_path: Path) -> tuple[Path, bytes, list[tuple[int, int]]]:
    data = os.urandom(9 * MIB + 3)
    path = tmp_path / "container"
    path.write_bytes(data)
    regions = [(0, 0), (5, 3 * MIB), (3 * MIB + 5, 1), (3 * MIB + 6, 6 * MIB - 3), (7, 100)]
    return path, data, regions


def test_regions_are_hashed_on_two_threads_as_hashlib_and_zlib_would(tmp_path: Path) -> None:
    path, data, regions = _regions_file(tmp_path)
    seen: list[int] = []
    callers: set[int] = set()

    def step(done: int) -> None:
        seen.append(done)
        callers.add(threading.get_ident())

    with path.open("rb") as file:
        results = hash_regions(file.fileno(), regions, step)
        assert file.tell() == 0  # pread: the file's position is left alone
    for (offset, size), (sha256, crc) in zip(regions, results, strict=True):
        part = data[offset : offset + size]
        assert sha256 == hashlib.sha256(part).hexdigest()
        assert crc == zlib.crc32(part)
    assert seen == sorted(seen)
    assert seen[-1] <= sum(size for _, size in regions)
    assert callers == {threading.get_ident()}  # progress only on the caller's thread
    assert "sha256-regions" not in _threads()


def test_a_cancel_stops_both_threads(tmp_path: Path) -> None:
    path, _, regions = _regions_file(tmp_path)
    token = CancelToken()

    def step(done: int) -> None:
        token.cancel()
        token.raise_if_cancelled()

    with path.open("rb") as file, pytest.raises(Cancelled):
        hash_regions(file.fileno(), regions, step)
    assert "sha256-regions" not in _threads()


def test_a_file_shorter_than_its_regions_is_an_eof(tmp_path: Path) -> None:
    path = tmp_path / "short"
    path.write_bytes(b"x" * 100)
    with path.open("rb") as file, pytest.raises(EOFError):
        hash_regions(file.fileno(), [(0, 10), (50, 100)])
    assert "sha256-regions" not in _threads()


def test_regions_need_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")
    with path.open("rb") as file:
        assert can_hash_regions(file)
    assert not can_hash_regions(io.BytesIO(b"x"))
    assert not can_hash_regions(object())


@pytest.mark.parametrize("threads", [0, 1, 2])
def test_a_region_is_had_as_soon_as_it_is_hashed_in_any_order_of_waiting(
    tmp_path: Path, threads: int
) -> None:
    path, data, regions = _regions_file(tmp_path)
    callers: set[int] = set()
    expected = [
        (hashlib.sha256(data[o : o + s]).hexdigest(), zlib.crc32(data[o : o + s]))
        for o, s in regions
    ]

    def step(_: int) -> None:
        callers.add(threading.get_ident())

    with path.open("rb") as file, RegionHasher(file.fileno(), regions, threads) as hasher:
        # The last region first, then the others backwards: each answer is its own region's.
        for index in reversed(range(len(regions))):
            assert hasher.wait(index, step) == expected[index]
        assert hasher.done == sum(size for _, size in regions)
    assert callers <= {threading.get_ident()}
    assert "sha256-regions" not in _threads()


def test_without_threads_a_region_is_hashed_only_when_waited_for(tmp_path: Path) -> None:
    path, _, regions = _regions_file(tmp_path)
    before = _threads()
    with path.open("rb") as file, RegionHasher(file.fileno(), regions, threads=0) as hasher:
        assert _threads() == before
        assert hasher.done == 0
        hasher.wait(1)
        assert hasher.done == regions[0][1] + regions[1][1]


@given(data=st.binary(max_size=4096), cut=st.integers(0, 4096), start=st.integers(0, 2**32 - 1))
def test_crc32_gives_zlibs_values_whole_and_continued(data: bytes, cut: int, start: int) -> None:
    # The ZIP format's CRC-32 is zlib's; ISA-L's must give the same values, also when a member
    # is checked a chunk at a time (the running value passed on) and from a memoryview.
    assert crc32(data, start) == zlib.crc32(data, start)
    view = memoryview(data)
    assert crc32(view[cut:], crc32(view[:cut])) == zlib.crc32(data)



class _PublishingLate(RegionHasher):
    """Holds each result back until another caller waits for it (CPython's Condition keeps
    its waiters in ``_waiters``): the moment a result published without a notify is lost."""

    def _hash(self, index: int, buffer: bytearray) -> tuple[str, int] | None:
        result = super()._hash(index, buffer)
        while not self._changed._waiters:  # type: ignore[attr-defined]
            time.sleep(0)
        return result


def test_without_threads_a_caller_waiting_for_a_region_another_hashes_gets_it(
    tmp_path: Path,
) -> None:
    # A small bundle's import: its attachment thread and its main thread both wait for members
    # of one hasher that has no thread of its own, so one of them hashes while the other waits.
    data = os.urandom(3 * MIB)
    path = tmp_path / "container"
    path.write_bytes(data)
    expected = (hashlib.sha256(data).hexdigest(), zlib.crc32(data))
    got: list[tuple[str, int]] = []
    with path.open("rb") as file, _PublishingLate(file.fileno(), [(0, len(data))], 0) as hasher:
        first = threading.Thread(target=lambda: got.append(hasher.wait(0)), daemon=True)
        first.start()
        while hasher.done == 0:  # the first caller has taken the region and started on it
            time.sleep(0)
        second = threading.Thread(target=lambda: got.append(hasher.wait(0)), daemon=True)
        second.start()
        # A guard against hanging the suite, not a measure of speed.
        for thread in (first, second):
            thread.join(timeout=30)
        assert not first.is_alive()
        assert not second.is_alive(), "a caller waits for ever for a region already hashed"
    assert got == [expected, expected]
