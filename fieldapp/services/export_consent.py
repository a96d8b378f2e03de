"""What the consent in force lets leave in an export, worked out once per testimony a plan.

- A sealed version leaves only while the consent in force (with the withdrawals received at the
  office that a withdrawal pack brought: ``consent_at_archive``) allows ``archive`` (and, for a
  minor, records the guardian's consent and the witness's assent: ``may_leave_for_archive``);
  otherwise it is held back and counted.
- A witness's identity goes to the custodian only once one of the witness's testimonies has left
  or leaves now, only while the consent in force for one of them still lets it leave, and only
  if no consent in force for any of them asks for anonymity.
- A signed consent form — a consent version's evidence attachment, always a file of the same
  testimony (``records.add_consent``) — names the witness as the identity does: while a consent
  in force for any of the witness's testimonies asks for anonymity, as for the identity, every
  form of every testimony of theirs stays on the device, although the testimonies and their
  other files leave (a named testimony's form would name the anonymous witness of another
  through the shared pseudonym). The archive learns only that a file was attached (its custody
  event, with the file's hash), never its content.
"""

from dataclasses import dataclass
from uuid import UUID

from fieldapp.domain import AnonymityWish, Attachment, may_leave_for_archive
from fieldapp.domain.consent import consent_at_archive
from fieldapp.workspace import Workspace
from fieldapp.workspace import export_selection as selection
from fieldapp.workspace.database import transaction


@dataclass(frozen=True)
class InForce:
    """What the consent in force for one testimony decides about what leaves."""

    may_leave: bool
    #: Consent forms that stay on the device (see the module docstring).
    withheld: frozenset[UUID]


class ConsentsInForce:
    """The consent in force of each testimony an export plans, read once."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self._known: dict[UUID, InForce] = {}

    def of(self, testimony_id: UUID) -> InForce:
        if testimony_id not in self._known:
            repo = self._ws.repository
            consents = repo.consents_for(testimony_id)
            # With the withdrawals received at the office (a withdrawal pack told this laptop):
            # the archive would hold back what they stop; here it never leaves.
            consent = consent_at_archive(
                consents,
                repo.withdrawals_for(testimony_id),
                repo.told_office_withdrawals_for(testimony_id),
            )
            forms = frozenset(
                c.evidence_attachment_id for c in consents if c.evidence_attachment_id is not None
            )
            if forms and not selection.witness_asked_anonymity(
                self._ws.connection, consents[0].pseudonym
            ):
                forms = frozenset()
            self._known[testimony_id] = InForce(may_leave_for_archive(consent), forms)
        return self._known[testimony_id]

    def may_leave(self, testimony_id: UUID) -> bool:
        return self.of(testimony_id).may_leave

    def attachments(self, testimony_id: UUID, draft: int | None) -> list[tuple[Attachment, str]]:
        """The testimony's files not sent yet that may leave now, with their blob names."""
        withheld = self.of(testimony_id).withheld
        waiting = selection.unexported_attachments(self._ws.connection, testimony_id, draft)
        return [(attachment, name) for attachment, name in waiting if attachment.id not in withheld]


def withhold_anonymous(ws: Workspace, waiting: list[selection.Witness]) -> None:
    """Anonymous witnesses' identities wait for ever: marked, later exports skip reading them
    (until a consent or testimony of theirs changes, which clears the mark)."""
    anonymous = [w.pseudonym for w in waiting if AnonymityWish.ANONYMOUS.value in w.wishes]
    if anonymous:
        with transaction(ws.connection):
            selection.withhold_anonymous(ws.connection, anonymous)


def identities(
    waiting: list[selection.Witness], leaving: set[UUID], in_force: ConsentsInForce
) -> list[tuple[str, int]]:
    """The identity versions that go to the custodian (the rule is in the module docstring)."""
    return [
        (witness.pseudonym, version)
        for witness in waiting
        if (witness.has_left or witness.testimonies & leaving)
        and AnonymityWish.ANONYMOUS.value not in witness.wishes
        and any(in_force.may_leave(tid) for tid in witness.testimonies)
        for version in witness.versions
    ]
