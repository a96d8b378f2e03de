"""`testimony redact`: the witness's names in the narrative are offered, then marked."""

import json

from crypto import keywrap
from fieldapp.cli.main import main
from fieldapp.domain import render_redacted
from fieldapp.services import records
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.domain.factories import (
    NARRATIVE_TEXT,
    make_consent,
    make_identity,
    make_narrative,
    make_testimony,
)


def test_suggestions_are_listed_then_marked(tmp_path, monkeypatch, capsys) -> None:
    root = tmp_path / "ws"
    ws, _ = Workspace.create(root, "pw", Role.INTERVIEWER, params=keywrap.TEST_PARAMS)
    with ws:
        testimony = make_testimony(narrative=make_narrative(NARRATIVE_TEXT))
        records.create_testimony(ws, testimony, [make_consent()], make_identity())
    name = "Kim Chol-su"
    assert name in NARRATIVE_TEXT
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "pw")
    args = ["--workspace", str(root), "--json", "testimony", "redact", str(testimony.id)]
    assert main(args) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any(name in item["text"] for item in listed["suggestions"])
    assert main([*args, "--apply"]) == 0
    capsys.readouterr()
    with Workspace.unlock(root, "pw") as ws:
        narrative = ws.repository.get_testimony(testimony.id).narrative
        assert "Chol-su" not in render_redacted(narrative)
        assert records.redaction_suggestions(ws, testimony.id) == []
