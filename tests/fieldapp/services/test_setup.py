"""Set-up of a new workspace for a role, and the session's recovery functions: what is on disk
afterwards, and nothing at all after a refusal or a failure."""

import io
from pathlib import Path

import pytest

from crypto import age, keywrap
from fieldapp.errors import (
    ValidationFailedError,
    WorkspaceExistsError,
    WorkspaceNotFoundError,
    WrongPassphraseError,
    WrongRecoveryCodeError,
    WrongRoleError,
)
from fieldapp.services import archive, enrolment, session, setup
from fieldapp.services.setup import CustodianOptions, WorkFactors
from fieldapp.services.setup_checks import WorkspaceNotWritableError
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace.keyfile import KeyFile

from .test_enrolment_support import WORK_FACTOR

PASSPHRASE = "amber lantern quietly folds 말"
CUSTODIAN_PASSPHRASE = "velvet harbour ninety owls 보관"
NEW_PASSPHRASE = "copper meadow whistles twice"
FAST = WorkFactors(keywrap.TEST_PARAMS, WORK_FACTOR)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path.chmod(0o700)
    return tmp_path


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _custodian(folder: Path, **overrides: object) -> CustodianOptions:
    options: dict[str, object] = {
        "file": folder / "custodian.age",
        "passphrase": CUSTODIAN_PASSPHRASE,
    }
    options.update(overrides)
    return CustodianOptions(**options)  # type: ignore[arg-type]


def test_an_interviewer_workspace_opens_with_its_passphrase_and_code(folder):
    made = setup.create_workspace(
        folder / "ws", Role.INTERVIEWER, PASSPHRASE, label="Laptop 3", key_params=FAST
    )
    made.workspace.lock()
    setup.confirm_setup(folder / "ws")  # the code was read back

    assert (folder / "ws" / "keys.json").exists()
    assert made.custodian_file is None
    with Workspace.unlock(folder / "ws", PASSPHRASE) as ws:
        assert ws.role is Role.INTERVIEWER
        assert ws.repository.meta("label") == "Laptop 3"
        assert ws.fingerprint == made.fingerprint
    with Workspace.unlock_with_recovery_code(folder / "ws", made.recovery_code) as ws:
        assert ws.fingerprint == made.fingerprint


def test_an_archive_gets_its_keys_and_a_custodian_file_only_the_custodian_opens(folder):
    made = setup.create_workspace(
        folder / "archive",
        Role.ARCHIVE,
        PASSPHRASE,
        label="HQ",
        custodian=_custodian(folder),
        key_params=FAST,
    )
    try:
        keys = archive.require_archive(made.workspace)
        assert made.workspace.role is Role.ARCHIVE
        assert made.custodian_file == folder / "custodian.age"
        assert age.parse_recipient(keys.archive_recipients[0]).post_quantum  # by default
    finally:
        made.workspace.lock()

    text = io.BytesIO()
    with (folder / "custodian.age").open("rb") as handle:
        age.decrypt(handle, text, passphrase=CUSTODIAN_PASSPHRASE)
    identities = age.parse_identities_file(text.getvalue().decode("ascii"))
    assert [age.recipient_of(i) for i in identities] == list(keys.custodian_recipients)
    with (folder / "custodian.age").open("rb") as handle, pytest.raises(Exception):  # noqa: B017, PT011
        age.decrypt(handle, io.BytesIO(), passphrase=PASSPHRASE)


def test_a_classic_archive_has_classic_keys(folder):
    made = setup.create_workspace(
        folder / "archive",
        Role.ARCHIVE,
        PASSPHRASE,
        custodian=_custodian(folder, classic=True),
        key_params=FAST,
    )
    with made.workspace as ws:
        keys = archive.require_archive(ws)
    assert not age.parse_recipient(keys.archive_recipients[0]).post_quantum
    assert not age.parse_recipient(keys.custodian_recipients[0]).post_quantum


