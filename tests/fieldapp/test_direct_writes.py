"""Files written around the page cache: the same bytes whatever the path they take."""

import errno
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp import direct_writes
from fieldapp.direct_writes import ALIGNMENT, BLOCK, DEPTH, DirectFile, DirectWriter

SIZES = [0, 1, ALIGNMENT - 1, ALIGNMENT, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 12_345]


def _write(
    path: Path, data: bytes, pieces: list[int], block: int = BLOCK, depth: int = DEPTH
) -> DirectWriter:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        writer = DirectWriter(fd, block, depth)
        offset = 0
        for piece in pieces:
            writer.write(data[offset : offset + piece])
            offset += piece
        writer.write(data[offset:])
        assert writer.size == len(data)
        writer.finish()
    finally:
        os.close(fd)
    return writer


def _direct_supported(folder: Path) -> bool:
    probe = folder / "probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o600)
    try:
        block = direct_writes.mmap.mmap(-1, ALIGNMENT)
        try:
            os.write(fd, block)
        except OSError:
            return False
        finally:
            block.close()
        return True
    finally:
        os.close(fd)
        probe.unlink()


@pytest.mark.parametrize("size", SIZES)
def test_the_file_holds_exactly_what_was_written(tmp_path: Path, size: int) -> None:
    data = random.Random(size).randbytes(size)
    _write(tmp_path / "file", data, [7, ALIGNMENT, 100_000])
    assert (tmp_path / "file").read_bytes() == data


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(0, 3 * 64 * 1024),
    pieces=st.lists(st.integers(0, 70_000), max_size=6),
    blocks=st.integers(1, 16),
    depth=st.integers(1, 5),
)
def test_any_split_of_any_size_gives_the_same_bytes(
    tmp_path_factory: pytest.TempPathFactory,
    size: int,
    pieces: list[int],
    blocks: int,
    depth: int,
) -> None:
    path = tmp_path_factory.mktemp("split") / "file"
    data = random.Random(size).randbytes(size)
    _write(path, data, pieces, block=blocks * ALIGNMENT, depth=depth)
    assert path.read_bytes() == data


def test_a_file_of_a_block_or_more_goes_around_the_page_cache(tmp_path: Path) -> None:
    if not _direct_supported(tmp_path):
        pytest.skip("this file system refuses direct writes: the ordinary path is tested")
    large = _write(tmp_path / "large", os.urandom(BLOCK + 1), [])
    small = _write(tmp_path / "small", os.urandom(BLOCK - 1), [])
    assert large._direct
    assert not small._direct


@pytest.fixture
def refusing_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A file system that takes O_DIRECT but refuses the writes (EINVAL), as some do."""
    refused: list[int] = []
    real_pwrite = os.pwrite

    def pwrite(fd: int, data: bytes, offset: int) -> int:
        if direct_writes.fcntl.fcntl(fd, direct_writes.fcntl.F_GETFL) & os.O_DIRECT:
            refused.append(len(data))
            # Slow to refuse, as a disk is: the next blocks are on their way meanwhile.
            time.sleep(0.02)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr(direct_writes.os, "pwrite", pwrite)
    return refused


def test_a_refused_direct_write_is_made_the_ordinary_way(
    tmp_path: Path, refusing_writes: list[int]
) -> None:
    data = os.urandom(6 * BLOCK + 5)
    writer = _write(tmp_path / "file", data, [])
    # Tried with the blocks already on their way when the first was refused, never after.
    assert 1 <= len(refusing_writes) <= DEPTH
    assert set(refusing_writes) == {BLOCK}
    assert not writer._direct
    assert (tmp_path / "file").read_bytes() == data


def test_other_write_errors_are_raised(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "file", os.O_WRONLY | os.O_CREAT, 0o600)
    writer = DirectWriter(fd)
    # As a disk that went away: the descriptor now reads /dev/null only.
    read_only = os.open(os.devnull, os.O_RDONLY)
    os.dup2(read_only, fd)
    os.close(read_only)
    writer.write(bytes(BLOCK))  # on the disk thread: its failure comes with the next step
    with pytest.raises(OSError, match="Bad file descriptor") as raised:
        writer.flush()
    assert raised.value.errno == errno.EBADF
    writer.close()
    os.close(fd)


def test_the_block_must_be_aligned() -> None:
    with pytest.raises(ValueError, match="aligned"):
        DirectWriter(0, ALIGNMENT + 1)


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.booleans(), st.integers(0, 20_000), st.integers(0, 2**32)),
        max_size=25,
    ),
    blocks=st.integers(1, 3),
    depth=st.integers(1, 4),
)
def test_appends_and_rewrites_give_what_a_plain_file_would(
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[bool, int, int]],
    blocks: int,
    depth: int,
) -> None:
    """A container writer's pattern: append, go back to complete a header, append again."""
    path = tmp_path_factory.mktemp("file") / "direct"
    expected = bytearray()
    rng = random.Random(len(steps))
    with DirectFile(path, blocks * ALIGNMENT, depth) as file:
        for rewrite, length, where in steps:
            data = rng.randbytes(length)
            if rewrite and expected:
                start = where % len(expected)
                data = data[: len(expected) - start]
                file.seek(start)
                file.write(data)
                expected[start : start + len(data)] = data
                file.seek(0, os.SEEK_END)
            else:
                file.write(data)
                expected += data
            assert file.tell() == len(expected)
        file.flush()
        os.fsync(file.fileno())
    assert path.read_bytes() == bytes(expected)


def test_a_rewrite_must_stay_inside_what_was_written(tmp_path: Path) -> None:
    with DirectFile(tmp_path / "file") as file:
        file.write(b"0123456789")
        with pytest.raises(ValueError, match="outside"):
            file.seek(11)
        file.seek(8)
        file.write(b"abcd")  # the end rewritten and extended: no hole
        file.flush()
    assert (tmp_path / "file").read_bytes() == b"01234567abcd"


def test_nothing_is_written_to_the_descriptor_after_close_even_after_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first block fails at once, the two after it take their time: close() returns only
    once they are done, for the caller closes the descriptor next and its number may be reused
    by another file."""
    real_pwrite = os.pwrite
    finished: list[float] = []

    def pwrite(fd: int, data: bytes, offset: int) -> int:
        if offset == 0:
            raise OSError(errno.EIO, "Input/output error")
        time.sleep(0.05)
        written = real_pwrite(fd, data, offset)
        finished.append(time.monotonic())
        return written

    monkeypatch.setattr(direct_writes.os, "pwrite", pwrite)
    fd = os.open(tmp_path / "file", os.O_WRONLY | os.O_CREAT, 0o600)
    writer = DirectWriter(fd, ALIGNMENT, depth=4)
    writer.write(os.urandom(3 * ALIGNMENT + 10))  # three blocks on their way, none waited for
    writer.close()
    closed = time.monotonic()
    os.close(fd)
    assert finished
    assert max(finished) <= closed
