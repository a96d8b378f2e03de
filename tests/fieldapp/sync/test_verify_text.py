"""VERIFY.txt, followed literally with stock tools on a real container, in a temporary folder."""

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from crypto import allowed_signers
from crypto.allowed_signers import Entry
from fieldapp.sync import (
    BUNDLE_FORMAT,
    BUNDLE_NAMESPACE,
    PACK_FORMAT,
    PACK_NAMESPACE,
    VERIFY_NAME,
    ManifestKind,
    sha256sums_text,
    verify_text,
)
from fieldapp.sync.verify_text import (
    CHECK_SUMS_COMMAND,
    COMPARE_LISTS_COMMAND,
    CREATED_AT_COMMAND,
    FIND_PRINCIPALS_AT_COMMAND,
    FIND_PRINCIPALS_COMMAND,
    LIST_EXPECTED_COMMAND,
    LIST_FOUND_COMMAND,
    MACOS_CHECK_SUMS_COMMAND,
    PRINCIPAL_PLACEHOLDER,
    PYTHON_CREATED_AT_COMMAND,
    PYTHON_SUMS_COMMAND,
    PYTHON_UNZIP_COMMAND,
    SUMS_COMMAND,
    TIME_PLACEHOLDER,
    UNZIP_COMMAND,
    verify_at_command,
    verify_command,
)

from .builders import CREATED_AT, Built, build_container, make_key

PRINCIPAL = "device-07"
COMMAND_INDENT = " " * 7


def _command_lines(text: str) -> list[str]:
    return [
        line[len(COMMAND_INDENT) :] for line in text.splitlines() if line.startswith(COMMAND_INDENT)
    ]


def _sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True)


def _need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")


def _folder(tmp_path: Path, built: Built, signer_seed: int = 1) -> Path:
    """Step 1 of the text: the container and the roster's allowed_signers, side by side."""
    (tmp_path / "container.zip").write_bytes(built.data)
    entry = Entry((PRINCIPAL,), make_key(signer_seed).public_key(), namespaces=(BUNDLE_NAMESPACE,))
    (tmp_path / "allowed_signers").write_text(allowed_signers.format([entry]))
    return tmp_path


# --- the text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [BUNDLE_FORMAT, PACK_FORMAT])
def test_the_text_is_ascii_and_holds_every_command(fmt: str) -> None:
    text = verify_text(fmt)
    assert text.isascii()
    assert "\r" not in text
    assert text.endswith("\n")
    assert text == verify_text(fmt)
    namespace = BUNDLE_NAMESPACE if fmt == BUNDLE_FORMAT else PACK_NAMESPACE
    commands = [
        UNZIP_COMMAND,
        PYTHON_UNZIP_COMMAND,
        "cd contents",
        FIND_PRINCIPALS_COMMAND,
        verify_command(namespace),
        # Step 4b, for a device revoked since: only bundles, as only device keys are revoked.
        *(
            [
                CREATED_AT_COMMAND,
                PYTHON_CREATED_AT_COMMAND,
                FIND_PRINCIPALS_AT_COMMAND,
                verify_at_command(namespace),
            ]
            if fmt == BUNDLE_FORMAT
            else []
        ),
        SUMS_COMMAND,
        PYTHON_SUMS_COMMAND,
        CHECK_SUMS_COMMAND,
        MACOS_CHECK_SUMS_COMMAND,
        LIST_EXPECTED_COMMAND,
        LIST_FOUND_COMMAND,
        COMPARE_LISTS_COMMAND,
    ]
    # Every command line of the text is one the tests below run, in the text's order.
    assert _command_lines(text) == commands
    other = PACK_NAMESPACE if fmt == BUNDLE_FORMAT else BUNDLE_NAMESPACE
    assert other not in text


def test_an_unknown_format_has_no_text() -> None:
    with pytest.raises(ValueError, match="format"):
        verify_text("fieldapp-bundle/2")


def test_sha256sums_text() -> None:
    built = build_container()
    lines = sha256sums_text(built.manifest).splitlines()
    assert lines == [f"{m.sha256}  {m.name}" for m in built.manifest.members]
    assert lines[-1].endswith(f"  {VERIFY_NAME}")


