"""Commands for enrolment, packs, revocation and the roster; and the archive options of init.

Fingerprints are compared by people: the interviewer reads the device's aloud to the
coordinator (``enrol issue``), the coordinator reads the coordinator key's aloud to the
interviewer (``pack apply``). On a terminal the command shows the fingerprint and asks; scripts
give ``--expect-fingerprint`` (compared exactly) or, having checked it some other way, ``--yes``.
"""

import argparse
import sys
from pathlib import Path
from typing import Any

from fieldapp.cli import commands_standing
from fieldapp.cli.output import note, print_json, print_table
from fieldapp.cli.secrets_input import read_secret
from fieldapp.cli.session import unlock
from fieldapp.errors import ValidationFailedError, WorkspaceExistsError
from fieldapp.services import archive, enrolment, packs, standing
from fieldapp.workspace import Role, Workspace, WorkspaceLayout, archive_state

# The name of an environment variable, not a passphrase.
CUSTODIAN_PASSPHRASE_ENV = "FIELDAPP_CUSTODIAN_PASSPHRASE"  # noqa: S105
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
    request.add_argument("--out", type=Path, required=True, metavar="FILE")
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
    device = commands.add_parser("device", help="(archive) the enrolled devices")
    device_actions = device.add_subparsers(dest="action", required=True)
    listing = device_actions.add_parser("list", help="every enrolled device")
    listing.set_defaults(handler=cmd_device_list)
    revoke = device_actions.add_parser("revoke", help="revoke a device (lost, seized, retired)")
    revoke.add_argument("fingerprint", metavar="FINGERPRINT")
    revoke.add_argument(
        "--last-good-sequence",
        type=int,
        metavar="N",
        help="its last bundle to accept (default: the last one imported)",
    )
    revoke.add_argument("--reason", metavar="TEXT", help="kept in the archive only")
    revoke.set_defaults(handler=cmd_device_revoke)
    commands_standing.register(pack_actions, device_actions)

    roster = commands.add_parser("roster", help="(archive) the signed list of device keys")
    roster_actions = roster.add_subparsers(dest="action", required=True)
    export = roster_actions.add_parser("export", help="write the roster (FILE and FILE.sig)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument(
        "--allowed-signers",
        type=Path,
        metavar="FILE",
        help="also an OpenSSH allowed_signers file for ssh-keygen -Y verify (and FILE.sig)",
    )
    export.set_defaults(handler=cmd_roster_export)


def _confirmation_options(parser: argparse.ArgumentParser, whose: str) -> None:
    parser.add_argument(
        "--expect-fingerprint",
        type=_fingerprint_argument,
        metavar="FP",
        help=f"refuse unless {whose} key fingerprint is exactly FP (SHA256:…, or its 80 digits"
        " as read aloud)",
    )
    parser.add_argument("--yes", action="store_true", help=YES_HELP)


def _fingerprint_argument(text: str) -> str:
    """A fingerprint as given: ``SHA256:…`` as it is, or the spoken digits turned back into it."""
    if text.startswith("SHA256:"):
        return text
    try:
        return enrolment.parse_spoken_fingerprint(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "a fingerprint is SHA256:… or the 80 digits read aloud"
        ) from None


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


def _print(args: argparse.Namespace, result: dict[str, Any]) -> None:
    if args.json:
        print_json(result)
        return
    for key, value in result.items():
        if isinstance(value, list):
            value = ", ".join(map(str, value)) or "none"
        print(f"{key.replace('_', ' ')}: {value}")


# --- init --role archive -------------------------------------------------------------------------


def add_archive_init_options(init: argparse.ArgumentParser) -> None:
    init.add_argument(
        "--classic",
        action="store_true",
        help="(archive) classic X25519 keys instead of post-quantum hybrid ones, for tools older"
        " than age 1.3",
    )
    init.add_argument(
        "--custodian-recipient",
        action="append",
        default=[],
        metavar="AGE1…",
        help="(archive) the custodian's age recipient, who alone opens witness identities"
        " (repeatable)",
    )
    init.add_argument(
        "--custodian-out",
        type=Path,
        metavar="FILE",
        help="(archive) make a custodian identity and write it to FILE, an age passphrase file"
        " (passphrase: $FIELDAPP_CUSTODIAN_PASSPHRASE, --custodian-passphrase-file, or asked)",
    )
    init.add_argument("--custodian-passphrase-file", type=Path, metavar="FILE")
    init.set_defaults(usage_error=init.error)


def prepare_archive(args: argparse.Namespace, passphrase: str) -> archive.ArchivePlan | None:
    """For ``init``: check the archive options and write the custodian file, before the
    workspace is made. None for other roles (which must not be given these options)."""
    # First, as Workspace.create would: no custodian file for a workspace that cannot be made.
    if WorkspaceLayout(args.workspace).exists():
        raise WorkspaceExistsError()
    archive_options = (
        args.classic
        or args.custodian_recipient
        or args.custodian_out
        or args.custodian_passphrase_file
    )
    if Role(args.role) is not Role.ARCHIVE:
        if archive_options:
            args.usage_error("--classic and --custodian-… are for --role archive only")
        return None
    if not args.custodian_recipient and args.custodian_out is None:
        args.usage_error("an archive needs --custodian-recipient AGE1… or --custodian-out FILE")
    secret = None
    if args.custodian_out is not None:
        secret = read_secret(
            "Custodian passphrase",
            env=CUSTODIAN_PASSPHRASE_ENV,
            file=args.custodian_passphrase_file,
            confirm=True,
        )
        # The custodian is another person, who must not be able to open the archive, nor the
        # archive's users the custodian file.
        if secret == passphrase:
            raise ValidationFailedError(
                "The custodian's passphrase must differ from the archive's; nothing was made."
            )
    return archive.prepare_archive(
        classic=args.classic,
        custodian_recipients=args.custodian_recipient,
        custodian_out=args.custodian_out,
        custodian_passphrase=secret,
    )


