"""A demo corpus: clearly fictional testimonies, consents, identities and attachments.

For newcomers trying the program, for screenshots and for benchmarks; never for real work.
"""

from fieldapp.demo.audio import fake_scan_png, tone_wav
from fieldapp.demo.corpus import DemoAttachment, DemoRecord, generate

__all__ = ["DemoAttachment", "DemoRecord", "fake_scan_png", "generate", "tone_wav"]
