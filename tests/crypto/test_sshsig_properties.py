"""Properties: hostile input into every SSHSIG parser raises only CryptoError; round trips hold.

Arbitrary bytes mostly die at the first check, so each parser is also fed input that is nearly
right (a valid signature with random edits, lines assembled from real fragments) to reach the
checks further in.
"""

import base64
import contextlib
import io
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import allowed_signers, sshkeys, sshsig
from crypto.allowed_signers import Entry
from crypto.errors import CryptoError, SignatureError
from crypto.sshkeys import encode_string, encode_uint32

NAMESPACE = "fieldapp-bundle@v1"
MESSAGE = b"manifest"
# One fixed key (from a fixed seed) so that examples shrink and replay deterministically.
KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
KEY_LINE = sshkeys.public_key_to_openssh(KEY.public_key())
SIGNATURE = sshsig.sign(MESSAGE, KEY, NAMESPACE)
BLOB = sshsig.dearmor(SIGNATURE)

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The parsers are cheap; they get more examples than the default hundred.
PARSER = settings(FAST, max_examples=400)

B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


def _only_crypto_errors(function: object, *args: object) -> object:
    """Call; a CryptoError is an acceptable answer to bad input, anything else is a bug."""
    with contextlib.suppress(CryptoError):
        return function(*args)  # type: ignore[operator]
    return None


# --- the armor and the blob ----------------------------------------------------------------------


@PARSER
@given(st.one_of(st.binary(max_size=1000), st.text(max_size=1000)))
def test_arbitrary_input_to_the_armor_parser(data: bytes | str) -> None:
    _only_crypto_errors(sshsig.dearmor, data)
    _only_crypto_errors(sshsig.parse_signature, data)


@PARSER
@given(st.text(alphabet=B64_ALPHABET + "\n\r -", max_size=600))
def test_near_armor(body: str) -> None:
    text = f"{sshsig.ARMOR_BEGIN}\n{body}\n{sshsig.ARMOR_END}\n"
    _only_crypto_errors(sshsig.parse_signature, text)


@PARSER
@given(st.binary(max_size=1000))
def test_arbitrary_bytes_to_the_blob_parser(data: bytes) -> None:
    _only_crypto_errors(sshsig.parse_blob, data)
    _only_crypto_errors(sshsig.parse_blob, sshsig.MAGIC_PREAMBLE + encode_uint32(1) + data)


@st.composite
def _edited_blobs(draw: st.DrawFn) -> bytes:
    """The valid blob with a few random overwrites, insertions and deletions."""
    blob = bytearray(BLOB)
    for _ in range(draw(st.integers(1, 4))):
        # sampled_from spreads edits over the whole blob; integers() would favour its start.
        position = draw(st.sampled_from(range(len(blob) + 1)))
        edit = draw(st.sampled_from(["overwrite", "insert", "delete"]))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if edit == "overwrite":
            blob[position : position + len(chunk)] = chunk
        elif edit == "insert":
            blob[position:position] = chunk
        else:
            del blob[position : position + len(chunk)]
    return bytes(blob)


@PARSER
@given(_edited_blobs())
def test_edited_signature_never_verifies_unless_unchanged(blob: bytes) -> None:
    _only_crypto_errors(sshsig.parse_blob, blob)
    try:
        sshsig.verify(MESSAGE, sshsig.armor(blob), NAMESPACE, [KEY_LINE])
    except CryptoError:
        return
    # One signature, one encoding: whatever verifies is byte-for-byte the original.
    assert blob == BLOB


@st.composite
def _assembled_blobs(draw: st.DrawFn) -> bytes:
    """Blobs assembled field by field, each field either plausible or arbitrary."""
    real_key = sshkeys.public_key_to_wire(KEY.public_key())

    def field(*plausible: bytes) -> bytes:
        return draw(st.one_of(st.sampled_from(plausible), st.binary(max_size=40)))

    inner = field(
        encode_string(b"ssh-ed25519") + encode_string(bytes(64)),
        encode_string(b"rsa-sha2-512") + encode_string(bytes(256)),
        encode_string(b"ecdsa-sha2-nistp256") + encode_string(encode_string(b"\x01") * 2),
    )
    fields = [
        field(real_key, encode_string(b"ssh-rsa") + encode_string(b"\x03") * 2),
        field(b"file", NAMESPACE.encode(), b""),
        field(b""),
        field(b"sha512", b"sha256"),
        inner,
    ]
    version = draw(st.sampled_from([0, 1, 2, 2**32 - 1]))
    blob = sshsig.MAGIC_PREAMBLE + encode_uint32(version)
    for value in fields:
        if draw(st.booleans()):
            blob += encode_string(value)
        else:  # a lying length field
            blob += encode_uint32(draw(st.integers(0, 2**32 - 1))) + value
    return blob + draw(st.sampled_from([b"", b"\x00"]))


@PARSER
@given(_assembled_blobs())
def test_assembled_blobs(blob: bytes) -> None:
    _only_crypto_errors(sshsig.parse_blob, blob)
    with contextlib.suppress(CryptoError):
        sshsig.verify(MESSAGE, sshsig.armor(blob), NAMESPACE, [KEY_LINE])
        raise AssertionError("an assembled signature verified")


# --- public key lines ----------------------------------------------------------------------------


@st.composite
def _near_key_lines(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from([*sorted(sshkeys.KEY_TYPES), "ssh-dss", "x"]))
    payload = encode_string(draw(st.sampled_from(sorted(sshkeys.KEY_TYPES)).map(str.encode)))
    payload += draw(st.binary(max_size=120))
    encoded = base64.b64encode(payload).decode()
    encoded = draw(st.sampled_from([encoded, encoded.rstrip("="), encoded + "="]))
    comment = draw(st.text(max_size=20))
    return f"{name} {encoded} {comment}"


