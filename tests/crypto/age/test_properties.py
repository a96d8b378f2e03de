"""Hostile input: arbitrary bytes into every age parser raise only the module's own errors."""

import contextlib
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import age, errors
from crypto.age import bech32
from crypto.age.armor import BEGIN_LINE, END_LINE

IDENTITY, RECIPIENT = age.generate_x25519()
_VALID = io.BytesIO()
age.encrypt(io.BytesIO(b"valid file for mutation"), _VALID, [RECIPIENT])
VALID_FILE = _VALID.getvalue()
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _decrypt(data: bytes) -> None:
    with contextlib.suppress(errors.DecryptionError):
        age.decrypt(io.BytesIO(data), io.BytesIO(), [IDENTITY], passphrase="pw")


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _decrypt(data)


@FAST
@given(st.binary(max_size=600))
def test_arbitrary_header_bodies(tail: bytes) -> None:
    _decrypt(b"age-encryption.org/v1\n-> " + tail)
    _decrypt(b"age-encryption.org/v1\n-> X25519 " + tail)
    _decrypt(b"age-encryption.org/v1\n-> scrypt " + tail)


@FAST
@given(st.integers(0, len(VALID_FILE) - 1), st.binary(min_size=1, max_size=8))
def test_mutated_valid_file(position: int, replacement: bytes) -> None:
    mutated = VALID_FILE[:position] + replacement + VALID_FILE[position + len(replacement) :]
    if mutated != VALID_FILE:
        try:
            age.decrypt(io.BytesIO(mutated), io.BytesIO(), [IDENTITY])
        except errors.DecryptionError:
            return
        raise AssertionError("a changed file decrypted")


@FAST
@given(st.text(max_size=400))
def test_arbitrary_armor_bodies(body: str) -> None:
    _decrypt(BEGIN_LINE + b"\n" + body.encode() + b"\n" + END_LINE + b"\n")


@FAST
@given(st.text(max_size=200))
def test_arbitrary_key_strings(text: str) -> None:
    for parse in (age.parse_recipient, age.parse_identity, bech32.decode):
        with contextlib.suppress(errors.FormatError):
            parse(text)


@FAST
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20),
    st.binary(max_size=300),
)
def test_bech32_round_trip(hrp: str, data: bytes) -> None:
    assert bech32.decode(bech32.encode(hrp, data)) == (hrp, data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200_000), st.booleans())
def test_round_trip_any_plaintext(plaintext: bytes, armor: bool) -> None:
    encrypted = io.BytesIO()
    age.encrypt(io.BytesIO(plaintext), encrypted, [RECIPIENT], armor=armor)
    out = io.BytesIO()
    age.decrypt(io.BytesIO(encrypted.getvalue()), out, [IDENTITY])
    assert out.getvalue() == plaintext
