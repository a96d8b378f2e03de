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

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
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


def file_names(paths: Iterable[str | Path]) -> dict[str, str]:
    """Each path (as ``str``) with its name as shown: the name alone, or, where another of
    ``paths`` has the same name (two sticks, one tampered with), with its folder, so that a
    refusal names which of them it is."""
    given = [str(path) for path in paths]
    counts = Counter(Path(path).name for path in given)
    return {
        path: _told_apart(path) if counts[Path(path).name] > 1 else file_name(path)
        for path in given
    }


def _told_apart(path: str) -> str:
    return VerifyReportText.tr("{name} (in {folder})").format(
        name=file_name(path), folder=shown(str(Path(path).parent))
    )


def accepted_gaps(report: VerificationReport) -> bool:
    """Whether a device's chain has gaps the coordinator accepted as lost."""
    return any(getattr(chain, "accepted", None) for chain in report.devices)


def verdict(report: VerificationReport, roster: LoadedRoster) -> str:
    """The one line at the top: every file verified, or how many were refused. Verified only
    against a roster whose coordinator key the auditor confirmed: anyone can sign a roster, and
    bundles, with keys of their own, so against any other the files only *match* it, and the
    line says that the roster is still to be checked (a bold "verified" would be read alone)."""
    given = len(report.files)
    refused = sum(not check.ok for check in report.files)
    if refused:
        return VerifyReportText.tr("{refused} of %n file(s) refused.", "", given).format(
            refused=refused
        )
    if not roster.confirmed:
        return f"{_matched(report)} {_unconfirmed()}"
    if accepted_gaps(report):
        return VerifyReportText.tr(
            "All %n file(s) verified; the chains are unbroken, but for bundles the coordinator"
            " accepted as lost.",
            "",
            given,
        )
    return VerifyReportText.tr("All %n file(s) verified; the chains are unbroken.", "", given)


def _matched(report: VerificationReport) -> str:
    given = len(report.files)
    if accepted_gaps(report):
        return VerifyReportText.tr(
            "All %n file(s) match this roster; the chains are unbroken, but for bundles the"
            " coordinator accepted as lost.",
            "",
            given,
        )
    return VerifyReportText.tr(
        "All %n file(s) match this roster; the chains are unbroken.", "", given
    )


def _unconfirmed() -> str:
    return VerifyReportText.tr(
        "The roster is not confirmed as the coordinator's."
    )


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


def file_line(
    check: BundleCheck, roster: LoadedRoster, names: Mapping[str, str] | None = None
) -> str:
    """One file: what it is and that it is verified, or that it is refused and why; ``names``
    as ``file_names`` gives them (the name alone by default)."""
    shown_names = names or {}
    name = shown_names.get(check.path) or file_name(check.path)
    if check.ok:
        line = _verified(name, check, roster)
    else:
        reason = translated_sentence(check.reason or "").rstrip(".")
        line = VerifyReportText.tr("{name} is refused: {reason}.").format(name=name, reason=reason)
    if isinstance(check, RepeatedCheck):
        twice = VerifyReportText.tr(
            "(The same file as {first}, given twice: one verdict for both.)"
        )
        first = shown_names.get(check.same_as) or file_name(check.same_as)
        line = f"{line} {twice.format(first=first)}"
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
    line = text.format(
        device=device_name(chain.device, roster),
        numbers=verification.ranges(chain.sequences),
        state=chain_state(chain),
    )
    return _with_start_unseen(line, chain.sequences, _bundles_before)


def _bundles_before(first: int) -> str:
    if first == 2:
        return VerifyReportText.tr("Bundle 1, before them, is not among the files checked.")
    return VerifyReportText.tr(
        "Bundles 1 to {last}, before them, are not among the files checked."
    ).format(last=first - 1)


def _packs_before(first: int) -> str:
    if first == 2:
        return VerifyReportText.tr("Pack number 1, before them, is not among the files checked.")
    return VerifyReportText.tr(
        "Packs number 1 to {last}, before them, are not among the files checked."
    ).format(last=first - 1)


def _with_start_unseen(line: str, sequences: list[int], before: Callable[[int], str]) -> str:
    """``line``, and where the chain given starts after number 1, that what comes before was
    not checked: "in order, no gap" alone reads as the whole history."""
    first = min(sequences, default=1)
    return line if first <= 1 else f"{line} {before(first)}"


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
    line = text.format(
        recipient=shown(verification.short_recipient(chain.recipient)),
        signer=shown(chain.signer),
        numbers=verification.ranges(chain.sequences),
        state=chain_state(chain),
    )
    return _with_start_unseen(line, chain.sequences, _packs_before)


def report_lines(report: VerificationReport, roster: LoadedRoster) -> list[str]:
    """A line per file, then one per device's chain, then one per chain of packs."""
    names = file_names(check.path for check in report.files)
    lines: Iterable[str] = (
        *(file_line(check, roster, names) for check in report.files),
        *(device_chain_line(chain, roster) for chain in report.devices),
        *(pack_chain_line(chain) for chain in report.packs),
    )
    return list(lines)