@pytest.mark.parametrize(
    ("role", "passphrase", "custodian", "sentence"),
    [
        (Role.INTERVIEWER, "password1234", None, "too weak"),
        (Role.INTERVIEWER, "short", None, "too weak"),
        (Role.AUDITOR, PASSPHRASE, None, "field device or an archive"),
        (Role.ARCHIVE, PASSPHRASE, None, "needs a custodian"),
        (Role.ARCHIVE, PASSPHRASE, {"passphrase": PASSPHRASE}, "must differ"),
        (Role.ARCHIVE, PASSPHRASE, {"passphrase": "qwertyuiop12"}, "custodian's passphrase is"),
        (Role.INTERVIEWER, PASSPHRASE, {}, "Only an archive"),
    ],
)
def test_a_refused_set_up_leaves_nothing(folder, role, passphrase, custodian, sentence):
    options = None if custodian is None else _custodian(folder, **custodian)
    with pytest.raises(ValidationFailedError, match=sentence):
        setup.create_workspace(folder / "ws", role, passphrase, custodian=options, key_params=FAST)
    assert _files(folder) == []


def test_a_custodian_file_inside_the_archive_folder_is_refused(folder):
    options = _custodian(folder, file=folder / "archive" / "custodian.age")
    with pytest.raises(ValidationFailedError, match="apart"):
        setup.create_workspace(
            folder / "archive", Role.ARCHIVE, PASSPHRASE, custodian=options, key_params=FAST
        )
    assert _files(folder) == []


