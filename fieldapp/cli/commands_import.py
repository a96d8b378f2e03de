"""Bundles into the archive, receipts back to the devices, and purging what was receipted."""

import argparse
import dataclasses
from pathlib import Path

from fieldapp.cli.output import counted, error, note, print_json
from fieldapp.cli.session import unlock
from fieldapp.errors import FieldappError
from fieldapp.services import importing, receipts  # receipts: registers the pack kind too


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("import", help="verify, decrypt and import bundles (archive)")
    parser.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")
    parser.set_defaults(handler=cmd_import)

    receipt = commands.add_parser("receipt", help="write receipt packs for the devices (archive)")
    receipt.add_argument("--out", type=Path, required=True, metavar="DIR")
    receipt.add_argument("--device", metavar="FINGERPRINT", help="only for this device")
    receipt.set_defaults(handler=cmd_receipt)

    purge = commands.add_parser(
        "purge", help="remove archived testimonies' content from this device (after a receipt)"
    )
    purge.add_argument(
        "--archived",
        action="store_true",
        required=True,
        help="purge every testimony the archive confirmed it holds",
    )
    purge.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    purge.set_defaults(handler=cmd_purge)


class PurgeNotConfirmedError(FieldappError):
    """The purge was not confirmed; nothing was removed."""

    hint = "Add --yes to remove the content of the archived testimonies from this device."


def _summary(report: importing.ImportReport) -> str:
    parts = [
        counted(report.testimonies, "testimony", "testimonies"),
        counted(report.amendments, "amendment", "amendments"),
        counted(report.consents, "consent version", "consent versions"),
        counted(report.attachments, "attachment", "attachments"),
    ]
    if report.withdrawals:
        scopes = ", ".join(sorted(set(report.withdrawn_scopes)))
        parts.append(f"{counted(report.withdrawals, 'withdrawal', 'withdrawals')} ({scopes})")
    if report.waiting:
        waiting = ("record waits for its", "records wait for their")
        parts.append(f"{counted(report.waiting, *waiting)} testimony")
    if report.discarded_waiting:
        discarded = counted(report.discarded_waiting, "waiting record", "waiting records")
        parts.append(f"{discarded} discarded (sent by other devices, or naming another witness)")
    if report.identities:
        parts.append("identities kept for the custodian")
    if report.custody_events and not report.added_records:
        # A bundle of the laptop's log alone (its openings): say what it brought.
        parts.append(counted(report.custody_events, "custody event", "custody events"))
    return "; ".join(parts)


def cmd_import(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        reports = importing.import_bundles(ws, args.bundles)
    if args.json:
        print_json([dataclasses.asdict(report) for report in reports])
    for report in reports:
        if args.json:
            continue
        if report.outcome == "imported":
            print(f"imported: {report.path} (bundle {report.sequence}): {_summary(report)}")
            for again in report.allowed_again:
                print(f"  {_allowed_again(again)}")
        elif report.outcome == "already imported":
            print(f"already imported, nothing changed: {report.path}")
    refused = [r for r in reports if r.outcome == "refused"]
    for report in refused:
        error(
            # Most reasons are sentences ending in a full stop already; one stop, either way.
            f"{report.path} was refused, nothing of it was imported:"
            f" {(report.reason or '').rstrip('.')}.",
            _gap_hint(report),
        )
    unfinished = [r for r in reports if r.outcome in (importing.STOPPED, importing.NOT_TRIED)]
    for report in unfinished:
        if report.outcome == importing.STOPPED:
            error(f"{report.path}: the import stopped, nothing of it was imported: {report.reason}")
        else:
            error(f"{report.path} was not tried; import it again.")
    return 1 if refused or unfinished else 0


def _allowed_again(again: importing.AllowedAgain) -> str:
    """A consent version that supersedes a withdrawal received at the office."""
    return (
        f"testimony {again.testimony_id}: consent version {again.version}, taken after the"
        f" laptop was told of the withdrawal received at the office on {again.received_at[:10]},"
        f" allows again: {', '.join(again.scopes)}."
    )


def _gap_hint(report: importing.ImportReport) -> str | None:
    """For a bundle refused for a missing one before it: how to go on if that one is lost."""
    if report.missing is None:
        return None
    return (
        f"If bundle {report.missing} was lost, the coordinator can accept the gap: fieldapp device"
        f" accept-gap {report.device} --through {(report.sequence or 1) - 1} --reason TEXT"
    )


def cmd_receipt(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        sent = receipts.write_receipts(ws, args.out, to=args.device)
    if args.json:
        print_json(
            [{"device": p.device, "path": str(p.path), "sequence": p.sequence} for p in sent]
        )
    else:
        for pack in sent:
            print(pack.path)
        if sent:
            note(f"{counted(len(sent), 'receipt pack', 'receipt packs')} written.")
        else:
            note(
                "No receipt written: no device sent a bundle since its last receipt (a lost"
                " one goes again, unchanged, with `fieldapp pack resend`)."
            )
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        count = len(receipts.archived_testimonies(ws))
        if not args.yes:
            would = counted(count, "archived testimony", "archived testimonies")
            note(f"{would} would be purged from this device.")
            raise PurgeNotConfirmedError()
        result = receipts.purge_archived(ws)
    if args.json:
        print_json(result.__dict__)
    else:
        note(
            f"Purged {counted(result.testimonies, 'testimony', 'testimonies')},"
            f" {counted(result.attachments, 'attachment', 'attachments')} and"
            f" {counted(result.identities, 'identity', 'identities')} from this device; their"
            " receipts remain."
        )
    return 0
