"""A strictly confidential testimony is not found by category: each opening of it is logged, and
an unlogged filter (the list's, a search's, `testimony list --category`) would tell what kind of
violation it records. The filter reads the latest version's categories; of a strictly
confidential version none are kept.

Real workspaces throughout; on the archive, real bundles exported and imported; migration 18 on
a database holding the categories as version 17's code wrote them.
"""

from uuid import UUID

from fieldapp.domain import ConfidentialityLevel, RecordStatus
from fieldapp.services import records
from fieldapp.workspace import TestimonyFilter, Workspace
from fieldapp.workspace.migrations import MIGRATIONS, migrate, schema_version
from tests.fieldapp.domain.factories import make_incident
from tests.fieldapp.services.import_support import Archive, Device

from .confidential_support import deliver
from .support import new_testimony

STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL
CONFIDENTIAL = ConfidentialityLevel.CONFIDENTIAL
TITLE = "Qxcategorytitle"
#: An incident of category A beside the factory's, of category E (arbitrary detention).
SURVEILLANCE = {"act_type": "surveillance", "coi_category": "A"}


def _recorded(ws: Workspace, level: ConfidentialityLevel, *, seal: bool = True) -> UUID:
    """A testimony of ``level`` whose incidents are of categories A and E."""
    testimony, consent = new_testimony(
        confidentiality=level,
        title=f"Detention {TITLE}",
        incidents=(make_incident(), make_incident(**SURVEILLANCE)),
    )
    records.create_testimony(ws, testimony, [consent])
    if seal:
        records.seal_testimony(ws, testimony.id)
    return testimony.id


def _by_category(ws: Workspace, category: str) -> set[UUID]:
    return {s.id for s in records.list_testimonies(ws, TestimonyFilter(category=category))}


def _found_every_way(ws: Workspace, category: str) -> set[UUID]:
    """What the list, its count and a search filtered by ``category`` find (all the same)."""
    filters = TestimonyFilter(category=category)
    listed = _by_category(ws, category)
    assert ws.repository.count_testimonies(filters) == len(listed)
    assert {s.id for s in records.search_testimonies(ws, TITLE, filters)} == listed
    return listed


def _rows(ws: Workspace) -> set[tuple[str, int, str]]:
    """Every row the category index holds: (id, version, category)."""
    return set(ws.connection.execute("SELECT id, version, category FROM testimony_categories"))


def _amended(ws: Workspace, testimony_id: UUID, level: ConfidentialityLevel) -> None:
    records.amend_testimony(ws, testimony_id, {"confidentiality": level})
    records.seal_testimony(ws, testimony_id)


# --- the index ----------------------------------------------------------------------------------


def test_a_confidential_testimony_is_found_by_category_a_strictly_confidential_one_not(
    ws: Workspace,
) -> None:
    strict = _recorded(ws, STRICT)
    confidential = _recorded(ws, CONFIDENTIAL)

    assert {s.id for s in records.list_testimonies(ws)} == {strict, confidential}
    assert _found_every_way(ws, "E") == {confidential}
    assert _found_every_way(ws, "A") == {confidential}
    # Nor does the workspace keep them, for a filter to come.
    assert _rows(ws) == {(str(confidential), 1, "A"), (str(confidential), 1, "E")}


def test_a_draft_made_strictly_confidential_leaves_the_category_index_and_comes_back(
    ws: Workspace,
) -> None:
    testimony_id = _recorded(ws, CONFIDENTIAL, seal=False)
    assert _found_every_way(ws, "E") == {testimony_id}

    records.edit_draft(ws, testimony_id, {"confidentiality": STRICT})
    assert _found_every_way(ws, "E") == set()
    assert _rows(ws) == set()

    records.edit_draft(ws, testimony_id, {"confidentiality": CONFIDENTIAL})
    assert _found_every_way(ws, "E") == {testimony_id}


