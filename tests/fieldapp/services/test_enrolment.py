"""Archive set-up and enrolment through the services: real workspaces, real keys, real files."""

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto import age
from fieldapp.errors import (
    DeviceAlreadyEnrolledError,
    EnrolmentRequestRejectedError,
    OutputExistsError,
    ValidationFailedError,
    WrongRoleError,
)
from fieldapp.services import archive, enrolment
from fieldapp.sync.packs import PAYLOAD_NAME
from fieldapp.workspace import Role, Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.enrolment_state import read_enrolment
from fieldapp.workspace.workspace import DEVICE_AGE_KEY
from tests.crypto.age.agecli import age as age_cli
from tests.crypto.age.agecli import age_with_passphrase
from tests.fieldapp.workspace.support import PARAMS, PASSPHRASE

from .test_enrolment_support import WORK_FACTOR, Archive, enrol, issue, make_archive, make_device
from .test_enrolment_support import state as db_state

CUSTODIAN_PASSPHRASE = "the custodian's own passphrase"


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Workspace]:
    ws = make_device(tmp_path / "device", "Laptop 7")
    yield ws
    ws.lock()


# --- archive set-up ------------------------------------------------------------------------------


@pytest.mark.parametrize("classic", [False, True], ids=["hybrid", "classic"])
def test_an_archive_keeps_its_identities_inside_and_names_its_recipients(
    tmp_path: Path, classic: bool
) -> None:
    made = make_archive(tmp_path / "a", classic=classic)
    with made.ws as ws:
        identities = state.archive_identities(ws.connection)
        assert len(identities) == 1
        prefix = "AGE-SECRET-KEY-1" if classic else "AGE-SECRET-KEY-PQ-1"
        assert identities[0].startswith(prefix)
        assert state.archive_recipients(ws.repository) == (age.recipient_of(identities[0]),)
        custodian = state.custodian_recipients(ws.repository)
        assert custodian == (age.recipient_of(made.custodian_identity),)
        assert archive.require_archive(ws).archive_id == ws.workspace_id


def test_a_custodian_file_opens_with_the_age_cli(
    tmp_path: Path,
) -> None:
    custodian_file = tmp_path / "custodian.age"
    plan = archive.prepare_archive(
        classic=True,
        custodian_out=custodian_file,
        custodian_passphrase=CUSTODIAN_PASSPHRASE,
        work_factor=WORK_FACTOR,
    )
    assert custodian_file.read_text().startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    # Something encrypted to the custodian, as a bundle's identities.age is...
    identities = tmp_path / "identities.age"
    with identities.open("wb") as handle:
        age.encrypt(io.BytesIO(b"names of witnesses"), handle, plan.custodian_recipients)
    # ...opens with the stock age CLI, given the custodian file still encrypted.
    opened = tmp_path / "identities.txt"
    code = age_with_passphrase(
        "-d", "-i", custodian_file, "-o", opened, identities, passphrase=CUSTODIAN_PASSPHRASE
    )
    assert code == 0
    assert opened.read_bytes() == b"names of witnesses"


def test_the_custodian_identity_is_not_stored_in_the_archive(tmp_path: Path) -> None:
    custodian_file = tmp_path / "custodian.age"
    plan = archive.prepare_archive(
        custodian_out=custodian_file,
        custodian_passphrase=CUSTODIAN_PASSPHRASE,
        work_factor=WORK_FACTOR,
    )
    plain = io.BytesIO()
    with custodian_file.open("rb") as handle:
        age.decrypt(handle, plain, passphrase=CUSTODIAN_PASSPHRASE)
    identity = age.parse_identities_file(plain.getvalue().decode())[0]
    assert age.recipient_of(identity) == plan.custodian_recipients[0]
    ws, _ = Workspace.create(tmp_path / "a", PASSPHRASE, Role.ARCHIVE, params=PARAMS)
    with ws:
        archive.set_up_archive(ws, plan)
        everything = repr(db_state(ws))
        assert plan.custodian_recipients[0] in everything
        assert plan.archive_identity in everything
        assert str(identity) not in everything
        with pytest.raises(WrongRoleError):  # set up once: the keys are left as they are
            archive.set_up_archive(ws, plan)


@pytest.mark.parametrize(
    ("classic", "recipient_kind"),
    [(False, "classic"), (True, "hybrid")],
)
def test_custodian_recipients_of_the_other_kind_are_refused(
    classic: bool, recipient_kind: str
) -> None:
    _, recipient = age.generate_x25519() if recipient_kind == "classic" else age.generate_hybrid()
    with pytest.raises(ValidationFailedError, match="custodian recipients must be"):
        archive.prepare_archive(classic=classic, custodian_recipients=[recipient])


