"""The encrypted workspace: key hierarchy, SQLCipher store, blob store and custody log."""

from fieldapp.workspace.layout import WorkspaceLayout, default_workspace_dir
from fieldapp.workspace.repository import Repository
from fieldapp.workspace.testimony_queries import (
    TestimonyFilter,
    TestimonyOrder,
    TestimonySummary,
)
from fieldapp.workspace.workspace import Role, Workspace

__all__ = [
    "Repository",
    "Role",
    "TestimonyFilter",
    "TestimonyOrder",
    "TestimonySummary",
    "Workspace",
    "WorkspaceLayout",
    "default_workspace_dir",
]
