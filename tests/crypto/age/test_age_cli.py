"""Interoperability with the reference age CLI, both ways."""

import io
import os
from pathlib import Path

import pytest

from crypto import age, errors
from tests.crypto.age.agecli import age as run_age
from tests.crypto.age.agecli import age_with_passphrase

# Several chunks and a partial last one, so STREAM's boundaries are crossed.
PLAINTEXT = os.urandom(3 * 64 * 1024 + 1234)


def _keypair(tmp_path: Path, name: str) -> tuple[Path, str]:
    identity, recipient = age.generate_x25519()
    path = tmp_path / f"{name}.key"
    path.write_text(f"# created: by a test\n# public key: {recipient}\n{identity}\n")
    path.chmod(0o600)
    return path, recipient


@pytest.mark.parametrize("armor", [False, True])
def test_our_files_open_with_age(tmp_path: Path, armor: bool) -> None:
    keys = [_keypair(tmp_path, name) for name in ("alice", "bob", "carol")]
    encrypted = tmp_path / "ours.age"
    with encrypted.open("wb") as dst:
        age.encrypt(io.BytesIO(PLAINTEXT), dst, [r for _, r in keys], armor=armor)
    for key_file, _ in keys:
        result = run_age("-d", "-i", key_file, encrypted)
        assert result.returncode == 0, result.stderr
        assert result.stdout == PLAINTEXT


@pytest.mark.parametrize("armor", [False, True])
def test_age_files_open_with_ours(tmp_path: Path, armor: bool) -> None:
    keys = [_keypair(tmp_path, name) for name in ("alice", "bob")]
    args = [arg for _, r in keys for arg in ("-r", r)] + (["-a"] if armor else [])
    result = run_age("-e", *args, stdin=PLAINTEXT)
    assert result.returncode == 0, result.stderr
    for key_file, _ in keys:
        plain = io.BytesIO()
        identities = age.parse_identities_file(key_file.read_text())
        age.decrypt(io.BytesIO(result.stdout), plain, identities)
        assert plain.getvalue() == PLAINTEXT


def test_readdressed_file_opens_for_new_recipient_only(tmp_path: Path) -> None:
    old_key, old_recipient = _keypair(tmp_path, "old")
    new_key, new_recipient = _keypair(tmp_path, "new")
    original = run_age("-e", "-r", old_recipient, stdin=PLAINTEXT).stdout
    moved = tmp_path / "moved.age"
    with moved.open("wb") as dst:
        old_identities = age.parse_identities_file(old_key.read_text())
        age.readdress(io.BytesIO(original), dst, old_identities, [new_recipient])

    assert run_age("-d", "-i", new_key, moved).stdout == PLAINTEXT
    refused = run_age("-d", "-i", old_key, moved)
    assert refused.returncode != 0
    assert b"no identity matched" in refused.stderr


def test_age_keygen_identities_parse_to_the_same_recipient(tmp_path: Path) -> None:
    import subprocess

    key_file = tmp_path / "k.txt"
    subprocess.run(["age-keygen", "-o", key_file], check=True, capture_output=True)
    expected = subprocess.run(
        ["age-keygen", "-y", key_file], check=True, capture_output=True, text=True
    ).stdout.strip()
    (identity,) = age.parse_identities_file(key_file.read_text())
    assert age.recipient_of(identity) == expected


def test_passphrase_files_open_with_age_both_ways(tmp_path: Path) -> None:
    ours = tmp_path / "ours.age"
    with ours.open("wb") as dst:
        age.encrypt_passphrase(io.BytesIO(PLAINTEXT), dst, "correct horse", work_factor=12)
    out = tmp_path / "ours.out"
    assert age_with_passphrase("-d", "-o", out, ours, passphrase="correct horse") == 0
    assert out.read_bytes() == PLAINTEXT

    theirs = tmp_path / "theirs.age"
    source = tmp_path / "plain.bin"
    source.write_bytes(PLAINTEXT)
    assert age_with_passphrase("-p", "-o", theirs, source, passphrase="battery staple") == 0
    plain = io.BytesIO()
    with theirs.open("rb") as src:
        age.decrypt(src, plain, passphrase="battery staple")
    assert plain.getvalue() == PLAINTEXT
    with theirs.open("rb") as src, pytest.raises(errors.NoIdentityMatchError):
        age.decrypt(src, io.BytesIO(), passphrase="wrong")
