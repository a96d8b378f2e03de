"""The custody chain: intact after every kind of change, and every kind of tampering named."""

import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto import sshsig
from crypto.sshkeys import public_key_to_openssh
from fieldapp.domain import (
    GENESIS_PREV_HASH,
    AttachmentKind,
    ConsentScope,
    CustodyKind,
    RecordStatus,
    parse_canonical,
)
from fieldapp.domain.custody import CustodyEvent
from fieldapp.errors import ConsentRequiredError
from fieldapp.services import attachments, audit, records
from fieldapp.workspace import Workspace
from fieldapp.workspace.custody import CUSTODY_NAMESPACE, verify_chain
from fieldapp.workspace.database import DatabaseError
from tests.fieldapp.domain.factories import make_withdrawal
from tests.fieldapp.workspace.support import (
    PASSPHRASE,
    CreatedWorkspace,
    new_testimony,
    stored_state,
)

EVENTS = 9


def _rows(ws: Workspace) -> list[tuple[int, bytes, str]]:
    return ws.connection.execute(
        "SELECT seq, body, signature FROM custody_events ORDER BY seq"
    ).fetchall()


def _set(ws: Workspace, seq: int, *, body: bytes | None = None, signature: str | None = None):
    if body is not None:
        ws.connection.execute("UPDATE custody_events SET body = ? WHERE seq = ?", (body, seq))
    if signature is not None:
        ws.connection.execute(
            "UPDATE custody_events SET signature = ? WHERE seq = ?", (signature, seq)
        )


@pytest.fixture
def history(ws: Workspace) -> Workspace:
    """Every kind of change a device makes: create, consent, attach, seal, amend, withdraw."""
    first, consent = new_testimony()
    records.create_testimony(ws, first, [consent])  # 1 create, 2 consent
    attachments.attach_file(  # 3 attach
        ws, first.id, io.BytesIO(b"audio"), kind=AttachmentKind.AUDIO, media_type="audio/ogg"
    )
    records.seal_testimony(ws, first.id)  # 4 seal
    records.amend_testimony(ws, first.id, {"title": "Corrected"})  # 5 amend
    records.seal_testimony(ws, first.id)  # 6 seal of v2
    second, consent = new_testimony()
    records.create_testimony(ws, second, [consent])  # 7 create, 8 consent
    records.withdraw_consent(  # 9 withdraw
        ws,
        make_withdrawal(ConsentScope.RESEARCH, testimony_id=second.id, pseudonym=second.pseudonym),
    )
    return ws


def test_a_new_workspace_has_an_empty_intact_chain(ws: Workspace) -> None:
    report = audit.verify_custody(ws)
    assert report.intact
    assert (report.events, report.head) == (0, GENESIS_PREV_HASH)


def test_the_chain_is_intact_after_every_kind_of_change(history: Workspace) -> None:
    report = audit.verify_custody(history)
    assert report.intact, report.reason
    assert report.events == EVENTS
    rows = _rows(history)
    events = [parse_canonical(CustodyEvent, body) for _, body, _ in rows]
    assert [e.kind for e in events] == [
        CustodyKind.CREATE,
        CustodyKind.CONSENT,
        CustodyKind.ATTACH,
        CustodyKind.SEAL,
        CustodyKind.AMEND,
        CustodyKind.SEAL,
        CustodyKind.CREATE,
        CustodyKind.CONSENT,
        CustodyKind.WITHDRAW,
    ]
    assert [e.seq for e in events] == list(range(1, EVENTS + 1))
    assert history.custody.head() == (EVENTS, report.head)
    # Each event is signed by the workspace's key, as ssh-keygen -Y verify would check it.
    for _, body, signature in rows:
        sshsig.verify(body, signature, CUSTODY_NAMESPACE, [history.public_key])


def test_the_chain_survives_lock_and_unlock(history: Workspace, created: CreatedWorkspace) -> None:
    head = audit.verify_custody(history).head
    history.lock()
    with Workspace.unlock(created.root, PASSPHRASE) as again:
        report = audit.verify_custody(again)
        assert (report.intact, report.events, report.head) == (True, EVENTS, head)


@pytest.mark.parametrize("deleted", range(1, EVENTS))
def test_a_deleted_event_is_found(history: Workspace, deleted: int) -> None:
    history.connection.execute("DELETE FROM custody_events WHERE seq = ?", (deleted,))
    report = audit.verify_custody(history)
    assert not report.intact
    assert report.broken_at == deleted
    assert report.events == deleted - 1


def test_a_deleted_event_renumbered_to_hide_the_gap_is_found(history: Workspace) -> None:
    history.connection.execute("DELETE FROM custody_events WHERE seq = 3")
    history.connection.execute("UPDATE custody_events SET seq = seq - 1 WHERE seq > 3")
    report = audit.verify_custody(history)
    assert report.broken_at == 3


@pytest.mark.parametrize("first", range(1, EVENTS))
def test_a_reordered_pair_is_found(history: Workspace, first: int) -> None:
    rows = {seq: (body, signature) for seq, body, signature in _rows(history)}
    (body_a, sig_a), (body_b, sig_b) = rows[first], rows[first + 1]
    _set(history, first, body=body_b, signature=sig_b)
    _set(history, first + 1, body=body_a, signature=sig_a)
    report = audit.verify_custody(history)
    assert report.broken_at == first
    assert report.events == first - 1


