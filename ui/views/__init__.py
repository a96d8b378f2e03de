"""The screens the main window switches between."""
