"""Planning an export: what of each testimony leaves in the next bundle, and what fits in it.

Each testimony's share (``Group``) is what the consent in force lets leave now
(``export_consent``; the rules are in ``export``'s docstring): its sealed versions not sent yet,
its consent versions and withdrawals not sent yet (even while it is held back, once it has
left), and its attachments. Witnesses' identities go only beside testimonies in this bundle or
ones that left before.

Past a bundle's limits (4 GiB, 4,096 members) whole testimonies go in order while they fit and
the rest waits (``remaining``); one too large for any bundle is counted apart (``too_large``)
and, once nothing else is left to send, refused with ``BundleTooLargeError``.
"""

from dataclasses import dataclass, field
from uuid import UUID

from fieldapp.domain import Attachment, RecordStatus
from fieldapp.errors import BundleTooLargeError
from fieldapp.services.export_consent import ConsentsInForce, identities, withhold_anonymous
from fieldapp.sync.bundle_writer import BundleLimits
from fieldapp.sync.manifest import MAX_MANIFEST_BYTES
from fieldapp.workspace import Workspace
from fieldapp.workspace import export_selection as selection

# Estimates for choosing what fits before anything is written; the writer checks the exact
# size before it begins the container, so an estimate can only make a bundle smaller.
_RECORD_BYTES = 16 * 1024  # a consent, withdrawal, attachment or identity line, at most
_EVENT_BYTES = 2 * 1024  # a custody event and its signature (about 700 bytes)
_STANZA_BYTES = 2 * 1024  # one recipient's stanza in a re-addressed header (hybrid: ~1.6 KiB)
_MEMBER_BYTES = 300  # a member's local and central headers with its name
_FIXED_BYTES = MAX_MANIFEST_BYTES + 64 * 1024  # manifest, signature, VERIFY.txt, age headers
_FIXED_MEMBERS = 3  # records.age, identities.age, VERIFY.txt


@dataclass
class Group:
    """One testimony's share of the bundle."""

    testimony_id: UUID
    versions: list[selection.VersionState]
    consents: list[int]
    withdrawals: list[UUID]
    attachments: list[tuple[Attachment, str]]

    def estimate(self, recipients: int) -> int:
        lines = sum(v.body_size for v in self.versions) + _RECORD_BYTES * (
            len(self.consents) + len(self.withdrawals) + len(self.attachments)
        )
        blobs = sum(
            a.size + _MEMBER_BYTES + _STANZA_BYTES * recipients for a, _ in self.attachments
        )
        return lines + blobs


@dataclass
class Plan:
    groups: list[Group] = field(default_factory=list)
    identities: list[tuple[str, int]] = field(default_factory=list)
    held_back: int = 0
    remaining: int = 0
    too_large: int = 0
    #: The consents and identities as planned from (``export_state.consent_mark``).
    consents_seen: tuple[object, ...] = ()


def plan_bundle(
    ws: Workspace, limits: BundleLimits, recipients: int, events: int, *, openings: bool
) -> Plan:
    """What the next bundle carries, for ``recipients`` archive recipients beside ``events``
    custody events; ``openings``: whether the log alone would make a bundle."""
    plan = Plan()
    groups = []
    in_force = ConsentsInForce(ws)
    for testimony_id in selection.candidate_testimonies(ws.connection):
        group, held = _group(ws, testimony_id, in_force)
        plan.held_back += held
        if group is not None:
            groups.append(group)
    # At most these identities go: counted before choosing, so the estimate stays an upper bound.
    # The witnesses are read once: reading them is the costly part of planning.
    waiting = selection.witnesses_waiting(ws.connection)
    withhold_anonymous(ws, waiting)
    plan.identities = identities(waiting, {g.testimony_id for g in groups}, in_force)
    lines = _EVENT_BYTES * events + _RECORD_BYTES * len(plan.identities)
    capacity = limits.max_bytes - _FIXED_BYTES - lines
    budget, members = capacity, limits.max_members - _FIXED_MEMBERS
    for group in groups:
        size = group.estimate(recipients)
        if size > capacity or len(group.attachments) > limits.max_members - _FIXED_MEMBERS:
            plan.too_large += 1  # could never fit: said apart, so the rest still leaves
        elif size > budget or len(group.attachments) > members:
            plan.remaining += 1
        else:
            plan.groups.append(group)
            budget -= size
            members -= len(group.attachments)
    # Openings still leave, in a bundle of the log alone, beside a testimony that never can.
    if plan.too_large and not plan.groups and not openings:
        raise BundleTooLargeError(
            "A testimony's attachments together are larger than one bundle can hold"
            " (4 GiB, or 4,093 files); it cannot be exported."
        )
    # Identities go only with testimonies in this bundle, or ones that left before.
    plan.identities = identities(waiting, {g.testimony_id for g in plan.groups}, in_force)
    return plan


def _group(
    ws: Workspace, testimony_id: UUID, in_force: ConsentsInForce
) -> tuple[Group | None, int]:
    """What of one testimony leaves now, and whether a sealed version is held back (1 or 0)."""
    db = ws.connection
    versions = selection.testimony_versions(db, testimony_id)
    waiting = [
        v for v in versions if v.exported_in is None and v.status.value in selection.EXPORTABLE
    ]
    allowed = in_force.may_leave(testimony_id)
    held = int(bool(waiting) and not allowed)
    leaves = bool(waiting) and allowed
    # Once it has left, even in a bundle since lost or sent again (whose stick may yet be
    # found and imported), the witness's later decisions go although the testimony waits.
    if not (leaves or any(v.has_left for v in versions)):
        return None, held
    draft = versions[-1].version if versions[-1].status is RecordStatus.DRAFT else None
    group = Group(
        testimony_id,
        waiting if leaves else [],
        selection.unexported_consents(db, testimony_id),
        selection.unexported_withdrawals(db, testimony_id),
        in_force.attachments(testimony_id, draft) if allowed else [],
    )
    empty = not (group.versions or group.consents or group.withdrawals or group.attachments)
    return (None if empty else group), held
