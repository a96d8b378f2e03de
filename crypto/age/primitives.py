"""The small shared pieces of age: canonical base64, HKDF and the file-key wrap.

Every recipient type wraps the 16-byte file key the same way: ChaCha20-Poly1305 under a key
derived for that stanza alone, with an all-zero nonce. A fixed nonce is safe here because each
wrapping key is used exactly once (it is derived from a fresh ephemeral share or a fresh salt).
"""

import base64
import binascii

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import HeaderError

FILE_KEY_SIZE = 16
WRAPPED_FILE_KEY_SIZE = FILE_KEY_SIZE + 16
_ZERO_NONCE = bytes(12)


def b64encode_raw(data: bytes) -> str:
    """Standard base64 without padding, as every age header field is written."""
    return base64.b64encode(data).decode("ascii").rstrip("=")


def b64decode_raw(text: str | bytes) -> bytes:
    """Decode unpadded standard base64, refusing every non-canonical spelling."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise HeaderError() from None
    if "=" in text or len(text) % 4 == 1:
        raise HeaderError()
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise HeaderError() from None
    # Non-zero unused bits would give a second encoding of the same bytes.
    if b64encode_raw(data) != text:
        raise HeaderError()
    return data


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def wrap_file_key(wrap_key: bytes, file_key: bytes) -> bytes:
    return ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)


def unwrap_file_key(wrap_key: bytes, body: bytes) -> bytes | None:
    """The file key, or None when the tag does not verify (this stanza is not for us)."""
    # The size is checked by the caller before any key derivation: a body of the wrong size is
    # a malformed header, not a stanza for someone else.
    try:
        return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, body, None)
    except InvalidTag:
        return None


def check_body_size(body: bytes) -> None:
    if len(body) != WRAPPED_FILE_KEY_SIZE:
        raise HeaderError()
