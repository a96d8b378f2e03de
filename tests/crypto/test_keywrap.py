"""Wrapping the master key: the RFC 9106 vector, the blob format built by hand, round trips,
tampering walked over every byte, caps and floor on the Argon2id parameters, strict parsing."""

import base64
import json
import secrets
import unicodedata
from dataclasses import asdict

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto import keywrap
from crypto.errors import CryptoError, FormatError, KeyWrapError, LimitError
from crypto.keywrap import Argon2Params
from tests.vectors import shared_testdata

GIB_IN_KIB = 1024 * 1024
# Above TEST_PARAMS in every field, so that editing any one of them down stays above the floor.
ROOMY_PARAMS = Argon2Params(memory_kib=2 * keywrap.MIN_MEMORY_KIB, iterations=2, lanes=2)


@pytest.fixture
def master_key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def code() -> str:
    return keywrap.generate_recovery_code()


@pytest.fixture
def passphrase_blob(master_key: bytes) -> bytes:
    return keywrap.wrap_with_passphrase(master_key, "correct horse", params=keywrap.TEST_PARAMS)


@pytest.fixture
def recovery_blob(master_key: bytes, code: str) -> bytes:
    return keywrap.wrap_with_recovery_code(master_key, code)


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def forge(blob: bytes, **changes: object) -> bytes:
    """The blob with some fields replaced, still canonical JSON."""
    return canonical({**json.loads(blob), **changes})


def forge_params(blob: bytes, **changes: object) -> bytes:
    return forge(blob, params={**json.loads(blob)["params"], **changes})


def field_bytes(blob: bytes, name: str) -> bytes:
    return base64.b64decode(json.loads(blob)[name])


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unwrap(blob: bytes, kind: str, secret: str) -> bytes:
    if kind == "passphrase":
        return keywrap.unwrap_with_passphrase(blob, secret)
    return keywrap.unwrap_with_recovery_code(blob, secret)


# --- The primitive, against RFC 9106 -------------------------------------------------------------


def test_rfc9106_argon2id_vector_through_our_derivation() -> None:
    vector = json.loads(shared_testdata("argon2", "rfc9106-argon2id.json").read_text())
    assert vector["type"] == "argon2id"
    assert vector["version"] == "0x13"
    params = Argon2Params(vector["memory_kib"], vector["iterations"], vector["lanes"])
    tag = keywrap._derive_argon2id(
        bytes.fromhex(vector["password_hex"]),
        bytes.fromhex(vector["salt_hex"]),
        params,
        length=vector["tag_length"],
        secret=bytes.fromhex(vector["secret_hex"]),
        ad=bytes.fromhex(vector["associated_data_hex"]),
    )
    assert tag.hex() == vector["tag_hex"]


# --- The format, built and opened by hand from the module docstring's description ----------------


def hand_header(kind: str, params: dict[str, int], salt: bytes) -> dict[str, object]:
    kdf = "argon2id" if kind == "passphrase" else "hkdf-sha256"
    return {"kdf": kdf, "kind": kind, "params": params, "salt": b64(salt), "version": 1}


def hand_passphrase_key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    argon = Argon2id(
        salt=salt,
        length=32,
        iterations=params["iterations"],
        lanes=params["lanes"],
        memory_cost=params["memory_kib"],
    )
    return argon.derive(unicodedata.normalize("NFC", passphrase).encode())


def hand_recovery_key(canonical_code: str, salt: bytes) -> bytes:
    hkdf = HKDF(hashes.SHA256(), 32, salt, b"fieldapp-keywrap/1 recovery-code")
    return hkdf.derive(canonical_code.encode())


def hand_blob(header: dict[str, object], wrapping_key: bytes, key: bytes, nonce: bytes) -> bytes:
    ciphertext = ChaCha20Poly1305(wrapping_key).encrypt(nonce, key, canonical(header))
    return canonical({**header, "nonce": b64(nonce), "ciphertext": b64(ciphertext)})


def test_passphrase_blob_built_by_hand_opens(master_key: bytes) -> None:
    params = {"iterations": 1, "lanes": 1, "memory_kib": 8192}
    salt, nonce = bytes(range(16)), bytes(range(12))
    wrapping_key = hand_passphrase_key("pass phrase", salt, params)
    blob = hand_blob(hand_header("passphrase", params, salt), wrapping_key, master_key, nonce)
    assert keywrap.unwrap_with_passphrase(blob, "pass phrase") == master_key


