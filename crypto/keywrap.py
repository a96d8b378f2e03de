"""Wrapping the workspace master key: under a passphrase (Argon2id) or a recovery code (HKDF).

A wrapped key ("blob") is canonical JSON — ASCII, so also UTF-8; keys sorted; no spaces:

    {"ciphertext":B64,"kdf":"argon2id","kind":"passphrase","nonce":B64,
     "params":{"iterations":5,"lanes":4,"memory_kib":262144},"salt":B64,"version":1}
    {"ciphertext":B64,"kdf":"hkdf-sha256","kind":"recovery","nonce":B64,
     "params":{},"salt":B64,"version":1}

B64 is standard base64 with padding. The salt is 16 random bytes, the nonce 12, the ciphertext the
32-byte key and the 16-byte Poly1305 tag. The wrapping key is Argon2id(NFC(passphrase) as UTF-8,
salt, params), or HKDF-SHA256(the code's canonical grouped form as ASCII, salt,
RECOVERY_HKDF_INFO). The AEAD is ChaCha20-Poly1305; its associated data is the canonical JSON of
every other field (version, kind, kdf, params, salt), so a blob cannot be edited into another
shape: change any field and it no longer opens.

Order of work when opening: size cap, strict parse, caps and floor on the Argon2id parameters, and
only then any derivation. Every failure after that — wrong passphrase, wrong code, a flipped bit
in the salt, nonce, ciphertext or tag — is the same KeyWrapError with the same message.
"""

import base64
import binascii
import json
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import FormatError, KeyWrapError, LimitError
from crypto.recovery_code import generate_recovery_code, normalize_recovery_code

__all__ = [
    "DEFAULT_PARAMS",
    "TEST_PARAMS",
    "Argon2Params",
    "generate_recovery_code",
    "normalize_recovery_code",
    "read_params",
    "unwrap_with_passphrase",
    "unwrap_with_recovery_code",
    "wrap_with_passphrase",
    "wrap_with_recovery_code",
]

FORMAT_VERSION = 1
KIND_PASSPHRASE = "passphrase"  # noqa: S105 -- a field value, not a password
KIND_RECOVERY = "recovery"
KDF_ARGON2ID = "argon2id"
KDF_HKDF_SHA256 = "hkdf-sha256"
RECOVERY_HKDF_INFO = b"fieldapp-keywrap/1 recovery-code"

MASTER_KEY_BYTES = 32
WRAPPING_KEY_BYTES = 32
SALT_BYTES = 16  # RFC 9106 §3.1: 128 bits of salt are enough for all applications
NONCE_BYTES = 12
TAG_BYTES = 16
CIPHERTEXT_BYTES = MASTER_KEY_BYTES + TAG_BYTES
# A real blob is about 250 bytes; anything far larger is refused before it is parsed.
MAX_BLOB_BYTES = 1024

# Caps, checked before any derivation, bound what a hostile keys.json can make us spend: at
# worst 1 GiB of memory and about 13 s (16 passes, 1 lane, measured beside DEFAULT_PARAMS) —
# instead of a crash or a hang. Whoever can edit keys.json can also delete it, so the caps are
# about staying up, not about stopping a vandal; they leave room above DEFAULT_PARAMS to grow.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 16
MAX_LANES = 16

# The floor. The parameters in a blob are authenticated (they are in the associated data), so
# editing them in a real blob only makes it fail to open: the floor is not what protects an
# existing wrap. It matters where parameters flow into a *new* wrap — a passphrase change that
# keeps the old settings, or an upgrade-on-unlock rule comparing against DEFAULT_PARAMS. An
# attacker who can edit keys.json must not be able to steer such code into writing a weak wrap,
# so wrap_with_passphrase refuses weak parameters whatever their source, and read_params and the
# unwrap path refuse blobs below the floor (this program never writes them). It sits at
# TEST_PARAMS so that the rest of the test suite can wrap quickly; production writes DEFAULT_PARAMS.
MIN_MEMORY_KIB = 8 * 1024
MIN_ITERATIONS = 1
MIN_LANES = 1

