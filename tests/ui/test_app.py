from pathlib import Path

import pytest

from fieldapp.errors import WrongPassphraseError
from ui import error_log, settings
from ui.app import parse_arguments


def test_the_workspace_argument_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDAPP_WORKSPACE", str(tmp_path / "from-env"))
    args, rest = parse_arguments(["fieldapp-gui", "--workspace", "/x/ws", "-style", "fusion"])
    assert args.workspace == Path("/x/ws")
    assert rest == ["fieldapp-gui", "-style", "fusion"]


def test_the_environment_comes_next(monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDAPP_WORKSPACE", str(tmp_path / "from-env"))
    assert parse_arguments(["fieldapp-gui"])[0].workspace == tmp_path / "from-env"


def test_a_language_for_one_run(tmp_path):
    args, _ = parse_arguments(["fieldapp-gui", "--workspace", str(tmp_path), "--language", "ko"])
    assert args.language == "ko"
    assert parse_arguments(["fieldapp-gui"])[0].language is None
    with pytest.raises(SystemExit):
        parse_arguments(["fieldapp-gui", "--language", "xx"])
    assert set(settings.LANGUAGES) == {"en", "ko"}


def test_the_log_names_the_error_and_where_but_not_its_words(tmp_path):
    log = error_log.start_logging(tmp_path / "logs")
    secret = "Kim Chol-su of Hoeryong"
    try:
        raise ValueError(f"refused {secret}")
    except ValueError as error:
        error_log.log_error(error)
    try:
        raise WrongPassphraseError()
    except WrongPassphraseError as error:
        error_log.log_error(error)
    text = log.read_text()
    assert "builtins.ValueError at test_app.py:" in text
    assert "test_the_log_names_the_error_and_where_but_not_its_words" in text
    assert "fieldapp.errors.WrongPassphraseError" in text
    assert secret not in text
    assert "refused" not in text
