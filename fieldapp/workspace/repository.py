"""Records in, records out: the one place that knows how the domain is stored in SQLCipher.

Every record is kept as its canonical JSON (the same bytes that are hashed, signed and exported)
beside a few plain columns for filtering. Nothing above this module writes SQL, so an archive that
outgrows one workstation can move to another store by replacing this file alone (with
``consent_rows``, the consent records' part of this class; ``testimony_index``, the indexes kept
beside testimony rows; and ``testimony_queries``, which reads the lists and searches).
"""

import re
from collections.abc import Iterable
from uuid import UUID

from fieldapp.domain import (
    Attachment,
    RecordStatus,
    Testimony,
    WitnessIdentity,
    can_transition,
    canonical_bytes,
    content_hash,
    mark_exported,
    parse_canonical,
    validate_model_json,
)
from fieldapp.errors import (
    InvalidTransitionError,
    RecordNotFoundError,
    RecordPurgedError,
    RecordSealedError,
    ValidationFailedError,
)
from fieldapp.workspace import testimony_index, testimony_queries
from fieldapp.workspace.consent_rows import ConsentRows
from fieldapp.workspace.database import Connection
from fieldapp.workspace.export_state import IDENTITY_UNDELIVERED
from fieldapp.workspace.testimony_queries import (
    NO_FILTER,
    TestimonyFilter,
    TestimonySummary,
    time_text,
)

# A typed id prefix: hex and dashes only, so nothing in it can act as a LIKE wildcard.
_ID_PREFIX = re.compile(r"[0-9a-fA-F-]{1,36}")
# A testimony's status member in its canonical bytes, before and after export.
_SEALED_MEMBER = f'"status":"{RecordStatus.SEALED.value}"'.encode()
_EXPORTED_MEMBER = f'"status":"{RecordStatus.EXPORTED.value}"'.encode()


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
NOT_CANONICAL = "The testimony is not in canonical form; it may have been altered."


