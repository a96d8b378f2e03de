"""Properties: whatever bytes come as a blob and whatever text as a code, only our errors leave."""

import base64
import contextlib
import json
import re
import secrets
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import keywrap, recovery_code
from crypto.errors import CryptoError, FormatError, KeyWrapError

CODE_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
# Parameter values that are wrong, at the edges, or valid but cheap: never a valid 1 GiB derivation.
param_values = st.one_of(
    st.integers(-2, 20),
    st.sampled_from([keywrap.MIN_MEMORY_KIB, keywrap.MAX_MEMORY_KIB + 1, 2**36, 2**64]),
    st.booleans(),
    st.text(max_size=4),
)
params_objects = st.fixed_dictionaries(
    {"memory_kib": param_values, "iterations": param_values, "lanes": param_values}
) | st.just({})


def base64_of(length: int) -> st.SearchStrategy[str]:
    """Base64 of mostly the right length, sometimes not, sometimes not base64 at all."""
    data = st.binary(min_size=length, max_size=length) | st.binary(max_size=64)
    return data.map(lambda raw: base64.b64encode(raw).decode()) | json_values


@st.composite
def blob_objects(draw: st.DrawFn) -> dict[str, object]:
    """Near-miss blobs: the right shape more often than not, so the deeper checks are reached."""
    kind, kdf = draw(
        st.sampled_from(
            [("passphrase", "argon2id"), ("recovery", "hkdf-sha256"), ("recovery", "argon2id")]
        )
        | st.tuples(json_values, json_values)
    )
    fields: dict[str, object] = {
        "ciphertext": draw(base64_of(keywrap.CIPHERTEXT_BYTES)),
        "kdf": kdf,
        "kind": kind,
        "nonce": draw(base64_of(keywrap.NONCE_BYTES)),
        "params": draw(params_objects | json_values),
        "salt": draw(base64_of(keywrap.SALT_BYTES)),
        "version": draw(st.sampled_from([1, 1, 1, 1, 1, 1, 2, 0, True, "1"])),
    }
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=1)):
        del fields[name]
    return fields


# Codes built from drawn symbols (not the CSPRNG), so that hypothesis can replay and shrink them.
codes = st.lists(
    st.integers(0, 31), min_size=recovery_code.DATA_SYMBOLS, max_size=recovery_code.DATA_SYMBOLS
).map(lambda data: recovery_code._format([*data, *recovery_code._check_symbols(data)]))
blob_like = st.binary(max_size=2048) | json_values.map(lambda value: json.dumps(value).encode())
near_miss_blobs = blob_objects().map(
    lambda value: json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
)


def every_reader(blob: bytes, code: str) -> None:
    """Run the blob through every reader; each may refuse it only with a CryptoError."""
    for read in (
        lambda: keywrap.read_params(blob),
        lambda: keywrap.unwrap_with_passphrase(blob, "pw"),
        lambda: keywrap.unwrap_with_recovery_code(blob, code),
    ):
        with contextlib.suppress(CryptoError):
            read()


@settings(max_examples=200, deadline=None)
@given(blob=blob_like, code=codes)
def test_arbitrary_input_raises_only_crypto_errors(blob: bytes, code: str) -> None:
    every_reader(blob, code)


@settings(max_examples=300, deadline=None)
@given(blob=near_miss_blobs, code=codes)
def test_near_miss_blobs_raise_only_crypto_errors(blob: bytes, code: str) -> None:
    every_reader(blob, code)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), kind=st.sampled_from(["passphrase", "recovery"]), code=codes)
def test_edited_blobs_raise_only_crypto_errors_or_open_to_the_same_key(
    data: st.DataObject, kind: str, code: str
) -> None:
    key = secrets.token_bytes(32)
    if kind == "passphrase":
        blob = keywrap.wrap_with_passphrase(key, "pw", params=keywrap.TEST_PARAMS)
    else:
        blob = keywrap.wrap_with_recovery_code(key, code)
    edited = bytearray(blob)
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(edited) - 1))
        action = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = data.draw(st.integers(0, 255))
        if action == "replace":
            edited[position] = byte
        elif action == "insert":
            edited.insert(position, byte)
        else:
            del edited[position]
    secret = "pw" if kind == "passphrase" else code
    unwrap = (
        keywrap.unwrap_with_passphrase
        if kind == "passphrase"
        else (keywrap.unwrap_with_recovery_code)
    )
    try:
        opened = unwrap(bytes(edited), secret)
    except (FormatError, KeyWrapError):
        return
    assert bytes(edited) == blob  # only an edit that changed nothing may open
    assert opened == key


@settings(max_examples=500)
@given(text=st.text(max_size=80) | st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ- "))
def test_any_text_is_a_valid_code_or_a_format_error(text: str) -> None:
    try:
        code = keywrap.normalize_recovery_code(text)
    except FormatError:
        return
    assert CODE_PATTERN.fullmatch(code)
    assert keywrap.normalize_recovery_code(code) == code


@given(code=codes, data=st.data())
def test_any_way_of_typing_a_code_reads_back_the_same(code: str, data: st.DataObject) -> None:
    look_alikes = {"0": "0Oo", "1": "1IiLl"}
    typed = ""
    for char in code.replace("-", ""):
        variants = look_alikes.get(char, char + char.lower())
        typed += data.draw(st.sampled_from(variants))
        typed += data.draw(st.sampled_from(["", "", "", " ", "-", "  ", "\t"]))
    assert keywrap.normalize_recovery_code(typed) == code


@given(code=codes, data=st.data())
def test_any_two_wrong_symbols_are_caught(code: str, data: st.DataObject) -> None:
    # Two check symbols give a minimum distance of three: any one or two wrong symbols show.
    assert keywrap.normalize_recovery_code(code) == code
    symbols = list(code.replace("-", ""))
    positions = data.draw(
        st.lists(st.integers(0, len(symbols) - 1), min_size=1, max_size=2, unique=True)
    )
    for position in positions:
        alternatives = recovery_code.ALPHABET.replace(symbols[position], "")
        symbols[position] = data.draw(st.sampled_from(alternatives))
    with pytest.raises(FormatError, match="looks mistyped"):
        keywrap.normalize_recovery_code("".join(symbols))


@settings(max_examples=50, deadline=None)
@given(key=st.binary(min_size=32, max_size=32), passphrase=st.text(min_size=1, max_size=40))
def test_passphrase_round_trip_in_any_normal_form(key: bytes, passphrase: str) -> None:
    blob = keywrap.wrap_with_passphrase(key, passphrase, params=keywrap.TEST_PARAMS)
    for form in ("NFC", "NFD"):
        assert keywrap.unwrap_with_passphrase(blob, unicodedata.normalize(form, passphrase)) == key


@given(key=st.binary(min_size=32, max_size=32), code=codes)
def test_recovery_round_trip(key: bytes, code: str) -> None:
    assert (
        keywrap.unwrap_with_recovery_code(keywrap.wrap_with_recovery_code(key, code), code) == key
    )
