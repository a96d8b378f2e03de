"""A crash during the first set-up (an interviewer's laptop, an archive) and while the demo is
built (session 12, H3-4 to H3-6).

Each test runs the work in a child process that kills itself at a named point
(``crash_support``); the parent looks at what the next run of the program would find. Findings
are strict xfails named ``H3-n``.
"""

from pathlib import Path

import pytest

from fieldapp.errors import OutputExistsError, SetupUnfinishedError
from fieldapp.services import (
    archive,
    demo,
    receipts,
    session,
    setup,
)
from fieldapp.workspace import Workspace
from tests.fieldapp.services.crash_support import (
    NEW_PASSPHRASE,
    killed,
)
from tests.fieldapp.workspace.support import (
    PARAMS,
    file_snapshot,
)

# --- H3-4, H3-5: the first-run set-up cut -------------------------------------------------------

_SETUP_KILLED = r"""
from fieldapp.services import setup

root, role, point = Path(args[0]), args[1], args[2]
custodian = None
if role == "archive":
    custodian = setup.CustodianOptions(Path(args[4]), args[5])
if point == "workspace-made":  # keys.json written; an archive's keys not stored yet
    then_die(setup, "create_or_clean_up")
made = setup.create_workspace(
    root, role, args[3], label="Laptop", custodian=custodian,
    key_params=setup.WorkFactors(argon2=PARAMS, custodian_scrypt=10),
)
# The desktop app now shows the recovery code and asks for it to be read back; the power is
# cut while the interviewer writes it down.
die()
"""

CUSTODIAN_PASSPHRASE = "the custodian's own 보관 passphrase, kept apart"


def test_h3_4_a_set_up_cut_before_the_code_is_confirmed_is_not_kept_as_a_workspace(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o700)
    root = tmp_path / "workspace"
    killed(tmp_path, _SETUP_KILLED, root, "interviewer", "code-shown", NEW_PASSPHRASE)
    # The next start shows the set-up again (nothing was confirmed), not the unlock screen of a
    # workspace that has no recovery code anyone holds.
    assert not session.workspace_exists(root)
    with pytest.raises(SetupUnfinishedError):
        Workspace.unlock(root, NEW_PASSPHRASE)  # nor does any command open it
    # The set-up starts over in the same folder.
    again = setup.create_workspace(
        root, "interviewer", NEW_PASSPHRASE, key_params=setup.WorkFactors(argon2=PARAMS)
    )
    again.workspace.lock()
    setup.confirm_setup(root)
    with Workspace.unlock_with_recovery_code(root, again.recovery_code) as ws:
        assert ws.fingerprint == again.fingerprint


def test_h3_5_an_archive_set_up_cut_before_its_keys_is_none_or_whole(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    root = tmp_path / "archive"
    custodian_file = tmp_path / "custodian.age"
    args = (root, "archive", "workspace-made", NEW_PASSPHRASE, custodian_file, CUSTODIAN_PASSPHRASE)
    killed(tmp_path, _SETUP_KILLED, *args)
    if session.workspace_exists(root):
        with Workspace.unlock(root, NEW_PASSPHRASE) as ws:
            archive.require_archive(ws)  # a whole archive
    else:
        # No archive: the set-up runs again into the same folder, and may choose the same
        # custodian file (the cut one's, made for no archive, is gone).
        again = setup.create_workspace(
            root,
            "archive",
            NEW_PASSPHRASE,
            custodian=setup.CustodianOptions(custodian_file, CUSTODIAN_PASSPHRASE),
            key_params=setup.WorkFactors(argon2=PARAMS, custodian_scrypt=10),
        )
        with again.workspace as ws:
            archive.require_archive(ws)


# --- H3-6: the demo cut while it is built --------------------------------------------------------

_DEMO_KILLED = r"""
from fieldapp.services import demo

if args[1:] == ["before-anything"]:  # the marker written, nothing made yet
    die_first(demo, "_build")
else:  # the archive made, the first device enrolled; nothing synced yet
    then_die(demo, "_enrol")
demo.build_demo(Path(args[0]), count=2, params=PARAMS)
"""


def _synced(made: demo.Demo) -> None:
    with Workspace.unlock(made.interviewers[0], demo.DEMO_PASSPHRASE) as ws:
        assert receipts.archived_testimonies(ws)  # the sync round was done
    assert not (made.archive.parent / demo.DEMO_MARKER).exists()


def test_h3_6_a_demo_cut_midway_is_built_again_by_the_same_command(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    root = tmp_path / "demo"
    killed(tmp_path, _DEMO_KILLED, root)
    assert (root / demo.ARCHIVE_FOLDER).exists()  # half of it is there
    _synced(demo.build_demo(root, count=2, params=PARAMS))


def test_a_demo_cut_before_it_made_anything_is_made_by_the_same_command(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    root = tmp_path / "demo"
    killed(tmp_path, _DEMO_KILLED, root, "before-anything")
    assert sorted(p.name for p in root.iterdir()) == [demo.DEMO_MARKER]
    _synced(demo.build_demo(root, count=2, params=PARAMS))


@pytest.mark.parametrize("stick", ["a folder", "a link"])
def test_a_demo_cut_midway_is_removed_but_not_what_the_stick_held(
    tmp_path: Path, stick: str
) -> None:
    """What the cut demo wrote to a plain USB folder goes; a linked stick is left alone (what
    is new on a real stick may not be the demo's), as a failed demo's cleanup does."""
    tmp_path.chmod(0o700)
    root = tmp_path / "demo"
    usb = root / demo.USB_FOLDER
    if stick == "a folder":
        usb.mkdir(parents=True)
        held = usb
    else:
        held = tmp_path / "stick"
        held.mkdir()
        root.mkdir()
        usb.symlink_to(held)
    (held / "notes.txt").write_text("the coordinator's own")
    killed(tmp_path, _DEMO_KILLED, root)
    cut = {p.name for p in held.iterdir()} - {"notes.txt"}
    assert cut  # the enrolment request and pack of the cut run
    made = demo.build_demo(root, count=2, params=PARAMS)
    _synced(made)
    assert (held / "notes.txt").read_text() == "the coordinator's own"
    now = {p.name for p in held.iterdir()}
    assert (cut <= now) is (stick == "a link")
    assert cut.isdisjoint(now) is (stick == "a folder")
    assert usb.is_symlink() is (stick == "a link")


def test_a_marker_the_demo_did_not_write_removes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    (root / demo.ARCHIVE_FOLDER).mkdir(parents=True)
    (root / demo.ARCHIVE_FOLDER / "keys.json").write_text("someone's")
    (root / demo.DEMO_MARKER).write_text('{"format": "fieldapp-demo-in-progress/1"}')
    before = file_snapshot(root)
    with pytest.raises(OutputExistsError, match="cut while it was built"):
        demo.build_demo(root, count=2, params=PARAMS)
    assert file_snapshot(root) == before
