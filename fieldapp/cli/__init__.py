"""The command-line interface."""

from fieldapp.cli.main import main, run

__all__ = ["main", "run"]
