"""A strictly confidential testimony is found by what the list shows unlogged (its title and its
interviewer), never by its words: each opening of it is logged, and an unlogged search would
tell whether a name or a village is in its narrative.

Real workspaces throughout; on the archive, real bundles exported and imported
(``import_support``); migration 17 on a database holding the index as version 16 wrote it.
"""

from pathlib import Path
from uuid import UUID

import pytest

from fieldapp.domain import ConfidentialityLevel, Narrative, PublicPlace, RecordStatus
from fieldapp.services import records
from fieldapp.workspace import Workspace
from fieldapp.workspace.database import Connection, open_database
from fieldapp.workspace.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from tests.fieldapp.domain.factories import make_incident
from tests.fieldapp.services.import_support import Archive, Device

from .confidential_support import deliver
from .support import new_testimony

STRICT = ConfidentialityLevel.STRICTLY_CONFIDENTIAL
CONFIDENTIAL = ConfidentialityLevel.CONFIDENTIAL
#: One made-up word per field the search reads. Past "qz" each begins with a letter of its own:
#: FTS5 stores a term after the one before it as the bytes they do not share, so ``word[2:]``
#: is in the shadow tables wherever the index still holds the word.
SUMMARY = "qzsummaryword"
NARRATIVE = "qznarrativeword"
PLACE = "qzlocusword"
INTERPRETER = "qzinterpreterword"
PRESENT = "qzpresentword"
TAG = "qztagword"
PROVINCE = "Ryanggang"  # the label of the incident's province, indexed beside its code
INTERVIEWER = "Qxinterviewer"
WORDS = (SUMMARY, NARRATIVE, PLACE, INTERPRETER, PRESENT, TAG, PROVINCE)
HIDDEN = WORDS[:-1]  # the province's code is a word of every place list: not looked for raw
SEARCH_TABLES = ("testimony_search_data", "testimony_search_content", "testimony_search_idx")


def _recorded(ws: Workspace, level: ConfidentialityLevel, title: str) -> UUID:
    """A draft of ``level`` holding each of WORDS in its own field."""
    testimony, consent = new_testimony(
        confidentiality=level,
        title=f"Detention {title}",
        interviewer=f"{INTERVIEWER} 07",
        summary=f"A summary {SUMMARY}.",
        narrative=Narrative(text=f"He was held at {NARRATIVE} for two months."),
        interview_place=f"Seoul {PLACE}",
        interpreter=f"Interpreter {INTERPRETER}",
        others_present=(f"support worker {PRESENT}",),
        tags=(TAG,),
        incidents=(make_incident(place_public=PublicPlace(country="KP", province="ryanggang")),),
    )
    records.create_testimony(ws, testimony, [consent])
    return testimony.id


def _found(ws: Workspace, text: str) -> set[UUID]:
    return {summary.id for summary in records.search_testimonies(ws, text)}


def _index_bytes(connection: Connection) -> bytes:
    """Every row of the search index's shadow tables (segments, content, config), as bytes."""
    rows = [
        connection.execute(f'SELECT * FROM "{name}"').fetchall()  # noqa: S608 - fixed names
        for name in (*SEARCH_TABLES, "testimony_search_config")
    ]
    return repr(rows).encode()


def _held(connection: Connection, word: str) -> bool:
    """Whether the index's shadow tables hold ``word`` at all (see WORDS)."""
    return word[2:].encode() in _index_bytes(connection)


def _index_row(connection: Connection, testimony_id: UUID) -> tuple[object, ...]:
    """The index's row of the latest version of ``testimony_id``: (id, title, summary,
    narrative, places, people, tags)."""
    return connection.execute(
        "SELECT s.* FROM testimony_search s JOIN testimonies t ON t.rowid = s.rowid"
        " WHERE t.id = ? AND t.is_latest = 1",
        (str(testimony_id),),
    ).fetchone()


def _integrity_holds(connection: Connection) -> None:
    """FTS5's own check that its index matches its content (it raises if not)."""
    connection.execute(
        "INSERT INTO testimony_search (testimony_search, rank) VALUES ('integrity-check', 1)"
    )


def _in_content(connection: Connection, word: str) -> bool:
    """Whether the text the index keeps of its rows holds ``word``. (Its segments keep a
    deleted row's words until a merge, as for any row replaced, unless ``secure-delete`` is on:
    the earlier version holding them is in the database whole anyway.)"""
    rows = connection.execute("SELECT * FROM testimony_search_content").fetchall()
    return any(word in str(value) for row in rows for value in row)


def _secure_delete(connection: Connection) -> int:
    row = connection.execute(
        "SELECT v FROM testimony_search_config WHERE k = 'secure-delete'"
    ).fetchone()
    return 0 if row is None else int(row[0])


# --- the index ----------------------------------------------------------------------------------


