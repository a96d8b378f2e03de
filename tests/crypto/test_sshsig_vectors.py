"""The public SSHSIG vectors in ../shared/testdata/sshsig, every case through every path.

``generated-openssh-9.2p1/cases.json`` records what ssh-keygen 9.2 said about each case; we must
say the same. ``pypi-sshsig-0.3.1`` adds an RSA signature and a git commit signature.
"""

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import load_ssh_private_key

from crypto import allowed_signers, sshkeys, sshsig
from crypto.errors import FormatError, SignatureError
from tests.vectors import SHARED_TESTDATA, shared_testdata

GENERATED = "generated-openssh-9.2p1"
PYPI = "pypi-sshsig-0.3.1"
# The README promises 15 verify/check-novalidate cases and 3 find-principals cases; a vector file
# that silently lost some must not pass as complete.
EXPECTED_CASES = {"verify": 14, "check-novalidate": 1, "find-principals": 3}


def _generated() -> Path:
    return shared_testdata("sshsig", GENERATED)


def _pypi() -> Path:
    return shared_testdata("sshsig", PYPI)


def _case_names() -> list[str]:
    # Collection cannot skip or fail; when the vectors are absent one placeholder case is
    # collected, and shared_testdata() then skips it (or fails it under CI).
    path = SHARED_TESTDATA / "sshsig" / GENERATED / "cases.json"
    if not path.exists():
        return ["vectors absent"]
    return [case["name"] for case in json.loads(path.read_text())["cases"]]


def _case(name: str) -> dict[str, Any]:
    cases = json.loads((_generated() / "cases.json").read_text())["cases"]
    return next(case for case in cases if case["name"] == name)


def _verify_time(extra_args: list[str]) -> datetime | None:
    """The time of ``-O verify-time=YYYYMMDDZ``, the only extra argument the cases use."""
    if not extra_args:
        return None
    assert extra_args[0] == "-O"
    match = re.fullmatch(r"verify-time=(\d{8})Z", extra_args[1])
    assert match, extra_args
    return datetime.strptime(match.group(1), "%Y%m%d").replace(tzinfo=UTC)


def _reported_fingerprint(output: str) -> str:
    match = re.search(r" key (SHA256:\S+)$", output)
    assert match, output
    return match.group(1)


def test_the_vectors_are_complete() -> None:
    cases = json.loads((_generated() / "cases.json").read_text())["cases"]
    counts: dict[str, int] = {}
    for case in cases:
        counts[case["op"]] = counts.get(case["op"], 0) + 1
    assert counts == EXPECTED_CASES


@pytest.mark.parametrize("name", _case_names())
def test_case_gives_ssh_keygen_result(name: str) -> None:
    case = _case(name)
    folder = _generated()
    signature = (folder / case["signature"]).read_text()

    if case["op"] == "find-principals":
        entries = allowed_signers.parse((folder / case["allowed_signers"]).read_text())
        found = allowed_signers.find_principals(signature, entries)
        assert "\n".join(found) == case["stdout"]
        assert (case["ssh_keygen_rc"] == 0) == bool(found)
        return

    message = (folder / case["message"]).read_bytes()
    namespace = case["namespace"]
    valid = case["expect"] == "valid"
    assert valid == (case["ssh_keygen_rc"] == 0)

    if case["op"] == "check-novalidate":
        # check-novalidate: is the signature good for the key it carries, whoever that is?
        signer = sshsig.parse_signature(signature).public_key
        assert valid
        key_line = sshsig.verify(message, signature, namespace, [signer])
        assert sshkeys.fingerprint(key_line) == _reported_fingerprint(case["ssh_keygen_output"])
        return

    assert case["op"] == "verify"
    entries = allowed_signers.parse((folder / case["allowed_signers"]).read_text())
    at = _verify_time(case["extra_args"])
    if valid:
        entry = allowed_signers.verify(
            message, signature, namespace, case["identity"], entries, at=at
        )
        expected = _reported_fingerprint(case["ssh_keygen_output"])
        assert sshkeys.fingerprint(entry.public_key) == expected
        # The bare verifier, given the keys of the file, agrees.
        keys = [e.public_key for e in entries]
        assert sshkeys.fingerprint(sshsig.verify(message, signature, namespace, keys)) == expected
    else:
        with pytest.raises(SignatureError):
            allowed_signers.verify(message, signature, namespace, case["identity"], entries, at=at)


def _signature_files() -> list[Path]:
    pypi = _pypi()
    return [
        *sorted(_generated().glob("*.sig")),
        pypi / "hola.txt.sig",
        pypi / "sshsig/0/message.sig",
    ]


def test_every_vector_signature_is_canonical_as_we_read_it() -> None:
    """Each file is exactly the armor we would write for its blob, and every field reads back."""
    for path in _signature_files():
        text = path.read_text()
        blob = sshsig.dearmor(text)
        assert sshsig.armor(blob) == text, path.name
        parsed = sshsig.parse_blob(blob)
        assert parsed.hash_algorithm in {"sha256", "sha512"}
        assert sshkeys.public_key_to_wire(parsed.public_key) == parsed.public_key_blob


def test_we_reproduce_ssh_keygen_ed25519_signatures_byte_for_byte() -> None:
    folder = _generated()
    cases = json.loads((folder / "cases.json").read_text())["cases"]
    reproduced = set()
    for case in cases:
        if case.get("expect") != "valid":
            continue
        for owner in ("alice", "mallory"):
            if f".{owner}." not in case["signature"]:
                continue
            key = load_ssh_private_key((folder / f"{owner}_ed25519").read_bytes(), None)
            expected = (folder / case["signature"]).read_text()
            parsed = sshsig.parse_signature(expected)
            message = (folder / case["message"]).read_bytes()
            ours = sshsig.sign(message, key, parsed.namespace, hash_algorithm=parsed.hash_algorithm)
            assert ours == expected, case["signature"]
            reproduced.add(case["signature"])
    assert len(reproduced) == 5  # four of alice's and mallory's


