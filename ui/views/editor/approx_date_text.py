"""Approximate dates as one line of text: ``2009``, ``2009-03``, ``2009-03-14``, ``c. 2009-03-14``.

The same forms ``ApproxDate.text()`` prints, so what the form shows can be typed back.
"""

import re
from datetime import date

from PySide6.QtCore import QCoreApplication

from fieldapp.domain import ApproxDate, validate_model
from fieldapp.errors import ValidationFailedError

_FORM = re.compile(r"(?P<estimate>(c\.|~)\s*)?(?P<y>\d{4})(-(?P<m>\d{1,2})(-(?P<d>\d{1,2}))?)?")


def format_approx_date(value: ApproxDate | None) -> str:
    return value.text() if value is not None else ""


def parse_approx_date(text: str, what: str) -> ApproxDate | None:
    """``None`` for an empty text; ValidationFailedError naming ``what`` (translated) for a
    wrong one."""
    text = text.strip()
    if not text:
        return None
    match = _FORM.fullmatch(text)
    if match is None:
        raise ValidationFailedError(
            QCoreApplication.translate(
                "ApproxDateText",
                "The {what} is not a date like 2009, 2009-03, 2009-03-14 or c. 2009-03-14.",
            ).format(what=what)
        )
    year = int(match["y"])
    month = int(match["m"] or 1)
    day = int(match["d"] or 1)
    if match["estimate"]:
        precision = "estimate"
    else:
        precision = "exact" if match["d"] else "month" if match["m"] else "year"
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValidationFailedError(
            QCoreApplication.translate(
                "ApproxDateText", "The {what} is not a date of the calendar."
            ).format(what=what)
        ) from None
    return validate_model(ApproxDate, {"value": value, "precision": precision})
