"""What a laptop shows of a purged testimony: its versions and hashes, the bundles that carried
it and the receipts that confirmed them, when it was purged, its consent, and its signed custody
with the exports and receipts in it — and nothing of the erased content."""

from datetime import datetime
from pathlib import Path

import pytest

from fieldapp.domain import Testimony, content_hash
from fieldapp.domain.narrative import Narrative
from fieldapp.errors import RecordNotFoundError
from fieldapp.services import export, importing, packs, purged_view, receipts, records
from fieldapp.workspace import Workspace
from tests.fieldapp.services.test_enrolment_support import Archive, enrol
from tests.fieldapp.services.test_export_support import add_testimony
from tests.fieldapp.workspace.support import uuid_with_prefix

MARKER = "purged-view-marker-7Q"


@pytest.fixture
def enrolled(coordinator: Archive, device: Workspace, stick: Path) -> Workspace:
    enrol(coordinator, device, stick)
    return device


def _deliver(coordinator: Archive, device: Workspace, stick: Path) -> None:
    """Export a bundle, import it at the archive; no receipt yet."""
    bundle = export.export_bundle(device, stick).path
    assert bundle is not None
    assert importing.import_bundles(coordinator.ws, [bundle])[0].outcome == "imported"


def _confirm(coordinator: Archive, device: Workspace, stick: Path) -> int:
    """The archive's receipt, applied on the laptop; the receipt pack's number."""
    (pack,) = receipts.write_receipts(coordinator.ws, stick)
    return packs.apply_pack(device, pack.path).sequence


def _narrated(ws: Workspace) -> Testimony:
    return add_testimony(ws, title=MARKER, narrative=Narrative(text=f"It was {MARKER}."))


def test_a_purged_testimony_keeps_its_delivery_and_custody(
    coordinator: Archive, enrolled: Workspace, stick: Path
) -> None:
    sealed = _narrated(enrolled)
    _deliver(coordinator, enrolled, stick)
    receipt = _confirm(coordinator, enrolled, stick)
    assert receipts.purge_archived(enrolled).testimonies == 1

    remains = purged_view.purged_remains(enrolled, sealed.id)

    assert remains is not None
    assert remains.pseudonym == sealed.pseudonym
    assert [(v.version, v.content_hash, v.bundle_sequence) for v in remains.versions] == [
        (1, content_hash(sealed), 1)
    ]
    (d,) = remains.deliveries
    assert (d.bundle_sequence, d.receipt_sequence) == (1, receipt)
    times = (d.bundle_made_at, d.receipt_applied_at, remains.purged_at)
    made, applied, purged = (datetime.fromisoformat(t or "") for t in times)
    assert made <= applied <= purged  # each as the laptop's clock gave it
    kinds = [entry.kind for entry in remains.custody]
    assert kinds == ["create", "consent", "seal", "export", "pack_apply", "purge"]
    assert [e.seq for e in remains.custody] == sorted(e.seq for e in remains.custody)
    assert all(entry.verified for entry in remains.custody)
    assert remains.purged_at == remains.custody[-1].claimed_at
    assert len(remains.consents) == 1  # purge keeps consent: what the archive may do with it
    assert MARKER not in repr(remains)


def test_each_version_names_the_bundle_that_carried_it(
    coordinator: Archive, enrolled: Workspace, stick: Path
) -> None:
    sealed = add_testimony(enrolled)
    _deliver(coordinator, enrolled, stick)
    records.amend_testimony(enrolled, sealed.id, {"title": "corrected"})
    records.seal_testimony(enrolled, sealed.id)
    _deliver(coordinator, enrolled, stick)
    receipt = _confirm(coordinator, enrolled, stick)
    assert receipts.purge_archived(enrolled).testimonies == 1

    remains = purged_view.purged_remains(enrolled, sealed.id)

    assert remains is not None
    assert [(v.version, v.bundle_sequence) for v in remains.versions] == [(1, 1), (2, 2)]
    assert [(d.bundle_sequence, d.receipt_sequence) for d in remains.deliveries] == [
        (1, receipt),
        (2, receipt),
    ]
    kinds = [entry.kind for entry in remains.custody]
    assert kinds.count("export") == 2
    assert kinds.count("pack_apply") == 1  # one receipt named both bundles
    assert kinds[-1] == "purge"


def test_a_testimony_whose_content_is_here_has_no_remains(
    coordinator: Archive, enrolled: Workspace, stick: Path
) -> None:
    sealed = add_testimony(enrolled)
    _deliver(coordinator, enrolled, stick)
    _confirm(coordinator, enrolled, stick)  # archived, not purged
    assert purged_view.purged_remains(enrolled, sealed.id) is None
    # The archive purges nothing: its copy is never "remains".
    assert purged_view.purged_remains(coordinator.ws, sealed.id) is None


def test_an_unknown_id_is_not_found(enrolled: Workspace) -> None:
    with pytest.raises(RecordNotFoundError):
        purged_view.purged_remains(enrolled, uuid_with_prefix("abcd"))
