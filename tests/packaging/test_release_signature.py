"""The release key's signature on a build's SHA256SUMS (packaging/sign_release.sh), checked as
a laptop checks it: with stock `ssh-keygen -Y verify` and the release key's allowed-signers line."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, manifest

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen"
)

NAMESPACE = "fieldapp-release@v1"
IDENTITY = "fieldapp-release"


def _key(folder: Path, name: str = "release") -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def _signers(key: Path, folder: Path) -> Path:
    signers = folder / "release_signers"
    public = key.with_suffix(".pub").read_text().split()
    signers.write_text(f'{IDENTITY} namespaces="{NAMESPACE}" {public[0]} {public[1]}\n')
    return signers


def _build(folder: Path, *, dirty: bool = False) -> Path:
    """A small folder laid out as a build: a program, a library, BUILD-INFO, SHA256SUMS."""
    dist = folder / "dist" / "fieldapp"
    (dist / "_internal").mkdir(parents=True)
    (dist / "fieldapp").write_bytes(b"\x7fELF program")
    (dist / "_internal" / "libcrypto.so.3").write_bytes(b"\x7fELF library")
    (dist / "BUILD-INFO").write_text(
        f"commit: 0123abc\nuncommitted changes: {'yes' if dirty else 'no'}\n"
    )
    (dist / manifest.SUMS).write_text("".join(manifest.checksum_lines(dist)))
    return dist


def _sign(key: Path, dist: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(PACKAGING / "sign_release.sh"), str(key), str(dist)],
        capture_output=True,
        text=True,
        check=False,
    )


def _verify(signers: Path, dist: Path, namespace: str = NAMESPACE) -> bool:
    with (dist / manifest.SUMS).open("rb") as sums:
        result = subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(signers), "-I", IDENTITY, "-n", namespace,
             "-s", str(dist / manifest.SUMS_SIGNATURE)],
            stdin=sums,
            capture_output=True,
            check=False,
        )
    return result.returncode == 0


def test_a_signed_build_passes_the_laptops_check(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    result = _sign(key, dist)
    assert result.returncode == 0, result.stderr
    assert "namespace fieldapp-release@v1" in result.stdout
    assert _verify(_signers(key, tmp_path), dist)


def test_a_changed_checksum_list_fails_it(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    assert _sign(key, dist).returncode == 0
    sums = dist / manifest.SUMS
    sums.write_text(sums.read_text().replace("0", "1", 1))
    assert not _verify(_signers(key, tmp_path), dist)


def test_another_key_or_another_namespace_fails_it(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    assert _sign(_key(tmp_path, "someone-else"), dist).returncode == 0
    assert not _verify(_signers(key, tmp_path), dist)
    assert _sign(key, dist).returncode == 0  # a new signature replaces the old one
    assert _verify(_signers(key, tmp_path), dist)
    assert not _verify(_signers(key, tmp_path), dist, namespace="fieldapp-bundle@v1")


def test_the_signature_is_not_in_the_list_it_signs(tmp_path: Path) -> None:
    """So the laptop's `sha256sum -c` and its check for added files hold after signing."""
    key, dist = _key(tmp_path), _build(tmp_path)
    assert _sign(key, dist).returncode == 0
    assert (dist / manifest.SUMS_SIGNATURE).is_file()
    assert "SHA256SUMS" not in "".join(manifest.checksum_lines(dist))


def test_a_trial_build_is_never_signed(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path, dirty=True)
    result = _sign(key, dist)
    assert result.returncode == 1
    assert "trial build" in result.stderr
    assert not (dist / manifest.SUMS_SIGNATURE).exists()


def test_no_build_no_signature(tmp_path: Path) -> None:
    result = _sign(_key(tmp_path), tmp_path / "dist" / "fieldapp")
    assert result.returncode == 1
    assert "build first" in result.stderr
