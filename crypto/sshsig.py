"""SSH signatures (OpenSSH PROTOCOL.sshsig, ``ssh-keygen -Y sign/verify``): sign, verify, armor.

fieldapp signs with Ed25519 and SHA-512 only. It verifies Ed25519, ECDSA (P-256, P-384, P-521)
and RSA (rsa-sha2-256, rsa-sha2-512) signatures with either SHA-256 or SHA-512, so that an auditor
can bring any key ssh-keygen would accept.

Signatures come from USB sticks an attacker may have handled, so the reader accepts one layout
only: the one ``ssh-keygen -Y sign`` writes. The armor must be byte-for-byte what we would write
for the same blob, and the blob must have every field in its one canonical form. ssh-keygen 9.2
is more lenient: it takes text after the footer, other line widths, version 0, and any bytes in
the reserved field (which its signature does not cover). Everything we accept, it accepts too,
but not the other way round. Canonical input also means that one signature has exactly one file,
so a signature file can be compared or hashed as bytes, and nobody can add to it unnoticed.

Wire encoding and public keys live in ``crypto.sshkeys``.
"""

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO, TypeAlias

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from crypto.errors import FormatError, LimitError, SignatureError, SignerNotAllowedError
from crypto.sshkeys import (
    ECDSA_NISTP256,
    ECDSA_NISTP384,
    ECDSA_NISTP521,
    SSH_ED25519,
    PublicKey,
    WireReader,
    b64decode_canonical,
    encode_string,
    encode_uint32,
    key_type,
    parse_openssh_public_key,
    public_key_from_wire,
    public_key_to_openssh,
    public_key_to_wire,
)

MAGIC_PREAMBLE = b"SSHSIG"
SIG_VERSION = 1

ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
ARMOR_END = "-----END SSH SIGNATURE-----"
# PROTOCOL.sshsig suggests 76 columns, but ssh-keygen wraps at 70 (sshbuf_dtob64). We write, and
# accept, what the tool writes, so that our signature files are identical to its own.
ARMOR_LINE_LENGTH = 70

HASH_SHA256 = "sha256"
HASH_SHA512 = "sha512"
DEFAULT_HASH_ALGORITHM = HASH_SHA512
HASH_ALGORITHMS: dict[str, type[hashes.HashAlgorithm]] = {
    HASH_SHA256: hashes.SHA256,
    HASH_SHA512: hashes.SHA512,
}

# The SSH signature algorithms allowed for each key type. For RSA, PROTOCOL.sshsig forbids the
# legacy SHA-1 "ssh-rsa" algorithm: only the SHA-2 variants of RFC 8332.
RSA_SIGNATURE_ALGORITHMS: dict[str, type[hashes.HashAlgorithm]] = {
    "rsa-sha2-256": hashes.SHA256,
    "rsa-sha2-512": hashes.SHA512,
}
# RFC 5656 §6.2.1: each curve has its own hash.
ECDSA_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    ECDSA_NISTP256: hashes.SHA256,
    ECDSA_NISTP384: hashes.SHA384,
    ECDSA_NISTP521: hashes.SHA512,
}
ED25519_SIGNATURE_BYTES = 64

# The largest signature blob we read: an RSA-16384 signature (the largest key OpenSSH accepts)
# is about 4.2 KiB. The cap is checked on the armored text before anything is decoded.
MAX_SIGNATURE_BYTES = 8 * 1024
# A namespace is a short label ("file", "git", "fieldapp-bundle@v1"); the cap keeps every
# signature we make well under MAX_SIGNATURE_BYTES, so that we never write one we would refuse.
MAX_NAMESPACE_BYTES = 1024

# Messages are hashed in chunks of this size, so a file of any size is signed in constant memory.
MESSAGE_CHUNK_SIZE = 64 * 1024

Message: TypeAlias = bytes | bytearray | memoryview | BinaryIO


@dataclass(frozen=True)
class Signature:
    """A parsed SSHSIG blob. Nothing here is verified: it is what the signature *claims*."""

    public_key: PublicKey
    public_key_blob: bytes  # the key's wire encoding, as found in the signature
    namespace: str
    hash_algorithm: str  # "sha256" or "sha512": how the message was hashed
    signature_algorithm: str  # the SSH signature algorithm, e.g. "ssh-ed25519", "rsa-sha2-512"
    signature_value: bytes  # that algorithm's signature, still in its SSH encoding


