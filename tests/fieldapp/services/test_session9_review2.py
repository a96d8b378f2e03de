"""Session 9, second review (R3): the one-clock rule for withdrawals received at the office, and
purge's erasing of consent records' words.

Each finding is a strict xfail until fixed; what held is a plain test. Real workspaces
(import_support): an archive, an enrolled laptop, bundles, receipts and packs through a stick.
"""

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

import fieldapp
from fieldapp.domain import ConsentScope
from fieldapp.domain.consent import OfficeWithdrawal, consent_at_archive
from fieldapp.services import importing, packs, receipts, records, standing
from fieldapp.services.office_withdrawals import consent_in_force, record_office_withdrawal
from fieldapp.services.withdrawal_packs import write_withdrawal_packs
from fieldapp.workspace import Workspace
from fieldapp.workspace.master_key import database_key
from tests.fieldapp.domain.factories import make_consent, make_testimony, make_withdrawal
from tests.fieldapp.workspace.support import PASSPHRASE
from ui.views.editor.consent_in_force import _withdrawal_of

from .import_support import Archive, Device, make_archive, make_device
from .test_office_told import _laptop_clock, _sealed, _told_seq, _version
from .test_purge_words import RESTRICTION, WORDS, _delivered, _worded_consent
from .test_purge_words import _sealed as _sealed_worded
from .test_receipts import _decrypted_pages

A = ConsentScope
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}


def _import(hq: Archive, laptop: Device) -> None:
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason


# --- one clock: a clock set back between the consent and the pack --------------------------------