def test_every_edited_byte_of_a_body_is_found(history: Workspace) -> None:
    seq = 4
    _, body, _ = _rows(history)[seq - 1]
    for position in range(len(body)):
        edited = body[:position] + bytes([body[position] ^ 0x01]) + body[position + 1 :]
        _set(history, seq, body=edited)
        report = audit.verify_custody(history)
        assert report.broken_at == seq, position
    _set(history, seq, body=body)
    assert audit.verify_custody(history).intact


def test_a_forged_signature_is_found(history: Workspace) -> None:
    seq = 5
    _, body, signature = _rows(history)[seq - 1]
    event = parse_canonical(CustodyEvent, body)
    forged = event.model_copy(update={"record_version": 1})
    forger = Ed25519PrivateKey.generate()
    cases = [
        (body, sshsig.sign(body, forger, CUSTODY_NAMESPACE)),  # another key
        (body, sshsig.sign(body, forger, "fieldapp-bundle@v1")),
        (
            forged.canonical_bytes(),
            sshsig.sign(forged.canonical_bytes(), forger, CUSTODY_NAMESPACE),
        ),
        (forged.canonical_bytes(), signature),  # the real signature over other bytes
        (body, _rows(history)[seq - 2][2]),  # the previous event's real signature
        (body, ""),
        (body, "-----BEGIN SSH SIGNATURE-----\nnot base64\n-----END SSH SIGNATURE-----\n"),
    ]
    for new_body, new_signature in cases:
        _set(history, seq, body=new_body, signature=new_signature)
        report = audit.verify_custody(history)
        assert report.broken_at == seq
        assert "signed" in (report.reason or "")
    _set(history, seq, body=body, signature=signature)
    assert audit.verify_custody(history).intact


def test_a_signed_event_that_does_not_link_is_found(history: Workspace) -> None:
    """Even with the device key, an event cannot be slipped in without breaking the links."""
    rows = _rows(history)
    _, body, _ = rows[2]
    event = parse_canonical(CustodyEvent, body)
    for change in ({"prev_hash": "ab" * 32}, {"seq": EVENTS + 2}):
        planted = event.model_copy(update=change).canonical_bytes()
        _set(
            history,
            3,
            body=planted,
            signature=sshsig.sign(planted, history.signing_key, CUSTODY_NAMESPACE),
        )
        assert audit.verify_custody(history).broken_at == 3


def test_verify_chain_of_rows_from_elsewhere(history: Workspace) -> None:
    rows = _rows(history)
    assert verify_chain(rows, [history.public_key]).intact
    # The same chain checked against another key: broken at the first event.
    other = Ed25519PrivateKey.generate().public_key()
    report = verify_chain(rows, [public_key_to_openssh(other)])
    assert report.broken_at == 1


# -- one transaction for the change and its event ------------------------------------------
def _refuse_inserts_into(ws: Workspace, table: str, operation: str = "INSERT") -> None:
    ws.connection.execute(
        f"CREATE TEMP TRIGGER refuse_{operation.lower()} BEFORE {operation} ON main.{table} "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    )


def test_a_failing_event_undoes_the_change(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    _refuse_inserts_into(ws, "custody_events")
    before = stored_state(ws.connection)
    with pytest.raises(DatabaseError, match="refused by the test"):
        records.seal_testimony(ws, testimony.id)
    assert stored_state(ws.connection) == before
    assert ws.repository.get_testimony(testimony.id).status is RecordStatus.DRAFT

    other, other_consent = new_testimony()
    with pytest.raises(DatabaseError, match="refused by the test"):
        records.create_testimony(ws, other, [other_consent])
    assert stored_state(ws.connection) == before


def test_a_failing_change_leaves_no_event(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    _refuse_inserts_into(ws, "testimonies", "UPDATE")
    before = stored_state(ws.connection)
    with pytest.raises(DatabaseError, match="refused by the test"):
        records.seal_testimony(ws, testimony.id)
    assert stored_state(ws.connection) == before
    assert audit.verify_custody(ws).events == 2  # the create and the consent, no seal


def test_a_refused_seal_leaves_no_event(ws: Workspace) -> None:
    testimony, _ = new_testimony()
    records.create_testimony(ws, testimony)
    with pytest.raises(ConsentRequiredError):
        records.seal_testimony(ws, testimony.id)
    assert [row[0] for row in _rows(ws)] == [1]


def test_a_failing_attachment_event_removes_the_blob(ws: Workspace) -> None:
    testimony, consent = new_testimony()
    records.create_testimony(ws, testimony, [consent])
    _refuse_inserts_into(ws, "custody_events")
    before = stored_state(ws.connection)
    with pytest.raises(DatabaseError, match="refused by the test"):
        attachments.attach_file(
            ws,
            testimony.id,
            io.BytesIO(b"audio"),
            kind=AttachmentKind.AUDIO,
            media_type="audio/ogg",
        )
    assert stored_state(ws.connection) == before
    assert list(ws.layout.blobs.iterdir()) == []
