"""Finishing an export: the bundle's final name, and what an interrupted export left.

A bundle is written whole under a ``.partial`` name, committed in the device's state, then
renamed (``export``'s docstring). A crash, a pulled stick or a full disk can stop it at any
step; ``finish_interrupted``, run first by every export (under the export lock, so never while
another export is live), completes or undoes what it finds.
"""

import contextlib
import os
from pathlib import Path

from fieldapp.errors import BundleFileExistsError
from fieldapp.services.export_resend import restate_openings
from fieldapp.sync import bundle_writer as writer
from fieldapp.sync.bundle_verify import manifest_digest_of
from fieldapp.workspace import Workspace
from fieldapp.workspace import export_state as state
from fieldapp.workspace.database import transaction


def give_final_name(partial: Path, final: Path) -> None:
    """Rename a committed bundle to its final name, durably, and never over another file
    (os.rename would replace it; FAT sticks have no hard links for a no-clobber rename)."""
    if os.path.lexists(final):  # a dangling link too: rename would replace it
        raise BundleFileExistsError()
    try:
        os.rename(partial, final)
        writer.fsync_folder(final.parent)
    except OSError as error:
        raise writer.translate_os_error(error) from error


def finish_interrupted(ws: Workspace) -> list[str]:
    """Complete or undo what an interrupted export left; a sentence for each thing done.

    An export that had not committed: its ``.partial`` files are removed. A committed bundle
    still ``.partial``: renamed. A committed bundle whose file is gone (the drive was changed,
    the file deleted): marked lost and its records unmarked, to travel in the next bundle; its
    sequence stays used, so the archive will report it missing. Its custody events are not sent
    again (``state.custody_start``), as after a resend: the stick may have been pulled with the
    file, or a copy, on it, and if that reaches the archive it must fit between the bundles
    around it; if it never does, the coordinator accepts the gap. Its openings are logged again
    (``export_resend.restate_openings``), as after a resend.
    """
    db, notes = ws.connection, []
    pending = state.pending_export(db)
    if pending is not None:
        with contextlib.suppress(OSError):
            writer.remove_partials(pending.folder, pending.bundle_id)
        with transaction(db):
            state.clear_pending_export(db)
    for bundle in state.unfinished_bundles(db):
        partial, final = bundle.partial_path, bundle.final_path
        if partial.exists():
            give_final_name(partial, final)
            notes.append(f"Bundle {bundle.sequence}, interrupted, was finished: {final}")
        elif manifest_digest_of(final) != bundle.manifest_digest:
            with transaction(db):
                state.set_state(db, bundle.sequence, state.LOST)
                state.unmark(db, bundle.sequence)
                # Its openings are logged again, as a resend does: they may be all it carried.
                openings = restate_openings(ws, bundle.sequence)
            again = (
                ""
                if not openings
                else ", and the opening it carried is logged again"
                if openings == 1
                else f", and the {openings} openings it carried are logged again"
            )
            notes.append(
                f"Bundle {bundle.sequence} was interrupted and its file is gone from"
                f" {final.parent}; its records go again in the next bundle{again}, and the"
                f" archive will report bundle {bundle.sequence} as missing."
            )
            continue
        with transaction(db):
            state.set_state(db, bundle.sequence, state.WRITTEN)
        with contextlib.suppress(OSError):
            writer.remove_partials(partial.parent, bundle.bundle_id)
    return notes