def test_amending_the_level_up_hides_the_categories_and_amending_down_shows_them(
    ws: Workspace,
) -> None:
    testimony_id = _recorded(ws, CONFIDENTIAL)
    assert _found_every_way(ws, "E") == {testimony_id}

    _amended(ws, testimony_id, STRICT)
    # The first version, confidential, keeps its rows: they do not make the latest findable.
    assert _found_every_way(ws, "E") == set()
    assert _found_every_way(ws, "A") == set()
    assert {version for _, version, _ in _rows(ws)} == {1}

    _amended(ws, testimony_id, CONFIDENTIAL)
    [summary] = records.list_testimonies(ws, TestimonyFilter(category="E"))
    assert (summary.id, summary.version) == (testimony_id, 3)


def test_a_strictly_confidential_first_version_amended_to_confidential_is_found(
    ws: Workspace,
) -> None:
    testimony_id = _recorded(ws, STRICT)
    assert _found_every_way(ws, "E") == set()

    _amended(ws, testimony_id, CONFIDENTIAL)
    assert _found_every_way(ws, "E") == {testimony_id}
    assert _rows(ws) == {(str(testimony_id), 2, "A"), (str(testimony_id), 2, "E")}


# --- the archive --------------------------------------------------------------------------------


def test_the_archive_finds_by_category_what_the_latest_imported_version_allows(
    hq: Archive, laptop: Device
) -> None:
    testimony_id = _recorded(laptop.ws, CONFIDENTIAL)
    strict = _recorded(laptop.ws, STRICT)
    deliver(hq, laptop)
    assert {s.id for s in records.list_testimonies(hq.ws)} == {testimony_id, strict}
    assert _found_every_way(hq.ws, "E") == {testimony_id}
    assert str(strict) not in {row[0] for row in _rows(hq.ws)}

    _amended(laptop.ws, testimony_id, STRICT)
    deliver(hq, laptop)
    assert _found_every_way(hq.ws, "E") == set()
    assert _found_every_way(hq.ws, "A") == set()

    _amended(laptop.ws, testimony_id, CONFIDENTIAL)
    deliver(hq, laptop)
    assert _found_every_way(hq.ws, "E") == {testimony_id}
    assert _found_every_way(laptop.ws, "E") == {testimony_id}


# --- migration 18 -------------------------------------------------------------------------------


def _as_version_17(ws: Workspace) -> None:
    """The workspace as version 17 left it: the categories of every version's incidents, of
    every level (a purge had removed those of a purged testimony)."""
    ws.connection.execute(
        "INSERT OR IGNORE INTO testimony_categories (id, version, category)"
        " SELECT t.id, t.version, json_extract(i.value, '$.coi_category') FROM testimonies t,"
        " json_each(CAST(t.body AS TEXT), '$.incidents') i WHERE length(t.body) > 0"
    )
    ws.connection.execute("PRAGMA user_version = 17")


def test_migration_18_removes_the_categories_of_strictly_confidential_versions(
    ws: Workspace,
) -> None:
    confidential = _recorded(ws, CONFIDENTIAL)
    strict = _recorded(ws, STRICT)  # its level left out of the stored JSON, as the default
    records.amend_testimony(ws, strict, {"title": f"Detention {TITLE} corrected"})
    raised = _recorded(ws, CONFIDENTIAL)
    _amended(ws, raised, STRICT)
    lowered = _recorded(ws, STRICT)
    _amended(ws, lowered, CONFIDENTIAL)
    purged = _recorded(ws, STRICT)
    ws.repository.purge_testimony(purged, RecordStatus.PURGED)
    _as_version_17(ws)
    assert _by_category(ws, "E") == {confidential, strict, raised, lowered}
    before = ws.connection.execute("SELECT rowid, * FROM testimonies ORDER BY rowid").fetchall()

    assert migrate(ws.connection, MIGRATIONS[:18]) == 18
    assert schema_version(ws.connection) == 18

    assert _found_every_way(ws, "E") == {confidential, lowered}
    assert _found_every_way(ws, "A") == {confidential, lowered}
    # Only the rows of confidential versions are left, an earlier one's too.
    assert _rows(ws) == {
        (str(testimony_id), version, category)
        for testimony_id, version in ((confidential, 1), (raised, 1), (lowered, 2))
        for category in ("A", "E")
    }
    after = ws.connection.execute("SELECT rowid, * FROM testimonies ORDER BY rowid").fetchall()
    assert after == before
