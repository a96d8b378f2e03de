"""Checking the workspace's custody chain: every event in order, linked and signed."""

from fieldapp.workspace import Workspace
from fieldapp.workspace.custody import ChainReport, stored_events, verify_chain


def verify_custody(ws: Workspace) -> ChainReport:
    """Walk the chain from its first event; the report names the first broken link."""
    return verify_chain(stored_events(ws.connection), [ws.public_key])
