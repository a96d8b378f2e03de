"""Whole age files: encrypt, decrypt and re-address, streaming over binary file objects.

Memory stays flat whatever the size: the payload moves one 64 KiB chunk at a time. Decryption
writes only verified chunks to the destination, and raises on the first failure, so a caller
can always tell a finished decryption (it returned) from a failed one (it raised); callers
that write to disk write to a temporary name and rename only on success.
"""

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import BinaryIO

from crypto.age.armor import ArmorWriter, armored_source, starts_armored
from crypto.age.format import (
    PAYLOAD_NONCE_SIZE,
    Header,
    Identity,
    Recipient,
    encode_header,
    read_header,
    verify_header_mac,
)
from crypto.age.keys import parse_identity, parse_recipient
from crypto.age.primitives import FILE_KEY_SIZE
from crypto.age.scrypt import DEFAULT_WORK_FACTOR, ScryptIdentity, ScryptRecipient
from crypto.age.source import Readable, Source, Writer
from crypto.age.stream import (
    StreamDecryptor,
    StreamEncryptor,
    decrypt_blocks,
    decrypt_blocks_into,
    encrypt_payload,
    payload_key,
)
from crypto.errors import FormatError, HeaderMacError, NoIdentityMatchError

_COPY_BUFFER = 1024 * 1024


def _recipients(recipients: Iterable[str | Recipient]) -> list[Recipient]:
    parsed = [parse_recipient(r) if isinstance(r, str) else r for r in recipients]
    if not parsed:
        raise FormatError("A file needs at least one recipient.")
    kinds = {r.post_quantum for r in parsed}
    # age forbids mixing: a classic stanza beside a post-quantum one would let a future
    # quantum adversary open the file through the classic one, silently undoing the choice.
    if len(kinds) > 1:
        raise FormatError(
            "Post-quantum and classic recipients cannot share one file; choose one kind."
        )
    return parsed


def _identities(identities: Iterable[str | Identity], passphrase: str | None) -> list[Identity]:
    parsed = [parse_identity(i) if isinstance(i, str) else i for i in identities]
    if passphrase is not None:
        parsed.append(ScryptIdentity(passphrase))
    if not parsed:
        raise ValueError("decryption needs an identity or a passphrase")
    return parsed


def _header_for(recipients: Sequence[Recipient], file_key: bytes) -> bytes:
    stanzas = [stanza for r in recipients for stanza in r.wrap(file_key)]
    return encode_header(stanzas, file_key)


class _Output:
    """Where encrypted bytes go: straight to ``dst``, or through armor."""

    def __init__(self, dst: BinaryIO, armor: bool) -> None:
        self._armor = ArmorWriter(dst.write) if armor else None
        self.write: Writer = self._armor.write if self._armor else dst.write

    def close(self) -> None:
        if self._armor:
            self._armor.close()


class EncryptingWriter:
    """A file object that encrypts what is written to it; ``close`` finishes the age file.

    Used where plaintext arrives piece by piece (audio recorded straight into storage). It does
    not close ``dst``; a writer abandoned without ``close`` leaves a file that fails to decrypt.
    """

    def __init__(
        self, dst: BinaryIO, recipients: Iterable[str | Recipient], *, armor: bool = False
    ) -> None:
        file_key = os.urandom(FILE_KEY_SIZE)
        header = _header_for(_recipients(recipients), file_key)
        self._output = _Output(dst, armor)
        self._output.write(header)
        nonce = os.urandom(PAYLOAD_NONCE_SIZE)
        self._output.write(nonce)
        self._stream = StreamEncryptor(payload_key(file_key, nonce), self._output.write)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        return self._stream.write(data)

    def close(self) -> None:
        self._stream.close()
        self._output.close()

    def __enter__(self) -> "EncryptingWriter":
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        # On an exception the file is left unfinished on purpose: it will not decrypt.
        if exc_type is None:
            self.close()


def _encrypt(src: Readable, dst: BinaryIO, recipients: list[Recipient], armor: bool) -> None:
    file_key = os.urandom(FILE_KEY_SIZE)
    output = _Output(dst, armor)
    output.write(_header_for(recipients, file_key))
    nonce = os.urandom(PAYLOAD_NONCE_SIZE)
    output.write(nonce)
    encrypt_payload(src, payload_key(file_key, nonce), output.write)
    output.close()


def encrypt(
    src: Readable, dst: BinaryIO, recipients: Iterable[str | Recipient], *, armor: bool = False
) -> None:
    """Encrypt all of ``src`` into ``dst`` for ``recipients`` (age1… or age1pq1… strings)."""
    _encrypt(src, dst, _recipients(recipients), armor)


def encrypt_passphrase(
    src: Readable,
    dst: BinaryIO,
    passphrase: str,
    *,
    armor: bool = False,
    work_factor: int = DEFAULT_WORK_FACTOR,
) -> None:
    """Encrypt all of ``src`` into ``dst`` under a passphrase (the scrypt recipient, alone)."""
    _encrypt(src, dst, [ScryptRecipient(passphrase, work_factor)], armor)


def _open_header(src: Readable, armored: bool | None) -> tuple[Source, Header, bytes]:
    source = Source(src)
    if armored is None:
        armored = starts_armored(source)
    if armored:
        source = armored_source(source)
    header, nonce = read_header(source)
    return source, header, nonce


def _unwrap(header: Header, identities: Sequence[Identity]) -> bytes:
    for identity in identities:
        file_key = identity.unwrap(header.stanzas)
        if file_key is not None:
            # The MAC binds every stanza to the file key: a stanza swapped in or altered after
            # encryption is caught here, before any payload is read.
            if not verify_header_mac(file_key, header):
                raise HeaderMacError()
            return file_key
    raise NoIdentityMatchError()


