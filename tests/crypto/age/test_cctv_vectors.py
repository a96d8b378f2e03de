"""Every CCTV age vector through every path: decrypt, streaming read, round trip, re-address."""

import hashlib
import io

import pytest

from crypto import age, errors
from crypto.age.armor import BEGIN_LINE, ArmorReader
from crypto.age.source import Source
from tests.crypto.age.cctv import load_vector, vector_names

NAMES = vector_names()


class _HashingSink(io.RawIOBase):
    """A destination that keeps only the SHA-256 of what was released into it."""

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def _run(decrypt_call, expected: type[Exception] | None) -> _HashingSink:
    sink = _HashingSink()
    if expected is None:
        decrypt_call(sink)
    else:
        with pytest.raises(expected) as info:
            decrypt_call(sink)
        # One message for every kind of decryption failure.
        assert str(info.value) == errors.DecryptionError.default_message
    return sink


@pytest.mark.parametrize("name", NAMES)
def test_vector_decrypts_to_its_expected_result(name: str) -> None:
    vector = load_vector(name)
    expected = vector.expected_error
    if vector.armored and not vector.body.lstrip(b" \t\r\n").startswith(BEGIN_LINE):
        # A file that does not begin with the armor line is not detected as armor: like the
        # age CLI, we then read it as binary, and its first line is not the version line.
        expected = errors.HeaderError

    def call(sink: _HashingSink) -> None:
        age.decrypt(io.BytesIO(vector.body), sink, vector.all_identities())

    sink = _run(call, expected)
    if vector.expect in {"success", "payload failure"}:
        assert sink.sha256.hexdigest() == vector.payload_sha256
    else:
        assert sink.size == 0


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("armor_")])
def test_armored_vector_through_the_armor_reader(name: str) -> None:
    vector = load_vector(name)
    assert vector.armored

    def call(sink: _HashingSink) -> None:
        age.decrypt(io.BytesIO(vector.body), sink, vector.all_identities(), armored=True)

    sink = _run(call, vector.expected_error)
    if vector.expect in {"success", "payload failure"}:
        assert sink.sha256.hexdigest() == vector.payload_sha256


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("armor_")])
def test_armor_reader_alone_agrees_on_armor_failures(name: str) -> None:
    vector = load_vector(name)

    def unarmor() -> bytes:
        return ArmorReader(Source(io.BytesIO(vector.body))).read()

    if vector.expect == "armor failure":
        with pytest.raises(errors.ArmorError):
            unarmor()
    elif vector.expect == "success":
        assert unarmor().startswith(b"age-encryption.org/v1\n")
    else:
        unarmor()


@pytest.mark.parametrize("name", NAMES)
def test_vector_through_the_streaming_reader(name: str) -> None:
    vector = load_vector(name)
    digest = hashlib.sha256()

    def read_all() -> None:
        reader = age.DecryptingReader(io.BytesIO(vector.body), vector.all_identities())
        while block := reader.read(10_000):
            digest.update(block)

    if vector.expected_error is None:
        read_all()
        assert digest.hexdigest() == vector.payload_sha256
    else:
        with pytest.raises(errors.DecryptionError):
            read_all()


@pytest.mark.parametrize("name", vector_names(expect="success"))
def test_successful_vector_readdresses_and_round_trips(name: str) -> None:
    vector = load_vector(name)
    identity, recipient = age.generate_x25519()
    moved = io.BytesIO()
    age.readdress(io.BytesIO(vector.body), moved, vector.all_identities(), [recipient])
    plain = io.BytesIO()
    age.decrypt(io.BytesIO(moved.getvalue()), plain, [identity])
    assert hashlib.sha256(plain.getvalue()).hexdigest() == vector.payload_sha256
    # The payload is carried over byte for byte, never re-encrypted.
    binary = vector.body
    if vector.armored:
        binary = ArmorReader(Source(io.BytesIO(vector.body))).read()
    assert moved.getvalue().endswith(_payload_of(binary))

    again = io.BytesIO()
    age.encrypt(io.BytesIO(plain.getvalue()), again, [recipient])
    back = io.BytesIO()
    age.decrypt(io.BytesIO(again.getvalue()), back, [identity])
    assert back.getvalue() == plain.getvalue()


def _payload_of(file: bytes) -> bytes:
    mac_line_end = file.index(b"\n", file.index(b"\n--- ") + 1)
    return file[mac_line_end + 1 :]
