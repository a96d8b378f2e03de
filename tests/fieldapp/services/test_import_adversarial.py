"""An adversarial review of archive import: bundles no genuine device writes, signed correctly.

The attacker here is a malicious enrolled device: it holds its own signing key (taken from its
workspace), decrypts and rewrites its bundle's records, re-signs its custody events and the
manifest, and so gets past every check of the signature and the chain. What stands between it
and the archive are the checks of the records themselves. Each test states the rule the archive
must keep (DESIGN.md §4, §5; the domain's rules on versions, consent and custody) and checks
that rule on what the archive holds after the attempt: a fix may refuse the bundle or take it
in some other safe way, as long as the archive ends in a state the design allows, no traceback
escapes, and a refusal leaves every row and file as it was.

A test marked ``xfail(strict=True)`` shows a bug found by this review: it fails today because
of it and passes once it is fixed.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from uuid import UUID, uuid4

import pytest

from crypto import sshsig
from fieldapp.domain import (
    Attachment,
    ConsentRecord,
    ConsentWithdrawal,
    CustodyEvent,
    RecordRef,
    RecordStatus,
    Testimony,
    canonical_bytes,
    content_hash,
    effective_consent,
    new_pseudonym,
    parse_canonical,
    validate_model,
)
from fieldapp.domain.base import DomainModel
from fieldapp.errors import FieldappError
from fieldapp.services import audit, custody_view, importing, standing
from fieldapp.services.import_blobs import REJECTED_ATTACHMENT_CONFLICT
from fieldapp.services.import_waiting import REJECTED_OTHER_DEVICE
from fieldapp.services.importing import ImportReport
from fieldapp.workspace import Workspace, import_state
from fieldapp.workspace.custody import CUSTODY_NAMESPACE
from tests.fieldapp.services.import_support import (
    Device,
    Site,
    add_demo,
    add_with_files,
    make_site,
    read_members,
    record_line,
    resign,
    rewrite_records,
    sent_by,
    snapshot,
    withdraw_some,
)
from tests.fieldapp.services.waiting_support import GAP_REASON, withdraw_from_lost

Lines = list[bytes]
M = TypeVar("M", bound=DomainModel)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path, count=3)
    yield made
    made.close()


# --- helpers -------------------------------------------------------------------------------------


def _first_bundle(device: Device) -> bytes:
    path = device.bundles[0].path
    assert path is not None
    return path.read_bytes()


def _import(site: Site, data: bytes) -> ImportReport:
    """Import ``data``; a refusal must leave every row and file as it was (a traceback fails)."""
    path = site.tmp / f"attempt-{uuid4().hex[:8]}.fieldbundle"
    path.write_bytes(data)
    before = snapshot(site.archive.ws)
    report = importing.import_bundle(site.archive.ws, path)
    if report.outcome == "refused":
        assert report.reason, report
        assert snapshot(site.archive.ws) == before, "a refusal left something behind"
    return report


def _imported(site: Site, data: bytes) -> None:
    report = _import(site, data)
    assert report.outcome == "imported", report.reason


def _next_bundle(site: Site, device: Device, transform: Callable[[Lines], Lines]) -> bytes:
    """The device's genuine next bundle (a new testimony, its file and its witness's identity)
    with its records changed by ``transform`` and re-signed with the device's own key."""
    add_with_files(device, 33, [b"a genuine file of the next bundle " * 100])
    data = device.export().read_bytes()
    return rewrite_records(data, site.archive, device.key, transform)


def _held_testimony(site: Site, device: Device) -> Testimony:
    """A testimony (its latest version) that the device's first bundle brought to the archive."""
    tid = UUID(sorted(sent_by(device).testimony_ids())[0])
    return site.archive.ws.repository.get_testimony(tid)


def _sent_consent(device: Device, testimony_id: UUID) -> ConsentRecord:
    found = [
        parse_canonical(ConsentRecord, body)
        for (tid, _), body in sent_by(device).consents.items()
        if tid == str(testimony_id)
    ]
    assert found, "the demo testimony travelled without a consent"
    return max(found, key=lambda consent: consent.version)


