"""The container of bundles and packs: a canonical ZIP file, members stored, one layout only.

Any ZIP tool can open a bundle (an auditor needs only ``unzip``), but fieldapp writes and reads a
single spelling of it, so that every byte is either signed, covered by a signed hash, or checked
for its one allowed value (DESIGN.md §5):

- each member is a local header, then its bytes, stored (method 0), with no data descriptor;
- members follow each other from offset 0 with no gap, in the order they were added, and the
  central directory follows the last one, then the end record, which ends the file;
- every field without meaning here has one fixed value: flags 0, version 2.0, the DOS time
  1980-01-01 00:00:00, attributes 0, no extra fields, no comments, disk numbers 0;
- names are short printable ASCII (``MEMBER_NAME_PATTERN``), unique even ignoring case.

The reader re-encodes each header and record it parses from the values it found and requires
the same bytes: anything a ZIP allows but this layout does not (compression, extra fields,
comments, ZIP64, data between members, a local header that disagrees with the directory) is
refused, with one error, before a member is read. Counts and sizes are capped before anything
is allocated. The CRC-32 of each member is checked when it has been read to its end; it detects
damage, not tampering, which is the manifest's signed SHA-256's job.

No ZIP64: the container, end record included, is at most ``MAX_CONTAINER_BYTES`` (4 GiB less one
byte), so no size or offset field reaches 0xFFFFFFFF, which ZIP readers take to mean "see the
ZIP64 record".
"""

import io
import os
import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from fieldapp.errors import BundleRejectedError, BundleTooLargeError

# The largest container: every size and offset in a ZIP without ZIP64 is a 32-bit field whose
# all-ones value means "look in the ZIP64 record". Keeping the whole file below that value keeps
# every field below it too.
MAX_CONTAINER_BYTES = 0xFFFFFFFF
# The entry counts are 16-bit fields, and 0xFFFF too means "look in the ZIP64 record".
MAX_MEMBERS = 0xFFFE
MAX_NAME_BYTES = 128

# A name is one or two segments ("records.age", "blobs/<id>.age"). A segment starts with a letter,
# digit or underscore (not "-", which a command line takes for an option; not ".", so no "." or
# ".." or hidden files), and dots stand only between other characters (a trailing dot vanishes on
# Windows, so "a." and "a" would land on one file). No "/" at the start, no "\\", no empty segment.
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
MEMBER_NAME_PATTERN = rf"{_SEGMENT}(?:/{_SEGMENT})?"
_NAME_RE = re.compile(MEMBER_NAME_PATTERN)

LOCAL_HEADER_SIGNATURE = 0x04034B50
CENTRAL_HEADER_SIGNATURE = 0x02014B50
END_RECORD_SIGNATURE = 0x06054B50
# Version 2.0: the version Python's zipfile and Info-ZIP write for stored members. The "made by"
# host byte is 0 (MS-DOS): with it, attributes 0 mean "a plain file", and unzip gives extracted
# files the user's default permissions instead of reading 0 as a Unix mode of ---------.
ZIP_VERSION = 20
VERSION_MADE_BY = ZIP_VERSION
FLAGS = 0
METHOD_STORED = 0
# 1980-01-01 00:00:00, the earliest DOS date: device clocks are not trusted (DESIGN.md §4), and a
# fixed time makes the same members give the same bytes.
DOS_TIME = 0
DOS_DATE = (0 << 9) | (1 << 5) | 1
INTERNAL_ATTRIBUTES = 0
EXTERNAL_ATTRIBUTES = 0

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
LOCAL_HEADER_BYTES = _LOCAL.size  # 30, then the name
CENTRAL_HEADER_BYTES = _CENTRAL.size  # 46, then the name
END_RECORD_BYTES = _END.size  # 22

# Members are copied and checked in chunks of this size: memory stays flat for any member size.
CHUNK_SIZE = 1024 * 1024

DAMAGED = "the file is damaged or is not a bundle."
TOO_LARGE = "it is larger, or has more parts, than this program accepts."
MISSING = "a part it must hold is missing."


@dataclass(frozen=True)
class Member:
    """One member of a container: its name, where its data starts, its size and CRC-32."""

    name: str
    offset: int  # of the member's first data byte, after its local header
    size: int
    crc: int


def _local_header(name: bytes, size: int, crc: int) -> bytes:
    return (
        _LOCAL.pack(
            LOCAL_HEADER_SIGNATURE,
            ZIP_VERSION,
            FLAGS,
            METHOD_STORED,
            DOS_TIME,
            DOS_DATE,
            crc,
            size,  # compressed size: stored, so the same
            size,
            len(name),
            0,  # extra field length
        )
        + name
    )


