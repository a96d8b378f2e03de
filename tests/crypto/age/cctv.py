"""Reading the C2SP CCTV age vectors from ../shared/testdata/age-cctv (never copied here)."""

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from crypto import errors
from crypto.age import Identity, parse_identity
from crypto.age.scrypt import ScryptIdentity
from tests.vectors import SHARED_TESTDATA, shared_testdata

EXPECTED_ERRORS: dict[str, type[errors.DecryptionError] | None] = {
    "success": None,
    "no match": errors.NoIdentityMatchError,
    "HMAC failure": errors.HeaderMacError,
    "header failure": errors.HeaderError,
    "payload failure": errors.PayloadError,
    "armor failure": errors.ArmorError,
}


@dataclass
class Vector:
    name: str
    expect: str
    payload_sha256: str
    body: bytes
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    armored: bool = False

    @property
    def expected_error(self) -> type[errors.DecryptionError] | None:
        return EXPECTED_ERRORS[self.expect]

    def all_identities(self) -> list[Identity]:
        return [parse_identity(i) for i in self.identities] + [
            ScryptIdentity(p) for p in self.passphrases
        ]


def vector_dir() -> Path:
    return shared_testdata("age-cctv")


def vector_names(expect: str | None = None) -> list[str]:
    """Names of the vectors (with ``expect``, only those expecting it), read at collection."""
    folder = SHARED_TESTDATA / "age-cctv"
    if not folder.exists():
        # One placeholder so that the tests run and skip (or fail under CI) with the reason.
        return ["<age-cctv vectors absent>"]
    names = sorted(p.name for p in folder.iterdir() if p.name not in {"LICENSE", "README.md"})
    if expect is not None:
        names = [n for n in names if _expectation(folder / n) == expect]
    return names


def _expectation(path: Path) -> str:
    head = path.read_bytes().split(b"\n\n", 1)[0].decode()
    return next(line[8:] for line in head.splitlines() if line.startswith("expect: "))


def load_vector(name: str) -> Vector:
    raw = (vector_dir() / name).read_bytes()
    head, body = raw.split(b"\n\n", 1)
    vector = Vector(name=name, expect="", payload_sha256="", body=body)
    compressed = False
    for line in head.decode().splitlines():
        key, _, value = line.partition(": ")
        if key == "expect":
            vector.expect = value
        elif key == "payload":
            vector.payload_sha256 = value
        elif key == "identity":
            vector.identities.append(value)
        elif key == "passphrase":
            vector.passphrases.append(value)
        elif key == "armored":
            vector.armored = value == "yes"
        elif key == "compressed":
            compressed = value == "zlib"
    if compressed:
        vector.body = zlib.decompress(vector.body)
    return vector
