"""The enrolment request: canonical, capped, its proof made by the key it names."""

import json
from datetime import UTC, datetime

import pytest

from crypto import age, sshkeys, sshsig
from fieldapp.domain.canonical import canonical_bytes
from fieldapp.errors import EnrolmentRequestRejectedError
from fieldapp.sync.enrolment import (
    ENROL_NAMESPACE,
    MAX_REQUEST_BYTES,
    REJECTED_NOT_A_REQUEST,
    REJECTED_PROOF,
    REJECTED_PROOF_FORMAT,
    REJECTED_TOO_LARGE,
    EnrolmentRequest,
    make_request,
    parse_request,
)

from .builders import key_line, make_key

CREATED_AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
DEVICE_KEY = make_key(11)
OTHER_KEY = make_key(12)
RECIPIENT = age.recipient_of(age.x25519_identity_from_secret(bytes([5]) * 32))
LABEL = "Laptop 7 — 서울"


def _request() -> bytes:
    return make_request(DEVICE_KEY, RECIPIENT, LABEL, CREATED_AT)


def _refused(raw: bytes, reason: str) -> None:
    with pytest.raises(EnrolmentRequestRejectedError) as caught:
        parse_request(raw)
    assert caught.value.reason == reason


def _resigned(document: dict[str, object], key: object = DEVICE_KEY) -> bytes:
    """The document with a fresh proof over its (possibly altered) request, by ``key``."""
    body = json.dumps(
        document["request"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    document = {**document, "proof": sshsig.sign(body.encode(), key, ENROL_NAMESPACE)}  # type: ignore[arg-type]
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_a_request_round_trips_and_names_the_devices_keys() -> None:
    raw = _request()
    request = parse_request(raw)
    assert request.fingerprint == sshkeys.fingerprint(DEVICE_KEY.public_key())
    assert request.request.signing_key == key_line(DEVICE_KEY)
    assert request.request.age_recipient == RECIPIENT
    assert request.request.label == LABEL
    assert canonical_bytes(request) == raw
    # The proof is an ordinary SSHSIG over the body's canonical bytes.
    body = canonical_bytes(request.request)
    assert sshsig.verify(body, request.proof, ENROL_NAMESPACE, [key_line(DEVICE_KEY)])


def test_a_request_holds_no_secret() -> None:
    text = _request().decode()
    assert "PRIVATE" not in text
    assert "AGE-SECRET-KEY" not in text


def test_a_proof_by_another_key_is_refused() -> None:
    document = json.loads(_request())
    _refused(_resigned(document, OTHER_KEY), REJECTED_PROOF)


def test_a_proof_for_another_namespace_is_refused() -> None:
    document = json.loads(_request())
    body = canonical_bytes(parse_request(_request()).request)
    document["proof"] = sshsig.sign(body, DEVICE_KEY, "file")
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    _refused(raw, REJECTED_PROOF)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("label", "Attacker's laptop"),
        ("age_recipient", age.generate_x25519()[1]),
        ("created_at", "2030-01-01T00:00:00.000000Z"),
    ],
    ids=["label", "age_recipient", "created_at"],
)
def test_a_tampered_request_fails_its_proof(field: str, value: str) -> None:
    document = json.loads(_request())
    document["request"][field] = value
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    _refused(raw, REJECTED_PROOF)


def test_a_swapped_key_with_its_own_proof_changes_the_fingerprint() -> None:
    # Whoever swaps in their own key can sign for it, but then the fingerprint is theirs, and
    # the coordinator, comparing it with the one read aloud, refuses.
    document = json.loads(_request())
    document["request"]["signing_key"] = key_line(OTHER_KEY)
    document["request"]["fingerprint"] = sshkeys.fingerprint(OTHER_KEY.public_key())
    request = parse_request(_resigned(document, OTHER_KEY))
    assert request.fingerprint != sshkeys.fingerprint(DEVICE_KEY.public_key())


def test_a_fingerprint_that_is_not_the_keys_is_refused() -> None:
    document = json.loads(_request())
    document["request"]["fingerprint"] = sshkeys.fingerprint(OTHER_KEY.public_key())
    _refused(_resigned(document), REJECTED_NOT_A_REQUEST)


def test_every_flipped_byte_is_refused() -> None:
    raw = _request()
    for position in range(len(raw)):
        altered = bytearray(raw)
        altered[position] ^= 0x01
        with pytest.raises(EnrolmentRequestRejectedError):
            parse_request(bytes(altered))


@pytest.mark.parametrize(
    "variant",
    [
        lambda raw: raw + b"\n",
        lambda raw: b" " + raw,
        lambda raw: json.dumps(json.loads(raw), sort_keys=True).encode(),  # spaces
        lambda raw: json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode(),
        lambda raw: raw.replace(b'"format"', b'"format":"x","format"', 1),
    ],
)
def test_only_the_canonical_encoding_is_accepted(variant: object) -> None:
    raw = _request()
    altered = variant(raw)  # type: ignore[operator]
    assert altered != raw
    with pytest.raises(EnrolmentRequestRejectedError):
        parse_request(altered)


def test_an_extra_field_is_refused() -> None:
    document = json.loads(_request())
    document["request"]["note"] = "hello"
    _refused(_resigned(document), REJECTED_NOT_A_REQUEST)


@pytest.mark.parametrize(
    "label", ["line\nbreak", " padded", "x" * 201, "bell\x07", "line\u2028separator", "para\u2029"]
)
def test_labels_are_one_plain_line(label: str) -> None:
    document = json.loads(_request())
    document["request"]["label"] = label
    _refused(_resigned(document), REJECTED_NOT_A_REQUEST)


def test_an_oversized_request_is_refused_before_parsing() -> None:
    _refused(b"{" + b" " * MAX_REQUEST_BYTES + b"}", REJECTED_TOO_LARGE)


def test_a_damaged_proof_is_a_format_refusal() -> None:
    document = json.loads(_request())
    document["proof"] = "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    _refused(raw, REJECTED_PROOF_FORMAT)


def test_the_model_is_the_documented_shape() -> None:
    document = json.loads(_request())
    assert set(document) == {"format", "request", "proof"}
    assert document["format"] == "fieldapp-enrolment-request/1"
    assert set(document["request"]) == {
        "label",
        "signing_key",
        "age_recipient",
        "fingerprint",
        "created_at",
    }
    assert isinstance(parse_request(_request()), EnrolmentRequest)
