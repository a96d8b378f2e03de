from pathlib import Path

from ui.app import parse_arguments


def test_the_workspace_argument_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDAPP_WORKSPACE", str(tmp_path / "from-env"))
    root, rest = parse_arguments(["fieldapp-gui", "--workspace", "/x/ws", "-style", "fusion"])
    assert root == Path("/x/ws")
    assert rest == ["fieldapp-gui", "-style", "fusion"]


def test_the_environment_comes_next(monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDAPP_WORKSPACE", str(tmp_path / "from-env"))
    assert parse_arguments(["fieldapp-gui"])[0] == tmp_path / "from-env"
