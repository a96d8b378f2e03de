"""Fingerprints in a form to read aloud: sixteen groups of five digits.

``SHA256:Ab3d…`` is hard to read over a phone line (case, ``+`` and ``/``, letters that sound
alike in Korean and English). Digits are said the same way by every interviewer and
coordinator. The 32 bytes of the SHA-256 are read as one big-endian number and written in
base 10, padded to 80 digits (2^256 has 78), in groups of five like Signal's safety numbers.

Every bit of the fingerprint counts (two fingerprints that differ in one bit read differently)
and the form converts back (``parse_spoken_fingerprint``), so a person may type what they heard
and have it compared exactly. A shortened form would be quicker to say, but an attacker who can
make keys could search for one that matches it; the whole hash leaves nothing to search.
"""

import base64
import binascii

from crypto.sshkeys import FINGERPRINT_PREFIX

SPOKEN_DIGITS = 80
SPOKEN_GROUP = 5
_HASH_BYTES = 32


class SpokenFingerprintError(ValueError):
    """The text is not a fingerprint or its spoken form."""


def _hash_bytes(fingerprint: str) -> bytes:
    if not fingerprint.startswith(FINGERPRINT_PREFIX):
        raise SpokenFingerprintError("not a SHA256 key fingerprint")
    text = fingerprint.removeprefix(FINGERPRINT_PREFIX)
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise SpokenFingerprintError("not a SHA256 key fingerprint") from None
    if len(raw) != _HASH_BYTES or _fingerprint_of(raw) != fingerprint:
        raise SpokenFingerprintError("not a SHA256 key fingerprint")
    return raw


def _fingerprint_of(raw: bytes) -> str:
    return FINGERPRINT_PREFIX + base64.b64encode(raw).decode("ascii").rstrip("=")


def spoken_fingerprint(fingerprint: str) -> str:
    """``SHA256:…`` as ``12345 67890 …`` (16 groups of 5 digits, one space between groups)."""
    digits = str(int.from_bytes(_hash_bytes(fingerprint), "big")).zfill(SPOKEN_DIGITS)
    return " ".join(digits[i : i + SPOKEN_GROUP] for i in range(0, SPOKEN_DIGITS, SPOKEN_GROUP))


def parse_spoken_fingerprint(text: str) -> str:
    """The ``SHA256:…`` fingerprint a spoken form stands for (spaces anywhere are ignored)."""
    digits = "".join(text.split())
    if len(digits) != SPOKEN_DIGITS or not digits.isascii() or not digits.isdigit():
        raise SpokenFingerprintError(f"a spoken fingerprint is {SPOKEN_DIGITS} digits")
    number = int(digits)
    if number >= 1 << (8 * _HASH_BYTES):
        raise SpokenFingerprintError("the digits are not a fingerprint")
    return _fingerprint_of(number.to_bytes(_HASH_BYTES, "big"))