# --- armor ---------------------------------------------------------------------------------------


def armor(blob: bytes) -> str:
    """Armor a signature blob exactly as ``ssh-keygen -Y sign`` does."""
    encoded = base64.b64encode(blob).decode("ascii")
    lines = [
        encoded[start : start + ARMOR_LINE_LENGTH] + "\n"
        for start in range(0, len(encoded), ARMOR_LINE_LENGTH)
    ]
    return f"{ARMOR_BEGIN}\n{''.join(lines)}{ARMOR_END}\n"


# The armored size of the largest blob we read; armored input is capped at this before decoding.
MAX_ARMORED_BYTES = len(armor(bytes(MAX_SIGNATURE_BYTES)))


def dearmor(text: str | bytes) -> bytes:
    """The blob inside an armored signature, which must be exactly as ssh-keygen writes it."""
    if not isinstance(text, str | bytes | bytearray):
        raise TypeError("an armored signature is a str or bytes")
    # Before any decoding or splitting: the cost of everything below is bounded by this.
    if len(text) > MAX_ARMORED_BYTES:
        raise LimitError("The signature is larger than this program allows.")
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("ascii")
        except UnicodeDecodeError:
            raise FormatError("The signature contains characters that are not ASCII.") from None
    elif not text.isascii():
        raise FormatError("The signature contains characters that are not ASCII.")
    header = ARMOR_BEGIN + "\n"
    footer = "\n" + ARMOR_END + "\n"
    if not text.startswith(header):
        raise FormatError("The signature does not start with the SSH signature header.")
    if len(text) < len(header) + len(footer) or not text.endswith(footer):
        raise FormatError("The signature does not end with the SSH signature footer.")
    body = text[len(header) : -len(footer)]
    blob = b64decode_canonical(body.replace("\n", ""), "The signature")
    # Any other layout of the same base64 (CRLF, other widths, blank lines) is refused here.
    if armor(blob) != text:
        raise FormatError("The signature's armor is not laid out as ssh-keygen writes it.")
    return blob


# --- the blob ------------------------------------------------------------------------------------


def _ecdsa_integers(value: bytes) -> tuple[int, int]:
    # RFC 5656 §3.1.2: the ECDSA signature value is two mpints, r and s.
    reader = WireReader(value, "The ECDSA signature")
    r = reader.mpint()
    s = reader.mpint()
    reader.finish()
    return r, s


