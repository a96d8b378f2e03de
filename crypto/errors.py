"""The errors of the crypto package: one base, a few flat kinds.

Every message is a sentence a person can read. Decryption failures of every kind share one
message, as age's do: whether a stanza did not match, a MAC was wrong or a chunk was cut short
is of no help to the user and of some help to an attacker probing the decryptor. The subclass
names stay distinct so that tests and logs can tell the cases apart.
"""

_DECRYPTION_FAILED = (
    "The file could not be decrypted: it is damaged, or it was not encrypted for this key."
)


class CryptoError(Exception):
    """A cryptographic operation failed."""

    default_message = "A cryptographic operation failed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class FormatError(CryptoError):
    """Input that is not in the expected format (a key, a signature, an encoding)."""

    default_message = "The data is not in the expected format."


class LimitError(FormatError):
    """Input that asks for more work or memory than this program allows."""

    default_message = "The data asks for more work or memory than this program allows."


class DecryptionError(CryptoError):
    """Any failure to decrypt: the message is the same whatever the cause."""

    default_message = _DECRYPTION_FAILED


class HeaderError(DecryptionError):
    """The age header is malformed (parsing failed before any key was tried)."""


class NoIdentityMatchError(DecryptionError):
    """No given identity or passphrase opens any stanza of the file."""


class HeaderMacError(DecryptionError):
    """A stanza opened, but the header's MAC is wrong: the header was altered."""


class PayloadError(DecryptionError):
    """The encrypted payload is truncated, altered or followed by extra data."""


class ArmorError(DecryptionError):
    """The ASCII armor around an age file is malformed."""


class SignatureError(CryptoError):
    """A signature did not verify against any allowed key for this namespace."""

    default_message = "The signature is not valid for this data and these keys."


class SignerNotAllowedError(SignatureError):
    """The signature names a key that is not among the allowed keys (it was not checked further)."""

    default_message = "The signature was made by a key that is not allowed."


class KeyWrapError(CryptoError):
    """A wrapped key could not be opened: wrong passphrase or code, or a damaged file."""

    default_message = "Wrong passphrase or recovery code, or the key file is damaged."
