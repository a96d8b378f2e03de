"""The bundled vocabulary files (JSON), read through importlib.resources; no code lives here."""
