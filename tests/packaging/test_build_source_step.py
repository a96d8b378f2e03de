"""build.sh's source step: which commit a build is, and whether anything uncommitted is in it
(review R1-11). Only that step is run: a stand-in for the build venv's python stops the script
at the next one, so no PyInstaller build is made."""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING

# The stand-in python's exit status: the script got past the source step.
PAST_THE_SOURCE_STEP = 3
GIT = shutil.which("git")
BASH = shutil.which("bash") or "/bin/bash"  # by its path: one test's PATH has no bash
needs_git = pytest.mark.skipif(GIT is None, reason="needs git")


def _checkout_copy(folder: Path) -> Path:
    """``folder`` with packaging/build.sh and a build venv whose python exits at once."""
    (folder / "packaging").mkdir(parents=True)
    shutil.copy(PACKAGING / "build.sh", folder / "packaging" / "build.sh")
    python = folder / ".build-venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f"#!/bin/sh\nexit {PAST_THE_SOURCE_STEP}\n")
    python.chmod(0o755)
    return folder


def _env(folder: Path, **changes: str) -> dict[str, str]:
    # No git above ``folder`` is found: the test's own checkout must not answer for it.
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(folder.parent), **changes}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    return env


@dataclass(frozen=True)
class Done:
    status: int
    stdout: str
    stderr: str

    @property
    def built_on(self) -> bool:
        """Whether the script went past the source step."""
        return self.status == PAST_THE_SOURCE_STEP and "== build venv" in self.stdout


def _build(folder: Path, *args: str, env: dict[str, str] | None = None) -> Done:
    done = subprocess.run(
        [BASH, "packaging/build.sh", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env or _env(folder),
        check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)


def _git(folder: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        env=_env(folder),
        check=True,
        capture_output=True,
    )


def _committed(folder: Path) -> Path:
    """A git checkout with build.sh committed: a clean tree."""
    _checkout_copy(folder)
    (folder / ".gitignore").write_text(".build-venv/\n")
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "a release")
    return folder


def _without_git(folder: Path) -> dict[str, str]:
    """An environment whose PATH has what build.sh's first steps use, and no git."""
    tools = folder.parent / "tools"
    tools.mkdir()
    for tool in ("dirname", "date"):
        found = shutil.which(tool)
        assert found is not None
        (tools / tool).symlink_to(found)
    return _env(folder, PATH=str(tools))


def test_a_build_to_sign_outside_a_checkout_stops_at_the_source_step(tmp_path: Path) -> None:
    folder = _checkout_copy(tmp_path / "src")

    done = _build(folder, "--sign", str(tmp_path / "key"))

    assert done.status == 1
    assert "git cannot say which commit this is" in done.stderr
    assert "== build venv" not in done.stdout


def test_a_build_to_sign_without_git_stops_at_the_source_step(tmp_path: Path) -> None:
    folder = _checkout_copy(tmp_path / "src")

    done = _build(folder, "--sign", str(tmp_path / "key"), env=_without_git(folder))

    assert done.status == 1
    assert "git cannot say which commit this is" in done.stderr
    assert "== build venv" not in done.stdout


@pytest.mark.parametrize("where", ["outside a checkout", "without git"])
def test_a_plain_build_there_says_so_and_is_marked_unknown(tmp_path: Path, where: str) -> None:
    folder = _checkout_copy(tmp_path / "src")
    env = _without_git(folder) if where == "without git" else None

    done = _build(folder, env=env)

    assert done.built_on
    assert "WARNING: git cannot say which commit this is" in done.stderr
    # What BUILD-INFO is written from: sign_release.sh refuses "unknown".
    assert "commit unknown (uncommitted changes: unknown)" in done.stdout


@needs_git
def test_a_clean_checkout_is_built_and_named(tmp_path: Path) -> None:
    folder = _committed(tmp_path / "src")
    head = subprocess.run(
        [GIT or "git", "rev-parse", "HEAD"],
        cwd=folder,
        env=_env(folder),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    done = _build(folder, "--sign", str(tmp_path / "key"))

    assert done.built_on, done.stderr
    assert f"commit {head} (uncommitted changes: no)" in done.stdout
    assert "WARNING" not in done.stderr


@needs_git
def test_uncommitted_changes_stop_a_build_to_sign_and_mark_a_trial_build(tmp_path: Path) -> None:
    folder = _committed(tmp_path / "src")
    with (folder / "packaging" / "build.sh").open("a") as script:
        script.write("# changed after the commit\n")

    refused = _build(folder, "--sign", str(tmp_path / "key"))
    trial = _build(folder, "--allow-dirty")

    assert refused.status == 1
    assert "uncommitted changes in" in refused.stderr
    assert "== build venv" not in refused.stdout
    assert trial.built_on
    assert "(uncommitted changes: yes)" in trial.stdout
