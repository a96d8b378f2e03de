"""The category filter reads a rare category from its own rows and walks the order's index for a
common one (``testimony_queries._few_in_category``): either way the list, its pages and its count
are exactly those of filtering every latest testimony in Python, for every order and combined
with the other filters; and a search finds the same either way (``_search_in_category`` for a
rare category, the window of the best matches otherwise).

One real workspace of testimonies sharing start times and witnesses, some sealed, some strictly
confidential (no category rows), some amended so that an earlier version holds other
categories; hypothesis draws the filters.
"""

from dataclasses import dataclass, replace
from datetime import timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain import ConfidentialityLevel, ConsentScope, RecordStatus, new_pseudonym
from fieldapp.services import records
from fieldapp.workspace import TestimonyFilter, TestimonySummary, Workspace, testimony_queries
from fieldapp.workspace import TestimonyOrder as Order  # not collected as a test class
from fieldapp.workspace.migrations import MIGRATIONS, migrate
from fieldapp.workspace.testimony_queries import MAX_PAGE, count_query, list_query
from tests.fieldapp.domain.factories import (
    STARTED_AT,
    make_consent,
    make_incident,
    make_scopes,
    make_testimony,
)

TESTIMONIES = 36
#: In every factory title, so a search finds every testimony (a strictly confidential one too).
SEARCH_WORD = "repatriation"
SEALED = RecordStatus.SEALED
STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL
SURVEILLANCE = {"act_type": "surveillance", "coi_category": "A"}
FOREIGN = {"act_type": "abduction_of_foreign_national", "coi_category": "F"}
OTHER_INTERVIEWER = "Interviewer 12"
#: F is rare (and, amended in or out, differs between versions); G is in no testimony.
CATEGORIES = ("A", "E", "F", "G")


@dataclass(frozen=True)
class Corpus:
    ws: Workspace
    #: The categories the filter must find each testimony by: its latest version's, none if
    #: that version is strictly confidential.
    categories: dict[UUID, frozenset[str]]


def _incidents(i: int) -> tuple[dict[str, str], ...]:
    kinds: list[dict[str, str]] = [SURVEILLANCE] if i % 3 == 0 else [{}]  # A, or E
    if i % 4 == 2:
        kinds.append({})
    if i in (5, 23):
        kinds.append(FOREIGN)
    return tuple(kinds)


def _record(ws: Workspace, i: int, pseudonyms: list[str]) -> tuple[UUID, frozenset[str]]:
    kinds = _incidents(i)
    strict = i % 5 == 1
    testimony = make_testimony(
        id=UUID(int=i + 1),
        pseudonym=pseudonyms[i % len(pseudonyms)],
        # Ties in the start time: the id decides between them.
        started_at=STARTED_AT - timedelta(days=i % 6),
        ended_at=STARTED_AT - timedelta(days=i % 6) + timedelta(hours=2),
        interviewer=OTHER_INTERVIEWER if i % 7 == 3 else "Interviewer 07",
        confidentiality=STRICT if strict else ConfidentialityLevel.CONFIDENTIAL,
        incidents=tuple(make_incident(**kind) for kind in kinds),
    )
    consent = make_consent(
        testimony_id=testimony.id,
        pseudonym=testimony.pseudonym,
        scopes=make_scopes(research=i % 3 != 1),
    )
    records.create_testimony(ws, testimony, [consent])
    categories = frozenset() if strict else frozenset(k.get("coi_category", "E") for k in kinds)
    if i % 2 == 0:
        records.seal_testimony(ws, testimony.id)
        if i % 8 == 0:  # version 1 keeps its rows; the latest, strictly confidential, has none
            records.amend_testimony(ws, testimony.id, {"confidentiality": STRICT})
            categories = frozenset()
        elif i % 10 == 6:  # version 1 is of A or E; the latest of F alone
            records.amend_testimony(ws, testimony.id, {"incidents": (make_incident(**FOREIGN),)})
            categories = frozenset() if strict else frozenset({"F"})
    return testimony.id, categories


@pytest.fixture
def corpus(ws: Workspace) -> Corpus:
    pseudonyms = [new_pseudonym() for _ in range(4)]
    return Corpus(ws, dict(_record(ws, i, pseudonyms) for i in range(TESTIMONIES)))


def _sort_key(order: Order, summary: TestimonySummary) -> tuple[object, ...]:
    """The order's sort key in Python, for a sort that is ascending (then reversed) or mixed."""
    if order in (Order.NEWEST, Order.OLDEST):
        return (summary.started_at, str(summary.id))
    # By witness: the pseudonym, then the newest first, then the id (Z to A: all reversed).
    return (summary.pseudonym, _descending(summary.started_at), str(summary.id))


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in text)


def _expected(corpus: Corpus, filters: TestimonyFilter) -> list[UUID]:
    """The whole filtered list (no page), filtered and sorted in Python over every latest
    testimony; the consent in force alone is the database's (``test_allowed_for`` checks it)."""
    everything = corpus.ws.repository.list_testimonies(TestimonyFilter(limit=MAX_PAGE))
    allowed = None
    if filters.allowed_for is not None:
        by_use = TestimonyFilter(allowed_for=filters.allowed_for, limit=MAX_PAGE)
        allowed = {s.id for s in corpus.ws.repository.list_testimonies(by_use)}
    kept = [
        s
        for s in everything
        if filters.category in corpus.categories[s.id]
        and filters.status in (None, s.status)
        and filters.interviewer in (None, s.interviewer)
        and (allowed is None or s.id in allowed)
    ]
    order = filters.order
    if order is Order.WITNESS_DESCENDING:  # the exact reverse of WITNESS
        kept.sort(key=lambda s: _sort_key(Order.WITNESS, s), reverse=True)
    else:
        kept.sort(key=lambda s: _sort_key(order, s), reverse=order is Order.NEWEST)
    return [s.id for s in kept]


