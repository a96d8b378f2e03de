"""The sentences the import dialog shows about a run: one paragraph per bundle (imported, already
imported, refused, stopped, not tried), then one line that counts them.

The desktop counterpart of ``fieldapp import``'s lines. A refusal's reason is translated from the
template the service keeps with it (``ui.reason_texts``); the error that stopped a run is
translated when it is one the UI knows (a cancel, a full disk). File names come from whoever
named the file: characters that would not print as themselves (a line break, a right-to-left
override) are shown escaped (``shown``), so a name cannot forge a paragraph of its own.

Their translation context is ``ImportReportText``: Python's lupdate finds plural forms only in
``<Class>.tr`` calls, so the texts are translated through that class.
"""

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject

from fieldapp import errors
from fieldapp.domain import ConsentScope
from fieldapp.services import importing
from fieldapp.services.importing import AllowedAgain, ImportReport
from ui.error_text import error_text
from ui.reason_texts import shown, translated_reason
from ui.views.editor.consent_texts import scope_title

IMPORTED, ALREADY, REFUSED = "imported", "already imported", "refused"
STOPPED, NOT_TRIED = importing.STOPPED, importing.NOT_TRIED

#: Errors that stop a run and that the UI has its own sentence for; matched by their message,
#: the only thing a stopped report keeps of them.
_STOPPING_ERRORS: tuple[type[errors.FieldappError], ...] = (
    errors.Cancelled,
    errors.StorageFullError,
    errors.WorkspaceBusyError,
)


class ImportReportText(QObject):
    """The translation context of this module's texts; never instantiated."""


def file_name(path: str | Path) -> str:
    """The file's name alone, as shown in the list and the report."""
    return shown(Path(path).name)


def report_text(reports: list[ImportReport], labels: Mapping[str, str] | None = None) -> str:
    """The whole run: a paragraph per bundle, a blank line between, then the count line.
    ``labels``: the enrolled devices' labels by fingerprint, to say whose each bundle is."""
    named = labels or {}
    return "\n\n".join([*(paragraph(report, named) for report in reports), summary(reports)])


def paragraph(report: ImportReport, labels: Mapping[str, str] | None = None) -> str:
    """What happened to one bundle."""
    name = file_name(report.path)
    label = (labels or {}).get(report.device or "", "")
    if label:  # typed on the device: shown like a file name, escaped where it would not print
        name = ImportReportText.tr("{name} (from “{label}”)").format(name=name, label=shown(label))
    if report.outcome == IMPORTED:
        text = ImportReportText.tr("{name} was imported as bundle {number}: {counts}.").format(
            name=name, number=report.sequence, counts=counts(report)
        )
        return "\n".join([text, *(allowed_again(again) for again in report.allowed_again)])
    if report.outcome == ALREADY:
        return ImportReportText.tr("{name} was imported before; nothing was changed.").format(
            name=name
        )
    if report.outcome == STOPPED:
        return ImportReportText.tr(
            "{name}: the import stopped, and nothing of this bundle was imported. {reason}"
        ).format(name=name, reason=_stopping_reason(report.reason or ""))
    if report.outcome == NOT_TRIED:
        return ImportReportText.tr("{name} was not tried; import it again.").format(name=name)
    return _refused(report, name)


def _refused(report: ImportReport, name: str) -> str:
    # Most reasons are sentences ending in a full stop already; one stop, either way.
    reason = refusal_reason(report).rstrip(".")
    text = ImportReportText.tr(
        "{name} was refused, and nothing of it was imported: {reason}."
    ).format(name=name, reason=reason)
    hint = gap_hint(report)
    return text if hint is None else f"{text}\n{hint}"


def refusal_reason(report: ImportReport) -> str:
    """Why the bundle was refused, in the app's language; a reason the service kept no
    template for (none should be left) is shown in English, escaped."""
    if report.reason_template is not None:
        return translated_reason(report.reason_template, report.reason_args)
    return shown(report.reason or "")


