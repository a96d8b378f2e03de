"""The release key's signature on a build's SHA256SUMS (packaging/sign_release.sh), checked as
a laptop checks it: with stock `ssh-keygen -Y verify` and the release key's allowed-signers line."""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, manifest
from tests.packaging.test_build_outputs import ADDED_FILE_CHECK, SUMS_CHECK

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen"
)

NAMESPACE = "fieldapp-release@v1"
IDENTITY = "fieldapp-release"
COMMIT = "30a6ab8c0ffee0123456789abcdef0123456789a"  # any 40 hex digits: a commit's spelling


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


def _build(folder: Path, *, info: str | None = None) -> Path:
    """A small folder laid out as a build of a clean commit: a program, a library, BUILD-INFO
    (``info`` in place of its usual text), SHA256SUMS listing them all."""
    dist = folder / "dist" / "fieldapp"
    (dist / "_internal").mkdir(parents=True)
    (dist / "fieldapp").write_bytes(b"\x7fELF program")
    (dist / "_internal" / "libcrypto.so.3").write_bytes(b"\x7fELF library")
    if info is None:
        info = f"commit: {COMMIT}\nuncommitted changes: no\nbuilt: 2026-11-27T18:00:00Z\n"
    (dist / "BUILD-INFO").write_text(info)
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
            [
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                str(signers),
                "-I",
                IDENTITY,
                "-n",
                namespace,
                "-s",
                str(dist / manifest.SUMS_SIGNATURE),
            ],
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
    dist = _build(tmp_path, info=f"commit: {COMMIT}\nuncommitted changes: yes\n")
    key = _key(tmp_path)
    result = _sign(key, dist)
    assert result.returncode == 1
    assert "trial build" in result.stderr
    assert not (dist / manifest.SUMS_SIGNATURE).exists()


def _refused(key: Path, dist: Path, words: str) -> None:
    result = _sign(key, dist)
    assert result.returncode == 1, result.stdout
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one sentence, not sha256sum's output
    assert not (dist / manifest.SUMS_SIGNATURE).exists()


@pytest.mark.parametrize(
    "info",
    [
        "commit: unknown\nuncommitted changes: no\n",  # git failed: no commit to name
        "commit: 0123abc\nuncommitted changes: no\n",  # not a whole commit id
        f"commit: {COMMIT}x\nuncommitted changes: no\n",
        f" commit: {COMMIT}\nuncommitted changes: no\n",
        f"commit: {COMMIT}\ncommit: unknown\nuncommitted changes: no\n",
    ],
    ids=["unknown", "short", "longer", "indented", "two"],
)
def test_a_build_naming_no_commit_is_never_signed(tmp_path: Path, info: str) -> None:
    _refused(_key(tmp_path), _build(tmp_path, info=info), "names no commit")


@pytest.mark.parametrize(
    "changes",
    [
        "uncommitted changes: unknown\n",
        "",
        "uncommitted changes: no, mostly\n",
        "uncommitted changes: no\nuncommitted changes: unknown\n",
    ],
)
def test_a_build_not_known_clean_is_never_signed(tmp_path: Path, changes: str) -> None:
    dist = _build(tmp_path, info=f"commit: {COMMIT}\n{changes}")
    _refused(_key(tmp_path), dist, "no uncommitted changes")


def test_a_folder_without_build_info_is_never_signed(tmp_path: Path) -> None:
    dist = _build(tmp_path)
    (dist / "BUILD-INFO").unlink()
    (dist / manifest.SUMS).write_text("".join(manifest.checksum_lines(dist)))
    _refused(_key(tmp_path), dist, "has no BUILD-INFO")


def test_a_file_changed_or_gone_since_the_sums_is_never_signed(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    library = dist / "_internal" / "libcrypto.so.3"
    library.write_bytes(b"\x7fELF another library")
    _refused(key, dist, "is not the one SHA256SUMS lists")
    library.unlink()
    _refused(key, dist, "is not the one SHA256SUMS lists")


def test_a_file_added_since_the_sums_is_never_signed(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    (dist / "_internal" / "libinjected.so").write_bytes(b"\x7fELF planted")
    _refused(key, dist, "does not list")


def test_an_old_signature_beside_the_folder_is_not_an_added_file(tmp_path: Path) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    assert _sign(key, dist).returncode == 0
    assert _sign(key, dist).returncode == 0  # signed again, the first signature beside it
    assert _verify(_signers(key, tmp_path), dist)


def test_the_signing_checks_the_folder_as_the_laptop_does() -> None:
    script = (PACKAGING / "sign_release.sh").read_text()
    assert ADDED_FILE_CHECK in script
    assert SUMS_CHECK in script
    assert "sha256sum --quiet -c" not in script


def _spoil_last_line(dist: Path, spoil: Callable[[str], str]) -> None:
    sums = dist / manifest.SUMS
    lines = sums.read_text().splitlines(keepends=True)
    lines[-1] = spoil(lines[-1])
    sums.write_text("".join(lines))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda line: line[:63] + " " + line[63:],  # a digit short: 'sha256sum -c' skips it
        lambda line: "\\" + line,  # an escaped name: 'cut -c67-' reads another
        lambda line: line[:64] + " *" + line[66:],  # binary mode
        lambda line: line[:66] + line[68:],  # a name without ./
    ],
    ids=["short", "escaped", "binary", "bare"],
)
def test_a_sums_line_not_as_the_build_writes_it_is_never_signed(
    tmp_path: Path, spoil: Callable[[str], str]
) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    _spoil_last_line(dist, spoil)
    _refused(key, dist, "not a checksum and a name")


@pytest.mark.parametrize("name", ["x\nb", "x\\b", "_internal/lib\nx"])
def test_a_folder_holding_a_name_with_a_newline_or_backslash_is_never_signed(
    tmp_path: Path, name: str
) -> None:
    key, dist = _key(tmp_path), _build(tmp_path)
    (dist / name).write_bytes(b"#!/bin/sh\necho no sum covers me\n")
    _refused(key, dist, "a newline or a backslash")


def test_no_build_no_signature(tmp_path: Path) -> None:
    result = _sign(_key(tmp_path), tmp_path / "dist" / "fieldapp")
    assert result.returncode == 1
    assert "build first" in result.stderr
