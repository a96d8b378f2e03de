"""Adversarial review of session 10 through the CLI: what reaches a person's screen unlogged,
what a share on stdin can do, and what ``verify`` says of odd files."""

import io
import shutil
import sys
from pathlib import Path

import pytest

from fieldapp.domain import ConfidentialityLevel
from fieldapp.services import access, key_shares
from tests.fieldapp.domain.factories import NARRATIVE_TEXT, make_narrative

from .conftest import CliWorkspace
from .support import echoes_a_share
from .test_access_cli import accesses, new_with_identity


def test_redact_prints_the_witnesss_names_only_once_logged(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    """`testimony redact` prints each mention of the witness found in the narrative: the
    witness's names and places (read from the identity), in the narrative's words. Both are
    shown to a person, so both openings are logged first, as `testimony show --identity`."""
    testimony_id = new_with_identity(
        workspace,
        tmp_path,
        narrative=make_narrative(NARRATIVE_TEXT),
        confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL,
    )
    assert accesses(workspace) == []
    result = workspace("--json", "testimony", "redact", str(testimony_id))
    assert result.code == 0, result.err
    assert any("Kim Chol-su" in item["text"] for item in result.json()["suggestions"])
    logged = accesses(workspace)
    assert (testimony_id, None, access.identity_access_digest(testimony_id)) in logged
    assert any(version == 1 for _, version, _ in logged), "the narrative's words were shown"


# -- key shares on stdin -------------------------------------------------------------------------


def _copy_without_keys(root: Path, folder: Path) -> Path:
    copy = folder / "copy"
    shutil.copytree(root, copy)
    (copy / "keys.json").unlink()
    (copy / "unlock-attempts.json").unlink(missing_ok=True)
    return copy


def test_shares_in_another_encoding_are_refused_in_a_sentence(
    workspace: CliWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a UTF-8 locale Python reads stdin strictly: a share pasted from a file in another
    encoding (a Korean Windows' CP949) was a UnicodeDecodeError traceback, not a sentence."""
    with workspace.open() as ws:
        [first, second] = key_shares.make_key_shares(ws, 2, 2)
    copy = _copy_without_keys(workspace.root, tmp_path)
    typed = f"{first}\n{second} 김\n\n".encode("cp949")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(typed), encoding="utf-8"))
    result = workspace.runner("--workspace", copy, "keys", "restore", "--shares")
    assert result.code == 1
    assert result.err.startswith("fieldapp: error: Share 2 is not a valid share"), result.err
    assert not echoes_a_share(result.err, first, second), result.err
    assert not (copy / "keys.json").exists()


def test_a_line_far_longer_than_a_share_is_refused_by_its_position(
    workspace: CliWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 10 MB line was read in 1 KiB pieces, each taken for a share of its own, and refused as
    "At most 16 shares": it is one line, and one share that is not valid."""
    with workspace.open() as ws:
        [first, _] = key_shares.make_key_shares(ws, 2, 2)
    copy = _copy_without_keys(workspace.root, tmp_path)
    typed = f"{first}\n{'word ' * 2_000_000}\n\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    result = workspace.runner("--workspace", copy, "keys", "restore", "--shares")
    assert result.code == 1
    assert result.err.startswith("fieldapp: error: Share 2 is not a valid share"), result.err
    assert not (copy / "keys.json").exists()
