"""The editor's consent tab: loading what the consent allows (on the archive, the consent in
force as the archive holds it, the office's withdrawals counted; on a laptop, its own record
and any office withdrawal a pack told it of), and recording a consent given.

``ConsentWiring`` is mixed into ``TestimonyEditor`` (which owns the record, the sections and the
workspace). Its texts keep the editor's translation context (``TestimonyEditor``), so the Korean
written for them there still applies.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Slot

from fieldapp.domain import ConsentScope, ConsentWithdrawal
from fieldapp.domain.consent import EffectiveConsent
from fieldapp.errors import FieldappError
from fieldapp.services import editing, office_withdrawals
from fieldapp.services.records import TestimonyRecord
from ui.error_text import error_text
from ui.views.editor.consent_section import ConsentSection


class ConsentWiring:
    """Fills ``consent`` from a record, works out whether its content may be shown
    (``_content_allowed``) and records the consent the tab submits."""

    # Provided by TestimonyEditor.
    consent: ConsentSection
    _workspace: Any
    _received: bool
    _in_force: EffectiveConsent | None
    save_now: Callable[[], bool]
    _require_id: Callable[[], UUID]
    _run: Callable[[str, Callable[[], None]], bool]
    _refresh: Callable[[], None]

    def _load_consent(self, record: TestimonyRecord) -> None:
        testimony = record.testimony
        self._in_force = None
        office: tuple[ConsentWithdrawal, ...] = ()
        unknown = ""
        told = office_withdrawals.office_withdrawals_for(self._workspace, testimony.id)
        if self._received or told:  # on a laptop: told by a withdrawal pack
            office, unknown = self._read_in_force(testimony.id)
        self.consent.load(
            record.consents,
            record.withdrawals,
            testimony.interviewer,
            testimony.language,
            self._content_allowed(record),
            office_withdrawals=office,
        )
        # With when the laptop was told of each, to name the one in force (the record's).
        told = record.office_withdrawals
        if self._received:
            self.consent.show_in_force(self._in_force, record.withdrawals, told, unknown)
        elif office:
            self.consent.show_told_by_office(self._in_force, record.withdrawals, told, unknown)

    def _read_in_force(self, testimony_id: UUID) -> tuple[tuple[ConsentWithdrawal, ...], str]:
        """On the archive: the office's withdrawals, and the consent in force into
        ``_in_force``, or (``_in_force`` left None) why it cannot be worked out."""
        office = tuple(office_withdrawals.office_withdrawals_for(self._workspace, testimony_id))
        try:
            self._in_force = office_withdrawals.consent_in_force(self._workspace, testimony_id)
        except FieldappError as error:
            # A version lost with a bundle: no use is taken as allowed, and the office can
            # still record a withdrawal (it only takes uses away; the services take it).
            return office, error_text(error)
        return office, ""

    def _content_allowed(self, record: TestimonyRecord | None) -> bool:
        """Whether the consent in force allows archiving; on the archive, as the archive holds
        it (a withdrawal received at the office locks the content there as the laptop's does)."""
        if record is None:
            return False
        if self._received:
            return self._in_force is not None and self._in_force.allows(ConsentScope.ARCHIVE)
        return editing.content_allowed(record)

    @Slot(object)
    def on_consent_submitted(self, fields: dict[str, Any]) -> None:
        self.save_now()

        def record() -> None:
            editing.record_consent(self._workspace, self._require_id(), fields)
            self._refresh()

        recorded = QCoreApplication.translate("TestimonyEditor", "The consent was recorded.")
        self._run(recorded, record)