class Repository(ConsentRows):
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    # -- meta and device keys --------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def save_device_key(self, purpose: str, private_key: str, public_key: str) -> None:
        self._db.execute(
            "INSERT INTO device_keys (purpose, private_key, public_key) VALUES (?, ?, ?)",
            (purpose, private_key, public_key),
        )

    def device_key(self, purpose: str) -> tuple[str, str]:
        row = self._db.execute(
            "SELECT private_key, public_key FROM device_keys WHERE purpose = ?", (purpose,)
        ).fetchone()
        if row is None:
            raise RecordNotFoundError(f"The workspace has no {purpose} key.")
        return row[0], row[1]

    # -- testimonies -----------------------------------------------------------------------
    def save_testimony(
        self,
        testimony: Testimony,
        *,
        first_of_its_id: bool = False,
        encoded: tuple[bytes, str] | None = None,
    ) -> None:
        """Insert a new version, or update one in place while its content may still change.

        ``first_of_its_id``: the caller knows the workspace holds no version of this testimony
        (an archive's import, for one it never held): the lookups and index updates only a held
        version could need are skipped (five statements of nine, thousands of times a bundle).
        ``encoded``: its canonical bytes and content hash, when the caller has them already
        (``lifecycle.archived_encoded``)."""
        body, digest = encoded if encoded is not None else (None, content_hash(testimony))
        if first_of_its_id:
            self._insert_row(testimony, digest, latest=True, body=body)
            testimony_index.index_categories(self._db, testimony, replacing=False)
            return
        key = (str(testimony.id), testimony.version)
        existing = self._db.execute(
            "SELECT rowid, status, content_hash FROM testimonies WHERE id = ? AND version = ?",
            key,
        ).fetchone()
        if existing is not None:
            rowid, status, stored_hash = existing
            # Below the domain's rules, a second guard: once sealed, the content is fixed and
            # the status may only move on along the record's life.
            stored = RecordStatus(status)
            if stored is not RecordStatus.DRAFT and (
                stored_hash != digest
                or not (testimony.status is stored or can_transition(stored, testimony.status))
            ):
                raise RecordSealedError()
            # Past a draft only the status changes (the content hash is checked equal above),
            # so the search text and the categories, made from the content, stay as they are:
            # exporting or archiving many records does not re-index each one.
            content_fixed = stored is not RecordStatus.DRAFT
            self._update_testimony(rowid, testimony, digest, reindex=not content_fixed, body=body)
            if content_fixed:
                return
        else:
            self._insert_testimony(testimony, digest, body)
        testimony_index.index_categories(self._db, testimony)

    def _insert_testimony(self, testimony: Testimony, digest: str, body: bytes | None) -> None:
        later = self._db.execute(
            "SELECT 1 FROM testimonies WHERE id = ? AND version > ? LIMIT 1",
            (str(testimony.id), testimony.version),
        ).fetchone()
        # An earlier version arriving after a later one (an archive given a lost bundle's
        # records late) is stored as it is, never as the latest, and is not searched.
        latest = later is None
        if latest:
            # The index holds latest versions only: the one this replaces leaves it (it need
            # not be version - 1 when the version between was lost on the way to an archive).
            self._db.execute(
                "DELETE FROM testimony_search WHERE rowid IN (SELECT rowid FROM testimonies"
                " WHERE id = ? AND +is_latest = 1)",
                (str(testimony.id),),
            )
            self._db.execute(
                "UPDATE testimonies SET is_latest = 0 WHERE id = ? AND +is_latest = 1",
                (str(testimony.id),),
            )
        self._insert_row(testimony, digest, latest=latest, body=body)

    def _insert_row(
        self, testimony: Testimony, digest: str, *, latest: bool, body: bytes | None = None
    ) -> None:
        cursor = self._db.execute(
            "INSERT INTO testimonies (id, version, status, is_latest, pseudonym, interviewer,"
            " started_at, title, content_hash, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(testimony.id),
                testimony.version,
                testimony.status.value,
                int(latest),
                testimony.pseudonym,
                testimony.interviewer,
                time_text(testimony.started_at),
                testimony.title,
                self._sealed_hash(testimony, digest),
                canonical_bytes(testimony) if body is None else body,
            ),
        )
        if latest:
            testimony_index.index_text(self._db, cursor.lastrowid, testimony)

    def _update_testimony(
        self,
        rowid: int,
        testimony: Testimony,
        digest: str,
        *,
        reindex: bool,
        body: bytes | None = None,
    ) -> None:
        self._db.execute(
            "UPDATE testimonies SET status = ?, pseudonym = ?, interviewer = ?, started_at = ?,"
            " title = ?, content_hash = ?, body = ? WHERE rowid = ?",
            (
                testimony.status.value,
                testimony.pseudonym,
                testimony.interviewer,
                time_text(testimony.started_at),
                testimony.title,
                self._sealed_hash(testimony, digest),
                canonical_bytes(testimony) if body is None else body,
                rowid,
            ),
        )
        if reindex:
            self._db.execute("DELETE FROM testimony_search WHERE rowid = ?", (rowid,))
            testimony_index.index_text(self._db, rowid, testimony)

    def mark_testimonies_exported(self, keys: Iterable[tuple[UUID, int]]) -> None:
        """Move these sealed versions (id, version) on to ``exported``: what
        ``save_testimony(mark_exported(get_testimony(id, version)))`` does for each, for the
        thousands of versions an export commits at once.

        Only the status changes, so the content hash fixed at sealing is kept (the status is
        not part of it) and the search text and categories stay as they are. Each body is
        parsed and encoded once. InvalidTransitionError if a version is not sealed
        (RecordNotFoundError, RecordPurgedError if it is gone), before anything is written.
        """
        updates = []
        for testimony_id, version in keys:
            row = self._db.execute(
                "SELECT rowid, status, body FROM testimonies WHERE id = ? AND version = ?",
                (str(testimony_id), version),
            ).fetchone()
            if row is None:
                raise RecordNotFoundError()
            rowid, status, body = row
            if not body:
                raise RecordPurgedError()
            # The column is what save_testimony guards on; the body's own status is checked by
            # the domain's rule (mark_exported) as the body is encoded again.
            if not can_transition(RecordStatus(status), RecordStatus.EXPORTED):
                raise InvalidTransitionError(f"A {status} record cannot become exported.")
            updates.append((RecordStatus.EXPORTED.value, _exported_body(bytes(body)), rowid))
        self._db.executemany("UPDATE testimonies SET status = ?, body = ? WHERE rowid = ?", updates)

    @staticmethod
    def _sealed_hash(testimony: Testimony, digest: str) -> str | None:
        return None if testimony.status is RecordStatus.DRAFT else digest

    def purge_testimony(self, testimony_id: UUID, status: RecordStatus) -> None:
        """Erase every version's content, keeping id, versions, status and content hashes.

        The interviewer's name and the interview's start are content too: with the pseudonym
        they would tell whoever takes the laptop who met a witness, and when."""
        key = (str(testimony_id),)
        testimony_index.search_deletes_securely(self._db)
        self._db.execute(
            "DELETE FROM testimony_search WHERE rowid IN (SELECT rowid FROM testimonies"
            " WHERE id = ?)",
            key,
        )
        self._db.execute(
            "UPDATE testimonies SET status = ?, body = X'', title = '', interviewer = '',"
            " started_at = '' WHERE id = ?",
            (status.value, *key),
        )
        self._db.execute("DELETE FROM testimony_categories WHERE id = ?", key)
        self._db.execute("DELETE FROM attachments WHERE testimony_id = ?", key)

    def delete_unneeded_identities(self) -> int:
        """Remove identities no longer needed: every testimony of the witness is purged, and no
        version of the witness's identity is still on its way to the custodian (a correction
        saved after the last export, or one whose bundle no receipt has named yet)."""
        cursor = self._db.execute(
            "DELETE FROM identities WHERE pseudonym NOT IN"  # noqa: S608
            " (SELECT pseudonym FROM testimonies WHERE status != 'purged')"
            " AND pseudonym NOT IN (SELECT i.pseudonym FROM identities i"
            f" WHERE {IDENTITY_UNDELIVERED})"
        )
        return int(cursor.rowcount)

    def get_testimony(self, testimony_id: UUID, version: int | None = None) -> Testimony:
        if version is None:
            row = self._db.execute(
                "SELECT body FROM testimonies WHERE id = ? AND +is_latest = 1",
                (str(testimony_id),),
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT body FROM testimonies WHERE id = ? AND version = ?",
                (str(testimony_id), version),
            ).fetchone()
        if row is None:
            raise RecordNotFoundError()
        if not row[0]:
            raise RecordPurgedError()
        return parse_canonical(Testimony, row[0])

    def testimony_versions(self, testimony_id: UUID) -> list[Testimony]:
        rows = self._db.execute(
            "SELECT body FROM testimonies WHERE id = ? ORDER BY version", (str(testimony_id),)
        )
        return [parse_canonical(Testimony, body) for (body,) in rows]

    def testimony_exists(self, testimony_id: UUID) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM testimonies WHERE id = ? LIMIT 1", (str(testimony_id),)
        ).fetchone()
        return row is not None

    def find_testimony_ids(self, prefix: str) -> list[UUID]:
        """Ids starting with ``prefix`` (the CLI accepts a short id, as git does)."""
        if not _ID_PREFIX.fullmatch(prefix):
            return []
        pattern = prefix.lower() + "%"
        rows = self._db.execute(
            "SELECT DISTINCT id FROM testimonies WHERE id LIKE ? LIMIT 2", (pattern,)
        )
        return [UUID(row[0]) for row in rows]

    # -- lists and searches (testimony_queries) ---------------------------------------------
    def list_testimonies(self, filters: TestimonyFilter = NO_FILTER) -> list[TestimonySummary]:
        return testimony_queries.list_testimonies(self._db, filters)

    def count_testimonies(self, filters: TestimonyFilter = NO_FILTER) -> int:
        return testimony_queries.count_testimonies(self._db, filters)

    def search(self, text: str, filters: TestimonyFilter = NO_FILTER) -> list[TestimonySummary]:
        """Latest versions matching every word of ``text`` (as prefixes), best first."""
        return testimony_queries.search(self._db, text, filters)

    def pseudonyms(self) -> set[str]:
        rows = self._db.execute("SELECT DISTINCT pseudonym FROM testimonies")
        return {row[0] for row in rows}

    # -- identities ------------------------------------------------------------------------
    def save_identity(self, identity: WitnessIdentity) -> None:
        self._db.execute(
            "INSERT INTO identities (pseudonym, version, body) VALUES (?, ?, ?)",
            (identity.pseudonym, identity.version, canonical_bytes(identity)),
        )

    def identity_versions(self, pseudonym: str) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM identities WHERE pseudonym = ?", (pseudonym,)
        ).fetchone()
        return int(row[0])

    def identity(self, pseudonym: str) -> WitnessIdentity | None:
        row = self._db.execute(
            "SELECT body FROM identities WHERE pseudonym = ? ORDER BY version DESC LIMIT 1",
            (pseudonym,),
        ).fetchone()
        return parse_canonical(WitnessIdentity, row[0]) if row else None

    # -- attachments -----------------------------------------------------------------------
    def add_attachment(
        self, attachment: Attachment, blob_name: str, body: bytes | None = None
    ) -> None:
        self._db.execute(
            "INSERT INTO attachments (id, testimony_id, blob_name, body) VALUES (?, ?, ?, ?)",
            (
                str(attachment.id),
                str(attachment.testimony_id),
                blob_name,
                canonical_bytes(attachment) if body is None else body,
            ),
        )

    def attachments_for(self, testimony_id: UUID) -> list[tuple[Attachment, str]]:
        rows = self._db.execute(
            "SELECT body, blob_name FROM attachments WHERE testimony_id = ? ORDER BY rowid",
            (str(testimony_id),),
        )
        return [(parse_canonical(Attachment, body), name) for body, name in rows]

    def attachment(self, attachment_id: UUID) -> tuple[Attachment, str]:
        row = self._db.execute(
            "SELECT body, blob_name FROM attachments WHERE id = ?", (str(attachment_id),)
        ).fetchone()
        if row is None:
            raise RecordNotFoundError()
        return parse_canonical(Attachment, row[0]), row[1]

    def blob_names(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT blob_name FROM attachments")}


def _exported_body(stored: bytes) -> bytes:
    """The canonical bytes of a sealed testimony's stored body with its status ``exported``.

    They must be ``stored`` with the status member alone changed: otherwise the stored body was
    not the canonical form of the record it holds (what ``parse_canonical`` refuses, repeated
    keys included), and writing it again would change more than the status. Swapping the member
    back checks that without encoding the record a second time. The member occurs once: no
    record inside a testimony has a status, and a string's quotes are escaped.
    """
    sealed = validate_model_json(Testimony, stored, repeated_keys_checked_later=True)
    body = canonical_bytes(mark_exported(sealed))
    if body.replace(_EXPORTED_MEMBER, _SEALED_MEMBER) != stored:
        raise ValidationFailedError(NOT_CANONICAL)
    return body
