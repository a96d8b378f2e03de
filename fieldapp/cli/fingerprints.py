"""Key fingerprints typed on the command line: as printed (``SHA256:…``) or as read aloud.

Fingerprints are read aloud as sixteen groups of five digits (``fieldapp.sync.spoken``), and
whoever heard them types them back; either form names the same key. Text that is neither is a
usage error saying what is expected: compared as it is, it could only fail to match, and a
mismatch reads as a forgery (a roster "signed by another key").
"""

import argparse
import re

from fieldapp.services import enrolment

# An Ed25519 key's SHA256 fingerprint as OpenSSH prints it: 32 bytes in unpadded base64.
_PRINTED = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")
EXPECTED = (
    "a key fingerprint is SHA256: and 43 characters as printed, or the 80 digits read aloud"
    " (sixteen groups of five)"
)


def fingerprint_argument(text: str) -> str:
    """``SHA256:…`` as it is, or the spoken digits turned back into it (an argparse type)."""
    given = text.strip()
    if given.startswith("SHA256:"):
        if _PRINTED.fullmatch(given):
            return given
        raise argparse.ArgumentTypeError(EXPECTED)
    try:
        return enrolment.parse_spoken_fingerprint(given)
    except ValueError:
        raise argparse.ArgumentTypeError(EXPECTED) from None
