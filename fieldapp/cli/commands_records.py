"""Commands on records: testimonies, consent, attachments."""

import argparse
import json
import mimetypes
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from fieldapp.cli import consent_view, purged_show
from fieldapp.cli.output import note, print_json, print_table
from fieldapp.cli.session import unlock
from fieldapp.domain import (
    AttachmentKind,
    ConsentScope,
    CustodyKind,
    RecordStatus,
    WithdrawalChannel,
    validate_model_json,
)
from fieldapp.domain.base import MAX_JSON_BYTES
from fieldapp.domain.consent import ConsentRecord
from fieldapp.errors import RecordPurgedError, ValidationFailedError
from fieldapp.services import access, attachments, custody_view, documents, records
from fieldapp.workspace import Role, TestimonyFilter, TestimonySummary

_KIND_BY_MEDIA = {"audio": AttachmentKind.AUDIO, "image": AttachmentKind.PHOTO}
# Their words are not in the index: each opening of one is logged, a search is not.
_SEARCH_HELP = (
    "full-text search, best matches first; strictly confidential testimonies are found by"
    " title and interviewer only"
)


def register(commands: argparse._SubParsersAction) -> None:
    testimony = commands.add_parser("testimony", help="create, read, seal and amend testimonies")
    actions = testimony.add_subparsers(dest="action", required=True)

    new = actions.add_parser("new", help="a new draft from a JSON document")
    new.add_argument("--json", dest="document", type=Path, required=True, metavar="FILE")
    new.set_defaults(handler=cmd_new)

    listing = actions.add_parser("list", help="the latest version of each testimony")
    _filters(listing)
    listing.set_defaults(handler=cmd_list)

    search = actions.add_parser("search", help=_SEARCH_HELP, description=_SEARCH_HELP)
    search.add_argument("text")
    _filters(search)
    search.set_defaults(handler=cmd_search)

    show = actions.add_parser("show", help="one testimony with its consent and attachments")
    show.add_argument("id")
    show.add_argument("--version", type=int)
    show.add_argument("--identity", action="store_true", help="include the witness's identity")
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    show.set_defaults(handler=cmd_show)

    checklist = actions.add_parser("checklist", help="what is missing before sealing")
    checklist.add_argument("id")
    checklist.set_defaults(handler=cmd_checklist)

    redact = actions.add_parser(
        "redact", help="find the witness's names and places in the narrative and mark them"
    )
    redact.add_argument("id")
    redact.add_argument("--apply", action="store_true", help="mark every suggestion (a draft)")
    redact.set_defaults(handler=cmd_redact)

    seal = actions.add_parser("seal", help="fix the content and sign a custody event")
    seal.add_argument("id")
    seal.set_defaults(handler=cmd_seal)

    amend = actions.add_parser("amend", help="a new version correcting a sealed testimony")
    amend.add_argument("id")
    amend.add_argument("--json", dest="document", type=Path, required=True, metavar="FILE")
    amend.set_defaults(handler=cmd_amend)

    consent = commands.add_parser("consent", help="record consent or its withdrawal")
    consent_actions = consent.add_subparsers(dest="action", required=True)
    add = consent_actions.add_parser("add", help="a new version of the witness's consent")
    add.add_argument("id")
    add.add_argument("--json", dest="document", type=Path, required=True, metavar="FILE")
    add.set_defaults(handler=cmd_consent_add)
    withdraw = consent_actions.add_parser(
        "withdraw",
        help="the witness withdrew some uses (on the archive: a withdrawal the office received)",
    )
    withdraw.add_argument("id")
    withdraw.add_argument(
        "--scopes",
        required=True,
        help="comma-separated: " + ", ".join(s.value for s in ConsentScope),
    )
    withdraw.add_argument("--how", choices=[c.value for c in WithdrawalChannel], required=True)
    withdraw.add_argument("--by", required=True, help="who received the withdrawal")
    withdraw.add_argument("--notes")
    withdraw.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    withdraw.set_defaults(handler=cmd_withdraw)

    attach = commands.add_parser("attach", help="encrypt a file into the workspace and attach it")
    attach.add_argument("id")
    attach.add_argument("file", type=Path)
    attach.add_argument("--kind", choices=[k.value for k in AttachmentKind])
    attach.add_argument("--media-type")
    attach.add_argument("--label", help="what it is (never the file's name)")
    attach.set_defaults(handler=cmd_attach)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=[s.value for s in RecordStatus])
    parser.add_argument(
        "--category",
        help="COI category code (A–F); strictly confidential testimonies are not found by"
        " category",
    )
    parser.add_argument("--interviewer")
    parser.add_argument("--from", dest="started_from", type=datetime.fromisoformat)
    parser.add_argument("--before", dest="started_before", type=datetime.fromisoformat)
    parser.add_argument("--limit", type=_positive, default=50)
    parser.add_argument(
        "--allowed-for",
        choices=[s.value for s in ConsentScope],
        help="only testimonies whose consent in force allows this use",
    )
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _filter_of(args: argparse.Namespace) -> TestimonyFilter:
    def aware(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value

    return TestimonyFilter(
        status=RecordStatus(args.status) if args.status else None,
        category=args.category,
        interviewer=args.interviewer,
        started_from=aware(args.started_from),
        started_before=aware(args.started_before),
        limit=args.limit,
        allowed_for=ConsentScope(args.allowed_for) if args.allowed_for else None,
    )


def _read_document(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise ValidationFailedError("The document is too large.")
    return data


def _json_object(path: Path) -> dict[str, object]:
    value = documents.load_json(_read_document(path))
    if not isinstance(value, dict):
        raise ValidationFailedError("The document must be a JSON object.")
    return value


def _print_summaries(rows: list[TestimonySummary], as_json: bool) -> None:
    if as_json:
        print_json([row.__dict__ for row in rows])
        return
    table = [
        (str(r.id)[:8], str(r.version), r.status.value, r.pseudonym, r.started_at[:10], r.title)
        for r in rows
    ]
    print_table(table, ("id", "v", "status", "witness", "date", "title"))


def cmd_new(args: argparse.Namespace) -> int:
    raw = _read_document(args.document)
    with unlock(args) as ws:
        records.require_device(ws)  # before the document is weighed
        testimony, consents, identity, withdrawals = documents.parse_new_document(
            raw, ws.repository.pseudonyms()
        )
        records.create_testimony(ws, testimony, consents, identity, withdrawals)
    if documents.files_left_behind(raw):
        note(
            "Files are not copied with a document (attachments, signed consent forms):"
            f" attach them to {testimony.id} with `fieldapp attach`."
        )
    if args.json:
        print_json({"id": str(testimony.id), "pseudonym": testimony.pseudonym})
    else:
        print(testimony.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        rows = records.list_testimonies(ws, _filter_of(args))
    _print_summaries(rows, args.json)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        rows = records.search_testimonies(ws, args.text, _filter_of(args))
    _print_summaries(rows, args.json)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        testimony_id = records.resolve_id(ws, args.id)
        try:
            # A strictly confidential testimony, or an identity, is shown once logged.
            record = access.open_record(ws, testimony_id, args.version)
            if args.identity and record.identity is not None:
                access.open_identity(ws, testimony_id)
        except RecordPurgedError:
            # Its content left this laptop: what remains of it, not the refusal alone.
            return purged_show.show_remains(ws, testimony_id, as_json=args.json)
        role = ws.role
        # On an archive, where the record's custody crossed from a device: both chains.
        custody = (
            custody_view.record_custody(ws, record.testimony.id)
            if role is Role.ARCHIVE
            else None
        )
        consent = consent_view.consent_document(ws, record.testimony.id)
    document = documents.record_document(record, with_identity=args.identity)
    document["consent_in_force"] = consent
    if custody is not None:
        document["custody"] = [asdict(entry) for entry in custody]
    if args.json:
        print_json(document)
        return 0
    testimony = record.testimony
    for key in ("id", "version", "status", "pseudonym", "interviewer", "started_at", "title"):
        print(f"{key}: {document.get(key, getattr(testimony, key))}")
    print(f"consent versions: {len(record.consents)}")
    consent_view.print_consent(consent)
    print(f"attachments: {len(record.attachments)}, incidents: {len(testimony.incidents)}")
    if args.identity:
        _print_identity(document.get("identity"), role)
    if custody is not None:
        _print_custody(custody)
    print()
    print(testimony.narrative.text)
    return 0


def _print_identity(identity: object, role: Role) -> None:
    if not isinstance(identity, dict):
        where = (
            "only the custodian holds identities (`fieldapp custodian show`)"
            if role is Role.ARCHIVE
            else "none recorded"
        )
        print(f"identity: {where}")
        return
    print("identity:")
    for key, value in identity.items():
        if value not in (None, [], ()):
            if isinstance(value, list | dict):
                value = json.dumps(value, ensure_ascii=False)
            print(f"  {key.replace('_', ' ')}: {value}")


def _print_custody(custody: list[custody_view.CustodyEntry]) -> None:
    print("custody:")
    for entry in custody:
        version = "" if entry.record_version is None else f" version {entry.record_version}"
        if entry.kind == CustodyKind.ACCESS and entry.record_version is None:
            version = " (the witness's identity)"  # services.access: only a testimony names one
        signed = "signature good" if entry.verified else "SIGNATURE NOT VALID"
        print(
            f"  {entry.source} {entry.actor} event {entry.seq}: {entry.kind}{version},"
            f" at {entry.claimed_at[:19]} (as claimed), {signed}"
        )


def cmd_checklist(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        missing = records.checklist(ws, records.resolve_id(ws, args.id))
    if args.json:
        print_json([item.value for item in missing])
    elif not missing:
        print("ready to seal")
    else:
        for item in missing:
            print(f"missing: {item.value}")
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        testimony_id = records.resolve_id(ws, args.id)
        # The mentions printed are the witness's names, in the narrative's words: logged.
        spans = access.redaction_suggestions(ws, testimony_id)
        if spans:
            access.open_record(ws, testimony_id)
        text = ws.repository.get_testimony(testimony_id).narrative.text
        if args.apply:
            records.mark_suggested_redactions(ws, testimony_id)
    found = [
        {"start": s.start, "end": s.end, "kind": s.kind.value, "text": text[s.start : s.end]}
        for s in spans
    ]
    if args.json:
        print_json({"suggestions": found, "applied": bool(args.apply and found)})
    else:
        for item in found:
            print(f"{item['start']}-{item['end']}  {item['kind']}: {item['text']}")
        verb = "marked" if args.apply else "to mark (add --apply)"
        note(f"{len(found)} unmarked mentions of the witness {verb}.")
    return 0


def cmd_seal(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        sealed = records.seal_testimony(ws, records.resolve_id(ws, args.id))
    note(f"Sealed {sealed.id} version {sealed.version}.")
    return 0


def cmd_amend(args: argparse.Namespace) -> int:
    changes = _json_object(args.document)
    with unlock(args) as ws:
        testimony_id = records.resolve_id(ws, args.id)
        current = ws.repository.get_testimony(testimony_id)
        records.require_device(ws)  # before the changes are weighed
        values = documents.changes_from_json(current, changes)
        amended = records.amend_testimony(ws, testimony_id, values)
    note(f"Amended {amended.id}: version {amended.version} is a draft.")
    return 0


def cmd_consent_add(args: argparse.Namespace) -> int:
    raw = _json_object(args.document)
    with unlock(args) as ws:
        testimony_id = records.resolve_id(ws, args.id)
        testimony = ws.repository.get_testimony(testimony_id)
        version = len(ws.repository.consents_for(testimony_id)) + 1
        records.require_device(ws)  # before the form is weighed
        fields = {
            **raw,
            "testimony_id": str(testimony_id),
            "pseudonym": testimony.pseudonym,
            "version": version,
        }
        consent = validate_model_json(ConsentRecord, json.dumps(fields))
        records.add_consent(ws, consent)
    note(f"Consent version {version} recorded.")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    """On a laptop the witness's withdrawal; on the archive one received at the office."""
    with unlock(args) as ws:
        testimony_id = records.resolve_id(ws, args.id)
        withdrawal, at_office, already = consent_view.record_withdrawal(ws, testimony_id, args)
    scopes = ", ".join(scope.value for scope in withdrawal.scopes)
    if args.json:
        document = consent_view.withdrawal_document(withdrawal, at_office=at_office)
        if at_office:
            document["already_not_allowed"] = [scope.value for scope in already]
        print_json(document)
    where = " at the archive, in force now (received at the office)" if at_office else ""
    note(f"Withdrawal of {scopes} recorded{where}.")
    if already:
        note(consent_view.already_not_allowed_note(withdrawal, already))
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    media_type = args.media_type or mimetypes.guess_type(args.file.name)[0]
    if media_type is None:
        raise ValidationFailedError("Give the file's type with --media-type.")
    kind = AttachmentKind(args.kind) if args.kind else _guess_kind(media_type)
    with unlock(args) as ws, args.file.open("rb") as src:
        testimony_id = records.resolve_id(ws, args.id)
        attachment = attachments.attach_file(
            ws,
            testimony_id,
            src,
            kind=kind,
            media_type=media_type,
            label=args.label,
            total=args.file.stat().st_size,
        )
    if args.json:
        print_json({"id": str(attachment.id), "sha256": attachment.sha256, "size": attachment.size})
    else:
        print(attachment.id)
    return 0


def _guess_kind(media_type: str) -> AttachmentKind:
    return _KIND_BY_MEDIA.get(media_type.split("/")[0], AttachmentKind.DOCUMENT)
