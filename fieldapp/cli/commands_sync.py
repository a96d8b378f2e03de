"""Commands for enrolment and packs: a device's request and the archive's enrolment of it, and
the packs the archive writes and devices apply.

Fingerprints are compared by people: the interviewer reads the device's aloud to the
coordinator (``enrol issue``), the coordinator reads the coordinator key's aloud to the
interviewer (``pack apply``). On a terminal the command shows the fingerprint and asks; scripts
give ``--expect-fingerprint`` (compared exactly) or, having checked it some other way, ``--yes``.
"""

import argparse
import sys
from pathlib import Path
from typing import Any

from fieldapp.cli import commands_devices, commands_standing
from fieldapp.cli.fingerprints import fingerprint_argument
from fieldapp.cli.output import counted, note, print_json, print_result, print_table
from fieldapp.cli.session import unlock
from fieldapp.services import (  # vocabulary_packs and withdrawal_packs register their kinds
    enrolment,
    packs,
    revocation_packs,
    setup,
    vocabulary_packs,
    withdrawal_packs,
)
from fieldapp.workspace import archive_state

YES_ANSWERS = ("yes", "y")
YES_HELP = (
    "accept the fingerprint without asking: only for scripts that checked it another way"
    " (prefer --expect-fingerprint)"
)


def register(commands: argparse._SubParsersAction) -> None:
    enrol = commands.add_parser("enrol", help="enrol a device with the archive")
    enrol_actions = enrol.add_subparsers(dest="action", required=True)
    request = enrol_actions.add_parser(
        "request", help="(device) write an enrolment request for the coordinator"
    )
    request.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="the request file, or a folder (a drive) to write it into",
    )
    request.set_defaults(handler=cmd_enrol_request)
    issue = enrol_actions.add_parser(
        "issue", help="(archive) enrol the device of a request and write its enrolment pack"
    )
    issue.add_argument("request", type=Path, metavar="REQUEST")
    issue.add_argument(
        "--out", type=Path, required=True, metavar="PACK", help="the pack file, or a folder"
    )
    _confirmation_options(issue, "the device's")
    issue.set_defaults(handler=cmd_enrol_issue)
    status = enrol_actions.add_parser("status", help="(device) the archive this device reports to")
    status.set_defaults(handler=cmd_enrol_status)

    pack = commands.add_parser("pack", help="apply packs (device) or write them (archive)")
    pack_actions = pack.add_subparsers(dest="action", required=True)
    apply = pack_actions.add_parser("apply", help="(device) apply a pack from the coordinator")
    apply.add_argument("pack", type=Path, metavar="PACK")
    _confirmation_options(apply, "the coordinator's")
    apply.set_defaults(handler=cmd_pack_apply)
    revocation = pack_actions.add_parser(
        "revocation", help="(archive) write revocation packs telling devices who is revoked"
    )
    target = revocation.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", metavar="FINGERPRINT", help="one device")
    target.add_argument("--all", action="store_true", help="every device not revoked")
    revocation.add_argument("--out", type=Path, required=True, metavar="DIR")
    revocation.set_defaults(handler=cmd_pack_revocation)
    vocabulary = pack_actions.add_parser(
        "vocabulary",
        help="(archive) issue newer vocabularies and write vocabulary packs to the devices",
    )
    vocabulary.add_argument(
        "files",
        type=Path,
        nargs="*",
        metavar="FILE",
        help="vocabulary JSON files (none: send what the archive holds to devices not yet sent it)",
    )
    vocabulary.add_argument("--to", metavar="FINGERPRINT", help="one device (default: every one)")
    vocabulary.add_argument("--out", type=Path, required=True, metavar="DIR")
    vocabulary.set_defaults(handler=cmd_pack_vocabulary)
    withdrawals = pack_actions.add_parser(
        "withdrawals",
        help="(archive) tell each device of the withdrawals received at the office for the"
        " testimonies it sent",
    )
    withdrawals.add_argument("--out", type=Path, required=True, metavar="DIR")
    withdrawals.set_defaults(handler=cmd_pack_withdrawals)
    device_actions = commands_devices.register(commands)
    commands_standing.register(pack_actions, device_actions)


def _confirmation_options(parser: argparse.ArgumentParser, whose: str) -> None:
    parser.add_argument(
        "--expect-fingerprint",
        type=fingerprint_argument,
        metavar="FP",
        help=f"refuse unless {whose} key fingerprint is exactly FP (SHA256:…, or its 80 digits"
        " as read aloud)",
    )
    parser.add_argument("--yes", action="store_true", help=YES_HELP)


