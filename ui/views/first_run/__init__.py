"""The first-run set-up wizard."""

from ui.views.first_run.wizard import FirstRunWizard

__all__ = ["FirstRunWizard"]
