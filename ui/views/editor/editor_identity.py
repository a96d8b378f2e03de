"""The editor's protected identity panel: the witness's identity is read from the workspace only
when the panel opens (and only if the consent allows it), saved when it closes, and never kept
in the editor otherwise.

``IdentityWiring`` is mixed into ``TestimonyEditor`` (which owns the record, the witness section
and the header). Its texts keep the editor's translation context (``TestimonyEditor``), so the
Korean written for them there still applies.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Slot

from fieldapp.errors import FieldappError
from fieldapp.services import access, editing
from fieldapp.services.records import TestimonyRecord
from ui.error_text import error_text
from ui.views.editor.editor_header import EditorHeader
from ui.views.editor.witness_section import WitnessSection


class IdentityWiring:
    """Opens, saves and closes ``witness``'s identity panel through the services."""

    # Provided by TestimonyEditor.
    witness: WitnessSection
    header: EditorHeader
    _workspace: Any
    _record: TestimonyRecord | None
    _require_id: Callable[[], UUID]
    _content_allowed: Callable[[TestimonyRecord | None], bool]

    def _save_identity(self) -> bool:
        """Save the open panel's changes; whether there was nothing to save or it saved."""
        if not (self.witness.is_open and self.witness.has_changes):
            return True
        try:
            fields = self.witness.identity_fields()
            identity = editing.save_witness_identity(self._workspace, self._require_id(), fields)
        except FieldappError as error:
            not_saved = QCoreApplication.translate(
                "TestimonyEditor", "The identity was not saved: {reason}"
            )
            self.header.show_message(not_saved.format(reason=error_text(error)))
            return False
        self.witness.saved(identity)
        return True

    @Slot()
    def on_identity_show_requested(self) -> None:
        if not self._content_allowed(self._record):
            return
        try:
            identity = access.open_identity(self._workspace, self._require_id())
        except FieldappError as error:
            self.header.show_message(error_text(error))
            return
        self.witness.open_panel(identity)

    @Slot()
    def on_identity_hide_requested(self) -> None:
        if self._save_identity():
            self.witness.close_panel()

    @Slot()
    def on_identity_close_due(self) -> None:
        self._save_identity()
        self.witness.close_panel()
