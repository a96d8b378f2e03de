"""The core's reasons for refusing a bundle, a pack or an enrolment request, in the language
the app runs in.

The core (``fieldapp``) gives each reason as an English template, a named constant of the module
that refuses (``{fingerprint}`` where it shows a value), and keeps the template and the values on
the error (``reason_template``, ``reason_args``) and on an import report. Each template is listed
here once, marked for ``lupdate`` in the context ``reasons``, so that ``fieldapp_ko.ts`` holds
it; ``translated_reason`` translates the template, then fills in the values as plain text.
``tests/ui/test_reason_texts.py`` fails when the core gives a reason this list lacks, or one
without a Korean translation.
"""

import functools
import re
from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "reasons"

#: Every template the core refuses with, as its raise sites spell it (grouped by the module of
#: the first raise site). lupdate reads a context only as a literal, so each entry spells it.
CATALOG: tuple[str, ...] = (
    # fieldapp.services.enrolment
    QT_TRANSLATE_NOOP("reasons", "it is not a regular file."),
    QT_TRANSLATE_NOOP("reasons", "it names the coordinator's own key."),
    # fieldapp.services.import_blobs
    QT_TRANSLATE_NOOP("reasons", "its attachments do not match its records"),
    QT_TRANSLATE_NOOP("reasons", "an attachment it carries conflicts with the archive's copy"),
    QT_TRANSLATE_NOOP("reasons", "an attachment is not the file its record describes"),
    # fieldapp.services.import_chain
    QT_TRANSLATE_NOOP(
        "reasons",
        "its custody log does not acknowledge the reinstatement, and no bundle the archive holds"
        " from this device does: either it was made while the device was revoked, or one of"
        " bundles {first} to {last}, which the archive lacks, carried the acknowledgement (find"
        " it; if it is lost, the coordinator can accept that it did: fieldapp device accept-gap"
        " {device} --through {through} --acknowledged-in-gap --reason TEXT)",
    ),
    QT_TRANSLATE_NOOP("reasons", "it comes from a device that is not enrolled here"),
    QT_TRANSLATE_NOOP(
        "reasons",
        "the archive already holds a different bundle {sequence} from this device (a fork or a"
        " forgery)",
    ),
    QT_TRANSLATE_NOOP("reasons", "it comes from a revoked device"),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its device made it while it was revoked; it stays refused after the reinstatement (on"
        " the device, `fieldapp bundle resend {sequence}` sends its records again)",
    ),
    QT_TRANSLATE_NOOP("reasons", "bundle {missing} from this device is missing: import it first"),
    QT_TRANSLATE_NOOP("reasons", "it does not follow the last bundle from this device"),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its device made it while it was revoked (its custody log does not acknowledge the"
        " reinstatement); it stays refused (on the device, `fieldapp bundle resend {sequence}`"
        " sends its records again)",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its custody log does not acknowledge the reinstatement, and no bundle the archive holds"
        " from this device does: either it was made while the device was revoked, or bundle"
        " {lacking}, which the archive lacks, carried the acknowledgement (find it; if it is"
        " lost, the coordinator can accept that it did: fieldapp device accept-gap {device}"
        " --through {through} --acknowledged-in-gap --reason TEXT)",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it fills an accepted gap but does not fit between the bundles around it (a forgery or"
        " another device's history)",
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "its custody log holds an event naming another actor than the device"
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "its custody log holds an event about a testimony recorded by another device"
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "its custody log does not continue the device's log as the archive holds it"
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "its custody log does not number its events on from the one before"
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it follows bundles the archive lacks but carries no custody events, so its custody head"
        " cannot be checked",
    ),
    QT_TRANSLATE_NOOP("reasons", "its custody log does not end where the manifest says"),
    QT_TRANSLATE_NOOP("reasons", "its custody log is not signed by the device"),
    # fieldapp.services.import_consents
    QT_TRANSLATE_NOOP(
        "reasons", "it carries a consent version that its device's custody log does not record"
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its custody log records a consent version other than the one the archive holds",
    ),
    # fieldapp.services.import_records
    QT_TRANSLATE_NOOP("reasons", "it carries a testimony without the witness's consent"),
    QT_TRANSLATE_NOOP("reasons", "it changes a testimony recorded by another device"),
    QT_TRANSLATE_NOOP("reasons", "it carries a record that was never sealed"),
    QT_TRANSLATE_NOOP("reasons", "its records are not in the order its device writes them"),
    QT_TRANSLATE_NOOP("reasons", "it carries a record of a testimony the archive lacks"),
    QT_TRANSLATE_NOOP("reasons", "a consent it carries conflicts with the archive's copy"),
    QT_TRANSLATE_NOOP("reasons", "a record it carries conflicts with the archive's copy"),
    QT_TRANSLATE_NOOP("reasons", "a testimony it carries conflicts with the archive's copy"),
    # fieldapp.services.import_rules
    QT_TRANSLATE_NOOP("reasons", "an attachment it carries claims to come from another device"),
    QT_TRANSLATE_NOOP(
        "reasons", "its consents and withdrawals do not follow on from those the archive holds"
    ),
    QT_TRANSLATE_NOOP("reasons", "a consent or withdrawal it carries names another witness"),
    # fieldapp.services.import_versions
    QT_TRANSLATE_NOOP(
        "reasons",
        "it carries an earlier version of a testimony that is not the version the archive's"
        " later one amends (a forgery or another history)",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it carries a version of a testimony that does not amend the version before it (a"
        " forgery or another history)",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it carries a version of a testimony whose earlier versions the archive neither holds"
        " nor receives with it, and no bundle of this device is missing that could have carried"
        " them",
    ),
    # fieldapp.services.import_waiting
    QT_TRANSLATE_NOOP(
        "reasons", "a record it carries conflicts with one the archive keeps waiting"
    ),
    # fieldapp.services.importing
    QT_TRANSLATE_NOOP("reasons", "its id is the id of another bundle the archive holds"),
    QT_TRANSLATE_NOOP("reasons", "it is not a regular file"),
    QT_TRANSLATE_NOOP("reasons", "its file cannot be read ({error})"),
    # fieldapp.services.packs
    QT_TRANSLATE_NOOP(
        "reasons",
        "it is addressed to another device: its file name is for the one whose packs are named"
        " …-{tag}-….fieldpack (this device's are named …-{own}-….fieldpack).",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it is addressed to another device, the one whose packs are named …-{tag}-….fieldpack"
        " (this device's are named …-{own}-….fieldpack).",
    ),
    QT_TRANSLATE_NOOP("reasons", "it is addressed to another device."),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it is pack number {sequence}, and pack number {applied} was already applied here: an"
        " old pack, sent again.",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it is pack number {sequence}, but number {expected} has not been applied yet; apply the"
        " packs in order.",
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "it does not follow the last pack applied here: the chain of packs is broken."
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "it is a bundle, not a pack: bundles go to the archive (`fieldapp import`)."
    ),
    QT_TRANSLATE_NOOP("reasons", "it enrols another device, not this one."),
    QT_TRANSLATE_NOOP(
        "reasons", "its payload names another coordinator key than the one that signed it."
    ),
    QT_TRANSLATE_NOOP("reasons", "this version of fieldapp cannot apply {kind} packs."),
    QT_TRANSLATE_NOOP("reasons", "a different pack with the same id was applied before."),
    # fieldapp.services.receipts
    QT_TRANSLATE_NOOP(
        "reasons", "it names a bundle this device never sent: it is not from our archive."
    ),
    # fieldapp.services.vocabulary_packs
    QT_TRANSLATE_NOOP("reasons", "it names a vocabulary this version of fieldapp does not use."),
    QT_TRANSLATE_NOOP(
        "reasons", "its vocabulary {vocabulary} version {version} drops codes that records may use."
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its vocabulary {vocabulary} version {version} has codes that the newer version here"
        " lacks: it is not from the same line of versions.",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its vocabulary {vocabulary} version {version} does not fit the other vocabularies.",
    ),
    # fieldapp.services.withdrawal_packs
    QT_TRANSLATE_NOOP(
        "reasons",
        "it names a testimony this laptop never held, or not with the witness and consent this"
        " laptop holds.",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it gives a withdrawal under the id of one this laptop holds, but not the same withdrawal.",
    ),
    # fieldapp.sync.bundle_reader
    QT_TRANSLATE_NOOP(
        "reasons", "its encrypted content cannot be opened with this archive's keys, or is damaged"
    ),
    # fieldapp.sync.bundle_verify
    QT_TRANSLATE_NOOP("reasons", "it does not hold the parts a bundle holds, in their order."),
    QT_TRANSLATE_NOOP("reasons", "it is not a bundle of records."),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its device's key is no longer valid in this allowed_signers file (the device was"
        " revoked since), which does not say whether this bundle came before; check it against"
        " roster.json.",
    ),
    QT_TRANSLATE_NOOP("reasons", "its device was revoked before it made this bundle."),
    # fieldapp.sync.pack_verify
    QT_TRANSLATE_NOOP(
        "reasons",
        "the roster names no coordinator key valid now for packs, so no pack can be checked"
        " against it.",
    ),
    # fieldapp.sync.container
    QT_TRANSLATE_NOOP("reasons", "the file is damaged or is not a bundle."),
    # fieldapp.sync.container_reader
    QT_TRANSLATE_NOOP("reasons", "it is larger, or has more parts, than this program accepts."),
    QT_TRANSLATE_NOOP("reasons", "a part it must hold is missing."),
    # fieldapp.sync.enrolment
    QT_TRANSLATE_NOOP("reasons", "it is larger than a request can be."),
    QT_TRANSLATE_NOOP("reasons", "it is not a valid enrolment request."),
    QT_TRANSLATE_NOOP(
        "reasons", "its proof was not made by the key it names: it was altered or forged."
    ),
    QT_TRANSLATE_NOOP("reasons", "its proof is damaged or is not an SSH signature."),
    QT_TRANSLATE_NOOP("reasons", "its enrolment payload is not valid."),
    # fieldapp.sync.manifest
    QT_TRANSLATE_NOOP("reasons", "its manifest names another key than the one that signed it."),
    QT_TRANSLATE_NOOP("reasons", "it is not the kind of file expected here."),
    QT_TRANSLATE_NOOP(
        "reasons", "its parts do not match its manifest: it was altered or is incomplete."
    ),
    QT_TRANSLATE_NOOP("reasons", "its manifest is not valid."),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it was signed by {fingerprint}, a device key that is not enrolled (or the signature was"
        " altered).",
    ),
    QT_TRANSLATE_NOOP(
        "reasons",
        "it was signed by {fingerprint}, not by the coordinator key trusted here (or the"
        " signature was altered).",
    ),
    QT_TRANSLATE_NOOP("reasons", "its signature is not valid, or not made by an allowed key."),
    QT_TRANSLATE_NOOP("reasons", "its signature is damaged or is not an SSH signature."),
    # fieldapp.sync.packs
    QT_TRANSLATE_NOOP("reasons", "the file is damaged or is not a pack."),
    QT_TRANSLATE_NOOP("reasons", "its payload is larger than a pack's can be."),
    QT_TRANSLATE_NOOP("reasons", "it does not hold exactly the parts a pack holds."),
    QT_TRANSLATE_NOOP(
        "reasons",
        "its payload could not be decrypted: it was not made for this device, or it is damaged.",
    ),
    # fieldapp.sync.payload
    QT_TRANSLATE_NOOP(
        "reasons", "its encrypted content belongs to another bundle or device (inner header)"
    ),
    QT_TRANSLATE_NOOP("reasons", "its encrypted content is not what its name says (inner header)"),
    QT_TRANSLATE_NOOP("reasons", "its custody log is damaged or not what the manifest promises"),
    QT_TRANSLATE_NOOP("reasons", "its payload is damaged or not what the manifest promises"),
    QT_TRANSLATE_NOOP(
        "reasons", "its testimony record is damaged or not what the manifest promises"
    ),
    QT_TRANSLATE_NOOP("reasons", "its consent record is damaged or not what the manifest promises"),
    QT_TRANSLATE_NOOP(
        "reasons", "its withdrawal record is damaged or not what the manifest promises"
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "its attachment record is damaged or not what the manifest promises"
    ),
    QT_TRANSLATE_NOOP(
        "reasons", "its identity record is damaged or not what the manifest promises"
    ),
    QT_TRANSLATE_NOOP("reasons", "its custody record is damaged or not what the manifest promises"),
    # fieldapp.sync.receipt
    QT_TRANSLATE_NOOP("reasons", "its receipt is damaged or not a receipt."),
    # fieldapp.sync.roster
    QT_TRANSLATE_NOOP("reasons", "its revocation payload is not valid."),
    # fieldapp.sync.vocabulary_pack
    QT_TRANSLATE_NOOP("reasons", "its vocabularies are damaged or it is not a vocabulary pack."),
    # fieldapp.sync.withdrawal_pack
    QT_TRANSLATE_NOOP("reasons", "its withdrawals are damaged or it is not a withdrawal pack."),
)


