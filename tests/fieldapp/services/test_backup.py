"""Key backups: an armored age passphrase file the stock age CLI opens, and restoring from it."""

import io
import json
import shutil
from pathlib import Path

import pytest

from crypto import age
from fieldapp.domain import AttachmentKind
from fieldapp.errors import (
    FieldappError,
    ValidationFailedError,
    WorkspaceDamagedError,
    WorkspaceExistsError,
    WrongPassphraseError,
)
from fieldapp.services import attachments, backup, records
from fieldapp.workspace import Workspace
from tests.crypto.age.agecli import age_with_passphrase
from tests.fieldapp.workspace.support import (
    PARAMS,
    PASSPHRASE,
    CreatedWorkspace,
    create_workspace,
    file_snapshot,
    new_testimony,
)

BACKUP_PASSPHRASE = "a different, longer backup passphrase"
WORK_FACTOR = 10  # scrypt N = 2^10: fast; the real default is 2^20


@pytest.fixture
def backup_file(created: CreatedWorkspace, tmp_path: Path) -> Path:
    out = tmp_path / "keys-backup.age"
    backup.write_key_backup(created.workspace, out, BACKUP_PASSPHRASE, work_factor=WORK_FACTOR)
    return out


@pytest.fixture
def with_records(created: CreatedWorkspace) -> CreatedWorkspace:
    ws = created.workspace
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    attachments.attach_file(
        ws,
        testimony.id,
        io.BytesIO(b"the audio"),
        kind=AttachmentKind.AUDIO,
        media_type="audio/ogg",
    )
    records.seal_testimony(ws, testimony.id)
    return created


