"""What the crash tests share: a child process that kills itself with SIGKILL at a named point
of the work (a power cut there); what a stick's packs say; whether a workspace still opens."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import fieldapp
from fieldapp.errors import WrongPassphraseError, WrongRecoveryCodeError
from fieldapp.services import packs
from fieldapp.sync.packs import PACK_SUFFIX
from fieldapp.workspace import Workspace
from fieldapp.workspace.files import TEMP_PREFIX

CHILD_TIMEOUT = 120
NEW_PASSPHRASE = "a new passphrase for the 노트북 after the cut"
BACKUP_PASSPHRASE = "the backup's own 백업 passphrase"

#: What every child script starts with: ``die()`` is the power cut; ``then_die`` arms it right
#: after a function returns, ``die_first`` right before it runs (``when`` chooses the call).
PRELUDE = r"""
import os, signal, sys
from pathlib import Path
from crypto import keywrap

PARAMS = keywrap.TEST_PARAMS


def die(*_):
    os.kill(os.getpid(), signal.SIGKILL)


def then_die(owner, name, when=lambda *a, **k: True):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        if when(*args, **kwargs):
            die()
        return result

    setattr(owner, name, wrapper)


def die_first(owner, name, when=lambda *a, **k: True):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if when(*args, **kwargs):
            die()
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


args = sys.argv[1:]
"""


def killed(tmp_path: Path, body: str, *args: object) -> None:
    """Run ``PRELUDE + body`` with ``args`` in a child process that must die by SIGKILL."""
    script = tmp_path / f"child-{len(list(tmp_path.glob('child-*.py')))}.py"
    script.write_text(PRELUDE + body)
    env = {**os.environ, "PYTHONPATH": str(Path(fieldapp.__file__).resolve().parents[1])}
    child = subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, (child.stdout, child.stderr)


def packs_on(folder: Path) -> list[Path]:
    """The packs a person sees on a stick (not the temporaries, whose names start with a dot)."""
    return sorted(p for p in folder.glob(f"*{PACK_SUFFIX}") if not p.name.startswith("."))


def recorded_digests(ws: Workspace) -> set[str]:
    rows = ws.connection.execute("SELECT manifest_digest FROM pack_copies").fetchall()
    return {row[0] for row in rows}


def pack_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return packs.open_pack(handle, None).digest


def pack_sequence(path: Path) -> int:
    with path.open("rb") as handle:
        return packs.open_pack(handle, None).sequence


def opens(root: Path, *, passphrase: str | None = None, code: str | None = None) -> bool:
    try:
        if passphrase is not None:
            opened = Workspace.unlock(root, passphrase)
        else:
            assert code is not None
            opened = Workspace.unlock_with_recovery_code(root, code)
    except (WrongPassphraseError, WrongRecoveryCodeError):
        return False
    opened.lock()
    return True


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(TEMP_PREFIX))
