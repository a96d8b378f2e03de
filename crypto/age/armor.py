"""ASCII armor for age files (a strict PEM subset), both ways.

The reader accepts exactly what the age reference implementation accepts: the begin line, rows
of 64 base64 columns each decoded on its own, a last row of at most 64 columns, the end line,
LF or CRLF line ends, and whitespace only around the whole block. Anything else (PEM headers,
checksums, blank rows, trailing spaces, non-canonical base64) is refused.
"""

import base64
import binascii

from crypto.age.source import Source, Writer
from crypto.errors import ArmorError

BEGIN_LINE = b"-----BEGIN AGE ENCRYPTED FILE-----"
END_LINE = b"-----END AGE ENCRYPTED FILE-----"
COLUMNS_PER_LINE = 64
BYTES_PER_LINE = COLUMNS_PER_LINE // 4 * 3
# Whitespace allowed around the armor, capped so that a stream of spaces is refused quickly.
MAX_WHITESPACE = 1024
_WHITESPACE = b" \t\r\n"
_MAX_LINE = COLUMNS_PER_LINE + 2


def starts_armored(source: Source) -> bool:
    """Whether ``source`` begins (after a little whitespace) with the armor's begin line."""
    head = source.peek(MAX_WHITESPACE + len(BEGIN_LINE))
    return head.lstrip(_WHITESPACE).startswith(BEGIN_LINE)


def _decode_row(row: bytes) -> bytes:
    try:
        data = base64.b64decode(row, validate=True)
    except (binascii.Error, ValueError):
        raise ArmorError() from None
    if base64.b64encode(data) != row:
        raise ArmorError()
    return data


class ArmorReader:
    """A readable file object giving the binary age file inside an armored one."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._buffer = b""
        self._finished = False
        self._skip_leading_whitespace()
        if self._line() != BEGIN_LINE:
            raise ArmorError()

    def _skip_leading_whitespace(self) -> None:
        head = self._source.peek(MAX_WHITESPACE + 1)
        stripped = len(head) - len(head.lstrip(_WHITESPACE))
        if stripped > MAX_WHITESPACE:
            raise ArmorError()
        self._source.skip(stripped)

    def _line(self) -> bytes:
        raw = self._source.readline(_MAX_LINE + 1)
        if raw.endswith(b"\r\n"):
            return raw[:-2]
        if raw.endswith(b"\n"):
            return raw[:-1]
        # Only the end line may lack its newline, at the very end of the file.
        if len(raw) > _MAX_LINE:
            raise ArmorError()
        return raw

    def _finish(self) -> None:
        trailing = self._source.read(MAX_WHITESPACE + 1)
        # As age: 1,024 bytes of whitespace after the end line are already too many.
        if len(trailing) >= MAX_WHITESPACE or trailing.strip(_WHITESPACE):
            raise ArmorError()
        self._finished = True

    def _next_row(self) -> bytes:
        line = self._line()
        if line == END_LINE:
            self._finish()
            return b""
        if not line or len(line) > COLUMNS_PER_LINE:
            raise ArmorError()
        data = _decode_row(line)
        if len(line) < COLUMNS_PER_LINE:
            # A short row is the last one: the end line must follow it.
            if self._line() != END_LINE:
                raise ArmorError()
            self._finish()
        return data

    def read(self, size: int = -1) -> bytes:
        want = size if size >= 0 else 1 << 62
        parts = [self._buffer]
        have = len(self._buffer)
        while have < want and not self._finished:
            row = self._next_row()
            parts.append(row)
            have += len(row)
        data = b"".join(parts)
        self._buffer = data[want:]
        return data[:want]


class ArmorWriter:
    """Writes armor into ``write``: rows of 64 columns, then the end line on ``close``."""

    def __init__(self, write: Writer) -> None:
        self._write = write
        self._pending = bytearray()
        self._write(BEGIN_LINE + b"\n")

    def write(self, data: bytes) -> int:
        self._pending += data
        whole = len(self._pending) // BYTES_PER_LINE * BYTES_PER_LINE
        if whole:
            encoded = base64.b64encode(bytes(self._pending[:whole]))
            rows = [encoded[i : i + COLUMNS_PER_LINE] for i in range(0, len(encoded), 64)]
            self._write(b"\n".join(rows) + b"\n")
            del self._pending[:whole]
        return len(data)

    def close(self) -> None:
        if self._pending:
            self._write(base64.b64encode(bytes(self._pending)) + b"\n")
            self._pending.clear()
        self._write(END_LINE + b"\n")


def armored_source(source: Source) -> Source:
    """A source over the binary file inside the armored ``source``."""
    return Source(ArmorReader(source))
