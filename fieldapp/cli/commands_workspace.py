"""Commands on the workspace itself: init, status, passphrases, recovery, wipe, audit (its keys:
``commands_keys``)."""

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from fieldapp.cli import archive_init
from fieldapp.cli.output import note, print_json
from fieldapp.cli.secrets_input import (
    NEW_PASSPHRASE_ENV,
    NEW_PASSPHRASE_OPTION,
    PASSPHRASE_ENV,
    RECOVERY_CODE_ENV,
    read_secret,
)
from fieldapp.cli.session import require_workspace, unlock
from fieldapp.errors import FieldappError
from fieldapp.services import audit, demo, setup, setup_checks
from fieldapp.services.session import replace_passphrase, workspace_label
from fieldapp.workspace import Role, Workspace, WorkspaceLayout
from fieldapp.workspace.layout import default_demo_dir
from fieldapp.workspace.throttle import UnlockThrottle
from fieldapp.workspace.workspace import refuse_interrupted_wipe

RECOVERY_WARNING = (
    "Write this recovery code on paper and keep it apart from the laptop. It is shown once.\n"
    "If both the passphrase and this code are lost, the workspace cannot be opened by anyone."
)


class CodeNotShownError(FieldappError):
    """The recovery code could not be printed, so the workspace was not kept."""

    hint = "Run 'fieldapp init' again where its output can be read."


#: An archive's custodian/ survives a wipe by design (docs/decisions.md): said, so that "wiped"
#: is not taken for "nothing is left".
CUSTODIAN_LEFT = (
    "The folder custodian/ was left as it is: it holds only witness identities encrypted to"
    " the custodian's key, which is kept apart from this workspace, and they may exist nowhere"
    " else."
)


