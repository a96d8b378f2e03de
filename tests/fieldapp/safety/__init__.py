"""Whole-system safety properties: no plaintext on disk, nothing lost or half-written on a crash."""
