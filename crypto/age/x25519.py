"""The X25519 recipient type (age1…, AGE-SECRET-KEY-1…)."""

import hmac

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from crypto.age import bech32
from crypto.age.format import Identity, Recipient, Stanza
from crypto.age.primitives import (
    b64decode_raw,
    b64encode_raw,
    check_body_size,
    hkdf_sha256,
    unwrap_file_key,
    wrap_file_key,
)
from crypto.errors import FormatError, HeaderError

STANZA_TYPE = "X25519"
WRAP_LABEL = b"age-encryption.org/v1/X25519"
RECIPIENT_HRP = "age"
IDENTITY_HRP = "age-secret-key-"
KEY_SIZE = 32
_ALL_ZERO = bytes(32)


def x25519_shared_secret(private_key: X25519PrivateKey, share: bytes) -> bytes:
    """The X25519 shared secret, refusing low-order shares.

    A low-order share gives the all-zero secret whatever our key is, so a stanza built on one
    would open for anyone: such a header is malformed, not merely addressed to someone else.
    """
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:
        raise HeaderError() from None
    if hmac.compare_digest(shared, _ALL_ZERO):
        raise HeaderError()
    return shared


class X25519Recipient(Recipient):
    stanza_type = STANZA_TYPE

    def __init__(self, public_key: bytes) -> None:
        if len(public_key) != KEY_SIZE:
            raise FormatError("An age recipient must hold a 32-byte X25519 key.")
        self.public_key = public_key

    @classmethod
    def parse(cls, text: str) -> "X25519Recipient":
        hrp, data = bech32.decode(text)
        if hrp != RECIPIENT_HRP or text != text.lower():
            raise FormatError("This is not an age X25519 recipient (age1…).")
        return cls(data)

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self.public_key)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.public_key))
        wrap_key = hkdf_sha256(shared, share + self.public_key, WRAP_LABEL)
        return [Stanza(STANZA_TYPE, (b64encode_raw(share),), wrap_file_key(wrap_key, file_key))]


class X25519Identity(Identity):
    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._private_key = private_key
        self._public_key = private_key.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> "X25519Identity":
        return cls(X25519PrivateKey.generate())

    @classmethod
    def parse(cls, text: str) -> "X25519Identity":
        hrp, data = bech32.decode(text)
        if hrp != IDENTITY_HRP or text != text.upper() or len(data) != KEY_SIZE:
            raise FormatError("This is not an age X25519 identity (AGE-SECRET-KEY-1…).")
        return cls(X25519PrivateKey.from_private_bytes(data))

    def __str__(self) -> str:
        secret = self._private_key.private_bytes_raw()
        return bech32.encode(IDENTITY_HRP, secret).upper()

    def __repr__(self) -> str:
        return f"X25519Identity(recipient={self.recipient})"

    @property
    def recipient(self) -> X25519Recipient:
        return X25519Recipient(self._public_key)

    def unwrap_stanza(self, stanza: Stanza) -> bytes | None:
        if stanza.type != STANZA_TYPE:
            return None
        if len(stanza.args) != 1:
            raise HeaderError()
        share = b64decode_raw(stanza.args[0])
        if len(share) != KEY_SIZE:
            raise HeaderError()
        check_body_size(stanza.body)
        shared = x25519_shared_secret(self._private_key, share)
        wrap_key = hkdf_sha256(shared, share + self._public_key, WRAP_LABEL)
        return unwrap_file_key(wrap_key, stanza.body)
