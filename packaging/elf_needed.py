"""The libraries an ELF file names as NEEDED, read from its dynamic section.

The build drops some of what PyInstaller's Qt hooks collect (build_manifest.DROPPED_FILE_PATTERN);
``build_manifest.unresolved_libraries`` reads every shipped library's NEEDED list with this, so
that dropping a file another one links against fails the build instead of a laptop's start.
Read without binutils, so that the check and its tests need no tool the machine may lack.
"""

import struct
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
_ELFCLASS64 = 2
_LITTLE_ENDIAN = 1
_SHT_DYNAMIC = 6
_DT_NULL = 0
_DT_NEEDED = 1
_SECTION_HEADER = struct.Struct("<IIQQQQIIQQ")
_DYNAMIC_ENTRY = struct.Struct("<qQ")


class NotElfError(ValueError):
    """Not a 64-bit little-endian ELF file (the laptops are x86-64 or arm64)."""


def is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == ELF_MAGIC


def needed(path: Path) -> list[str]:
    """The NEEDED entries of ``path``, in order; [] for a file with no dynamic section."""
    with path.open("rb") as file:
        ident = file.read(16)
        if ident[:4] != ELF_MAGIC or ident[4] != _ELFCLASS64 or ident[5] != _LITTLE_ENDIAN:
            raise NotElfError(str(path))
        file.seek(0x28)
        (section_offset,) = struct.unpack("<Q", file.read(8))
        file.seek(0x3A)
        entry_size, count = struct.unpack("<HH", file.read(4))
        sections = []
        for index in range(count):
            file.seek(section_offset + index * entry_size)
            sections.append(_SECTION_HEADER.unpack(file.read(_SECTION_HEADER.size)))
        names = []
        for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
            if kind != _SHT_DYNAMIC:
                continue
            strings = sections[link]
            file.seek(strings[4])
            table = file.read(strings[5])
            file.seek(offset)
            dynamic = file.read(size)
            for tag, value in _DYNAMIC_ENTRY.iter_unpack(dynamic):
                if tag == _DT_NULL:
                    break
                if tag == _DT_NEEDED:
                    names.append(table[value : table.index(b"\0", value)].decode())
        return names
