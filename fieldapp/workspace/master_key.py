"""What the workspace master key unlocks, each derived with its own HKDF label.

One 32-byte master key, wrapped in ``keys.json``, derives every key the workspace needs at rest.
Separate labels make the derived keys independent: knowing the database key says nothing of the
blob identity. Changing the passphrase rewraps the master key only, so nothing is re-encrypted.
"""

import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto import age

MASTER_KEY_BYTES = 32
DATABASE_KEY_LABEL = b"fieldapp/v1 sqlcipher database key"
BLOB_IDENTITY_LABEL = b"fieldapp/v1 blob age identity"


def new_master_key() -> bytes:
    return secrets.token_bytes(MASTER_KEY_BYTES)


def _derive(master_key: bytes, label: bytes) -> bytes:
    if len(master_key) != MASTER_KEY_BYTES:
        raise ValueError("the master key is 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master_key)


def database_key(master_key: bytes) -> bytes:
    """The raw 256-bit SQLCipher key (given as a raw key, so SQLCipher skips its own KDF)."""
    return _derive(master_key, DATABASE_KEY_LABEL)


def blob_identity(master_key: bytes) -> str:
    """The age identity every attachment file in the workspace is encrypted to."""
    return age.x25519_identity_from_secret(_derive(master_key, BLOB_IDENTITY_LABEL))
