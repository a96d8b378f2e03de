"""The main window's way out of the editor, and into it, around the draft stores' queue.

*Back to the list* used to save the open draft on the GUI thread: while an import or a pack
being applied held the database's write lock, the window froze up to SQLite's busy timeout
(5 s), then stayed in the editor. Now it leaves at once: the editor hands over its edits not
yet stored (``TestimonyEditor.take_unsaved``) and is emptied, the list shows, and the edits
are stored on a worker through the window's ``DraftStoreQueue`` (after any store started
before, so an older store never overwrites them). If they cannot be stored they are lost, and
the status line says so (the unlock screen, after a lock), as a lock names its own.

A testimony with a store still queued or running is opened once that store has ended: read
before, the editor would show the record without those edits, and its next save would land on
top of them (or under them). ``WindowDrafts`` is mixed into ``MainWindow``; its texts keep the
window's translation context.
"""

from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from ui.error_text import error_text
from ui.views.editor import TestimonyEditor
from ui.views.editor.draft_store_queue import DraftStoreQueue
from ui.views.testimony_list import TestimonyListView
from ui.views.unlock_view import UnlockView
from ui.widgets.plain_text_label import PlainTextLabel

translate = QCoreApplication.translate

if TYPE_CHECKING:
    _Window = QMainWindow
else:
    _Window = object


class WindowDrafts(_Window):
    """Leaving the editor without waiting, and opening a testimony once its stores ended."""

    # Provided by MainWindow.
    _workspace: Any
    editor: TestimonyEditor
    testimony_list: TestimonyListView
    unlock_view: UnlockView
    stack: QStackedWidget
    status_text: PlainTextLabel
    draft_stores: DraftStoreQueue
    unlocked: bool
    #: A testimony asked for while a store of it ran: opened when that store has ended.
    _open_when_stored: UUID | None = None

    @Slot()
    def on_editor_closed(self) -> None:
        """*Back to the list*: at once; the edits not yet stored go to a worker."""
        if self._workspace is None or self.stack.currentWidget() is not self.editor:
            return
        edits = self.editor.take_unsaved()
        self.editor.clear(save=False)  # take_unsaved left nothing to save
        self.stack.setCurrentWidget(self.testimony_list)
        self.testimony_list.table.setFocus()
        if edits is not None:
            self.draft_stores.start(
                self._workspace, edits, self.on_left_edits_lost, self.on_left_edits_stored
            )
        self.testimony_list.refresh()

    @Slot(object)
    def on_left_edits_stored(self, _result: object) -> None:
        if self.unlocked:
            self.testimony_list.refresh()

    @Slot(object)
    def on_left_edits_lost(self, error: object) -> None:
        """Edits taken on *Back to the list* could not be stored: said where it is read."""
        sentence = translate(
            "MainWindow",
            "The last changes to a testimony could not be saved and are lost: {reason}",
        ).format(reason=error_text(error))  # type: ignore[arg-type]
        if self.unlocked:
            self.status_text.setText(sentence)
        else:
            self.unlock_view.show_notice(sentence)

    @Slot(object)
    def on_testimony_activated(self, testimony_id: UUID) -> None:
        if self._workspace is None:
            return
        if self.draft_stores.pending(testimony_id):
            self._open_when_stored = testimony_id
            self.status_text.setText(
                translate(
                    "MainWindow",
                    "Saving the last changes to this testimony; it opens once they are stored…",
                )
            )
            return
        self._open_when_stored = None
        self.editor.open_testimony(self._workspace, testimony_id)
        self.stack.setCurrentWidget(self.editor)

    @Slot(object)
    def on_draft_stores_ended(self, testimony_id: object) -> None:
        if testimony_id != self._open_when_stored:
            return
        self._open_when_stored = None
        if self.unlocked and self.stack.currentWidget() is self.testimony_list:
            self.status_text.setText("")
            self.on_testimony_activated(testimony_id)  # type: ignore[arg-type]
