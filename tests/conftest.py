"""Fixtures shared by every test package."""

import os
from datetime import timedelta

from hypothesis import settings

# Qt tests run headless; a real window is only for screenshots under Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis fails a test whose example takes longer than its deadline even once (200 ms by
# default), and an example of a millisecond can stall that long on two busy cores (the suite's
# CI): the run fails for no fault of the code. Five seconds still catches an example that has
# gone pathological (a parser turned quadratic); the tests that time what they mean to check
# speed. A test that sets its own deadline keeps it.
settings.register_profile("fieldapp", deadline=timedelta(seconds=5))
settings.load_profile("fieldapp")