def test_recovery_blob_built_by_hand_opens(master_key: bytes, code: str) -> None:
    salt, nonce = bytes(range(16)), bytes(range(12))
    wrapping_key = hand_recovery_key(code, salt)
    blob = hand_blob(hand_header("recovery", {}, salt), wrapping_key, master_key, nonce)
    assert keywrap.unwrap_with_recovery_code(blob, code) == master_key


def test_passphrase_blob_opens_by_hand(master_key: bytes) -> None:
    blob = keywrap.wrap_with_passphrase(master_key, "pass phrase", params=ROOMY_PARAMS)
    fields = json.loads(blob)
    salt, nonce = field_bytes(blob, "salt"), field_bytes(blob, "nonce")
    header = hand_header("passphrase", fields["params"], salt)
    wrapping_key = hand_passphrase_key("pass phrase", salt, fields["params"])
    opened = ChaCha20Poly1305(wrapping_key).decrypt(
        nonce, field_bytes(blob, "ciphertext"), canonical(header)
    )
    assert opened == master_key
    assert fields["params"] == {"iterations": 2, "lanes": 2, "memory_kib": 16384}


def test_recovery_blob_opens_by_hand(master_key: bytes, code: str) -> None:
    blob = keywrap.wrap_with_recovery_code(master_key, code.lower().replace("-", " "))
    salt, nonce = field_bytes(blob, "salt"), field_bytes(blob, "nonce")
    wrapping_key = hand_recovery_key(code, salt)
    header = canonical(hand_header("recovery", {}, salt))
    ciphertext = field_bytes(blob, "ciphertext")
    assert ChaCha20Poly1305(wrapping_key).decrypt(nonce, ciphertext, header) == master_key


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
def test_blob_is_canonical_json_with_exact_fields(
    kind: str, passphrase_blob: bytes, recovery_blob: bytes
) -> None:
    blob = passphrase_blob if kind == "passphrase" else recovery_blob
    fields = json.loads(blob)
    assert canonical(fields) == blob
    assert set(fields) == {"ciphertext", "kdf", "kind", "nonce", "params", "salt", "version"}
    assert (fields["kind"], fields["version"]) == (kind, 1)
    lengths = {name: len(field_bytes(blob, name)) for name in ("salt", "nonce", "ciphertext")}
    assert lengths == {"salt": 16, "nonce": 12, "ciphertext": 48}


def test_each_wrap_has_its_own_salt_and_nonce(master_key: bytes, code: str) -> None:
    for wrap in (
        lambda: keywrap.wrap_with_passphrase(master_key, "pw", params=keywrap.TEST_PARAMS),
        lambda: keywrap.wrap_with_recovery_code(master_key, code),
    ):
        first, second = wrap(), wrap()
        for name in ("salt", "nonce", "ciphertext"):
            assert field_bytes(first, name) != field_bytes(second, name)


# --- Round trips and wrong secrets ---------------------------------------------------------------


def test_passphrase_round_trip(master_key: bytes, passphrase_blob: bytes) -> None:
    assert keywrap.unwrap_with_passphrase(passphrase_blob, "correct horse") == master_key


def test_recovery_code_round_trip_as_typed(master_key: bytes, code: str) -> None:
    blob = keywrap.wrap_with_recovery_code(master_key, code)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert keywrap.unwrap_with_recovery_code(blob, typed) == master_key


def test_changing_the_passphrase_rewraps_the_same_key(
    master_key: bytes, passphrase_blob: bytes
) -> None:
    key = keywrap.unwrap_with_passphrase(passphrase_blob, "correct horse")
    rewrapped = keywrap.wrap_with_passphrase(key, "battery staple", params=keywrap.TEST_PARAMS)
    assert keywrap.unwrap_with_passphrase(rewrapped, "battery staple") == master_key
    with pytest.raises(KeyWrapError):
        keywrap.unwrap_with_passphrase(rewrapped, "correct horse")


@pytest.mark.parametrize("wrong", ["correct horsE", "correct horse ", "", "Correct horse"])
def test_wrong_passphrase(passphrase_blob: bytes, wrong: str) -> None:
    with pytest.raises(KeyWrapError) as caught:
        keywrap.unwrap_with_passphrase(passphrase_blob, wrong)
    assert type(caught.value) is KeyWrapError


def test_wrong_recovery_code(recovery_blob: bytes, code: str) -> None:
    other = keywrap.generate_recovery_code()
    assert other != code
    with pytest.raises(KeyWrapError):
        keywrap.unwrap_with_recovery_code(recovery_blob, other)


