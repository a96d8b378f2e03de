"""Released migrations never change, not by one character: workspaces in the field ran them, and
a later edit would leave those and new ones with different schemas under one version number.

Each migration's SHA-256 is pinned as released. Moving the SQL between modules
(``migrations_crossing``, ``migrations_listing``) must leave every digest as it is; a new
migration adds a line here.
"""

import hashlib

from fieldapp.workspace.migrations import MIGRATIONS

RELEASED = (
    "84c0cd580cb423011ca819aead12e0b3717a9c3b580a6a0d7d6efbbcabb10592",  # 1
    "9a2ad27b774df8d6ee42789a999e2ff7f403ac4da3054a94c11edda1611e5c3e",  # 2
    "325f3fbff4112f61ca4dcdc983758c3cd973dbac1928347b3ea6786beba7171a",  # 3
    "4aebe3ccfd006930040da8eb678b43d4684eebaad8dc9b25293830378b5b87c9",  # 4
    "8448e33b7bb34b70883f61498e8636cf903e54247c14f2b0df58cf8b01ee5299",  # 5
    "d52ab9ac29db95ec40d8f07b0c7f41dd2fd0fd9dcf976733e684d5f99a2ec2cd",  # 6
    "59602b36c606ef23543d05d437589c386c36120b683ef1eb42ba99fdf34a2106",  # 7
    "8b5feef5e22d8606a19c518fca22d9c3065746fa664a81eb5286dde524abf375",  # 8
    "863bd27d2f839ad7a25a3b6b56d0d01ae69372401ed38b2974fd6e7703f15692",  # 9
    "a13057f60f9ad05426a1d7949993aa2001cfb5eacc7ef2763f2f584d96b46a84",  # 10
    "7436d5703ff5f0163c5b105891d02c1e156f3f1e309b8a25b22fb5fdcd2a4c03",  # 11
    "5aafdeb8ad406d2c028a0a910a6000769f48cdee839489a8bfa0ef605274fb83",  # 12
    "1717369a406e92d1a346d6a797dcf8133d30cae10863ce98fa0c32e53f47cb13",  # 13
    "ba2804b812aaf68e161fb989a432d7ca7dc50811cb5ef1eca189fbb7a1aa841b",  # 14
    "c91ea69dfb376147e91470c4fbecfb4f90d0ef618d9d4b6b5a23d0deea1ce09c",  # 15
    "cae9c6fd68028eba62cf15d71247808c30697be0b3264fb2245e2ee46a9ad4bb",  # 16
    "eee5cbbfcf94d069b9996bb81df50b6e3f6b70449f6b0d8732d0e690cf309f47",  # 17
    "f6fe9296c08764748b0ce1d7201542c7cdddfe4faba3f29c8e6d2f792f004b15",  # 18
    "0338387983c7c9e28f9d0f339863f4bd0a7cae5de25c8bbf931d320529c2fb08",  # 19
    "cef711b036561673d645b08039415690bcaaf0558085ab9d450d171300779c9e",  # 20
)


def test_every_released_migration_is_unchanged() -> None:
    digests = [hashlib.sha256(text.encode()).hexdigest() for text in MIGRATIONS]
    # A dropped migration shortens the list and fails here too.
    assert digests[: len(RELEASED)] == list(RELEASED)
