"""Where the public test vectors live: ../shared/testdata, beside the project, never copied."""

import os
from pathlib import Path

import pytest

SHARED_TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"


def shared_testdata(*parts: str) -> Path:
    """Path into ../shared/testdata; skips the test where it is absent, fails when CI is set."""
    path = SHARED_TESTDATA.joinpath(*parts)
    if not path.exists():
        reason = (
            f"public test vectors not found at {path} (they live beside the project, in shared/)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path