def test_one_message_for_wrong_secret_and_damage(passphrase_blob: bytes) -> None:
    with pytest.raises(KeyWrapError) as wrong:
        keywrap.unwrap_with_passphrase(passphrase_blob, "not it")
    ciphertext = bytearray(field_bytes(passphrase_blob, "ciphertext"))
    ciphertext[-1] ^= 1
    damaged = forge(passphrase_blob, ciphertext=b64(bytes(ciphertext)))
    with pytest.raises(KeyWrapError) as broken:
        keywrap.unwrap_with_passphrase(damaged, "correct horse")
    assert str(wrong.value) == str(broken.value) == KeyWrapError.default_message
    assert "not it" not in str(wrong.value)
    assert wrong.value.__cause__ is None
    assert wrong.value.__suppress_context__


def test_mistyped_code_is_refused_before_the_blob_is_read(code: str) -> None:
    mistyped = ("Y" if code[0] != "Y" else "Z") + code[1:]
    with pytest.raises(FormatError, match="looks mistyped"):
        keywrap.unwrap_with_recovery_code(b"not even json", mistyped)


def test_korean_passphrase_typed_in_nfd_opens_a_wrap_made_in_nfc(master_key: bytes) -> None:
    nfc = unicodedata.normalize("NFC", "증언은 지켜진다 2024")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert len(nfd) > len(nfc)  # the syllables really were split into jamo
    blob = keywrap.wrap_with_passphrase(master_key, nfc, params=keywrap.TEST_PARAMS)
    assert keywrap.unwrap_with_passphrase(blob, nfd) == master_key
    blob = keywrap.wrap_with_passphrase(master_key, nfd, params=keywrap.TEST_PARAMS)
    assert keywrap.unwrap_with_passphrase(blob, nfc) == master_key


# --- Tampering, walked over every position --------------------------------------------------------


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
@pytest.mark.parametrize("name", ["salt", "nonce", "ciphertext"])
def test_every_altered_byte_of_salt_nonce_ciphertext_and_tag_is_refused(
    kind: str, name: str, passphrase_blob: bytes, recovery_blob: bytes, code: str
) -> None:
    blob, secret = (
        (passphrase_blob, "correct horse") if kind == "passphrase" else (recovery_blob, code)
    )
    original = field_bytes(blob, name)
    for position in range(len(original)):
        for mask in (0x01, 0x80):
            altered = bytearray(original)
            altered[position] ^= mask
            with pytest.raises(KeyWrapError):
                unwrap(forge(blob, **{name: b64(bytes(altered))}), kind, secret)


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
def test_every_altered_byte_of_the_blob_is_refused(
    kind: str, passphrase_blob: bytes, recovery_blob: bytes, code: str
) -> None:
    blob, secret = (
        (passphrase_blob, "correct horse") if kind == "passphrase" else (recovery_blob, code)
    )
    assert unwrap(blob, kind, secret)
    for position in range(len(blob)):
        for mask in (0x01, 0x20, 0x80):
            altered = bytearray(blob)
            altered[position] ^= mask
            with pytest.raises((KeyWrapError, FormatError)):
                unwrap(bytes(altered), kind, secret)


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
def test_every_truncation_and_extension_is_refused(
    kind: str, passphrase_blob: bytes, recovery_blob: bytes, code: str
) -> None:
    blob, secret = (
        (passphrase_blob, "correct horse") if kind == "passphrase" else (recovery_blob, code)
    )
    for length in range(len(blob)):
        with pytest.raises(FormatError):
            unwrap(blob[:length], kind, secret)
    for suffix in (b"\n", b" ", b"\x00", b"{}"):
        with pytest.raises(FormatError):
            unwrap(blob + suffix, kind, secret)


@pytest.mark.parametrize(
    "change",
    [{"memory_kib": 8192}, {"iterations": 1}, {"lanes": 1}, {"memory_kib": 16385}],
    ids=["memory", "iterations", "lanes", "memory-up"],
)
def test_params_edited_within_the_limits_no_longer_open(
    master_key: bytes, change: dict[str, int]
) -> None:
    blob = keywrap.wrap_with_passphrase(master_key, "pw", params=ROOMY_PARAMS)
    edited = forge_params(blob, **change)
    assert keywrap.read_params(edited) != ROOMY_PARAMS
    with pytest.raises(KeyWrapError):
        keywrap.unwrap_with_passphrase(edited, "pw")


