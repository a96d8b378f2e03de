"""Fingerprints read aloud: 16 groups of 5 digits, every bit counted, and back again."""

import base64
import contextlib
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import sshkeys
from fieldapp.sync.spoken import (
    SPOKEN_DIGITS,
    SpokenFingerprintError,
    parse_spoken_fingerprint,
    spoken_fingerprint,
)
from tests.fieldapp.sync.builders import make_key


def _fingerprint(raw: bytes) -> str:
    return "SHA256:" + base64.b64encode(raw).decode().rstrip("=")


def test_a_real_keys_fingerprint_reads_as_sixteen_groups_of_five_digits() -> None:
    fingerprint = sshkeys.fingerprint(make_key().public_key())
    spoken = spoken_fingerprint(fingerprint)
    groups = spoken.split(" ")
    assert len(groups) == 16
    assert all(len(g) == 5 and g.isdigit() for g in groups)
    assert spoken_fingerprint(fingerprint) == spoken  # deterministic
    assert parse_spoken_fingerprint(spoken) == fingerprint


def test_the_extremes_fit() -> None:
    assert spoken_fingerprint(_fingerprint(bytes(32))) == " ".join(["00000"] * 16)
    top = spoken_fingerprint(_fingerprint(b"\xff" * 32))
    assert top.replace(" ", "") == str(2**256 - 1).zfill(SPOKEN_DIGITS)
    assert parse_spoken_fingerprint(top) == _fingerprint(b"\xff" * 32)


def test_every_bit_counts() -> None:
    raw = hashlib.sha256(b"a device key").digest()
    spoken = spoken_fingerprint(_fingerprint(raw))
    seen = {spoken}
    for bit in range(256):
        flipped = bytearray(raw)
        flipped[bit // 8] ^= 1 << (bit % 8)
        other = spoken_fingerprint(_fingerprint(bytes(flipped)))
        assert other != spoken, bit
        seen.add(other)
    assert len(seen) == 257


@given(st.binary(min_size=32, max_size=32))
def test_round_trip(raw: bytes) -> None:
    fingerprint = _fingerprint(raw)
    spoken = spoken_fingerprint(fingerprint)
    assert parse_spoken_fingerprint(spoken) == fingerprint
    # As a person may type it: without spaces, or with other spacing.
    assert parse_spoken_fingerprint(spoken.replace(" ", "")) == fingerprint
    assert parse_spoken_fingerprint("  " + spoken.replace(" ", "\n")) == fingerprint


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1" * 79,
        "1" * 81,
        "9" * 80,  # above 2^256
        "1234a" + "0" * 75,
        "١" * 80,  # digits, but not ASCII ones
    ],
)
def test_what_is_not_a_spoken_fingerprint_is_refused(text: str) -> None:
    with pytest.raises(SpokenFingerprintError):
        parse_spoken_fingerprint(text)


@pytest.mark.parametrize(
    "text",
    ["", "SHA256:", "MD5:aa", "SHA256:" + "A" * 42, "SHA256:" + "A" * 44, "SHA256:" + "*" * 43],
)
def test_what_is_not_a_fingerprint_is_refused(text: str) -> None:
    with pytest.raises(SpokenFingerprintError):
        spoken_fingerprint(text)


@given(st.text(max_size=100))
def test_arbitrary_text_gives_only_the_modules_error(text: str) -> None:
    for function in (spoken_fingerprint, parse_spoken_fingerprint):
        with contextlib.suppress(SpokenFingerprintError):
            function(text)
