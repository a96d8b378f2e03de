"""The testimony editor."""

from ui.views.editor.editor import TestimonyEditor

__all__ = ["TestimonyEditor"]
