"""Reading the canonical container (``container``): its structure checked byte for byte before
any member is read, then each member streamed with its CRC-32 checked."""

import io
import os
from typing import BinaryIO

from fieldapp.errors import BundleRejectedError
from fieldapp.hashing import crc32
from fieldapp.sync.container import (
    _CENTRAL,
    _END,
    CENTRAL_HEADER_BYTES,
    END_RECORD_BYTES,
    LOCAL_HEADER_BYTES,
    MAX_CONTAINER_BYTES,
    MAX_MEMBERS,
    MAX_NAME_BYTES,
    MISSING,
    TOO_LARGE,
    Member,
    _central_header,
    _damaged,
    _end_record,
    _local_header,
    _Names,
    is_valid_member_name,
)


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
            self._crc = crc32(view, self._crc)
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
