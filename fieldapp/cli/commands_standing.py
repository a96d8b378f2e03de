"""Commands that repair a device's standing with the archive: accept a gap of lost bundles,
reinstate a revoked device, and send lost packs again (registered by ``commands_sync``)."""

import argparse
from pathlib import Path

from fieldapp.cli.output import note, print_json, print_result
from fieldapp.cli.session import unlock
from fieldapp.services import pack_resend, standing


def register(
    pack_actions: argparse._SubParsersAction, device_actions: argparse._SubParsersAction
) -> None:
    resend = pack_actions.add_parser(
        "resend", help="(archive) write again, unchanged, the packs sent to a device"
    )
    resend.add_argument("fingerprint", metavar="FINGERPRINT")
    resend.add_argument(
        "--from",
        dest="first",
        type=int,
        default=1,
        metavar="N",
        help="the first pack to write again (default: 1, its enrolment pack)",
    )
    resend.add_argument("--out", type=Path, required=True, metavar="DIR")
    resend.set_defaults(handler=cmd_pack_resend)

    gap = device_actions.add_parser(
        "accept-gap", help="accept that a device's bundles were lost, so later ones import"
    )
    gap.add_argument("fingerprint", metavar="FINGERPRINT")
    gap.add_argument(
        "--through", type=int, required=True, metavar="SEQ", help="the last bundle lost"
    )
    gap.add_argument("--reason", required=True, metavar="TEXT", help="kept in the archive only")
    gap.add_argument(
        "--acknowledged-in-gap",
        action="store_true",
        help="(a reinstated device) vouch that the lost bundles carried its acknowledgement of"
        " the reinstatement: the next bundle then imports, and every bundle from its last good"
        " one through the gap stays refused, even if found",
    )
    gap.set_defaults(handler=cmd_device_accept_gap)
    reinstate = device_actions.add_parser(
        "reinstate", help="undo a device's revocation and write the pack that tells it"
    )
    reinstate.add_argument("fingerprint", metavar="FINGERPRINT")
    reinstate.add_argument(
        "--reason", required=True, metavar="TEXT", help="kept in the archive only"
    )
    reinstate.add_argument(
        "--out", type=Path, required=True, metavar="PACK", help="the pack file, or a folder"
    )
    reinstate.set_defaults(handler=cmd_device_reinstate)


def cmd_device_accept_gap(args: argparse.Namespace) -> int:
    vouched = args.acknowledged_in_gap
    with unlock(args) as ws:
        gap = standing.accept_gap(
            ws, args.fingerprint, args.through, args.reason, acknowledged_in_gap=vouched
        )
        waiting = standing.awaiting_acknowledgement(ws, gap.device, gap.through_sequence)
    following = gap.through_sequence + 1
    if not args.json:
        note(_accept_gap_outcome(following, vouched, waiting))
        note("Export the roster again so that auditors see the gap as accepted.")
        note(
            "Ask the interviewer to send the lost records again: on the device, 'fieldapp bundle"
            " resend SEQ --reason TEXT' for each lost bundle, then export as usual."
        )
    print_result(
        args.json,
        {
            "device": gap.device,
            "first": gap.first_sequence,
            "through": gap.through_sequence,
            "accepted_at": gap.accepted_at,
            "acknowledged_in_gap": vouched,
            "awaiting_acknowledgement": waiting,
        },
    )
    return 0


def _accept_gap_outcome(following: int, vouched: bool, waiting: bool) -> str:
    """What the accepted gap does for the device's next bundle, and only that."""
    if vouched:
        return (
            f"Bundle {following} of this device will now import: you vouched that the lost"
            " bundles carried its acknowledgement of the reinstatement. Its bundles from the"
            " last good one through the gap stay refused, even if found."
        )
    if waiting:
        # The archive cannot tell whether the next bundle's own log holds the acknowledgement.
        return (
            f"Bundle {following} will import only if its own custody log acknowledges the"
            f" device's reinstatement. If the lost bundle carried that acknowledgement, bundle"
            f" {following} will still be refused. Find it, or accept that it did with"
            " --acknowledged-in-gap."
        )
    return f"Bundle {following} of this device will now import."


def cmd_device_reinstate(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        sent = standing.reinstate_device(ws, args.fingerprint, args.reason, args.out)
    if not args.json:
        note(
            "Apply the pack on the device. Its bundles made while it was revoked stay refused"
            " (`fieldapp bundle resend N` on the device sends their records again); tell the"
            " other devices: fieldapp pack revocation --all --out DIR"
        )
    print_result(
        args.json, {"pack": str(sent.path), "device": sent.device, "sequence": sent.sequence}
    )
    return 0


def cmd_pack_resend(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        written = pack_resend.resend_packs(ws, args.fingerprint, args.out, first=args.first)
    if args.json:
        print_json([str(path) for path in written])
    else:
        note("Apply them on the device in order; one it applied before changes nothing.")
        for path in written:
            print(path)
    return 0
