"""The frozen ``fieldapp`` executable's script (PyInstaller needs a file, not an entry point)."""

from fieldapp.cli import run

run()
