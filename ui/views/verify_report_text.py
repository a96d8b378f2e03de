"""The sentences the "Verify files" dialog shows about a check: the verdict, the roster, one line
per file, one per device's chain of bundles and one per chain of packs.

The desktop counterpart of ``fieldapp verify``'s lines, in sentences a non-engineer reads. Every
value in them comes from outside: file names, device labels (typed on a device), reasons quoting
what a file claims. Characters that would not print as themselves are shown escaped (``shown``),
and the dialog shows the lines in plain-text widgets only, so nothing here is ever read as markup.
A refusal's reason is translated when it is one of the core's templates (``reason_texts``).

Their translation context is ``VerifyReportText``: Python's lupdate finds plural forms only in
``<Class>.tr`` calls, so the texts are translated through that class.
"""

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject

from fieldapp.services import verification
from fieldapp.services.verification import (
    PACK,
    BundleCheck,
    DeviceChain,
    LoadedRoster,
    PackChain,
    RepeatedCheck,
    SignedChain,
    VerificationReport,
)
from ui.reason_texts import shown, translated_sentence


class VerifyReportText(QObject):
    """The translation context of this module's texts; never instantiated."""


def file_name(path: str | Path) -> str:
    """The file's name alone, as the list and the report show it."""
    return shown(Path(path).name)


def accepted_gaps(report: VerificationReport) -> bool:
    """Whether a device's chain has gaps the coordinator accepted as lost."""
    return any(getattr(chain, "accepted", None) for chain in report.devices)


def verdict(report: VerificationReport) -> str:
    """The one line at the top: every file verified, or how many were refused."""
    given = len(report.files)
    refused = sum(not check.ok for check in report.files)
    if refused:
        return VerifyReportText.tr("{refused} of %n file(s) refused.", "", given).format(
            refused=refused
        )
    if accepted_gaps(report):
        return VerifyReportText.tr(
            "All %n file(s) verified; the chains are unbroken, but for bundles the coordinator"
            " accepted as lost.",
            "",
            given,
        )
    return VerifyReportText.tr("All %n file(s) verified; the chains are unbroken.", "", given)


def caution(roster: LoadedRoster) -> str:
    """What the verdict rests on when the roster's coordinator key was not confirmed ("")."""
    if roster.coordinator is None:
        return VerifyReportText.tr(
            "The roster is not signed: it is only as trustworthy as the way it reached you."
        )
    if not roster.confirmed:
        return VerifyReportText.tr(
            "Before relying on this, compare the roster's coordinator key below with the one"
            " you trust."
        )
    return ""


def roster_line(roster: LoadedRoster) -> str:
    """Who signed the roster, and whether that is the key the auditor entered."""
    if roster.coordinator is None:
        return VerifyReportText.tr(
            "Roster: an allowed_signers file with %n key(s), not signed: trust it only if it"
            " reached you through a channel you trust.",
            "",
            roster.devices,
        )
    if roster.confirmed:
        return VerifyReportText.tr(
            "Roster: signed by the coordinator key {fingerprint}, the one you entered, as"
            " expected. It lists %n device(s).",
            "",
            roster.devices,
        ).format(fingerprint=roster.coordinator)
    return VerifyReportText.tr(
        "Roster: signed by the coordinator key {fingerprint}. It lists %n device(s). Anyone can"
        " sign a roster with a key of their own: compare this fingerprint with the one the"
        " coordinator gave you (or enter it above and verify again). Read aloud, it is:",
        "",
        roster.devices,
    ).format(fingerprint=roster.coordinator)


def device_name(fingerprint: str | None, roster: LoadedRoster) -> str:
    """``“Laptop A” (SHA256:…)`` when the roster labels the device, else its fingerprint."""
    shown_fingerprint = shown(fingerprint or "")
    label = roster.label_of(fingerprint)
    if not label:
        return shown_fingerprint
    return VerifyReportText.tr("“{label}” ({fingerprint})").format(
        label=shown(label), fingerprint=shown_fingerprint
    )