def _check_signature_value(key: PublicKey, algorithm: str, value: bytes) -> None:
    """Check that the inner signature suits the key: its algorithm and its size."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        if algorithm != SSH_ED25519 or len(value) != ED25519_SIGNATURE_BYTES:
            raise FormatError("The signature does not match its Ed25519 key.")
    elif isinstance(key, rsa.RSAPublicKey):
        if algorithm not in RSA_SIGNATURE_ALGORITHMS:
            raise FormatError("The RSA signature uses an algorithm that is not allowed.")
        # RFC 8332 §3: the value has the modulus's length. ssh-keygen always writes that length.
        if len(value) != (key.key_size + 7) // 8:
            raise FormatError("The RSA signature has the wrong length for its key.")
    else:
        if algorithm != key_type(key):
            raise FormatError("The signature does not match its ECDSA key.")
        _ecdsa_integers(value)


def parse_blob(blob: bytes) -> Signature:
    """Parse a signature blob (PROTOCOL.sshsig §2), strictly. Does not verify anything."""
    if len(blob) > MAX_SIGNATURE_BYTES:
        raise LimitError("The signature is larger than this program allows.")
    reader = WireReader(blob, "The signature")
    if reader.take(len(MAGIC_PREAMBLE)) != MAGIC_PREAMBLE:
        raise FormatError("This is not an SSH signature.")
    # The spec only forbids versions above ours; version 0 was never defined, so it is refused.
    if reader.uint32() != SIG_VERSION:
        raise FormatError("The SSH signature has a version this program does not support.")
    public_key_blob = reader.string()
    namespace = reader.string()
    reserved = reader.string()
    hash_algorithm = reader.string()
    inner = reader.string()
    reader.finish()

    public_key = public_key_from_wire(public_key_blob)
    namespace_text = _namespace_from_blob(namespace)
    # The spec says verifiers "should ignore" a non-empty reserved field, and ssh-keygen does: it
    # signs and verifies over an empty reserved value whatever the blob holds, so bytes there are
    # covered by no signature and anyone can put anything in them. We refuse them instead.
    if reserved:
        raise FormatError("The SSH signature has data in its reserved field.")
    hash_name = hash_algorithm.decode("ascii", errors="replace")
    if hash_name not in HASH_ALGORITHMS:
        raise FormatError("The SSH signature uses a hash algorithm that is not allowed.")

    inner_reader = WireReader(inner, "The signature")
    algorithm = inner_reader.name()
    value = inner_reader.string()
    inner_reader.finish()
    _check_signature_value(public_key, algorithm, value)
    return Signature(
        public_key=public_key,
        public_key_blob=public_key_blob,
        namespace=namespace_text,
        hash_algorithm=hash_name,
        signature_algorithm=algorithm,
        signature_value=value,
    )


def _namespace_from_blob(raw: bytes) -> str:
    if not raw:
        raise FormatError("The SSH signature has an empty namespace.")
    if len(raw) > MAX_NAMESPACE_BYTES:
        raise LimitError("The SSH signature's namespace is longer than this program allows.")
    # ssh-keygen reads the namespace as a C string: a NUL inside would cut it short there.
    if b"\x00" in raw:
        raise FormatError("The SSH signature's namespace contains a NUL byte.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError("The SSH signature's namespace is not valid UTF-8.") from None


def parse_signature(text: str | bytes) -> Signature:
    """Dearmor and parse an armored signature. Does not verify anything."""
    return parse_blob(dearmor(text))


# --- signing and verifying -----------------------------------------------------------------------


def _namespace_bytes(namespace: str) -> bytes:
    """The caller's namespace, checked: a wrong one is a programming error, not hostile input."""
    if not isinstance(namespace, str):
        raise TypeError("the namespace is a str")
    try:
        encoded = namespace.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the namespace must be encodable as UTF-8") from None
    if not encoded or b"\x00" in encoded or len(encoded) > MAX_NAMESPACE_BYTES:
        raise ValueError(
            f"the namespace must be 1 to {MAX_NAMESPACE_BYTES} bytes of UTF-8, without NUL"
        )
    return encoded


def _hash_message(message: Message, hash_algorithm: str) -> bytes:
    digest = hashes.Hash(HASH_ALGORITHMS[hash_algorithm]())
    if isinstance(message, bytes | bytearray | memoryview):
        digest.update(message)
        return digest.finalize()
    if not hasattr(message, "read"):
        raise TypeError("the message is bytes or a binary file object")
    while True:
        chunk = message.read(MESSAGE_CHUNK_SIZE)
        if not isinstance(chunk, bytes | bytearray):
            raise TypeError("the message file must be opened in binary mode")
        if not chunk:
            return digest.finalize()
        digest.update(chunk)


def _signed_data(namespace: bytes, hash_algorithm: str, message_hash: bytes) -> bytes:
    # PROTOCOL.sshsig §3. The preamble keeps these signatures apart from SSH authentication
    # signatures made with the same key. The namespace is signed so that a signature made for one
    # purpose (a git commit, a backup) is never valid for another (a fieldapp bundle), even
    # though the key and the message bytes are the same.
    return (
        MAGIC_PREAMBLE
        + encode_string(namespace)
        + encode_string(b"")  # reserved
        + encode_string(hash_algorithm.encode("ascii"))
        + encode_string(message_hash)
    )


