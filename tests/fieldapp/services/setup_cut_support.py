"""What the set-up cut tests share (services, CLI, window): a set-up killed at each step, and
what the next run of the program must find after each (no tests here).

The steps: before the key file is written (the database, and an archive's keys and custodian
file, are there), after it, after the recovery code was shown but not confirmed, and after the
confirmation. Only the last leaves a workspace.
"""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import fieldapp
from crypto import age
from fieldapp.errors import SetupUnfinishedError
from fieldapp.services import archive, backup, session, setup
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.crash_support import CHILD_TIMEOUT, PRELUDE, opens

PASSPHRASE = "the first 노트북 passphrase of the set-up"
CUSTODIAN_PASSPHRASE = "the custodian's own 보관 passphrase, kept apart"
CUSTODIAN_SCRYPT = 10  # fast scrypt for the custodian file (the real one takes 1 GiB)
#: Where the set-up is cut; only after "confirmed" is there a workspace.
UNFINISHED_STEPS = ("before-keys", "after-keys", "code-shown")
STEPS = (*UNFINISHED_STEPS, "confirmed")
ROLES = (Role.INTERVIEWER.value, Role.ARCHIVE.value)

#: The services the window's wizard calls: create (a worker), then confirm at the read-back.
SERVICES_CUT = r"""
from fieldapp.services import setup
from fieldapp.workspace.keyfile import KeyFile

root, role, point, passphrase = Path(args[0]), args[1], args[2], args[3]
custodian = setup.CustodianOptions(Path(args[4]), args[5]) if role == "archive" else None
if point == "before-keys":
    die_first(KeyFile, "write")
elif point == "after-keys":
    then_die(KeyFile, "write")
made = setup.create_workspace(
    root, role, passphrase, label="Laptop", custodian=custodian,
    key_params=setup.WorkFactors(argon2=PARAMS, custodian_scrypt=int(args[6])),
)
print(made.recovery_code, flush=True)  # on screen
if point == "confirmed":
    setup.confirm_setup(root)  # read back
die()
"""

#: ``fieldapp --json init``: the code printed, then kept.
CLI_CUT = r"""
from fieldapp.cli.main import main
from fieldapp.services import archive, setup
from fieldapp.workspace.keyfile import KeyFile

root, role, point, passphrase = Path(args[0]), args[1], args[2], args[3]
os.environ["FIELDAPP_PASSPHRASE"] = passphrase
# The fast key derivations of the tests.
setup.create_or_clean_up.__defaults__ = ("", PARAMS)
archive.prepare_archive.__kwdefaults__["work_factor"] = int(args[6])
argv = ["--workspace", str(root), "--json", "init", "--role", role]
if role == "archive":
    argv += ["--custodian-out", args[4]]
    os.environ["FIELDAPP_CUSTODIAN_PASSPHRASE"] = args[5]
if point == "before-keys":
    die_first(KeyFile, "write")
elif point == "after-keys":
    then_die(KeyFile, "write")
elif point == "code-shown":
    die_first(setup, "confirm_setup")
else:
    then_die(setup, "confirm_setup")
main(argv)
die()
"""


def cut(tmp_path: Path, body: str, root: Path, role: str, point: str) -> str:
    """Run the set-up ``body`` in a child killed at ``point``; what it printed (the code)."""
    script = tmp_path / f"cut-{len(list(tmp_path.glob('cut-*.py')))}.py"
    script.write_text(PRELUDE + body)
    env = {**os.environ, "PYTHONPATH": str(Path(fieldapp.__file__).resolve().parents[1])}
    arguments = [root, role, point, PASSPHRASE, custodian_path(tmp_path), CUSTODIAN_PASSPHRASE]
    child = subprocess.run(
        [sys.executable, str(script), *map(str, arguments), str(CUSTODIAN_SCRYPT)],
        env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, (child.stdout, child.stderr)
    return child.stdout


def custodian_path(tmp_path: Path) -> Path:
    return tmp_path / "custodian.age"


def assert_unfinished(root: Path, printed_code: str) -> None:
    """What a cut before the confirmation must leave: no workspace to any door."""
    assert not session.workspace_exists(root)  # the window shows the set-up again
    assert setup.setup_unfinished(root)
    with pytest.raises(SetupUnfinishedError):
        Workspace.unlock(root, PASSPHRASE)  # no command opens it: nothing is recorded there
    if printed_code:
        with pytest.raises(SetupUnfinishedError):
            Workspace.unlock_with_recovery_code(root, printed_code)
    with pytest.raises(SetupUnfinishedError, match="not finished"):
        backup.check_restore_folder(root)  # not a copy awaiting its keys


def assert_whole(root: Path, role: str, passphrase: str, code: str, custodian: Path) -> None:
    """A whole workspace: opens with its passphrase and with its code, and an archive has its
    keys, with a custodian file that opens the identities sent to it."""
    assert session.workspace_exists(root)
    assert not setup.setup_unfinished(root)
    assert opens(root, code=code)
    with Workspace.unlock(root, passphrase) as ws:
        assert ws.role.value == role
        if role != Role.ARCHIVE.value:
            assert not custodian.exists()
            return
        keys = archive.require_archive(ws)
    identity = io.BytesIO()
    with custodian.open("rb") as handle:
        age.decrypt(handle, identity, passphrase=CUSTODIAN_PASSPHRASE)
    secret = next(
        line for line in identity.getvalue().decode().splitlines() if line.startswith("AGE-SECRET")
    )
    assert age.recipient_of(secret) in keys.custodian_recipients