class DecryptingReader:
    """A readable file object over the plaintext of an age file, verified chunk by chunk."""

    def __init__(
        self,
        src: Readable,
        identities: Iterable[str | Identity] = (),
        *,
        passphrase: str | None = None,
        armored: bool | None = None,
    ) -> None:
        source, header, nonce = _open_header(src, armored)
        file_key = _unwrap(header, _identities(identities, passphrase))
        self._stream = StreamDecryptor(source, payload_key(file_key, nonce))
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        parts = [self._buffer]
        have = len(self._buffer)
        while (size < 0 or have < size) and not self._stream.done:
            chunk = self._stream.next_chunk()
            parts.append(chunk)
            have += len(chunk)
        data = b"".join(parts)
        if size < 0:
            self._buffer = b""
            return data
        self._buffer = data[size:]
        return data[:size]

    def readable(self) -> bool:
        return True

    def chunks(self) -> Iterator[bytes]:
        """The remaining plaintext, one verified chunk at a time."""
        if self._buffer:
            yield self._buffer
            self._buffer = b""
        while not self._stream.done:
            chunk = self._stream.next_chunk()
            if chunk:
                yield chunk


def decrypt(
    src: Readable,
    dst: BinaryIO,
    identities: Iterable[str | Identity] = (),
    *,
    passphrase: str | None = None,
    armored: bool | None = None,
) -> None:
    """Decrypt ``src`` into ``dst``; raise DecryptionError on any failure.

    Armor is detected as the age CLI does it, unless ``armored`` says which the file must be.

    Verified plaintext already written when a later chunk fails stays in ``dst``: the raise is
    what tells the caller the result is incomplete.
    """
    reader = DecryptingReader(src, identities, passphrase=passphrase, armored=armored)
    for chunk in reader.chunks():
        dst.write(chunk)


def new_header(
    src: Readable,
    identities: Iterable[str | Identity],
    recipients: Iterable[str | Recipient],
) -> tuple[bytes, int]:
    """A header for ``recipients`` in front of ``src``'s payload, and where that payload starts.

    For writers that must know a re-addressed file's bytes (to hash them) before writing them:
    the result is ``header + src[offset:]``, read twice from ``src`` if need be, never held in
    memory. Only binary (not armored) files have such an offset.
    """
    new_recipients = _recipients(recipients)
    _, header, _ = _open_header(src, False)
    file_key = _unwrap(header, _identities(identities, None))
    return _header_for(new_recipients, file_key), header.length


def readdress(
    src: Readable,
    dst: BinaryIO,
    identities: Iterable[str | Identity],
    recipients: Iterable[str | Recipient],
) -> None:
    """Write ``src``'s payload, unchanged, under a new header for ``recipients``.

    The file key is unwrapped with ``identities`` and wrapped anew; the payload is copied byte
    for byte, never decrypted. That is safe because the payload is authenticated under the same
    file key, which the new header's MAC binds to the new stanzas: whoever decrypts the result
    verifies every chunk exactly as for the original file.
    """
    new_recipients = _recipients(recipients)
    source, header, nonce = _open_header(src, None)
    file_key = _unwrap(header, _identities(identities, None))
    dst.write(_header_for(new_recipients, file_key))
    dst.write(nonce)
    while chunk := source.read(_COPY_BUFFER):
        dst.write(chunk)


def readdress_decrypting(
    src: Readable,
    write: Writer,
    identities: Iterable[str | Identity],
    recipients: Iterable[str | Recipient],
) -> Iterator[bytes]:
    """Re-address ``src`` to ``recipients`` into ``write`` while decrypting it, in one read.

    ``write`` receives the new header and then the payload byte for byte, as it is read; the
    iterator yields the plaintext, verified chunk by chunk. For a reader that must check a
    file's plaintext and keep the file (an archive importing an attachment). What was written
    is a complete, valid age file only if the iteration ended without an error: ``write`` gets
    payload bytes before they are verified, so the caller keeps what it wrote only then.
    """
    new_recipients = _recipients(recipients)
    source, header, nonce = _open_header(src, False)
    file_key = _unwrap(header, _identities(identities, None))
    write(_header_for(new_recipients, file_key))
    write(nonce)
    for chunk in decrypt_blocks(source.readinto, payload_key(file_key, nonce), write):
        if chunk:
            yield chunk


def readdress_decrypting_into(
    src: Readable,
    write: Writer,
    identities: Iterable[str | Identity],
    recipients: Iterable[str | Recipient],
    consume: Callable[[memoryview], object],
) -> None:
    """``readdress_decrypting`` with the plaintext given to ``consume`` a block at a time (a
    view of a reused buffer, valid only during the call) instead of yielded chunk by chunk
    (``decrypt_blocks_into``). The same guarantee: what was written is a complete, valid age
    file, and everything consumed is verified plaintext, only if this returned."""
    new_recipients = _recipients(recipients)
    source, header, nonce = _open_header(src, False)
    file_key = _unwrap(header, _identities(identities, None))
    write(_header_for(new_recipients, file_key))
    write(nonce)
    decrypt_blocks_into(source.readinto, payload_key(file_key, nonce), write, consume)


__all__ = [
    "DecryptingReader",
    "EncryptingWriter",
    "decrypt",
    "encrypt",
    "encrypt_passphrase",
    "new_header",
    "readdress",
    "readdress_decrypting",
    "readdress_decrypting_into",
]