# --- following it --------------------------------------------------------------------------------


@pytest.mark.parametrize("unzip", [UNZIP_COMMAND, PYTHON_UNZIP_COMMAND])
def test_following_the_text_literally_verifies_a_bundle(tmp_path: Path, unzip: str) -> None:
    _need("ssh-keygen", "sha256sum", "python3", "grep", "sed", "cut", "sort", "find", "diff")
    if unzip == UNZIP_COMMAND:
        _need("unzip")
    built = build_container()
    folder = _folder(tmp_path, built)
    # Step 2.
    assert _sh(unzip, folder).returncode == 0
    contents = folder / "contents"
    assert (contents / VERIFY_NAME).read_text() == verify_text(BUNDLE_FORMAT)
    # Step 3.
    found = _sh(FIND_PRINCIPALS_COMMAND, contents)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == PRINCIPAL
    # Step 4, with the printed name in place of the placeholder.
    command = verify_command(BUNDLE_NAMESPACE).replace(PRINCIPAL_PLACEHOLDER, found.stdout.strip())
    verified = _sh(command, contents)
    assert verified.returncode == 0, verified.stderr
    assert f'Good "{BUNDLE_NAMESPACE}" signature for {PRINCIPAL}' in verified.stdout
    # Step 5: both ways of making the list give the list fieldapp makes.
    for sums in (SUMS_COMMAND, PYTHON_SUMS_COMMAND):
        made = _sh(sums, contents)
        assert made.returncode == 0, made.stderr
        assert (folder / "SHA256SUMS").read_text() == sha256sums_text(built.manifest)
    checked = _sh(CHECK_SUMS_COMMAND, contents)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK\n") == len(built.manifest.members)
    # Step 6.
    for step in (LIST_EXPECTED_COMMAND, LIST_FOUND_COMMAND):
        assert _sh(step, contents).returncode == 0
    compared = _sh(COMPARE_LISTS_COMMAND, contents)
    assert compared.returncode == 0
    assert compared.stdout == ""


def test_following_the_text_catches_an_altered_or_added_file(tmp_path: Path) -> None:
    _need("ssh-keygen", "sha256sum", "python3", "grep", "sed", "cut", "sort", "find", "diff")
    built = build_container()
    folder = _folder(tmp_path, built)
    assert _sh(PYTHON_UNZIP_COMMAND, folder).returncode == 0
    contents = folder / "contents"
    assert _sh(SUMS_COMMAND, contents).returncode == 0
    with (contents / "records.age").open("ab") as file:
        file.write(b"!")
    checked = _sh(CHECK_SUMS_COMMAND, contents)
    assert checked.returncode != 0
    assert "records.age: FAILED" in checked.stdout
    (contents / "blobs" / "planted.age").write_bytes(b"unsigned")
    for step in (LIST_EXPECTED_COMMAND, LIST_FOUND_COMMAND):
        assert _sh(step, contents).returncode == 0
    compared = _sh(COMPARE_LISTS_COMMAND, contents)
    assert compared.returncode != 0
    assert "blobs/planted.age" in compared.stdout


def test_following_the_text_catches_a_signer_not_in_the_roster(tmp_path: Path) -> None:
    _need("ssh-keygen", "python3")
    built = build_container(make_key(2))
    folder = _folder(tmp_path, built, signer_seed=1)
    assert _sh(PYTHON_UNZIP_COMMAND, folder).returncode == 0
    contents = folder / "contents"
    found = _sh(FIND_PRINCIPALS_COMMAND, contents)
    assert found.returncode != 0
    assert found.stdout == ""
    forced = _sh(
        verify_command(BUNDLE_NAMESPACE).replace(PRINCIPAL_PLACEHOLDER, PRINCIPAL), contents
    )
    assert forced.returncode != 0


