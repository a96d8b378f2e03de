"""The identities files an archive keeps for the custodian: written by import, swept at unlock.

Each bundle's ``identities.age`` (and its signed manifest beside it) is kept in the custodian
folder, opaque to the archive: only the custodian can open it. An import writes each file under
a temporary name (``.tmp-<random>-<final name>``) before it commits and renames it after; the
unlock's sweep (``sweep_custodian_folder``) finishes or removes what a crash left in between.
"""

import os
import secrets
import stat
from pathlib import Path

from fieldapp.workspace.database import Connection
from fieldapp.workspace.files import TEMP_PREFIX, fsync_directory

#: Owner-only, as the rest of the workspace: only the custodian can open these files, but a copy
#: taken by another user of the machine waits for the custodian's key to be lost.
CUSTODIAN_FOLDER_MODE = 0o700
CUSTODIAN_FILE_MODE = 0o600


def staged_identities_path(folder: Path, final_name: str) -> Path:
    return folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}-{final_name}"


def finish_identities_file(staged: Path, final: Path) -> None:
    os.replace(staged, final)
    fsync_directory(final.parent)


def sweep_custodian_folder(db: Connection, folder: Path) -> None:
    """Finish what an import staged and committed, remove the rest of what it staged, and make
    the folder and its files owner-only (imports before this kept them world-readable).

    Only names the import itself makes (``.tmp-<hex>-<final name>``, ``staged_identities_path``)
    are ever renamed or removed. A staged entry is finished (renamed to its final name) when
    its final name's bundle id, the part before the first ".", is a bundle whose identities the
    database names (``<id>.age``, ``<id>.manifest.json``, ``<id>.manifest.sig`` alike) and
    nothing holds that name yet; otherwise it is removed.

    Every other entry is left as it is, even one the database does not name: a database
    restored from an older backup does not name the bundles imported since, and their kept
    identities cannot be had again. Nothing here follows a link: a folder that is a link (or not
    a folder) is not swept at all, and a link, a subfolder or anything else that is not a
    regular file is never chmod-ed or renamed (a staged link is removed: that removes the link
    alone). A file that cannot be made owner-only (another user's) does not stop the unlock.
    """
    try:
        found = folder.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(found.st_mode) or not _owner_only(folder, found, CUSTODIAN_FOLDER_MODE):
        return  # a link, a file, or a folder this user cannot make its own: left alone
    wanted = {
        str(row[0]).partition(".")[0]
        for row in db.execute(
            "SELECT identities_blob FROM bundles_received WHERE identities_blob IS NOT NULL"
        )
    }
    try:
        paths = list(folder.iterdir())
    except PermissionError:
        return  # another user's folder, already owner-only: not this archive's to sweep
    for path in paths:
        try:
            entry = path.lstat()
        except FileNotFoundError:
            continue
        if path.name.startswith(TEMP_PREFIX):
            path = _finish_or_remove(path, entry, wanted)
            if path is None:
                continue
            entry = path.lstat()
        if stat.S_ISREG(entry.st_mode):
            _owner_only(path, entry, CUSTODIAN_FILE_MODE)


def _finish_or_remove(staged: Path, entry: os.stat_result, wanted: set[str]) -> Path | None:
    """The final path of a staged entry the sweep finished; None if it removed it or left it
    (anything that is neither a regular file nor a link: not something an import stages)."""
    final = staged.name[len(TEMP_PREFIX) :].partition("-")[2]
    if stat.S_ISREG(entry.st_mode):
        target = staged.parent / final
        if final.partition(".")[0] in wanted and not os.path.lexists(target):
            finish_identities_file(staged, target)
            return target
    elif not stat.S_ISLNK(entry.st_mode):
        return None
    staged.unlink(missing_ok=True)
    return None


def _owner_only(path: Path, found: os.stat_result, mode: int) -> bool:
    """Whether ``path`` (a folder or a regular file, as ``found`` by lstat) is owner-only now.

    A chmod only where one is needed: one lstat a kept file at unlock. ``found`` says it is no
    link, so the chmod does not follow one out of the folder (the folder is owner-only before
    its entries are looked at, so only its owner can swap one in between)."""
    if stat.S_IMODE(found.st_mode) == mode:
        return True
    try:
        path.chmod(mode)
    except PermissionError:
        return False
    return True
