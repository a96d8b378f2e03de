"""Commands on bundles: export (a device writes its next bundle), bundle resend (a device sends
a lost bundle's records again) and verify (anyone checks bundles and packs).

``export`` prints the bundle's path on stdout, alone, so a script can take it; what a person
should know (held back by consent, more to send, an interrupted export finished) goes to stderr.
``verify`` needs no workspace and no passphrase: one line per file (saying what it is), then
one per device's bundles and one per chain of packs to a device.
"""

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fieldapp.cli.fingerprints import fingerprint_argument
from fieldapp.cli.output import counted, error, note, print_json
from fieldapp.cli.session import unlock
from fieldapp.services import export, export_resend, verification
from fieldapp.services.export import ExportResult
from fieldapp.sync.bundle_verify import PACK, BundleCheck, DeviceChain, VerificationReport
from fieldapp.sync.pack_verify import PackChain
from fieldapp.sync.spoken import spoken_fingerprint

# How much of an age recipient the text report shows, either side of the ellipsis.
_RECIPIENT_HEAD = 12
_RECIPIENT_TAIL = 6


def register(commands: argparse._SubParsersAction) -> None:
    export_parser = commands.add_parser(
        "export", help="write this device's next bundle (records not sent yet) into a folder"
    )
    export_parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    export_parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    export_parser.set_defaults(handler=cmd_export)

    bundle = commands.add_parser("bundle", help="(device) repair after a bundle's stick was lost")
    bundle_actions = bundle.add_subparsers(dest="action", required=True)
    resend = bundle_actions.add_parser(
        "resend", help="send the records of a lost bundle again, in the next export"
    )
    resend.add_argument("sequence", type=int, metavar="SEQ", help="the lost bundle's number")
    resend.add_argument("--reason", required=True, metavar="TEXT", help="kept on this device only")
    resend.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    resend.set_defaults(handler=cmd_bundle_resend)

    verify = commands.add_parser(
        "verify",
        help="check bundles and packs against a roster of device and coordinator keys (no secret"
        " needed)",
    )
    verify.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="bundles and packs, in any order"
    )
    verify.add_argument(
        "--roster",
        type=Path,
        required=True,
        metavar="ROSTER",
        help="roster.json (with roster.json.sig beside it), or an allowed_signers file",
    )
    verify.add_argument(
        "--coordinator",
        type=fingerprint_argument,
        metavar="FINGERPRINT",
        help="require the roster to be signed by this coordinator key (SHA256:…, or its 80"
        " digits as read aloud)",
    )
    verify.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    verify.set_defaults(handler=cmd_verify)


def _export_document(result: ExportResult) -> dict[str, Any]:
    document = dict(result.__dict__)
    for key in ("path", "bundle_id"):
        document[key] = None if document[key] is None else str(document[key])
    return document