def _confirmer(args: argparse.Namespace, question: str) -> packs.Confirm:
    def confirm(fingerprint: str) -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            return False
        # On stderr, so that --json output on stdout stays one document.
        spoken = enrolment.spoken_fingerprint(fingerprint)
        note(f"{question}\n    {fingerprint}\n  or, read as numbers:\n    {spoken}")
        print("Is it exactly the same? Type yes to confirm: ", end="", file=sys.stderr, flush=True)
        return sys.stdin.readline().strip().lower() in YES_ANSWERS

    return confirm


# --- enrolment -----------------------------------------------------------------------------------


def cmd_enrol_request(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        if args.out.is_dir():  # a drive: the file is named like the app names it
            args.out = setup.write_enrolment_request(ws, args.out)
            request = enrolment.read_request(args.out)
        else:
            request = enrolment.write_request(ws, args.out)
    body = request.request
    if not args.json:
        note("Read this fingerprint aloud to the coordinator, who must see the same one:")
    print_result(
        args.json,
        {
            "request": str(args.out),
            "label": body.label,
            "fingerprint": body.fingerprint,
            "spoken_fingerprint": enrolment.spoken_fingerprint(body.fingerprint),
            "age_recipient": body.age_recipient,
        },
    )
    return 0


def _device_name(label: str) -> str:
    return f"the device labelled {label!r}" if label else "a device without a label"


def cmd_enrol_issue(args: argparse.Namespace) -> int:
    request = enrolment.read_request(args.request)
    packs.confirm_fingerprint(
        request.fingerprint,
        expected=args.expect_fingerprint,
        confirm=_confirmer(
            args,
            f"The request is from {_device_name(request.request.label)}. Its fingerprint,"
            " which the interviewer must read aloud to you, is:",
        ),
        whose="device's",
    )
    with unlock(args) as ws:
        sent = enrolment.issue_enrolment(ws, request, args.out)
        vocabularies = vocabulary_packs.issued_vocabularies(ws)
    if not args.json:
        note("Read the coordinator fingerprint aloud to the interviewer when the pack is applied.")
        if vocabularies:
            note(
                "The archive uses newer vocabularies than the program's: after the enrolment"
                f" pack, send them with `fieldapp pack vocabulary --to {sent.device} --out DIR`."
            )
    print_result(
        args.json,
        {
            "pack": str(sent.path),
            "device": sent.device,
            "sequence": sent.sequence,
            "coordinator_fingerprint": sent.coordinator_fingerprint,
            "spoken_coordinator_fingerprint": enrolment.spoken_fingerprint(
                sent.coordinator_fingerprint
            ),
        },
    )
    return 0


def cmd_enrol_status(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        enrolled = enrolment.enrolment_status(ws)
    if not args.json and enrolled.get("enrolled") is False:
        note(
            "This device is not enrolled yet: write a request with `fieldapp enrol request"
            " --out FILE` for the coordinator, then apply the pack they send back."
        )
    print_result(args.json, enrolled)
    return 0


# --- packs ---------------------------------------------------------------------------------------


def cmd_pack_apply(args: argparse.Namespace) -> int:
    question = (
        "This pack enrols the device with a coordinator whose key fingerprint is below. The"
        " coordinator must read theirs aloud to you."
    )
    with unlock(args) as ws:
        applied = packs.apply_pack(
            ws,
            args.pack,
            expect_fingerprint=args.expect_fingerprint,
            confirm=_confirmer(args, question),
        )
        revoked = archive_state.is_revoked(ws.repository)
    result = {
        "kind": applied.kind,
        "sequence": applied.sequence,
        "pack_id": applied.pack_id,
        "coordinator_fingerprint": applied.coordinator_fingerprint,
        "spoken_coordinator_fingerprint": enrolment.spoken_fingerprint(
            applied.coordinator_fingerprint
        ),
        "already_applied": applied.already_applied,
        "this_device_revoked": revoked,
        **({"details": applied.details} if args.json else {}),
    }
    if not args.json:
        if applied.already_applied:
            note("This pack was applied before; nothing was changed.")
        else:
            note(f"Pack {applied.sequence} ({applied.kind}) applied.")
        if revoked:
            note("The archive revoked this device: it can no longer export bundles.")
        if applied.kind == "receipt" and not applied.already_applied:
            note(_receipt_summary(applied.details))
        if applied.kind == "vocabulary" and not applied.already_applied:
            note(_vocabulary_summary(applied.details))
        if applied.kind == "withdrawal" and not applied.already_applied:
            note(_withdrawal_summary(applied.details))
    print_result(args.json, result)
    return 0


def _receipt_summary(details: dict[str, Any]) -> str:
    archived = int(details.get("archived", 0))
    summary = f"The archive holds {counted(archived, 'testimony version', 'testimony versions')}"
    summary += " more from this device."
    if archived:
        summary += " `fieldapp purge --archived --yes` removes their content from this laptop."
    left = int(details.get("unconfirmed", 0)) + int(details.get("mismatched", 0))
    if left:
        summary += (
            f" {counted(left, 'version it names was', 'versions it names were')} not marked"
            " archived: no bundle it lists carried them as this device sent them."
        )
    return summary


def _vocabulary_summary(details: dict[str, Any]) -> str:
    moved = details.get("vocabularies", [])
    if not moved:
        return "Nothing new: this device already had these vocabularies."
    return " ".join(
        f"The vocabulary {m['vocabulary']} is now version {m['to_version']} (was"
        f" {m['from_version']}; {counted(int(m['new_codes']), 'new code', 'new codes')})."
        for m in moved
    )


def _withdrawal_summary(details: dict[str, Any]) -> str:
    received = int(details.get("withdrawals", 0))
    if not received:
        return "Nothing new: this device already knew of these withdrawals."
    withdrawals = counted(received, "withdrawal", "withdrawals")
    testimonies = counted(int(details.get("testimonies", 0)), "testimony", "testimonies")
    return (
        f"{withdrawals} received at the office, for {testimonies}: the uses withdrawn are no"
        " longer allowed here (`fieldapp testimony show ID`)."
    )


def cmd_pack_withdrawals(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        sent = withdrawal_packs.write_withdrawal_packs(ws, args.out)
    rows = [
        {
            "pack": str(s.pack.path),
            "device": s.pack.device,
            "sequence": s.pack.sequence,
            "withdrawals": s.withdrawals,
            "testimonies": s.testimonies,
        }
        for s in sent
    ]
    if args.json:
        print_json(rows)
    elif rows:
        print_table(
            [[r["pack"], r["device"], str(r["sequence"]), str(r["withdrawals"])] for r in rows],
            ["pack", "device", "sequence", "withdrawals"],
        )
    else:
        note(
            "No withdrawals to send: every device has been told of the withdrawals received at"
            " the office for the testimonies it sent (a lost pack goes again, unchanged, with"
            " `fieldapp pack resend`)."
        )
    return 0


def cmd_pack_vocabulary(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        issued = vocabulary_packs.issue_vocabularies(ws, args.files, args.out, to=args.to)
    rows = [{"pack": str(s.path), "device": s.device, "sequence": s.sequence} for s in issued.sent]
    if args.json:
        print_json(
            {
                "updated": [c.as_dict() for c in issued.changes],
                "vocabularies": issued.carried,
                "packs": rows,
            }
        )
        return 0
    for change in issued.changes:
        note(
            f"The archive now uses the vocabulary {change.vocabulary} version"
            f" {change.to_version} ({counted(change.new_codes, 'new code', 'new codes')})."
        )
    if rows:
        print_table(
            [[r["pack"], r["device"], str(r["sequence"])] for r in rows],
            ["pack", "device", "sequence"],
        )
    elif not issued.carried:
        note("No vocabulary pack written: the archive holds no vocabulary beyond the program's.")
    else:
        note(
            "No vocabulary pack written: every device to tell has been sent these vocabularies"
            " (a lost pack goes again, unchanged, with `fieldapp pack resend`)."
        )
    return 0


def cmd_pack_revocation(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        sent = revocation_packs.write_revocation_packs(
            ws, args.out, to=None if args.all else args.to
        )
        anyone = args.to is not None or any(
            not d.revoked for d in archive_state.list_devices(ws.connection)
        )
    rows = [{"pack": str(s.path), "device": s.device, "sequence": s.sequence} for s in sent]
    if args.json:
        print_json(rows)
    elif rows:
        print_table(
            [[r["pack"], r["device"], str(r["sequence"])] for r in rows],
            ["pack", "device", "sequence"],
        )
    elif anyone:
        note(
            "No revocation pack written: every device to tell already knows every revocation"
            " and reinstatement (a lost pack goes again, unchanged, with `fieldapp pack resend`)."
        )
    else:
        note("No device to send to: every enrolled device is revoked.")
    return 0
