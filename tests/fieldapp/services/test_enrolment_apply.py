"""Applying packs on a device: every refusal leaves the device exactly as it was."""

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from crypto import sshkeys
from fieldapp.domain.canonical import canonical_bytes
from fieldapp.errors import (
    AlreadyEnrolledError,
    FieldappError,
    FingerprintMismatchError,
    FingerprintNotConfirmedError,
    PackRejectedError,
)
from fieldapp.services import enrolment, pack_writing, packs, revocation_packs
from fieldapp.sync import MANIFEST_NAME, SIGNATURE_NAME, ManifestKind
from fieldapp.sync.container_writer import ContainerWriter
from fieldapp.sync.manifest import (
    REJECTED_NOT_THE_COORDINATOR,
    Manifest,
    member_entry,
    sign_manifest,
)
from fieldapp.sync.packs import OpenedPack, build_pack, open_pack
from fieldapp.sync.roster import REVOCATION_PAYLOAD_FORMAT, Revocation, RevocationPayload
from fieldapp.workspace import Workspace
from fieldapp.workspace import archive_state as state
from fieldapp.workspace.enrolment_state import NotEnrolledError, read_enrolment
from fieldapp.workspace.workspace import DEVICE_AGE_KEY
from tests.fieldapp.sync.builders import make_key

from .test_enrolment_support import Archive, enrol, issue, make_archive
from .test_enrolment_support import state as db_state


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Archive]:
    made = make_archive(tmp_path / "archive", classic=True)
    yield made
    made.ws.lock()


@pytest.fixture
def rival(tmp_path: Path) -> Iterator[Archive]:
    """A second archive: its packs must never pass for the first one's."""
    made = make_archive(tmp_path / "rival")
    yield made
    made.ws.lock()


def _refused_unchanged(
    ws: Workspace, apply: Callable[[], object], error: type[FieldappError] = PackRejectedError
) -> FieldappError:
    before = db_state(ws)
    with pytest.raises(error) as caught:
        apply()
    assert db_state(ws) == before
    return caught.value


def _revocation_packs(
    coordinator: Archive, target: Workspace, revoked: Workspace, stick: Path, count: int
) -> list[Path]:
    """``count`` revocation packs for ``target`` (numbers 2, 3, …), about ``revoked``: the
    same news each time (``write_revocation_packs`` would write it once), sent as packs are."""
    enrolment.revoke_device(coordinator.ws, revoked.fingerprint)
    payload = canonical_bytes(
        revocation_packs.revocation_payload(coordinator.ws, target.fingerprint)
    )
    paths = []
    for _ in range(count):
        folder = stick / f"batch-{len(paths)}"
        folder.mkdir()
        sent = pack_writing.send_pack(
            coordinator.ws, target.fingerprint, ManifestKind.REVOCATION, payload, folder
        )
        paths.append(sent.path)
    return paths


# --- who signed it ------------------------------------------------------------------------------


