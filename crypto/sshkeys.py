"""OpenSSH public keys: the SSH wire encoding, public-key lines and fingerprints.

Only the key types fieldapp can verify signatures with are understood: ``ssh-ed25519`` (RFC 8709),
``ecdsa-sha2-nistp256/384/521`` (RFC 5656) and ``ssh-rsa`` (RFC 4253). Keys arrive from files that
an attacker may have touched, so parsing is strict and canonical: every length is checked against
the bytes that remain before anything is sliced, integers must be minimal and non-negative, curve
points uncompressed, base64 canonical, and a parsed key must re-encode to exactly the bytes it came
from. One key then has one encoding, and comparing encodings compares keys.

Private keys are not handled here: cryptography reads and writes OpenSSH private keys
(``serialization.load_ssh_private_key`` and ``PrivateFormat.OpenSSH``).
"""

import base64
import binascii
from typing import TypeAlias

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from crypto.errors import FormatError, LimitError

SSH_ED25519 = "ssh-ed25519"
SSH_RSA = "ssh-rsa"
ECDSA_NISTP256 = "ecdsa-sha2-nistp256"
ECDSA_NISTP384 = "ecdsa-sha2-nistp384"
ECDSA_NISTP521 = "ecdsa-sha2-nistp521"

# RFC 5656 §3.1: the key type names the curve, and the key repeats the curve's identifier.
ECDSA_CURVES: dict[str, tuple[str, ec.EllipticCurve]] = {
    ECDSA_NISTP256: ("nistp256", ec.SECP256R1()),
    ECDSA_NISTP384: ("nistp384", ec.SECP384R1()),
    ECDSA_NISTP521: ("nistp521", ec.SECP521R1()),
}
KEY_TYPES = frozenset({SSH_ED25519, SSH_RSA, *ECDSA_CURVES})

ED25519_PUBLIC_KEY_BYTES = 32
# The SEC 1 prefix of an uncompressed point; OpenSSH writes only this form.
_UNCOMPRESSED_POINT = 0x04

# OpenSSH refuses RSA moduli under 1024 bits (SSH_RSA_MINIMUM_MODULUS_SIZE) and OpenSSL over
# 16384: a smaller key can be factored, a larger one only makes verification slow on purpose.
RSA_MIN_BITS = 1024
RSA_MAX_BITS = 16384

# An RSA-16384 public key line is about 2,800 characters; the rest leaves room for a comment.
# The cap is checked before any decoding, so a hostile "key" cannot make us allocate much.
MAX_PUBLIC_KEY_LINE_CHARS = 8 * 1024

FINGERPRINT_PREFIX = "SHA256:"

PublicKey: TypeAlias = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


# --- the wire encoding (RFC 4251 §5) -------------------------------------------------------------


class WireReader:
    """Reads SSH wire values from untrusted bytes; every read is bounds-checked before slicing."""

    def __init__(self, data: bytes, what: str) -> None:
        self._data = bytes(data)
        self._pos = 0
        # What is being read, for the error sentence: "The SSH signature", "The public key".
        self._what = what

    @property
    def remaining(self) -> int:
        return len(self._data) - self._pos

    def take(self, length: int) -> bytes:
        if length > self.remaining:
            raise FormatError(f"{self._what} is truncated or has a wrong length field.")
        start = self._pos
        self._pos += length
        return self._data[start : self._pos]

    def uint32(self) -> int:
        return int.from_bytes(self.take(4), "big")

    def string(self) -> bytes:
        # take() compares the declared length with what remains, so a length of 2**32 - 1 in a
        # 100-byte input is refused before any slice or allocation.
        return self.take(self.uint32())

    def name(self) -> str:
        """An algorithm or key type name: a string of printable US-ASCII (RFC 4251 §6)."""
        raw = self.string()
        if not raw or not all(0x21 <= byte <= 0x7E for byte in raw):
            raise FormatError(f"{self._what} has an invalid algorithm name.")
        return raw.decode("ascii")

    def mpint(self) -> int:
        """A non-negative mpint in its one canonical form: no needless leading zero byte."""
        raw = self.string()
        if raw and raw[0] & 0x80:
            raise FormatError(f"{self._what} has a negative integer.")
        if raw and raw[0] == 0 and (len(raw) == 1 or not raw[1] & 0x80):
            raise FormatError(f"{self._what} has an integer that is not minimally encoded.")
        return int.from_bytes(raw, "big")

    def finish(self) -> None:
        if self.remaining:
            raise FormatError(f"{self._what} has trailing data.")


