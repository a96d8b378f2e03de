"""Commands for the archive's register of devices: list them, revoke one, and export the
signed roster of device keys (registered by ``commands_sync``)."""

import argparse
from pathlib import Path

from fieldapp.cli.output import note, print_json, print_result, print_table
from fieldapp.cli.session import unlock
from fieldapp.services import enrolment, standing
from fieldapp.workspace import archive_state


def register(commands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add ``device`` and ``roster``; return the ``device`` actions, for ``commands_standing``."""
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
    return device_actions


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
    print_result(
        args.json,
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
    print_result(args.json, {k: v for k, v in result.items() if v is not None or args.json})
    return 0
