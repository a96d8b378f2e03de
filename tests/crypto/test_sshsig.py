"""crypto.sshsig and crypto.sshkeys: round trips, strict parsing, tampering, ssh-keygen both ways.

Signatures that the tests craft by hand are built here from PROTOCOL.sshsig directly (see
``_signed_data`` and ``_blob``), not with the module's own helpers, so that a mistake in the module
is not repeated in the test that should catch it.
"""

import base64
import io
import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from crypto import allowed_signers, sshkeys, sshsig
from crypto.errors import FormatError, LimitError, SignatureError, SignerNotAllowedError
from crypto.sshkeys import encode_mpint, encode_string, encode_uint32

NAMESPACE = "fieldapp-test@v1"
PRINCIPAL = "device-7@fieldapp.example"
MESSAGE = b"Testimony W-7KQ2-M9XD, sealed.\n"

PRIVATE_KEY_OPENSSH = (
    serialization.Encoding.PEM,
    serialization.PrivateFormat.OpenSSH,
    serialization.NoEncryption(),
)


# --- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


@pytest.fixture(scope="module")
def rsa_private() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(args), input=stdin, capture_output=True, check=False, timeout=60)


def _write_private_key(path: Path, key: object) -> Path:
    path.write_bytes(key.private_bytes(*PRIVATE_KEY_OPENSSH))  # type: ignore[attr-defined]
    path.chmod(0o600)  # ssh-keygen refuses a private key others can read
    return path


def _signed_data(
    namespace: bytes, hash_name: bytes, message: bytes, reserved: bytes = b""
) -> bytes:
    # Names other than the two allowed still get a real hash, so only the name is wrong.
    hash_type = {b"sha256": hashes.SHA256, b"sha384": hashes.SHA384}.get(hash_name, hashes.SHA512)
    digest = hashes.Hash(hash_type())
    digest.update(message)
    return (
        b"SSHSIG"
        + encode_string(namespace)
        + encode_string(reserved)
        + encode_string(hash_name)
        + encode_string(digest.finalize())
    )


def _blob(
    key_blob: bytes,
    inner: bytes,
    *,
    namespace: bytes = NAMESPACE.encode(),
    reserved: bytes = b"",
    hash_name: bytes = b"sha512",
    magic: bytes = b"SSHSIG",
    version: int = 1,
) -> bytes:
    return (
        magic
        + encode_uint32(version)
        + encode_string(key_blob)
        + encode_string(namespace)
        + encode_string(reserved)
        + encode_string(hash_name)
        + encode_string(inner)
    )


def _ed25519_blob(key: ed25519.Ed25519PrivateKey, **fields: bytes) -> bytes:
    """A hand-built Ed25519 signature blob over MESSAGE, its fields overridable."""
    namespace = fields.get("namespace", NAMESPACE.encode())
    reserved = fields.get("reserved", b"")
    hash_name = fields.get("hash_name", b"sha512")
    value = key.sign(_signed_data(namespace, hash_name, MESSAGE, reserved))
    inner = fields.get("inner", encode_string(b"ssh-ed25519") + encode_string(value))
    key_blob = sshkeys.public_key_to_wire(key.public_key())
    other = {k: v for k, v in fields.items() if k not in ("inner",)}
    return _blob(key_blob, inner, **other)  # type: ignore[arg-type]


def _refuses(error: type[Exception], function: object, *args: object) -> bool:
    try:
        function(*args)  # type: ignore[operator]
    except error:
        return True
    return False


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _with_padding_bit_set(encoded: str) -> str:
    """The same base64 with one of the unused bits before the padding set: not canonical."""
    data = encoded.rstrip("=")
    assert len(data) < len(encoded), "needs base64 that ends in padding"
    last = _B64.index(data[-1])
    return data[:-1] + _B64[last | 1] + encoded[len(data) :]


