"""VERIFY.txt, followed literally with stock tools on a bundle a device really exported."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import allowed_signers, sshkeys
from crypto.allowed_signers import Entry
from fieldapp.services.export import export_bundle
from fieldapp.sync.manifest import BUNDLE_NAMESPACE
from fieldapp.sync.verify_text import (
    CHECK_SUMS_COMMAND,
    COMPARE_LISTS_COMMAND,
    FIND_PRINCIPALS_COMMAND,
    LIST_EXPECTED_COMMAND,
    LIST_FOUND_COMMAND,
    PRINCIPAL_PLACEHOLDER,
    PYTHON_SUMS_COMMAND,
    PYTHON_UNZIP_COMMAND,
    SUMS_COMMAND,
    UNZIP_COMMAND,
    VERIFY_NAME,
    verify_command,
    verify_text,
)

from .test_export_support import FieldDevice, add_testimony, enrolled_device

PRINCIPAL = "field-laptop-07"
TOOLS = ("ssh-keygen", "sha256sum", "python3", "grep", "sed", "cut", "sort", "find", "diff")


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[tuple[FieldDevice, Path]]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    device = enrolled_device(tmp_path / "device")
    add_testimony(device.ws, files=[b"RIFF audio" * 1000, b"scan"])
    result = export_bundle(device.ws, device.out)
    assert result.path is not None
    yield device, result.path
    device.ws.lock()


def _sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True)


def _step_one(folder: Path, bundle: Path, public_key: str) -> Path:
    """Step 1: the bundle as container.zip beside the roster's allowed_signers."""
    folder.mkdir()
    shutil.copyfile(bundle, folder / "container.zip")
    key, _ = sshkeys.parse_openssh_public_key(public_key)
    entry = Entry((PRINCIPAL,), key, namespaces=(BUNDLE_NAMESPACE,))
    (folder / "allowed_signers").write_text(allowed_signers.format([entry]))
    return folder


@pytest.mark.parametrize("unzip", [UNZIP_COMMAND, PYTHON_UNZIP_COMMAND])
def test_stock_tools_verify_an_exported_bundle_as_verify_txt_says(
    exported: tuple[FieldDevice, Path], tmp_path: Path, unzip: str
) -> None:
    if unzip == UNZIP_COMMAND and shutil.which("unzip") is None:
        pytest.skip("unzip is not installed")
    device, bundle = exported
    folder = _step_one(tmp_path / "audit", bundle, device.ws.public_key)
    assert _sh(unzip, folder).returncode == 0
    contents = folder / "contents"
    assert (contents / VERIFY_NAME).read_text() == verify_text()
    found = _sh(FIND_PRINCIPALS_COMMAND, contents)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == PRINCIPAL
    command = verify_command(BUNDLE_NAMESPACE).replace(PRINCIPAL_PLACEHOLDER, found.stdout.strip())
    verified = _sh(command, contents)
    assert verified.returncode == 0, verified.stderr
    assert f'Good "{BUNDLE_NAMESPACE}" signature for {PRINCIPAL}' in verified.stdout
    for sums in (SUMS_COMMAND, PYTHON_SUMS_COMMAND):
        assert _sh(sums, contents).returncode == 0
        checked = _sh(CHECK_SUMS_COMMAND, contents)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.count(": OK\n") == len(list(contents.rglob("*.age"))) + 1
    for step in (LIST_EXPECTED_COMMAND, LIST_FOUND_COMMAND):
        assert _sh(step, contents).returncode == 0
    compared = _sh(COMPARE_LISTS_COMMAND, contents)
    assert (compared.returncode, compared.stdout) == (0, "")


def test_stock_tools_catch_an_altered_member_and_a_stranger_key(
    exported: tuple[FieldDevice, Path], tmp_path: Path
) -> None:
    device, bundle = exported
    folder = _step_one(tmp_path / "audit", bundle, device.ws.public_key)
    assert _sh(PYTHON_UNZIP_COMMAND, folder).returncode == 0
    contents = folder / "contents"
    blob = next((contents / "blobs").iterdir())
    data = bytearray(blob.read_bytes())
    data[-1] ^= 1
    blob.write_bytes(bytes(data))
    assert _sh(SUMS_COMMAND, contents).returncode == 0
    checked = _sh(CHECK_SUMS_COMMAND, contents)
    assert checked.returncode != 0
    assert f"blobs/{blob.name}: FAILED" in checked.stdout
    stranger = ed25519.Ed25519PrivateKey.generate().public_key()
    other = _step_one(tmp_path / "other", bundle, sshkeys.public_key_to_openssh(stranger))
    assert _sh(PYTHON_UNZIP_COMMAND, other).returncode == 0
    found = _sh(FIND_PRINCIPALS_COMMAND, other / "contents")
    assert found.returncode != 0
    forced = verify_command(BUNDLE_NAMESPACE).replace(PRINCIPAL_PLACEHOLDER, PRINCIPAL)
    assert _sh(forced, other / "contents").returncode != 0
