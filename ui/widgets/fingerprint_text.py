"""A key's fingerprint as people compare it aloud: sixteen groups of five digits, two lines of
eight (``enrolment.spoken_fingerprint``), the form the CLI and the other side's screen show."""

from fieldapp.services import enrolment

#: Groups per line: two lines of eight, read one line at a time.
GROUPS_PER_LINE = 8


def spoken_lines(fingerprint: str, *, with_sha256: bool = False) -> str:
    """The spoken digits, eight groups a line; then, if asked, the ``SHA256:`` form."""
    groups = enrolment.spoken_fingerprint(fingerprint).split()
    lines = [
        " ".join(groups[start : start + GROUPS_PER_LINE])
        for start in range(0, len(groups), GROUPS_PER_LINE)
    ]
    return "\n".join([*lines, fingerprint] if with_sha256 else lines)
