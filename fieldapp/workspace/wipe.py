"""The emergency wipe: every wrap of the master key destroyed first, then the rest.

``Workspace.wipe`` is the entry point (callers use it); this module holds its body. A marker
naming the workspace (``wipe_marker``), written before anything is destroyed and removed last,
tells a wipe cut midway from a copy awaiting its keys; wiping again finishes it.
"""

import os
from pathlib import Path

from fieldapp.errors import WorkspaceNotFoundError
from fieldapp.workspace import unconfirmed
from fieldapp.workspace.files import destroy_file, remove_entry
from fieldapp.workspace.keyfile import KeyFile, destroy_temporaries
from fieldapp.workspace.layout import WorkspaceLayout
from fieldapp.workspace.presence import LOCK_FILE
from fieldapp.workspace.wipe_marker import WIPE_MARKER, key_file_id, mark_wipe, remove_marker
from fieldapp.workspace.workspace import CUSTODIAN_FOLDER, SETUP_MARKER


def wipe_workspace(root: Path) -> bool:
    """Emergency wipe: destroy every wrap of the master key first (everything is
    unreadable from then on), keys.json last of them, then remove the rest. Whether the
    folder ``custodian/`` was left: an archive's identities files, encrypted to the
    custodian alone (whose key is kept apart), survive a wipe by design, since nowhere
    else holds them."""
    layout = WorkspaceLayout(root)
    named = (layout.key_file, layout.database, root / WIPE_MARKER)
    if not any(os.path.lexists(path) for path in named):
        # A mistyped folder must not be reported as wiped while the real one stays intact.
        raise WorkspaceNotFoundError(f"No workspace was found in {root}.")
    mark_wipe(root, key_file_id(root))  # the id, read before anything is destroyed
    _destroy_key_wraps(root, layout)
    _remove_the_rest(root, layout)
    remove_marker(root)
    return os.path.lexists(root / CUSTODIAN_FOLDER)


def _destroy_key_wraps(root: Path, layout: WorkspaceLayout) -> None:
    # A key file write cut by a crash leaves a whole wrap of the master key under a
    # temporary name. These go before keys.json: while keys.json is there, the folder is
    # still a workspace to every command, so a wipe cut here is run again; without it,
    # a wrap left beside the database would open it for whoever learns that passphrase.
    # A key file (or a temporary holding one) with a second hard link (a ``cp -al``
    # snapshot) is overwritten all the same: only unlinked, it would keep a whole wrap.
    destroy_temporaries(root)
    destroy_file(layout.key_file, overwrite_linked_if=KeyFile.parses)
    # Once more: a passphrase or code change swaps its new key file with keys.json
    # (``key_replacement``), and the old one is under a temporary name until it destroys it;
    # a swap between the first pass and keys.json's end, then a cut, would leave it here.
    # A swap after keys.json's end is refused, and writes nothing.
    destroy_temporaries(root)


def _remove_the_rest(root: Path, layout: WorkspaceLayout) -> None:
    # Whatever has these names goes, a folder planted under one too (``remove_entry``).
    remove_entry(layout.unlock_counter)  # attempt counts, no wrap
    remove_entry(root / LOCK_FILE)
    remove_entry(root / SETUP_MARKER)
    # Its note names where an archive's custodian file went: not after a wipe.
    remove_entry(root / unconfirmed.UNCONFIRMED_MARKER)
    for path in layout.database_companions():
        remove_entry(path)
    remove_entry(layout.blobs)
    # A creation cut before its database was moved into place left it under the set-up's
    # own name (a device's new keys, no record): it goes too.
    for leftover in unconfirmed.setup_leftovers(root):
        remove_entry(leftover)