def test_a_first_pack_by_another_archive_is_refused_at_the_fingerprint(
    coordinator: Archive, rival: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(rival, device, stick)
    expect = coordinator.fingerprint
    error = _refused_unchanged(
        device,
        lambda: packs.apply_pack(device, sent.path, expect_fingerprint=expect),
        FingerprintMismatchError,
    )
    assert rival.fingerprint in str(error)
    _refused_unchanged(
        device,
        lambda: packs.apply_pack(device, sent.path, confirm=lambda fingerprint: False),
        FingerprintNotConfirmedError,
    )
    _refused_unchanged(
        device, lambda: packs.apply_pack(device, sent.path), FingerprintNotConfirmedError
    )
    assert read_enrolment(device.repository) is None


def test_the_user_is_shown_the_signers_fingerprint(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    sent = issue(coordinator, device, stick)
    shown: list[str] = []
    packs.apply_pack(
        device, sent.path, confirm=lambda fingerprint: shown.append(fingerprint) or True
    )
    assert shown == [coordinator.fingerprint]


def test_after_enrolment_only_the_confirmed_key_is_trusted(
    coordinator: Archive, rival: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    request = enrolment.read_request(_request(device, stick))
    sent = enrolment.issue_enrolment(coordinator.ws, request, stick)
    packs.apply_pack(device, sent.path, expect_fingerprint=coordinator.fingerprint)
    # The rival enrols the device too and sends it a revocation: signed well, by the wrong key.
    enrolment.issue_enrolment(rival.ws, request, stick / "rival-enrolment.fieldpack")
    enrolment.issue_enrolment(rival.ws, enrolment.read_request(_request(other, stick)), stick)
    enrolment.revoke_device(rival.ws, other.fingerprint)
    folder = stick / "rival"
    folder.mkdir()
    [forged] = revocation_packs.write_revocation_packs(rival.ws, folder, to=device.fingerprint)
    error = _refused_unchanged(
        device, lambda: packs.apply_pack(device, forged.path, expect_fingerprint=rival.fingerprint)
    )
    assert isinstance(error, PackRejectedError)
    assert error.reason == REJECTED_NOT_THE_COORDINATOR.format(fingerprint=rival.fingerprint)
    _refused_unchanged(
        device, lambda: packs.apply_pack(device, forged.path, confirm=lambda _: True)
    )


def _request(ws: Workspace, stick: Path) -> Path:
    path = stick / f"request-{ws.workspace_id}.json"
    enrolment.write_request(ws, path)
    return path


def test_a_lifted_payload_under_another_signature_is_refused(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    # The attacker cannot read payload.age, but can put it under a manifest of their own.
    sent = issue(coordinator, device, stick)
    payload_age = zipfile.ZipFile(sent.path).read("payload.age")
    attacker = make_key(77)
    recipient = device.repository.device_key(DEVICE_AGE_KEY)[1]
    out = io.BytesIO()
    build_pack(
        out, ManifestKind.ENROLMENT, b"", attacker, recipient=recipient, sequence=1, previous=None
    )
    forged = _replace_member(out.getvalue(), "payload.age", payload_age, attacker)
    path = stick / "forged.fieldpack"
    path.write_bytes(forged)
    error = _refused_unchanged(
        device,
        lambda: packs.apply_pack(
            device, path, expect_fingerprint=sshkeys.fingerprint(attacker.public_key())
        ),
    )
    assert "another coordinator key" in str(error)


def _replace_member(data: bytes, name: str, content: bytes, key: object) -> bytes:
    """A pack re-signed by ``key`` with one member replaced (its manifest entry updated)."""
    members = {
        m: zipfile.ZipFile(io.BytesIO(data)).read(m)
        for m in zipfile.ZipFile(io.BytesIO(data)).namelist()
    }
    manifest = Manifest.model_validate_json(members[MANIFEST_NAME])
    entries = tuple(
        member_entry(m.name, content if m.name == name else members[m.name])
        for m in manifest.members
    )
    raw, signature = sign_manifest(manifest.model_copy(update={"members": entries}), key)  # type: ignore[arg-type]
    out = io.BytesIO()
    with ContainerWriter(out) as writer:
        writer.add(MANIFEST_NAME, raw)
        writer.add(SIGNATURE_NAME, signature.encode())
        for entry in entries:
            writer.add(entry.name, content if entry.name == name else members[entry.name])
    return out.getvalue()


# --- whom it is for, and where it sits in the chain ----------------------------------------------


def test_a_pack_for_another_device_is_refused(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    theirs = issue(coordinator, other, stick)
    error = _refused_unchanged(
        device,
        lambda: packs.apply_pack(device, theirs.path, expect_fingerprint=coordinator.fingerprint),
    )
    assert "another device" in str(error)
    enrol(coordinator, device, stick)
    packs.apply_pack(other, theirs.path, expect_fingerprint=coordinator.fingerprint)
    [their_revocation] = _revocation_packs(coordinator, other, device, stick, 1)
    _refused_unchanged(device, lambda: packs.apply_pack(device, their_revocation))


def test_packs_apply_in_order_once_each(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    enrol(coordinator, device, stick)
    enrol(coordinator, other, stick)
    second, third = _revocation_packs(coordinator, device, other, stick, 2)
    error = _refused_unchanged(device, lambda: packs.apply_pack(device, third))
    assert "number 2 has not been applied yet" in str(error)
    assert not packs.apply_pack(device, second).already_applied
    before = db_state(device)
    again = packs.apply_pack(device, second)
    assert again.already_applied
    assert db_state(device) == before
    assert packs.apply_pack(device, third).sequence == 3
    assert [n.fingerprint for n in state.revoked_devices(device.repository)] == [other.fingerprint]


def test_a_replayed_or_forked_pack_is_refused(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    enrol(coordinator, device, stick)
    enrol(coordinator, other, stick)
    [second] = _revocation_packs(coordinator, device, other, stick, 1)
    packs.apply_pack(device, second)
    recipient = device.repository.device_key(DEVICE_AGE_KEY)[1]
    last = state.last_applied_pack(device.connection)
    assert last is not None
    for sequence, previous, pack_id, text in [
        # an old number, a new pack
        (2, last.manifest_digest, None, "was already applied"),
        # the next number, the wrong predecessor
        (3, "00" * 32, None, "chain of packs is broken"),
        # the next number, but the id of a pack applied before
        (3, last.manifest_digest, UUID(last.pack_id), "same id was applied before"),
    ]:
        path = stick / f"crafted-{sequence}-{pack_id}.fieldpack"
        with path.open("wb") as handle:
            build_pack(
                handle,
                ManifestKind.REVOCATION,
                b"{}",
                coordinator.ws.signing_key,
                recipient=recipient,
                sequence=sequence,
                previous=previous,
                pack_id=pack_id,
            )
        error = _refused_unchanged(device, lambda p=path: packs.apply_pack(device, p))
        assert text in str(error)


def test_a_second_enrolment_is_refused(
    coordinator: Archive, device: Workspace, stick: Path
) -> None:
    first = enrol(coordinator, device, stick)
    assert packs.apply_pack(device, first.path).already_applied
    recipient = device.repository.device_key(DEVICE_AGE_KEY)[1]
    path = stick / "again.fieldpack"
    with path.open("wb") as handle:
        build_pack(
            handle,
            ManifestKind.ENROLMENT,
            b"{}",
            coordinator.ws.signing_key,
            recipient=recipient,
            sequence=1,
            previous=None,
        )
    _refused_unchanged(device, lambda: packs.apply_pack(device, path), AlreadyEnrolledError)


def test_a_device_not_enrolled_takes_only_an_enrolment_pack(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    enrol(coordinator, other, stick)
    enrolment.issue_enrolment(
        coordinator.ws, enrolment.read_request(_request(device, stick)), stick
    )
    [revocation] = _revocation_packs(coordinator, device, other, stick, 1)
    _refused_unchanged(
        device,
        lambda: packs.apply_pack(device, revocation, expect_fingerprint=coordinator.fingerprint),
        NotEnrolledError,
    )


def _crafted(
    coordinator: Archive, device: Workspace, kind: ManifestKind, payload: bytes, path: Path
) -> Path:
    """A pack the coordinator's key really signed, to ``device``, with this payload."""
    last = state.last_applied_pack(device.connection)
    with path.open("wb") as handle:
        build_pack(
            handle, kind, payload, coordinator.ws.signing_key,
            recipient=device.repository.device_key(DEVICE_AGE_KEY)[1],
            sequence=1 if last is None else last.sequence + 1,
            previous=None if last is None else last.manifest_digest,
        )  # fmt: skip
    return path


def test_a_payload_naming_another_device_is_refused(
    coordinator: Archive, device: Workspace, other: Workspace, stick: Path
) -> None:
    # The coordinator's genuine payload for ``other``, sealed to ``device``: a mix-up at the
    # archive must not enrol a device under another device's name and keys.
    theirs = issue(coordinator, other, stick)
    other_identity = other.repository.device_key(DEVICE_AGE_KEY)[0]
    with theirs.path.open("rb") as handle:
        enrolment_payload = open_pack(handle, None).payload(other_identity)
    path = _crafted(
        coordinator, device, ManifestKind.ENROLMENT, enrolment_payload, stick / "e.fieldpack"
    )
    error = _refused_unchanged(
        device, lambda: packs.apply_pack(device, path, expect_fingerprint=coordinator.fingerprint)
    )
    assert "another device" in str(error)
    enrol(coordinator, device, stick)
    revocation = RevocationPayload(
        format=REVOCATION_PAYLOAD_FORMAT,
        device=other.fingerprint,
        revoked=(
            Revocation(
                fingerprint=other.fingerprint, revoked_at=datetime.now(UTC), last_good_sequence=0
            ),
        ),
    )
    path = _crafted(
        coordinator,
        device,
        ManifestKind.REVOCATION,
        canonical_bytes(revocation),
        stick / "r.fieldpack",
    )
    error = _refused_unchanged(device, lambda: packs.apply_pack(device, path))
    assert "another device" in str(error)


def test_other_kinds_plug_in_through_the_registry(
    coordinator: Archive, device: Workspace, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrol(coordinator, device, stick)
    sent = pack_writing.send_pack(
        coordinator.ws, device.fingerprint, ManifestKind.VOCABULARY, b'{"v":2}', stick
    )
    assert sent.sequence == 2
    # No handler for the kind: refused, and the device can take the same pack later.
    monkeypatch.delitem(packs._HANDLERS, ManifestKind.VOCABULARY, raising=False)
    error = _refused_unchanged(device, lambda: packs.apply_pack(device, sent.path))
    assert "cannot apply vocabulary packs" in str(error)
    seen: list[bytes] = []

    def handler(ws: Workspace, pack: OpenedPack, payload: bytes) -> dict[str, object]:
        seen.append(payload)
        ws.repository.set_meta("vocabulary_version", "2")  # inside the pack's transaction
        return {"version": 2}

    monkeypatch.setitem(packs._HANDLERS, ManifestKind.VOCABULARY, handler)
    applied = packs.apply_pack(device, sent.path)
    assert seen == [b'{"v":2}']
    assert applied.details == {"version": 2}
    assert device.repository.meta("vocabulary_version") == "2"
    # A handler that refuses leaves nothing behind, its own writes included.
    after = pack_writing.send_pack(
        coordinator.ws, device.fingerprint, ManifestKind.VOCABULARY, b"{}", stick
    )

    def refusing(ws: Workspace, pack: OpenedPack, payload: bytes) -> dict[str, object]:
        ws.repository.set_meta("vocabulary_version", "3")
        raise PackRejectedError("its vocabulary is not valid.")

    monkeypatch.setitem(packs._HANDLERS, ManifestKind.VOCABULARY, refusing)
    _refused_unchanged(device, lambda: packs.apply_pack(device, after.path))
    assert device.repository.meta("vocabulary_version") == "2"
