"""age v1 (age-encryption.org/v1): X25519, scrypt and post-quantum hybrid recipients, STREAM
payloads, ASCII armor, and re-addressing of a payload to new recipients without re-encrypting.
"""

from crypto.age.encryption import (
    DecryptingReader,
    EncryptingWriter,
    decrypt,
    encrypt,
    encrypt_passphrase,
    new_header,
    readdress,
    readdress_decrypting,
    readdress_decrypting_into,
)
from crypto.age.format import Identity, Recipient
from crypto.age.keys import (
    generate_hybrid,
    generate_x25519,
    parse_identities_file,
    parse_identity,
    parse_recipient,
    recipient_of,
    x25519_identity_from_secret,
)

__all__ = [
    "DecryptingReader",
    "EncryptingWriter",
    "Identity",
    "Recipient",
    "decrypt",
    "encrypt",
    "encrypt_passphrase",
    "generate_hybrid",
    "generate_x25519",
    "new_header",
    "parse_identities_file",
    "parse_identity",
    "parse_recipient",
    "readdress",
    "readdress_decrypting",
    "readdress_decrypting_into",
    "recipient_of",
    "x25519_identity_from_secret",
]
