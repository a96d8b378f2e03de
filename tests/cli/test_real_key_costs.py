"""The commands derive keys at the program's real cost; the rest of the suite at the floor.

The suite lowers every derivation in one place (``tests/conftest.py``, by the module values the
program looks up when it derives). These tests hold both halves of that bargain: marked
``real_key_costs``, ``init`` and ``keys backup`` write what a user's laptop gets (Argon2id at
``DEFAULT_PARAMS``, scrypt at work factor 20 for the custodian file and the backup); unmarked,
the same commands in this process write the floor, so a path that stopped looking the cost up
(and made the CLI tests a second slower per key) fails here rather than going unseen.
"""

import base64
import re
from pathlib import Path

import pytest

from crypto import keywrap
from fieldapp.workspace.keyfile import KeyFile
from tests.conftest import TEST_SCRYPT_WORK_FACTOR

from .conftest import Runner
from .support import PASSPHRASE

CUSTODIAN_PASSPHRASE = "the custodian's own 보관 passphrase"
BACKUP_PASSPHRASE = "a backup passphrase for the safe"
REAL_SCRYPT_WORK_FACTOR = 20
SCRYPT_STANZA = re.compile(rb"^-> scrypt [A-Za-z0-9+/]{22} (\d+)$", re.MULTILINE)


def _passphrase_params(root: Path) -> keywrap.Argon2Params:
    return keywrap.read_params(KeyFile.read(root / "keys.json").passphrase_wrap)


def _scrypt_work_factor(path: Path) -> int:
    data = path.read_bytes()
    if data.startswith(b"-----BEGIN"):  # armored: the base64 between the two marker lines
        data = base64.b64decode(b"".join(data.strip().splitlines()[1:-1]))
    [factor] = SCRYPT_STANZA.findall(data.split(b"\n---", 1)[0])
    return int(factor)


def _init_archive_and_back_it_up(cli: Runner, tmp_path: Path) -> tuple[Path, Path, Path]:
    tmp_path.chmod(0o700)
    root, custodian, backup = tmp_path / "hq", tmp_path / "custodian.age", tmp_path / "keys.age"
    made = cli(
        "--workspace", root, "init", "--role", "archive", "--label", "HQ",
        "--custodian-out", custodian,
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_CUSTODIAN_PASSPHRASE=CUSTODIAN_PASSPHRASE,
    )  # fmt: skip
    assert made.code == 0, made.err
    backed_up = cli(
        "--workspace", root, "keys", "backup", "--out", backup,
        FIELDAPP_PASSPHRASE=PASSPHRASE, FIELDAPP_BACKUP_PASSPHRASE=BACKUP_PASSPHRASE,
    )  # fmt: skip
    assert backed_up.code == 0, backed_up.err
    return root, custodian, backup


@pytest.mark.real_key_costs
def test_init_and_a_key_backup_derive_at_the_real_cost(cli: Runner, tmp_path: Path) -> None:
    root, custodian, backup = _init_archive_and_back_it_up(cli, tmp_path)
    assert _passphrase_params(root) == keywrap.DEFAULT_PARAMS
    assert keywrap.DEFAULT_PARAMS.memory_kib >= 256 * 1024
    assert _scrypt_work_factor(custodian) == REAL_SCRYPT_WORK_FACTOR
    assert _scrypt_work_factor(backup) == REAL_SCRYPT_WORK_FACTOR


def test_the_suite_s_commands_derive_at_the_floor(cli: Runner, tmp_path: Path) -> None:
    root, custodian, backup = _init_archive_and_back_it_up(cli, tmp_path)
    assert _passphrase_params(root) == keywrap.TEST_PARAMS
    assert _scrypt_work_factor(custodian) == TEST_SCRYPT_WORK_FACTOR
    assert _scrypt_work_factor(backup) == TEST_SCRYPT_WORK_FACTOR