def _flip_every_byte(signature: str, message: bytes, allowed: list[object]) -> int:
    """Flip each byte of the blob in turn (three ways), re-armor, and expect a refusal."""
    blob = sshsig.dearmor(signature)
    refused = 0
    for position in range(len(blob)):
        for mask in (0x01, 0x80, 0xFF):
            tampered = bytearray(blob)
            tampered[position] ^= mask
            with pytest.raises((SignatureError, FormatError)):
                sshsig.verify(message, sshsig.armor(bytes(tampered)), NAMESPACE, allowed)
            refused += 1
    return refused


# --- signing and verifying -----------------------------------------------------------------------


def test_sign_writes_armor_as_ssh_keygen_does() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    signature = sshsig.sign(MESSAGE, key, NAMESPACE)
    lines = signature.split("\n")
    assert lines[0] == "-----BEGIN SSH SIGNATURE-----"
    assert lines[-2:] == ["-----END SSH SIGNATURE-----", ""]
    body = lines[1:-2]
    assert all(len(line) == 70 for line in body[:-1])
    assert 0 < len(body[-1]) <= 70
    parsed = sshsig.parse_signature(signature)
    assert parsed.namespace == NAMESPACE
    assert parsed.hash_algorithm == "sha512"
    assert parsed.signature_algorithm == "ssh-ed25519"
    assert parsed.public_key == key.public_key()