def gap_hint(report: ImportReport) -> str | None:
    """For a bundle refused for a missing one before it: how the coordinator goes on if that
    one is lost (the CLI's own hint, with the same command)."""
    if report.missing is None or report.device is None:
        return None
    command = (
        f"fieldapp device accept-gap {report.device}"
        f" --through {(report.sequence or 1) - 1} --reason TEXT"
    )
    return ImportReportText.tr(
        "If bundle {missing} was lost, the coordinator can accept the gap with this command:"
        " {command}"
    ).format(missing=report.missing, command=command)


def _stopping_reason(reason: str) -> str:
    for error_type in _STOPPING_ERRORS:
        error = error_type()
        if reason == error.message:
            return error_text(error)
    return shown(reason)


def counts(report: ImportReport) -> str:
    """What an imported bundle added, as the CLI counts it (the four kinds always)."""
    parts = [
        ImportReportText.tr("%n testimony(ies)", "", report.testimonies),
        ImportReportText.tr("%n amendment(s)", "", report.amendments),
        ImportReportText.tr("%n consent version(s)", "", report.consents),
        ImportReportText.tr("%n attachment(s)", "", report.attachments),
    ]
    if report.withdrawals:
        scopes = ImportReportText.tr(", ").join(
            _scope(scope) for scope in sorted(set(report.withdrawn_scopes))
        )
        parts.append(
            ImportReportText.tr("%n withdrawal(s) ({scopes})", "", report.withdrawals).format(
                scopes=scopes
            )
        )
    if report.waiting:
        parts.append(
            ImportReportText.tr("%n record(s) wait for their testimony", "", report.waiting)
        )
    if report.discarded_waiting:
        parts.append(
            ImportReportText.tr(
                "%n waiting record(s) discarded (sent by other devices, or naming another witness)",
                "",
                report.discarded_waiting,
            )
        )
    if report.identities:
        parts.append(ImportReportText.tr("identities kept for the custodian"))
    if report.custody_events and not report.added_records:
        # A bundle of the laptop's log alone (its openings): say what it brought.
        parts.append(ImportReportText.tr("%n custody event(s)", "", report.custody_events))
    return ImportReportText.tr("; ").join(parts)


def allowed_again(again: AllowedAgain) -> str:
    """A consent version the bundle brought that supersedes a withdrawal received at the
    office (the CLI's line). The date is the office's own, of the day it was received."""
    scopes = ImportReportText.tr(", ").join(_scope(scope) for scope in again.scopes)
    return ImportReportText.tr(
        "Testimony {id}: consent version {version}, taken after the laptop was told of the"
        " withdrawal received at the office on {date}, allows again: {uses}."
    ).format(
        id=shown(again.testimony_id),
        version=again.version,
        date=shown(again.received_at[:10]),
        uses=scopes,
    )


def _scope(value: str) -> str:
    try:
        return scope_title(ConsentScope(value))
    except ValueError:  # a scope this version does not know: its own name
        return shown(value)


def summary(reports: list[ImportReport]) -> str:
    """One line counting the bundles by outcome, naming only the outcomes that happened."""

    def number(outcome: str) -> int:
        return sum(1 for report in reports if report.outcome == outcome)

    texts = [
        ImportReportText.tr("%n imported", "", number(IMPORTED)),
        ImportReportText.tr("%n already imported", "", number(ALREADY)),
        ImportReportText.tr("%n refused", "", number(REFUSED)),
        ImportReportText.tr("%n stopped", "", number(STOPPED)),
        ImportReportText.tr("%n not tried", "", number(NOT_TRIED)),
    ]
    numbers = [number(outcome) for outcome in (IMPORTED, ALREADY, REFUSED, STOPPED, NOT_TRIED)]
    held = [text for text, count in zip(texts, numbers, strict=True) if count]
    return ImportReportText.tr("{counts}.").format(counts=ImportReportText.tr(", ").join(held))
