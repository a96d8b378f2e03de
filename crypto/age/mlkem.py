"""The post-quantum hybrid recipient type ``mlkem768x25519`` (age1pq1…, AGE-SECRET-KEY-PQ-1…).

Testimony archives must stay secret for decades, so bundles are encrypted to this type by
default: an adversary who records a file today and has a quantum computer later still has to
break ML-KEM-768, and one who breaks ML-KEM still has to break X25519.

The stanza is HPKE (RFC 9180) base mode with the hybrid KEM MLKEM768-X25519, HKDF-SHA256 and
ChaCha20-Poly1305, exactly as age specifies it; the constants below are the spec's.
"""

import hashlib
import hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import mlkem
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from crypto.age import bech32
from crypto.age.format import Identity, Recipient, Stanza
from crypto.age.primitives import b64decode_raw, b64encode_raw, check_body_size
from crypto.age.x25519 import x25519_shared_secret
from crypto.errors import FormatError, HeaderError

STANZA_TYPE = "mlkem768x25519"
RECIPIENT_HRP = "age1pq"
IDENTITY_HRP = "age-secret-key-pq-"
HPKE_INFO = b"age-encryption.org/mlkem768x25519"
SEED_SIZE = 32
MLKEM_SEED_SIZE = 64
MLKEM_PUBLIC_SIZE = 1184
MLKEM_CIPHERTEXT_SIZE = 1088
X25519_SIZE = 32
PUBLIC_KEY_SIZE = MLKEM_PUBLIC_SIZE + X25519_SIZE
ENC_SIZE = MLKEM_CIPHERTEXT_SIZE + X25519_SIZE
# The X-Wing combiner label, the six bytes \./ /^\ .
COMBINER_LABEL = b"\\./" + b"/^\\"
KEM_ID = 0x647A
KDF_ID = 0x0001
AEAD_ID = 0x0003
SUITE_ID = b"HPKE" + struct.pack(">HHH", KEM_ID, KDF_ID, AEAD_ID)
HPKE_VERSION = b"HPKE-v1"


def _labeled_extract(salt: bytes, label: bytes, ikm: bytes) -> bytes:
    # HKDF-Extract is HMAC keyed by the salt; an empty salt is the same as HashLen zero bytes.
    return hmac.new(salt, HPKE_VERSION + SUITE_ID + label + ikm, hashlib.sha256).digest()


def _labeled_expand(prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    full_info = struct.pack(">H", length) + HPKE_VERSION + SUITE_ID + label + info
    return HKDFExpand(algorithm=hashes.SHA256(), length=length, info=full_info).derive(prk)


def _key_schedule(shared_secret: bytes) -> tuple[bytes, bytes]:
    """HPKE base-mode key and nonce for ``shared_secret`` and age's info string."""
    context = (
        b"\x00"
        + _labeled_extract(b"", b"psk_id_hash", b"")
        + _labeled_extract(b"", b"info_hash", HPKE_INFO)
    )
    secret = _labeled_extract(shared_secret, b"secret", b"")
    key = _labeled_expand(secret, b"key", context, 32)
    nonce = _labeled_expand(secret, b"base_nonce", context, 12)
    return key, nonce


def _combine(ss_pq: bytes, ss_t: bytes, ct_t: bytes, pk_t: bytes) -> bytes:
    return hashlib.sha3_256(ss_pq + ss_t + ct_t + pk_t + COMBINER_LABEL).digest()


def _expand_seed(seed: bytes) -> tuple[mlkem.MLKEM768PrivateKey, X25519PrivateKey]:
    expanded = hashlib.shake_256(seed).digest(MLKEM_SEED_SIZE + X25519_SIZE)
    pq = mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:MLKEM_SEED_SIZE])
    classic = X25519PrivateKey.from_private_bytes(expanded[MLKEM_SEED_SIZE:])
    return pq, classic


class HybridRecipient(Recipient):
    stanza_type = STANZA_TYPE
    post_quantum = True

    def __init__(self, public_key: bytes) -> None:
        if len(public_key) != PUBLIC_KEY_SIZE:
            raise FormatError("A post-quantum age recipient must hold a 1216-byte key.")
        try:
            self._pq = mlkem.MLKEM768PublicKey.from_public_bytes(public_key[:MLKEM_PUBLIC_SIZE])
        except ValueError:
            raise FormatError("The post-quantum age recipient is not a valid key.") from None
        self._pk_t = public_key[MLKEM_PUBLIC_SIZE:]
        self.public_key = public_key

    @classmethod
    def parse(cls, text: str) -> "HybridRecipient":
        hrp, data = bech32.decode(text)
        if hrp != RECIPIENT_HRP or text != text.lower():
            raise FormatError("This is not a post-quantum age recipient (age1pq1…).")
        return cls(data)

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self.public_key)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        ss_pq, ct_pq = self._pq.encapsulate()
        ephemeral = X25519PrivateKey.generate()
        ct_t = ephemeral.public_key().public_bytes_raw()
        ss_t = ephemeral.exchange(X25519PublicKey.from_public_bytes(self._pk_t))
        key, nonce = _key_schedule(_combine(ss_pq, ss_t, ct_t, self._pk_t))
        body = ChaCha20Poly1305(key).encrypt(nonce, file_key, b"")
        return [Stanza(STANZA_TYPE, (b64encode_raw(ct_pq + ct_t),), body)]


class HybridIdentity(Identity):
    def __init__(self, seed: bytes) -> None:
        if len(seed) != SEED_SIZE:
            raise FormatError("A post-quantum age identity must hold a 32-byte seed.")
        self._seed = seed
        self._pq, self._t = _expand_seed(seed)
        self._pk_t = self._t.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> "HybridIdentity":
        return cls(os.urandom(SEED_SIZE))

    @classmethod
    def parse(cls, text: str) -> "HybridIdentity":
        hrp, data = bech32.decode(text)
        if hrp != IDENTITY_HRP or text != text.upper():
            raise FormatError("This is not a post-quantum age identity (AGE-SECRET-KEY-PQ-1…).")
        return cls(data)

    def __str__(self) -> str:
        return bech32.encode(IDENTITY_HRP, self._seed).upper()

    def __repr__(self) -> str:
        return "HybridIdentity(<secret>)"

    @property
    def recipient(self) -> HybridRecipient:
        return HybridRecipient(self._pq.public_key().public_bytes_raw() + self._pk_t)

    def unwrap_stanza(self, stanza: Stanza) -> bytes | None:
        if stanza.type != STANZA_TYPE:
            return None
        if len(stanza.args) != 1:
            raise HeaderError()
        enc = b64decode_raw(stanza.args[0])
        if len(enc) != ENC_SIZE:
            raise HeaderError()
        check_body_size(stanza.body)
        ct_pq, ct_t = enc[:MLKEM_CIPHERTEXT_SIZE], enc[MLKEM_CIPHERTEXT_SIZE:]
        # ML-KEM decapsulation never fails: a damaged ciphertext yields an unrelated secret
        # (implicit rejection), and the AEAD below then reports "not for us".
        ss_pq = self._pq.decapsulate(ct_pq)
        ss_t = x25519_shared_secret(self._t, ct_t)
        key, nonce = _key_schedule(_combine(ss_pq, ss_t, ct_t, self._pk_t))
        try:
            return ChaCha20Poly1305(key).decrypt(nonce, stanza.body, b"")
        except InvalidTag:
            return None
