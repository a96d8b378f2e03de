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
    # The exact reverse of WITNESS (a witness's testimonies oldest first), so that one index
    # walked backwards serves it (migration 20).
    TestimonyOrder.WITNESS_DESCENDING: "t.pseudonym DESC, t.started_at ASC, t.id DESC",
}
# A category is read from its own rows (the testimonies' row of each joined in that order: SQLite
# keeps a CROSS JOIN's order), then sorted. Every version has its rows; the latest is kept.
_BY_CATEGORY = (
    "testimony_categories tc CROSS JOIN testimonies t ON t.id = tc.id AND t.version = tc.version"
)
# The same for a count: whether a version is the latest, and its status, are in an index of the
# latest versions (migration 19; SQLite, without statistics, would pick the primary key's).
_COUNTED_BY_CATEGORY = (
    "testimony_categories tc CROSS JOIN testimonies t INDEXED BY latest_versions"
    " ON t.id = tc.id AND t.version = tc.version"
)
# Up to how many rows a category is read from its rows rather than by walking the order's index.
# Measured on 100,000 synthetic testimonies of 3 KiB (SQLCipher, a page of 100 newest first):
# 2,490 rows 36 ms read so against 48 ms walking, 7,522 rows 87 ms against 13 ms; each way
# stays under about 40 ms at this limit. (The walk grows with the testimonies, the other way
# not: at a million the best limit is larger; this one stays safe, within tens of ms.)
_FEW_IN_CATEGORY = 3000
# A page ending past a quarter of the category's rows is read from its rows too, common or
# not: the walk to it would read a quarter of the testimonies or more, most not in it.
_DEEP_PAGE_FACTOR = 4
_CATEGORY_ROWS = (
    "SELECT count(*) FROM (SELECT 1 FROM testimony_categories WHERE category = ? LIMIT ?)"
)
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


def _where(
    filters: TestimonyFilter, *, category_joined: bool = False
) -> tuple[str, list[object]]:
    """A WHERE clause made of fixed SQL only; every value is a bound parameter. With
    ``category_joined`` the query reads from ``_BY_CATEGORY``, whose rows hold the category."""
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
    if filters.category is not None and category_joined:
        clauses.append("tc.category = ?")
        params.append(filters.category)
    elif filters.category is not None:
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
    sql, params = list_query(filters, from_category=_few_in_category(db, filters))
    return [_summary(row) for row in db.execute(sql, params)]


def list_query(filters: TestimonyFilter, *, from_category: bool) -> tuple[str, list[object]]:
    """The SQL of a page of the list and its parameters: read from the category's rows, or
    by walking the index of the order (``_few_in_category`` says which is cheaper)."""
    where, params = _where(filters, category_joined=from_category)
    source = _BY_CATEGORY if from_category else "testimonies t"
    sql = f"SELECT {_COLUMNS} FROM {source} WHERE {where} ORDER BY {_ORDER_SQL[filters.order]} LIMIT ? OFFSET ?"  # noqa: S608,E501
    return sql, [*params, min(filters.limit, MAX_PAGE), filters.offset]


def count_query(filters: TestimonyFilter) -> tuple[str, list[object]]:
    """The SQL counting the list's rows. With a category it reads that category's rows only,
    in two indexes (migration 19), without a testimony's row unless a filter needs more than
    its status: 100,000 synthetic testimonies, the commonest category (35% of them), 9 ms,
    where walking every testimony took 1.0 s and the category's rows with the rows 0.4 s."""
    where, params = _where(filters, category_joined=filters.category is not None)
    source = "testimonies t" if filters.category is None else _COUNTED_BY_CATEGORY
    return f"SELECT count(*) FROM {source} WHERE {where}", params  # noqa: S608


def count_testimonies(db: Connection, filters: TestimonyFilter = NO_FILTER) -> int:
    sql, params = count_query(filters)
    return int(db.execute(sql, params).fetchone()[0])


def _few_in_category(db: Connection, filters: TestimonyFilter) -> bool:
    """Whether a page is cheaper read from the category's rows, sorted, than found by walking
    the order's index and testing each testimony for the category.

    The walk reads about (offset + limit) x testimonies / rows-in-category rows, the other
    way every row of the category: a rare category, or a page deep into a common one, is read
    from its rows. The rows are counted in the category's index alone, and only up to the
    limit that matters, so the count is cheap even for a common category.
    """
    if filters.category is None:
        return False
    # Every order has an index to walk (by date since migration 16, by witness since 20).
    page_end = min(filters.limit, MAX_PAGE) + filters.offset
    return _at_most(db, filters.category, max(_FEW_IN_CATEGORY, _DEEP_PAGE_FACTOR * page_end))


def _at_most(db: Connection, category: str, enough: int) -> bool:
    """Whether ``category`` has at most ``enough`` rows, counting no further than that."""
    rows = db.execute(_CATEGORY_ROWS, (category, enough + 1)).fetchone()[0]
    return int(rows) <= enough


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
    elif filters.category is not None and _at_most(db, filters.category, _FEW_IN_CATEGORY):
        rows = _search_in_category(db, query, filters, page)
    else:
        rows = _filtered_search(db, query, filters, page)
    return [_summary(row) for row in rows]


def _search_in_category(
    db: Connection, query: str, filters: TestimonyFilter, page: tuple[int, int]
) -> list[tuple[object, ...]]:
    """The best matches of a rare category: every match ranked in the full-text index alone,
    then met by the category's rows and their testimonies only.

    The window of ``_filtered_search`` would grow to every match for a rare category and look
    up each one's testimony (100,000 synthetic testimonies, 72,000 matching, a category of
    150: 250 ms, against 60 ms so). Driving the full-text match from each of the category's
    rows instead costs ~5 ms a row. (MATERIALIZED ranks once; CROSS JOIN keeps the order.)
    """
    sql, params = category_search_query(filters)
    return db.execute(sql, (query, *params, *page)).fetchall()


def category_search_query(filters: TestimonyFilter) -> tuple[str, list[object]]:
    """The SQL of ``_search_in_category`` and its parameters between the words and the page."""
    where, params = _where(filters, category_joined=True)
    sql = (
        f"WITH m AS MATERIALIZED (SELECT rowid AS r, {_RANK} AS score FROM testimony_search"  # noqa: S608
        f" WHERE testimony_search MATCH ?) SELECT {_COLUMNS} FROM {_BY_CATEGORY}"
        f" CROSS JOIN m ON m.r = t.rowid WHERE {where} ORDER BY m.score LIMIT ? OFFSET ?"
    )
    return sql, params


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