def finish_archive(
    args: argparse.Namespace, ws: Workspace, plan: archive.ArchivePlan
) -> dict[str, Any]:
    """For ``init``: store the archive keys; a workspace that cannot hold them is removed."""
    try:
        setup = archive.set_up_archive(ws, plan)
    except BaseException:
        ws.lock()
        Workspace.wipe(args.workspace)
        raise
    if args.json:
        return {
            "archive_keys": setup.kind,
            "archive_recipients": list(setup.archive_recipients),
            "custodian_recipients": list(setup.custodian_recipients),
            "custodian_file": None if setup.custodian_file is None else str(setup.custodian_file),
        }
    result: dict[str, Any] = {"archive keys": setup.kind}
    if setup.custodian_file is not None:
        result["custodian file"] = f"{setup.custodian_file} (give it to the custodian)"
    result["custodian recipients"] = len(setup.custodian_recipients)
    return result


# --- enrolment -----------------------------------------------------------------------------------


def cmd_enrol_request(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        request = enrolment.write_request(ws, args.out)
    body = request.request
    if not args.json:
        note("Read this fingerprint aloud to the coordinator, who must see the same one:")
    _print(
        args,
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
    if not args.json:
        note("Read the coordinator fingerprint aloud to the interviewer when the pack is applied.")
    _print(
        args,
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
    _print(args, enrolled)
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
        if revoked:
            note("The archive revoked this device: it can no longer export bundles.")
    _print(args, result)
    return 0


def cmd_pack_revocation(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        sent = packs.write_revocation_packs(ws, args.out, to=None if args.all else args.to)
    rows = [{"pack": str(s.path), "device": s.device, "sequence": s.sequence} for s in sent]
    if args.json:
        print_json(rows)
    elif rows:
        print_table(
            [[r["pack"], r["device"], str(r["sequence"])] for r in rows],
            ["pack", "device", "sequence"],
        )
    else:
        note("No device to send to: every enrolled device is revoked.")
    return 0


# --- devices and the roster ----------------------------------------------------------------------


def cmd_device_list(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        standings = standing.device_standings(ws)
    if args.json:
        print_json([_standing_json(s) for s in standings])
        return 0
    rows = [
        [
            s.device.fingerprint,
            s.device.label,
            s.device.enrolled_at[:19],
            (s.device.revoked_at or "")[:19],
            str(s.last_bundle),
            ", ".join(_gap_text(g) for g in s.accepted_gaps),
            (s.reinstatements[-1].reinstated_at[:19] if s.reinstatements else ""),
            str(s.waiting_records),
            str(s.device.packs_sent),
        ]
        for s in standings
    ]
    headers = ["fingerprint", "label", "enrolled", "revoked", "bundles", "gaps accepted"]
    print_table(rows, [*headers, "reinstated", "waiting", "packs"])
    return 0


def _gap_text(gap: archive_state.AcceptedGap) -> str:
    first, through = gap.first_sequence, gap.through_sequence
    return str(first) if first == through else f"{first}-{through}"


def _standing_json(item: standing.DeviceStanding) -> dict[str, object]:
    device = item.device
    return vars(device) | {
        "revoked": device.revoked,
        "last_bundle": item.last_bundle,
        "accepted_gaps": [
            {"first": g.first_sequence, "through": g.through_sequence, "at": g.accepted_at}
            for g in item.accepted_gaps
        ],
        "reinstated": [r.reinstated_at for r in item.reinstatements],
        "waiting_records": item.waiting_records,
    }


def cmd_device_revoke(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        device = enrolment.revoke_device(
            ws, args.fingerprint, last_good_sequence=args.last_good_sequence, reason=args.reason
        )
    if not args.json:
        note("Send the revocation to the other devices: fieldapp pack revocation --all --out DIR")
    _print(
        args,
        {
            "device": device.fingerprint,
            "revoked_at": device.revoked_at,
            "last_good_sequence": device.last_good_sequence,
        },
    )
    return 0


def cmd_roster_export(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        exported = enrolment.export_roster(ws, args.out, args.allowed_signers)
    devices = exported.roster.devices
    result = {
        "roster": str(exported.path),
        "signature": str(exported.signature_path),
        "allowed_signers": None
        if exported.allowed_signers_path is None
        else str(exported.allowed_signers_path),
        "coordinator_fingerprint": exported.roster.coordinator.fingerprint,
        "devices": len(devices),
        "revoked": sum(1 for d in devices if d.revoked_at is not None),
    }
    _print(args, {k: v for k, v in result.items() if v is not None or args.json})
    return 0
