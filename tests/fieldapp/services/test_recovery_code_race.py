"""H8's review: a new recovery code stored (the desktop app) while a passphrase change runs
elsewhere (``fieldapp passwd``, its Argon2id one or two seconds long) must survive it. The
change used to read ``keys.json`` before its Argon2id and write the recovery wrap it read
then: the code just read back from the paper stopped working, and the old one (lost, seen,
photographed) opened the workspace again, with nothing said."""

import threading

import pytest

from fieldapp.errors import WipeInterruptedError
from fieldapp.services import recovery_code
from fieldapp.workspace import Workspace
from fieldapp.workspace import workspace as workspace_module
from fieldapp.workspace.wipe_marker import key_file_id, mark_wipe
from tests.fieldapp.services.crash_support import NEW_PASSPHRASE, opens
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE, CreatedWorkspace

WAIT_SECONDS = 10.0


def _read_back(new: recovery_code.NewRecoveryCode) -> list[str]:
    return [new.groups[index] for index in new.asked]


def test_a_code_stored_during_a_passphrase_change_is_kept(
    created: CreatedWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_argon2, go_on = threading.Event(), threading.Event()
    real_wrap = workspace_module.wrap_passphrase

    def slow_wrap(master: bytes, passphrase: str, params: object) -> bytes:
        """The real Argon2id wrap, then held: the time a real one takes, made certain."""
        wrap = real_wrap(master, passphrase, params)  # type: ignore[arg-type]
        in_argon2.set()
        assert go_on.wait(WAIT_SECONDS)
        return wrap

    monkeypatch.setattr(workspace_module, "wrap_passphrase", slow_wrap)
    other = Workspace.unlock(created.root, PASSPHRASE)
    changing = threading.Thread(
        target=other.change_passphrase, args=(NEW_PASSPHRASE,), kwargs={"params": PARAMS}
    )
    changing.start()
    try:
        assert in_argon2.wait(WAIT_SECONDS)
        new = recovery_code.make_recovery_code()
        assert recovery_code.confirm_read_back(new, _read_back(new))
        recovery_code.store_recovery_code(created.workspace, new)
    finally:
        go_on.set()
        changing.join(WAIT_SECONDS)
        other.lock()

    assert opens(created.root, passphrase=NEW_PASSPHRASE)
    assert opens(created.root, code=new.code)  # the code on the paper
    assert not opens(created.root, code=created.recovery_code)  # the old one, exposed


def test_a_code_is_not_written_once_a_wipe_has_begun(created: CreatedWorkspace) -> None:
    """A new code being stored (the app's worker goes on after a lock) when an emergency wipe
    begins elsewhere: written after the wipe destroyed ``keys.json``, it would put a whole
    wrap of the master key back beside the database. The wipe's marker comes first: seen,
    nothing is written."""
    new = recovery_code.make_recovery_code()
    assert recovery_code.confirm_read_back(new, _read_back(new))
    mark_wipe(created.root, key_file_id(created.root))  # the wipe's first step
    before = (created.root / "keys.json").read_bytes()

    with pytest.raises(WipeInterruptedError):
        recovery_code.store_recovery_code(created.workspace, new)

    assert (created.root / "keys.json").read_bytes() == before
    assert not opens(created.root, code=new.code)
