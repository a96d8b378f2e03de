"""The PySide6 desktop app: calls ``fieldapp.services`` only, never storage or crypto."""
