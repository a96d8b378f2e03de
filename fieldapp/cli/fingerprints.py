"""Key fingerprints typed on the command line: as printed (``SHA256:…``) or as read aloud.

The parsing is the services' (``fieldapp.services.fingerprints``), shared with the desktop app;
here text that is neither form becomes a usage error saying what is expected.
"""

import argparse

from fieldapp.services.fingerprints import EXPECTED, parse_fingerprint

__all__ = ["EXPECTED", "fingerprint_argument"]


def fingerprint_argument(text: str) -> str:
    """``SHA256:…`` as it is, or the spoken digits turned back into it (an argparse type)."""
    try:
        return parse_fingerprint(text)
    except ValueError:
        raise argparse.ArgumentTypeError(EXPECTED) from None
