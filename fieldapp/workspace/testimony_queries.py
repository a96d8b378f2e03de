"""Lists and searches of testimonies: the filters, orders and pages a list reads, and the ranked
full-text search, each made of fixed SQL over the latest versions."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from fieldapp.domain import ConsentScope, RecordStatus
from fieldapp.domain.consent import SCOPES_INDEPENDENT_OF_ARCHIVE
from fieldapp.errors import ValidationFailedError
from fieldapp.workspace.database import Connection

MAX_PAGE = 1000
# Words of a search, each searched as a prefix: Korean particles attach to the word they follow
# (보위부에서), so "보위부" must find it. Quotes are doubled so no text is read as FTS syntax.
_WORD = re.compile(r"\w+", re.UNICODE)
# Fixed fragments of SQL; the filters add only fixed clauses and bound parameters.
_COLUMNS = "t.id, t.version, t.status, t.pseudonym, t.interviewer, t.started_at, t.title"
# The id breaks ties in the time's direction: one index (migration 16) gives each order whole.
_NEWEST = "t.started_at DESC, t.id DESC"


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NO_TIME_ZONE = "A date and time must say its time zone."


class TestimonyOrder(StrEnum):
    """How a list (not a search: a search is best match first) is sorted. Each order has an
    index to walk (by date; by pseudonym), so a page costs the same at any size."""

    NEWEST = "newest"
    OLDEST = "oldest"
    WITNESS = "witness"
    WITNESS_DESCENDING = "witness-descending"


_ORDER_SQL = {
    TestimonyOrder.NEWEST: _NEWEST,
    TestimonyOrder.OLDEST: "t.started_at ASC, t.id ASC",
    TestimonyOrder.WITNESS: "t.pseudonym ASC, t.started_at DESC, t.id",
    TestimonyOrder.WITNESS_DESCENDING: "t.pseudonym DESC, t.started_at DESC, t.id",
}
_SEARCH_JOIN = (
    "testimony_search s JOIN testimonies t ON t.rowid = s.rowid WHERE testimony_search MATCH ?"
)
# Column weights for bm25: a word in the title counts most, then the summary and tags.
_RANK = "bm25(testimony_search, 0, 8, 4, 1, 2, 2, 4)"
# How many pages deep a filtered search looks among the best matches before joining them all.
_FILTER_WINDOW_FACTOR = 20
_MATCH_COUNT = "SELECT count(*) FROM testimony_search WHERE testimony_search MATCH ?"
_RANKED_PAGE = (
    f"SELECT {_COLUMNS} FROM (SELECT rowid AS r, {_RANK} AS score FROM testimony_search"  # noqa: S608
    " WHERE testimony_search MATCH ? ORDER BY score LIMIT ? OFFSET ?) s"
    " JOIN testimonies t ON t.rowid = s.r ORDER BY s.score"
)


@dataclass(frozen=True)
class TestimonyFilter:
    __test__ = False  # not a test class, whatever pytest guesses from the name
    status: RecordStatus | None = None
    category: str | None = None
    interviewer: str | None = None
    started_from: datetime | None = None
    started_before: datetime | None = None
    limit: int = 100
    offset: int = 0
    order: TestimonyOrder = TestimonyOrder.NEWEST
    #: Only testimonies whose consent in force allows this use (on an archive, with the
    #: withdrawals received at the office: ``fieldapp.domain.consent.consent_at_archive``).
    allowed_for: ConsentScope | None = None


@dataclass(frozen=True)
class TestimonySummary:
    """What a list shows of a testimony, read without parsing its body."""

    __test__ = False

    id: UUID
    version: int
    status: RecordStatus
    pseudonym: str
    interviewer: str
    started_at: str
    title: str


NO_FILTER = TestimonyFilter()


def _unfiltered(filters: TestimonyFilter) -> bool:
    return (
        filters.status,
        filters.category,
        filters.interviewer,
        filters.started_from,
        filters.started_before,
        filters.allowed_for,
    ) == (None, None, None, None, None, None)


def time_text(value: datetime) -> str:
    """One text form per instant (UTC), so that text order is time order."""
    if value.tzinfo is None:
        raise ValidationFailedError(NO_TIME_ZONE)
    return value.astimezone(UTC).isoformat()


def _where(filters: TestimonyFilter) -> tuple[str, list[object]]:
    """A WHERE clause made of fixed SQL only; every value is a bound parameter."""
    clauses, params = ["t.is_latest = 1"], []
    if filters.status is not None:
        clauses.append("t.status = ?")
        params.append(filters.status.value)
    if filters.interviewer is not None:
        clauses.append("t.interviewer = ?")
        params.append(filters.interviewer)
    if filters.started_from is not None:
        clauses.append("t.started_at >= ?")
        params.append(time_text(filters.started_from))
    if filters.started_before is not None:
        clauses.append("t.started_at < ?")
        params.append(time_text(filters.started_before))
    if filters.category is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM testimony_categories c WHERE c.id = t.id"
            " AND c.version = t.version AND c.category = ?)"
        )
        params.append(filters.category)
    if filters.allowed_for is not None:
        clause, scope_params = _allowed_for(filters.allowed_for)
        clauses.append(clause)
        params.extend(scope_params)
    return " AND ".join(clauses), params


# The consent in force (``consent_at_archive``) in SQL, so that a filtered list pages and
# sorts in the database. Bodies are canonical JSON kept as BLOBs: read as text, since SQLite
# 3.45 on reads a BLOB given to the JSON functions as JSONB. The latest version ``c`` counts only
# if the versions are 1..n without a gap (the latest known could be stale: Python refuses such a
# history, the list leaves it out); then each scope needed must be yes in ``c``, withdrawn by no
# device withdrawal of version ``c``, nor by an office withdrawal in force against ``c`` (made
# when the archive held ``c`` already, or whose laptop was not told of it yet (``told_seq``
# NULL), or was told by a ``pack_apply`` event that ``c``'s signed consent event does not follow
# in the laptop's log: ``c`` has no event, or its place is at or before that one). A device
# withdrawal of a version after ``c`` is likewise a history Python refuses.
_ALLOWED_FOR = (
    "EXISTS (SELECT 1 FROM consents c WHERE c.testimony_id = t.id"
    " AND c.version = (SELECT max(version) FROM consents WHERE testimony_id = t.id)"
    " AND c.version = (SELECT count(*) FROM consents WHERE testimony_id = t.id)"
    " AND {decided}"
    " AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.testimony_id = t.id"
    " AND json_extract(CAST(w.body AS TEXT), '$.applies_to_version') > c.version)"
    " AND NOT EXISTS (SELECT 1 FROM withdrawals w,"
    " json_each(json_extract(CAST(w.body AS TEXT), '$.scopes')) j WHERE w.testimony_id = t.id"
    " AND json_extract(CAST(w.body AS TEXT), '$.applies_to_version') = c.version"
    " AND j.value IN ({scopes}))"
    " AND NOT EXISTS (SELECT 1 FROM office_withdrawals o,"
    " json_each(json_extract(CAST(o.body AS TEXT), '$.scopes')) j WHERE o.testimony_id = t.id"
    " AND (json_extract(CAST(o.body AS TEXT), '$.applies_to_version') >= c.version"
    " OR o.told_seq IS NULL OR c.event_seq IS NULL OR c.event_seq <= o.told_seq)"
    " AND j.value IN ({scopes})))"
)
_DECIDED = "json_extract(CAST(c.body AS TEXT), '$.scopes.' || ?) = 1"


def _allowed_for(scope: ConsentScope) -> tuple[str, list[object]]:
    """The clause keeping testimonies whose consent in force allows ``scope``: the scope, and
    for a use that draws on the archived record, ``archive`` too (``EffectiveConsent.allows``)."""
    needed = [scope.value]
    if scope not in SCOPES_INDEPENDENT_OF_ARCHIVE:
        needed.append(ConsentScope.ARCHIVE.value)
    marks = ", ".join("?" * len(needed))
    clause = _ALLOWED_FOR.format(
        decided=" AND ".join([_DECIDED] * len(needed)), scopes=marks
    )
    return clause, [*needed, *needed, *needed]


def list_testimonies(
    db: Connection, filters: TestimonyFilter = NO_FILTER
) -> list[TestimonySummary]:
    where, params = _where(filters)
    sql = f"SELECT {_COLUMNS} FROM testimonies t WHERE {where} ORDER BY {_ORDER_SQL[filters.order]} LIMIT ? OFFSET ?"  # noqa: S608,E501
    rows = db.execute(sql, (*params, min(filters.limit, MAX_PAGE), filters.offset))
    return [_summary(row) for row in rows]


def count_testimonies(db: Connection, filters: TestimonyFilter = NO_FILTER) -> int:
    where, params = _where(filters)
    sql = f"SELECT count(*) FROM testimonies t WHERE {where}"  # noqa: S608
    return int(db.execute(sql, params).fetchone()[0])


def search(
    db: Connection, text: str, filters: TestimonyFilter = NO_FILTER
) -> list[TestimonySummary]:
    """Latest versions matching every word of ``text`` (as prefixes), best first."""
    words = _WORD.findall(text)
    if not words:
        return []
    query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    page = (min(filters.limit, MAX_PAGE), filters.offset)
    if _unfiltered(filters):
        # Rank inside the full-text index first and join only the page: joining every
        # match before ranking costs a row lookup per match (180 ms for a common word at
        # 100,000 testimonies, against 11 ms this way). The index holds latest versions only.
        rows = db.execute(_RANKED_PAGE, (query, *page))
    else:
        rows = _filtered_search(db, query, filters, page)
    return [_summary(row) for row in rows]


def _filtered_search(
    db: Connection, query: str, filters: TestimonyFilter, page: tuple[int, int]
) -> list[tuple[object, ...]]:
    """The best filtered matches, taken from a window of the best matches by rank.

    A full page from a window is exactly the right page: every match outside the window
    ranks lower. A short page means the filter is selective; the window then grows until
    it holds every match. (CROSS JOIN keeps SQLite from driving the join from the
    testimonies table, which would read every record.)
    """
    where, params = _where(filters)
    sql = (
        f"SELECT {_COLUMNS} FROM (SELECT rowid AS r, {_RANK} AS score FROM testimony_search"  # noqa: S608
        f" WHERE testimony_search MATCH ? ORDER BY score LIMIT ?) s"
        f" CROSS JOIN testimonies t ON t.rowid = s.r WHERE {where}"
        " ORDER BY s.score LIMIT ? OFFSET ?"
    )
    total = db.execute(_MATCH_COUNT, (query,)).fetchone()[0]
    window = (page[0] + page[1]) * _FILTER_WINDOW_FACTOR
    while True:
        rows = db.execute(sql, (query, window, *params, *page)).fetchall()
        if len(rows) == page[0] or window >= total:
            return rows
        window *= max(2, _FILTER_WINDOW_FACTOR)


def _summary(row: Iterable[object]) -> TestimonySummary:
    id_, version, status, pseudonym, interviewer, started_at, title = row
    return TestimonySummary(
        UUID(str(id_)),
        int(str(version)),
        RecordStatus(status),
        str(pseudonym),
        str(interviewer),
        str(started_at),
        str(title),
    )
