"""crypto.sshsig.Verifier: one namespace and one set of allowed keys prepared once, then many
signatures checked, each refused exactly as ``sshsig.verify`` refuses it (session 13, H10).

Real Ed25519 keys and signatures; ``verify`` itself is a thin wrapper over the verifier, so the
vectors of test_sshsig_vectors.py check it too."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import sshkeys, sshsig
from crypto.errors import FormatError, SignatureError, SignerNotAllowedError

NAMESPACE = "fieldapp-test@v1"


def _key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def _line(key: ed25519.Ed25519PrivateKey) -> str:
    return sshkeys.public_key_to_openssh(key.public_key())


def test_one_verifier_checks_many_signatures_by_its_key() -> None:
    key = _key()
    verifier = sshsig.Verifier(NAMESPACE, (k for k in [key.public_key()]))  # read once
    messages = [f"event {n}".encode() for n in range(20)]

    for message in messages:
        parsed = verifier.verify(message, sshsig.sign(message, key, NAMESPACE))
        assert sshkeys.public_key_to_openssh(parsed.public_key) == _line(key)


def test_a_key_line_serves_as_well_as_a_key() -> None:
    key = _key()
    signature = sshsig.sign(b"m", key, NAMESPACE)

    parsed = sshsig.Verifier(NAMESPACE, [f"{_line(key)} device-7"]).verify(b"m", signature)

    assert parsed.namespace == NAMESPACE


def test_another_namespace_is_refused() -> None:
    key = _key()
    verifier = sshsig.Verifier(NAMESPACE, [key.public_key()])

    with pytest.raises(SignatureError, match="another purpose") as refused:
        verifier.verify(b"m", sshsig.sign(b"m", key, "git"))

    assert not isinstance(refused.value, SignerNotAllowedError)


def test_a_key_not_allowed_is_refused_as_such() -> None:
    verifier = sshsig.Verifier(NAMESPACE, [_key().public_key()])

    with pytest.raises(SignerNotAllowedError):
        verifier.verify(b"m", sshsig.sign(b"m", _key(), NAMESPACE))


def test_an_altered_message_is_refused() -> None:
    key = _key()
    verifier = sshsig.Verifier(NAMESPACE, [key.public_key()])
    signature = sshsig.sign(b"sealed", key, NAMESPACE)

    with pytest.raises(SignatureError, match="altered"):
        verifier.verify(b"Sealed", signature)


def test_a_malformed_signature_is_refused() -> None:
    verifier = sshsig.Verifier(NAMESPACE, [_key().public_key()])

    with pytest.raises(FormatError):
        verifier.verify(b"m", "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----")


def test_a_malformed_key_line_is_refused_when_prepared() -> None:
    with pytest.raises(FormatError):
        sshsig.Verifier(NAMESPACE, ["ssh-ed25519 not-base64!"])


@pytest.mark.parametrize("namespace", ["", "a\x00b"])
def test_a_wrong_namespace_is_a_programming_error(namespace: str) -> None:
    with pytest.raises(ValueError, match="namespace"):
        sshsig.Verifier(namespace, [_key().public_key()])


def test_verify_still_returns_the_signers_key_line() -> None:
    key = _key()

    line = sshsig.verify(b"m", sshsig.sign(b"m", key, NAMESPACE), NAMESPACE, [key.public_key()])

    assert line == _line(key)