def _changed(model: M, **changes: object) -> M:
    """A copy of ``model`` with ``changes``, validated as any record is."""
    values = model.model_dump(mode="python")
    values.update(changes)
    return validate_model(type(model), values)


def _versions_problem(ws: Workspace, testimony_id: UUID) -> str | None:
    """The archive's rule for one testimony's versions, with no gap accepted: 1, 2, … each
    amending the version before it by content hash (DESIGN §4: an amendment points to the
    version it corrects)."""
    held = {t.version: t for t in ws.repository.testimony_versions(testimony_id)}
    if sorted(held) != list(range(1, len(held) + 1)):
        return f"the archive holds versions {sorted(held)} of one testimony"
    for version, testimony in held.items():
        if version > 1:
            assert testimony.amends is not None
            if testimony.amends.content_hash != content_hash(held[version - 1]):
                return f"version {version} does not amend the version {version - 1} held"
    return None


def _consent_problem(ws: Workspace, testimony_id: UUID) -> str | None:
    """The domain's consent rules on what the archive holds for one testimony: each record
    names the testimony's witness (records._check_belongs), and the consent in force is
    computable (consent.effective_consent)."""
    repo = ws.repository
    consents, withdrawals = repo.consents_for(testimony_id), repo.withdrawals_for(testimony_id)
    witness = repo.get_testimony(testimony_id).pseudonym
    if any(r.pseudonym != witness for r in [*consents, *withdrawals]):
        return "a consent or withdrawal names another witness than its testimony's"
    try:
        effective_consent(consents, withdrawals)
    except FieldappError as error:
        return str(error)
    return None


# --- a malicious enrolled device: versions of its own testimonies --------------------------------


def test_an_amendment_must_amend_the_version_the_archive_holds(site: Site) -> None:
    """A device sends version 2 of its own testimony, naming as the version it corrects a
    content hash that is not the archive's version 1: a correction standing in for another
    original (testimony.py: 'a correction can never silently stand in for a different one')."""
    _imported(site, _first_bundle(site.a))
    v1 = _held_testimony(site, site.a)
    assert v1.version == 1
    forged = _changed(
        v1,
        version=2,
        amends=RecordRef(id=v1.id, version=1, content_hash="ab" * 32),
        status=RecordStatus.SEALED,
        title=f"{v1.title} (rewritten)",
    )
    data = _next_bundle(site, site.a, lambda lines: [*lines, record_line("testimony", forged)])
    _import(site, data)
    assert _versions_problem(site.archive.ws, v1.id) is None


def test_a_testimony_cannot_arrive_as_version_5_without_1_to_4(site: Site) -> None:
    """No gap was accepted, so the device's every bundle is in the archive; export sends every
    unsent version, so a genuine device never sends version 5 of a testimony the archive lacks."""
    _imported(site, _first_bundle(site.a))
    model = _held_testimony(site, site.a)
    new_id = uuid4()
    forged = _changed(
        model,
        id=new_id,
        version=5,
        amends=RecordRef(id=new_id, version=4, content_hash="cd" * 32),
        status=RecordStatus.SEALED,
    )
    consent = _changed(_sent_consent(site.a, model.id), testimony_id=new_id, version=1)
    lines = [record_line("testimony", forged), record_line("consent", consent)]
    data = _next_bundle(site, site.a, lambda found: [*found, *lines])
    _import(site, data)
    assert _versions_problem(site.archive.ws, new_id) is None


def test_a_testimony_cannot_arrive_without_any_consent(site: Site) -> None:
    """DESIGN §4: no testimony is sealed without consent, and export sends a testimony's
    consents in the bundle it first leaves in; a first version with none is a forgery."""
    _imported(site, _first_bundle(site.a))
    new_id = uuid4()
    forged = _changed(_held_testimony(site, site.a), id=new_id, status=RecordStatus.SEALED)
    assert forged.version == 1
    data = _next_bundle(site, site.a, lambda lines: [*lines, record_line("testimony", forged)])
    _import(site, data)
    held = site.archive.ws.repository.testimony_exists(new_id)
    assert not held or site.archive.ws.repository.consents_for(new_id)


