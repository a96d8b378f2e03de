"""Which versions of a testimony a bundle may bring, against those the archive holds.

A testimony's versions are 1, 2, … each amending the one before it by content hash
(``Testimony.amends``): a correction can never silently stand in for another original. Export
sends every version of a testimony not sent yet, so a genuine bundle brings versions that follow
on from those the archive holds, or from those it carries itself. Only a lost bundle leaves a
hole, so:

- a version whose version before it is held, or carried in the same bundle, must amend exactly
  that one (the version after it too, when it is there: see below);
- a version whose version before it is neither held nor carried is taken only when sequences
  before this bundle are excused (an accepted gap, a reinstatement's refused window): a lost
  bundle could have carried the versions before it. It is then taken on the device's
  signature, as a bundle's first custody link after a gap is;
- an earlier version than the latest the archive holds (a lost bundle's, found or sent again by
  its device, ``services.export_resend``) must also be the one the version after it amends. A
  version is evidence; only the one the later version amends can stand in its place. It is
  stored as an earlier version, never as the latest.
"""

import contextlib
from collections.abc import Sequence
from uuid import UUID

from fieldapp.domain import Testimony, content_hash
from fieldapp.errors import BundleRejectedError, RecordNotFoundError
from fieldapp.sync.bundle_reader import OpenedBundle
from fieldapp.workspace import Workspace, chain_state

REJECTED_EARLIER_MISMATCH = (
    "it carries an earlier version of a testimony that is not the version the archive's later"
    " one amends (a forgery or another history)"
)
REJECTED_AMENDS_OTHER = (
    "it carries a version of a testimony that does not amend the version before it (a forgery"
    " or another history)"
)
REJECTED_NO_EARLIER = (
    "it carries a version of a testimony whose earlier versions the archive neither holds nor"
    " receives with it, and no bundle of this device is missing that could have carried them"
)

_Carried = dict[tuple[UUID, int], Testimony]


def check_versions(ws: Workspace, bundle: OpenedBundle, testimonies: Sequence[Testimony]) -> None:
    """Refuse a version that does not fit between its neighbours (see the module)."""
    carried = {(t.id, t.version): t for t in testimonies}
    for testimony in testimonies:
        version = testimony.version
        held = chain_state.version_hashes(ws.connection, testimony.id, version - 1, version + 1)
        if version in held:
            continue  # the same version again: compared with the archive's copy when stored
        following = _following(ws, carried, testimony, version + 1 in held)
        if following is not None and _amended_hash(following) != content_hash(testimony):
            raise BundleRejectedError(REJECTED_EARLIER_MISMATCH)
        before = held.get(version - 1) or _carried_hash(carried, testimony.id, version - 1)
        if before is not None and _amended_hash(testimony) != before:
            raise BundleRejectedError(REJECTED_AMENDS_OTHER)
        if before is None and version > 1 and not _lost_before(ws, bundle):
            raise BundleRejectedError(REJECTED_NO_EARLIER)


def _lost_before(ws: Workspace, bundle: OpenedBundle) -> bool:
    """Whether a bundle of the device before this one will never reach the archive (it may
    have carried what this one does not)."""
    excused = chain_state.excused_for(ws.connection, bundle.device, bundle.sequence)
    return excused.any_before(bundle.sequence)


def _carried_hash(carried: _Carried, testimony_id: UUID, version: int) -> str | None:
    found = carried.get((testimony_id, version))
    return None if found is None else content_hash(found)


def _following(
    ws: Workspace, carried: _Carried, testimony: Testimony, held: bool
) -> Testimony | None:
    """The version after ``testimony``, held (preferred: it is the archive's) or carried."""
    if held:
        with contextlib.suppress(RecordNotFoundError):
            return ws.repository.get_testimony(testimony.id, testimony.version + 1)
    return carried.get((testimony.id, testimony.version + 1))


def _amended_hash(testimony: Testimony) -> str | None:
    return testimony.amends.content_hash if testimony.amends is not None else None
