"""``fieldapp custodian show``: the custodian reads the witness identities, on their own machine.

No workspace: the custodian file (``init --role archive --custodian-out``) and its passphrase
open the identities files the archive keeps unopened in its ``custodian/`` folder, or a bundle's
``identities.age``. Everything is decrypted in memory and printed; printing the real names is
the purpose of the command, so it belongs on the custodian's machine only.
"""

import argparse
from pathlib import Path
from typing import Any

from fieldapp.cli.archive_init import CUSTODIAN_PASSPHRASE_ENV
from fieldapp.cli.fingerprints import fingerprint_argument
from fieldapp.cli.output import note, print_json
from fieldapp.cli.secrets_input import read_secret
from fieldapp.domain import WitnessIdentity
from fieldapp.domain.dates import ApproxDate
from fieldapp.errors import CustodianError, FieldappError
from fieldapp.services import custodian, verification

_SHOW_DESCRIPTION = (
    "Decrypt witness identities with the custodian file and print them. The output is the"
    " witnesses' REAL NAMES, contacts and family at risk: run it only on the custodian's own"
    " machine, never on the archive workstation, and do not redirect it into a file."
    " Nothing decrypted is written to disk."
)
_INDENT = "    "
#: A kept file with no signed manifest beside it (kept before the archive kept them, or copied
#: alone): anyone holding the custodian's public recipient can write one with any inner header.
NOT_VERIFIED = (
    "NOT VERIFIED: no signed manifest beside it, so its device and bundle are only what the"
    " file itself says (anyone can write such a file for the custodian)"
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "custodian", help="(custodian) open the witness identities kept for the custodian"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="print the witnesses' real names from identities files (custodian's machine only)",
        description=_SHOW_DESCRIPTION,
    )
    show.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="an identities file from the archive's custodian/ folder (<bundle-id>.age), or a"
        " bundle (*.fieldbundle)",
    )
    show.add_argument(
        "--identity",
        type=Path,
        required=True,
        metavar="CUSTODIAN_FILE",
        help="the custodian file written by 'fieldapp init --role archive --custodian-out'",
    )
    show.add_argument(
        "--custodian-passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"read the custodian passphrase from FILE (or set {CUSTODIAN_PASSPHRASE_ENV};"
        " otherwise it is asked on the terminal)",
    )
    show.add_argument(
        "--roster",
        type=Path,
        metavar="ROSTER",
        help="also require each file's device to be enrolled in this roster, as 'fieldapp verify'"
        " does: roster.json (with roster.json.sig beside it), or an allowed_signers file",
    )
    show.add_argument(
        "--coordinator",
        type=fingerprint_argument,
        metavar="FINGERPRINT",
        help="with --roster: require the roster to be signed by this coordinator key",
    )
    show.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the identities as JSON (still the real names)",
    )
    show.set_defaults(handler=cmd_custodian_show)


def cmd_custodian_show(args: argparse.Namespace) -> int:
    if args.coordinator is not None and args.roster is None:
        raise FieldappError("--coordinator checks a roster: give it with --roster.")
    # Read before any secret is asked: a roster refused costs no passphrase.
    roster = (
        None
        if args.roster is None
        else verification.load_roster(args.roster, coordinator=args.coordinator)
    )
    passphrase = read_secret(
        "Custodian passphrase", env=CUSTODIAN_PASSPHRASE_ENV, file=args.custodian_passphrase_file
    )
    try:
        key = custodian.open_custodian_file(args.identity, passphrase)
        opened = custodian.read_identities_files(args.files, key)
        if roster is not None:
            custodian.check_enrolled(opened, roster.roster)
    except CustodianError as failure:
        if failure.path is not None:
            # Several files may be given: the sentence says what, the path which one (escaped:
            # a file's name may hold escape sequences).
            others = (
                " Nothing of the other files was shown either: leave this one out to see them."
                if len(args.files) > 1
                else ""
            )
            raise type(failure)(
                f"{_plain(failure.path, breaks=False)}: {failure}{others}"
            ) from None
        raise
    checked = None if roster is None else _roster_text(roster)
    if args.json:
        print_json([_document(found, roster) for found in opened])
        return 0
    for index, found in enumerate(opened):
        if index:
            print()
        _print_file(found, checked)
    count = sum(len(found.identities) for found in opened)
    unverified = sum(not found.verified for found in opened)
    note(
        f"{_counted(count, 'witness identity', 'witness identities')} from"
        f" {_counted(len(opened), 'file', 'files')}"
        + (f"; {unverified} of them NOT VERIFIED." if unverified else ".")
    )
    return 0


