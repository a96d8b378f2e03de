"""An archive whose testimonies' consents differ, received from a real laptop in a bundle (no
tests here): for the list's consent filter and the office's withdrawals in the desktop app."""

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from fieldapp.domain import ConsentScope
from fieldapp.services import export, importing, office_withdrawals, records
from fieldapp.workspace import Workspace
from tests.fieldapp.domain.factories import make_scopes
from tests.fieldapp.services.test_enrolment_support import Archive
from tests.fieldapp.services.test_export_support import withdraw
from tests.fieldapp.workspace.support import new_testimony


@dataclass
class ConsentArchive:
    ws: Workspace
    #: Every use agreed, nothing withdrawn.
    everything: UUID
    #: Version 1 said no to research.
    no_research: UUID
    #: Every use agreed; the laptop then recorded a withdrawal of UN reporting.
    un_withdrawn_on_laptop: UUID

    @property
    def ids(self) -> set[UUID]:
        return {self.everything, self.no_research, self.un_withdrawn_on_laptop}


def _sealed(device: Workspace, **scopes: bool) -> UUID:
    testimony, consent = new_testimony()
    consent = consent.model_copy(update={"scopes": make_scopes(**scopes)})
    records.create_testimony(device, testimony, [consent])
    records.seal_testimony(device, testimony.id)
    return testimony.id


def make_consent_archive(coordinator: Archive, device: Workspace, usb: Path) -> ConsentArchive:
    """``device`` (enrolled with ``coordinator``) records three testimonies and exports them
    to ``usb``; the archive imports the bundle."""
    everything = _sealed(device)
    no_research = _sealed(device, research=False)
    un_withdrawn = _sealed(device)
    withdraw(device, device.repository.get_testimony(un_withdrawn), ConsentScope.UN_REPORTING)
    bundle = export.export_bundle(device, usb).path
    assert bundle is not None
    [report] = importing.import_bundles(coordinator.ws, [bundle])
    assert report.outcome == "imported", report
    return ConsentArchive(coordinator.ws, everything, no_research, un_withdrawn)


def allowed_by_the_core(ws: Workspace, ids: set[UUID], scope: ConsentScope) -> set[UUID]:
    """The testimonies among ``ids`` whose consent in force allows ``scope``, as the services
    say one by one (what the list's filter must agree with)."""
    return {i for i in ids if office_withdrawals.consent_in_force(ws, i).allows(scope)}