@pytest.mark.parametrize(
    "recipients",
    [[], ["not-a-recipient"], [age.generate_hybrid()[1]] * 2],
    ids=["none", "bad", "twice"],
)
def test_bad_custodian_options_are_refused(recipients: list[str]) -> None:
    with pytest.raises(ValidationFailedError):
        archive.prepare_archive(custodian_recipients=recipients)


def test_an_existing_custodian_file_is_never_overwritten(tmp_path: Path) -> None:
    existing = tmp_path / "custodian.age"
    existing.write_text("keep me")
    with pytest.raises(OutputExistsError):
        archive.prepare_archive(custodian_out=existing, custodian_passphrase="x")
    assert existing.read_text() == "keep me"


def test_a_device_has_no_archive_keys(device: Workspace) -> None:
    plan = archive.prepare_archive(custodian_recipients=[age.generate_hybrid()[1]])
    with pytest.raises(WrongRoleError):
        archive.set_up_archive(device, plan)
    with pytest.raises(WrongRoleError):
        archive.require_archive(device)


# --- enrolment -----------------------------------------------------------------------------------


def test_enrolment_gives_the_device_the_archives_recipients(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = enrol(coordinator, device, stick)
    enrolled = read_enrolment(device.repository)
    assert enrolled is not None
    assert enrolled.coordinator_key == coordinator.ws.public_key
    assert enrolled.archive_id == coordinator.ws.workspace_id
    assert enrolled.archive_recipients == state.archive_recipients(coordinator.ws.repository)
    assert enrolled.custodian_recipients == state.custodian_recipients(coordinator.ws.repository)
    applied = state.last_applied_pack(device.connection)
    assert applied is not None
    assert (applied.kind, applied.sequence, applied.pack_id) == ("enrolment", 1, sent.pack_id)
    record = state.find_device(coordinator.ws.connection, device.fingerprint)
    assert record is not None
    assert (record.label, record.packs_sent, record.revoked) == ("Laptop 7", 1, False)
    assert record.last_pack_digest == applied.manifest_digest
    assert record.age_recipient == device.repository.device_key(DEVICE_AGE_KEY)[1]


def test_the_payload_opens_with_the_age_cli_and_the_device_key(
    coordinator: Archive, device: Workspace, stick: Path, tmp_path: Path
) -> None:
    sent = issue(coordinator, device, stick)
    payload = tmp_path / "payload.age"
    payload.write_bytes(zipfile.ZipFile(sent.path).read(PAYLOAD_NAME))
    identity_file = tmp_path / "device-identity.txt"
    identity_file.write_text(device.repository.device_key(DEVICE_AGE_KEY)[0] + "\n")
    identity_file.chmod(0o600)
    done = age_cli("-d", "-i", identity_file, payload)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["format"] == "fieldapp-enrolment/1"
    assert document["device"]["fingerprint"] == device.fingerprint
    assert document["coordinator"]["public_key"] == coordinator.ws.public_key
    assert document["archive_recipients"] == list(
        state.archive_recipients(coordinator.ws.repository)
    )


def test_re_enrolling_a_known_device_is_refused(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    issue(coordinator, device, stick)
    before = db_state(coordinator.ws)
    files = sorted(stick.iterdir())
    request = enrolment.read_request(next(p for p in files if p.name.startswith("request")))
    with pytest.raises(DeviceAlreadyEnrolledError):
        enrolment.issue_enrolment(coordinator.ws, request, stick)
    assert db_state(coordinator.ws) == before
    assert sorted(stick.iterdir()) == files


def test_an_enrolment_pack_never_replaces_a_file_and_leaves_no_device(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    enrolment.write_request(device, stick / "request.json")
    target = stick / "taken.fieldpack"
    target.write_text("someone else's")
    before = db_state(coordinator.ws)
    with pytest.raises(OutputExistsError):
        enrolment.issue_enrolment(
            coordinator.ws, enrolment.read_request(stick / "request.json"), target
        )
    assert db_state(coordinator.ws) == before
    assert target.read_text() == "someone else's"


def test_requests_with_a_bad_proof_are_refused(device: Workspace, stick: Path) -> None:
    path = stick / "request.json"
    enrolment.write_request(device, path)
    document = json.loads(path.read_bytes())
    document["request"]["label"] = "Someone else"
    path.write_bytes(json.dumps(document, sort_keys=True, separators=(",", ":")).encode())
    with pytest.raises(EnrolmentRequestRejectedError, match="proof"):
        enrolment.read_request(path)


def test_only_a_device_writes_requests(coordinator: Archive, stick: Path) -> None:
    with pytest.raises(WrongRoleError):
        enrolment.write_request(coordinator.ws, stick / "request.json")
    assert not (stick / "request.json").exists()
