"""The STREAM payload: ChaCha20-Poly1305 over 64 KiB chunks, with a last-chunk flag.

Each chunk is authenticated on its own, so plaintext can be released chunk by chunk in constant
memory; the flag in the last chunk's nonce means that a payload cut at a chunk boundary, or
with chunks appended, fails to verify instead of decrypting to a shorter or longer plaintext.
"""

from collections.abc import Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from crypto.age.primitives import hkdf_sha256
from crypto.age.source import Readable, Source, Writer
from crypto.errors import PayloadError

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
PAYLOAD_LABEL = b"payload"
_COUNTER_SIZE = 11
_MAX_COUNTER = 1 << (8 * _COUNTER_SIZE)


def payload_key(file_key: bytes, nonce: bytes) -> bytes:
    return hkdf_sha256(file_key, nonce, PAYLOAD_LABEL)


def _chunk_nonce(counter: int, last: bool) -> bytes:
    if counter >= _MAX_COUNTER:
        raise PayloadError()
    return counter.to_bytes(_COUNTER_SIZE, "big") + (b"\x01" if last else b"\x00")


def _read_full(src: Readable, size: int) -> bytes:
    """``size`` bytes, fewer only at EOF: short reads from pipes must not look like a last chunk."""
    data = src.read(size)
    if len(data) == size or not data:
        return data
    parts = [data]
    remaining = size - len(data)
    while remaining:
        more = src.read(remaining)
        if not more:
            break
        parts.append(more)
        remaining -= len(more)
    return b"".join(parts)


class StreamEncryptor:
    """Encrypts written plaintext into ``write``; ``close`` seals the last chunk.

    The last chunk is held back until ``close``: only then do we know that it is the last one.
    """

    def __init__(self, key: bytes, write: Writer) -> None:
        self._aead = ChaCha20Poly1305(key)
        self._write = write
        self._pending = bytearray()
        self._counter = 0
        self._closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed age stream")
        self._pending += data
        # Strictly more than a chunk: a full chunk at the end may still be the last one.
        while len(self._pending) > CHUNK_SIZE:
            self._emit(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._pending), last=True)
            self._pending.clear()
            self._closed = True

    def _emit(self, chunk: bytes, last: bool) -> None:
        self._write(self._aead.encrypt(_chunk_nonce(self._counter, last), chunk, None))
        self._counter += 1


def encrypt_payload(src: Readable, key: bytes, write: Writer) -> None:
    """Encrypt all of ``src`` as a STREAM payload."""
    aead = ChaCha20Poly1305(key)
    counter = 0
    chunk = _read_full(src, CHUNK_SIZE)
    while True:
        following = _read_full(src, CHUNK_SIZE) if len(chunk) == CHUNK_SIZE else b""
        last = not following
        write(aead.encrypt(_chunk_nonce(counter, last), chunk, None))
        if last:
            return
        counter += 1
        chunk = following


class StreamDecryptor:
    """Yields verified plaintext chunks of a STREAM payload, and nothing unverified."""

    def __init__(self, source: Source | Readable, key: bytes) -> None:
        self._src = source
        self._aead = ChaCha20Poly1305(key)
        self._counter = 0
        self._next = _read_full(source, ENCRYPTED_CHUNK_SIZE)
        self._failed = False
        self.done = False

    def next_chunk(self) -> bytes:
        """The next chunk's plaintext; b"" once the last chunk has been returned.

        A full-size chunk is tried first as a middle chunk and then as the last one, as age
        does; a short chunk can only be the last one. What follows is checked one call later,
        so the authentic plaintext before a truncation or trailing garbage is still released.
        """
        if self.done:
            return b""
        if self._failed:
            raise PayloadError()
        # Every refusal below stays a refusal: a caller that reads again after it must never
        # get the chunks after an unauthenticated one, as if it had not been there (age's own
        # reader returns its first error to every later read).
        self._failed = True
        chunk = self._next
        if len(chunk) < TAG_SIZE:
            raise PayloadError()
        full = len(chunk) == ENCRYPTED_CHUNK_SIZE
        self._next = _read_full(self._src, ENCRYPTED_CHUNK_SIZE) if full else b""
        plaintext = self._open(chunk, last=False) if full else None
        if plaintext is not None:
            # A middle chunk must be followed by more: a payload cut at a chunk boundary ends here.
            self._failed = not self._next
        else:
            plaintext = self._open(chunk, last=True)
            # Only an empty file ends in an empty chunk; otherwise one could be appended.
            if plaintext is None or (not plaintext and self._counter > 0):
                raise PayloadError()
            self._failed = bool(self._next)
            self.done = not self._failed
        self._counter += 1
        return plaintext

    def _open(self, chunk: bytes, last: bool) -> bytes | None:
        try:
            return self._aead.decrypt(_chunk_nonce(self._counter, last), chunk, None)
        except InvalidTag:
            return None


#: STREAM chunks read at a time by ``decrypt_blocks``: 1 MiB of ciphertext per read and write.
BLOCK_CHUNKS = 16