def _central_header(name: bytes, size: int, crc: int, header_offset: int) -> bytes:
    return (
        _CENTRAL.pack(
            CENTRAL_HEADER_SIGNATURE,
            VERSION_MADE_BY,
            ZIP_VERSION,
            FLAGS,
            METHOD_STORED,
            DOS_TIME,
            DOS_DATE,
            crc,
            size,
            size,
            len(name),
            0,  # extra field length
            0,  # comment length
            0,  # disk number
            INTERNAL_ATTRIBUTES,
            EXTERNAL_ATTRIBUTES,
            header_offset,
        )
        + name
    )


def _end_record(count: int, directory_size: int, directory_offset: int) -> bytes:
    return _END.pack(
        END_RECORD_SIGNATURE,
        0,  # this disk
        0,  # the disk where the directory starts
        count,  # entries on this disk
        count,  # entries in all
        directory_size,
        directory_offset,
        0,  # comment length
    )


def is_valid_member_name(name: str) -> bool:
    """Whether ``name`` is a name the container allows (alone; uniqueness is checked apart)."""
    return (
        isinstance(name, str)
        and name.isascii()
        and len(name) <= MAX_NAME_BYTES
        and _NAME_RE.fullmatch(name) is not None
    )


class _Names:
    """Names seen so far, refusing two that one file system would take for one file."""

    def __init__(self) -> None:
        self._files: set[str] = set()
        self._folders: set[str] = set()

    def add(self, name: str) -> bool:
        # Case is folded because Windows and macOS file systems fold it: "A" and "a" would be
        # extracted onto one file. A name that is also the folder of another ("blobs" beside
        # "blobs/x") cannot be extracted either.
        key = name.lower()
        folder, _, rest = key.rpartition("/")
        if key in self._files or key in self._folders or (rest and folder in self._files):
            return False
        self._files.add(key)
        if folder:
            self._folders.add(folder)
        return True


# --- writing -------------------------------------------------------------------------------------


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
        self.crc = zlib.crc32(view, self.crc)
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
        crc = zlib.crc32(view)
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


# --- reading -------------------------------------------------------------------------------------


def _damaged() -> BundleRejectedError:
    return BundleRejectedError(DAMAGED)


class MemberReader(io.RawIOBase):
    """The bytes of one member, read in order; the CRC-32 is checked when the end is reached.

    Several readers over one container may be used in turn, or at once on several threads:
    over a real file each reads with pread at its own offset, leaving the file's position alone
    (otherwise each seeks to its own place, one reader at a time).
    """

    def __init__(self, file: BinaryIO, member: Member, *, check_crc: bool = True) -> None:
        super().__init__()
        self._file = file
        self._fd = _descriptor(file)
        self._member = member
        self._position = 0
        self._crc = 0
        self._check_crc = check_crc

    @property
    def remaining(self) -> int:
        return self._member.size - self._position

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        # Clamped, so that read(huge) on a small member does not allocate "huge" up front.
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        return super().read(size) or b""

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.closed:
            raise ValueError("read from a closed member")
        count = min(len(buffer), self.remaining)
        if count == 0:
            return 0
        # Straight into the caller's buffer: no new object per chunk.
        view = memoryview(buffer).cast("B")[:count]
        # The file was checked to be long enough; a short read means it changed since.
        if self._read_at(self._member.offset + self._position, view) != count:
            raise _damaged()
        self._position += count
        if self._check_crc:
            self._crc = zlib.crc32(view, self._crc)
            if self._position == self._member.size and self._crc != self._member.crc:
                raise _damaged()
        return count

    def _read_at(self, offset: int, view: memoryview) -> int:
        if self._fd is None:
            self._file.seek(offset)
            return self._file.readinto(view) or 0
        done = 0
        while done < len(view):
            count = os.preadv(self._fd, [view[done:]], offset + done)
            if count <= 0:
                break
            done += count
        return done


def _descriptor(file: BinaryIO) -> int | None:
    """The file's descriptor if it has one that pread can read (not an in-memory file)."""
    if not hasattr(os, "preadv"):
        return None
    try:
        return file.fileno()
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation: BytesIO
        return None


