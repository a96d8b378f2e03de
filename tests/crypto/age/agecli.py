"""Running the reference age CLI (Debian's `age`) from tests, including at its passphrase prompt."""

import os
import pty
import shutil
import subprocess
from pathlib import Path

import pytest


def require_age() -> str:
    path = shutil.which("age")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("the age CLI is missing: .ci/run must install Debian's `age`")
        pytest.skip("the age CLI is not installed (apt-get install age)")
    return path


def age(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    require_age()
    return subprocess.run(
        ["age", *map(str, args)], input=stdin, capture_output=True, check=False, timeout=60
    )


def age_with_passphrase(*args: str | Path, passphrase: str) -> int:
    """Run age on a pseudo-terminal, typing ``passphrase`` at each prompt; its exit status.

    age reads passphrases only from the terminal, never from stdin, so a pipe cannot feed it.
    """
    require_age()
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes age, with the pty as its controlling terminal
        os.execvp("age", ["age", *map(str, args)])  # noqa: S606 (fixed program, no shell)
    seen = b""
    while True:
        try:
            data = os.read(fd, 1024)
        except OSError:  # the child closed the terminal: it has exited
            break
        if not data:
            break
        seen += data
        if b"passphrase" in seen.lower():
            os.write(fd, passphrase.encode() + b"\n")
            seen = b""
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
