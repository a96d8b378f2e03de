"""H8's review of ``fieldapp keys recovery-code --yes-print-code``: the option is a script's
(its stdout captured, the code kept by it). Given on a terminal it used to print the code
there, outside any cleared screen: it stayed in the terminal's scrollback for whoever scrolls
up next. It is refused there, before the passphrase is asked for; nothing is changed."""

from tests.cli.test_keys_recovery_code import CODE

from .conftest import CliWorkspace
from .support import PASSPHRASE, on_a_terminal


def test_printing_the_code_to_a_terminal_is_refused(workspace: CliWorkspace) -> None:
    before = (workspace.root / "keys.json").read_bytes()
    argv = ["--workspace", str(workspace.root), "keys", "recovery-code", "--yes-print-code"]

    status, shown = on_a_terminal(argv, lambda _seen: None, env={"FIELDAPP_PASSPHRASE": PASSPHRASE})

    assert status == 1, shown
    assert CODE.findall(shown) == [], shown
    assert "terminal" in shown
    assert (workspace.root / "keys.json").read_bytes() == before