def encode_uint32(value: int) -> bytes:
    return value.to_bytes(4, "big")


def encode_string(value: bytes) -> bytes:
    return encode_uint32(len(value)) + value


def encode_mpint(value: int) -> bytes:
    if value < 0:
        raise ValueError("only non-negative integers are encoded here")
    if value == 0:
        return encode_string(b"")
    # One spare bit for the sign: a leading zero byte appears exactly when the top bit is set.
    return encode_string(value.to_bytes(value.bit_length() // 8 + 1, "big"))


def b64decode_canonical(text: str, what: str) -> bytes:
    """Decode base64 that must be the one canonical encoding of its bytes (padding, zero bits)."""
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise FormatError(f"{what} is not valid base64.") from None
    if base64.b64encode(data).decode("ascii") != text:
        raise FormatError(f"{what} is not canonical base64.")
    return data


# --- keys ----------------------------------------------------------------------------------------


def key_type(key: PublicKey) -> str:
    """The SSH key type name of a public key object, e.g. ``"ssh-ed25519"``."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        return SSH_ED25519
    if isinstance(key, rsa.RSAPublicKey):
        return SSH_RSA
    if isinstance(key, ec.EllipticCurvePublicKey):
        for name, (_, curve) in ECDSA_CURVES.items():
            if key.curve.name == curve.name:
                return name
        raise TypeError("only the NIST P-256, P-384 and P-521 curves are supported")
    raise TypeError(f"unsupported public key type: {type(key).__name__}")


def public_key_to_wire(key: PublicKey) -> bytes:
    """The SSH wire encoding of a public key (the bytes inside an OpenSSH public-key line)."""
    name = key_type(key)
    header = encode_string(name.encode("ascii"))
    if isinstance(key, ed25519.Ed25519PublicKey):
        return header + encode_string(key.public_bytes(Encoding.Raw, PublicFormat.Raw))
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return header + encode_mpint(numbers.e) + encode_mpint(numbers.n)
    # key_type() has let through only the three NIST curves.
    point = key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    curve_id = ECDSA_CURVES[name][0].encode("ascii")
    return header + encode_string(curve_id) + encode_string(point)


def public_key_from_wire(blob: bytes) -> PublicKey:
    """Parse the SSH wire encoding of a public key, strictly; FormatError on anything else."""
    reader = WireReader(blob, "The public key")
    name = reader.name()
    key: PublicKey
    if name == SSH_ED25519:
        raw = reader.string()
        if len(raw) != ED25519_PUBLIC_KEY_BYTES:
            raise FormatError("The Ed25519 public key has the wrong length.")
        key = ed25519.Ed25519PublicKey.from_public_bytes(raw)
    elif name in ECDSA_CURVES:
        curve_id, curve = ECDSA_CURVES[name]
        if reader.string() != curve_id.encode("ascii"):
            raise FormatError("The ECDSA public key names a curve other than its key type's.")
        point = reader.string()
        coordinate_bytes = (curve.key_size + 7) // 8
        if len(point) != 1 + 2 * coordinate_bytes or point[0] != _UNCOMPRESSED_POINT:
            raise FormatError("The ECDSA public key is not an uncompressed curve point.")
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
        except ValueError:
            raise FormatError("The ECDSA public key is not a point on its curve.") from None
    elif name == SSH_RSA:
        exponent = reader.mpint()
        modulus = reader.mpint()
        if modulus.bit_length() > RSA_MAX_BITS:
            raise LimitError("The RSA public key is larger than this program allows.")
        if modulus.bit_length() < RSA_MIN_BITS:
            raise FormatError("The RSA public key is too small to be safe.")
        # A product of two odd primes is odd, and so is any usable exponent; OpenSSL does not
        # insist when it builds a public key, so we do.
        if modulus % 2 == 0 or exponent < 3 or exponent % 2 == 0 or exponent >= modulus:
            raise FormatError("The RSA public key is not valid.")
        try:
            key = rsa.RSAPublicNumbers(exponent, modulus).public_key()
        except ValueError:
            raise FormatError("The RSA public key is not valid.") from None
    else:
        raise FormatError("The public key is of a type this program does not support.")
    reader.finish()
    # The checks above should leave one encoding per key; re-encoding proves it, so that any
    # leniency in a lower layer (a point library, say) cannot give one key two encodings.
    if public_key_to_wire(key) != blob:
        raise FormatError("The public key is not canonically encoded.")
    return key


def public_key_to_openssh(key: PublicKey) -> str:
    """The OpenSSH public-key line for a key, without a comment: ``"ssh-ed25519 AAAA…"``."""
    return f"{key_type(key)} {base64.b64encode(public_key_to_wire(key)).decode('ascii')}"


#: Unicode's line and paragraph separators: Python's splitlines and Qt's text widgets break a
#: line there, so a comment holding one would show as a second line — a forged key line.
LINE_SEPARATORS = "\u2028\u2029"


def is_control(char: str) -> bool:
    """A C0 or C1 control character, or a Unicode line break: nothing a one-line text shown to
    a person may hold."""
    return ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in LINE_SEPARATORS


def _split_field(text: str) -> tuple[str, str]:
    """Split at the first run of spaces or tabs: (field, rest after the run)."""
    for index, char in enumerate(text):
        if char in " \t":
            return text[:index], text[index:].lstrip(" \t")
    return text, ""


def parse_openssh_public_key(line: str | bytes) -> tuple[PublicKey, str]:
    """Parse ``"type base64 [comment]"`` (one line, as in a ``.pub`` file) → (key, comment).

    The comment is ``""`` when there is none. One trailing newline is allowed; control characters
    are refused everywhere, including the comment, which people will see on a screen.
    """
    if len(line) > MAX_PUBLIC_KEY_LINE_CHARS:
        raise LimitError("The public key line is longer than this program allows.")
    if isinstance(line, bytes | bytearray):
        try:
            line = bytes(line).decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError("The public key line is not valid UTF-8.") from None
    elif not isinstance(line, str):
        raise TypeError("a public key line is a str or bytes")
    if line.endswith("\r\n"):
        line = line[:-2]
    elif line.endswith("\n"):
        line = line[:-1]
    if any(is_control(char) and char != "\t" for char in line):
        raise FormatError("The public key line contains control characters or several lines.")
    name, rest = _split_field(line)
    if name not in KEY_TYPES:
        raise FormatError("The public key is of a type this program does not support.")
    encoded, comment = _split_field(rest)
    blob = b64decode_canonical(encoded, "The public key")
    key = public_key_from_wire(blob)
    if key_type(key) != name:
        raise FormatError("The public key line names a key type other than its key's.")
    return key, comment.rstrip(" \t")


def fingerprint(key_or_line: PublicKey | str | bytes) -> str:
    """The key's fingerprint as ``ssh-keygen -l`` prints it: ``"SHA256:"`` + unpadded base64."""
    if isinstance(key_or_line, str | bytes | bytearray):
        key, _ = parse_openssh_public_key(key_or_line)
    else:
        key = key_or_line
    digest = hashes.Hash(hashes.SHA256())
    digest.update(public_key_to_wire(key))
    encoded = base64.b64encode(digest.finalize()).decode("ascii").rstrip("=")
    return FINGERPRINT_PREFIX + encoded
