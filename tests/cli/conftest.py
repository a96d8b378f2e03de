"""Fixtures for the CLI tests: a clean environment, a fast workspace, a runner for both, and a
site (an archive with two enrolled devices) for the repair commands."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crypto import allowed_signers, sshkeys
from crypto.allowed_signers import Entry
from fieldapp.cli.main import main
from fieldapp.sync.manifest import BUNDLE_NAMESPACE
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.import_support import Site, make_site
from tests.fieldapp.services.test_export_support import add_testimony, enrol
from tests.fieldapp.sync.test_bundle_support import make_keys

from .support import FIELDAPP_VARIABLES, PARAMS, PASSPHRASE, Result, run_process


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in FIELDAPP_VARIABLES:
        monkeypatch.delenv(name, raising=False)


Runner = Callable[..., Result]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    """``cli(*argv, VARIABLE=value…)`` runs ``fieldapp`` in this process with that environment."""

    def run(*argv: str | Path, **env: str) -> Result:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            try:
                code = main([str(a) for a in argv])
            except SystemExit as exit_:  # argparse, on a usage error
                code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@dataclass(frozen=True)
class CliWorkspace:
    """A workspace on disk, and runners for commands on it with its passphrase."""

    root: Path
    recovery_code: str
    fingerprint: str
    runner: Runner

    def __call__(self, *argv: str | Path, **env: str) -> Result:
        """``fieldapp --workspace ROOT ARGV`` in this process, unlocked by the environment."""
        env.setdefault("FIELDAPP_PASSPHRASE", PASSPHRASE)
        return self.runner("--workspace", self.root, *argv, **env)

    def process(self, *argv: str | Path, **env: str) -> Result:
        """The same as a real process."""
        env.setdefault("FIELDAPP_PASSPHRASE", PASSPHRASE)
        return run_process("--workspace", self.root, *argv, env=env)

    def open(self) -> Workspace:
        return Workspace.unlock(self.root, PASSPHRASE)


@pytest.fixture
def workspace(tmp_path: Path, cli: Runner) -> CliWorkspace:
    tmp_path.chmod(0o700)
    root = tmp_path / "workspace"
    ws, code = Workspace.create(root, PASSPHRASE, Role.INTERVIEWER, params=PARAMS)
    fingerprint = ws.fingerprint
    ws.lock()
    return CliWorkspace(root, code, fingerprint, cli)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """An archive and two enrolled devices, made through the services (one bundle each)."""
    made = make_site(tmp_path, count=2)
    yield made
    made.close()


@pytest.fixture
def device(workspace: CliWorkspace) -> CliWorkspace:
    """The CLI's workspace, enrolled, with one sealed testimony (and a file) to send."""
    with workspace.open() as ws:
        enrol(ws, make_keys())
        add_testimony(ws, files=[b"audio" * 100])
    return workspace


def device_roster(tmp_path: Path, device: CliWorkspace) -> Path:
    """An allowed_signers file listing the device's key for bundles (an auditor's roster)."""
    with device.open() as ws:
        key, _ = sshkeys.parse_openssh_public_key(ws.public_key)
    path = tmp_path / "allowed_signers"
    path.write_text(
        allowed_signers.format([Entry(("laptop",), key, namespaces=(BUNDLE_NAMESPACE,))])
    )
    return path
