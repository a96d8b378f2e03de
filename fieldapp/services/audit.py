"""Checking the workspace: its custody chain, and every page of its encrypted database."""

from fieldapp.workspace import Workspace
from fieldapp.workspace.custody import ChainReport, stored_events, verify_chain
from fieldapp.workspace.database import damaged_pages


def verify_custody(ws: Workspace) -> ChainReport:
    """Walk the chain from its first event; the report names the first broken link.

    A chain proves nothing about events cut from its end: the head is anchored elsewhere,
    in the manifest of every bundle the device exports.
    """
    return verify_chain(stored_events(ws.connection), [ws.public_key])


def check_database(ws: Workspace) -> list[str]:
    """SQLCipher's per-page MAC check of the whole file: damage in pages no read has touched."""
    return damaged_pages(ws.connection)
