"""Importing bundles into the archive: exactly what the devices sent, kept as the design says.

Real files end to end: an archive with a custodian file, two devices enrolled by request and
pack, demo testimonies with attachments and named witnesses, sealed and exported; the archive
imports the bundles and is checked against the devices' own record of what left.
"""

import io
import stat
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from crypto.errors import DecryptionError
from fieldapp.domain import (
    AttachmentKind,
    ConsentScope,
    CustodyKind,
    RecordStatus,
    WitnessIdentity,
    content_hash,
    effective_consent,
    parse_canonical,
)
from fieldapp.domain.consent import SCOPES_INDEPENDENT_OF_ARCHIVE
from fieldapp.errors import Cancelled
from fieldapp.progress import CancelToken
from fieldapp.services import attachments, audit, importing, records
from fieldapp.sync.manifest import manifest_digest
from tests.fieldapp.services.import_support import (
    CUSTODIAN_FOLDER,
    Device,
    Holding,
    Site,
    add_demo,
    custody_events,
    exported_in,
    held_by,
    identities_in,
    make_site,
    manifest_of,
    plaintext_sha256,
    read_members,
    record_sources,
    sent_by,
    snapshot,
    withdraw,
    withdraw_some,
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path)
    yield made
    made.close()


def _union(*holdings: Holding) -> Holding:
    merged = Holding({}, {}, {}, {})
    for holding in holdings:
        merged.testimonies.update(holding.testimonies)
        merged.consents.update(holding.consents)
        merged.withdrawals.update(holding.withdrawals)
        merged.attachments.update(holding.attachments)
    return merged


def _assert_holds_exactly(site: Site, *devices: Device) -> None:
    """The archive holds what the devices sent, no more, no less, each version archived."""
    sent = _union(*(sent_by(device) for device in devices))
    held = held_by(site.archive.ws)
    assert held == sent
    repo = site.archive.ws.repository
    for testimony_id in sent.testimony_ids():
        versions = repo.testimony_versions(UUID(testimony_id))
        assert [t.status for t in versions] == [RecordStatus.ARCHIVED] * len(versions)
        latest = max(v for tid, v in sent.testimonies if tid == testimony_id)
        assert repo.get_testimony(UUID(testimony_id)).version == latest
    assert record_sources(site.archive) == set().union(*(exported_in(d) for d in devices))


def _assert_attachments_read_back(site: Site, device: Device) -> None:
    for attachment_id in (UUID(i) for i in sent_by(device).attachments):
        attachment, _ = site.archive.ws.repository.attachment(attachment_id)
        on_device = plaintext_sha256(device.ws, attachment_id)
        assert plaintext_sha256(site.archive.ws, attachment_id) == attachment.sha256 == on_device


def test_import_holds_exactly_the_exported_records(site: Site) -> None:
    exported = [site.a.bundles[0], site.b.bundles[0]]
    reports = site.archive.import_(*(result.path for result in exported if result.path))

    for report, result, device in zip(reports, exported, (site.a, site.b), strict=True):
        assert report.outcome == "imported", report.reason
        assert report.reason is None
        assert (report.device, report.sequence) == (device.fingerprint, 1)
        assert report.testimonies == result.testimonies
        assert report.amendments == 0
        assert report.consents == result.consents
        assert report.withdrawals == result.withdrawals
        assert report.attachments == result.attachments
        assert report.identities is True
    assert sum(r.attachments for r in reports) >= 3
    assert sum(r.withdrawals for r in reports) >= 1
    _assert_holds_exactly(site, site.a, site.b)
    _assert_attachments_read_back(site, site.a)
    _assert_attachments_read_back(site, site.b)
    # Witness identities never enter the archive's database: they are the custodian's.
    assert site.archive.ws.connection.execute("SELECT count(*) FROM identities").fetchone() == (0,)


