"""Writing the canonical container (``container``): members in order, headers patched in place,
then the central directory and the end record."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from fieldapp.errors import BundleTooLargeError
from fieldapp.hashing import crc32
from fieldapp.sync.container import (
    CENTRAL_HEADER_BYTES,
    CHUNK_SIZE,
    END_RECORD_BYTES,
    LOCAL_HEADER_BYTES,
    MAX_CONTAINER_BYTES,
    MAX_MEMBERS,
    MEMBER_NAME_PATTERN,
    Member,
    _central_header,
    _end_record,
    _local_header,
    _Names,
    is_valid_member_name,
)


def _member(name: bytes, size: int, crc: int, header_offset: int) -> Member:
    return Member(name.decode("ascii"), header_offset + LOCAL_HEADER_BYTES + len(name), size, crc)


class MemberWriter:
    """Where one member's bytes go, from ``ContainerWriter.open_member``."""

    def __init__(self, container: "ContainerWriter") -> None:
        self._container = container
        self.size = 0
        self.crc = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self.closed:
            raise ValueError("this member is finished")
        view = memoryview(data).cast("B")
        self._container._reserve(len(view))
        self._container._write(view)
        self.crc = crc32(view, self.crc)
        self.size += len(view)
        return len(view)


@dataclass(frozen=True)
class Reservation:
    """Room left for a member whose bytes are written later, by ``ContainerWriter.fill``."""

    index: int  # the member's place in the container's order
    name: bytes
    header_offset: int
    size: int


class ContainerWriter:
    """Writes a canonical container to a seekable binary file, from its first byte.

    Members are written as they come, in constant memory: a member's local header is written
    with a zero size and CRC, its bytes follow, and the header is patched in place when the
    member is finished. ``close`` writes the central directory and the end record; it does not
    close the file. A writer that failed midway (an exception in ``open_member``, a size past the
    cap) refuses to go on, and what it wrote is not a container: the caller discards the file.

    A member whose exact size is known before its bytes (a manifest listing the hashes of the
    members after it) can be ``reserve``d at its place and ``fill``ed once they are written, so
    that the members it describes are read only once.
    """

    def __init__(self, file: BinaryIO) -> None:
        if not file.seekable():
            raise ValueError("the container is written to a seekable file")
        if file.tell() != 0:
            raise ValueError("the container starts at the beginning of the file")
        self._file = file
        self._entries: list[tuple[bytes, int, int, int]] = []  # name, size, crc, header offset
        self._names = _Names()
        self._offset = 0
        # Bytes the central directory and end record will take, for the entries so far.
        self._trailer = END_RECORD_BYTES
        self._busy = False
        self._failed = False
        self._closed = False
        self._unfilled: set[int] = set()

    def __enter__(self) -> "ContainerWriter":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self._failed = True

    @property
    def members(self) -> list[Member]:
        """The members written so far, in order."""
        return [_member(*entry) for entry in self._entries]

    def add(self, name: str, data: bytes | bytearray | memoryview) -> Member:
        """Add a member whose bytes are at hand."""
        with self.open_member(name) as sink:
            sink.write(data)
        return _member(*self._entries[-1])

    @contextmanager
    def open_member(self, name: str) -> Iterator[MemberWriter]:
        """Add a member whose bytes are written, in any number of calls, to what this yields."""
        self._check_usable()
        if not is_valid_member_name(name):
            raise ValueError(f"{name!r} is not a valid member name ({MEMBER_NAME_PATTERN})")
        if len(self._entries) >= MAX_MEMBERS:
            self._failed = True
            raise BundleTooLargeError()
        encoded = name.encode("ascii")
        if not self._names.add(name):
            raise ValueError(f"{name!r} repeats, or collides with, a member already added")
        start = self._offset
        self._trailer += CENTRAL_HEADER_BYTES + len(encoded)
        self._reserve(LOCAL_HEADER_BYTES + len(encoded))
        self._write(_local_header(encoded, 0, 0))
        sink = MemberWriter(self)
        self._busy = True
        try:
            yield sink
        except BaseException:
            self._failed = True
            raise
        finally:
            self._busy = False
            sink.closed = True
        # Patch the header now that the size and CRC are known: no data descriptor, so every
        # reader finds them where the local header says, and the header matches the directory.
        self._file.seek(start)
        self._write_raw(_local_header(encoded, sink.size, sink.crc))
        self._file.seek(self._offset)
        self._entries.append((encoded, sink.size, sink.crc, start))

    def reserve(self, name: str, size: int) -> Reservation:
        """Take the next place in the order for a member of exactly ``size`` bytes, written
        later with ``fill``; until then the place holds zeros and ``close`` refuses."""
        if size < 0:
            raise ValueError("a member's size is not negative")
        with self.open_member(name) as sink:
            zeros = bytes(min(size, CHUNK_SIZE))
            left = size
            while left:
                left -= sink.write(zeros[: min(left, len(zeros))])
        encoded, _, _, start = self._entries[-1]
        index = len(self._entries) - 1
        self._unfilled.add(index)
        return Reservation(index, encoded, start, size)

    def fill(self, reservation: Reservation, data: bytes | bytearray | memoryview) -> Member:
        """Write a reserved member's bytes, which must be exactly as many as reserved."""
        self._check_usable()
        if reservation.index not in self._unfilled:
            raise ValueError("this reservation is not open")
        view = memoryview(data).cast("B")
        if len(view) != reservation.size:
            raise ValueError("a reserved member must be filled with exactly its size")
        crc = crc32(view)
        self._file.seek(reservation.header_offset)
        self._write_raw(_local_header(reservation.name, reservation.size, crc))
        self._write_raw(view)
        self._file.seek(self._offset)
        entry = (reservation.name, reservation.size, crc, reservation.header_offset)
        self._entries[reservation.index] = entry
        self._unfilled.discard(reservation.index)
        return _member(*entry)

    def close(self) -> None:
        """Write the central directory and the end record. The file stays open."""
        if self._closed:
            return
        self._check_usable()
        if self._unfilled:
            raise ValueError("a reserved member was never filled")
        directory_offset = self._offset
        directory = b"".join(
            _central_header(name, size, crc, offset) for name, size, crc, offset in self._entries
        )
        # _reserve counted these bytes with every member, so they fit.
        self._write(directory)
        self._write(_end_record(len(self._entries), len(directory), directory_offset))
        self._file.flush()
        self._closed = True

    def _check_usable(self) -> None:
        if self._closed:
            raise ValueError("the container is closed")
        if self._failed:
            raise ValueError("the container failed while being written; discard the file")
        if self._busy:
            raise ValueError("finish the open member first")

    def _reserve(self, count: int) -> None:
        # Refuse before writing: the file would end above the cap once the directory is added.
        if self._offset + count + self._trailer > MAX_CONTAINER_BYTES:
            self._failed = True
            raise BundleTooLargeError()

    def _write(self, data: bytes | memoryview) -> None:
        self._write_raw(data)
        self._offset += len(data)

    def _write_raw(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        try:
            while view:
                # An unbuffered (raw) file may take fewer bytes than given.
                written = self._file.write(view)
                if written is None or written <= 0:
                    raise OSError("the file accepted no bytes")
                view = view[written:]
        except BaseException:
            # A full disk or a pulled stick: what is on the file is no container now.
            self._failed = True
            raise