def pack_kind(kind: str | None) -> str:
    """What a pack carries, as a noun phrase (``an enrolment pack``)."""
    kinds = {
        "enrolment": VerifyReportText.tr("an enrolment pack"),
        "receipt": VerifyReportText.tr("a receipt pack"),
        "revocation": VerifyReportText.tr("a revocation pack"),
        "vocabulary": VerifyReportText.tr("a vocabulary pack"),
        "withdrawal": VerifyReportText.tr("a withdrawal pack"),
    }
    return kinds.get(
        kind or "", VerifyReportText.tr("a pack of kind “{kind}”").format(kind=shown(kind or ""))
    )


def file_line(check: BundleCheck, roster: LoadedRoster) -> str:
    """One file: what it is and that it is verified, or that it is refused and why."""
    name = file_name(check.path)
    if check.ok:
        line = _verified(name, check, roster)
    else:
        reason = translated_sentence(check.reason or "").rstrip(".")
        line = VerifyReportText.tr("{name} is refused: {reason}.").format(name=name, reason=reason)
    if isinstance(check, RepeatedCheck):
        twice = VerifyReportText.tr(
            "(The same file as {first}, given twice: one verdict for both.)"
        )
        line = f"{line} {twice.format(first=file_name(check.same_as))}"
    return line


def _verified(name: str, check: BundleCheck, roster: LoadedRoster) -> str:
    if check.container == PACK:
        return VerifyReportText.tr(
            "{name} is verified: {kind} number {number} from the coordinator key {signer}, to"
            " the device {recipient}."
        ).format(
            name=name,
            kind=pack_kind(check.kind),
            number=check.sequence,
            signer=shown(check.signer or ""),
            recipient=shown(verification.short_recipient(check.recipient or "")),
        )
    return VerifyReportText.tr(
        "{name} is verified: bundle {number} of the device {device}."
    ).format(name=name, number=check.sequence, device=device_name(check.device, roster))


def chain_state(chain: SignedChain) -> str:
    """What breaks a chain, or that nothing does."""
    problems = [
        text.format(numbers=numbers)
        for text, numbers in (
            (VerifyReportText.tr("missing: {numbers}"), verification.spans_text(chain.missing)),
            (
                VerifyReportText.tr("given twice (a replay): {numbers}"),
                verification.ranges(chain.replays),
            ),
            (
                VerifyReportText.tr("two different files claim one number (a fork): {numbers}"),
                verification.ranges(chain.forks),
            ),
            (
                VerifyReportText.tr(
                    "the chain is broken (not following the one before) at: {numbers}"
                ),
                verification.ranges(chain.breaks),
            ),
            (
                VerifyReportText.tr("missing, accepted as lost by the coordinator: {numbers}"),
                verification.spans_text(getattr(chain, "accepted", [])),
            ),
        )
        if numbers
    ]
    return "; ".join(problems) if problems else VerifyReportText.tr("in order, no gap")


def device_chain_line(chain: DeviceChain, roster: LoadedRoster) -> str:
    """One device's chain of bundles."""
    if len(chain.sequences) == 1:
        text = VerifyReportText.tr("The device {device}, bundle {numbers}: {state}.")
    else:
        text = VerifyReportText.tr("The device {device}, bundles {numbers}: {state}.")
    return text.format(
        device=device_name(chain.device, roster),
        numbers=verification.ranges(chain.sequences),
        state=chain_state(chain),
    )


def pack_chain_line(chain: PackChain) -> str:
    """The chain of packs one coordinator key signed to one device."""
    if len(chain.sequences) == 1:
        text = VerifyReportText.tr(
            "Packs to the device {recipient} from the key {signer}, number {numbers}: {state}."
        )
    else:
        text = VerifyReportText.tr(
            "Packs to the device {recipient} from the key {signer}, numbers {numbers}: {state}."
        )
    return text.format(
        recipient=shown(verification.short_recipient(chain.recipient)),
        signer=shown(chain.signer),
        numbers=verification.ranges(chain.sequences),
        state=chain_state(chain),
    )


def report_lines(report: VerificationReport, roster: LoadedRoster) -> list[str]:
    """A line per file, then one per device's chain, then one per chain of packs."""
    lines: Iterable[str] = (
        *(file_line(check, roster) for check in report.files),
        *(device_chain_line(chain, roster) for chain in report.devices),
        *(pack_chain_line(chain) for chain in report.packs),
    )
    return list(lines)
