"""The scrypt passphrase recipient type.

Only our own key backups use it. Its work factor is read from the file, so it is capped before
any derivation: a hostile file asking for 2**30 would otherwise take a gigantic amount of memory
and time before failing.
"""

import os
import re

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from crypto.age.format import Identity, Recipient, Stanza
from crypto.age.primitives import (
    b64decode_raw,
    b64encode_raw,
    check_body_size,
    unwrap_file_key,
    wrap_file_key,
)
from crypto.errors import HeaderError

STANZA_TYPE = "scrypt"
SALT_LABEL = b"age-encryption.org/v1/scrypt"
SALT_SIZE = 16
SCRYPT_R = 8
SCRYPT_P = 1
# The age CLI's defaults: 2**18 takes about a second to encrypt, and decryption refuses more
# than 2**22 (4 GiB of memory), as age does.
DEFAULT_WORK_FACTOR = 18
MAX_WORK_FACTOR = 22
_CANONICAL_DECIMAL = re.compile(r"[1-9][0-9]{0,2}")


def _derive(passphrase: str, salt: bytes, work_factor: int) -> bytes:
    n = 1 << work_factor
    kdf = Scrypt(salt=SALT_LABEL + salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


class ScryptRecipient(Recipient):
    stanza_type = STANZA_TYPE

    def __init__(self, passphrase: str, work_factor: int = DEFAULT_WORK_FACTOR) -> None:
        if not 1 <= work_factor <= MAX_WORK_FACTOR:
            raise ValueError(f"scrypt work factor must be 1..{MAX_WORK_FACTOR}")
        self._passphrase = passphrase
        self._work_factor = work_factor

    def wrap(self, file_key: bytes) -> list[Stanza]:
        salt = os.urandom(SALT_SIZE)
        wrap_key = _derive(self._passphrase, salt, self._work_factor)
        args = (b64encode_raw(salt), str(self._work_factor))
        return [Stanza(STANZA_TYPE, args, wrap_file_key(wrap_key, file_key))]


class ScryptIdentity(Identity):
    def __init__(self, passphrase: str, max_work_factor: int = MAX_WORK_FACTOR) -> None:
        self._passphrase = passphrase
        self._max_work_factor = max_work_factor

    def __repr__(self) -> str:
        return "ScryptIdentity(<passphrase>)"

    def unwrap_stanza(self, stanza: Stanza) -> bytes | None:
        if stanza.type != STANZA_TYPE:
            return None
        if len(stanza.args) != 2 or not _CANONICAL_DECIMAL.fullmatch(stanza.args[1]):
            raise HeaderError()
        salt = b64decode_raw(stanza.args[0])
        work_factor = int(stanza.args[1])
        if len(salt) != SALT_SIZE or work_factor > self._max_work_factor:
            raise HeaderError()
        check_body_size(stanza.body)
        return unwrap_file_key(_derive(self._passphrase, salt, work_factor), stanza.body)
