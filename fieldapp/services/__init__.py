"""The use cases, called by the CLI and the desktop app; they know nothing of either."""