def shown(text: str) -> str:
    """``text`` with every character that would not print as itself escaped (``\\n``,
    ``\\u202e``): a file name, a reason or a value in it never breaks or reorders the lines
    around it."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def translated_reason(template: str, args: Mapping[str, str]) -> str:
    """The reason ``template`` in the app's language, its placeholders filled with ``args`` as
    plain, escaped text (a fingerprint read from an unverified signature is a stranger's
    text). A template the catalog lacks comes back in English, filled in the same way."""
    values = {name: shown(str(value)) for name, value in args.items()}
    translated = QCoreApplication.translate(CONTEXT, template)
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that lost its placeholders
        return template.format(**values)


def _pattern(template: str) -> re.Pattern[str]:
    """``template`` as a pattern matching its sentences, each placeholder a named group (a
    placeholder given twice must hold the same value twice)."""
    seen: set[str] = set()

    def group(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in seen:
            return f"(?P={name})"
        seen.add(name)
        return f"(?P<{name}>.+?)"

    return re.compile(re.sub(r"\\\{([a-z_]+)\\\}", group, re.escape(template)), re.DOTALL)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((template, _pattern(template)) for template in CATALOG)


def translated_sentence(text: str) -> str:
    """A reason the core gave filled in already (a verification report keeps only the
    sentence), in the app's language when it is one of the catalog's templates; else as it is.
    Either way escaped where it would not print (``shown``)."""
    for template, pattern in _patterns():
        found = pattern.fullmatch(text)
        if found is not None:
            return translated_reason(template, found.groupdict())
    return shown(text)
