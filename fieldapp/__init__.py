"""fieldapp: secure offline collection of human-rights testimonies, without a screen.

Domain models and rules (``fieldapp.domain``), the encrypted workspace, bundles and packs, the
services and the CLI. Nothing in this package imports Qt or ``ui``.
"""
