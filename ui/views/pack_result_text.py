"""The sentences the apply-pack dialog shows about a pack: what it is, what applying it did,
and the offer to remove archived content afterwards.

Their translation context is ``PackResultText``: Python's lupdate finds plural forms only in
``<Class>.tr`` calls, so the texts are translated through that class.
"""

from typing import Any

from PySide6.QtCore import QObject

from fieldapp.services import (
    receipts,
    withdrawal_packs,  # noqa: F401  (registers the withdrawal pack kind)
)
from fieldapp.services.pack_preview import PackPreview
from fieldapp.services.packs import PackApplied
from ui.reason_texts import shown

ENROLMENT, RECEIPT, REVOCATION = "enrolment", "receipt", "revocation"
VOCABULARY = "vocabulary"
WITHDRAWAL = "withdrawal"


class PackResultText(QObject):
    """The translation context of this module's texts; never instantiated."""


def description(preview: PackPreview) -> str:
    """What the opened (not yet applied) pack is, and for an enrolment what to check."""
    if preview.kind == ENROLMENT:
        return PackResultText.tr(
            "This enrolment pack connects this laptop to the coordinator's archive. Ask the"
            " coordinator to read their key's fingerprint aloud (sixteen groups of five"
            " digits), and apply the pack only if every group below is the same.",
        )
    if preview.kind == RECEIPT:
        text = PackResultText.tr(
            "Pack {number} is a receipt: the archive confirms what it received.",
        )
    elif preview.kind == REVOCATION:
        text = PackResultText.tr(
            "Pack {number} is a revocation: the archive names devices it no longer trusts.",
        )
    elif preview.kind == VOCABULARY:
        text = PackResultText.tr(
            "Pack {number} brings newer vocabularies from the archive: act types, places and"
            " the other lists a record's codes come from.",
        )
    elif preview.kind == WITHDRAWAL:
        text = PackResultText.tr(
            "Pack {number} brings withdrawals of consent that witnesses gave at the office.",
        )
    else:
        text = PackResultText.tr("Pack {number} is a {kind} pack from the coordinator.")
    return text.format(number=preview.sequence, kind=preview.kind)


def fingerprint_sentence(fingerprint: str) -> str:
    return PackResultText.tr(
        "The same key as the coordinator's screen shows it: {fingerprint}"
    ).format(fingerprint=fingerprint)


def result_text(applied: PackApplied) -> str:
    """What applying the pack changed (one line each)."""
    details = applied.details
    if applied.already_applied:
        lines = [PackResultText.tr("This pack was applied before; nothing was changed.")]
    elif applied.kind == ENROLMENT:
        lines = [
            PackResultText.tr("This laptop is now enrolled: it can export bundles for the archive.")
        ]
    elif applied.kind == RECEIPT:
        lines = _receipt_lines(details)
    elif applied.kind == REVOCATION:
        lines = _revocation_lines(details)
    elif applied.kind == VOCABULARY:
        lines = _vocabulary_lines(details)
    elif applied.kind == WITHDRAWAL:
        lines = _withdrawal_lines(details)
    else:
        lines = [PackResultText.tr("The pack was applied.")]
    return "\n".join(lines)


def _receipt_lines(details: dict[str, Any]) -> list[str]:
    lines = [
        PackResultText.tr(
            "The archive confirmed %n more testimony version(s) as received.",
            "",
            int(details.get("archived", 0)),
        )
    ]
    mismatched = int(details.get("mismatched", 0))
    if mismatched:
        lines.append(
            PackResultText.tr(
                "%n record(s) differ from what the archive holds; they stay on this"
                " laptop as they are. Tell the coordinator.",
                "",
                mismatched,
            )
        )
    unconfirmed = int(details.get("unconfirmed", 0))
    if unconfirmed:
        lines.append(
            PackResultText.tr(
                "%n testimony version(s) went in a bundle this receipt does not name; they stay"
                " on this laptop until a receipt names that bundle.",
                "",
                unconfirmed,
            )
        )
    return lines


def _revocation_lines(details: dict[str, Any]) -> list[str]:
    revoked = [str(fingerprint) for fingerprint in details.get("revoked", [])]
    lines = [
        PackResultText.tr("The archive revoked these devices: {devices}.").format(
            devices=PackResultText.tr(", ").join(revoked)
        )
    ]
    if details.get("this_device_revoked"):
        lines.append(
            PackResultText.tr(
                "The archive revoked this laptop: it can no longer export bundles.",
            )
        )
    return lines


def _vocabulary_lines(details: dict[str, Any]) -> list[str]:
    moved = details.get("vocabularies", [])
    if not moved:
        return [PackResultText.tr("Nothing new: this laptop already had these vocabularies.")]
    # "New codes: n" needs no plural forms (English ones come from a translation file).
    return [
        PackResultText.tr(
            "The vocabulary {vocabulary} is now version {version}. New codes: {count}."
        ).format(
            vocabulary=vocabulary_title(str(change.get("vocabulary"))),
            version=int(change.get("to_version", 0)),
            count=int(change.get("new_codes", 0)),
        )
        for change in moved
    ]


def vocabulary_title(name: str) -> str:
    """A vocabulary as a person calls it ("act types", not the program's ``act_types``); a name
    this version does not know (a newer archive's) as it is, escaped."""
    titles = {
        "act_types": PackResultText.tr("“Act types”"),
        "coi_categories": PackResultText.tr("“COI categories”"),
        "consent_methods": PackResultText.tr("“Ways of giving consent”"),
        "date_precision": PackResultText.tr("“Date precision”"),
        "dprk_provinces": PackResultText.tr("“Provinces of North Korea”"),
        "perpetrator_types": PackResultText.tr("“Perpetrator types”"),
        "recording_modes": PackResultText.tr("“Recording modes”"),
        "reliability": PackResultText.tr("“Reliability”"),
        "source_connection": PackResultText.tr("“Source of the account”"),
    }
    return titles.get(name, shown(name))


def _withdrawal_lines(details: dict[str, Any]) -> list[str]:
    received = int(details.get("withdrawals", 0))
    if not received:
        return [PackResultText.tr("Nothing new: this laptop already knew of these withdrawals.")]
    # Two counts: one plural form each takes two sentences ("Testimonies: n" needs none).
    return [
        PackResultText.tr(
            "%n withdrawal(s) of consent received at the office: the uses withdrawn are no"
            " longer allowed on this laptop.",
            "",
            received,
        ),
        PackResultText.tr("Testimonies concerned: {count}.").format(
            count=int(details.get("testimonies", 0))
        ),
    ]


def purge_offer(archived: int) -> str:
    """The purge button's text: what it removes, and from how many testimonies."""
    return PackResultText.tr(
        "Remove archived content from this laptop (%n testimony(ies))",
        "",
        archived,
    )


def purge_note() -> str:
    """What removing means, shown beside the purge button before anyone presses it."""
    return PackResultText.tr(
        "Removing deletes the narratives, attachments and other content of the archived"
        " testimonies from this laptop, and the witnesses' identities once no record"
        " here needs them. The archive keeps all of it; this laptop keeps only the proof"
        " that it was delivered. This cannot be undone.",
    )


def purged_text(result: receipts.PurgeResult) -> str:
    return PackResultText.tr(
        "Removed the content of %n testimony(ies)", "", result.testimonies
    ) + PackResultText.tr(" and %n attachment(s) from this laptop.", "", result.attachments)
