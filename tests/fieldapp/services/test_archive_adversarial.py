"""Adversarial review of the archive's side beyond bundle import: hostile enrolment requests,
revocation and reinstatement, and whether ``audit verify`` notices edits made with the key.

An attacker here holds the archive's database key: they open the SQLCipher database as the
archive does and change rows. The archive's custody log is signed by the coordinator key (which
lives in that same database but signs nothing the attacker can make the log agree with without
breaking the chain), so every fact the archive acts on should match a signed event or a signed
device event. Real workspaces, real bundles and packs; no mocks.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from crypto import age, sshkeys, sshsig
from crypto.age import bech32
from fieldapp.errors import (
    DeviceAlreadyEnrolledError,
    EnrolmentRequestRejectedError,
    FieldappError,
)
from fieldapp.services import audit, enrolment, revocation_packs, standing
from fieldapp.sync.enrolment import ENROL_NAMESPACE, make_request, parse_request
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.packs import pack_file_name
from fieldapp.workspace import Workspace

from .import_support import Site, add_demo, make_device
from .test_enrolment_support import Archive, state

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def _recipient() -> str:
    return age.generate_x25519()[1]


def _request_dict(label: str = "Laptop Z") -> dict[str, object]:
    raw = make_request(ed25519.Ed25519PrivateKey.generate(), _recipient(), label, NOW)
    return json.loads(raw)


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _signed_request(body: dict[str, object], key: ed25519.Ed25519PrivateKey) -> bytes:
    """A request whose proof really is ``key``'s signature over ``body``'s canonical bytes."""
    proof = sshsig.sign(_canonical(body), key, ENROL_NAMESPACE)
    return _canonical({"format": "fieldapp-enrolment-request/1", "proof": proof, "request": body})


# --- 1. hostile enrolment requests ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 8000 + b"]" * 8000,
        b'{"a":' * 2500 + b"1" + b"}" * 2500,
        b'{"format":"fieldapp-enrolment-request/1","request":' + b"[" * 7000 + b"]" * 7000 + b"}",
        b"\xff\xfe" + b"x" * 100,
        b"",
        b"null",
    ],
    ids=["nested-lists", "nested-objects", "nested-in-request", "not-utf8", "empty", "null"],
)
def test_a_malformed_or_deeply_nested_request_is_one_sentence(raw: bytes) -> None:
    assert len(raw) <= 16 * 1024
    with pytest.raises(EnrolmentRequestRejectedError):
        parse_request(raw)


def test_a_non_canonical_copy_of_a_genuine_request_is_refused() -> None:
    genuine = _request_dict()
    spaced = json.dumps(genuine, sort_keys=True, indent=1).encode()
    repeated = _canonical(genuine)[:-1] + b',"format":"fieldapp-enrolment-request/1"}'
    for raw in (spaced, repeated):
        with pytest.raises(EnrolmentRequestRejectedError):
            parse_request(raw)


def test_a_request_naming_an_rsa_key_is_refused_even_with_a_valid_looking_shape() -> None:
    body = _request_dict()["request"]
    assert isinstance(body, dict)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    line = (
        rsa_key.public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        .decode()
    )
    body["signing_key"] = line
    body["fingerprint"] = sshkeys.fingerprint(line)
    raw = _canonical({"format": "fieldapp-enrolment-request/1", "proof": "x", "request": body})
    with pytest.raises(EnrolmentRequestRejectedError):
        parse_request(raw)


@pytest.mark.parametrize(
    "recipient",
    [
        bech32.encode("age1yubikey", bytes(33)),  # a plugin recipient
        bech32.encode("age1tag", bytes(33)),  # a tagged (P-256) recipient
        bech32.encode("age", bytes(31)),  # an X25519 recipient one byte short
    ],
    ids=["plugin", "tag", "short"],
)
def test_an_age_recipient_of_an_unsupported_type_is_refused(recipient: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    line = sshkeys.public_key_to_openssh(key.public_key())
    body = {
        "age_recipient": recipient,
        "created_at": "2026-11-27T03:00:00Z",
        "fingerprint": sshkeys.fingerprint(line),
        "label": "Laptop Z",
        "signing_key": line,
    }
    with pytest.raises(EnrolmentRequestRejectedError):
        parse_request(_signed_request(body, key))


def test_a_low_order_x25519_recipient_is_refused_before_anything_changes(
    coordinator: Archive, stick: Path
) -> None:
    # The all-zero point: age refuses to wrap a file key to it (the shared secret is zero),
    # so an archive that accepts it enrols a device it can never write a pack to.
    key = ed25519.Ed25519PrivateKey.generate()
    line = sshkeys.public_key_to_openssh(key.public_key())
    body = {
        "age_recipient": bech32.encode("age", bytes(32)),
        "created_at": "2026-11-27T03:00:00Z",
        "fingerprint": sshkeys.fingerprint(line),
        "label": "Laptop Z",
        "signing_key": line,
    }
    before = state(coordinator.ws)
    try:
        request = parse_request(_signed_request(body, key))
    except EnrolmentRequestRejectedError:
        return
    try:
        enrolment.issue_enrolment(coordinator.ws, request, stick)
    except FieldappError:
        assert state(coordinator.ws) == before
        assert list(stick.iterdir()) == []
        return
    raise AssertionError("a device whose recipient is a low-order point was enrolled")


@pytest.mark.parametrize("label", ["Laptop \u202eA\u202c", "Lap\u2066top\u2069", "Lap\u200ftop"])
def test_a_label_with_bidi_controls_is_refused(label: str) -> None:
    # The label is shown to the coordinator beside the fingerprint and written as the device's
    # comment in the roster and allowed_signers; U+2028 is refused for that reason, these not.
    raw = make_request(ed25519.Ed25519PrivateKey.generate(), _recipient(), "x", NOW)
    body = json.loads(raw)["request"]
    body["label"] = label
    key = ed25519.Ed25519PrivateKey.generate()
    line = sshkeys.public_key_to_openssh(key.public_key())
    body["signing_key"] = line
    body["fingerprint"] = sshkeys.fingerprint(line)
    try:
        parse_request(_signed_request(body, key))
    except EnrolmentRequestRejectedError:
        return
    raise AssertionError(f"the label {label!r} was accepted")


def test_a_revoked_devices_request_replayed_is_refused_and_changes_nothing(
    site: Site,
) -> None:
    """A revoked key's request (or a fresh one signed by the same key, with the attacker's own
    recipient) does not enrol it a second time: only reinstatement undoes a revocation."""
    ws = site.archive.ws
    enrolment.revoke_device(ws, site.a.fingerprint, reason="lost")
    folder = site.tmp / "replay"
    folder.mkdir()
    raw = make_request(site.a.key, _recipient(), "Laptop A (new)", datetime.now(UTC))
    before = state(ws)
    with pytest.raises(DeviceAlreadyEnrolledError):
        enrolment.issue_enrolment(ws, parse_request(raw), folder)
    assert state(ws) == before
    assert list(folder.iterdir()) == []
    [a] = [d for d in enrolment.list_devices(ws) if d.fingerprint == site.a.fingerprint]
    assert a.revoked


# --- 2 and 3. audit completeness: edits made with the database key -------------------------------


def _imported(site: Site) -> Workspace:
    for device in (site.a, site.b):
        path = device.bundles[0].path
        assert path is not None
        [report] = site.archive.import_(path)
        assert report.outcome == "imported", report.reason
    ws = site.archive.ws
    assert audit.verify_custody(ws).intact
    return ws


def _unrevoke(ws: Workspace, fingerprint: str) -> None:
    ws.connection.execute(
        "UPDATE devices SET revoked_at = NULL, last_good_sequence = NULL WHERE fingerprint = ?",
        (fingerprint,),
    )


def test_a_revocation_undone_by_editing_the_row_is_found_by_audit(site: Site) -> None:
    """The revocation is a signed event (payload: the fact's hash), but audit verify never
    checks the devices table against it: clearing ``revoked_at`` reinstates the device with no
    reinstatement, no pack, no reason, and its bundles made while revoked then import."""
    ws = _imported(site)
    enrolment.revoke_device(ws, site.a.fingerprint, reason="seized at the border")
    add_demo(site.a, 2, seed=71)
    while_revoked = site.a.export()
    [refused] = site.archive.import_(while_revoked)
    assert refused.outcome == "refused"
    _unrevoke(ws, site.a.fingerprint)
    [report] = site.archive.import_(while_revoked)
    # The forged reinstatement works: a bundle made while revoked is now evidence.
    assert report.outcome == "imported", report.reason
    assert not audit.verify_custody(ws).intact, "audit verify passed a forged un-revocation"


def test_a_revocations_last_good_sequence_raised_by_an_edit_is_found_by_audit(
    site: Site,
) -> None:
    ws = _imported(site)
    enrolment.revoke_device(ws, site.a.fingerprint, last_good_sequence=1, reason="lost")
    ws.connection.execute(
        "UPDATE devices SET last_good_sequence = 99 WHERE fingerprint = ?", (site.a.fingerprint,)
    )
    assert not audit.verify_custody(ws).intact


def test_a_forged_enrolment_is_found_by_audit(site: Site) -> None:
    """Every enrolment is a signed ``enrol`` event; a device row no event accounts for (or
    whose key was swapped) makes the attacker's key a trusted bundle signer, for import and for
    the roster auditors get."""
    ws = _imported(site)
    forged = ed25519.Ed25519PrivateKey.generate()
    line = sshkeys.public_key_to_openssh(forged.public_key())
    ws.connection.execute(
        "INSERT INTO devices (fingerprint, public_key, age_recipient, label, enrolled_at)"
        " VALUES (?, ?, ?, 'Laptop A', ?)",
        (sshkeys.fingerprint(line), line, _recipient(), datetime.now(UTC).isoformat()),
    )
    roster = enrolment.build_roster(ws)
    assert line in {d.public_key for d in roster.devices}
    assert not audit.verify_custody(ws).intact


def test_audit_finds_a_reinstatements_resumed_at_edited(site: Site) -> None:
    """``resumed_at`` decides which of the device's bundles stay refused as made while revoked
    (on import, and for auditors through the roster), but is not part of the signed fact: set
    on a reinstatement the device has not acknowledged yet, it lets in a bundle the device
    signed while revoked."""
    ws = _imported(site)
    enrolment.revoke_device(ws, site.a.fingerprint, reason="lost")
    add_demo(site.a, 2, seed=72)
    while_revoked = site.a.export()  # bundle 2, signed while revoked
    folder = site.tmp / "reinstate"
    folder.mkdir()
    standing.reinstate_device(ws, site.a.fingerprint, "found in the safe", folder)
    [refused] = site.archive.import_(while_revoked)
    assert refused.outcome == "refused"
    assert audit.verify_custody(ws).intact
    ws.connection.execute("UPDATE reinstatements SET resumed_at = 2")
    [report] = site.archive.import_(while_revoked)
    assert report.outcome == "imported", report.reason  # made while revoked, now evidence
    assert not audit.verify_custody(ws).intact, "audit verify passed an edited resumed_at"


# --- 2. evidence tables --------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["body", "content_hash"])
def test_an_edited_archived_testimony_is_found_by_audit(site: Site, column: str) -> None:
    """The device's seal event (kept, signed, in device_custody) fixes the content hash; a
    testimony's body altered in the archive, or its hash column, no longer matches it."""
    ws = _imported(site)
    row = ws.connection.execute(
        "SELECT id, version, body, content_hash FROM testimonies"
        " WHERE content_hash IS NOT NULL LIMIT 1"
    ).fetchone()
    assert row is not None
    if column == "body":
        body = json.loads(row[2])
        body["title"] = body["title"] + " (corrected)"
        ws.connection.execute(
            "UPDATE testimonies SET body = ? WHERE id = ? AND version = ?",
            (_canonical(body), row[0], row[1]),
        )
    else:
        ws.connection.execute(
            "UPDATE testimonies SET content_hash = ? WHERE id = ? AND version = ?",
            ("0" * 64, row[0], row[1]),
        )
    assert not audit.verify_custody(ws).intact


def test_a_record_moved_to_another_device_is_found_by_audit(site: Site) -> None:
    ws = _imported(site)
    ws.connection.execute(
        "UPDATE record_sources SET device = ? WHERE device = ?",
        (site.b.fingerprint, site.a.fingerprint),
    )
    assert not audit.verify_custody(ws).intact


@pytest.mark.parametrize("edit", ["delete", "digest"])
def test_an_edited_receipt_of_a_bundle_is_found_by_audit(site: Site, edit: str) -> None:
    """Each import is a signed ``import`` event naming the bundle's manifest digest; the row
    that says the archive holds the bundle should match one."""
    ws = _imported(site)
    if edit == "delete":
        ws.connection.execute(
            "DELETE FROM bundles_received WHERE device = ?", (site.a.fingerprint,)
        )
    else:
        ws.connection.execute(
            "UPDATE bundles_received SET manifest_digest = ? WHERE device = ?",
            ("0" * 64, site.a.fingerprint),
        )
    assert not audit.verify_custody(ws).intact


# --- 4. packs the archive writes -----------------------------------------------------------------


def _pack_rows(ws: Workspace) -> list[tuple[object, ...]]:
    return ws.connection.execute(
        "SELECT fingerprint, packs_sent, last_pack_digest FROM devices ORDER BY fingerprint"
    ).fetchall()


def test_a_revocation_pack_to_a_device_never_enrolled_changes_nothing(site: Site) -> None:
    ws = site.archive.ws
    enrolment.revoke_device(ws, site.a.fingerprint, reason="lost")
    stranger = sshkeys.public_key_to_openssh(ed25519.Ed25519PrivateKey.generate().public_key())
    folder = site.tmp / "out"
    folder.mkdir()
    before = state(ws)
    with pytest.raises(FieldappError):
        revocation_packs.write_revocation_packs(ws, folder, to=sshkeys.fingerprint(stranger))
    assert state(ws) == before
    assert list(folder.iterdir()) == []


def test_a_stale_file_on_the_stick_refuses_the_whole_batch_and_is_left_alone(
    site: Site, tmp_path: Path
) -> None:
    """Revocation packs to every device go in one transaction: a file already on the stick
    under one device's next pack name is never overwritten, the packs written before it are
    removed, and no device's pack chain advances."""
    ws = site.archive.ws
    third = make_device(tmp_path / "c", site.archive, "Laptop C")
    enrolment.revoke_device(ws, site.a.fingerprint, reason="lost")
    folder = site.tmp / "stick-out"
    folder.mkdir()
    devices = [d for d in enrolment.list_devices(ws) if not d.revoked]
    last = devices[-1]
    stale = folder / pack_file_name(ManifestKind.REVOCATION, last.fingerprint, last.packs_sent + 1)
    stale.write_bytes(b"someone else's file")
    rows = _pack_rows(ws)
    before = state(ws)
    with pytest.raises(FieldappError):
        revocation_packs.write_revocation_packs(ws, folder)
    assert state(ws) == before
    assert _pack_rows(ws) == rows
    assert sorted(folder.iterdir()) == [stale]
    assert stale.read_bytes() == b"someone else's file"
    third.ws.lock()


# --- 2. device custody cut from its end ----------------------------------------------------------


@pytest.mark.parametrize("cut", ["last", "all"])
def test_device_custody_cut_from_its_end_is_found_by_audit(site: Site, cut: str) -> None:
    """The archive keeps each bundle's signed custody head (``bundles_received.custody_head``,
    inside the signed manifest), so the events kept for a bundle can be checked to end there;
    the walk only checks that the events present link up."""
    ws = _imported(site)
    if cut == "last":
        ws.connection.execute(
            "DELETE FROM device_custody WHERE device = ? AND seq ="
            " (SELECT max(seq) FROM device_custody WHERE device = ?)",
            (site.a.fingerprint, site.a.fingerprint),
        )
    else:
        ws.connection.execute("DELETE FROM device_custody WHERE device = ?", (site.a.fingerprint,))
    assert not audit.verify_custody(ws).intact


def test_a_device_row_re_keyed_is_one_sentence_at_roster_export(site: Site) -> None:
    """Such a row can only come from an edit; the roster must refuse it in a sentence (and
    write nothing), never show a pydantic traceback."""
    ws = _imported(site)
    line = sshkeys.public_key_to_openssh(ed25519.Ed25519PrivateKey.generate().public_key())
    ws.connection.execute(
        "UPDATE devices SET public_key = ? WHERE fingerprint = ?", (line, site.b.fingerprint)
    )
    out = site.tmp / "roster.json"
    with pytest.raises(FieldappError):
        enrolment.export_roster(ws, out)
    assert not out.exists()