_BLOB_FIELDS = frozenset({"ciphertext", "kdf", "kind", "nonce", "params", "salt", "version"})
_KDF_OF_KIND = {KIND_PASSPHRASE: KDF_ARGON2ID, KIND_RECOVERY: KDF_HKDF_SHA256}


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id work factors (RFC 9106): memory in KiB, passes over it, and parallel lanes."""

    memory_kib: int
    iterations: int
    lanes: int


# Measured on this 2-core machine (cryptography 50.0.2, 9 runs): median 0.50 s, 0.49–0.57 s.
# 256 MiB rather than RFC 9106's 2 GiB first choice, because field laptops are modest and the
# app is running beside it; four lanes as RFC 9106 recommends (they run on both cores here:
# 0.28 s against 0.40 s for one lane at two passes); five passes bring the time up to the half
# second DESIGN.md budgets for unlocking.
DEFAULT_PARAMS = Argon2Params(memory_kib=256 * 1024, iterations=5, lanes=4)
# A few milliseconds; for tests only. It equals the floor, so wraps made with it still open.
TEST_PARAMS = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=MIN_ITERATIONS, lanes=MIN_LANES)


@dataclass(frozen=True)
class _Blob:
    kind: str
    params: dict[str, int]
    salt: bytes
    nonce: bytes
    ciphertext: bytes


def wrap_with_passphrase(
    key: bytes, passphrase: str, *, params: Argon2Params | None = None
) -> bytes:
    """Wrap the master key under a key that Argon2id derives from the passphrase, with
    ``params`` or, when None, ``DEFAULT_PARAMS``."""
    _check_master_key(key)
    # Looked up at each call, not bound once as a default: the test suite lowers the cost of
    # every path in one place (tests/conftest.py), and nothing here can forget to pass it on.
    # The floor below still refuses weak parameters whatever their source.
    params = DEFAULT_PARAMS if params is None else params
    _check_params(params)
    if not passphrase:
        raise FormatError("The passphrase is empty.")
    salt = secrets.token_bytes(SALT_BYTES)
    wrapping_key = _derive_from_passphrase(passphrase, salt, params)
    return _seal(KIND_PASSPHRASE, asdict(params), salt, wrapping_key, key)


def unwrap_with_passphrase(blob: bytes, passphrase: str) -> bytes:
    """The master key; KeyWrapError for a wrong passphrase or a damaged blob alike."""
    parsed = _parse(blob, KIND_PASSPHRASE)
    params = Argon2Params(**parsed.params)
    return _open(parsed, _derive_from_passphrase(passphrase, parsed.salt, params))


def wrap_with_recovery_code(key: bytes, code: str) -> bytes:
    """Wrap the master key under a key that HKDF derives from a recovery code."""
    _check_master_key(key)
    canonical = normalize_recovery_code(code)
    salt = secrets.token_bytes(SALT_BYTES)
    return _seal(KIND_RECOVERY, {}, salt, _derive_from_recovery_code(canonical, salt), key)


def unwrap_with_recovery_code(blob: bytes, code: str) -> bytes:
    """The master key; FormatError at once for a mistyped code, KeyWrapError for a wrong one."""
    canonical = normalize_recovery_code(code)
    parsed = _parse(blob, KIND_RECOVERY)
    return _open(parsed, _derive_from_recovery_code(canonical, parsed.salt))


def read_params(blob: bytes) -> Argon2Params:
    """The Argon2id parameters a passphrase blob asks for, already checked against caps and floor.

    To rewrap after a passphrase change, prefer DEFAULT_PARAMS (or the stronger of the two) to
    carrying these forward: they are only as current as the program that wrote the blob.
    """
    return Argon2Params(**_parse(blob, KIND_PASSPHRASE).params)


def _check_master_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != MASTER_KEY_BYTES:
        raise FormatError(f"The key to wrap must be {MASTER_KEY_BYTES} bytes.")


def _check_params(params: Argon2Params) -> None:
    values = (params.memory_kib, params.iterations, params.lanes)
    if any(type(value) is not int for value in values):  # bool is an int; refuse it too
        raise FormatError("The Argon2id parameters must be whole numbers.")
    _check_caps(params)
    if (
        params.memory_kib < MIN_MEMORY_KIB
        or params.iterations < MIN_ITERATIONS
        or params.lanes < MIN_LANES
    ):
        raise FormatError("The Argon2id parameters are weaker than this program allows.")


def _check_caps(params: Argon2Params) -> None:
    if (
        params.memory_kib > MAX_MEMORY_KIB
        or params.iterations > MAX_ITERATIONS
        or params.lanes > MAX_LANES
    ):
        raise LimitError(
            "The Argon2id parameters ask for more work than this program allows "
            f"(at most {MAX_MEMORY_KIB} KiB, {MAX_ITERATIONS} passes, {MAX_LANES} lanes)."
        )


def _derive_argon2id(
    password: bytes,
    salt: bytes,
    params: Argon2Params,
    *,
    length: int = WRAPPING_KEY_BYTES,
    secret: bytes | None = None,
    ad: bytes | None = None,
) -> bytes:
    # The one place Argon2id runs. It checks the caps itself, so no path can derive without
    # them; not the floor, so that the RFC 9106 vector (32 KiB) can be run through it.
    _check_caps(params)
    kdf = Argon2id(
        salt=salt,
        length=length,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
        ad=ad,
        secret=secret,
    )
    return kdf.derive(password)


def _derive_from_passphrase(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    # NFC, because systems differ in what they send for the same text: Hangul may arrive as
    # precomposed syllables from one input method and as separate jamo from another (or from a
    # macOS file name pasted in). NFC, not NFKC: full-width and half-width stay distinct.
    try:
        password = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be typed, only injected
        raise FormatError("The passphrase contains characters that cannot be encoded.") from None
    return _derive_argon2id(password, salt, params)


def _derive_from_recovery_code(canonical_code: str, salt: bytes) -> bytes:
    # HKDF, not Argon2id: a recovery code carries 130 uniformly random bits, so guessing costs
    # about 2^129 trials whatever each trial costs. A memory-hard KDF defends low-entropy
    # secrets and would add nothing here but another half second, 256 MiB, and a work factor
    # an attacker could try to inflate. The random salt still keeps each wrap's key distinct.
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=WRAPPING_KEY_BYTES, salt=salt, info=RECOVERY_HKDF_INFO
    )
    return hkdf.derive(canonical_code.encode("ascii"))


def _header(kind: str, params: dict[str, int], salt: bytes) -> dict[str, Any]:
    return {
        "kdf": _KDF_OF_KIND[kind],
        "kind": kind,
        "params": params,
        "salt": _b64encode(salt),
        "version": FORMAT_VERSION,
    }


def _seal(kind: str, params: dict[str, int], salt: bytes, wrapping_key: bytes, key: bytes) -> bytes:
    header = _header(kind, params, salt)
    # Each wrapping key is used once (fresh salt), so even a fixed nonce would be safe; a random
    # one costs nothing and stays safe if that ever changes.
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = ChaCha20Poly1305(wrapping_key).encrypt(nonce, key, _canonical_json(header))
    blob = {**header, "nonce": _b64encode(nonce), "ciphertext": _b64encode(ciphertext)}
    return _canonical_json(blob)


def _open(parsed: _Blob, wrapping_key: bytes) -> bytes:
    associated_data = _canonical_json(_header(parsed.kind, parsed.params, parsed.salt))
    try:
        return ChaCha20Poly1305(wrapping_key).decrypt(
            parsed.nonce, parsed.ciphertext, associated_data
        )
    except InvalidTag:
        raise KeyWrapError() from None


def _parse(blob: bytes, kind: str) -> _Blob:
    fields = _load_canonical_json(blob)
    if fields.get("version") != FORMAT_VERSION or type(fields["version"]) is not int:
        raise FormatError("The key file was written by an unknown version of this program.")
    if fields.keys() != _BLOB_FIELDS:
        raise FormatError("The key file does not have the expected fields.")
    if fields["kind"] != kind:
        raise FormatError(f"This wrapped key is not the {kind} kind.")
    if fields["kdf"] != _KDF_OF_KIND[kind]:
        raise FormatError("The key file names an unexpected key derivation.")
    return _Blob(
        kind=kind,
        params=_parse_params(kind, fields["params"]),
        salt=_b64decode(fields["salt"], SALT_BYTES),
        nonce=_b64decode(fields["nonce"], NONCE_BYTES),
        ciphertext=_b64decode(fields["ciphertext"], CIPHERTEXT_BYTES),
    )


def _parse_params(kind: str, value: object) -> dict[str, int]:
    if kind == KIND_RECOVERY:
        if value != {}:
            raise FormatError("A recovery-code wrap takes no parameters.")
        return {}
    if not isinstance(value, dict) or value.keys() != {"memory_kib", "iterations", "lanes"}:
        raise FormatError("The Argon2id parameters are not in the expected format.")
    _check_params(Argon2Params(**value))
    return value


def _load_canonical_json(blob: bytes) -> dict[str, Any]:
    if not isinstance(blob, bytes):
        raise FormatError("The key file must be read as bytes.")
    if len(blob) > MAX_BLOB_BYTES:
        raise LimitError("The key file is larger than any wrapped key.")
    try:
        value = json.loads(blob.decode("utf-8"))
        canonical = _canonical_json(value)
    except (ValueError, RecursionError):  # JSON and UTF-8 errors are ValueErrors
        raise FormatError("The key file is not valid JSON.") from None
    # Re-encoding and comparing refuses, in one step, whitespace, key order, duplicate keys,
    # escapes, number spellings and anything else with more than one way to be written.
    if canonical != blob or not isinstance(value, dict):
        raise FormatError("The key file is not in canonical form.")
    return value


def _canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(value: object, length: int) -> bytes:
    try:
        data = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):  # ValueError: non-ASCII characters in the string
        data = None
    # Canonical: re-encoding gives back the same text (no stray bits in the last character).
    if data is None or len(data) != length or _b64encode(data) != value:
        raise FormatError("A base64 field of the key file is malformed or of the wrong length.")
    return data