def test_following_the_text_for_a_pack(tmp_path: Path) -> None:
    _need("ssh-keygen", "python3")
    built = build_container(format=PACK_FORMAT, kind=ManifestKind.RECEIPT)
    folder = tmp_path
    (folder / "container.zip").write_bytes(built.data)
    entry = Entry(("coordinator",), make_key().public_key(), namespaces=(PACK_NAMESPACE,))
    (folder / "allowed_signers").write_text(allowed_signers.format([entry]))
    assert _sh(PYTHON_UNZIP_COMMAND, folder).returncode == 0
    contents = folder / "contents"
    command = verify_command(PACK_NAMESPACE).replace(PRINCIPAL_PLACEHOLDER, "coordinator")
    assert _sh(command, contents).returncode == 0
    assert (contents / VERIFY_NAME).read_text() == verify_text(PACK_FORMAT)


# --- a revoked device's bundle (step 4b) ---------------------------------------------------------


def test_following_the_text_for_a_device_revoked_after_the_bundle(tmp_path: Path) -> None:
    """The roster ends a revoked key's line at its revocation (valid-before): step 3 says the key
    has expired, and step 4b, at the bundle's created_at, finds a good signature."""
    _need("ssh-keygen", "python3", "sed")
    built = build_container()
    folder = tmp_path
    (folder / "container.zip").write_bytes(built.data)
    revoked = Entry(
        (PRINCIPAL,),
        make_key().public_key(),
        namespaces=(BUNDLE_NAMESPACE,),
        valid_before=CREATED_AT + timedelta(days=30),
    )
    (folder / "allowed_signers").write_text(allowed_signers.format([revoked]))
    assert _sh(PYTHON_UNZIP_COMMAND, folder).returncode == 0
    contents = folder / "contents"
    found = _sh(FIND_PRINCIPALS_COMMAND, contents)
    assert (found.returncode, found.stdout) != (0, PRINCIPAL + "\n")
    assert "key has expired" in found.stderr, found.stderr
    # manifest.json ends without a newline, and so does sed's line; python3 prints one.
    times = {
        _sh(command, contents).stdout.strip()
        for command in (CREATED_AT_COMMAND, PYTHON_CREATED_AT_COMMAND)
    }
    assert times == {CREATED_AT.strftime("%Y%m%d%H%M%SZ")}
    time = times.pop()
    found = _sh(FIND_PRINCIPALS_AT_COMMAND.replace(TIME_PLACEHOLDER, time), contents)
    assert (found.returncode, found.stdout) == (0, PRINCIPAL + "\n"), found.stderr
    command = verify_at_command(BUNDLE_NAMESPACE).replace(TIME_PLACEHOLDER, time)
    verified = _sh(command.replace(PRINCIPAL_PLACEHOLDER, PRINCIPAL), contents)
    assert verified.returncode == 0, verified.stderr
    assert f'Good "{BUNDLE_NAMESPACE}" signature for {PRINCIPAL}' in verified.stdout


def test_step_4b_still_refuses_a_bundle_made_after_the_revocation(tmp_path: Path) -> None:
    """A bundle whose created_at is after valid-before stays refused at that time too."""
    _need("ssh-keygen", "python3")
    built = build_container()
    (tmp_path / "container.zip").write_bytes(built.data)
    revoked = Entry(
        (PRINCIPAL,),
        make_key().public_key(),
        namespaces=(BUNDLE_NAMESPACE,),
        valid_before=CREATED_AT - timedelta(seconds=1),
    )
    (tmp_path / "allowed_signers").write_text(allowed_signers.format([revoked]))
    assert _sh(PYTHON_UNZIP_COMMAND, tmp_path).returncode == 0
    contents = tmp_path / "contents"
    time = _sh(PYTHON_CREATED_AT_COMMAND, contents).stdout.strip()
    found = _sh(FIND_PRINCIPALS_AT_COMMAND.replace(TIME_PLACEHOLDER, time), contents)
    assert found.returncode != 0
    assert "key has expired" in found.stderr
    command = verify_at_command(BUNDLE_NAMESPACE).replace(TIME_PLACEHOLDER, time)
    assert _sh(command.replace(PRINCIPAL_PLACEHOLDER, PRINCIPAL), contents).returncode != 0
