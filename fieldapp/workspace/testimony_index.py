"""The indexes kept beside testimony rows: the full-text search index (``testimony_search``,
latest versions only; of a strictly confidential one, its title and interviewer only) and the
COI categories of each version (``testimony_categories``; none of a strictly confidential one).

Written by ``Repository`` as it stores and purges testimonies; read by ``testimony_queries``.
"""

from fieldapp.domain import ConfidentialityLevel, Testimony, label
from fieldapp.workspace.database import Connection


def index_text(db: Connection, rowid: int | None, testimony: Testimony) -> None:
    """Add the latest version at ``rowid`` to the full-text index: its words, places (a
    province by its code and its name) and people; of a strictly confidential one, only what
    the list shows of it."""
    db.execute(
        "INSERT INTO testimony_search (rowid, id, title, summary, narrative, places, people,"
        " tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (rowid, str(testimony.id), testimony.title, *_searched_text(testimony)),
    )


def _searched_text(testimony: Testimony) -> tuple[str, str, str, str, str]:
    """The summary, narrative, places, people and tags the index holds of ``testimony``."""
    if testimony.confidentiality is ConfidentialityLevel.STRICTLY_CONFIDENTIAL:
        # Each opening of it is logged (``services.access``): a search, unlogged, would tell
        # whoever is at the keyboard whether a name or a village is in its narrative. It is
        # found by what the list shows anyway, its title and interviewer; migration 17 made
        # the rows indexed before this rule the same way.
        return ("", "", "", testimony.interviewer, "")
    places = [testimony.interview_place]
    for incident in testimony.incidents:
        places.append(incident.place_public.country)
        if incident.place_public.province:
            places.append(incident.place_public.province)
            places.append(label("dprk_provinces", incident.place_public.province))
    people = [testimony.interviewer, testimony.interpreter or "", *testimony.others_present]
    return (
        testimony.summary or "",
        testimony.narrative.text,
        " ".join(places),
        " ".join(people),
        " ".join(testimony.tags),
    )


def index_categories(db: Connection, testimony: Testimony, *, replacing: bool = True) -> None:
    """The COI categories of this version's incidents, for the category filter (``replacing``
    those indexed before, unless the caller knows there are none); of a strictly confidential
    version, none."""
    key = (str(testimony.id), testimony.version)
    if replacing:
        db.execute("DELETE FROM testimony_categories WHERE id = ? AND version = ?", key)
    if testimony.confidentiality is ConfidentialityLevel.STRICTLY_CONFIDENTIAL:
        # As for search (``_searched_text``): each opening of it is logged, and an unlogged
        # filter by category would tell what it records (E: arbitrary detention, torture...).
        # The filter reads the latest version's rows only, so a strictly confidential latest
        # version is not found, whatever an earlier one holds; migration 18 removed the rows
        # indexed before this rule.
        return
    categories = {incident.coi_category for incident in testimony.incidents}
    db.executemany(
        "INSERT INTO testimony_categories (id, version, category) VALUES (?, ?, ?)",
        [(*key, category) for category in sorted(categories)],
    )


def search_deletes_securely(db: Connection) -> None:
    """Make the search index forget a deleted row's words at once. FTS5 otherwise keeps them
    in its index segments until a merge, where whoever opens a purged laptop reads every word
    of the narrative. The option is kept in the index; turned on here for the first time,
    the index is rebuilt from the rows it holds, which drops what earlier deletes left."""
    row = db.execute("SELECT v FROM testimony_search_config WHERE k = 'secure-delete'").fetchone()
    if row is not None and int(row[0]) == 1:
        return
    db.execute("INSERT INTO testimony_search (testimony_search, rank) VALUES ('secure-delete', 1)")
    db.execute("INSERT INTO testimony_search (testimony_search) VALUES ('rebuild')")
