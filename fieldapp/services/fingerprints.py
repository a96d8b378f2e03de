"""Key fingerprints a person types: as printed (``SHA256:…``) or as read aloud.

Fingerprints are read aloud as sixteen groups of five digits (``fieldapp.sync.spoken``), and
whoever heard them types them back; either form names the same key. Text that is neither is
refused with what is expected: compared as it is, it could only fail to match, and a mismatch
reads as a forgery (a roster "signed by another key"). The command line (``--coordinator``,
``fieldapp.cli.fingerprints``) and the desktop app's check of files read them here.
"""

import re

from fieldapp.sync.spoken import parse_spoken_fingerprint

# An Ed25519 key's SHA256 fingerprint as OpenSSH prints it: 32 bytes in unpadded base64.
_PRINTED = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")
EXPECTED = (
    "a key fingerprint is SHA256: and 43 characters as printed, or the 80 digits read aloud"
    " (sixteen groups of five)"
)


def parse_fingerprint(text: str) -> str:
    """``SHA256:…`` as it is, or the spoken digits turned back into it; ``ValueError``
    (saying ``EXPECTED``) for anything else."""
    given = text.strip()
    if given.startswith("SHA256:"):
        if _PRINTED.fullmatch(given):
            return given
        raise ValueError(EXPECTED)
    try:
        return parse_spoken_fingerprint(given)
    except ValueError:
        raise ValueError(EXPECTED) from None
