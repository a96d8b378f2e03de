"""Commands on the workspace: status, audit verify, passphrase change, recover, keys, wipe."""

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from crypto import age, keywrap
from fieldapp.domain import AttachmentKind, RecordStatus
from fieldapp.services import attachments, audit, records
from fieldapp.workspace import Workspace, WorkspaceLayout
from fieldapp.workspace import master_key as keys
from fieldapp.workspace.database import Connection, open_database, transaction
from fieldapp.workspace.keyfile import KeyFile
from tests.fieldapp.domain.factories import make_consent, make_testimony

from .conftest import CliWorkspace, Runner
from .support import PASSPHRASE, WRONG_PASSPHRASE, assert_refused, snapshot

NEW_PASSPHRASE = "a new passphrase, 새 암호"
BACKUP_PASSPHRASE = "backup passphrase kept in the safe"
ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"


def _fill(workspace: CliWorkspace, count: int = 2) -> list[UUID]:
    """``count`` sealed testimonies, each with an attachment: 4 custody events apiece (create,
    consent, attach, seal)."""
    ids = []
    with workspace.open() as ws:
        for _ in range(count):
            testimony = make_testimony(id=uuid4())
            records.create_testimony(ws, testimony, [make_consent(testimony_id=testimony.id)])
            attachments.attach_file(
                ws,
                testimony.id,
                io.BytesIO(b"audio" * 1000),
                kind=AttachmentKind.AUDIO,
                media_type="audio/ogg",
            )
            records.seal_testimony(ws, testimony.id)
            ids.append(testimony.id)
    return ids


# -- status ---------------------------------------------------------------------------------------


def test_status_json(workspace: CliWorkspace) -> None:
    _fill(workspace)
    result = workspace("--json", "status")
    assert result.code == 0, result.err
    status = result.json()
    assert set(status) == {
        "workspace",
        "role",
        "label",
        "fingerprint",
        "public_key",
        "testimonies",
        "custody_events",
        "unlock_delay_seconds",
    }
    assert status["workspace"] == str(workspace.root)
    assert status["role"] == "interviewer"
    assert status["fingerprint"] == workspace.fingerprint
    assert status["public_key"].startswith("ssh-ed25519 ")
    assert (status["testimonies"], status["custody_events"]) == (2, 8)
    assert status["unlock_delay_seconds"] == 0
    plain = workspace("status").out
    assert f"fingerprint: {workspace.fingerprint}" in plain


