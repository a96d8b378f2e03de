"""Reading and making recipient and identity strings of every supported type."""

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from crypto.age.format import Identity, Recipient
from crypto.age.mlkem import RECIPIENT_HRP as HYBRID_RECIPIENT_HRP
from crypto.age.mlkem import HybridIdentity, HybridRecipient
from crypto.age.x25519 import X25519Identity, X25519Recipient
from crypto.errors import FormatError

HYBRID_RECIPIENT_PREFIX = HYBRID_RECIPIENT_HRP + "1"
HYBRID_IDENTITY_PREFIX = "AGE-SECRET-KEY-PQ-1"
X25519_RECIPIENT_PREFIX = "age1"
X25519_IDENTITY_PREFIX = "AGE-SECRET-KEY-1"


def parse_recipient(text: str) -> Recipient:
    """An ``age1…`` or ``age1pq1…`` recipient string as a Recipient."""
    text = text.strip()
    if text.startswith(HYBRID_RECIPIENT_PREFIX):
        return HybridRecipient.parse(text)
    if text.startswith(X25519_RECIPIENT_PREFIX):
        return X25519Recipient.parse(text)
    raise FormatError("This is not an age recipient (age1… or age1pq1…).")


def parse_identity(text: str) -> Identity:
    """An ``AGE-SECRET-KEY-1…`` or ``AGE-SECRET-KEY-PQ-1…`` string as an Identity."""
    text = text.strip()
    if text.startswith(HYBRID_IDENTITY_PREFIX):
        return HybridIdentity.parse(text)
    if text.startswith(X25519_IDENTITY_PREFIX):
        return X25519Identity.parse(text)
    raise FormatError("This is not an age identity (AGE-SECRET-KEY-1…).")


def parse_identities_file(text: str) -> list[Identity]:
    """Identities from an age identity file: one per line, ``#`` comments and blank lines."""
    identities = [
        parse_identity(line)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not identities:
        raise FormatError("The identity file holds no identity.")
    return identities


def recipient_of(identity: str | Identity) -> str:
    """The recipient string of an identity, as ``age-keygen -y`` prints it."""
    if isinstance(identity, str):
        identity = parse_identity(identity)
    if not isinstance(identity, X25519Identity | HybridIdentity):
        raise FormatError("This identity has no recipient string.")
    return str(identity.recipient)


def x25519_identity_from_secret(secret: bytes) -> str:
    """The ``AGE-SECRET-KEY-1…`` string of a 32-byte secret derived elsewhere (e.g. by HKDF).

    X25519 accepts any 32 bytes as a private key (it clamps them), so a uniformly random or
    HKDF-derived secret is a valid identity as it is.
    """
    if len(secret) != 32:
        raise ValueError("an X25519 secret is 32 bytes")
    return str(X25519Identity(X25519PrivateKey.from_private_bytes(secret)))


def generate_x25519() -> tuple[str, str]:
    """A new classic pair: (``AGE-SECRET-KEY-1…``, ``age1…``)."""
    identity = X25519Identity.generate()
    return str(identity), str(identity.recipient)


def generate_hybrid() -> tuple[str, str]:
    """A new post-quantum hybrid pair: (``AGE-SECRET-KEY-PQ-1…``, ``age1pq1…``)."""
    identity = HybridIdentity.generate()
    return str(identity), str(identity.recipient)
