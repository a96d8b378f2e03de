"""What one bundle did to the archive (``importing``), in words a coordinator reads."""

from dataclasses import dataclass, field

from fieldapp.errors import BundleRejectedError

#: An error that was not the bundle's stopped the run at this bundle (``import_bundles``).
STOPPED = "stopped"
#: The run stopped before this bundle.
NOT_TRIED = "not tried"


@dataclass(frozen=True)
class AllowedAgain:
    """A consent version this bundle brought that supersedes a withdrawal received at the
    office: taken after the laptop was told of it, so the witness consented again knowing."""

    testimony_id: str
    #: The consent version now in force.
    version: int
    #: When the office received the withdrawal it supersedes (UTC, ISO 8601).
    received_at: str
    #: The uses that withdrawal took away which the new version allows again.
    scopes: list[str]


@dataclass
class ImportReport:
    """What one bundle did to the archive, in words a coordinator reads."""

    path: str
    outcome: str = "refused"  # imported | already imported | refused | stopped | not tried
    reason: str | None = None
    device: str | None = None
    sequence: int | None = None
    testimonies: int = 0
    amendments: int = 0
    consents: int = 0
    withdrawals: int = 0
    attachments: int = 0
    identities: bool = False
    #: The device's custody events it carried (its log since the bundle before): all a bundle
    #: of the log alone brings (openings of strictly confidential records and identities).
    custody_events: int = 0
    #: The scopes withdrawn by the withdrawals it stored (each scope once).
    withdrawn_scopes: list[str] = field(default_factory=list)
    #: Consents and withdrawals this bundle carried for a testimony only a lost bundle carried:
    #: kept, waiting for it (``import_waiting``).
    waiting: int = 0
    #: Consents and withdrawals received earlier that took effect with their testimony, now
    #: here (counted in ``consents`` and ``withdrawals`` too).
    released: int = 0
    #: Waiting consents and withdrawals removed without effect when this bundle brought their
    #: testimony: other devices' (the testimony is this device's), and this device's own that
    #: name another witness.
    discarded_waiting: int = 0
    #: Refused for a missing earlier bundle from its device: that bundle's number (the gap a
    #: coordinator may accept, ``device accept-gap --through missing..sequence - 1``).
    missing: int | None = None
    #: A refusal's ``reason`` as it was made (``BundleRejectedError``): its template and the
    #: values it shows, for the desktop app to translate. None for a report not refused.
    reason_template: str | None = None
    reason_args: dict[str, str] = field(default_factory=dict)
    #: Withdrawals received at the office that a consent version in this bundle supersedes.
    allowed_again: list[AllowedAgain] = field(default_factory=list)

    @property
    def added_records(self) -> bool:
        """Whether it added a record of any kind (a bundle of a laptop's log alone adds
        none: the CLI and the desktop app then count its custody events)."""
        counts = (self.testimonies, self.amendments, self.consents, self.attachments)
        return any(counts) or bool(self.withdrawals or self.waiting or self.identities)

    def refused(self, refusal: BundleRejectedError) -> "ImportReport":
        """This report, refused for ``refusal``'s reason (and its missing bundle, if any)."""
        self.outcome = "refused"
        self.reason, self.missing = refusal.reason, refusal.missing
        self.reason_template, self.reason_args = refusal.reason_template, dict(refusal.reason_args)
        return self