@PARSER
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300), _near_key_lines()))
def test_public_key_parser_raises_only_crypto_errors(line: bytes | str) -> None:
    _only_crypto_errors(sshkeys.parse_openssh_public_key, line)
    _only_crypto_errors(sshkeys.fingerprint, line)


@PARSER
@given(st.binary(max_size=300))
def test_public_key_wire_parser_raises_only_crypto_errors(blob: bytes) -> None:
    _only_crypto_errors(sshkeys.public_key_from_wire, blob)
    _only_crypto_errors(sshkeys.public_key_from_wire, encode_string(b"ssh-rsa") + blob)
    _only_crypto_errors(sshkeys.public_key_from_wire, encode_string(b"ecdsa-sha2-nistp256") + blob)


# --- allowed_signers -----------------------------------------------------------------------------

_PRINCIPALS = ["alice@example.org", '"Ji-ho Park"', "*,!eve", "#x", '"#x"', 'a"b', ",", '"']
_OPTIONS = [
    'namespaces="git"',
    'namespaces="a,b*"',
    'namespaces="',
    'namespaces=""',
    "namespaces=git",
    'NAMESPACES="git"',
    "cert-authority",
    'valid-after="20240101Z"',
    'valid-before="2024010112Z"',
    'valid-before="20240231Z"',
    'valid-after="20240101"',
    'valid-after="19700101000000UTC"',
    "no-touch-required",
]
_KEYS = [KEY_LINE, KEY_LINE.split()[1], "ssh-ed25519", "ssh-ed25519 AAAA", "ssh-dss AAAA", ""]
_SEPARATORS = [" ", "\t", "  ", ""]


@st.composite
def _near_allowed_signers(draw: st.DrawFn) -> str:
    """Lines assembled from real fragments, with an occasional stray character."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        parts = [draw(st.sampled_from(_PRINCIPALS) | st.text(max_size=4))]
        options = draw(st.lists(st.sampled_from(_OPTIONS), max_size=3))
        if options:
            parts.append(",".join(options))
        parts.append(draw(st.sampled_from(_KEYS)))
        parts.append(draw(st.sampled_from(["", "a comment", "\x1b[2J"])))
        line = "".join(part + draw(st.sampled_from(_SEPARATORS)) for part in parts)
        if draw(st.booleans()):
            position = draw(st.sampled_from(range(len(line) + 1)))
            line = line[:position] + draw(st.sampled_from('", =\t#\\')) + line[position:]
        lines.append(line)
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@PARSER
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300), _near_allowed_signers()))
def test_allowed_signers_parser_raises_only_crypto_errors(text: str | bytes) -> None:
    entries = _only_crypto_errors(allowed_signers.parse, text)
    if entries:
        # Whatever we read, we write back to something that reads the same.
        assert allowed_signers.parse(allowed_signers.format(entries)) == entries  # type: ignore[arg-type]


_PATTERN_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=',"\\'
)


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    def patterns(min_size: int) -> tuple[str, ...]:
        text = st.text(alphabet=_PATTERN_CHARS, min_size=1, max_size=12)
        return tuple(draw(st.lists(text, min_size=min_size, max_size=3)))

    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    seconds = st.lists(st.integers(1, 4_000_000_000), min_size=2, max_size=2, unique=True)
    first, second = (epoch + timedelta(seconds=value) for value in sorted(draw(seconds)))
    after = draw(st.sampled_from([None, first]))
    before = draw(st.sampled_from([None, second]))
    namespaces = draw(st.none() | st.just(patterns(1)))
    comment = draw(st.text(alphabet=_PATTERN_CHARS, max_size=10)).strip(" \t")
    return Entry(patterns(1), KEY.public_key(), namespaces, after, before, comment)


@FAST
@given(st.lists(_entries(), max_size=4))
def test_allowed_signers_round_trip(entries: list[Entry]) -> None:
    assert allowed_signers.parse(allowed_signers.format(entries)) == entries


# --- round trips ---------------------------------------------------------------------------------


@FAST
@given(
    message=st.binary(max_size=5000),
    namespace=st.text(min_size=1, max_size=40).filter(lambda n: "\x00" not in n),
    hash_algorithm=st.sampled_from(["sha512", "sha256"]),
)
def test_sign_verify_round_trip(message: bytes, namespace: str, hash_algorithm: str) -> None:
    signature = sshsig.sign(message, KEY, namespace, hash_algorithm=hash_algorithm)
    assert sshsig.sign(io.BytesIO(message), KEY, namespace, hash_algorithm=hash_algorithm) == (
        signature
    )
    assert sshsig.verify(message, signature, namespace, [KEY_LINE]) == KEY_LINE
    assert sshsig.verify(io.BytesIO(message), signature, namespace, [KEY.public_key()])
    parsed = sshsig.parse_signature(signature)
    assert (parsed.namespace, parsed.hash_algorithm) == (namespace, hash_algorithm)
    with contextlib.suppress(SignatureError):
        sshsig.verify(message + b"\x00", signature, namespace, [KEY_LINE])
        raise AssertionError("an altered message verified")


@FAST
@given(st.binary(min_size=1, max_size=sshsig.MAX_SIGNATURE_BYTES))
def test_armor_round_trip(blob: bytes) -> None:
    assert sshsig.dearmor(sshsig.armor(blob)) == blob