class ContainerReader:
    """Parses and checks a container's structure; members are then read from the file on demand.

    The caps are the caller's: how many members, how large one member, and how many member bytes
    in all it will accept. They are checked against the declared counts and sizes before anything
    of that size is read or allocated. Every refusal is a ``BundleRejectedError``.
    """

    def __init__(
        self, file: BinaryIO, *, max_members: int, max_member_size: int, max_total: int
    ) -> None:
        if min(max_members, max_member_size, max_total) < 0:
            raise ValueError("the caps are not negative")
        self._file = file
        self._max_members = min(max_members, MAX_MEMBERS)
        self._max_member_size = max_member_size
        self._max_total = max_total
        self._members = self._parse()
        self._by_name = {member.name: member for member in self._members}

    @property
    def members(self) -> list[Member]:
        """Every member, in file order."""
        return list(self._members)

    @property
    def names(self) -> list[str]:
        return [member.name for member in self._members]

    def member(self, name: str) -> Member:
        try:
            return self._by_name[name]
        except KeyError:
            raise BundleRejectedError(MISSING) from None

    def open(self, name: str, *, check_crc: bool = True) -> MemberReader:
        """A reader over one member's bytes. ``check_crc=False`` only for a member read again
        whose every byte something stronger checks as it is read (an age file's AEAD)."""
        return MemberReader(self._file, self.member(name), check_crc=check_crc)

    def read(self, name: str, limit: int) -> bytes:
        """One member's bytes, refused unread if there are more than ``limit`` of them."""
        member = self.member(name)
        if member.size > limit:
            raise BundleRejectedError(TOO_LARGE)
        with self.open(name) as reader:
            data = reader.read(member.size)
            if len(data) != member.size:  # pragma: no cover - readinto raises first
                raise _damaged()
            return data

    # --- parsing ---

    def _read_at(self, offset: int, count: int) -> bytes:
        self._file.seek(offset)
        data = self._file.read(count)
        if not isinstance(data, bytes) or len(data) != count:
            raise _damaged()
        return data

    def _parse(self) -> list[Member]:
        file_size = self._file.seek(0, os.SEEK_END)
        if file_size > MAX_CONTAINER_BYTES:
            raise BundleRejectedError(TOO_LARGE)
        if file_size < END_RECORD_BYTES:
            raise _damaged()
        # The end record must be the last 22 bytes: no archive comment, nothing after it.
        end_offset = file_size - END_RECORD_BYTES
        end = self._read_at(end_offset, END_RECORD_BYTES)
        _, _, _, _, count, directory_size, directory_offset, _ = _END.unpack(end)
        if end != _end_record(count, directory_size, directory_offset):
            raise _damaged()
        if directory_offset + directory_size != end_offset:
            raise _damaged()
        if count > self._max_members:
            raise BundleRejectedError(TOO_LARGE)
        if directory_size < count * (CENTRAL_HEADER_BYTES + 1):
            raise _damaged()
        if directory_size > count * (CENTRAL_HEADER_BYTES + MAX_NAME_BYTES):
            raise _damaged()
        # The directory is read whole: the checks above bound it by the caller's member cap
        # (at most 65,534 entries of 174 bytes, 11 MiB).
        directory = self._read_at(directory_offset, directory_size)
        members = self._parse_directory(directory, count, directory_offset)
        for member in members:
            name = member.name.encode("ascii")
            header_offset = member.offset - LOCAL_HEADER_BYTES - len(name)
            expected = _local_header(name, member.size, member.crc)
            if self._read_at(header_offset, len(expected)) != expected:
                raise _damaged()
        return members

    def _parse_directory(self, directory: bytes, count: int, directory_offset: int) -> list[Member]:
        members: list[Member] = []
        names = _Names()
        position = 0
        next_offset = 0  # members are contiguous from the start of the file
        total = 0
        for _ in range(count):
            if position + CENTRAL_HEADER_BYTES > len(directory):
                raise _damaged()
            fields = _CENTRAL.unpack_from(directory, position)
            crc, _, size, name_length = fields[7], fields[8], fields[9], fields[10]
            header_offset = fields[16]
            end = position + CENTRAL_HEADER_BYTES + name_length
            if name_length > MAX_NAME_BYTES or end > len(directory):
                raise _damaged()
            raw_name = directory[position + CENTRAL_HEADER_BYTES : end]
            # Re-encoding from the values found must give the same bytes: this checks every
            # fixed field, that both sizes agree, and that no extra field or comment follows.
            if directory[position:end] != _central_header(raw_name, size, crc, header_offset):
                raise _damaged()
            try:
                name = raw_name.decode("ascii")
            except UnicodeDecodeError:
                raise _damaged() from None
            if not is_valid_member_name(name) or not names.add(name):
                raise _damaged()
            data_offset = header_offset + LOCAL_HEADER_BYTES + name_length
            # In file order, from offset 0, with nothing between: and within the member region.
            if header_offset != next_offset or data_offset + size > directory_offset:
                raise _damaged()
            if size > self._max_member_size:
                raise BundleRejectedError(TOO_LARGE)
            total += size
            if total > self._max_total:
                raise BundleRejectedError(TOO_LARGE)
            members.append(Member(name, data_offset, size, crc))
            next_offset = data_offset + size
            position = end
        if position != len(directory) or next_offset != directory_offset:
            raise _damaged()
        return members