def test_strictly_confidential_is_found_by_its_title_and_interviewer_only(ws: Workspace) -> None:
    strict = _recorded(ws, STRICT, "qxstricttitle")
    confidential = _recorded(ws, CONFIDENTIAL, "qxconfidentialtitle")

    assert _found(ws, "qxstricttitle") == {strict}
    assert _found(ws, "qxconfidentialtitle") == {confidential}
    assert _found(ws, INTERVIEWER) == {strict, confidential}
    for word in WORDS:
        assert _found(ws, word) == {confidential}, word
    # Nor does its row of the index hold a word of it (the other's row holds the same words).
    row = _index_row(ws.connection, strict)
    assert row == (str(strict), "Detention qxstricttitle", "", "", "", f"{INTERVIEWER} 07", "")
    _integrity_holds(ws.connection)


def test_a_draft_made_strictly_confidential_leaves_the_index_and_comes_back(
    ws: Workspace,
) -> None:
    testimony_id = _recorded(ws, CONFIDENTIAL, "qxdrafttitle")
    assert _found(ws, NARRATIVE) == {testimony_id}

    records.edit_draft(ws, testimony_id, {"confidentiality": STRICT})
    assert _found(ws, NARRATIVE) == set()
    assert _found(ws, "qxdrafttitle") == {testimony_id}
    assert _in_content(ws.connection, "qxdrafttitle")  # what is looked for can be seen
    for word in HIDDEN:
        assert not _in_content(ws.connection, word), word

    records.edit_draft(ws, testimony_id, {"confidentiality": CONFIDENTIAL})
    for word in WORDS:
        assert _found(ws, word) == {testimony_id}, word
    _integrity_holds(ws.connection)


def test_amending_to_strictly_confidential_removes_the_words_and_amending_back_restores_them(
    ws: Workspace,
) -> None:
    testimony_id = _recorded(ws, CONFIDENTIAL, "qxamendtitle")
    records.seal_testimony(ws, testimony_id)
    assert _found(ws, NARRATIVE) == {testimony_id}

    records.amend_testimony(ws, testimony_id, {"confidentiality": STRICT})
    for word in WORDS:
        assert _found(ws, word) == set(), word
    assert _found(ws, "qxamendtitle") == {testimony_id}
    # The earlier version left the index with its words (it is opened logged now too).
    for word in HIDDEN:
        assert not _in_content(ws.connection, word), word
    _integrity_holds(ws.connection)

    records.seal_testimony(ws, testimony_id)
    records.amend_testimony(ws, testimony_id, {"confidentiality": CONFIDENTIAL})
    for word in WORDS:
        assert _found(ws, word) == {testimony_id}, word
    [summary] = records.search_testimonies(ws, NARRATIVE)
    assert summary.version == 3
    _integrity_holds(ws.connection)


# --- the archive --------------------------------------------------------------------------------


def test_the_archive_indexes_what_the_latest_imported_version_allows(
    hq: Archive, laptop: Device
) -> None:
    testimony_id = _recorded(laptop.ws, CONFIDENTIAL, "qxarchivetitle")
    strict = _recorded(laptop.ws, STRICT, "qxarchivestrict")
    records.seal_testimony(laptop.ws, testimony_id)
    records.seal_testimony(laptop.ws, strict)
    deliver(hq, laptop)
    assert _found(hq.ws, NARRATIVE) == {testimony_id}
    assert _found(hq.ws, "qxarchivestrict") == {strict}

    records.amend_testimony(laptop.ws, testimony_id, {"confidentiality": STRICT})
    records.seal_testimony(laptop.ws, testimony_id)
    deliver(hq, laptop)
    for word in WORDS:
        assert _found(hq.ws, word) == set(), word
    assert _found(hq.ws, "qxarchivetitle") == {testimony_id}
    for word in HIDDEN:
        assert not _in_content(hq.ws.connection, word), word
    _integrity_holds(hq.ws.connection)

    records.amend_testimony(laptop.ws, testimony_id, {"confidentiality": CONFIDENTIAL})
    records.seal_testimony(laptop.ws, testimony_id)
    deliver(hq, laptop)
    for word in WORDS:
        assert _found(hq.ws, word) == {testimony_id}, word
    _integrity_holds(hq.ws.connection)


# --- migration 17 -------------------------------------------------------------------------------


