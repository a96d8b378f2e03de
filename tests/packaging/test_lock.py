"""The field build's hashed lock (packaging/build-requirements.txt) against pyproject.toml: every
dependency pinned within its range, every pin with hashes, nothing of one machine's pip settings."""

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.packaging.support import PACKAGING, ROOT

LOCK = PACKAGING / "build-requirements.txt"
EXTRA_INPUT = PACKAGING / "build-requirements.in"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")
HASH = re.compile(r"^    --hash=sha256:[0-9a-f]{64}( \\)?$")


def _entries(text: str) -> dict[str, tuple[Version, int]]:
    """Each pinned package: its version and how many file hashes the lock gives it."""
    entries: dict[str, tuple[Version, int]] = {}
    current: str | None = None
    for line in text.splitlines():
        if pin := PIN.match(line):
            current = canonicalize_name(pin[1])
            assert current not in entries, f"{current} pinned twice"
            entries[current] = (Version(pin[2]), 0)
        elif HASH.match(line):
            assert current is not None, f"a hash before any pin: {line}"
            version, count = entries[current]
            entries[current] = (version, count + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"a line the lock should not have: {line!r}")
    return entries


def _wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["package"]]
    lines += [
        line
        for line in EXTRA_INPUT.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [Requirement(line) for line in lines]


def _misfits(entries: dict[str, tuple[Version, int]], wanted: list[Requirement]) -> list[str]:
    """What the lock lacks, or pins outside pyproject's range."""
    misfits = []
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        if name not in entries:
            misfits.append(f"{name} is not in the lock")
        elif not requirement.specifier.contains(entries[name][0], prereleases=True):
            misfits.append(f"{name} {entries[name][0]} is outside {requirement.specifier}")
    return misfits


def test_every_build_dependency_is_pinned_within_its_range() -> None:
    misfits = _misfits(_entries(LOCK.read_text()), _wanted())
    assert not misfits, f"{misfits}: run packaging/lock.sh"


def test_every_pin_names_the_hashes_of_its_files() -> None:
    entries = _entries(LOCK.read_text())
    assert len(entries) >= len(_wanted())
    unhashed = [name for name, (_, hashes) in entries.items() if hashes == 0]
    assert not unhashed, unhashed


@pytest.mark.parametrize(
    "line",
    [
        "--find-links /opt/wheels",
        "--index-url https://mirror.example/simple",
        "--extra-index-url file:///opt/pypi/simple",
        "-e .",
        "pyside6-essentials>=6.8 \\",
    ],
)
def test_a_lock_with_a_machines_settings_or_an_unpinned_line_is_refused(line: str) -> None:
    text = f"{line}\nwheel==0.45.0 \\\n    --hash=sha256:{'0' * 64}\n"
    with pytest.raises(pytest.fail.Exception, match="should not have"):
        _entries(text)


def test_a_lock_left_behind_by_a_range_change_is_told() -> None:
    entries = _entries(LOCK.read_text())
    older = {**entries, "cryptography": (Version("49.0.0"), 2)}
    del older["pyinstaller"]
    assert _misfits(older, _wanted()) == [
        "cryptography 49.0.0 is outside <51,>=50",
        "pyinstaller is not in the lock",
    ]


def test_the_build_installs_from_the_lock_with_hashes_only() -> None:
    script = (PACKAGING / "build.sh").read_text()
    assert "--require-hashes --no-deps" in script
    assert "-r packaging/build-requirements.txt" in script
    installs = [line for line in script.splitlines() if "pip install" in line]
    assert all("--no-deps" in line for line in installs), installs