def _roster_text(roster: verification.LoadedRoster) -> str:
    if roster.coordinator is None:
        return "enrolled in the roster (an unsigned allowed_signers file)"
    if roster.confirmed:
        return f"enrolled in the roster signed by the coordinator key {roster.coordinator}"
    return (
        f"enrolled in a roster signed by the coordinator key {roster.coordinator} (compare it"
        " with the one you trust, or pass --coordinator)"
    )


def _document(
    found: custodian.IdentitiesFile, roster: verification.LoadedRoster | None = None
) -> dict[str, Any]:
    return {
        "path": str(found.path),
        "bundle_id": str(found.bundle_id),
        "device": found.device,
        "sequence": found.sequence,
        "from_bundle": found.from_bundle,
        # The device whose signed manifest lists the file (no roster asked); null: not verified.
        "verified": found.verified,
        "signed_by": found.signed_by,
        # The roster's coordinator key when --roster was given (every file shown is enrolled).
        "roster_checked": roster is not None,
        "roster_coordinator": None if roster is None else roster.coordinator,
        "identities": [identity.model_dump(mode="json") for identity in found.identities],
    }


def _print_file(found: custodian.IdentitiesFile, checked: str | None = None) -> None:
    what = "bundle" if found.from_bundle else "identities file"
    device = _plain(found.device, breaks=False)
    print(
        f"{_plain(str(found.path), breaks=False)} ({what}): bundle {found.sequence} of device"
        f" {device}, bundle id {found.bundle_id}"
    )
    if found.signed_by is not None:
        print(
            f"{_INDENT}signed by device {_plain(found.signed_by, breaks=False)}"
            f" (bundle {found.sequence}) — {checked or 'not checked against a roster'}"
        )
    else:
        print(f"{_INDENT}{NOT_VERIFIED}")
    if not found.identities:
        print(f"{_INDENT}no witness identities (its witnesses are anonymous, or none was named)")
    for identity in found.identities:
        _print_identity(identity)


def _print_identity(identity: WitnessIdentity) -> None:
    first, *others = identity.names
    also = f" ({', '.join(others)})" if others else ""
    print(f"{identity.pseudonym} → {_plain(first + also)}")
    lines: list[tuple[str, str | None]] = [
        ("version", str(identity.version)),
        ("aliases", ", ".join(identity.aliases) or None),
        ("birth date", _date(identity.birth_date)),
        ("gender", identity.gender),
        ("left the country", _date(identity.left_country)),
    ]
    lines += [("contact", _joined(c.kind.value, c.value, c.note)) for c in identity.contacts]
    lines += [("place", _joined(p.kind.value, p.name, p.notes)) for p in identity.places]
    lines += [
        ("family at risk", _joined(f.relationship, f.name, f.location, f.risk_notes))
        for f in identity.family_at_risk
    ]
    lines += [
        ("may relink", ", ".join(identity.relinking_roles)),
        ("recorded", f"by {identity.recorded_by}, {identity.recorded_at.isoformat()}"),
        ("notes", identity.notes),
    ]
    for label, value in lines:
        if value:
            print(f"{_INDENT}{label}: {_plain(value)}")


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _date(value: ApproxDate | None) -> str | None:
    return None if value is None else value.text()


def _joined(*parts: str | None) -> str:
    return " — ".join(part for part in parts if part)


def _plain(text: str, *, breaks: bool = True) -> str:
    """The text with every control character escaped: a name comes from a file, and a terminal
    obeys escape sequences (it could be made to hide or rewrite lines). With ``breaks``, a line
    break in notes stays a line break, indented under its field."""
    out: list[str] = []
    for char in text:
        if char == "\n" and breaks:
            out.append("\n" + _INDENT * 2)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)
