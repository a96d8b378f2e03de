"""A buffered byte source over any readable binary file object.

The header parser needs lines and a peek (to tell armor from binary) while the payload reader
needs large exact reads; one small buffer serves both without reading past what is asked for
more than one block. Reads are capped by the caller, so a hostile stream cannot make a line
grow without bound.
"""

from collections.abc import Callable
from typing import BinaryIO, Protocol

_BLOCK_SIZE = 64 * 1024

Writer = Callable[[bytes], object]


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Source:
    """Lines, peeks and exact reads over ``raw``."""

    def __init__(self, raw: Readable | BinaryIO) -> None:
        self._raw = raw
        self._pending = bytearray()
        self._eof = False

    def _fill(self, size: int) -> None:
        while len(self._pending) < size and not self._eof:
            block = self._raw.read(max(_BLOCK_SIZE, size - len(self._pending)))
            if not block:
                self._eof = True
            else:
                self._pending += block

    def peek(self, size: int) -> bytes:
        """Up to ``size`` bytes without consuming them (fewer only at the end of the stream)."""
        self._fill(size)
        return bytes(self._pending[:size])

    def skip(self, size: int) -> None:
        self._fill(size)
        del self._pending[:size]

    def readline(self, limit: int) -> bytes:
        """One line with its b"\\n", or at most ``limit`` bytes, or what is left before EOF."""
        start = 0
        while True:
            end = self._pending.find(b"\n", start, limit)
            if end >= 0:
                return self._take(end + 1)
            if len(self._pending) >= limit or self._eof:
                return self._take(min(limit, len(self._pending)))
            start = len(self._pending)
            self._fill(len(self._pending) + 1)

    def read(self, size: int) -> bytes:
        """Exactly ``size`` bytes, or fewer only at the end of the stream."""
        if size >= _BLOCK_SIZE and len(self._pending) < size:
            # Large payload reads bypass the buffer once it is drained: one copy fewer on the
            # hot path.
            head = self._take(len(self._pending))
            rest = self._read_direct(size - len(head))
            return head + rest if head else rest
        self._fill(size)
        return self._take(min(size, len(self._pending)))

    def readinto(self, buffer: memoryview) -> int:
        """Fill ``buffer`` from the stream: fewer bytes only at its end (for block readers)."""
        view = memoryview(buffer).cast("B")
        filled = min(len(view), len(self._pending))
        view[:filled] = self._pending[:filled]
        del self._pending[:filled]
        into = getattr(self._raw, "readinto", None)
        while filled < len(view) and not self._eof:
            if into is not None:
                count = into(view[filled:]) or 0
            else:
                block = self._raw.read(len(view) - filled)
                count = len(block)
                view[filled : filled + count] = block
            if not count:
                self._eof = True
            filled += count
        return filled

    def _read_direct(self, size: int) -> bytes:
        parts: list[bytes] = []
        remaining = size
        while remaining and not self._eof:
            block = self._raw.read(remaining)
            if not block:
                self._eof = True
            else:
                parts.append(block)
                remaining -= len(block)
        if len(parts) == 1:
            return parts[0]
        return b"".join(parts)

    def at_eof(self) -> bool:
        self._fill(1)
        return not self._pending

    def _take(self, size: int) -> bytes:
        data = bytes(self._pending[:size])
        del self._pending[:size]
        return data
