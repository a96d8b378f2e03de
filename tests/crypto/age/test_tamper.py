"""Every single-byte change and every cut of an age file is refused."""

import io
import os

import pytest

from crypto import age, errors
from crypto.age.stream import CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, TAG_SIZE


def _encrypt(plaintext: bytes, recipient: str) -> bytes:
    out = io.BytesIO()
    age.encrypt(io.BytesIO(plaintext), out, [recipient])
    return out.getvalue()


def _decrypt(data: bytes, identity: str) -> bytes:
    out = io.BytesIO()
    age.decrypt(io.BytesIO(data), out, [identity])
    return out.getvalue()


@pytest.mark.parametrize("generate", [age.generate_x25519, age.generate_hybrid])
def test_every_single_byte_change_is_refused(generate) -> None:
    identity, recipient = generate()
    plaintext = b"a small testimony excerpt, small enough to walk every byte"
    original = _encrypt(plaintext, recipient)
    assert _decrypt(original, identity) == plaintext
    masks = (0x01, 0x80) if generate is age.generate_x25519 else (0x01,)
    for position in range(len(original)):
        for mask in masks:
            altered = bytearray(original)
            altered[position] ^= mask
            with pytest.raises(errors.DecryptionError):
                _decrypt(bytes(altered), identity)


def test_every_truncation_around_chunk_boundaries_is_refused() -> None:
    identity, recipient = age.generate_x25519()
    plaintext = os.urandom(3 * CHUNK_SIZE + 100)
    data = _encrypt(plaintext, recipient)
    payload_start = len(data) - 3 * ENCRYPTED_CHUNK_SIZE - (100 + TAG_SIZE)
    boundaries = [payload_start + k * ENCRYPTED_CHUNK_SIZE for k in range(4)]
    cuts = {c + d for c in boundaries for d in (-1, 0, 1, TAG_SIZE)} | set(range(payload_start))
    for cut in sorted(c for c in cuts if 0 <= c < len(data)):
        released = io.BytesIO()
        with pytest.raises(errors.DecryptionError):
            age.decrypt(io.BytesIO(data[:cut]), released, [identity])
        # Whatever was released before the failure is a verified prefix, never more.
        assert plaintext.startswith(released.getvalue())
        assert len(released.getvalue()) <= max(0, cut - payload_start)


def test_appended_data_is_refused() -> None:
    identity, recipient = age.generate_x25519()
    for size in (0, 10, CHUNK_SIZE, 2 * CHUNK_SIZE):
        data = _encrypt(os.urandom(size), recipient)
        for extra in (b"\x00", os.urandom(TAG_SIZE), os.urandom(ENCRYPTED_CHUNK_SIZE)):
            with pytest.raises(errors.PayloadError):
                _decrypt(data + extra, identity)


def test_swapping_chunks_is_refused() -> None:
    identity, recipient = age.generate_x25519()
    data = _encrypt(os.urandom(3 * CHUNK_SIZE + 1), recipient)
    start = len(data) - 3 * ENCRYPTED_CHUNK_SIZE - (1 + TAG_SIZE)
    first = data[start : start + ENCRYPTED_CHUNK_SIZE]
    second = data[start + ENCRYPTED_CHUNK_SIZE : start + 2 * ENCRYPTED_CHUNK_SIZE]
    swapped = data[:start] + second + first + data[start + 2 * ENCRYPTED_CHUNK_SIZE :]
    with pytest.raises(errors.PayloadError):
        _decrypt(swapped, identity)


def test_header_of_another_file_does_not_open_this_payload() -> None:
    identity, recipient = age.generate_x25519()
    one = _encrypt(b"one", recipient)
    two = _encrypt(b"two", recipient)
    split = one.index(b"\n", one.index(b"\n--- ") + 1) + 1
    with pytest.raises(errors.PayloadError):
        _decrypt(one[:split] + two[split:], identity)