def test_the_backup_is_an_armored_age_file_holding_the_master_key(
    created: CreatedWorkspace, backup_file: Path, tmp_path: Path
) -> None:
    text = backup_file.read_text("ascii")
    assert text.startswith("-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert text.rstrip().endswith("-----END AGE ENCRYPTED FILE-----")
    assert backup_file.stat().st_mode & 0o777 == 0o600
    assert created.workspace.master_key.hex() not in text

    out = tmp_path / "opened-by-age.json"
    status = age_with_passphrase("-d", "-o", out, backup_file, passphrase=BACKUP_PASSPHRASE)
    assert status == 0
    document = json.loads(out.read_bytes())
    assert document == {
        "format": backup.BACKUP_FORMAT,
        "master_key": created.workspace.master_key.hex(),
        "signing_public_key": created.workspace.public_key,
        "workspace_id": created.workspace.workspace_id,
    }


def test_the_age_cli_refuses_a_wrong_passphrase(backup_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "should-not-exist.json"
    status = age_with_passphrase("-d", "-o", out, backup_file, passphrase="not it")
    assert status != 0
    assert not out.exists() or out.read_bytes() == b""


def _copy_without_keys(created: CreatedWorkspace, tmp_path: Path) -> Path:
    created.workspace.lock()
    copy = tmp_path / "restored"
    shutil.copytree(created.root, copy)
    (copy / "keys.json").unlink()
    (copy / "unlock-attempts.json").unlink(missing_ok=True)
    return copy


def test_restore_gives_a_new_passphrase_and_code_that_open_the_same_records(
    with_records: CreatedWorkspace, tmp_path: Path
) -> None:
    ws = with_records.workspace
    out = tmp_path / "keys-backup.age"
    backup.write_key_backup(ws, out, BACKUP_PASSPHRASE, work_factor=WORK_FACTOR)
    [summary] = records.list_testimonies(ws)
    record = records.get_record(ws, summary.id)
    copy = _copy_without_keys(with_records, tmp_path)

    code = backup.restore_keys(out, BACKUP_PASSPHRASE, copy, "the new passphrase", params=PARAMS)

    assert code != with_records.recovery_code
    with pytest.raises(WrongPassphraseError):
        Workspace.unlock(copy, PASSPHRASE)
    for opener in (
        lambda: Workspace.unlock(copy, "the new passphrase"),
        lambda: Workspace.unlock_with_recovery_code(copy, code),
    ):
        with opener() as restored:
            assert restored.workspace_id == ws.workspace_id
            assert restored.public_key == ws.public_key
            assert records.get_record(restored, summary.id) == record
            [attachment] = record.attachments
            data = b"".join(attachments.read_attachment(restored, attachment.id))
            assert data == b"the audio"


def test_restore_with_a_wrong_backup_passphrase_writes_nothing(
    created: CreatedWorkspace, backup_file: Path, tmp_path: Path
) -> None:
    copy = _copy_without_keys(created, tmp_path)
    before = file_snapshot(copy)
    with pytest.raises(WrongPassphraseError):
        backup.restore_keys(backup_file, "not the passphrase", copy, "new", params=PARAMS)
    assert file_snapshot(copy) == before
    assert not (copy / "keys.json").exists()


def test_restore_over_existing_keys_is_refused(
    created: CreatedWorkspace, backup_file: Path
) -> None:
    created.workspace.lock()
    before = file_snapshot(created.root)
    with pytest.raises(WorkspaceExistsError):
        backup.restore_keys(backup_file, BACKUP_PASSPHRASE, created.root, "new", params=PARAMS)
    assert file_snapshot(created.root) == before
    with Workspace.unlock(created.root, PASSPHRASE) as again:
        assert again.workspace_id == created.workspace.workspace_id


@pytest.fixture
def foreign_backup(tmp_path: Path) -> Path:
    """A key backup of another workspace than ``created``."""
    other = create_workspace(tmp_path / "other")
    out = tmp_path / "other-backup.age"
    backup.write_key_backup(other.workspace, out, BACKUP_PASSPHRASE, work_factor=WORK_FACTOR)
    other.workspace.lock()
    return out


def test_a_backup_of_another_workspace_is_refused_and_leaves_no_key_file(
    created: CreatedWorkspace, foreign_backup: Path, tmp_path: Path
) -> None:
    copy = _copy_without_keys(created, tmp_path)
    with pytest.raises(WorkspaceDamagedError):
        backup.restore_keys(foreign_backup, BACKUP_PASSPHRASE, copy, "new", params=PARAMS)
    assert not (copy / "keys.json").exists()


def test_checking_a_backup_opens_the_copy_and_writes_nothing(
    created: CreatedWorkspace, backup_file: Path, tmp_path: Path
) -> None:
    copy = _copy_without_keys(created, tmp_path)
    before = file_snapshot(copy)
    opened = backup.check_key_backup(backup_file, BACKUP_PASSPHRASE, copy)
    assert opened.workspace_id == created.workspace.workspace_id
    assert opened.master_key.hex() not in repr(opened)
    assert file_snapshot(copy) == before
    with pytest.raises(WrongPassphraseError):
        backup.check_key_backup(backup_file, "not the passphrase", copy)
    code = backup.write_restored_keys(
        copy, opened.master_key, opened.workspace_id, "the new passphrase", params=PARAMS
    )
    with Workspace.unlock_with_recovery_code(copy, code) as restored:
        assert restored.public_key == created.workspace.public_key
    with pytest.raises(WorkspaceExistsError):
        backup.check_key_backup(backup_file, BACKUP_PASSPHRASE, copy)


def test_checking_a_backup_of_another_workspace_refuses_it_writing_nothing(
    created: CreatedWorkspace, foreign_backup: Path, tmp_path: Path
) -> None:
    copy = _copy_without_keys(created, tmp_path)
    before = file_snapshot(copy)
    with pytest.raises(WorkspaceDamagedError):
        backup.check_key_backup(foreign_backup, BACKUP_PASSPHRASE, copy)
    assert file_snapshot(copy) == before


def _age_passphrase_file(path: Path, plain: bytes) -> None:
    with path.open("wb") as handle:
        age.encrypt_passphrase(
            io.BytesIO(plain), handle, BACKUP_PASSPHRASE, armor=True, work_factor=WORK_FACTOR
        )


@pytest.mark.parametrize(
    "plain",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"[]", id="a-list"),
        pytest.param(json.dumps({"format": "other/1", "master_key": "00" * 32}).encode(), id="fmt"),
        pytest.param(
            json.dumps({"format": backup.BACKUP_FORMAT, "master_key": "00" * 31}).encode(),
            id="short-key",
        ),
        pytest.param(
            json.dumps({"format": backup.BACKUP_FORMAT, "master_key": 5}).encode(),
            id="number-key",
        ),
    ],
)
def test_a_file_that_is_not_a_key_backup_is_refused(
    created: CreatedWorkspace, tmp_path: Path, plain: bytes
) -> None:
    path = tmp_path / "not-a-backup.age"
    _age_passphrase_file(path, plain)
    copy = _copy_without_keys(created, tmp_path)
    with pytest.raises(ValidationFailedError):
        backup.restore_keys(path, BACKUP_PASSPHRASE, copy, "new", params=PARAMS)
    assert not (copy / "keys.json").exists()


def test_a_file_that_is_not_age_is_refused(created: CreatedWorkspace, tmp_path: Path) -> None:
    path = tmp_path / "garbage.age"
    path.write_bytes(b"this is not an age file")
    copy = _copy_without_keys(created, tmp_path)
    with pytest.raises(WrongPassphraseError):
        backup.restore_keys(path, BACKUP_PASSPHRASE, copy, "new", params=PARAMS)
    assert not (copy / "keys.json").exists()


@pytest.mark.parametrize("workspace_id", [None, 5])
def test_a_backup_without_a_valid_workspace_id_is_refused(
    created: CreatedWorkspace, tmp_path: Path, workspace_id: object
) -> None:
    document: dict[str, object] = {
        "format": backup.BACKUP_FORMAT,
        "master_key": created.workspace.master_key.hex(),
    }
    if workspace_id is not None:
        document["workspace_id"] = workspace_id
    path = tmp_path / "odd-backup.age"
    _age_passphrase_file(path, json.dumps(document).encode())
    copy = _copy_without_keys(created, tmp_path)
    try:
        backup.restore_keys(path, BACKUP_PASSPHRASE, copy, "new", params=PARAMS)
    except FieldappError:
        assert not (copy / "keys.json").exists()
    else:
        with Workspace.unlock(copy, "new") as restored:
            assert restored.workspace_id == created.workspace.workspace_id
