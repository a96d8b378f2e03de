"""Re-addressing while decrypting (one read for an archive's import), and the block decryptor
under it: the CCTV vectors, every cut, appended and swapped chunks, and agreement with the
chunk-at-a-time decryptor on any payload."""

import hashlib
import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import age, errors
from crypto.age.stream import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    TAG_SIZE,
    StreamDecryptor,
    decrypt_blocks,
    decrypt_blocks_into,
    payload_key,
)
from tests.crypto.age.cctv import load_vector, vector_names

BINARY = [n for n in vector_names() if not load_vector(n).armored]


def _encrypt(plaintext: bytes, recipient: str) -> bytes:
    out = io.BytesIO()
    age.encrypt(io.BytesIO(plaintext), out, [recipient])
    return out.getvalue()


def _through(data: bytes, identity: str, recipient: str) -> tuple[bytes, bytes]:
    """The plaintext released and the re-addressed file written."""
    written = io.BytesIO()
    chunks = age.readdress_decrypting(io.BytesIO(data), written.write, [identity], [recipient])
    return b"".join(chunks), written.getvalue()


@pytest.mark.parametrize("name", BINARY)
def test_every_binary_vector(name: str) -> None:
    vector = load_vector(name)
    identity, recipient = age.generate_x25519()
    written = io.BytesIO()
    digest = hashlib.sha256()

    def run() -> None:
        for chunk in age.readdress_decrypting(
            io.BytesIO(vector.body), written.write, vector.all_identities(), [recipient]
        ):
            digest.update(chunk)

    if vector.expected_error is None:
        run()
        assert digest.hexdigest() == vector.payload_sha256
        plain = io.BytesIO()
        age.decrypt(io.BytesIO(written.getvalue()), plain, [identity])
        assert hashlib.sha256(plain.getvalue()).hexdigest() == vector.payload_sha256
    else:
        with pytest.raises(errors.DecryptionError) as info:
            run()
        assert str(info.value) == errors.DecryptionError.default_message


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 16 * CHUNK_SIZE, 33 * CHUNK_SIZE + 7]
)
def test_round_trip_keeps_the_payload_byte_for_byte(size: int) -> None:
    identity, recipient = age.generate_hybrid()
    new_identity, new_recipient = age.generate_x25519()
    plaintext = os.urandom(size)
    data = _encrypt(plaintext, recipient)
    released, written = _through(data, identity, new_recipient)
    assert released == plaintext
    payload = size + TAG_SIZE * max(1, -(-size // CHUNK_SIZE)) + 16  # chunks' tags and nonce
    assert written[-payload:] == data[-payload:]
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(written), plain, [new_identity])
    assert plain.getvalue() == plaintext


def test_every_cut_around_chunk_and_block_boundaries_is_refused() -> None:
    identity, recipient = age.generate_x25519()
    plaintext = os.urandom(18 * CHUNK_SIZE + 100)
    data = _encrypt(plaintext, recipient)
    start = len(data) - 18 * ENCRYPTED_CHUNK_SIZE - (100 + TAG_SIZE)
    boundaries = [start + k * ENCRYPTED_CHUNK_SIZE for k in (0, 1, 15, 16, 17, 18)]
    cuts = {b + d for b in boundaries for d in (-1, 0, 1, TAG_SIZE)} | set(range(0, start, 7))
    for cut in sorted(c for c in cuts if 0 <= c < len(data)):
        released = io.BytesIO()

        def release(cut: int = cut, released: io.BytesIO = released) -> None:
            chunks = age.readdress_decrypting(
                io.BytesIO(data[:cut]), io.BytesIO().write, [identity], [recipient]
            )
            for chunk in chunks:
                released.write(chunk)

        with pytest.raises(errors.DecryptionError):
            release()
        # Whatever was released before the failure is a verified prefix, never more.
        assert plaintext.startswith(released.getvalue())


@pytest.mark.parametrize("size", [0, 10, CHUNK_SIZE, 16 * CHUNK_SIZE])
def test_appended_data_is_refused(size: int) -> None:
    identity, recipient = age.generate_x25519()
    data = _encrypt(os.urandom(size), recipient)
    for extra in (b"\x00", os.urandom(TAG_SIZE), os.urandom(ENCRYPTED_CHUNK_SIZE)):
        with pytest.raises(errors.PayloadError):
            _through(data + extra, identity, recipient)


def test_swapped_chunks_and_flipped_payload_bytes_are_refused() -> None:
    identity, recipient = age.generate_x25519()
    data = _encrypt(os.urandom(17 * CHUNK_SIZE + 1), recipient)
    start = len(data) - 17 * ENCRYPTED_CHUNK_SIZE - (1 + TAG_SIZE)
    chunk = ENCRYPTED_CHUNK_SIZE
    for first in (0, 15):
        a, b = start + first * chunk, start + (first + 1) * chunk
        swapped = data[:a] + data[b : b + chunk] + data[a:b] + data[b + chunk :]
        with pytest.raises(errors.PayloadError):
            _through(swapped, identity, recipient)
    for position in range(start - 16, len(data), 4099):
        altered = bytearray(data)
        altered[position] ^= 0x01
        with pytest.raises(errors.PayloadError):
            _through(bytes(altered), identity, recipient)


def _by_chunks(payload: bytes, key: bytes) -> list[bytes] | None:
    decryptor = StreamDecryptor(io.BytesIO(payload), key)
    chunks = []
    try:
        while not decryptor.done:
            chunks.append(decryptor.next_chunk())
    except errors.PayloadError:
        return None
    return chunks


def _by_blocks(payload: bytes, key: bytes, block_chunks: int) -> list[bytes] | None:
    try:
        return list(decrypt_blocks(io.BytesIO(payload).readinto, key, None, block_chunks))
    except errors.PayloadError:
        return None


def _into_blocks(payload: bytes, key: bytes, block_chunks: int) -> list[bytes] | None:
    consumed: list[bytes] = []
    try:
        read = io.BytesIO(payload).readinto
        decrypt_blocks_into(read, key, None, lambda v: consumed.append(bytes(v)), block_chunks)
    except errors.PayloadError:
        return None
    return consumed


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 5 * CHUNK_SIZE),
    block_chunks=st.integers(1, 4),
    cut=st.integers(-ENCRYPTED_CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE),
)
def test_blocks_agree_with_chunks_on_any_payload(size: int, block_chunks: int, cut: int) -> None:
    identity, recipient = age.generate_x25519()
    data = _encrypt(os.urandom(size), recipient)
    start = len(data) - size - TAG_SIZE * max(1, -(-size // CHUNK_SIZE))
    key = payload_key(_file_key(data, identity), data[start - 16 : start])
    payload = data[start:]
    # Cut short, or lengthened with random bytes: both readers must give the same verdict.
    payload = payload[: len(payload) + cut] if cut < 0 else payload + os.urandom(cut)
    by_chunks, by_blocks = _by_chunks(payload, key), _by_blocks(payload, key, block_chunks)
    # The same into one reused buffer, a block at a time (import's path).
    into_blocks = _into_blocks(payload, key, block_chunks)
    assert (by_chunks is None) == (by_blocks is None) == (into_blocks is None)
    assert (by_blocks is None) == (cut != 0)
    if by_chunks is not None and by_blocks is not None and into_blocks is not None:
        assert b"".join(by_blocks) == b"".join(by_chunks) == b"".join(into_blocks)


def _file_key(data: bytes, identity: str) -> bytes:
    from crypto.age.encryption import _open_header, _unwrap
    from crypto.age.keys import parse_identity

    _, header, _ = _open_header(io.BytesIO(data), False)
    return _unwrap(header, [parse_identity(identity)])
