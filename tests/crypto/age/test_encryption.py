"""The public age API: round trips, the streaming writer and reader, refusals."""

import io
import os

import pytest

from crypto import age, errors
from crypto.age.scrypt import MAX_WORK_FACTOR
from crypto.age.stream import CHUNK_SIZE

SIZES = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 7]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("armor", [False, True])
def test_round_trip_at_chunk_boundaries(size: int, armor: bool) -> None:
    identity, recipient = age.generate_hybrid()
    plaintext = os.urandom(size)
    encrypted = io.BytesIO()
    age.encrypt(io.BytesIO(plaintext), encrypted, [recipient], armor=armor)
    decrypted = io.BytesIO()
    age.decrypt(io.BytesIO(encrypted.getvalue()), decrypted, [identity])
    assert decrypted.getvalue() == plaintext


@pytest.mark.parametrize("size", SIZES)
def test_writer_in_odd_pieces_matches_plaintext(size: int) -> None:
    identity, recipient = age.generate_x25519()
    plaintext = os.urandom(size)
    out = io.BytesIO()
    with age.EncryptingWriter(out, [recipient]) as writer:
        for start in range(0, size, 7919):
            writer.write(plaintext[start : start + 7919])
    reader = age.DecryptingReader(io.BytesIO(out.getvalue()), [identity])
    pieces = []
    while piece := reader.read(5000):
        pieces.append(piece)
    assert b"".join(pieces) == plaintext


def test_writer_abandoned_without_close_does_not_decrypt() -> None:
    identity, recipient = age.generate_x25519()
    out = io.BytesIO()
    writer = age.EncryptingWriter(out, [recipient])
    writer.write(os.urandom(3 * CHUNK_SIZE))
    with pytest.raises(errors.PayloadError):
        age.decrypt(io.BytesIO(out.getvalue()), io.BytesIO(), [identity])


def test_any_of_several_recipients_opens_the_file() -> None:
    pairs = [age.generate_hybrid() for _ in range(3)]
    encrypted = io.BytesIO()
    age.encrypt(io.BytesIO(b"to three"), encrypted, [r for _, r in pairs])
    for identity, _ in pairs:
        out = io.BytesIO()
        age.decrypt(io.BytesIO(encrypted.getvalue()), out, [identity])
        assert out.getvalue() == b"to three"


def test_mixing_post_quantum_and_classic_recipients_is_refused() -> None:
    _, classic = age.generate_x25519()
    _, hybrid = age.generate_hybrid()
    with pytest.raises(errors.FormatError):
        age.encrypt(io.BytesIO(b"x"), io.BytesIO(), [classic, hybrid])


def test_no_recipient_is_refused() -> None:
    with pytest.raises(errors.FormatError):
        age.encrypt(io.BytesIO(b"x"), io.BytesIO(), [])


def test_wrong_identity_is_no_match() -> None:
    _, recipient = age.generate_x25519()
    other, _ = age.generate_x25519()
    encrypted = io.BytesIO()
    age.encrypt(io.BytesIO(b"x"), encrypted, [recipient])
    with pytest.raises(errors.NoIdentityMatchError):
        age.decrypt(io.BytesIO(encrypted.getvalue()), io.BytesIO(), [other])


def test_passphrase_round_trip_and_wrong_passphrase() -> None:
    encrypted = io.BytesIO()
    age.encrypt_passphrase(io.BytesIO(b"backup"), encrypted, "탈북 증언 2026", work_factor=10)
    out = io.BytesIO()
    age.decrypt(io.BytesIO(encrypted.getvalue()), out, passphrase="탈북 증언 2026")
    assert out.getvalue() == b"backup"
    with pytest.raises(errors.NoIdentityMatchError):
        age.decrypt(io.BytesIO(encrypted.getvalue()), io.BytesIO(), passphrase="탈북 증언 2025")


def test_scrypt_work_factor_above_cap_is_refused_before_deriving() -> None:
    encrypted = io.BytesIO()
    age.encrypt_passphrase(io.BytesIO(b"x"), encrypted, "pw", work_factor=10)
    # Raise the declared work factor to one that would need 2**40 * 1 KiB of memory:
    # refused from the header alone (deriving it would not finish in this test's lifetime).
    forged = encrypted.getvalue().replace(b" 10\n", b" 40\n", 1)
    assert forged != encrypted.getvalue()
    with pytest.raises(errors.HeaderError):
        age.decrypt(io.BytesIO(forged), io.BytesIO(), passphrase="pw")
    assert MAX_WORK_FACTOR < 40