def test_a_clock_set_back_before_the_pack_does_not_let_an_earlier_consent_supersede(
    hq: Archive, laptop: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R3-1: a laptop whose clock is set back (a dead RTC battery, a manual correction) after
    consent was taken and before the withdrawal pack is applied stamps its pack_apply event
    earlier than that consent. The order of the two signed events in the laptop's one chain
    decides instead: a version supersedes only if its ``consent`` event comes after the
    ``pack_apply``."""
    testimony_id, first = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    # After the call, not knowing of it, the interviewer takes consent again: the clock right.
    _version(laptop, first, 2, datetime.now(UTC))
    # Then the laptop's clock is set back a day; the withdrawal pack arrives and is applied.
    with _laptop_clock(monkeypatch, -timedelta(days=1)):
        [sent] = write_withdrawal_packs(hq.ws, laptop.usb)
        packs.apply_pack(laptop.ws, sent.pack.path)
    _import(hq, laptop)
    assert _told_seq(hq.ws, withdrawal_id) == _told_seq(laptop.ws, withdrawal_id) is not None
    # Version 2 was taken before the laptop was told: the withdrawal stands, on both sides.
    for ws in (laptop.ws, hq.ws):
        in_force = consent_in_force(ws, testimony_id)
        assert (in_force.version, in_force.allows(A.RESEARCH)) == (2, False)
    # Version 3, taken knowing of it, though the clock (still wrong) stamps it before the pack:
    # its event follows the pack_apply in the chain, so it supersedes the withdrawal.
    _version(laptop, first, 3, datetime.now(UTC) - timedelta(days=2))
    _import(hq, laptop)
    for ws in (laptop.ws, hq.ws):
        in_force = consent_in_force(ws, testimony_id)
        assert (in_force.version, in_force.allows(A.RESEARCH)) == (3, True)


def _withdraw_research(hq: Archive, testimony_id: UUID) -> str:
    recorded = record_office_withdrawal(hq.ws, testimony_id, [A.RESEARCH], **OFFICE)
    return str(recorded.withdrawal.id)


# --- purge: words left in the WAL after a receipt ------------------------------------------------


def test_a_receipt_erasing_words_leaves_none_in_any_page_or_wal_frame(
    hq: Archive, laptop: Device
) -> None:
    """A version recorded after the testimony was purged travels whole; the receipt naming its
    bundle erases its words (receipts._apply_receipt). The old page must not stay in the WAL
    or the database file until the next checkpoint: a laptop seized then gives them up."""
    testimony_id = _sealed_worded(laptop)
    _delivered(hq, laptop)
    marker = f"{RESTRICTION}-late"
    pseudonym = laptop.ws.repository.consents_for(testimony_id)[0].pseudonym
    second = _worded_consent(testimony_id, pseudonym, version=2)
    second = second.model_copy(update={"restrictions": marker})
    records.add_consent(laptop.ws, second)
    assert receipts.purge_archived(laptop.ws).testimonies == 1  # version 2 waits, whole
    key = database_key(laptop.ws.master_key)
    files = laptop.ws.layout.database_companions()
    assert marker.encode() in _decrypted_pages(files, key)  # where it is looked for

    _import(hq, laptop)
    for sent in receipts.write_receipts(hq.ws, laptop.usb, to=laptop.fingerprint):
        packs.apply_pack(laptop.ws, sent.path)
    assert laptop.ws.repository.consents_for(testimony_id)[1].restrictions is None
    pages = _decrypted_pages(files, key)
    assert [w for w in (marker, *WORDS) if w.encode() in pages] == []
    assert pseudonym.encode() in pages  # what remains is there to be seen


# --- the archive's panel names a superseded office withdrawal ------------------------------------


def test_the_panel_names_the_office_withdrawal_in_force_not_one_superseded() -> None:
    hour = timedelta(hours=1)
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)  # by the laptop's clock, two hours slow
    first = make_consent(version=1, taken_at=start - 48 * hour)
    # Told of W1, the interviewer took version 2 (its consent event after the pack_apply in
    # the laptop's log): it supersedes W1, though the archive stamped W1 an hour later.
    second = make_consent(version=2, taken_at=start)
    w1 = make_withdrawal(
        A.RESEARCH, applies_to_version=1, received_at=start + hour, how_received="phone"
    )
    w2 = make_withdrawal(
        A.RESEARCH, applies_to_version=2, received_at=start + 3 * hour, how_received="letter"
    )
    office = [OfficeWithdrawal(w1, after_told=frozenset({2})), OfficeWithdrawal(w2)]
    consent = consent_at_archive([first, second], (), office)
    assert consent.version == 2
    assert A.RESEARCH in consent.withdrawn  # by W2 alone
    assert consent_at_archive([first, second], (), office[:1]).allows(A.RESEARCH)
    found = _withdrawal_of(A.RESEARCH, consent, (), office)
    assert found == (w2, True)


# --- all or nothing: an import killed after it set told_seq --------------------------------------

_KILLED_AFTER_TOLD = r"""
import os, signal, sys
from pathlib import Path

from fieldapp.services import importing
from fieldapp.workspace import Workspace, office_told

root, bundle = Path(sys.argv[1]), Path(sys.argv[2])
original = office_told.told_by_pack


def told_then_die(*args, **kwargs):
    named = original(*args, **kwargs)
    if named:  # told_seq is set in the import's transaction: die before it commits
        os.kill(os.getpid(), signal.SIGKILL)
    return named


office_told.told_by_pack = told_then_die
ws = Workspace.unlock(root, os.environ["IMPORT_TEST_PASSPHRASE"])
report = importing.import_bundle(ws, bundle)
print(report.outcome, report.reason, flush=True)
"""


def test_an_import_killed_after_setting_told_seq_leaves_it_unset(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    archive = make_archive(tmp_path / "archive")
    device = make_device(tmp_path / "laptop", archive, "Laptop A")
    testimony_id, _ = _sealed(archive, device)
    withdrawal_id = _withdraw_research(archive, testimony_id)
    [sent] = write_withdrawal_packs(archive.ws, device.usb)
    packs.apply_pack(device.ws, sent.pack.path)
    _version_after = datetime.now(UTC) + timedelta(minutes=1)
    _version(device, device.ws.repository.consents_for(testimony_id)[0], 2, _version_after)
    bundle = device.export()  # carries the pack_apply event
    root = archive.root
    archive.ws.lock()
    device.ws.lock()
    script = tmp_path / "child.py"
    script.write_text(_KILLED_AFTER_TOLD)
    env = {
        **os.environ,
        "IMPORT_TEST_PASSPHRASE": PASSPHRASE,
        "PYTHONPATH": str(Path(fieldapp.__file__).resolve().parents[1]),
    }
    child = subprocess.run(
        [sys.executable, str(script), str(root), str(bundle)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, (child.stdout, child.stderr)
    with Workspace.unlock(root, PASSPHRASE) as ws:
        assert _told_seq(ws, withdrawal_id) is None
        assert ws.connection.execute("SELECT count(*) FROM bundles_received").fetchone()[0] == 1
        [report] = importing.import_bundles(ws, [bundle])  # the whole of it, this time
        assert report.outcome == "imported", report.reason
        assert _told_seq(ws, withdrawal_id) is not None
        in_force = consent_in_force(ws, testimony_id)
        assert (in_force.version, in_force.allows(A.RESEARCH)) == (2, True)


# --- the bundle carrying the pack_apply event lost, its gap accepted, then found ----------------


def test_a_found_bundle_with_the_pack_apply_event_brings_the_two_back_in_agreement(
    hq: Archive, laptop: Device
) -> None:
    """decisions.md leaves the lost bundle (the archive keeps the withdrawal in force while the
    laptop may count it superseded). A found stick heals it: its events are checked as the
    missing link, told_seq is read off them, and the report names the use allowed again."""
    testimony_id, first = _sealed(hq, laptop)
    withdrawal_id = _withdraw_research(hq, testimony_id)
    [sent] = write_withdrawal_packs(hq.ws, laptop.usb)
    packs.apply_pack(laptop.ws, sent.pack.path)
    testimony = make_testimony(id=uuid4())
    records.create_testimony(
        laptop.ws,
        testimony,
        [make_consent(testimony_id=testimony.id, pseudonym=testimony.pseudonym)],
    )
    records.seal_testimony(laptop.ws, testimony.id)
    lost = laptop.export()  # bundle 2: the pack_apply event
    standing.accept_gap(hq.ws, laptop.fingerprint, 2, "Stick lost on the way")
    _version(laptop, first, 2, datetime.now(UTC) + timedelta(minutes=1))
    _import(hq, laptop)  # bundle 3: version 2, taken after the laptop was told
    assert _told_seq(hq.ws, withdrawal_id) is None  # what decisions.md leaves
    assert consent_in_force(laptop.ws, testimony_id).allows(A.RESEARCH)
    assert not consent_in_force(hq.ws, testimony_id).allows(A.RESEARCH)

    [report] = hq.import_(lost)
    assert report.outcome == "imported", report.reason
    assert _told_seq(hq.ws, withdrawal_id) == _told_seq(laptop.ws, withdrawal_id) is not None
    assert consent_in_force(hq.ws, testimony_id) == consent_in_force(laptop.ws, testimony_id)
    assert [(again.version, again.scopes) for again in report.allowed_again] == [(2, ["research"])]