# --- a malicious enrolled device: consent records that break the consent rules -------------------


@pytest.mark.parametrize(
    "change",
    [
        "a consent version with a gap before it",
        "a consent naming another witness's pseudonym",
        "a withdrawal naming another witness's pseudonym",
        "a withdrawal of a consent version that does not exist",
    ],
)
def test_consent_records_must_keep_the_consent_rules(site: Site, change: str) -> None:
    """After import, the consent in force of the testimony must still be computable: versions
    1, 2, … without gaps, one witness, withdrawals of versions that exist (consent.py). Today
    every later use of that testimony's consent raises in the archive."""
    _imported(site, _first_bundle(site.a))
    testimony = _held_testimony(site, site.a)
    consent = _sent_consent(site.a, testimony.id)
    assert _consent_problem(site.archive.ws, testimony.id) is None
    withdrawal = ConsentWithdrawal(
        id=uuid4(),
        testimony_id=testimony.id,
        pseudonym=testimony.pseudonym,
        applies_to_version=consent.version,
        received_at=consent.taken_at,
        received_by="Caseworker 04",
        how_received="phone",  # type: ignore[arg-type]
        scopes=("research",),  # type: ignore[arg-type]
    )
    if change == "a consent version with a gap before it":
        line = record_line("consent", _changed(consent, version=consent.version + 2))
    elif change == "a consent naming another witness's pseudonym":
        other = new_pseudonym(avoid={testimony.pseudonym})
        line = record_line(
            "consent", _changed(consent, version=consent.version + 1, pseudonym=other)
        )
    elif change == "a withdrawal naming another witness's pseudonym":
        other = new_pseudonym(avoid={testimony.pseudonym})
        line = record_line("withdrawal", _changed(withdrawal, pseudonym=other))
    else:
        line = record_line(
            "withdrawal", _changed(withdrawal, applies_to_version=consent.version + 3)
        )
    data = _next_bundle(site, site.a, lambda lines: [*lines, line])
    _import(site, data)
    assert _consent_problem(site.archive.ws, testimony.id) is None


# --- a malicious enrolled device: custody events and attachment claims ---------------------------


def _custody_indexes(lines: Lines) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith(b"custody ")]