def test_public_key_files_round_trip() -> None:
    folder = _generated()
    for path in [*sorted(folder.glob("*.pub")), *sorted(_pypi().glob("*.pub"))]:
        text = path.read_text()
        key, comment = sshkeys.parse_openssh_public_key(text)
        name, encoded, expected_comment = text.rstrip("\n").split(" ", 2)
        assert sshkeys.public_key_to_openssh(key) == f"{name} {encoded}"
        assert comment == expected_comment
        assert sshkeys.fingerprint(text) == sshkeys.fingerprint(key)


def test_vector_fingerprints_are_the_ones_ssh_keygen_printed() -> None:
    folder = _generated()
    assert sshkeys.fingerprint((folder / "alice_ed25519.pub").read_text()) == (
        "SHA256:9c1PROViikGEypD5kmdU47Db6xgm6sMuSI1hiZyNwD0"
    )
    assert sshkeys.fingerprint((folder / "bob_ecdsa256.pub").read_text()) == (
        "SHA256:bZQJw32GqvRh/W2+V1yNVUZGOGf9rkwgFPdf6c4Y6VE"
    )
    assert sshkeys.fingerprint((folder / "mallory_ed25519.pub").read_text()) == (
        "SHA256:HaBFIJ5zozZy9FCD5LbWny2kgoGWvZqvOIelUyB+6ao"
    )


def test_allowed_signers_files_read_and_write_back() -> None:
    folder = _generated()
    for name in ("allowed_signers", "allowed_signers_ns", "allowed_signers_expired"):
        entries = allowed_signers.parse((folder / name).read_text())
        assert entries
        assert allowed_signers.parse(allowed_signers.format(entries)) == entries
    for path in (
        _pypi() / "only_lost_allowed_signer",
        _pypi() / "sshsig" / "0" / "allowed_signers",
    ):
        [entry] = allowed_signers.parse(path.read_text())
        assert entry.principals == ("*",)
        assert entry.namespaces == ("git",)


def test_pypi_rsa_signature() -> None:
    folder = _pypi()
    message = (folder / "hola.txt").read_bytes()
    signature = (folder / "hola.txt.sig").read_text()
    rsa_line = (folder / "rsa_key.pub").read_text()
    parsed = sshsig.parse_signature(signature)
    assert parsed.signature_algorithm == "rsa-sha2-512"
    assert parsed.namespace == "git"
    assert sshsig.verify(message, signature, "git", [rsa_line]) == " ".join(rsa_line.split()[:2])
    with pytest.raises(SignatureError):
        sshsig.verify(message, signature, "git", [(folder / "lost-key.pub").read_text()])
    with pytest.raises(SignatureError):
        sshsig.verify(message, signature, "file", [rsa_line])
    with pytest.raises(SignatureError):
        sshsig.verify(message.replace(b"Hola", b"Hole"), signature, "git", [rsa_line])
    lost = allowed_signers.parse((folder / "only_lost_allowed_signer").read_text())
    with pytest.raises(SignatureError):
        allowed_signers.verify(message, signature, "git", "foo@b.ar", lost)


def test_pypi_git_commit_signature() -> None:
    folder = _pypi() / "sshsig" / "0"
    message = (folder / "message").read_bytes()
    signature = (folder / "message.sig").read_text()
    entries = allowed_signers.parse((folder / "allowed_signers").read_text())
    for principal in ("castedo@castedo.com", "anyone"):
        entry = allowed_signers.verify(message, signature, "git", principal, entries)
        assert entry is entries[0]
    # The entry is limited to namespaces="git".
    with pytest.raises(SignatureError):
        allowed_signers.verify(message, signature, "file", "anyone", entries)
    lost = allowed_signers.parse((_pypi() / "only_lost_allowed_signer").read_text())
    with pytest.raises(SignatureError):
        allowed_signers.verify(message, signature, "git", "anyone", lost)
    assert allowed_signers.find_principals(signature, lost) == []
    assert allowed_signers.find_principals(signature, entries) == ["*"]


def _vector_signatures_with_keys() -> list[tuple[bytes, str, str, str]]:
    generated, pypi = _generated(), _pypi()
    return [
        (
            (generated / "msg_hello.txt").read_bytes(),
            (generated / "hello.alice.file.sha256.sig").read_text(),
            "file",
            (generated / "alice_ed25519.pub").read_text(),
        ),
        (
            (generated / "msg_hello.txt").read_bytes(),
            (generated / "hello.bob.file.sha512.sig").read_text(),
            "file",
            (generated / "bob_ecdsa256.pub").read_text(),
        ),
        (
            (pypi / "hola.txt").read_bytes(),
            (pypi / "hola.txt.sig").read_text(),
            "git",
            (pypi / "rsa_key.pub").read_text(),
        ),
    ]


def test_every_byte_of_every_vector_flipped_is_refused() -> None:
    """Ed25519, ECDSA and RSA: each byte of each blob, flipped, re-armored, is refused."""
    for message, signature, namespace, key_line in _vector_signatures_with_keys():
        assert sshsig.verify(message, signature, namespace, [key_line])
        blob = sshsig.dearmor(signature)
        for position in range(len(blob)):
            for mask in (0x01, 0xFF):
                tampered = bytearray(blob)
                tampered[position] ^= mask
                with pytest.raises((SignatureError, FormatError)):
                    sshsig.verify(message, sshsig.armor(bytes(tampered)), namespace, [key_line])