def test_json_may_follow_the_command_and_gui_takes_a_language(
    workspace: CliWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace("status", "--json").json() == workspace("--json", "status").json()
    # What `gui` hands the desktop app (started by its own tests): the workspace and language.
    import ui.app

    started: list[list[str]] = []
    monkeypatch.setattr(ui.app, "main", lambda argv: started.append(list(argv)) or 0)
    assert workspace("gui", "--language", "ko").code == 0
    assert started == [["fieldapp-gui", "--workspace", str(workspace.root), "--language", "ko"]]


def test_status_shows_the_unlock_delay_after_wrong_passphrases(workspace: CliWorkspace) -> None:
    for _ in range(3):
        assert_refused(workspace("status", FIELDAPP_PASSPHRASE=WRONG_PASSPHRASE))
    # The third failure starts the delay: the next try is refused without trying.
    message = assert_refused(workspace("status"))
    assert "wait" in message


# -- audit verify ---------------------------------------------------------------------------------


def test_audit_verify_of_an_intact_chain(workspace: CliWorkspace) -> None:
    _fill(workspace)
    result = workspace("audit", "verify")
    assert result.code == 0, result.err
    assert result.out.startswith("custody chain intact: 8 events, head ")
    report = workspace("--json", "audit", "verify").json()
    assert (report["intact"], report["events"], report["broken_at"]) == (True, 8, None)


def _tamper_connection(root: Path) -> Connection:
    """The database opened as an attacker with the keys would: by the derived raw key."""
    master = keywrap.unwrap_with_passphrase(
        KeyFile.read(root / "keys.json").passphrase_wrap, PASSPHRASE
    )
    return open_database(WorkspaceLayout(root).database, keys.database_key(master))


def _edit_body(db: Connection) -> None:
    (body,) = db.execute("SELECT body FROM custody_events WHERE seq = 2").fetchone()
    edited = bytes(body).replace(b'"consent"', b'"access"')
    assert edited != bytes(body)
    db.execute("UPDATE custody_events SET body = ? WHERE seq = 2", (edited,))


def _delete(db: Connection) -> None:
    db.execute("DELETE FROM custody_events WHERE seq = 2")


def _swap(db: Connection) -> None:
    db.execute("UPDATE custody_events SET seq = -1 WHERE seq = 2")
    db.execute("UPDATE custody_events SET seq = 2 WHERE seq = 3")
    db.execute("UPDATE custody_events SET seq = 3 WHERE seq = -1")


def _resign_elsewhere(db: Connection) -> None:
    (signature,) = db.execute("SELECT signature FROM custody_events WHERE seq = 3").fetchone()
    db.execute("UPDATE custody_events SET signature = ? WHERE seq = 2", (signature,))


TAMPERING: dict[str, Callable[[Connection], None]] = {
    "edited": _edit_body,
    "deleted": _delete,
    "reordered": _swap,
    "signature of another event": _resign_elsewhere,
}


@pytest.mark.parametrize("tampering", TAMPERING)
def test_audit_verify_names_the_broken_event(tampering: str, workspace: CliWorkspace) -> None:
    _fill(workspace)
    db = _tamper_connection(workspace.root)
    try:
        with transaction(db):
            TAMPERING[tampering](db)
    finally:
        db.close()
    result = workspace("audit", "verify")
    message = assert_refused(result)
    assert message.startswith("The custody chain is broken at event 2: ")
    assert "intact" not in result.out
    report = workspace("--json", "audit", "verify").json()
    assert (report["intact"], report["broken_at"]) == (False, 2)


# -- passphrase change and recovery ---------------------------------------------------------------


def test_passphrase_change(workspace: CliWorkspace) -> None:
    result = workspace("passphrase", "change", FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert result.code == 0, result.err
    assert "changed" in result.err
    assert "passphrase is wrong" in assert_refused(workspace("status"))
    assert workspace("status", FIELDAPP_PASSPHRASE=NEW_PASSPHRASE).code == 0
    # The recovery code still opens it: only the passphrase wrap was replaced.
    wrap = KeyFile.read(workspace.root / "keys.json").recovery_wrap
    assert keywrap.unwrap_with_recovery_code(wrap, workspace.recovery_code)


def test_passphrase_change_needs_the_current_passphrase(workspace: CliWorkspace) -> None:
    before = snapshot(workspace.root)
    result = workspace(
        "passphrase",
        "change",
        FIELDAPP_PASSPHRASE=WRONG_PASSPHRASE,
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert_refused(result, hint=True)
    after = snapshot(workspace.root)
    after.pop("unlock-attempts.json")  # the failed attempt is counted; nothing else changes
    assert after == before


def test_recover_sets_a_new_passphrase_and_replaces_the_code(workspace: CliWorkspace) -> None:
    _fill(workspace, 1)
    result = workspace(
        "--json",
        "recover",
        FIELDAPP_PASSPHRASE="",
        FIELDAPP_RECOVERY_CODE=workspace.recovery_code,
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert result.code == 0, result.err
    printed = result.json()
    assert printed["passphrase"] == "changed"
    new_code = printed["recovery_code"]
    assert new_code != workspace.recovery_code

    old = workspace(
        "recover",
        FIELDAPP_RECOVERY_CODE=workspace.recovery_code,
        FIELDAPP_NEW_PASSPHRASE="an attacker's choice",
    )
    assert "recovery code is wrong" in assert_refused(old)
    assert_refused(workspace("status"))  # the old passphrase is gone too
    status = workspace("--json", "status", FIELDAPP_PASSPHRASE=NEW_PASSPHRASE)
    assert status.json()["testimonies"] == 1
    wrap = KeyFile.read(workspace.root / "keys.json").recovery_wrap
    assert keywrap.unwrap_with_recovery_code(wrap, new_code)


def test_recover_prints_the_new_code_with_the_warning(workspace: CliWorkspace) -> None:
    result = workspace(
        "recover",
        FIELDAPP_RECOVERY_CODE=workspace.recovery_code,
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert result.code == 0, result.err
    (line,) = [x for x in result.out.splitlines() if x.startswith("recovery code: ")]
    assert line.removeprefix("recovery code: ") != workspace.recovery_code
    assert "Write this recovery code on paper" in result.err


def test_a_mistyped_recovery_code_is_refused(workspace: CliWorkspace) -> None:
    code = workspace.recovery_code
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    result = workspace(
        "recover", FIELDAPP_RECOVERY_CODE=typo, FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert_refused(result)
    assert workspace("status").code == 0


# -- keys backup and restore ----------------------------------------------------------------------


@pytest.mark.slow
def test_keys_backup_and_restore(workspace: CliWorkspace, tmp_path: Path, cli: Runner) -> None:
    (testimony_id,) = _fill(workspace, 1)
    backup = tmp_path / "keys-backup.age"
    result = workspace(
        "keys", "backup", "--out", backup, FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE
    )
    assert result.code == 0, result.err
    text = backup.read_text(encoding="ascii")
    assert text.startswith(ARMOR_BEGIN + "\n")
    assert text.rstrip("\n").endswith("-----END AGE ENCRYPTED FILE-----")
    assert backup.stat().st_mode & 0o077 == 0  # it holds the master key
    # Restoring onto the workspace that has its keys is refused before anything is read.
    refused = workspace(
        "keys",
        "restore",
        backup,
        FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE,
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert "already" in assert_refused(refused, hint=True)

    # A copy of the database and blobs, without keys.json, opens again under a new passphrase.
    copy = tmp_path / "copy"
    copy.mkdir(mode=0o700)
    shutil.copy2(workspace.root / "fieldapp.db", copy / "fieldapp.db")
    shutil.copytree(workspace.root / "blobs", copy / "blobs")
    restored = cli(
        "--workspace",
        copy,
        "--json",
        "keys",
        "restore",
        backup,
        FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE,
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert restored.code == 0, restored.err
    printed = restored.json()
    assert set(printed) == {"workspace", "recovery_code"}
    assert printed["workspace"] == str(copy)
    status = cli("--workspace", copy, "--json", "status", FIELDAPP_PASSPHRASE=NEW_PASSPHRASE)
    assert status.code == 0, status.err
    assert status.json()["fingerprint"] == workspace.fingerprint
    assert status.json()["testimonies"] == 1
    # The new recovery code opens it too, and the records, attachments and chain are whole.
    with Workspace.unlock_with_recovery_code(copy, printed["recovery_code"]) as ws:
        record = records.get_record(ws, testimony_id)
        assert record.testimony.status is RecordStatus.SEALED
        (attachment,) = record.attachments
        assert b"".join(attachments.read_attachment(ws, attachment.id)) == b"audio" * 1000
        assert audit.verify_custody(ws).intact


def test_keys_restore_with_the_wrong_backup_passphrase(tmp_path: Path, cli: Runner) -> None:
    # A backup made quickly (a low scrypt work factor) is enough to test the refusal.
    backup = tmp_path / "keys-backup.age"
    with backup.open("wb") as handle:
        age.encrypt_passphrase(
            io.BytesIO(b"{}"), handle, BACKUP_PASSPHRASE, armor=True, work_factor=10
        )
    copy = WorkspaceLayout(tmp_path / "copy")  # a copy awaiting its keys: its database only
    copy.root.mkdir()
    copy.database.write_bytes(b"an encrypted database")
    result = cli(
        "--workspace",
        copy.root,
        "keys",
        "restore",
        backup,
        FIELDAPP_BACKUP_PASSPHRASE="not it",
        FIELDAPP_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert "passphrase is wrong" in assert_refused(result)
    assert [path.name for path in copy.root.iterdir()] == [copy.database.name]


# -- wipe -----------------------------------------------------------------------------------------


def test_wipe_needs_yes_then_destroys_the_keys_and_the_data(workspace: CliWorkspace) -> None:
    _fill(workspace)
    before = snapshot(workspace.root)
    refused = workspace("wipe")
    assert_refused(refused, hint=True)
    assert "--yes" in refused.err_lines[1]
    assert snapshot(workspace.root) == before

    result = workspace("wipe", "--yes", FIELDAPP_PASSPHRASE="")
    assert result.code == 0, result.err
    assert "destroyed" in result.err
    layout = WorkspaceLayout(workspace.root)
    assert not layout.key_file.exists()
    assert not any(p.exists() for p in layout.database_companions())
    assert not layout.blobs.exists()
    message = assert_refused(workspace("status"), hint=True)
    assert message.startswith("No workspace")


def test_wipe_of_a_folder_without_a_workspace_is_refused(tmp_path: Path, cli: Runner) -> None:
    result = cli("--workspace", tmp_path / "mistyped", "wipe", "--yes")
    assert "No workspace" in assert_refused(result)
