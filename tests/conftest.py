"""Fixtures shared by every test package."""

import os
from datetime import timedelta

import pytest
from hypothesis import settings

from crypto import keywrap
from fieldapp.services import archive, backup

# Qt tests run headless; a real window is only for screenshots under Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis fails a test whose example takes longer than its deadline even once (200 ms by
# default), and an example of a millisecond can stall that long on two busy cores (the suite's
# CI): the run fails for no fault of the code. Five seconds still catches an example that has
# gone pathological (a parser turned quadratic); the tests that time what they mean to check
# speed. A test that sets its own deadline keeps it.
settings.register_profile("fieldapp", deadline=timedelta(seconds=5))
settings.load_profile("fieldapp")


#: The cheapest scrypt work factor the suite gives the custodian file and a key backup.
TEST_SCRYPT_WORK_FACTOR = 10


@pytest.fixture(autouse=True)
def _cheap_key_derivation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key the program derives from a passphrase costs the floor, not a second or three:
    the program looks its costs up when it derives (``keywrap.DEFAULT_PARAMS``,
    ``archive.CUSTODIAN_WORK_FACTOR``, ``backup.BACKUP_WORK_FACTOR``), so a command run in this
    process (``fieldapp init``, ``keys backup``) is cheap without a way to ask for it. A test
    marked ``real_key_costs`` keeps the real ones (``tests/cli/test_real_key_costs.py``). A
    program started as a process of its own derives at the real cost."""
    if request.node.get_closest_marker("real_key_costs") is None:
        monkeypatch.setattr(keywrap, "DEFAULT_PARAMS", keywrap.TEST_PARAMS)
        monkeypatch.setattr(archive, "CUSTODIAN_WORK_FACTOR", TEST_SCRYPT_WORK_FACTOR)
        monkeypatch.setattr(backup, "BACKUP_WORK_FACTOR", TEST_SCRYPT_WORK_FACTOR)