def test_the_custody_chain_records_each_import(site: Site) -> None:
    paths = [r.path for r in (site.a.bundles[0], site.b.bundles[0]) if r.path]
    before = len(custody_events(site.archive.ws))
    site.archive.import_(*paths)
    report = audit.verify_custody(site.archive.ws)
    assert report.intact, report.reason
    events = custody_events(site.archive.ws)[before:]
    assert [e.kind for e in events] == [CustodyKind.IMPORT, CustodyKind.IMPORT]
    for event, path in zip(events, paths, strict=True):
        manifest = read_members(path.read_bytes())[0][1]
        assert event.payload_hash == manifest_digest(manifest)
        assert event.bundle_id == manifest_of(path.read_bytes()).bundle_id
        assert event.actor == site.archive.ws.fingerprint
    rows = site.archive.ws.connection.execute(
        "SELECT device, sequence, manifest_digest FROM bundles_received ORDER BY device"
    ).fetchall()
    assert sorted(rows) == sorted(
        (d.fingerprint, 1, d.bundles[0].manifest_digest) for d in (site.a, site.b)
    )


def test_identities_are_kept_for_the_custodian_and_only_the_custodian_opens_them(
    site: Site,
) -> None:
    site.archive.import_(*(r.path for r in (site.a.bundles[0], site.b.bundles[0]) if r.path))
    custodian = site.archive.custodian_identities()
    folder = site.archive.root / CUSTODIAN_FOLDER
    for device in (site.a, site.b):
        path = device.bundles[0].path
        assert path is not None
        data = path.read_bytes()
        manifest = manifest_of(data)
        kept = folder / f"{manifest.bundle_id}.age"
        # Kept as it came, byte for byte: the archive cannot have changed what it cannot read.
        assert kept.read_bytes() == dict(read_members(data))["identities.age"]
        stored = site.archive.ws.connection.execute(
            "SELECT identities_blob FROM bundles_received WHERE device = ?", (device.fingerprint,)
        ).fetchone()
        assert stored == (kept.name,)
        people = identities_in(kept.read_bytes(), manifest, custodian)
        sent = [
            parse_canonical(WitnessIdentity, bytes(body))
            for (body,) in device.ws.connection.execute(
                "SELECT body FROM identities WHERE exported_in IS NOT NULL"
            )
        ]
        assert sent
        assert sorted(people, key=lambda p: p.pseudonym) == sorted(sent, key=lambda p: p.pseudonym)
        with pytest.raises(DecryptionError):
            identities_in(kept.read_bytes(), manifest, site.archive.archive_identities())
    # Beside each, the bundle's signed manifest, for the custodian to check it against.
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{manifest_of(r.path.read_bytes()).bundle_id}{suffix}"
        for r in (site.a.bundles[0], site.b.bundles[0])
        if r.path
        for suffix in (".age", ".manifest.json", ".manifest.sig")
    )