def test_a_wrap_does_not_open_as_the_other_kind(
    passphrase_blob: bytes, recovery_blob: bytes, code: str
) -> None:
    with pytest.raises(FormatError):
        keywrap.unwrap_with_recovery_code(passphrase_blob, code)
    with pytest.raises(FormatError):
        keywrap.unwrap_with_passphrase(recovery_blob, "correct horse")
    with pytest.raises(FormatError):
        keywrap.read_params(recovery_blob)
    relabelled = forge(passphrase_blob, kind="recovery", kdf="hkdf-sha256", params={})
    with pytest.raises(KeyWrapError):
        keywrap.unwrap_with_recovery_code(relabelled, code)
    with pytest.raises(FormatError):
        keywrap.unwrap_with_passphrase(forge(passphrase_blob, kdf="hkdf-sha256"), "correct horse")


# --- Caps and floor on the Argon2id parameters ---------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        # Each would take 64 GiB, or days, or (lanes) succeed quickly and fail as KeyWrapError,
        # so LimitError can only come from the caps being checked before deriving.
        {"memory_kib": 64 * GIB_IN_KIB},
        {"memory_kib": keywrap.MAX_MEMORY_KIB + 1},
        {"iterations": 2**32 - 1},
        {"iterations": keywrap.MAX_ITERATIONS + 1},
        {"lanes": keywrap.MAX_LANES + 1},
        {"memory_kib": 2**64, "iterations": 2**64, "lanes": 2**64},
    ],
    ids=["64GiB", "memory+1", "iterations-2^32", "iterations+1", "lanes+1", "all-2^64"],
)
def test_blobs_over_the_caps_are_refused_before_deriving(
    passphrase_blob: bytes, change: dict[str, int]
) -> None:
    greedy = forge_params(passphrase_blob, **change)
    with pytest.raises(LimitError):
        keywrap.read_params(greedy)
    with pytest.raises(LimitError):
        keywrap.unwrap_with_passphrase(greedy, "correct horse")


def test_params_at_the_caps_are_read(passphrase_blob: bytes) -> None:
    caps = {
        "memory_kib": keywrap.MAX_MEMORY_KIB,
        "iterations": keywrap.MAX_ITERATIONS,
        "lanes": keywrap.MAX_LANES,
    }
    blob = forge_params(passphrase_blob, **caps)
    assert keywrap.read_params(blob) == Argon2Params(**caps)


def test_wrap_refuses_params_over_the_caps(master_key: bytes) -> None:
    with pytest.raises(LimitError):
        keywrap.wrap_with_passphrase(master_key, "pw", params=Argon2Params(64 * GIB_IN_KIB, 1, 1))


@pytest.mark.parametrize(
    "change",
    [
        {"memory_kib": 32},  # the RFC 9106 vector's 32 KiB: trivial to brute-force
        {"memory_kib": keywrap.MIN_MEMORY_KIB - 1},
        {"iterations": 0},
        {"lanes": 0},
        {"memory_kib": -1},
        {"lanes": True},
        {"iterations": "1"},
        {"memory_kib": 8192.0},
        {"lanes": None},
    ],
    ids=["32KiB", "memory-1", "iterations0", "lanes0", "negative", "bool", "str", "float", "null"],
)
def test_weak_or_mistyped_params_are_refused(
    master_key: bytes, passphrase_blob: bytes, change: dict[str, object]
) -> None:
    weak = forge_params(passphrase_blob, **change)
    for attempt in (
        lambda: keywrap.read_params(weak),
        lambda: keywrap.unwrap_with_passphrase(weak, "correct horse"),
        lambda: keywrap.wrap_with_passphrase(
            master_key, "pw", params=Argon2Params(**{**json.loads(weak)["params"]})
        ),
    ):
        with pytest.raises(FormatError) as caught:
            attempt()
        assert type(caught.value) is FormatError  # neither LimitError nor KeyWrapError


@pytest.mark.real_key_costs
def test_default_and_test_params_are_within_caps_and_floor(passphrase_blob: bytes) -> None:
    for params in (keywrap.DEFAULT_PARAMS, keywrap.TEST_PARAMS, ROOMY_PARAMS):
        blob = forge(passphrase_blob, params=asdict(params))
        assert keywrap.read_params(blob) == params
    assert keywrap.DEFAULT_PARAMS.memory_kib >= 256 * 1024
    assert keywrap.read_params(passphrase_blob) == keywrap.TEST_PARAMS


# --- Strict parsing -------------------------------------------------------------------------------


