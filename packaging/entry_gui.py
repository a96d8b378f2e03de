"""The frozen ``fieldapp-gui`` executable's script (PyInstaller takes files, not entry points)."""

import sys

from ui.app import main

sys.exit(main())