def _resign_last_event(
    site: Site, device: Device, change: Callable[[dict[str, object]], None]
) -> bytes:
    """The device's next bundle whose last custody event is changed by ``change``, signed again
    with the device's own key, the manifest's custody head moved to it."""
    head: list[str] = []

    def transform(lines: Lines) -> Lines:
        last = _custody_indexes(lines)[-1]
        value = json.loads(lines[last].partition(b" ")[2])
        change(value["event"])
        event = parse_canonical(
            CustodyEvent, json.dumps(value["event"], sort_keys=True, separators=(",", ":")).encode()
        )
        body = canonical_bytes(event)
        signature = sshsig.sign(body, device.key, CUSTODY_NAMESPACE)
        line = {"event": json.loads(body), "signature": signature}
        lines[last] = (
            b"custody "
            + json.dumps(line, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        )
        head.append(hashlib.sha256(body).hexdigest())
        return lines

    add_with_files(device, 33, [b"a genuine file of the next bundle " * 100])
    data = device.export().read_bytes()
    # rewrite_records applies the transform before it signs the manifest: the head is known.
    recipients_key = device.key
    first = rewrite_records(data, site.archive, recipients_key, transform)
    return rewrite_records(
        first, site.archive, recipients_key, lambda lines: lines, custody_head=head[0]
    )


def test_a_custody_event_cannot_claim_another_actor(site: Site) -> None:
    """Device A signs an event that names device B as its actor (CustodyEvent.actor: the key
    that signs it). Import checks the signature, not the claim; the archive's own audit then
    reports its custody as altered."""
    _imported(site, _first_bundle(site.a))
    _imported(site, _first_bundle(site.b))
    assert audit.verify_custody(site.archive.ws).intact

    def claim_b(event: dict[str, object]) -> None:
        event["actor"] = site.b.fingerprint

    _import(site, _resign_last_event(site, site.a, claim_b))
    report = audit.verify_custody(site.archive.ws)
    assert report.intact, report.reason


def test_custody_events_must_number_on_from_the_one_before(site: Site) -> None:
    """Device A's last event jumps ten numbers ahead while still linking by hash: audit (which
    requires seq + 1) then reports the archive's device log as broken."""
    _imported(site, _first_bundle(site.a))

    def jump(event: dict[str, object]) -> None:
        event["seq"] = int(event["seq"]) + 10  # type: ignore[call-overload]

    _import(site, _resign_last_event(site, site.a, jump))
    report = audit.verify_custody(site.archive.ws)
    assert report.intact, report.reason


def test_a_bundle_cannot_drop_its_whole_custody_log(site: Site) -> None:
    """import_chain.check_custody compares the last event with the manifest's custody head only
    'if events': a device that leaves out every event since its last bundle (its seals and
    amendments) is imported, and the archive holds a log that stops short of the head it
    recorded for that bundle. (Leaving out the first, one or the last event is refused:
    test_import_refusals.)"""
    data = rewrite_records(
        _first_bundle(site.a),
        site.archive,
        site.a.key,
        lambda lines: [line for line in lines if not line.startswith(b"custody ")],
    )
    _import(site, data)
    db = site.archive.ws.connection
    heads = db.execute("SELECT device, custody_head FROM bundles_received").fetchall()
    for device, head in heads:
        hashes = {
            hashlib.sha256(event.body).hexdigest()
            for event in import_state.device_events(db, str(device))
        }
        assert head is None or head in hashes, "the archive's log stops short of its head"


def test_a_custody_event_about_another_devices_testimony_is_not_kept(site: Site) -> None:
    """Device B signs, in its own log, a 'withdraw' event naming device A's testimony. A
    testimony belongs to the device that recorded it (importing._check_contents refuses B's
    withdrawal record itself), yet the event is kept and the archive shows it, verified, as
    part of that testimony's chain of custody: B's word in A's record's history."""
    _imported(site, _first_bundle(site.a))
    _imported(site, _first_bundle(site.b))
    testimony = _held_testimony(site, site.a)

    def about_a(event: dict[str, object]) -> None:
        event.update(kind="withdraw", record_id=str(testimony.id))
        event.pop("record_version", None)
        event.pop("bundle_id", None)

    _import(site, _resign_last_event(site, site.b, about_a))
    actors = {
        entry.actor
        for entry in custody_view.record_custody(site.archive.ws, testimony.id)
        if entry.source == custody_view.DEVICE
    }
    assert actors == {site.a.fingerprint}, actors


def test_an_attachment_cannot_claim_another_capturing_device(site: Site) -> None:
    """Attachment.device is the fingerprint of the device that captured the file; device A
    sends its own file with a record saying device B captured it."""
    _imported(site, _first_bundle(site.a))

    def claim_b(lines: Lines) -> Lines:
        index = max(i for i, line in enumerate(lines) if line.startswith(b"attachment "))
        attachment = parse_canonical(Attachment, lines[index].partition(b" ")[2])
        lines[index] = record_line("attachment", _changed(attachment, device=site.b.fingerprint))
        return lines

    add_with_files(site.a, 33, [b"a genuine file of the next bundle " * 100])
    data = rewrite_records(site.a.export().read_bytes(), site.archive, site.a.key, claim_b)
    _import(site, data)
    rows = site.archive.ws.connection.execute(
        "SELECT a.body, s.device FROM attachments a JOIN record_sources s"
        " ON s.id = a.testimony_id AND s.version = 1"
    ).fetchall()
    assert rows
    claims = {(parse_canonical(Attachment, bytes(body)).device, device) for body, device in rows}
    assert all(claimed == sender for claimed, sender in claims), claims


def test_another_devices_waiting_record_cannot_block_a_withdrawal(site: Site) -> None:
    """A's bundle 2 (testimony T) is lost, its bundle 3 carries the witness's withdrawal for T.
    B, knowing T's id, gets a consent for T waiting first, after a gap of its own. When A's
    gap is accepted, A's genuine bundle 3 was refused (import_waiting.lacking: another device's
    records wait for T): the withdrawal blocked ('a withdrawal must never be blocked'), and
    every later bundle of A with it, since bundle 3 was missing for good. Waiting records now
    belong to the device that sent them (schema v8): A's withdrawal waits beside B's consent."""
    story = withdraw_from_lost(site, archive_scope=True)
    b_first = site.b.bundles[0].path
    assert b_first is not None
    _imported(site, b_first.read_bytes())
    add_demo(site.b, 1, seed=61)
    site.b.export()  # lost
    add_demo(site.b, 1, seed=62)
    b_third = site.b.export().read_bytes()
    standing.accept_gap(site.archive.ws, site.b.fingerprint, 2, GAP_REASON)
    squat = _changed(site.a.ws.repository.consents_for(story.testimony)[-1], version=9)
    forged = rewrite_records(
        b_third, site.archive, site.b.key, lambda lines: [*lines, record_line("consent", squat)]
    )
    assert _import(site, forged).waiting == 1
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    report = _import(site, story.third.read_bytes())
    assert report.outcome == "imported", report.reason
    assert report.waiting == 1
    waiting = site.archive.ws.connection.execute(
        "SELECT device, kind FROM waiting_records WHERE testimony_id = ? ORDER BY rowid",
        (str(story.testimony),),
    ).fetchall()
    assert waiting == [(site.b.fingerprint, "consent"), (site.a.fingerprint, "withdrawal")]


# --- tracebacks instead of a refusal -------------------------------------------------------------


def test_a_record_with_an_integer_too_large_is_refused_not_a_traceback(site: Site) -> None:
    """The JSON parses and validates (a Positive has no upper bound), then canonical_bytes
    raises ValueError, which payload._item does not turn into a refusal."""
    _imported(site, _first_bundle(site.a))
    testimony = _held_testimony(site, site.a)
    consent = _changed(_sent_consent(site.a, testimony.id), version=7)
    line = record_line("consent", consent).replace(b'"version":7', b'"version":9007199254740993')
    assert line.count(b"9007199254740993") == 1
    data = _next_bundle(site, site.a, lambda lines: [*lines, line])
    report = _import(site, data)
    assert report.outcome == "refused"


_DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("where", ["inner header", "custody line"])
def test_deeply_nested_json_in_the_payload_is_refused_not_a_traceback(
    site: Site, where: str
) -> None:
    """payload._header and payload._signed_event catch ValueError and TypeError around
    json.loads, not the RecursionError it raises on deep nesting (the line cap is 16 MiB)."""

    def nest(lines: Lines) -> Lines:
        if where == "inner header":
            return [b"fieldapp-records/1 " + _DEEP, *lines[1:]]
        return [*lines, b'custody {"event":' + _DEEP + b',"signature":"x"}']

    data = rewrite_records(_first_bundle(site.a), site.archive, site.a.key, nest)
    report = _import(site, data)
    assert report.outcome == "refused"


# --- attacks the archive refuses today (not covered elsewhere) -----------------------------------


@pytest.mark.parametrize("status", [RecordStatus.ARCHIVED, RecordStatus.PURGED])
def test_a_testimony_an_archive_or_a_purge_would_mark_is_refused(
    site: Site, status: RecordStatus
) -> None:
    """Only sealed or exported records travel; a line claiming 'archived' or 'purged' (which
    would skip the archive's own marking) is refused like a draft."""
    testimony = site.a.ws.repository.get_testimony(UUID(sorted(sent_by(site.a).testimony_ids())[0]))
    line = record_line("testimony", _changed(testimony, id=uuid4(), status=status))
    data = rewrite_records(_first_bundle(site.a), site.archive, site.a.key, lambda ls: [*ls, line])
    report = _import(site, data)
    assert report.outcome == "refused"
    assert report.reason == "it carries a record that was never sealed"


@pytest.mark.parametrize("kind", ["testimony", "consent", "withdrawal", "attachment"])
def test_two_different_records_with_one_key_in_one_bundle_are_refused(
    site: Site, kind: str
) -> None:
    """A bundle carrying the same record twice with different content (the same testimony
    version, consent version, withdrawal id or attachment id) is refused as a whole, the files
    of its attachments already stored removed."""
    _imported(site, _first_bundle(site.a))
    withdraw_some(site.a)
    add_with_files(site.a, 33, [b"a genuine file of the next bundle " * 100])
    data = site.a.export().read_bytes()

    def doubled(lines: Lines) -> Lines:
        index = next(i for i, line in enumerate(lines) if line.startswith(kind.encode() + b" "))
        record = parse_canonical(_TYPES[kind], lines[index].partition(b" ")[2])
        twin = _changed(record, **{_FREE_FIELD[kind]: "Someone else"})
        return [*lines[: index + 1], record_line(kind, twin), *lines[index + 1 :]]

    assert any(name.startswith("blobs/") for name, _ in read_members(data))
    report = _import(site, rewrite_records(data, site.archive, site.a.key, doubled))
    assert report.outcome == "refused"
    _imported(site, data)


_TYPES: dict[str, type[DomainModel]] = {
    "testimony": Testimony,
    "consent": ConsentRecord,
    "withdrawal": ConsentWithdrawal,
    "attachment": Attachment,
}
_FREE_FIELD = {
    "testimony": "title",
    "consent": "taken_by",
    "withdrawal": "received_by",
    "attachment": "label",
}


def _in_bundle_order(members: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    rank = {"records.age": 0, "identities.age": 1, "VERIFY.txt": 3}
    return sorted(
        members, key=lambda m: (2 if m[0].startswith("blobs/") else rank.get(m[0], 4), m[0])
    )


_REASONS = {
    "a consent of another device's testimony": REJECTED_OTHER_DEVICE,
    "another device's attachment record, with its file": REJECTED_OTHER_DEVICE,
    "another device's attachment id on its own testimony": REJECTED_ATTACHMENT_CONFLICT,
}


@pytest.mark.parametrize(
    "attack",
    [
        "a consent of another device's testimony",
        "another device's attachment record, with its file",
        "another device's attachment id on its own testimony",
    ],
)
def test_consents_and_attachments_about_another_devices_records_are_refused(
    site: Site, attack: str
) -> None:
    """Device B, with its own key and chain, sends records that reach into device A's
    testimony: a consent version, A's attachment record and file as they are, or A's
    attachment id on a record of B's own. (Amendments and withdrawals are covered in
    test_import_refusals.)"""
    _imported(site, _first_bundle(site.a))
    _imported(site, _first_bundle(site.b))
    a_sent = sent_by(site.a)
    extra: list[tuple[str, bytes]] = []
    if attack == "a consent of another device's testimony":
        testimony = _held_testimony(site, site.a)
        consent = _sent_consent(site.a, testimony.id)
        lines = [record_line("consent", _changed(consent, version=consent.version + 1))]
    else:
        attachment_id, body = sorted(a_sent.attachments.items())[0]
        attachment = parse_canonical(Attachment, body)
        name = f"blobs/{attachment_id}.age"
        extra = [(name, dict(read_members(_first_bundle(site.a)))[name])]
        if attack.endswith("with its file"):
            lines = [body if body.startswith(b"attachment ") else b"attachment " + body]
        else:
            own = _held_testimony(site, site.b)
            # Claimed as B's own capture too, or it is refused as another device's claim.
            mine = _changed(attachment, testimony_id=own.id, device=site.b.fingerprint)
            lines = [record_line("attachment", mine)]
    add_with_files(site.b, 33, [b"a genuine file of the next bundle " * 100])
    genuine = site.b.export().read_bytes()
    forged = rewrite_records(genuine, site.archive, site.b.key, lambda found: [*found, *lines])
    if extra:
        forged = resign(
            forged, site.b.key, members=_in_bundle_order([*read_members(forged)[2:], *extra])
        )
    report = _import(site, forged)
    assert report.outcome == "refused"
    assert report.reason == _REASONS[attack]
    assert site.archive.ws.repository.consents_for(_held_testimony(site, site.a).id) == [
        parse_canonical(ConsentRecord, b)
        for (tid, _), b in sorted(a_sent.consents.items())
        if tid == str(_held_testimony(site, site.a).id)
    ]
    _imported(site, genuine)
