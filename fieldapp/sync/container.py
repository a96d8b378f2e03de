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

import re
import struct
from dataclasses import dataclass

from fieldapp.errors import BundleRejectedError

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


def _damaged() -> BundleRejectedError:
    return BundleRejectedError(DAMAGED)
