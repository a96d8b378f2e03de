"""Adversarial review of session 10's core: access logging, packs verified, key shares and the
one-clock rule for office withdrawals.

Each test is a finding (or a property the review tried to break and found holding). Real
workspaces: import_support's ``site`` (an archive and two enrolled laptops, each with bundle 1
exported and not imported).
"""

import shutil
from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.domain import ConfidentialityLevel, CustodyKind
from fieldapp.errors import WorkspaceBusyError
from fieldapp.services import access, audit, export, records, session, verification
from fieldapp.sync.bundle_verify import BUNDLE, PACK
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import NARRATIVE_TEXT, make_identity, make_narrative
from tests.fieldapp.sync.test_pack_verify import make_pack_site
from tests.fieldapp.workspace.support import new_testimony
from ui.error_text import error_text

from .import_support import Site, custody_events, read_members, write_members


def _recorded(ws: Workspace, *, seal: bool = True) -> UUID:
    """A strictly confidential testimony with its witness's identity, sealed when ``seal``."""
    testimony, consent = new_testimony(confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    identity = make_identity(pseudonym=testimony.pseudonym)
    records.create_testimony(ws, testimony, [consent], identity, [])
    if seal:
        records.seal_testimony(ws, testimony.id)
    return testimony.id


# -- access events and what comes after them ---------------------------------------------------


def test_reading_a_testimony_in_another_window_does_not_fail_an_export(site: Site) -> None:
    """An opening only logs that someone read: it changes nothing a bundle carries, so an
    export running meanwhile (a second window, ``testimony show`` in a terminal) must not be
    thrown away as a conflict after writing the whole bundle."""
    ws = site.a.ws
    testimony_id = _recorded(ws)
    opened = False

    def someone_reads(done: int, total: int) -> None:
        nonlocal opened
        if not opened:
            opened = True
            with session.worker_handle(ws) as other:
                access.open_record(other, testimony_id)

    result = export.export_bundle(ws, site.a.usb, progress=someone_reads)
    assert opened
    assert result.path is not None
    [first] = site.archive.import_(site.a.bundles[0].path)  # type: ignore[arg-type]
    [second] = site.archive.import_(result.path)
    assert (first.outcome, second.outcome) == ("imported", "imported"), second.reason
    # The opening that came during the export travels in the next bundle.
    _recorded(ws)
    third = export.export_bundle(ws, site.a.usb)
    assert third.path is not None
    [report] = site.archive.import_(third.path)
    assert report.outcome == "imported", report.reason
    assert audit.verify_custody(site.archive.ws).intact


def test_a_drafts_opening_reaches_the_archive_and_the_audit_holds(site: Site) -> None:
    """A draft is never sent, but an opening of it is an event in the laptop's log, which
    travels whole: the archive must take an event naming a record it does not hold."""
    ws = site.a.ws
    draft = _recorded(ws, seal=False)
    access.open_record(ws, draft)
    access.open_identity(ws, draft)
    _recorded(ws)  # something to send
    [first] = site.archive.import_(site.a.bundles[0].path)  # type: ignore[arg-type]
    [second] = site.archive.import_(site.a.export())
    assert (first.outcome, second.outcome) == ("imported", "imported"), second.reason
    assert audit.verify_custody(site.archive.ws).intact
    kinds = [e.kind for e in custody_events(ws)]
    assert CustodyKind.ACCESS in kinds


def test_suggesting_redactions_is_an_opening_of_the_identity(site: Site) -> None:
    """The suggestions say which words of the narrative are the witness's names and places
    (the editor underlines them, `testimony redact` prints them): the identity's opening."""
    ws = site.a.ws
    testimony, consent = new_testimony(
        confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL,
        narrative=make_narrative(NARRATIVE_TEXT),
    )
    records.create_testimony(
        ws, testimony, [consent], make_identity(pseudonym=testimony.pseudonym), []
    )
    before = len(custody_events(ws))
    spans = access.redaction_suggestions(ws, testimony.id)
    assert spans
    [event] = custody_events(ws)[before:]
    assert (event.kind, event.record_id, event.record_version, event.payload_hash) == (
        CustodyKind.ACCESS,
        testimony.id,
        None,
        access.identity_access_digest(testimony.id),
    )
    records.mark_suggested_redactions(ws, testimony.id)
    before = len(custody_events(ws))
    assert access.redaction_suggestions(ws, testimony.id) == []
    assert len(custody_events(ws)) == before, "nothing found, nothing of the identity shown"


def test_an_earlier_version_of_a_testimony_now_strictly_confidential_is_logged(
    site: Site,
) -> None:
    """Raising the level by an amendment says the content is dangerous: version 1 holds the
    same narrative, and `testimony show ID --version 1` must log its opening too."""
    ws = site.a.ws
    testimony, consent = new_testimony(confidentiality=ConfidentialityLevel.CONFIDENTIAL)
    records.create_testimony(ws, testimony, [consent], None, [])
    records.seal_testimony(ws, testimony.id)
    records.amend_testimony(
        ws, testimony.id, {"confidentiality": ConfidentialityLevel.STRICTLY_CONFIDENTIAL}
    )
    records.seal_testimony(ws, testimony.id)
    before = len(custody_events(ws))
    shown = access.open_record(ws, testimony.id, 1)
    assert shown.testimony.narrative == testimony.narrative
    opened = [e for e in custody_events(ws)[before:] if e.kind is CustodyKind.ACCESS]
    assert [(e.record_id, e.record_version) for e in opened] == [(testimony.id, 1)]
    # Lowered again (version 3, its names redacted, say): versions 1 and 2 are still logged,
    # version 3 is not.
    records.amend_testimony(
        ws, testimony.id, {"confidentiality": ConfidentialityLevel.CONFIDENTIAL}
    )
    records.seal_testimony(ws, testimony.id)
    before = len(custody_events(ws))
    for version in (1, 2, 3, None):
        access.open_record(ws, testimony.id, version)
    opened = [e for e in custody_events(ws)[before:] if e.kind is CustodyKind.ACCESS]
    assert [e.record_version for e in opened] == [1, 2]


# -- packs verified: what held ------------------------------------------------------------------


def test_a_files_name_does_not_decide_what_it_is_checked_as(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    site = make_pack_site(tmp_path / "site")
    try:
        as_pack = tmp_path / "bundle.fieldpack"
        as_bundle = tmp_path / "pack.fieldbundle"
        shutil.copyfile(site.bundle, as_pack)
        shutil.copyfile(site.packs[0], as_bundle)
        checks = site.check(as_pack, as_bundle)
        assert [(c.ok, c.container, c.kind) for c in checks] == [
            (True, BUNDLE, "records"),
            (True, PACK, "enrolment"),
        ]
        # A device's signed bundle manifest in a pack's members: checked as a pack, refused.
        members = dict(read_members(site.bundle.read_bytes()))
        payload = dict(read_members(site.packs[0].read_bytes()))
        mixed = tmp_path / "mixed.fieldpack"
        mixed.write_bytes(
            write_members(
                [
                    ("manifest.json", members["manifest.json"]),
                    ("manifest.sig", members["manifest.sig"]),
                    ("payload.age", payload["payload.age"]),
                    ("VERIFY.txt", payload["VERIFY.txt"]),
                ]
            )
        )
        [check] = site.check(mixed)
        assert (check.ok, check.container) == (False, PACK)
    finally:
        site.close()


def test_the_editors_suggestions_of_the_witnesss_names_are_logged(qtbot, site: Site) -> None:
    from ui.views.editor import TestimonyEditor

    ws = site.a.ws
    testimony, consent = new_testimony(
        confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL,
        narrative=make_narrative(NARRATIVE_TEXT),
    )
    identity = make_identity(pseudonym=testimony.pseudonym)
    records.create_testimony(ws, testimony, [consent], identity, [])
    editor = TestimonyEditor()
    qtbot.addWidget(editor)
    editor.open_testimony(ws, testimony.id)
    before = len(custody_events(ws))
    editor.on_suggestions_requested()
    shown = editor.narrative.suggestion_list
    assert any("Kim Chol-su" in shown.item(row).text() for row in range(shown.count()))
    digests = [e.payload_hash for e in custody_events(ws)[before:]]
    assert access.identity_access_digest(testimony.id) in digests


def test_an_opening_that_cannot_be_logged_shows_nothing(qtbot, site: Site) -> None:
    """Held: while another process holds the write lock (an import, a second window's save)
    the opening cannot be committed, and the editor shows a sentence and no content."""
    from ui.views.editor import TestimonyEditor

    ws = site.a.ws
    testimony, consent = new_testimony(
        confidentiality=ConfidentialityLevel.STRICTLY_CONFIDENTIAL,
        narrative=make_narrative(NARRATIVE_TEXT),
    )
    records.create_testimony(ws, testimony, [consent], None, [])
    editor = TestimonyEditor()
    qtbot.addWidget(editor)
    before = custody_events(ws)
    ws.connection.execute("PRAGMA busy_timeout = 50")  # the 5 s wait is not what is tested
    with session.worker_handle(ws) as other:
        other.connection.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(WorkspaceBusyError):
                access.open_record(ws, testimony.id)
            editor.open_testimony(ws, testimony.id)
        finally:
            other.connection.execute("ROLLBACK")
    assert editor.narrative.edit.text() == ""
    assert editor.header.message.text() == error_text(WorkspaceBusyError())
    assert custody_events(ws) == before


def test_a_fork_and_a_copy_among_bundles_keep_each_verdict_apart(tmp_path: Path) -> None:
    """Held: a pack given twice, a forked pack 2 and a bundle in one run, with the signed
    roster confirmed: the copy is the same pack listed twice, both packs 2 are refused as a
    fork, pack 3 (following one of them) and the bundle stay OK, as bundles' rules say."""
    (tmp_path / "site").mkdir()
    site = make_pack_site(tmp_path / "site")
    try:
        copy = tmp_path / "copy.fieldpack"
        shutil.copyfile(site.packs[0], copy)
        fork = site.forged("fork.fieldpack", site.archive.ws.signing_key)
        roster = verification.load_roster(site.roster, coordinator=site.archive.fingerprint)
        paths = [site.packs[0], site.bundle, copy, site.packs[1], fork, site.packs[2]]
        report = verification.verify_files(paths, roster)
        assert [check.ok for check in report.files] == [True, True, True, False, False, True]
        assert report.files[2].same_as == str(site.packs[0])  # type: ignore[attr-defined]
        assert "(a fork)" in (report.files[3].reason or "")
        [chain] = report.packs
        assert (chain.sequences, chain.forks, chain.replays) == ([1, 2, 3], [2], [])
        [device] = report.devices
        assert device.intact
    finally:
        site.close()
