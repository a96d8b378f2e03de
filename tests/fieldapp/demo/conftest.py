"""A demo corpus shared by the tests that only read it."""

import pytest

from fieldapp.demo import DemoRecord, generate

#: Enough records for proportions to settle within a few percent.
CORPUS_SIZE = 2000


@pytest.fixture(scope="package")
def corpus() -> list[DemoRecord]:
    return list(generate(CORPUS_SIZE))
