"""`fieldapp init` in a folder whose set-up marker does not belong to the workspace there
(review R1-1): refused with one sentence, nothing removed, the workspace still opens."""

import json
from pathlib import Path

import pytest

from fieldapp.workspace import unconfirmed
from tests.fieldapp.services.crash_support import opens

from .conftest import CliWorkspace, Runner
from .support import PASSPHRASE, assert_refused, snapshot


@pytest.mark.parametrize(
    "marker", [b"", b"{}", json.dumps({unconfirmed.NOTE_WORKSPACE_ID: "another set-up's"}).encode()]
)
def test_init_refuses_to_start_over_under_a_marker_not_its_own(
    tmp_path: Path, cli: Runner, workspace: CliWorkspace, marker: bytes
) -> None:
    (workspace.root / unconfirmed.UNCONFIRMED_MARKER).write_bytes(marker)
    before = snapshot(tmp_path)
    result = cli(
        "--workspace", workspace.root, "init", "--role", "interviewer",
        FIELDAPP_PASSPHRASE="a new passphrase for the 새 workspace here",
    )
    said = assert_refused(result, hint=True)
    assert "marker does not match" in said
    assert snapshot(tmp_path) == before
    assert opens(workspace.root, passphrase=PASSPHRASE)
    assert opens(workspace.root, code=workspace.recovery_code)
