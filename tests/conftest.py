"""Fixtures shared by every test package."""

import os

# Qt tests run headless; a real window is only for screenshots under Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
