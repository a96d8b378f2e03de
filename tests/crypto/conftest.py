"""Fixtures for the crypto tests: the reference tools our files are checked against."""

import os
import shutil

import pytest


@pytest.fixture
def ssh_keygen() -> str:
    path = shutil.which("ssh-keygen")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("ssh-keygen is required")
        pytest.skip("ssh-keygen is not installed")
    return path