def test_the_signed_manifest_is_kept_owner_only_beside_the_identities(site: Site) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    site.archive.import_(path)
    members = dict(read_members(path.read_bytes()))
    stem = site.archive.root / CUSTODIAN_FOLDER / str(manifest_of(path.read_bytes()).bundle_id)
    for suffix, member in ((".manifest.json", "manifest.json"), (".manifest.sig", "manifest.sig")):
        kept = stem.with_name(stem.name + suffix)
        assert kept.read_bytes() == members[member]
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_an_import_stopped_after_its_identities_were_staged_leaves_no_custodian_file(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cancel at the last check before the commit (the custody signatures), once
    identities.age and the manifest beside it were staged: nothing of them is left."""
    path = site.a.bundles[0].path
    assert path is not None
    folder = site.archive.root / CUSTODIAN_FOLDER
    staged: list[list[str]] = []

    def cancelled(_: object) -> None:
        staged.append(sorted(p.name for p in folder.iterdir()))
        raise Cancelled()

    monkeypatch.setattr(importing.import_chain, "confirm_signed", cancelled)
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(path)
    assert report.outcome == importing.STOPPED
    [names] = staged
    bundle_id = manifest_of(path.read_bytes()).bundle_id
    assert sorted(name.split("-", 2)[2] for name in names) == [
        f"{bundle_id}{suffix}" for suffix in (".age", ".manifest.json", ".manifest.sig")
    ]
    assert all(name.startswith(".tmp-") for name in names)
    assert list(folder.iterdir()) == []
    assert snapshot(site.archive.ws) == before
    monkeypatch.undo()
    # The same bundle is then imported with its three files.
    site.archive.import_(path)
    assert len(list(folder.iterdir())) == 3


def test_a_custodian_folder_that_is_a_link_is_refused_and_nothing_is_imported(
    site: Site,
) -> None:
    elsewhere = site.tmp / "elsewhere"
    elsewhere.mkdir()
    (site.archive.root / CUSTODIAN_FOLDER).symlink_to(elsewhere)
    path = site.a.bundles[0].path
    assert path is not None
    before = snapshot(site.archive.ws)
    [report] = site.archive.import_(path)
    assert report.outcome == importing.STOPPED
    assert report.reason == importing.CustodianFolderNotAFolderError().message
    assert list(elsewhere.iterdir()) == []
    assert snapshot(site.archive.ws) == before


def test_the_same_bundle_again_changes_nothing(site: Site) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    [first] = site.archive.import_(path)
    assert first.outcome == "imported"
    before = snapshot(site.archive.ws)
    [again] = site.archive.import_(path)
    assert again.outcome == "already imported"
    assert again.reason is None
    assert (again.device, again.sequence) == (site.a.fingerprint, 1)
    assert (again.testimonies, again.consents, again.attachments) == (0, 0, 0)
    assert snapshot(site.archive.ws) == before
    # A copy of the file under another name is the same bundle.
    copy = site.tmp / "copy.fieldbundle"
    copy.write_bytes(path.read_bytes())
    [copied] = site.archive.import_(copy)
    assert copied.outcome == "already imported"
    assert snapshot(site.archive.ws) == before


def test_bundles_in_one_call_are_imported_in_the_order_given(site: Site) -> None:
    add_demo(site.a, 2, seed=5)
    second = site.a.export()
    first = site.a.bundles[0].path
    other = site.b.bundles[0].path
    assert first is not None
    assert other is not None

    reports = site.archive.import_(second, first, other)
    assert [r.path for r in reports] == [str(second), str(first), str(other)]
    assert [r.outcome for r in reports] == ["refused", "imported", "imported"]
    assert reports[0].reason == "bundle 1 from this device is missing: import it first"
    # One refusal stopped no other, and the refused bundle goes once its turn has come.
    reports = site.archive.import_(first, second)
    assert [r.outcome for r in reports] == ["already imported", "imported"]
    assert reports[1].sequence == 2
    _assert_holds_exactly(site, site.a, site.b)


def test_import_is_for_the_archive_only(site: Site) -> None:
    path = site.b.bundles[0].path
    assert path is not None
    with pytest.raises(importing.NotAnArchiveError):
        importing.import_bundles(site.a.ws, [path])


def test_a_classic_archive_imports_too(tmp_path: Path) -> None:
    site = make_site(tmp_path, classic=True)
    try:
        path = site.a.bundles[0].path
        assert path is not None
        recipients = manifest_of(path.read_bytes()).recipients
        assert recipients
        assert all(r.startswith("age1") and not r.startswith("age1pq1") for r in recipients)
        [identity] = site.archive.archive_identities()
        assert identity.startswith("AGE-SECRET-KEY-1")
        [report] = site.archive.import_(path)
        assert report.outcome == "imported", report.reason
        _assert_holds_exactly(site, site.a)
        _assert_attachments_read_back(site, site.a)
        data = path.read_bytes()
        manifest = manifest_of(data)
        kept = site.archive.root / CUSTODIAN_FOLDER / f"{manifest.bundle_id}.age"
        assert identities_in(kept.read_bytes(), manifest, site.archive.custodian_identities())
    finally:
        site.close()


# --- a later cycle -------------------------------------------------------------------------------


def test_a_later_bundle_brings_an_amendment_and_a_withdrawal(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    device, repo = site.a.ws, site.a.ws.repository
    sent = sent_by(site.a)
    amended_id = UUID(sorted(sent.testimony_ids())[0])
    v1 = repo.get_testimony(amended_id)
    assert v1.status is RecordStatus.EXPORTED
    records.amend_testimony(device, amended_id, {"title": f"{v1.title} (corrected)"})
    new_file = attachments.attach_file(
        device,
        amended_id,
        io.BytesIO(b"a corrected page " * 500),
        kind=AttachmentKind.SCAN,
        media_type="image/png",
        label="corrected page (test)",
    )
    v2 = records.seal_testimony(device, amended_id)
    withdrawal = withdraw_some(site.a, UUID(sorted(sent.testimony_ids())[-1]))
    [scope] = withdrawal.scopes
    archive_repo = site.archive.ws.repository
    before = effective_consent(
        archive_repo.consents_for(withdrawal.testimony_id),
        archive_repo.withdrawals_for(withdrawal.testimony_id),
    )
    assert before.allows(scope)

    second = site.a.export()
    [report] = site.archive.import_(second)

    assert report.outcome == "imported", report.reason
    assert (report.sequence, report.testimonies, report.amendments) == (2, 0, 1)
    assert (report.withdrawals, report.withdrawn_scopes) == (1, [scope.value])
    assert report.attachments == 1
    latest = archive_repo.get_testimony(amended_id)
    assert (latest.version, latest.status) == (2, RecordStatus.ARCHIVED)
    assert content_hash(latest) == content_hash(v2)
    assert latest.amends is not None
    assert latest.amends.content_hash == content_hash(v1)
    kept = archive_repo.get_testimony(amended_id, 1)
    assert content_hash(kept) == content_hash(v1)
    assert kept.status is RecordStatus.ARCHIVED
    assert archive_repo.withdrawals_for(withdrawal.testimony_id)[-1] == withdrawal
    after = effective_consent(
        archive_repo.consents_for(withdrawal.testimony_id),
        archive_repo.withdrawals_for(withdrawal.testimony_id),
    )
    assert not after.allows(scope)
    assert after.allows(ConsentScope.ARCHIVE)
    assert (str(amended_id), 2, site.a.fingerprint, 2) in record_sources(site.archive)
    assert plaintext_sha256(site.archive.ws, new_file.id) == new_file.sha256
    _assert_holds_exactly(site, site.a)
    assert audit.verify_custody(site.archive.ws).intact


def test_a_withdrawal_of_archive_travels_and_stops_every_use_that_needs_it(site: Site) -> None:
    first = site.a.bundles[0].path
    assert first is not None
    site.archive.import_(first)
    testimony_id = UUID(sorted(sent_by(site.a).testimony_ids())[0])
    withdraw(site.a, testimony_id, ConsentScope.ARCHIVE)
    [report] = site.archive.import_(site.a.export())
    assert report.outcome == "imported", report.reason
    assert report.withdrawn_scopes == [ConsentScope.ARCHIVE.value]
    repo = site.archive.ws.repository
    consent = effective_consent(repo.consents_for(testimony_id), repo.withdrawals_for(testimony_id))
    assert not consent.allows(ConsentScope.ARCHIVE)
    assert consent.allowed_scopes() <= SCOPES_INDEPENDENT_OF_ARCHIVE


def test_progress_is_reported_and_a_cancel_leaves_nothing(site: Site) -> None:
    path = site.a.bundles[0].path
    assert path is not None
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def cancel_midway(done: int, total: int) -> None:
        seen.append((done, total))
        if done > 0:
            token.cancel()

    before = snapshot(site.archive.ws)
    with pytest.raises(Cancelled):
        importing.import_bundle(site.archive.ws, path, progress=cancel_midway, cancel=token)
    assert snapshot(site.archive.ws) == before
    # Through import_bundles, the cancel stops the run and its report says so.
    seen.clear()
    token = CancelToken()
    [stopped] = importing.import_bundles(
        site.archive.ws, [path], progress=cancel_midway, cancel=token
    )
    assert (stopped.outcome, stopped.reason) == (importing.STOPPED, Cancelled().message)
    assert snapshot(site.archive.ws) == before
    assert seen
    assert seen[-1][0] < seen[-1][1]

    seen.clear()
    reports = importing.import_bundles(
        site.archive.ws, [path], progress=lambda d, t: seen.append((d, t))
    )
    assert reports[0].outcome == "imported"
    assert seen[-1][0] == seen[-1][1] > 0


def test_progress_follows_the_whole_run_each_bundle_weighing_its_file(site: Site) -> None:
    paths = [site.b.bundles[0].path, *(bundle.path for bundle in site.a.bundles)]
    assert all(path is not None for path in paths)
    sizes = [path.stat().st_size for path in paths]
    seen: list[tuple[int, int]] = []
    reports = importing.import_bundles(
        site.archive.ws, paths, progress=lambda d, t: seen.append((d, t))
    )
    assert [report.outcome for report in reports] == ["imported"] * len(paths)
    assert {total for _, total in seen} == {sum(sizes)}
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert len(set(done)) == len(done)
    assert done[-1] == sum(sizes)