def _summary(result: ExportResult) -> str:
    counts = [
        (result.testimonies, "testimony version", "testimony versions"),
        (result.consents, "consent version", "consent versions"),
        (result.withdrawals, "withdrawal", "withdrawals"),
        (result.attachments, "attachment", "attachments"),
        (result.identities, "identity (for the custodian)", "identities (for the custodian)"),
        (result.custody_events, "custody event", "custody events"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    if not result.records:  # the custody log alone: openings no bundle carried yet
        parts.insert(0, "no new records")
    return f"Bundle {result.sequence}: {', '.join(parts)}; {result.size:,} bytes."


def cmd_export(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        result = export.export_bundle(ws, args.out)
    if args.json:
        print_json(_export_document(result))
        return 0
    for line in result.notes:
        note(line)
    if result.path is None:
        note(
            "Nothing to export: nothing was sealed, amended or withdrawn, and no strictly"
            " confidential testimony or witness's identity was opened, since the last bundle."
        )
    else:
        print(result.path)
        note(_summary(result))
    if result.held_back:
        note(f"Held back by consent: {result.held_back} (the witness does not allow archiving).")
    if result.remaining:
        note(f"More remains: {result.remaining} testimonies did not fit; export again for them.")
    if result.too_large:
        note(
            f"{result.too_large} testimonies are too large for any one bundle (4 GiB or 4,093"
            " attachments) and were not exported."
        )
    return 0


def cmd_bundle_resend(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        result = export_resend.resend_bundle(ws, args.sequence, reason=args.reason)
    if args.json:
        print_json(asdict(result))
        return 0
    counts = [
        (result.testimonies, "testimony version", "testimony versions"),
        (result.consents, "consent version", "consent versions"),
        (result.withdrawals, "withdrawal", "withdrawals"),
        (result.attachments, "attachment", "attachments"),
        (result.identities, "identity (for the custodian)", "identities (for the custodian)"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n] or ["no records"]
    line = f"Bundle {result.sequence}: {', '.join(parts)} will go again in the next export"
    print(f"{line}{_restated(result.openings)}.")
    if result.held_back:
        note(
            f"Held back by consent: {result.held_back} (the witness no longer allows archiving);"
            " they stay on this device."
        )
    note("Export now, and give the bundle to the coordinator as usual.")
    return 0


def _restated(openings: int) -> str:
    """The resend's words for the openings the lost bundle carried, logged again."""
    if not openings:
        return ""
    if openings == 1:
        return "; 1 opening it carried is logged again and goes with the next export"
    return f"; {openings} openings it carried are logged again and go with the next export"


def cmd_verify(args: argparse.Namespace) -> int:
    roster = verification.load_roster(args.roster, coordinator=args.coordinator)
    report = verification.verify_files(args.files, roster)
    if args.json:
        print_json(verification.report_document(report, roster))
        return _verdict(report)
    if roster.coordinator is None:
        print("roster: an allowed_signers file, unsigned: trust it only from a trusted channel")
    elif args.coordinator is None:
        print(
            f"roster: signed by the coordinator key {roster.coordinator}; compare this"
            " fingerprint with the one you trust (or pass --coordinator), read as numbers:"
            f" {spoken_fingerprint(roster.coordinator)}"
        )
    else:
        print(f"roster: signed by the coordinator key {roster.coordinator}, as expected")
    for check in report.files:
        print(_file_line(check))
    for chain in report.devices:
        state = _problems(chain)
        numbered = "bundle" if len(chain.sequences) == 1 else "bundles"
        print(f"device {chain.device}: {numbered} {verification.ranges(chain.sequences)}: {state}")
    for pack_chain in report.packs:
        print(_pack_chain_line(pack_chain))
    return _verdict(report)


def _problems(chain: DeviceChain | PackChain) -> str:
    """What breaks a device's chain of bundles or of packs, or that nothing does."""
    problems = [
        f"{label}: {numbers}"
        for label, numbers in (
            ("missing", verification.spans_text(chain.missing)),
            ("replayed", verification.ranges(chain.replays)),
            ("forked", verification.ranges(chain.forks)),
            ("chain broken at", verification.ranges(chain.breaks)),
            (
                # Only a signed roster version 2 names gaps the coordinator accepted.
                "missing, accepted as lost by the coordinator",
                verification.spans_text(getattr(chain, "accepted", [])),
            ),
        )
        if numbers
    ]
    return "; ".join(problems) if problems else "in order, no gap"


def _pack_chain_line(chain: PackChain) -> str:
    """``packs to age1…k3fzq9 from SHA256:…: 1-3: in order, no gap``."""
    return (
        f"packs to {short_recipient(chain.recipient)} from {chain.signer}:"
        f" {verification.ranges(chain.sequences)}: {_problems(chain)}"
    )


def short_recipient(recipient: str) -> str:
    """``age1qyqszqgp…k3fzq9``: enough of a device's age recipient to tell it from another
    (in full in ``--json``); a post-quantum recipient is some 2,000 characters long."""
    if len(recipient) <= _RECIPIENT_HEAD + _RECIPIENT_TAIL + 1:
        return recipient
    return f"{recipient[:_RECIPIENT_HEAD]}…{recipient[-_RECIPIENT_TAIL:]}"


def _file_line(check: BundleCheck) -> str:
    """``PATH: OK (…)`` or ``PATH: REFUSED: why``; a file given twice says so, once more."""
    noun = "pack" if check.container == PACK else "bundle"
    twice = (
        f"the same {noun} as {check.same_as}, listed twice"
        if isinstance(check, verification.RepeatedCheck)
        else None
    )
    if check.ok:
        where = (
            f"{check.kind} pack {check.sequence} from the coordinator {check.signer},"
            f" to {short_recipient(check.recipient or '')}"
            if check.container == PACK
            else f"device {check.device}, bundle {check.sequence}"
        )
        return f"{check.path}: OK ({where}{'; ' + twice if twice else ''})"
    return f"{check.path}: REFUSED: {twice + ': ' if twice else ''}{check.reason}"


def _verdict(report: VerificationReport) -> int:
    if report.ok:
        return 0
    refused = sum(not check.ok for check in report.files)
    given = len(report.files)
    error(f"{refused} of {counted(given, 'file was', 'files were')} refused.")
    return 1
