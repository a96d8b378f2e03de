"""The vocabularies a workspace holds beyond the bundled files, and the set they put in force.

One row per vocabulary name: the newest version the workspace took (on a device from a
vocabulary pack, on the archive as the coordinator issued it), as its canonical JSON. The rows
are read at every unlock (``Workspace``), so the bytes are parsed strictly again: a row is never
trusted more than a pack would be.
"""

from fieldapp.domain.canonical import canonical_bytes, parse_canonical
from fieldapp.domain.vocabulary import Vocabularies, Vocabulary, bundled_vocabularies
from fieldapp.errors import FieldappError
from fieldapp.workspace.database import Connection


def stored_vocabularies(connection: Connection) -> list[Vocabulary]:
    """Every vocabulary stored here, by name; a row that no longer parses is left out."""
    found = []
    for (body,) in connection.execute("SELECT body FROM vocabularies ORDER BY name"):
        try:
            found.append(parse_canonical(Vocabulary, bytes(body)))
        except FieldappError:
            continue  # written by this program after checking; damage must not stop an unlock
    return found


def store_vocabulary(connection: Connection, vocabulary: Vocabulary) -> None:
    """Keep ``vocabulary`` as this workspace's version of it (inside the caller's transaction;
    the caller has checked it with ``Vocabularies.updated_with``)."""
    connection.execute(
        "INSERT INTO vocabularies (name, version, body) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET version = excluded.version, body = excluded.body",
        (vocabulary.vocabulary, vocabulary.version, canonical_bytes(vocabulary)),
    )


def vocabularies_in_force(connection: Connection) -> Vocabularies:
    """The bundled set with each stored vocabulary taken in (``Vocabularies.taking_in``).

    Never raises for what is stored: an unlock must not fail on a vocabulary. One that cannot
    be taken in (it would make the set inconsistent) is left out.
    """
    vocabularies = bundled_vocabularies()
    for stored in stored_vocabularies(connection):
        try:
            vocabularies = vocabularies.taking_in(stored)
        except (FieldappError, ValueError):  # ValueError: pydantic's (a union over the cap)
            continue
    return vocabularies
