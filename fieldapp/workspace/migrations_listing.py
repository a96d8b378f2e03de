"""Migrations 16 onwards: the testimony list, its search and its filters.

Indexes that let a page of the list, a count by category and the witness orders read an index
rather than sort every testimony, and what a strictly confidential testimony shows to search
and to the category filter. ``migrations`` runs them in order. Never edit one: workspaces ran
them; add the next migration.
"""

# Version 16: the list's order ends in the id, and so do its indexes. A page of the newest (or
# oldest) testimonies, alone or of one status, was sorted from every row sharing its first
# start time: at a million testimonies, with ~1,500 interviews starting in one quarter hour,
# 20 ms a page for the list and 50 ms with "may be used for", where walking the index is 0.02.
# The id decides between equal start times in the direction of the time (both descending for
# the newest), so one index read forwards or backwards gives either order whole.
V16 = """
DROP INDEX testimonies_by_date;
CREATE INDEX testimonies_by_date ON testimonies (is_latest, started_at, id);
DROP INDEX testimonies_by_status;
CREATE INDEX testimonies_by_status ON testimonies (is_latest, status, started_at, id);
"""

# Version 17: a strictly confidential testimony is searched by what the list shows of it, its
# title and interviewer (``testimony_index.index_text``): each opening of it is logged, and an
# unlogged search told whether a word was in its narrative. Its row in the index is rewritten
# so. The level is read from the body (left out of the canonical JSON at its default, strictly
# confidential); only rows the index holds are touched (latest versions; a purged body is
# empty). The old words must leave the index's segments too, not only stop matching, and so
# must those of every earlier delete (each save of a draft re-indexed it): the index is rebuilt
# from its content. ``secure-delete`` (on where a purge turned it on) is off meanwhile and put
# back after, in ``meta`` between: the rebuild drops every deleted word at once, where a secure
# delete of each row would search the segments for each of its words (100,000 demo testimonies,
# half strictly confidential: 6 s against 74 s).
#: Whether the row ``t`` of ``testimonies`` holds a strictly confidential version: the level is
#: left out of the canonical JSON at its default, strictly confidential; a purged row (its body
#: emptied) is not. Migrations 17 and 18 read it; its text must stay what they ran.
_STRICTLY_CONFIDENTIAL_ROW = (
    "CASE WHEN length(t.body) = 0 THEN 0"
    " ELSE coalesce(json_extract(CAST(t.body AS TEXT), '$.confidentiality'),"
    " 'strictly_confidential') = 'strictly_confidential' END"
)
V17 = f"""
INSERT INTO meta (key, value) SELECT 'migration_17_secure_delete', CAST(v AS TEXT)
    FROM testimony_search_config WHERE k = 'secure-delete';
INSERT INTO testimony_search (testimony_search, rank) VALUES ('secure-delete', 0);
UPDATE testimony_search SET summary = '', narrative = '', places = '', tags = '',
    people = (SELECT t.interviewer FROM testimonies t WHERE t.rowid = testimony_search.rowid)
WHERE rowid IN (
    SELECT t.rowid FROM testimony_search s JOIN testimonies t ON t.rowid = s.rowid
    WHERE {_STRICTLY_CONFIDENTIAL_ROW}
);
INSERT INTO testimony_search (testimony_search) VALUES ('rebuild');
INSERT INTO testimony_search (testimony_search, rank) SELECT 'secure-delete', 1
    FROM meta WHERE key = 'migration_17_secure_delete' AND value = '1';
DELETE FROM meta WHERE key = 'migration_17_secure_delete';
"""  # noqa: S608 - a fixed fragment, no value

# Version 18: a strictly confidential testimony is not found by category either
# (``testimony_index.index_categories``): each opening of it is logged, and an unlogged filter
# told what kind of violation it records. The filter reads the latest version's rows only; the
# rows of every strictly confidential version are removed, so that none is left to be found
# should the filter ever read more. Purged testimonies have none (a purge removed them).
V18 = f"""
DELETE FROM testimony_categories WHERE EXISTS (
    SELECT 1 FROM testimonies t
    WHERE t.id = testimony_categories.id AND t.version = testimony_categories.version
        AND {_STRICTLY_CONFIDENTIAL_ROW}
);
"""  # noqa: S608 - a fixed fragment, no value

# Version 19: a count by category reads two indexes alone, in the order of the ids. The
# category's rows come in the testimonies' id order (so each look-up of its testimony lands
# beside the one before), and whether a version is the latest is in an index of the latest
# versions with their status (the list's filter), not in the row (whose body makes every row a
# page of its own; ``testimony_queries.count_query`` names the index). 100,000 synthetic
# testimonies of 3 KiB, the commonest category (35,000): 405 ms a count before, 9 ms after;
# the indexes took 0.9 s to build (the table is read once).
V19 = """
DROP INDEX categories_by_code;
CREATE INDEX categories_by_code ON testimony_categories (category, id, version);
CREATE INDEX latest_versions ON testimonies (id, version, status) WHERE is_latest = 1;
"""

# Version 20: the witness orders walk an index, as the date orders do since 16: the list sorted
# by witness read and sorted every latest testimony for each page (``testimonies_by_pseudonym``
# has no ``is_latest`` and no order for the ties: newest first, then the id). Z to A is the
# exact reverse, the same index walked backwards; the old index stays for the look-ups of a
# witness's testimonies.
V20 = """
CREATE INDEX testimonies_by_witness ON testimonies (is_latest, pseudonym, started_at DESC, id);
"""
