"""The open draft's edits not yet stored when the window locks, stored on a worker thread.

A lock waits for nothing, and saving on the GUI thread can wait up to SQLite's busy timeout
(5 s) while an import or a pack being applied holds the write lock: the window would freeze,
still showing the draft. So at a lock the editor hands its pending edits over
(``TestimonyEditor.take_unsaved``) and wipes its form at once; they are stored here on a worker
with a handle of its own, and the window keeps its workspace handle until that has ended
(``ui.pending_release``). If they cannot be stored (the write lock was held beyond the busy
timeout, or a field of the form was not valid), they are lost, and the worker says so
(``failed``): the window tells the person in one sentence. A lock because the keys vanished (a
wipe begun elsewhere) stops a store still running (``cancel``): nothing more is written then,
not even by a statement that was waiting for the write lock. The window starts every such store
through its ``draft_store_queue.DraftStoreQueue``, one after another.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fieldapp.errors import FieldappError
from fieldapp.progress import CancelToken
from fieldapp.services import editing, records, session

#: SQLite virtual-machine steps between two looks at the cancel flag while storing.
_INTERRUPT_CHECK_STEPS = 1  # one record's edit: a few thousand steps at most


@dataclass
class UnsavedEdits:
    """What the form held and the store does not: the draft's edited fields, the identity
    panel's fields (``None``: not edited), and the error of a part that could not be read
    from the form (an incident or a date not valid), lost whatever happens."""

    testimony_id: UUID
    changes: dict[str, Any]
    identity: dict[str, Any] | None
    refused: FieldappError | None = None

    def store(self, workspace: Any, cancel: CancelToken | None = None) -> None:
        """Store them through a handle of their own (on a worker); raises if any is lost.
        Once ``cancel`` is set (the keys vanished: a wipe begun elsewhere), every statement
        still to run is interrupted, even one that waited for the write lock until then, and
        ``Cancelled`` is raised: nothing more is written into what is being wiped."""
        with session.worker_handle(workspace) as handle:
            if cancel is not None:
                handle.connection.set_progress_handler(
                    lambda: cancel.cancelled, _INTERRUPT_CHECK_STEPS
                )
            try:
                self._write(handle)
            except Exception:
                if cancel is not None:
                    cancel.raise_if_cancelled()  # interrupted: not a failure to name
                raise
        if self.refused is not None:
            raise self.refused

    def _write(self, handle: Any) -> None:
        if self.changes:
            records.edit_draft(handle, self.testimony_id, self.changes)
        if self.identity is not None:
            editing.save_witness_identity(handle, self.testimony_id, self.identity)