class _BlockStream:
    """The STREAM rules over a payload read in blocks of whole chunks, one block after another.

    Every chunk but the last is full and flagged as a middle chunk; the last is flagged as last
    and empty only in an empty payload. A block shorter than asked for (perhaps empty) ends the
    payload, so a payload cut at a chunk boundary, or with bytes after its last chunk, fails
    (after the chunks before it). The last full chunk of a block is held back (copied: the
    caller reuses its buffers) until the next block says whether it was the last one.
    """

    def __init__(self, key: bytes) -> None:
        self._aead = ChaCha20Poly1305(key)
        self._counter = 0
        self._held = b""

    def _chunks(self, block: memoryview, ended: bool) -> list[tuple[bytes | memoryview, bool]]:
        """The chunks ``block`` completes, each with whether it is the last one."""
        step = ENCRYPTED_CHUNK_SIZE
        chunks = [self._held] if self._held else []
        chunks += [block[i : i + step] for i in range(0, len(block), step)]
        self._held = b""
        if not ended:
            self._held = bytes(chunks.pop())
        if ended and not chunks:
            raise PayloadError()  # no chunk at all: not even an empty payload's
        for index, chunk in enumerate(chunks):
            last = ended and index == len(chunks) - 1
            if len(chunk) != ENCRYPTED_CHUNK_SIZE and not last:
                raise PayloadError()  # pragma: no cover - only the final slice can be short
            if len(chunk) < TAG_SIZE:
                raise PayloadError()
        return [(chunk, ended and i == len(chunks) - 1) for i, chunk in enumerate(chunks)]

    def _opened(self, last: bool, size: int) -> None:
        if last and not size and self._counter > 0:
            raise PayloadError()  # only an empty payload ends in an empty chunk
        self._counter += 1

    def feed(self, block: memoryview, ended: bool) -> Iterator[bytes]:
        """The verified plaintext chunks ``block`` completes; ``ended``: no block follows."""
        for chunk, last in self._chunks(block, ended):
            try:
                plaintext = self._aead.decrypt(_chunk_nonce(self._counter, last), chunk, None)
            except InvalidTag:
                raise PayloadError() from None
            self._opened(last, len(plaintext))
            yield plaintext

    def feed_into(self, block: memoryview, ended: bool, out: memoryview) -> int:
        """``feed``, the plaintext written into ``out`` (room for one chunk more than a block
        holds) one chunk after another: how many bytes. On a failure ``out`` may hold
        unverified bytes: use it only once this returned."""
        filled = 0
        for chunk, last in self._chunks(block, ended):
            size = len(chunk) - TAG_SIZE
            nonce = _chunk_nonce(self._counter, last)
            try:
                self._aead.decrypt_into(nonce, chunk, None, out[filled : filled + size])
            except InvalidTag:
                raise PayloadError() from None
            self._opened(last, size)
            filled += size
        return filled


def decrypt_blocks(
    readinto: Callable[[memoryview], int],
    key: bytes,
    write: Writer | None = None,
    block_chunks: int = BLOCK_CHUNKS,
) -> Iterator[bytes]:
    """Verified plaintext chunks of a STREAM payload read ``block_chunks`` chunks at a time.

    ``readinto`` fills as much of a buffer as the payload has left (fewer bytes only at its
    end), so the end is known when a read comes back short; ``write``, if given, gets each
    block of ciphertext as it was read, before it is verified. The rules are
    ``StreamDecryptor``'s (``_BlockStream``). One buffer is reused for every block, so a large
    payload costs one read and one write a block instead of one a chunk.
    """
    stream = _BlockStream(key)
    view = memoryview(bytearray(block_chunks * ENCRYPTED_CHUNK_SIZE))
    while True:
        count = readinto(view)
        if write is not None and count:
            write(view[:count])
        ended = count < len(view)
        yield from stream.feed(view[:count], ended)
        if ended:
            return


def decrypt_blocks_into(
    readinto: Callable[[memoryview], int],
    key: bytes,
    write: Writer | None,
    consume: Callable[[memoryview], object],
    block_chunks: int = BLOCK_CHUNKS,
) -> None:
    """``decrypt_blocks``, each block's verified plaintext decrypted into one reused buffer and
    given whole to ``consume`` (a view valid only during the call): no new object per chunk,
    and one call a block rather than one a chunk (a hash then releases the GIL once a block).
    Returns when every chunk is verified and consumed; raises ``PayloadError`` on the first
    chunk that fails (after ``consume`` had the blocks before it)."""
    stream = _BlockStream(key)
    view = memoryview(bytearray(block_chunks * ENCRYPTED_CHUNK_SIZE))
    # One chunk more than a block holds: a block that ends the payload completes the full chunk
    # held back from the block before it, and its own.
    plaintext = memoryview(bytearray((block_chunks + 1) * CHUNK_SIZE))
    while True:
        count = readinto(view)
        if write is not None and count:
            write(view[:count])
        ended = count < len(view)
        filled = stream.feed_into(view[:count], ended, plaintext)
        if filled:
            consume(plaintext[:filled])
        if ended:
            return


def decrypt_payload(source: Source | Readable, key: bytes, write: Writer) -> None:
    """Decrypt a whole STREAM payload into ``write``, chunk by verified chunk."""
    decryptor = StreamDecryptor(source, key)
    while not decryptor.done:
        plaintext = decryptor.next_chunk()
        if plaintext:
            write(plaintext)