def malformed_variants(blob: bytes) -> dict[str, bytes]:
    fields = json.loads(blob)
    salt = fields["salt"]
    stray_bit = salt[:21] + chr(ord(salt[21]) + 1) + salt[22:]  # last data character, low bit
    return {
        "spaces": json.dumps(fields, sort_keys=True).encode(),
        "unsorted": json.dumps(dict(reversed(fields.items())), separators=(",", ":")).encode(),
        "newline": blob + b"\n",
        "bom": b"\xef\xbb\xbf" + blob,
        "extra-field": forge(blob, comment="x"),
        "missing-field": canonical({k: v for k, v in fields.items() if k != "nonce"}),
        "version-2": forge(blob, version=2),
        "version-true": forge(blob, version=True),
        "version-str": forge(blob, version="1"),
        "version-float": forge(blob, version=1.0),
        "duplicate-key": blob[:-1] + b',"version":1}',
        "escaped": blob.replace(b'"kdf"', b'"\\u006bdf"'),
        "salt-unpadded": forge(blob, salt=salt.rstrip("=")),
        "salt-stray-bits": forge(blob, salt=stray_bit),
        "salt-newline": forge(blob, salt=salt[:8] + "\n" + salt[8:]),
        "salt-15": forge(blob, salt=b64(bytes(15))),
        "salt-17": forge(blob, salt=b64(bytes(17))),
        "salt-32": forge(blob, salt=b64(bytes(32))),
        "salt-number": forge(blob, salt=7),
        "nonce-24": forge(blob, nonce=b64(bytes(24))),
        "ciphertext-47": forge(blob, ciphertext=b64(bytes(47))),
        "ciphertext-49": forge(blob, ciphertext=b64(bytes(49))),
        "ciphertext-urlsafe": forge(
            blob, ciphertext=base64.urlsafe_b64encode(bytes([251] * 48)).decode()
        ),
        "ciphertext-non-ascii": forge(blob, ciphertext="é" * 64),
        "params-list": forge(blob, params=[1, 1, 8192]),
        "params-extra": forge_params(blob, parallelism=1),
        "top-level-list": canonical([fields]),
        "top-level-string": b'"x"',
        "empty": b"",
        "not-utf8": b"\xff" + blob[1:],
        "nested": b"[" * 500 + b"]" * 500,
    }


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
def test_malformed_blobs_are_format_errors(
    kind: str, passphrase_blob: bytes, recovery_blob: bytes, code: str
) -> None:
    blob, secret = (
        (passphrase_blob, "correct horse") if kind == "passphrase" else (recovery_blob, code)
    )
    variants = malformed_variants(blob)
    if kind == "recovery":
        variants["params-nonempty"] = forge(blob, params={"iterations": 1})
    for label, variant in variants.items():
        assert variant != blob, label
        with pytest.raises(FormatError):
            unwrap(variant, kind, secret)
        if kind == "passphrase":
            with pytest.raises(FormatError):
                keywrap.read_params(variant)


def test_oversized_blob_is_a_limit_error(passphrase_blob: bytes) -> None:
    huge = forge(passphrase_blob, padding="A" * keywrap.MAX_BLOB_BYTES)
    with pytest.raises(LimitError):
        keywrap.read_params(huge)
    with pytest.raises(FormatError):
        keywrap.read_params(passphrase_blob.decode())  # type: ignore[arg-type]


@pytest.mark.parametrize("bad_key", [b"", bytes(31), bytes(33), "k" * 32, bytearray(32)])
def test_wrap_refuses_a_key_that_is_not_32_bytes(bad_key: object, code: str) -> None:
    with pytest.raises(FormatError):
        keywrap.wrap_with_passphrase(bad_key, "pw", params=keywrap.TEST_PARAMS)  # type: ignore[arg-type]
    with pytest.raises(FormatError):
        keywrap.wrap_with_recovery_code(bad_key, code)  # type: ignore[arg-type]


def test_wrap_refuses_an_empty_passphrase_and_a_mistyped_code(master_key: bytes) -> None:
    with pytest.raises(FormatError):
        keywrap.wrap_with_passphrase(master_key, "", params=keywrap.TEST_PARAMS)
    with pytest.raises(FormatError, match="looks mistyped"):
        keywrap.wrap_with_recovery_code(master_key, "0000-0000-0000-0000-0000-0000-0001")


def test_every_error_is_a_crypto_error() -> None:
    for error in (FormatError, LimitError, KeyWrapError):
        assert issubclass(error, CryptoError)
