"""The age v1 header: stanzas, the MAC line, strict parsing and canonical writing.

The header is read from hostile input (USB sticks), so every line is capped before it is
buffered, every field is checked to be the one canonical spelling, and the MAC is computed over
the exact bytes that were read. Because parsing is canonical, those bytes are also exactly what
writing the parsed header back would give.
"""

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from crypto.age.primitives import b64decode_raw, b64encode_raw, hkdf_sha256
from crypto.age.source import Source
from crypto.errors import HeaderError

VERSION_LINE = b"age-encryption.org/v1"
STANZA_PREFIX = b"-> "
FOOTER_PREFIX = b"---"
MAC_PREFIX = b"--- "
COLUMNS_PER_LINE = 64
MAC_SIZE = 32
PAYLOAD_NONCE_SIZE = 16
HEADER_MAC_LABEL = b"header"
SCRYPT_STANZA_TYPE = "scrypt"

# A header of a thousand post-quantum recipients is about 1.6 MB; nothing we write comes near
# that. The caps bound memory before anything is parsed.
MAX_HEADER_BYTES = 2 * 1024 * 1024
MAX_STANZAS = 1024


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: a type, its arguments and a binary body."""

    type: str
    args: tuple[str, ...] = ()
    body: bytes = b""


@dataclass(frozen=True)
class Header:
    """A parsed header, with the exact bytes the MAC covers."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    mac_input: bytes = field(repr=False)
    #: Bytes from the start of the file to the end of the MAC line: where the nonce begins.
    length: int = 0


#: Arguments are non-empty runs of printable ASCII other than space (VCHAR, 0x21-0x7E).
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")


def _valid_argument(arg: bytes) -> bool:
    # A post-quantum stanza's argument is 1,494 characters: a regex, not a loop in Python.
    return _ARGUMENT.fullmatch(arg) is not None


class _LineReader:
    """Reads header lines from a source, counting every byte against the header cap."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self.consumed = bytearray()

    def line(self) -> bytes:
        """One line without its b"\\n"; a missing newline is a malformed header."""
        budget = MAX_HEADER_BYTES - len(self.consumed)
        if budget <= 0:
            raise HeaderError()
        raw = self._source.readline(budget)
        if not raw.endswith(b"\n"):
            raise HeaderError()
        self.consumed += raw
        return raw[:-1]


def _parse_body(reader: _LineReader) -> bytes:
    body = bytearray()
    while True:
        line = reader.line()
        if len(line) > COLUMNS_PER_LINE:
            raise HeaderError()
        body += b64decode_raw(line)
        # A line shorter than a full row ends the body, even an empty one.
        if len(line) < COLUMNS_PER_LINE:
            return bytes(body)


def _parse_stanza(line: bytes, reader: _LineReader) -> Stanza:
    parts = line[len(STANZA_PREFIX) :].split(b" ")
    if not all(_valid_argument(part) for part in parts):
        raise HeaderError()
    words = [part.decode("ascii") for part in parts]
    return Stanza(words[0], tuple(words[1:]), _parse_body(reader))


def _parse_mac(line: bytes) -> bytes:
    if not line.startswith(MAC_PREFIX):
        raise HeaderError()
    mac = b64decode_raw(line[len(MAC_PREFIX) :])
    if len(mac) != MAC_SIZE:
        raise HeaderError()
    return mac


def read_header(source: Source) -> tuple[Header, bytes]:
    """Parse a header and the payload nonce after it; raise HeaderError on anything else."""
    reader = _LineReader(source)
    if reader.line() != VERSION_LINE:
        raise HeaderError()
    stanzas: list[Stanza] = []
    while True:
        mac_start = len(reader.consumed)
        line = reader.line()
        if line.startswith(FOOTER_PREFIX):
            mac = _parse_mac(line)
            mac_input = bytes(reader.consumed[: mac_start + len(FOOTER_PREFIX)])
            break
        if not line.startswith(STANZA_PREFIX) or len(stanzas) >= MAX_STANZAS:
            raise HeaderError()
        stanzas.append(_parse_stanza(line, reader))
    _check_scrypt_alone(stanzas)
    # The nonce belongs to the header as far as errors go: a file cut short before its payload
    # has begun is a malformed file, not a damaged payload.
    nonce = source.read(PAYLOAD_NONCE_SIZE)
    if len(nonce) != PAYLOAD_NONCE_SIZE:
        raise HeaderError()
    return Header(tuple(stanzas), mac, mac_input, len(reader.consumed)), nonce


def _check_scrypt_alone(stanzas: Sequence[Stanza]) -> None:
    # A passphrase file must have no other recipient: otherwise anyone holding that recipient's
    # key could replace the passphrase stanza, and the passphrase would no longer mean the
    # file is authentic to whoever knows it.
    if any(s.type == SCRYPT_STANZA_TYPE for s in stanzas) and len(stanzas) != 1:
        raise HeaderError()


def _encode_stanza(stanza: Stanza) -> bytes:
    words = [stanza.type, *stanza.args]
    if not all(_valid_argument(w.encode("ascii")) for w in words):
        raise ValueError("stanza arguments must be printable ASCII without spaces")
    encoded = b64encode_raw(stanza.body)
    lines = [encoded[i : i + COLUMNS_PER_LINE] for i in range(0, len(encoded), COLUMNS_PER_LINE)]
    if not lines or len(lines[-1]) == COLUMNS_PER_LINE:
        lines.append("")
    text = "-> " + " ".join(words) + "\n" + "".join(line + "\n" for line in lines)
    return text.encode("ascii")


def header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    mac_key = hkdf_sha256(file_key, b"", HEADER_MAC_LABEL)
    return hmac.new(mac_key, mac_input, hashlib.sha256).digest()


def verify_header_mac(file_key: bytes, header: Header) -> bool:
    return hmac.compare_digest(header_mac(file_key, header.mac_input), header.mac)


def encode_header(stanzas: Sequence[Stanza], file_key: bytes) -> bytes:
    """The canonical header for ``stanzas``, MAC line included."""
    _check_scrypt_alone(stanzas)
    mac_input = VERSION_LINE + b"\n" + b"".join(_encode_stanza(s) for s in stanzas) + FOOTER_PREFIX
    mac = header_mac(file_key, mac_input)
    return mac_input + b" " + b64encode_raw(mac).encode("ascii") + b"\n"


class Recipient:
    """Something a file key can be wrapped to. Subclasses say whether they are post-quantum."""

    post_quantum: bool = False
    stanza_type: str = ""

    def wrap(self, file_key: bytes) -> list[Stanza]:
        raise NotImplementedError


class Identity:
    """Something that may unwrap a file key from one of a header's stanzas."""

    def unwrap_stanza(self, stanza: Stanza) -> bytes | None:
        """The file key; None if the stanza is not for this identity; HeaderError if malformed."""
        raise NotImplementedError

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            file_key = self.unwrap_stanza(stanza)
            if file_key is not None:
                return file_key
        return None