@pytest.mark.parametrize("hash_algorithm", ["sha512", "sha256"])
def test_round_trip_returns_signer_without_comment(hash_algorithm: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    line = sshkeys.public_key_to_openssh(key.public_key())
    signature = sshsig.sign(MESSAGE, key, NAMESPACE, hash_algorithm=hash_algorithm)
    assert sshsig.parse_signature(signature).hash_algorithm == hash_algorithm
    assert sshsig.verify(MESSAGE, signature, NAMESPACE, [other, line + " alice@laptop"]) == line
    assert sshsig.verify(MESSAGE, signature.encode(), NAMESPACE, [key.public_key()]) == line


def test_refuses_wrong_namespace_key_and_message() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    public = key.public_key()
    signature = sshsig.sign(MESSAGE, key, NAMESPACE)
    with pytest.raises(SignatureError):
        sshsig.verify(MESSAGE, signature, "fieldapp-pack@v1", [public])
    # A key not allowed is its own kind, so that a caller can name the key it carries.
    with pytest.raises(SignerNotAllowedError):
        sshsig.verify(
            MESSAGE, signature, NAMESPACE, [ed25519.Ed25519PrivateKey.generate().public_key()]
        )
    with pytest.raises(SignerNotAllowedError):
        sshsig.verify(MESSAGE, signature, NAMESPACE, [])
    with pytest.raises(SignatureError) as altered:
        sshsig.verify(MESSAGE + b" ", signature, NAMESPACE, [public])
    assert not isinstance(altered.value, SignerNotAllowedError)
    with pytest.raises(SignatureError):
        sshsig.verify(MESSAGE[:-1], signature, NAMESPACE, [public])


@pytest.mark.parametrize("hash_algorithm", ["sha512", "sha256"])
def test_every_byte_of_our_signature_flipped_is_refused(hash_algorithm: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    signature = sshsig.sign(MESSAGE, key, NAMESPACE, hash_algorithm=hash_algorithm)
    allowed = [key.public_key()]
    assert sshsig.verify(MESSAGE, signature, NAMESPACE, allowed)
    assert _flip_every_byte(signature, MESSAGE, allowed) == 3 * len(sshsig.dearmor(signature))


def test_sign_and_verify_refuse_bad_arguments(rsa_private: rsa.RSAPrivateKey) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    with pytest.raises(TypeError):
        sshsig.sign(MESSAGE, rsa_private, NAMESPACE)  # type: ignore[arg-type]
    for namespace in ["", "a\x00b", "\udc80", "n" * (sshsig.MAX_NAMESPACE_BYTES + 1)]:
        with pytest.raises(ValueError, match="namespace"):
            sshsig.sign(MESSAGE, key, namespace)
    with pytest.raises(ValueError, match="hash"):
        sshsig.sign(MESSAGE, key, NAMESPACE, hash_algorithm="sha1")
    signature = sshsig.sign(MESSAGE, key, NAMESPACE)
    with pytest.raises(TypeError):
        sshsig.verify(
            MESSAGE, signature, NAMESPACE, sshkeys.public_key_to_openssh(key.public_key())
        )
    with pytest.raises(FormatError):
        sshsig.verify(MESSAGE, signature, NAMESPACE, ["ssh-ed25519 not-base64"])
    with pytest.raises(TypeError):
        sshsig.verify("text is not bytes", signature, NAMESPACE, [key.public_key()])  # type: ignore[arg-type]


# --- streaming -----------------------------------------------------------------------------------


class _RecordingReader(io.RawIOBase):
    """A binary file that remembers how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)
        self.requests: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.requests.append(size)
        return self._inner.read(size)


def test_streamed_file_signs_and_verifies_as_bytes(workdir: Path) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    data = os.urandom(4 * 1024 * 1024 + 17)
    path = workdir / "recording.bin"
    path.write_bytes(data)
    from_bytes = sshsig.sign(data, key, NAMESPACE)
    with path.open("rb") as stream:
        assert sshsig.sign(stream, key, NAMESPACE) == from_bytes
    with path.open("rb") as stream:
        assert sshsig.verify(stream, from_bytes, NAMESPACE, [key.public_key()])
    # Constant memory: the signer never asks for more than one chunk at a time.
    reader = _RecordingReader(data)
    assert sshsig.sign(reader, key, NAMESPACE) == from_bytes
    assert len(reader.requests) > len(data) // sshsig.MESSAGE_CHUNK_SIZE
    assert all(0 < size <= sshsig.MESSAGE_CHUNK_SIZE for size in reader.requests)
    with pytest.raises(SignatureError):
        sshsig.verify(io.BytesIO(data[:-1]), from_bytes, NAMESPACE, [key.public_key()])
    with path.open("r", encoding="latin-1") as text_stream, pytest.raises(TypeError):
        sshsig.sign(text_stream, key, NAMESPACE)  # type: ignore[arg-type]


# --- the armor -----------------------------------------------------------------------------------


def _rewrap(encoded: str) -> str:
    return "".join(encoded[i : i + 70] + "\n" for i in range(0, len(encoded), 70))


def _armor_variants(signature: str) -> dict[str, str | bytes]:
    lines = signature.split("\n")
    body = "".join(lines[1:-2])
    wrap76 = "\n".join(body[i : i + 76] for i in range(0, len(body), 76))
    variants: dict[str, str | bytes] = {
        "crlf": signature.replace("\n", "\r\n"),
        "no final newline": signature[:-1],
        "extra final newline": signature + "\n",
        "text after footer": signature + "trailing\n",
        "text before header": "signature:\n" + signature,
        "leading space": " " + signature,
        "byte order mark": "\ufeff" + signature,
        "wrapped at 76": f"{lines[0]}\n{wrap76}\n{lines[-2]}\n",
        "unwrapped": f"{lines[0]}\n{body}\n{lines[-2]}\n",
        "blank line": signature.replace("\n", "\n\n", 2).replace("\n\n", "\n", 1),
        "space in body": signature.replace(lines[1], lines[1][:10] + " " + lines[1][10:]),
        "lowercase header": signature.replace("BEGIN SSH", "begin ssh"),
        "pgp header": signature.replace("SSH SIGNATURE-----\n", "PGP SIGNATURE-----\n", 1),
        "missing footer": "\n".join(lines[:-2]) + "\n",
        "footer only": "-----END SSH SIGNATURE-----\n",
        "header and footer only": f"{lines[0]}\n{lines[-2]}\n",
        "bad character": signature.replace(lines[1], "*" + lines[1][1:]),
        "non-ascii": signature.replace(lines[1], "é" + lines[1][1:]),
        "latin-1 bytes": signature.replace(lines[1], "é" + lines[1][1:]).encode("latin-1"),
        "extra padding": signature.replace("\n-----END", "=\n-----END"),
    }
    if body.endswith("="):
        padded = _rewrap(_with_padding_bit_set(body))
        variants["nonzero padding bits"] = f"{lines[0]}\n{padded}{lines[-2]}\n"
    return variants


def test_armor_must_be_exactly_as_ssh_keygen_writes_it() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    # Blob lengths of 0, 1 and 2 modulo 3: no padding, "==" and "=".
    for message in (MESSAGE, b""):
        for namespace in (NAMESPACE, "ns", "x" * 201):
            signature = sshsig.sign(message, key, namespace)
            assert sshsig.armor(sshsig.dearmor(signature)) == signature
            for name, variant in _armor_variants(signature).items():
                assert variant != signature, name
                assert _refuses(FormatError, sshsig.dearmor, variant), name


def test_armor_size_is_capped_before_decoding() -> None:
    huge = "-----BEGIN SSH SIGNATURE-----\n" + "A" * sshsig.MAX_ARMORED_BYTES
    with pytest.raises(LimitError):
        sshsig.dearmor(huge)
    with pytest.raises(LimitError):
        sshsig.dearmor(huge.encode())
    with pytest.raises(LimitError):
        sshsig.parse_blob(b"SSHSIG" + bytes(sshsig.MAX_SIGNATURE_BYTES))
    # The largest blob allowed still goes through the armor (and then fails as a blob).
    with pytest.raises(FormatError) as caught:
        sshsig.parse_signature(sshsig.armor(bytes(sshsig.MAX_SIGNATURE_BYTES)))
    assert not isinstance(caught.value, LimitError)


# --- the blob ------------------------------------------------------------------------------------


def test_hand_built_blob_verifies() -> None:
    """The hand-built blobs below differ from this valid one in one field each."""
    key = ed25519.Ed25519PrivateKey.generate()
    blob = _ed25519_blob(key)
    assert sshsig.armor(blob) == sshsig.sign(MESSAGE, key, NAMESPACE)
    assert sshsig.verify(MESSAGE, sshsig.armor(blob), NAMESPACE, [key.public_key()])


@pytest.mark.parametrize(
    "fields",
    [
        {"magic": b"SSHSIH"},
        {"version": 0},
        {"version": 2},
        {"reserved": b"x"},  # validly signed over that reserved value, and still refused
        {"hash_name": b"sha1"},
        {"hash_name": b"SHA512"},
        {"hash_name": b"sha384"},
        {"namespace": b""},
        {"namespace": b"file\x00fieldapp"},
        {"namespace": b"\xff\xfe"},
        {"inner": encode_string(b"ssh-rsa") + encode_string(bytes(64))},
        {"inner": encode_string(b"ssh-ed25519") + encode_string(bytes(63))},
        {"inner": encode_string(b"ssh-ed25519") + encode_string(bytes(64)) + b"\x00"},
        {"inner": encode_string(b"ssh-ed25519")},
        {"inner": encode_string(b"")},
        {"inner": b""},
    ],
    ids=lambda fields: repr(fields)[:40],
)
def test_malformed_blob_fields_are_format_errors(fields: dict[str, object]) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    blob = _ed25519_blob(key, **fields)  # type: ignore[arg-type]
    with pytest.raises(FormatError):
        sshsig.parse_blob(blob)
    with pytest.raises(FormatError):
        sshsig.verify(MESSAGE, sshsig.armor(blob), NAMESPACE, [key.public_key()])


def test_unsigned_bytes_in_the_reserved_field_are_refused() -> None:
    """ssh-keygen ignores the blob's reserved field (it signs an empty one); we refuse it."""
    key = ed25519.Ed25519PrivateKey.generate()
    value = key.sign(_signed_data(NAMESPACE.encode(), b"sha512", MESSAGE))
    inner = encode_string(b"ssh-ed25519") + encode_string(value)
    key_blob = sshkeys.public_key_to_wire(key.public_key())
    assert sshsig.verify(
        MESSAGE, sshsig.armor(_blob(key_blob, inner)), NAMESPACE, [key.public_key()]
    )
    stuffed = sshsig.armor(_blob(key_blob, inner, reserved=b"smuggled"))
    with pytest.raises(FormatError, match="reserved"):
        sshsig.verify(MESSAGE, stuffed, NAMESPACE, [key.public_key()])


def test_truncated_or_extended_blob_is_a_format_error() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    blob = _ed25519_blob(key)
    for length in range(len(blob)):
        with pytest.raises(FormatError):
            sshsig.parse_blob(blob[:length])
    for extra in (b"\x00", b"\x00\x00\x00\x00", b"SSHSIG"):
        with pytest.raises(FormatError, match="trailing"):
            sshsig.parse_blob(blob + extra)
    # A length field larger than what follows is refused before slicing.
    overlong = blob[:10] + b"\xff\xff\xff\xff" + blob[14:]
    with pytest.raises(FormatError):
        sshsig.parse_blob(overlong)


def test_rsa_sha2_256_and_the_sha1_algorithm(
    rsa_private: rsa.RSAPrivateKey, ssh_keygen: str, workdir: Path
) -> None:
    key_blob = sshkeys.public_key_to_wire(rsa_private.public_key())
    signed = _signed_data(NAMESPACE.encode(), b"sha512", MESSAGE)

    def rsa_blob(algorithm: bytes, hash_type: hashes.HashAlgorithm, trim: int = 0) -> bytes:
        value = rsa_private.sign(signed, padding.PKCS1v15(), hash_type)
        return _blob(key_blob, encode_string(algorithm) + encode_string(value[trim:]))

    good = sshsig.armor(rsa_blob(b"rsa-sha2-256", hashes.SHA256()))
    line = sshsig.verify(MESSAGE, good, NAMESPACE, [rsa_private.public_key()])
    assert line.startswith("ssh-rsa ")
    # ssh-keygen agrees with the hand-built signature.
    (workdir / "msg").write_bytes(MESSAGE)
    (workdir / "msg.sig").write_text(good)
    (workdir / "allowed").write_text(
        allowed_signers.format([allowed_signers.Entry((PRINCIPAL,), rsa_private.public_key())])
    )
    result = _run(
        ssh_keygen, "-Y", "verify", "-f", str(workdir / "allowed"), "-I", PRINCIPAL,
        "-n", NAMESPACE, "-s", str(workdir / "msg.sig"), stdin=MESSAGE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The legacy SHA-1 "ssh-rsa" signature algorithm is refused, as PROTOCOL.sshsig says.
    with pytest.raises(FormatError):
        sshsig.parse_blob(rsa_blob(b"ssh-rsa", hashes.SHA1()))  # noqa: S303
    # The algorithm name must match the hash actually used.
    with pytest.raises(SignatureError):
        sshsig.verify(
            MESSAGE,
            sshsig.armor(rsa_blob(b"rsa-sha2-512", hashes.SHA256())),
            NAMESPACE,
            [rsa_private.public_key()],
        )
    # A value shorter than the modulus (which ssh-keygen would pad) is not canonical.
    with pytest.raises(FormatError):
        sshsig.parse_blob(rsa_blob(b"rsa-sha2-256", hashes.SHA256(), trim=1))


def test_ecdsa_signature_integers_must_be_canonical() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    key_blob = sshkeys.public_key_to_wire(key.public_key())
    der = key.sign(_signed_data(NAMESPACE.encode(), b"sha512", MESSAGE), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)

    def ecdsa_blob(value: bytes, algorithm: bytes = b"ecdsa-sha2-nistp256") -> str:
        return sshsig.armor(_blob(key_blob, encode_string(algorithm) + encode_string(value)))

    good = encode_mpint(r) + encode_mpint(s)
    assert sshsig.verify(MESSAGE, ecdsa_blob(good), NAMESPACE, [key.public_key()])
    padded_r = encode_string(b"\x00" + encode_mpint(r)[4:])
    for value in (
        padded_r + encode_mpint(s),  # needless leading zero
        encode_string(bytes([0x80])) + encode_mpint(s),  # negative
        good + b"\x00",  # trailing data
        encode_mpint(r),  # s missing
    ):
        with pytest.raises(FormatError):
            sshsig.verify(MESSAGE, ecdsa_blob(value), NAMESPACE, [key.public_key()])
    with pytest.raises(FormatError):
        sshsig.parse_signature(ecdsa_blob(good, b"ecdsa-sha2-nistp384"))
    # Well-formed but wrong integers are a bad signature, not a format error.
    with pytest.raises(SignatureError):
        sshsig.verify(
            MESSAGE,
            ecdsa_blob(encode_mpint(r) + encode_mpint(s + 1)),
            NAMESPACE,
            [key.public_key()],
        )


# --- ssh-keygen both ways ------------------------------------------------------------------------


@pytest.mark.parametrize("hash_algorithm", ["sha512", "sha256"])
def test_ssh_keygen_verifies_our_signatures(
    hash_algorithm: str, ssh_keygen: str, workdir: Path
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    message_path = workdir / "testimony.json"
    message_path.write_bytes(MESSAGE * 1000)
    signature_path = workdir / "testimony.json.sig"
    with message_path.open("rb") as stream:
        signature_path.write_text(
            sshsig.sign(stream, key, NAMESPACE, hash_algorithm=hash_algorithm)
        )
    allowed_path = workdir / "allowed_signers"
    entry = allowed_signers.Entry((PRINCIPAL,), key.public_key(), namespaces=(NAMESPACE,))
    allowed_path.write_text(allowed_signers.format([entry]))

    def ssh_verify(
        namespace: str, principal: str = PRINCIPAL
    ) -> subprocess.CompletedProcess[bytes]:
        return _run(
            ssh_keygen, "-Y", "verify", "-f", str(allowed_path), "-I", principal,
            "-n", namespace, "-s", str(signature_path), stdin=message_path.read_bytes(),
        )  # fmt: skip

    good = ssh_verify(NAMESPACE)
    assert good.returncode == 0, good.stderr
    assert sshkeys.fingerprint(key.public_key()).encode() in good.stdout
    # The same tool refuses what we refuse, so the check above can fail.
    assert ssh_verify("file").returncode != 0
    assert ssh_verify(NAMESPACE, "someone-else").returncode != 0


@pytest.mark.parametrize("hash_algorithm", ["sha512", "sha256"])
def test_we_verify_ssh_keygen_ed25519_and_match_it_byte_for_byte(
    hash_algorithm: str, ssh_keygen: str, workdir: Path
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    key_path = _write_private_key(workdir / "id_ed25519", key)
    message_path = workdir / "message.bin"
    message_path.write_bytes(MESSAGE)
    result = _run(
        ssh_keygen, "-Y", "sign", "-f", str(key_path), "-n", NAMESPACE,
        "-O", f"hashalg={hash_algorithm}", str(message_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    theirs = (workdir / "message.bin.sig").read_text()
    line = sshkeys.public_key_to_openssh(key.public_key())
    assert sshsig.verify(MESSAGE, theirs, NAMESPACE, [line]) == line
    # Ed25519 is deterministic, so the same inputs give the same file.
    assert sshsig.sign(MESSAGE, key, NAMESPACE, hash_algorithm=hash_algorithm) == theirs


@pytest.mark.parametrize(
    "make_key",
    [
        lambda: ec.generate_private_key(ec.SECP256R1()),
        lambda: ec.generate_private_key(ec.SECP384R1()),
        lambda: ec.generate_private_key(ec.SECP521R1()),
        None,  # the module's RSA key
    ],
    ids=["p256", "p384", "p521", "rsa2048"],
)
def test_we_verify_ssh_keygen_ecdsa_and_rsa(
    make_key: object, rsa_private: rsa.RSAPrivateKey, ssh_keygen: str, workdir: Path
) -> None:
    key = rsa_private if make_key is None else make_key()  # type: ignore[operator]
    key_path = _write_private_key(workdir / "id", key)
    # ssh-keygen's own idea of the public key is ours.
    derived = _run(ssh_keygen, "-y", "-f", str(key_path))
    line = sshkeys.public_key_to_openssh(key.public_key())
    assert derived.stdout.decode().split()[:2] == line.split()
    message_path = workdir / "message.bin"
    message_path.write_bytes(MESSAGE)
    result = _run(ssh_keygen, "-Y", "sign", "-f", str(key_path), "-n", NAMESPACE, str(message_path))
    assert result.returncode == 0, result.stderr
    theirs = (workdir / "message.bin.sig").read_text()
    assert sshsig.armor(sshsig.dearmor(theirs)) == theirs
    assert sshsig.verify(MESSAGE, theirs, NAMESPACE, [line]) == line
    with pytest.raises(SignatureError):
        sshsig.verify(MESSAGE + b"!", theirs, NAMESPACE, [line])
    _flip_every_byte(theirs, MESSAGE, [line])


# --- public keys and fingerprints ----------------------------------------------------------------


def _all_key_types(rsa_private: rsa.RSAPrivateKey) -> list[sshkeys.PublicKey]:
    return [
        ed25519.Ed25519PrivateKey.generate().public_key(),
        ec.generate_private_key(ec.SECP256R1()).public_key(),
        ec.generate_private_key(ec.SECP384R1()).public_key(),
        ec.generate_private_key(ec.SECP521R1()).public_key(),
        rsa_private.public_key(),
    ]


def test_public_key_lines_and_fingerprints_match_ssh_keygen(
    rsa_private: rsa.RSAPrivateKey, ssh_keygen: str, workdir: Path
) -> None:
    for index, key in enumerate(_all_key_types(rsa_private)):
        line = sshkeys.public_key_to_openssh(key)
        reference = key.public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        )
        assert line.encode() == reference
        path = workdir / f"key{index}.pub"
        path.write_text(line + " someone@somewhere\n")
        listed = _run(ssh_keygen, "-lf", str(path))
        assert listed.returncode == 0, listed.stderr
        expected = listed.stdout.decode().split()[1]
        assert sshkeys.fingerprint(key) == expected
        assert sshkeys.fingerprint(path.read_text()) == expected
        assert sshkeys.fingerprint(path.read_bytes()) == expected
        parsed, comment = sshkeys.parse_openssh_public_key(path.read_text())
        assert parsed == key
        assert comment == "someone@somewhere"
        assert sshkeys.public_key_from_wire(sshkeys.public_key_to_wire(key)) == key


def test_parse_openssh_public_key_comments() -> None:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    line = sshkeys.public_key_to_openssh(key)
    assert sshkeys.parse_openssh_public_key(line) == (key, "")
    assert sshkeys.parse_openssh_public_key(line + "\n") == (key, "")
    assert sshkeys.parse_openssh_public_key(line + " two words \r\n") == (key, "two words")
    assert sshkeys.parse_openssh_public_key(line.replace(" ", "\t") + "\tc") == (key, "c")


def _line(key_blob: bytes, name: str = "ssh-ed25519") -> str:
    return f"{name} {base64.b64encode(key_blob).decode()}"


def test_parse_openssh_public_key_is_strict(rsa_private: rsa.RSAPrivateKey) -> None:
    ed = ed25519.Ed25519PrivateKey.generate().public_key()
    ed_blob = sshkeys.public_key_to_wire(ed)
    line = sshkeys.public_key_to_openssh(ed)
    numbers = rsa_private.public_key().public_numbers()
    p256 = ec.generate_private_key(ec.SECP256R1()).public_key()
    compressed = p256.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
    )
    uncompressed = p256.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    ecdsa_name = b"ecdsa-sha2-nistp256"
    p256_line = sshkeys.public_key_to_openssh(p256)
    assert sshkeys.parse_openssh_public_key(p256_line)[0] == p256

    def ecdsa_blob(curve: bytes, point: bytes) -> bytes:
        return encode_string(ecdsa_name) + encode_string(curve) + encode_string(point)

    def rsa_blob(e: bytes, n: bytes) -> bytes:
        return encode_string(b"ssh-rsa") + e + n

    bad_lines = {
        "empty": "",
        "type only": "ssh-ed25519",
        "leading space": " " + line,
        "unsupported type": line.replace("ssh-ed25519", "ssh-dss"),
        "certificate": _line(ed_blob, "ssh-ed25519-cert-v01@openssh.com"),
        "type mismatch": _line(ed_blob, "ecdsa-sha2-nistp256"),
        "bad base64": line[:-2] + "!!",
        "missing padding": p256_line.rstrip("="),
        "nonzero padding bits": p256_line.split()[0]
        + " "
        + _with_padding_bit_set(p256_line.split()[1]),
        "trailing blob data": _line(ed_blob + b"\x00"),
        "short ed25519": _line(encode_string(b"ssh-ed25519") + encode_string(bytes(31))),
        "two lines": line + "\n" + line,
        "NUL in comment": line + " a\x00b",
        "escape in comment": line + " \x1b[31mred",
        "curve mismatch": _line(ecdsa_blob(b"nistp384", uncompressed), ecdsa_name.decode()),
        "compressed point": _line(ecdsa_blob(b"nistp256", compressed), ecdsa_name.decode()),
        "point off curve": _line(
            ecdsa_blob(b"nistp256", uncompressed[:-1] + bytes([uncompressed[-1] ^ 1])),
            ecdsa_name.decode(),
        ),
        "rsa e not minimal": _line(
            rsa_blob(encode_string(b"\x00" + encode_mpint(numbers.e)[4:]), encode_mpint(numbers.n)),
            "ssh-rsa",
        ),
        "rsa n negative": _line(
            rsa_blob(encode_mpint(numbers.e), encode_string(encode_mpint(numbers.n)[5:])),
            "ssh-rsa",
        ),
        "rsa 512 bits": _line(
            rsa_blob(encode_mpint(65537), encode_mpint((1 << 511) | 1)), "ssh-rsa"
        ),
        "rsa even modulus": _line(
            rsa_blob(encode_mpint(65537), encode_mpint(numbers.n + 1)), "ssh-rsa"
        ),
    }
    for name, bad in bad_lines.items():
        assert _refuses(FormatError, sshkeys.parse_openssh_public_key, bad), name
    too_large = _line(rsa_blob(encode_mpint(65537), encode_mpint((1 << 16400) | 1)), "ssh-rsa")
    with pytest.raises(LimitError):
        sshkeys.parse_openssh_public_key(too_large)
    with pytest.raises(LimitError):
        sshkeys.parse_openssh_public_key(line + " " + "c" * sshkeys.MAX_PUBLIC_KEY_LINE_CHARS)
    with pytest.raises(TypeError):
        sshkeys.public_key_to_wire(ec.generate_private_key(ec.SECP256K1()).public_key())
