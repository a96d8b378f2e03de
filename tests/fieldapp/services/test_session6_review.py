"""Adversarial review of session 6's changes: an anonymous witness's signed consent form, and
consents waiting for their testimony. Each test proved a bug found by the review (a strict
xfail until it was fixed)."""

from fieldapp.services import export_resend, standing
from fieldapp.workspace import import_state
from tests.fieldapp.services.import_support import (
    Site,
    record_line,
    resign,
    rewrite_records,
)
from tests.fieldapp.services.waiting_support import GAP_REASON, withdraw_from_lost


# -- import_waiting: what waited is applied unchecked ------------------------------------------
def test_a_waiting_consent_naming_another_witness_is_not_applied(site: Site) -> None:
    story = withdraw_from_lost(site, archive_scope=False)
    testimony = site.a.ws.repository.get_testimony(story.testimony)
    consents = site.a.ws.repository.consents_for(story.testimony)
    other = site.b.ws.repository.list_testimonies()[0].pseudonym
    forged_consent = consents[-1].model_copy(
        update={"version": len(consents) + 1, "pseudonym": other}
    )
    assert forged_consent.pseudonym != testimony.pseudonym
    forged = rewrite_records(
        story.third.read_bytes(),
        site.archive,
        site.a.key,
        lambda lines: [*lines, record_line("consent", forged_consent)],
    )
    path = site.tmp / "forged-third.fieldbundle"
    path.write_bytes(forged)
    standing.accept_gap(site.archive.ws, site.a.fingerprint, 2, GAP_REASON)
    [third] = site.archive.import_(path)
    if third.outcome == "imported":
        # It waits; the device sends the lost bundle's records again and the testimony arrives
        # (bundle 4 re-signed to follow the bundle 3 the archive holds).
        export_resend.resend_bundle(site.a.ws, 2, reason="Stick lost on the bus")
        digest = import_state.received_digest(site.archive.ws.connection, site.a.fingerprint, 3)
        fourth = site.tmp / "fourth.fieldbundle"
        fourth.write_bytes(resign(site.a.export().read_bytes(), site.a.key, previous=digest))
        [report] = site.archive.import_(fourth)
        assert report.outcome == "imported", report.reason
        # The genuine withdrawal is applied; the consent naming another witness is dropped.
        assert (report.released, report.discarded_waiting) == (1, 1)
    repo = site.archive.ws.repository
    held = repo.consents_for(story.testimony)
    assert all(c.pseudonym == testimony.pseudonym for c in held)
