"""Running the command line in tests: in this process (fast) or as a real process.

In-process runs call ``fieldapp.cli.main.main(argv)`` with the environment set through
``monkeypatch`` and the output read through ``capsys``; they are for everything but what only a
process shows (its exit status as the shell sees it, what reaches stderr when something escapes,
a missing terminal). Workspaces for these tests are made with the fast Argon2id parameters; only
the commands that write a new passphrase wrap pay the real half second.
"""

import json
import os
import pty
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crypto import keywrap
from fieldapp.services.documents import record_document
from fieldapp.services.records import TestimonyRecord
from tests.fieldapp.domain.factories import make_consent, make_identity, make_testimony
from tests.fieldapp.workspace.support import PASSPHRASE as SERVICE_PASSPHRASE

#: How long a program on a pty may show nothing before it is taken for stuck on input.
TERMINAL_QUIET_SECONDS = 60

PASSPHRASE = "horse battery 스테이플 staple"
WRONG_PASSPHRASE = "horse battery 스테이플 stapler"
PARAMS = keywrap.TEST_PARAMS
ERROR_PREFIX = "fieldapp: error: "
HINT_PREFIX = "fieldapp: hint: "
#: Every variable the CLI reads; cleared before each test so the caller's shell cannot leak in.
FIELDAPP_VARIABLES = (
    "FIELDAPP_PASSPHRASE",
    "FIELDAPP_NEW_PASSPHRASE",
    "FIELDAPP_BACKUP_PASSPHRASE",
    "FIELDAPP_RECOVERY_CODE",
    "FIELDAPP_CUSTODIAN_PASSPHRASE",
    "FIELDAPP_WORKSPACE",
)
PROCESS_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def json(self) -> Any:
        return json.loads(self.out)


def assert_refused(result: Result, *, hint: bool | None = None) -> str:
    """Exit 1 with exactly one error line (and at most one hint), nothing else; the error text."""
    assert result.code == 1, result
    assert "Traceback" not in result.err, result.err
    lines = result.err_lines
    assert lines, "nothing on stderr"
    assert lines[0].startswith(ERROR_PREFIX), lines
    assert len(lines[0]) > len(ERROR_PREFIX) + 10, lines
    assert len(lines) in (1, 2), lines
    if len(lines) == 2:
        assert lines[1].startswith(HINT_PREFIX), lines
    if hint is not None:
        assert (len(lines) == 2) == hint, lines
    return lines[0][len(ERROR_PREFIX) :]


def fieldapp_command() -> list[str]:
    """The installed console script if there is one, else the same entry point through Python."""
    script = Path(sys.executable).with_name("fieldapp")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from fieldapp.cli import run; run()"]


def run_process(*argv: str | Path, env: dict[str, str] | None = None) -> Result:
    """``fieldapp ARGV`` as a real process, with no terminal on stdin."""
    environment = {k: v for k, v in os.environ.items() if k not in FIELDAPP_VARIABLES}
    environment.update(env or {})
    done = subprocess.run(
        [*fieldapp_command(), *map(str, argv)],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def new_document(*, identity: bool = False, **testimony: Any) -> dict[str, Any]:
    """A `testimony new --json` document built from the domain factories."""
    record = TestimonyRecord(
        testimony=make_testimony(**testimony),
        consents=(make_consent(),),
        withdrawals=(),
        identity=make_identity() if identity else None,
        attachments=(),
    )
    document = record_document(record, with_identity=identity)
    for key in ("id", "status", "pseudonym"):
        del document[key]
    return document


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def echoes_a_share(text: str, *shares: str) -> bool:
    """Whether any three consecutive words of a share appear in the text. A single share word
    ("space", "paper", "valid") may well be an English word of the text itself ("workspace"),
    one of 1,024 random words; three in the share's order are not there by chance."""
    said = " ".join(text.split())
    for share in shares:
        words = share.split()
        if any(" ".join(words[i : i + 3]) in said for i in range(len(words) - 2)):
            return True
    return False


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def on_site(cli: Any, root: Path, *argv: str | Path) -> Result:
    """``fieldapp --workspace ROOT ARGV…`` on a site's workspace (the services' passphrase)."""
    return cli("--workspace", root, *argv, FIELDAPP_PASSPHRASE=SERVICE_PASSPHRASE)


def succeeded(result: Result) -> Result:
    assert result.code == 0, result
    return result


def on_a_terminal(
    argv: list[str], answer: Callable[[bytes], bytes | None], env: dict[str, str] | None = None
) -> tuple[int, str]:
    """``fieldapp ARGV`` in a real process whose terminal is a pty; ``answer`` is given all
    shown so far after each read and may return bytes to type. (Exit code, all it showed.)"""
    pid, fd = pty.fork()
    if pid == 0:  # the child: fieldapp, with the pty as its terminal
        os.environ.update(env or {})
        command = fieldapp_command()
        os.execv(command[0], [*command, *argv])  # noqa: S606 (fixed program, no shell)
    seen = b""
    while True:
        # A child waiting for input the answers never give would hang the suite: it is killed
        # after a quiet minute, and the test fails with what it showed.
        if not select.select([fd], [], [], TERMINAL_QUIET_SECONDS)[0]:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(fd)
            raise AssertionError(f"fieldapp waited for input: {seen.decode(errors='replace')}")
        try:
            data = os.read(fd, 1024)
        except OSError:  # the child closed the terminal: it has exited
            break
        if not data:
            break
        seen += data
        typed = answer(seen)
        if typed:
            os.write(fd, typed)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")