def _index_fully(connection: Connection, testimony_id: UUID, *, drafts: int) -> None:
    """Index the latest version of ``testimony_id`` with every word, as version 16's code did,
    re-indexing it ``drafts`` times as each save of a draft did."""
    rowid, title, interviewer = connection.execute(
        "SELECT rowid, title, interviewer FROM testimonies WHERE id = ? AND is_latest = 1",
        (str(testimony_id),),
    ).fetchone()
    row = (
        rowid,
        str(testimony_id),
        title,
        f"A summary {SUMMARY}.",
        f"He was held at {NARRATIVE} for two months.",
        f"Seoul {PLACE} KP ryanggang {PROVINCE}",
        f"{interviewer} Interpreter {INTERPRETER} support worker {PRESENT}",
        TAG,
    )
    for _ in range(drafts + 1):
        connection.execute("DELETE FROM testimony_search WHERE rowid = ?", (rowid,))
        connection.execute(
            "INSERT INTO testimony_search (rowid, id, title, summary, narrative, places, people,"
            " tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )


def _as_version_16(ws: Workspace, testimony_id: UUID, *, secure_delete: bool) -> None:
    """The workspace as version 16 left it: the index holding every word of a strictly
    confidential testimony; its ``secure-delete`` on only where a purge had turned it on."""
    connection = ws.connection
    connection.execute(
        "INSERT INTO testimony_search (testimony_search, rank) VALUES ('secure-delete', ?)",
        (int(secure_delete),),
    )
    # With the option off, each draft's re-indexing left its words in the segments.
    _index_fully(connection, testimony_id, drafts=0 if secure_delete else 2)
    connection.execute("PRAGMA user_version = 16")
    assert _found(ws, NARRATIVE) == {testimony_id}
    assert _held(connection, NARRATIVE)


@pytest.mark.parametrize("secure_delete", [False, True], ids=["never-purged", "purged-before"])
def test_migration_17_takes_the_words_of_strictly_confidential_testimonies_out(
    ws: Workspace, secure_delete: bool
) -> None:
    strict = _recorded(ws, STRICT, "qxmigratedtitle")
    records.seal_testimony(ws, strict)
    kept, consent = new_testimony(
        confidentiality=CONFIDENTIAL,
        title="Kept qxkepttitle",
        interviewer=f"{INTERVIEWER} 09",
        narrative=Narrative(text="It was qykeptword."),
    )
    records.create_testimony(ws, kept, [consent])
    _as_version_16(ws, strict, secure_delete=secure_delete)

    assert migrate(ws.connection, MIGRATIONS[:17]) == 17
    assert schema_version(ws.connection) == 17

    for word in WORDS:
        assert _found(ws, word) == set(), word
    assert _found(ws, "qxmigratedtitle") == {strict}
    assert _found(ws, "qykeptword") == {kept.id}
    assert _found(ws, INTERVIEWER) == {strict, kept.id}
    # Gone from the index's segments and content, not only unmatched.
    assert _held(ws.connection, "qykeptword")  # what is looked for can be seen
    for word in HIDDEN:
        assert not _held(ws.connection, word), word
    assert _index_row(ws.connection, strict)[2:] == ("", "", "", f"{INTERVIEWER} 07", "")
    assert _secure_delete(ws.connection) == int(secure_delete)  # as it was
    assert ws.repository.meta("migration_17_secure_delete") is None
    _integrity_holds(ws.connection)


def test_migration_17_skips_purged_and_earlier_versions(ws: Workspace) -> None:
    """A purged testimony (its body emptied, out of the index) and an earlier version (never
    in the index) are left as they are: only what the index holds is indexed again."""
    strict = _recorded(ws, STRICT, "qxlatesttitle")
    records.seal_testimony(ws, strict)
    records.amend_testimony(ws, strict, {"title": "Detention qxlatesttitle corrected"})
    purged = _recorded(ws, STRICT, "qxpurgedtitle")
    ws.repository.purge_testimony(purged, RecordStatus.PURGED)
    _as_version_16(ws, strict, secure_delete=False)
    before = ws.connection.execute("SELECT rowid, * FROM testimonies ORDER BY rowid").fetchall()

    migrate(ws.connection, MIGRATIONS[:17])

    rows = ws.connection.execute("SELECT rowid, id, title, narrative FROM testimony_search")
    latest = ws.connection.execute(
        "SELECT rowid FROM testimonies WHERE id = ? AND is_latest = 1", (str(strict),)
    ).fetchone()[0]
    assert rows.fetchall() == [(latest, str(strict), "Detention qxlatesttitle corrected", "")]
    after = ws.connection.execute("SELECT rowid, * FROM testimonies ORDER BY rowid").fetchall()
    assert after == before
    _integrity_holds(ws.connection)


def test_every_earlier_schema_still_migrates_to_the_latest(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    for version in range(len(MIGRATIONS)):
        connection = open_database(tmp_path / f"v{version}.db", bytes(32), create=True)
        try:
            migrate(connection, MIGRATIONS[:version])
            assert migrate(connection) == SCHEMA_VERSION
            assert _secure_delete(connection) == 0  # on only once a purge turns it on
            _integrity_holds(connection)
        finally:
            connection.close()
