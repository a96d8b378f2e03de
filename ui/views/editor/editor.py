"""The testimony editor: one record's sections in tabs, consent first, saved as it is typed.

The editor holds the workspace as an opaque handle and does every change through the
services, as the CLI does. Content (narrative, incidents, attachments, identity) stays disabled
until the consent in force allows archiving. A sealed record is shown read-only, with Amend to
open a new draft version; consent withdrawals can still be recorded on it. On the archive a
record is read-only, its consent is read as the archive holds it in force (the office's
withdrawals counted), and a withdrawal received at the office can be recorded. The seal, amend
and withdrawal flows live in ``lifecycle_actions``, the consent tab's loading and recording in
``editor_consent``, the identity panel's in ``editor_identity`` (each mixed in).
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.consent import EffectiveConsent
from fieldapp.errors import FieldappError, RecordPurgedError
from fieldapp.services import access, custody_view, editing, purged_view, records, session
from fieldapp.services.records import TestimonyRecord
from ui.error_text import error_text
from ui.views.editor.attachments_section import AttachmentsSection
from ui.views.editor.autosave import AUTOSAVE_DELAY_MS, Autosave
from ui.views.editor.consent_section import ConsentSection
from ui.views.editor.custody_section import CustodySection
from ui.views.editor.editor_consent import ConsentWiring
from ui.views.editor.editor_header import EditorHeader
from ui.views.editor.editor_identity import IdentityWiring
from ui.views.editor.incidents_section import IncidentsSection
from ui.views.editor.interview_section import InterviewSection
from ui.views.editor.lifecycle_actions import AMENDABLE, LifecycleActions
from ui.views.editor.narrative_section import NarrativeSection
from ui.views.editor.purged_page import PurgedPage
from ui.views.editor.seal_dialog import SealDialog
from ui.views.editor.unsaved_edits import UnsavedEdits
from ui.views.editor.vocab_combo import VocabularyCombo
from ui.views.editor.withdrawal_dialog import WithdrawalDialog
from ui.views.editor.witness_section import IDLE_CLOSE_MS, WitnessSection

#: The role whose workspace only receives records (``session.workspace_role``).
ARCHIVE_ROLE = "archive"


def _scrolling(section: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(section)
    return area


class TestimonyEditor(LifecycleActions, ConsentWiring, IdentityWiring, QWidget):
    """Signals carry the testimony's id (a ``UUID``)."""

    testimony_saved = Signal(object)
    testimony_sealed = Signal(object)
    testimony_amended = Signal(object)
    #: A withdrawal of consent was recorded (on the laptop, or at the archive for the office):
    #: what the testimony may be used for changed.
    withdrawal_recorded = Signal(object)
    closed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        autosave_ms: int = AUTOSAVE_DELAY_MS,
        identity_idle_ms: int = IDLE_CLOSE_MS,
    ) -> None:
        super().__init__(parent)
        self._workspace: Any = None  # opaque: handed to the services only
        self._testimony_id: UUID | None = None
        self._record: TestimonyRecord | None = None
        self._received = False  # the open record is the archive's, received in a bundle
        self._in_force: EffectiveConsent | None = None  # the archive's reading of its consent
        self.seal_dialog: SealDialog | None = None
        self.withdrawal_dialog: WithdrawalDialog | None = None
        self.amend_box: QMessageBox | None = None
        #: Who leaves the editor on *Back to the list* (the window: at once, the edits stored on
        #: a worker); without one, the editor saves here, then closes.
        self.leave_handler: Callable[[], None] | None = None

        self.header = EditorHeader()
        self.consent = ConsentSection()
        self.interview = InterviewSection()
        self.witness = WitnessSection(idle_close_ms=identity_idle_ms)
        self.narrative = NarrativeSection()
        self.incidents = IncidentsSection()
        self.attachments = AttachmentsSection()
        self.custody = CustodySection()
        self.purged = PurgedPage()  # in place of the tabs for a testimony purged here
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Sections of the testimony"))
        # Long forms scroll: a field laptop's screen is small.
        self.tabs.addTab(_scrolling(self.consent), self.tr("&Consent"))
        self.tabs.addTab(_scrolling(self.interview), self.tr("Inter&view"))
        self.tabs.addTab(_scrolling(self.witness), self.tr("Wit&ness"))
        self.tabs.addTab(self.narrative, self.tr("Na&rrative"))
        self.tabs.addTab(_scrolling(self.incidents), self.tr("Inci&dents"))
        self.tabs.addTab(self.attachments, self.tr("Attac&hments"))
        self.tabs.addTab(self.custody, self.tr("Custod&y"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.purged, 1)
        self.purged.hide()

        self.autosave = Autosave(self._save_changes, self, delay_ms=autosave_ms)
        self.autosave.state_changed.connect(self.header.on_save_state_changed)
        self._connect()
        self._show_record_state()

    def _connect(self) -> None:
        h = self.header
        h.close_button.clicked.connect(self.on_close_clicked)
        h.seal_button.clicked.connect(self.on_seal_clicked)
        h.amend_button.clicked.connect(self.on_amend_clicked)
        for section in (self.interview, self.narrative, self.incidents):
            section.edited.connect(self.autosave.schedule)
        self.consent.consent_submitted.connect(self.on_consent_submitted)
        self.consent.withdrawal_requested.connect(self.on_withdrawal_requested)
        self.witness.identity_show_requested.connect(self.on_identity_show_requested)
        self.witness.identity_hide_requested.connect(self.on_identity_hide_requested)
        self.witness.identity_close_due.connect(self.on_identity_close_due)
        self.narrative.suggestions_requested.connect(self.on_suggestions_requested)
        self.attachments.attachment_added.connect(self.on_attachments_changed)
        self.attachments.audio_recorded.connect(self.on_attachments_changed)

    # -- public interface ------------------------------------------------------------------
    @property
    def testimony_id(self) -> UUID | None:
        return self._testimony_id

    def show_section(self, section: QWidget) -> None:
        """Bring the tab holding ``section`` (``editor.narrative``, …) to the front."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is section or (isinstance(page, QScrollArea) and page.widget() is section):
                self.tabs.setCurrentIndex(index)
                return

    def current_section(self) -> QWidget:
        page = self.tabs.currentWidget()
        return page.widget() if isinstance(page, QScrollArea) else page

    def new_testimony(self, workspace: object) -> UUID | None:
        """Create a blank draft through the services and open it at the consent tab; its id,
        or ``None`` (with the reason shown) if it could not be created."""
        try:
            testimony = editing.new_draft(workspace)  # type: ignore[arg-type]
        except FieldappError as error:
            self.header.show_message(error_text(error))
            return None
        self.open_testimony(workspace, testimony.id, opening=False)  # made here, just now
        self.show_section(self.consent)
        return testimony.id

    def open_testimony(
        self, workspace: object, testimony_id: UUID, *, opening: bool = True
    ) -> None:
        """Show the latest version of ``testimony_id`` (the current one is saved first).
        ``opening``: a person asked to see it, which is logged for a strictly confidential
        testimony (``services.access``); False when the editor reads again what it shows."""
        if self._testimony_id is not None:
            self.clear()
        self._workspace = workspace
        self._testimony_id = testimony_id
        # The archive only reads what its devices sent (the services refuse any change there).
        self._received = session.workspace_role(workspace) == ARCHIVE_ROLE
        try:
            self._load(opening=opening)
        except FieldappError as error:
            self.clear()
            self.header.show_message(error_text(error))

    def save_now(self) -> bool:
        """Save every pending change, the open identity panel's included; whether all saved."""
        if self._testimony_id is None:
            return True
        saved = self.autosave.flush()
        return self._save_identity() and saved

    def take_unsaved(self) -> UnsavedEdits | None:
        """The edits not yet stored (the form's, the open identity panel's), taken out of the
        editor: it forgets them and closes the panel, saving nothing itself (at a lock, they
        are stored on a worker: ``unsaved_edits``). ``None`` when there are none."""
        if self._testimony_id is None:
            return None
        changes, refused = self._unsaved_changes()
        identity = None
        if self.witness.is_open and self.witness.has_changes:
            try:
                identity = self.witness.identity_fields()
            except FieldappError as error:  # a date not valid: the panel's edits are lost
                refused = error
        self.autosave.reset()
        self.witness.close_panel()  # before the editor is hidden, which would save it here
        if not changes and identity is None and refused is None:
            return None
        return UnsavedEdits(self._testimony_id, changes, identity, refused)

    def _unsaved_changes(self) -> tuple[dict[str, Any], FieldappError | None]:
        """The form's changed fields that autosave has not stored, and the error of a
        section that cannot give its own (an incident not valid)."""
        record = self._record
        changes: dict[str, Any] = {}
        if not self.autosave.pending or record is None or not record.testimony.is_editable():
            return changes, None
        refused = None
        for section in (self.interview, self.narrative, self.incidents):
            try:
                changes.update(section.changes())
            except FieldappError as error:
                refused = error
        return changes, refused

    def clear(self, *, save: bool = True) -> None:
        """Save what is pending (unless ``save`` is False: the lock takes it out first, a
        wipe drops it), then wipe every field and forget the workspace and record. Nothing
        of the record stays in the editor's widgets or memory."""
        if save and self._testimony_id is not None:
            self.save_now()
        self._close_lifecycle_dialogs()
        # Forgotten before the sections are emptied, so that nothing they signal on the way
        # (a recorder dialog closing) can read the record back in.
        self._workspace = None
        self._testimony_id = None
        self._record = None
        self._in_force = None
        self.witness.clear()
        for section in (self.consent, self.interview, self.narrative, self.incidents):
            section.clear()
        self.attachments.clear()
        self.custody.clear()
        self.purged.clear()
        self._set_purged_shown(False)
        self.autosave.reset()
        self.header.clear()
        self._show_record_state()

    # -- loading ---------------------------------------------------------------------------
    def _load(self, *, opening: bool = False) -> None:
        try:
            # Opened by a person: a strictly confidential testimony is shown once logged.
            read = access.open_record if opening else records.get_record
            record = read(self._workspace, self._require_id())
        except RecordPurgedError:
            self._load_purged()
            return
        testimony = record.testimony
        self._record = self._without_identity(record)
        for combo in self.findChildren(VocabularyCombo):
            combo.refill()  # the workspace's vocabularies, installed at unlock
        self.witness.load(testimony.pseudonym)
        self.interview.load(testimony)
        self.narrative.load(testimony.narrative)
        self.incidents.load(testimony.incidents)
        self.attachments.load(self._workspace, testimony.id, record.attachments)
        self._load_consent(record)
        self._load_custody()
        self.autosave.reset()
        self._show_record_state()

    def _load_purged(self) -> None:
        """A testimony whose content this laptop removed after the archive's receipt: what
        remains of it (its delivery, consent and custody), read-only, in place of the tabs,
        whose forms would stay empty."""
        remains = purged_view.purged_remains(self._workspace, self._require_id())
        if remains is None:
            raise RecordPurgedError()
        self.purged.load(remains)
        self.header.show_purged(remains.pseudonym, remains.versions[-1].version)
        self._set_purged_shown(True)

    def _set_purged_shown(self, shown: bool) -> None:
        self.tabs.setVisible(not shown)
        self.purged.setVisible(shown)

    def _load_custody(self) -> None:
        self.custody.load(custody_view.testimony_custody(self._workspace, self._require_id()))

    def _refresh(self) -> None:
        """Read the record again after consent, a withdrawal or an attachment changed it,
        keeping the form's own pending edits (the text and its cursor) untouched."""
        record = records.get_record(self._workspace, self._require_id())
        self._record = self._without_identity(record)
        self._load_consent(record)
        self.attachments.load(self._workspace, record.testimony.id, record.attachments)
        self._load_custody()
        self._show_record_state()

    @staticmethod
    def _without_identity(record: TestimonyRecord) -> TestimonyRecord:
        # The identity is read only when the protected panel opens, and not kept otherwise.
        return replace(record, identity=None)

    def _require_id(self) -> UUID:
        if self._testimony_id is None:
            raise FieldappError("No testimony is open.")
        return self._testimony_id

    def _show_record_state(self) -> None:
        record = self._record
        received = record is not None and self._received
        draft = record is not None and record.testimony.is_editable() and not received
        content = self._content_allowed(record)
        self.header.show_record(record, content, received=received)
        self.consent.setEnabled(record is not None)
        self.consent.set_form_shown(not received)
        self.consent.set_office_shown(received)
        self.consent.record_button.setVisible(draft)
        self.interview.set_editable(draft)
        for section in (self.narrative, self.incidents, self.attachments):
            section.setEnabled(content)
            section.set_editable(draft)
        self.witness.set_editable(content and not received)
        self.witness.set_received(received)
        self.header.seal_button.setVisible(draft)
        self.header.amend_button.setVisible(
            record is not None and not received and record.testimony.status in AMENDABLE
        )

    # -- saving ----------------------------------------------------------------------------
    def _save_changes(self) -> None:
        """Autosave's work: the form's changed fields into the draft (raises on failure)."""
        record = self._record
        if record is None or not record.testimony.is_editable():
            return
        interview = self.interview.changes()
        changes = {**interview, **self.narrative.changes(), **self.incidents.changes()}
        if not changes:
            return
        updated = records.edit_draft(self._workspace, self._require_id(), changes)
        self._record = replace(record, testimony=updated)
        self.interview.saved(set(interview))
        if "narrative" in changes:
            self.narrative.saved()
        if "incidents" in changes:
            self.incidents.saved()
        self.header.show_record(self._record, editing.content_allowed(self._record))
        self.testimony_saved.emit(updated.id)

    def _run(self, action: str, work: Any) -> bool:
        """Run a service call; a failure is shown as one sentence. Whether it succeeded."""
        try:
            work()
        except FieldappError as error:
            self.header.show_message(error_text(error))
            return False
        self.header.show_message(action)
        return True

    # -- leaving ---------------------------------------------------------------------------
    @Slot()
    def on_close_clicked(self) -> None:
        if self.leave_handler is not None:  # the window leaves at once, storing on a worker
            self.leave_handler()
            return
        if not self.save_now():
            return  # the reason is shown; the edits stay in the form
        self.clear()
        self.closed.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # Leaving the editor (another view, a minimised window) closes the identity panel.
        if self.witness.is_open:
            self.on_identity_close_due()
        super().hideEvent(event)

    # -- narrative -------------------------------------------------------------------------
    @Slot()
    def on_suggestions_requested(self) -> None:
        # The services look at the stored narrative and identity: store the form's first, so
        # the offsets they return are offsets into the text on the screen.
        if not self.save_now():
            return
        try:
            # They quote the witness's names and places: an opening of the identity, logged.
            spans = access.redaction_suggestions(self._workspace, self._require_id())
        except FieldappError as error:
            self.header.show_message(error_text(error))
            return
        self.narrative.show_suggestions(spans)

    # -- attachments -----------------------------------------------------------------------
    @Slot()
    def on_attachments_changed(self) -> None:
        if self._testimony_id is None:
            return
        try:
            self._refresh()
        except FieldappError as error:
            self.header.show_message(error_text(error))