class WipeNotConfirmedError(FieldappError):
    """The wipe was not confirmed; nothing was changed."""

    hint = "Add --yes to destroy the workspace's keys now."


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="create a workspace")
    init.add_argument("--role", choices=[r.value for r in Role], required=True)
    init.add_argument("--label", default="", help="a name for this device or archive")
    archive_init.add_archive_init_options(init)
    init.set_defaults(handler=cmd_init)

    status = commands.add_parser("status", help="what this workspace is and holds")
    status.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    status.set_defaults(handler=cmd_status)

    passphrase = commands.add_parser("passphrase", help="change the passphrase")
    passphrase_commands = passphrase.add_subparsers(dest="action", required=True)
    change = passphrase_commands.add_parser("change", help="rewrap the keys under a new one")
    change.add_argument(NEW_PASSPHRASE_OPTION, type=Path, metavar="FILE")
    change.set_defaults(handler=cmd_passphrase_change)

    recover = commands.add_parser(
        "recover", help="unlock with the recovery code and set a new passphrase"
    )
    recover.add_argument(NEW_PASSPHRASE_OPTION, type=Path, metavar="FILE")
    recover.set_defaults(handler=cmd_recover)

    wipe = commands.add_parser("wipe", help="emergency wipe: destroy the keys, then the data")
    wipe.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    wipe.set_defaults(handler=cmd_wipe)

    demo_parser = commands.add_parser(
        "demo", help="make a demo workspace of fictional testimonies (passphrase: demo)"
    )
    demo_parser.add_argument(
        "--root",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to make it (default: the user data folder's demo/)",
    )
    demo_parser.add_argument("--count", type=int, default=demo.DEFAULT_COUNT)
    demo_parser.set_defaults(handler=cmd_demo)

    gui = commands.add_parser("gui", help="open the desktop app on this workspace")
    gui.add_argument("--language", metavar="CODE", help="the language of this run: en or ko")
    gui.add_argument(
        "--verify", action="store_true", help="open on the auditor's Verify files dialog"
    )
    gui.set_defaults(handler=cmd_gui)

    audit_parser = commands.add_parser("audit", help="check the custody log")
    audit_commands = audit_parser.add_subparsers(dest="action", required=True)
    verify = audit_commands.add_parser("verify", help="walk the custody chain")
    verify.set_defaults(handler=cmd_audit_verify)


def new_passphrase(file: Path | None) -> str:
    return read_secret("New passphrase", env=NEW_PASSPHRASE_ENV, file=file, confirm=True)


def show_recovery_code(code: str, as_json: bool, extra: dict[str, Any]) -> None:
    note(RECOVERY_WARNING)
    if as_json:
        print_json({**extra, "recovery_code": code})
        return
    for key, value in extra.items():
        print(f"{key}: {value}")
    print(f"recovery code: {code}")


def cmd_init(args: argparse.Namespace) -> int:
    # A wipe cut midway is finished by wiping again, never set up over (helper F2's line).
    refuse_interrupted_wipe(args.workspace)
    # A set-up cut before its recovery code was printed left no workspace: it starts over.
    setup.clear_unfinished_setup(args.workspace)
    # Every check the desktop set-up makes (fieldapp.services.setup_checks), and each before the
    # secret it does not need is asked for: a wrong folder must not cost two typed passphrases.
    setup_checks.check_new_folder(args.workspace)
    setup_checks.check_label(args.label)
    archive_init.check_archive_options(args)
    passphrase = read_secret(
        "New passphrase", env=PASSPHRASE_ENV, file=args.passphrase_file, confirm=True
    )
    setup_checks.check_new_passphrase(passphrase, args.label)
    plan = archive_init.prepare_archive(args, passphrase)  # nothing is written yet
    existed = args.workspace.exists()
    # The archive keys and the custodian file are stored before the key file: a cut leaves no
    # workspace, or a whole one; a failure is undone there.
    ws, code = setup.create_or_clean_up(
        args.workspace, Role(args.role), passphrase, args.label, plan=plan
    )
    try:
        with ws:
            extra = {
                "workspace": str(args.workspace),
                "role": ws.role.value,
                "fingerprint": ws.fingerprint,
            }
            if plan is not None:
                extra.update(archive_init.describe_archive(args, ws, plan))
        show_recovery_code(code, args.json, extra)
        sys.stdout.flush()  # on the terminal (or in the script's hands) before it is kept
    except BaseException as failure:
        # The code did not reach anyone: no workspace, and no custodian file made for it. A
        # marker no longer honoured keeps the workspace; the failure said is still this one.
        with contextlib.suppress(setup.SetupMarkerNotHonouredError):
            setup.clear_unfinished_setup(args.workspace)
        if not existed:
            with contextlib.suppress(OSError):
                args.workspace.rmdir()  # only if empty: nothing of anyone else's is removed
        if isinstance(failure, BrokenPipeError):  # else taken for a reader that had enough
            raise CodeNotShownError() from failure
        raise
    setup.confirm_setup(args.workspace)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    require_workspace(args.workspace)
    wait = UnlockThrottle(WorkspaceLayout(args.workspace).unlock_counter).seconds_to_wait()
    with unlock(args) as ws:
        repo = ws.repository
        status: dict[str, Any] = {
            "workspace": str(args.workspace),
            "role": ws.role.value,
            "label": repo.meta("label") or "",
            "fingerprint": ws.fingerprint,
            "public_key": ws.public_key,
            "testimonies": repo.count_testimonies(),
            "custody_events": ws.custody.head()[0],
            "unlock_delay_seconds": round(wait),
        }
    if args.json:
        print_json(status)
    else:
        for key, value in status.items():
            print(f"{key}: {value}")
    return 0


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        new = new_passphrase(args.new_passphrase_file)
        setup_checks.check_new_passphrase(new, workspace_label(ws))
        ws.change_passphrase(new)
    note("The passphrase was changed; nothing was re-encrypted.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    require_workspace(args.workspace)
    code = read_secret("Recovery code", env=RECOVERY_CODE_ENV)
    with Workspace.unlock_with_recovery_code(args.workspace, code) as ws:
        # As the app's recovery: the floor checked, then the used code replaced (it has been
        # typed somewhere), so that the old one stops working.
        new_code = replace_passphrase(ws, new_passphrase(args.new_passphrase_file))
    show_recovery_code(new_code, args.json, {"passphrase": "changed"})
    return 0


def cmd_wipe(args: argparse.Namespace) -> int:
    if not args.yes:
        raise WipeNotConfirmedError()
    # No workspace is required: a wipe cut midway has destroyed keys.json already, and wiping
    # again is what finishes it. The wipe itself refuses a folder with nothing of a workspace.
    custodian_left = Workspace.wipe(args.workspace)
    note("The workspace's keys were destroyed; its data can no longer be read.")
    if custodian_left:
        note(CUSTODIAN_LEFT)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with unlock(args) as ws:
        report = audit.verify_custody(ws)
    if args.json:
        print_json(
            {
                "intact": report.intact,
                "events": report.events,
                "head": report.head,
                "broken_at": report.broken_at,
                "reason": report.reason,
            }
        )
    elif report.intact:
        print(f"custody chain intact: {report.events} events, head {report.head}")
    if not report.intact:
        from fieldapp.cli.output import error

        error(f"The custody chain is broken at event {report.broken_at}: {report.reason}.")
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    root = args.root or default_demo_dir()
    built = demo.build_demo(root, count=args.count)
    result = {
        "archive": str(built.archive),
        "interviewers": [str(path) for path in built.interviewers],
        "custodian_file": str(built.custodian_file),
        "usb": str(built.usb),
        "passphrase": demo.DEMO_PASSPHRASE,
    }
    if args.json:
        print_json(result)
        return 0
    print(f"archive (coordinator):  {built.archive}")
    for path in built.interviewers:
        print(f"interviewer device:     {path}")
    print(f"custodian identity:     {built.custodian_file}")
    print(f"bundles and packs:      {built.usb}")
    print(f"passphrase, everywhere: {demo.DEMO_PASSPHRASE} (public: these are demos only)")
    first = built.interviewers[0]
    print(f"try: FIELDAPP_PASSPHRASE=demo fieldapp --workspace {first} testimony list")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    # The one place the core starts the UI, and only when asked: fieldapp never imports Qt.
    from ui.app import main as gui_main

    language = ["--language", args.language] if args.language else []
    verify = ["--verify"] if args.verify else []
    return gui_main(["fieldapp-gui", "--workspace", str(args.workspace), *language, *verify])