def sign(
    message: Message,
    private_key: ed25519.Ed25519PrivateKey,
    namespace: str,
    *,
    hash_algorithm: str = DEFAULT_HASH_ALGORITHM,
) -> str:
    """Sign a message (bytes, or a binary file read in chunks) as ``ssh-keygen -Y sign`` would.

    Returns the armored signature, byte-identical to ssh-keygen's for the same key, message,
    namespace and hash (Ed25519 signatures are deterministic).
    """
    if not isinstance(private_key, ed25519.Ed25519PrivateKey):
        raise TypeError("fieldapp signs with Ed25519 keys only")
    namespace_bytes = _namespace_bytes(namespace)
    if hash_algorithm not in HASH_ALGORITHMS:
        raise ValueError(f"the hash algorithm is one of {sorted(HASH_ALGORITHMS)}")
    message_hash = _hash_message(message, hash_algorithm)
    value = private_key.sign(_signed_data(namespace_bytes, hash_algorithm, message_hash))
    inner = encode_string(SSH_ED25519.encode("ascii")) + encode_string(value)
    blob = (
        MAGIC_PREAMBLE
        + encode_uint32(SIG_VERSION)
        + encode_string(public_key_to_wire(private_key.public_key()))
        + encode_string(namespace_bytes)
        + encode_string(b"")  # reserved
        + encode_string(hash_algorithm.encode("ascii"))
        + encode_string(inner)
    )
    return armor(blob)


def _allowed_blobs(allowed: Iterable[PublicKey | str]) -> set[bytes]:
    if isinstance(allowed, str | bytes):
        raise TypeError("allowed is an iterable of keys, not one key line")
    blobs = set()
    for item in allowed:
        if isinstance(item, str | bytes):
            key, _ = parse_openssh_public_key(item)
        else:
            key = item
        blobs.add(public_key_to_wire(key))
    return blobs


def _signature_is_valid(signature: Signature, signed_data: bytes) -> bool:
    key = signature.public_key
    value = signature.signature_value
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(value, signed_data)
        elif isinstance(key, rsa.RSAPublicKey):
            hash_type = RSA_SIGNATURE_ALGORITHMS[signature.signature_algorithm]
            key.verify(value, signed_data, padding.PKCS1v15(), hash_type())
        else:
            r, s = _ecdsa_integers(value)
            hash_type = ECDSA_HASHES[signature.signature_algorithm]
            key.verify(encode_dss_signature(r, s), signed_data, ec.ECDSA(hash_type()))
    except InvalidSignature:
        return False
    return True


class Verifier:
    """``verify`` made ready for one namespace and one set of allowed keys, for checking many
    signatures: the namespace is encoded and the allowed keys serialised once, not per call.

    Raises what ``verify`` raises: ``FormatError`` here for a malformed allowed key line,
    ``TypeError``/``ValueError`` for a wrong namespace (a programming error)."""

    def __init__(self, namespace: str, allowed: Iterable[PublicKey | str]) -> None:
        self._namespace = _namespace_bytes(namespace)
        self._allowed = frozenset(_allowed_blobs(allowed))

    def verify(self, message: Message, signature: str | bytes) -> Signature:
        """The parsed signature, once it verifies over ``message`` by an allowed key; raises as
        ``verify`` does (``SignatureError``, ``SignerNotAllowedError``, ``FormatError``)."""
        parsed = parse_signature(signature)
        # Cheap refusals first: a wrong namespace or an unknown key needs no pass over the message.
        if parsed.namespace.encode("utf-8") != self._namespace:
            raise SignatureError("The signature was made for another purpose (namespace).")
        if parsed.public_key_blob not in self._allowed:
            raise SignerNotAllowedError()
        message_hash = _hash_message(message, parsed.hash_algorithm)
        # The signed data is rebuilt from *our* expectations (namespace, empty reserved field),
        # not copied from the signature, so that what was checked above is what it covers.
        signed_data = _signed_data(self._namespace, parsed.hash_algorithm, message_hash)
        if not _signature_is_valid(parsed, signed_data):
            raise SignatureError(
                "The signature does not match the data: it or the data was altered."
            )
        return parsed


def verify(
    message: Message,
    signature: str | bytes,
    namespace: str,
    allowed: Iterable[PublicKey | str],
) -> str:
    """Verify an armored signature over a message for a namespace, by one of the allowed keys.

    ``allowed`` holds OpenSSH public-key lines (``"ssh-ed25519 AAAA… comment"``) or public key
    objects. Returns the signer's key line without a comment. Raises ``SignatureError`` when the
    signature does not verify (wrong namespace, bad signature, altered message), its subclass
    ``SignerNotAllowedError`` when it names a key not allowed, and ``FormatError`` when the
    signature or an allowed key line is malformed. For many signatures by the same keys,
    ``Verifier`` does the same with the keys prepared once.
    """
    parsed = Verifier(namespace, allowed).verify(message, signature)
    return public_key_to_openssh(parsed.public_key)
