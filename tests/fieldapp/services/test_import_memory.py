"""An import's memory does not grow with the number of records in the bundle.

Two devices export one bundle each, one with four times the testimonies of the other; each is
imported by a fresh process that reports how much its peak resident memory (``VmHWM``) grew
during the import. The records are read, checked and stored one at a time, so the larger
bundle may cost only what is bounded anyway (SQLite's page cache, a few bytes a testimony for
the ids of those passed): kept whole, every testimony cost about 20 KiB more.

The demo corpus gives small, varied testimonies with their consents and withdrawals; their
files are left out (attachments stream on their own, ``test_import_pipeline``).
"""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import fieldapp
from fieldapp.demo.corpus import generate
from fieldapp.services.demo import store_demo_records
from tests.fieldapp.services.import_support import Archive, make_archive, make_device
from tests.fieldapp.workspace.support import PASSPHRASE

SMALL = 1000
#: What the larger import may cost beyond the smaller, per testimony more: a fifth of what
#: holding every record cost (about 20 KiB a testimony, with its consents and custody events).
PER_TESTIMONY = 4 * 1024

CHILD = r"""
import os, sys
from pathlib import Path

from fieldapp.services import importing
from fieldapp.workspace import Workspace


def peak() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise SystemExit("no VmHWM")


ws = Workspace.unlock(Path(sys.argv[1]), os.environ["IMPORT_TEST_PASSPHRASE"])
before = peak()
report = importing.import_bundle(ws, Path(sys.argv[2]))
print(report.outcome, report.testimonies, peak() - before, flush=True)
ws.lock()
"""


def _bundle(tmp: Path, archive: Archive, label: str, count: int, seed: int) -> Path:
    device = make_device(tmp / label, archive, label)
    demo = [dataclasses.replace(d, attachments=()) for d in generate(count, seed=seed)]
    store_demo_records(device.ws, demo)
    path = device.export()
    device.ws.lock()
    return path


def _import(root: Path, bundle: Path, script: Path) -> tuple[int, int]:
    """(testimonies imported, growth of the peak resident memory in bytes) in a new process."""
    env = {
        **os.environ,
        "IMPORT_TEST_PASSPHRASE": PASSPHRASE,
        "PYTHONPATH": str(Path(fieldapp.__file__).resolve().parents[1]),
    }
    done = subprocess.run(
        [sys.executable, str(script), str(root), str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    outcome, testimonies, growth = done.stdout.split()
    assert outcome == "imported", done.stdout
    return int(testimonies), int(growth)


def test_a_bundle_of_four_times_the_testimonies_costs_no_more_memory(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    small = _bundle(tmp_path, archive, "small", SMALL, seed=1)
    large = _bundle(tmp_path, archive, "large", 4 * SMALL, seed=2)
    root = archive.ws.layout.root
    archive.ws.lock()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    few, small_growth = _import(root, small, script)
    many, large_growth = _import(root, large, script)
    assert many >= 3 * few > 0
    more = large_growth - small_growth
    assert more < PER_TESTIMONY * (many - few), (few, small_growth, many, large_growth)
