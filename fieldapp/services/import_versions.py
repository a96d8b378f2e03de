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

from fieldapp.errors import BundleRejectedError
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

#: Versions read back at a time: what this check holds, whatever the bundle brought.
_PAGE = 512


def check_versions(ws: Workspace, bundle: OpenedBundle, after: int) -> None:
    """Refuse a version that does not fit between its neighbours (see the module).

    Asked once every record is stored, inside the import's transaction: the versions this
    bundle brought are those recorded after ``after`` (``chain_state.last_source`` before the
    first was stored), in the bundle's order; the archive's copy of a version it already held
    was kept (one carried again that differs is refused when stored), so the neighbours the
    database now holds are the ones held, else the ones carried."""
    db = ws.connection
    lost_before: bool | None = None
    while page := chain_state.sources_after(db, after, _PAGE):
        after = page[-1][0]
        for _, testimony_id, version in page:
            hashes = chain_state.version_hashes(db, testimony_id, version - 1, version + 1)
            following = version + 1 in hashes
            if (
                following
                and chain_state.amended_hash(db, testimony_id, version + 1) != hashes[version]
            ):
                raise BundleRejectedError(REJECTED_EARLIER_MISMATCH)
            before = hashes.get(version - 1)
            if before is not None:
                if chain_state.amended_hash(db, testimony_id, version) != before:
                    raise BundleRejectedError(REJECTED_AMENDS_OTHER)
            elif version > 1:
                if lost_before is None:
                    lost_before = _lost_before(ws, bundle)
                if not lost_before:
                    raise BundleRejectedError(REJECTED_NO_EARLIER)


def _lost_before(ws: Workspace, bundle: OpenedBundle) -> bool:
    """Whether a bundle of the device before this one will never reach the archive (it may
    have carried what this one does not)."""
    excused = chain_state.excused_for(ws.connection, bundle.device, bundle.sequence)
    return excused.any_before(bundle.sequence)