def test_readdress_keeps_payload_and_drops_old_recipient() -> None:
    old_identity, old_recipient = age.generate_x25519()
    new_identity, new_recipient = age.generate_hybrid()
    original = io.BytesIO()
    age.encrypt(io.BytesIO(os.urandom(CHUNK_SIZE * 2)), original, [old_recipient])
    moved = io.BytesIO()
    age.readdress(io.BytesIO(original.getvalue()), moved, [old_identity], [new_recipient])
    payload = original.getvalue()[-(2 * CHUNK_SIZE + 32 + 16) :]
    assert moved.getvalue().endswith(payload)
    with pytest.raises(errors.NoIdentityMatchError):
        age.decrypt(io.BytesIO(moved.getvalue()), io.BytesIO(), [old_identity])
    out = io.BytesIO()
    age.decrypt(io.BytesIO(moved.getvalue()), out, [new_identity])
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(original.getvalue()), plain, [old_identity])
    assert out.getvalue() == plain.getvalue()


def test_readdress_with_wrong_identity_writes_nothing() -> None:
    _, recipient = age.generate_x25519()
    stranger, _ = age.generate_x25519()
    original = io.BytesIO()
    age.encrypt(io.BytesIO(b"x"), original, [recipient])
    out = io.BytesIO()
    with pytest.raises(errors.NoIdentityMatchError):
        age.readdress(io.BytesIO(original.getvalue()), out, [stranger], [recipient])
    assert out.getvalue() == b""


def test_identity_and_recipient_strings_round_trip() -> None:
    for generate in (age.generate_x25519, age.generate_hybrid):
        identity, recipient = generate()
        assert str(age.parse_identity(identity)) == identity
        assert str(age.parse_recipient(recipient)) == recipient
        assert age.recipient_of(identity) == recipient


@pytest.mark.parametrize(
    "text",
    ["", "age1", "AGE-SECRET-KEY-1", "ssh-ed25519 AAAA", "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"],
)
def test_malformed_key_strings_are_format_errors(text: str) -> None:
    with pytest.raises(errors.FormatError):
        age.parse_recipient(text)
    with pytest.raises(errors.FormatError):
        age.parse_identity(text)


def test_identity_is_not_accepted_as_recipient_nor_the_reverse() -> None:
    identity, recipient = age.generate_x25519()
    with pytest.raises(errors.FormatError):
        age.parse_recipient(identity)
    with pytest.raises(errors.FormatError):
        age.parse_identity(recipient)
    with pytest.raises(errors.FormatError):
        age.parse_recipient(recipient.upper())


def test_identity_from_a_derived_secret_round_trips() -> None:
    secret = bytes(range(32))
    identity = age.x25519_identity_from_secret(secret)
    assert identity == age.x25519_identity_from_secret(secret)
    encrypted = io.BytesIO()
    age.encrypt(io.BytesIO(b"blob"), encrypted, [age.recipient_of(identity)])
    out = io.BytesIO()
    age.decrypt(io.BytesIO(encrypted.getvalue()), out, [identity])
    assert out.getvalue() == b"blob"


def test_new_header_in_front_of_the_unchanged_payload_opens_for_the_new_recipient() -> None:
    old_identity, old_recipient = age.generate_x25519()
    new_identity, new_recipient = age.generate_hybrid()
    original = io.BytesIO()
    plaintext = os.urandom(2 * CHUNK_SIZE + 5)
    age.encrypt(io.BytesIO(plaintext), original, [old_recipient])
    data = original.getvalue()
    header, offset = age.new_header(io.BytesIO(data), [old_identity], [new_recipient])
    assert data[offset : offset + 16] != b""  # the nonce starts the payload
    out = io.BytesIO()
    age.decrypt(io.BytesIO(header + data[offset:]), out, [new_identity])
    assert out.getvalue() == plaintext
    with pytest.raises(errors.NoIdentityMatchError):
        age.decrypt(io.BytesIO(header + data[offset:]), io.BytesIO(), [old_identity])