def _run(ws: Workspace, sql: str, params: list[object]) -> list[UUID]:
    return [UUID(row[0]) for row in ws.connection.execute(sql, params)]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    category=st.sampled_from(CATEGORIES),
    order=st.sampled_from(Order),
    status=st.sampled_from([None, RecordStatus.DRAFT, RecordStatus.SEALED]),
    interviewer=st.sampled_from([None, OTHER_INTERVIEWER]),
    allowed_for=st.sampled_from([None, ConsentScope.RESEARCH, ConsentScope.ARCHIVE]),
    page=st.tuples(st.integers(1, 12), st.integers(0, 30)),
)
def test_both_ways_give_what_python_finds(
    corpus: Corpus,
    category: str,
    order: Order,
    status: RecordStatus | None,
    interviewer: str | None,
    allowed_for: ConsentScope | None,
    page: tuple[int, int],
) -> None:
    limit, offset = page
    filters = TestimonyFilter(
        category=category,
        order=order,
        status=status,
        interviewer=interviewer,
        allowed_for=allowed_for,
        limit=limit,
        offset=offset,
    )
    expected = _expected(corpus, filters)
    wanted = expected[offset : offset + limit]
    ws = corpus.ws
    assert _run(ws, *list_query(filters, from_category=True)) == wanted
    assert _run(ws, *list_query(filters, from_category=False)) == wanted
    assert [s.id for s in ws.repository.list_testimonies(filters)] == wanted
    assert ws.repository.count_testimonies(filters) == len(expected)
    # A search ranks its matches (all alike here): only what it finds is compared.
    whole = replace(filters, limit=MAX_PAGE, offset=0)
    assert {s.id for s in ws.repository.search(SEARCH_WORD, whole)} == set(expected)
    query, everything = f'"{SEARCH_WORD}"*', (MAX_PAGE, 0)
    for way in (testimony_queries._search_in_category, testimony_queries._filtered_search):
        assert {UUID(row[0]) for row in way(ws.connection, query, whole, everything)} == set(
            expected
        )


def test_the_corpus_has_rare_common_and_missing_categories(corpus: Corpus) -> None:
    """Guards the test above against a corpus that cannot tell the ways apart."""
    counts = {c: sum(c in found for found in corpus.categories.values()) for c in CATEGORIES}
    assert counts["E"] > 10
    assert counts["A"] > 5
    assert 0 < counts["F"] < 5
    assert counts["G"] == 0
    # Earlier versions hold rows the latest lacks (amended, or made strictly confidential).
    stale = corpus.ws.connection.execute(
        "SELECT count(*) FROM testimony_categories c JOIN testimonies t"
        " ON t.id = c.id AND t.version = c.version WHERE t.is_latest = 0"
    ).fetchone()[0]
    assert stale > 0
    assert count_query(TestimonyFilter(category="E"))[1] == ["E"]


@pytest.mark.parametrize(
    ("filters", "from_category"),
    [
        (TestimonyFilter(category="E", limit=2), False),  # common: a first page is near
        (TestimonyFilter(category="E", limit=2, order=Order.OLDEST, status=SEALED), False),
        (TestimonyFilter(category="F", limit=2), True),  # rare
        (TestimonyFilter(category="G", limit=2), True),  # in none
        (TestimonyFilter(category="E", limit=2, offset=4), True),  # deep into the category
        (TestimonyFilter(category="E", limit=20), True),  # a page as large as the category
        (TestimonyFilter(category="E", limit=2, order=Order.WITNESS), False),  # walked too
        (TestimonyFilter(category="E", limit=2, order=Order.WITNESS_DESCENDING), False),
        (TestimonyFilter(limit=2), False),
    ],
    ids=["common", "common-sealed", "rare", "none", "deep", "large", "witness", "desc", "all"],
)
def test_the_cheaper_way_is_chosen(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, filters: TestimonyFilter, from_category: bool
) -> None:
    # The corpus is small: "few" scaled down to it. E has over 10 rows (with earlier
    # versions'), F 4; a deep or large page is read from the category's rows.
    monkeypatch.setattr(testimony_queries, "_FEW_IN_CATEGORY", 5)
    assert testimony_queries._few_in_category(corpus.ws.connection, filters) is from_category


def _index_columns(ws: Workspace, index: str) -> list[str]:
    return [row[2] for row in ws.connection.execute("SELECT * FROM pragma_index_info(?)", (index,))]


def test_migration_19_builds_the_indexes_a_count_reads(corpus: Corpus) -> None:
    ws = corpus.ws
    # The workspace as version 18 left it.
    ws.connection.execute("DROP INDEX latest_versions")
    ws.connection.execute("DROP INDEX categories_by_code")
    ws.connection.execute("CREATE INDEX categories_by_code ON testimony_categories (category)")
    ws.connection.execute("PRAGMA user_version = 18")

    assert migrate(ws.connection, MIGRATIONS[:19]) == 19

    assert _index_columns(ws, "categories_by_code") == ["category", "id", "version"]
    assert _index_columns(ws, "latest_versions") == ["id", "version", "status"]
    for category in CATEGORIES:
        found = sum(category in found for found in corpus.categories.values())
        assert ws.repository.count_testimonies(TestimonyFilter(category=category)) == found
