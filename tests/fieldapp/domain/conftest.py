"""Fixtures for the domain tests."""

from collections.abc import Iterator

import pytest

from fieldapp.domain import install_vocabularies


@pytest.fixture
def restore_vocabularies() -> Iterator[None]:
    """Put the bundled vocabularies back in force after a test that installs others."""
    yield
    install_vocabularies(None)