def test_an_existing_workspace_is_left_as_it_is_and_no_custodian_file_written(folder):
    first = setup.create_workspace(folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    first.workspace.lock()
    setup.confirm_setup(folder / "ws")
    before = {p: p.read_bytes() for p in (folder / "ws").rglob("*") if p.is_file()}

    with pytest.raises(WorkspaceExistsError):
        setup.create_workspace(
            folder / "ws", Role.ARCHIVE, PASSPHRASE, custodian=_custodian(folder), key_params=FAST
        )
    assert not (folder / "custodian.age").exists()
    assert {p: p.read_bytes() for p in (folder / "ws").rglob("*") if p.is_file()} == before


def test_a_folder_that_cannot_be_made_leaves_nothing_and_removes_the_custodian_file(folder):
    (folder / "a-file").write_bytes(b"not a folder")  # root cannot be made under it (even as root)

    with pytest.raises(WorkspaceNotWritableError):
        setup.create_workspace(
            folder / "a-file" / "archive",
            Role.ARCHIVE,
            PASSPHRASE,
            custodian=_custodian(folder),
            key_params=FAST,
        )
    assert _files(folder) == ["a-file"]


def test_work_factors_are_the_real_ones_unless_given():
    # None: the real costs, looked up when the keys are derived (tests/cli/test_real_key_costs)
    assert setup.work_factors(None) == WorkFactors(None, None)
    assert setup.work_factors(keywrap.TEST_PARAMS).argon2 == keywrap.TEST_PARAMS
    assert setup.work_factors(FAST) is FAST
    with pytest.raises(TypeError):
        setup.work_factors("fast please")


# --- the session's functions for the unlock screen -------------------------------------------


def test_workspace_exists_says_whether_to_show_the_set_up(folder):
    assert not session.workspace_exists(folder / "ws")
    setup.create_workspace(
        folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST
    ).workspace.lock()
    assert not session.workspace_exists(folder / "ws")  # until its code was read back
    setup.confirm_setup(folder / "ws")
    assert session.workspace_exists(folder / "ws")


def test_recovery_replaces_the_passphrase_and_the_code(folder):
    made = setup.create_workspace(folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    made.workspace.lock()
    setup.confirm_setup(folder / "ws")

    with session.unlock_with_recovery_code(folder / "ws", made.recovery_code.lower()) as ws:
        new_code = session.replace_passphrase(ws, NEW_PASSPHRASE, key_params=FAST)

    assert new_code != made.recovery_code
    with pytest.raises(WrongPassphraseError):
        session.unlock(folder / "ws", PASSPHRASE)
    session.unlock(folder / "ws", NEW_PASSPHRASE).lock()
    with pytest.raises(WrongRecoveryCodeError):
        session.unlock_with_recovery_code(folder / "ws", made.recovery_code)
    session.unlock_with_recovery_code(folder / "ws", new_code).lock()


def test_recovery_writes_the_new_passphrase_and_code_in_one_write(folder, monkeypatch):
    """Each state the key file passes through: never the new passphrase beside the used code
    (a failure between two writes would have left it, reported as "nothing was changed")."""
    made = setup.create_workspace(folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    made.workspace.lock()
    setup.confirm_setup(folder / "ws")
    states: list[bytes] = []
    real_replace = KeyFile.replace  # a recovery replaces the key file (``key_replacement``)

    def replace_and_keep(self: KeyFile, path: Path) -> None:
        real_replace(self, path)
        states.append(path.read_bytes())

    monkeypatch.setattr(KeyFile, "replace", replace_and_keep)
    with session.unlock_with_recovery_code(folder / "ws", made.recovery_code) as ws:
        session.replace_passphrase(ws, NEW_PASSPHRASE, key_params=FAST)
    monkeypatch.undo()
    for state in states:
        (folder / "ws" / "keys.json").write_bytes(state)
        with pytest.raises(WrongRecoveryCodeError):
            session.unlock_with_recovery_code(folder / "ws", made.recovery_code)
    assert len(states) == 1


def test_a_weak_new_passphrase_changes_nothing(folder):
    made = setup.create_workspace(folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    before = (folder / "ws" / "keys.json").read_bytes()
    with made.workspace as ws, pytest.raises(ValidationFailedError):
        session.replace_passphrase(ws, "password1234", key_params=FAST)
    assert (folder / "ws" / "keys.json").read_bytes() == before


def test_the_unlock_delay_grows_after_wrong_passphrases(folder):
    setup.create_workspace(
        folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST
    ).workspace.lock()
    setup.confirm_setup(folder / "ws")
    assert session.unlock_delay(folder / "ws") == 0
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            session.unlock(folder / "ws", "not it at all")
    assert 0 < session.unlock_delay(folder / "ws") <= 2


# --- labels, the enrolment request, and undoing a set-up -----------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Laptop\n3",
        " Laptop 3",
        "x" * 201,
        "Laptop\u202e3",  # a bidi override: the request refused these, set-up did not
        "Laptop\u20283",  # a line separator
        "12345 67890 13579 24680",  # digit groups that could pass for a spoken fingerprint
        "Laptop 12345",  # one group of five is one already
        "1234 5678 9012 3456",  # more digits than a number and a date
        "Laptop １２３４５",  # full-width digits count as digits
    ],
)
def test_a_label_the_request_would_refuse_is_refused_first(folder, label):
    with pytest.raises(ValidationFailedError, match="label"):
        setup.create_workspace(
            folder / "ws", Role.INTERVIEWER, PASSPHRASE, label=label, key_params=FAST
        )
    assert _files(folder) == []


def test_a_label_with_a_date_is_still_a_label(folder):
    made = setup.create_workspace(
        folder / "ws", Role.INTERVIEWER, PASSPHRASE, label="Laptop 3, 2026-11-27", key_params=FAST
    )
    with made.workspace as ws:
        assert setup.write_enrolment_request(ws, folder).is_file()


def test_requests_of_two_devices_can_share_a_drive(folder):
    stick = folder / "stick"
    stick.mkdir()
    paths = []
    for name in ("a", "b"):
        made = setup.create_workspace(
            folder / name, Role.INTERVIEWER, PASSPHRASE, label=f"Laptop {name}", key_params=FAST
        )
        with made.workspace as ws:
            paths.append(setup.write_enrolment_request(ws, stick))
        assert enrolment.read_request(paths[-1]).fingerprint == made.fingerprint
    assert paths[0] != paths[1]
    assert all(p.parent == stick and p.name.startswith("enrolment-request-") for p in paths)


def test_a_request_that_cannot_be_written_is_said(folder):
    made = setup.create_workspace(folder / "ws", Role.INTERVIEWER, PASSPHRASE, key_params=FAST)
    (folder / "a-file").write_bytes(b"not a folder")
    with made.workspace as ws, pytest.raises(setup.RequestNotWrittenError):
        setup.write_enrolment_request(ws, folder / "a-file")


def test_an_archive_writes_no_request(folder):
    made = setup.create_workspace(
        folder / "archive", Role.ARCHIVE, PASSPHRASE, custodian=_custodian(folder), key_params=FAST
    )
    with made.workspace as ws, pytest.raises(WrongRoleError):
        setup.write_enrolment_request(ws, folder)


def test_discarding_a_set_up_removes_the_workspace_and_the_custodian_file(folder):
    made = setup.create_workspace(
        folder / "archive", Role.ARCHIVE, PASSPHRASE, custodian=_custodian(folder), key_params=FAST
    )
    setup.discard_workspace(made.workspace, made.custodian_file)

    assert _files(folder) == []
    with pytest.raises(WorkspaceNotFoundError):
        session.unlock(folder / "archive", PASSPHRASE)
