"""The wipe's marker where the command line shows it (review R1, session 12): one planted beside
an intact workspace refuses nothing; `wipe --yes` still wipes it; and the wipe of an archive
says that its custodian folder was left."""

from fieldapp.cli.commands_workspace import CUSTODIAN_LEFT
from fieldapp.workspace.workspace import CUSTODIAN_FOLDER, WIPE_MARKER
from tests.cli.conftest import CliWorkspace


def test_a_planted_marker_refuses_no_command(workspace: CliWorkspace) -> None:
    (workspace.root / WIPE_MARKER).touch()
    status = workspace("status")
    assert status.code == 0, status
    assert "interrupted" not in status.err
    listed = workspace("testimony", "list")
    assert listed.code == 0, listed
    wiped = workspace("wipe", "--yes")
    assert wiped.code == 0, wiped
    assert sorted(p.name for p in workspace.root.iterdir()) == []
    assert CUSTODIAN_LEFT not in wiped.err


def test_the_wipe_says_the_custodian_folder_was_left(workspace: CliWorkspace) -> None:
    kept = workspace.root / CUSTODIAN_FOLDER / "bundle.age"
    kept.parent.mkdir()
    kept.write_bytes(b"age-encryption.org/v1 (identities for the custodian)")
    wiped = workspace("wipe", "--yes")
    assert wiped.code == 0, wiped
    assert wiped.err_lines == [
        "The workspace's keys were destroyed; its data can no longer be read.",
        CUSTODIAN_LEFT,
    ]
    assert sorted(p.name for p in workspace.root.iterdir()) == [CUSTODIAN_FOLDER]
    assert kept.is_file()
