"""The vocabulary pack's payload: newer versions of controlled vocabularies, from the archive.

Canonical JSON, ``{"format": "fieldapp-vocabulary/1", "vocabularies": [<Vocabulary>, ...]}``:
each a whole vocabulary (every code, not a difference), at most one per name, so that a device
that missed a pack still gets every code from the next. The payload names no device: what it
says is the same for all of them, and the pack around it is addressed, numbered in the
device's chain and signed by the coordinator.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from fieldapp.domain.base import DomainModel
from fieldapp.domain.canonical import canonical_bytes, parse_canonical
from fieldapp.domain.vocabulary import VOCABULARY_NAMES, Vocabulary
from fieldapp.errors import FieldappError, PackRejectedError

VOCABULARY_PACK_FORMAT = "fieldapp-vocabulary/1"
#: One of each vocabulary the program knows, at most.
MAX_PACK_VOCABULARIES = len(VOCABULARY_NAMES)
#: Checked before parsing. The bundled files together are about 20 KiB; nine vocabularies of
#: 2,000 entries with two 200-character labels each stay under 8 MiB.
MAX_VOCABULARY_PAYLOAD_BYTES = 8 * 1024 * 1024
REJECTED_VOCABULARY_PAYLOAD = "its vocabularies are damaged or it is not a vocabulary pack."


class VocabularyPayload(DomainModel):
    format: Literal["fieldapp-vocabulary/1"]
    vocabularies: Annotated[
        tuple[Vocabulary, ...], Field(min_length=1, max_length=MAX_PACK_VOCABULARIES)
    ]

    @model_validator(mode="after")
    def _names_unique(self) -> "VocabularyPayload":
        names = [v.vocabulary for v in self.vocabularies]
        if len(names) != len(set(names)):
            raise ValueError("names a vocabulary twice")
        return self


def vocabulary_payload(vocabularies: tuple[Vocabulary, ...]) -> VocabularyPayload:
    """The payload carrying ``vocabularies`` (sorted by name: one payload per set)."""
    ordered = tuple(sorted(vocabularies, key=lambda v: v.vocabulary))
    return VocabularyPayload(format=VOCABULARY_PACK_FORMAT, vocabularies=ordered)


def vocabulary_payload_bytes(payload: VocabularyPayload) -> bytes:
    return canonical_bytes(payload)


def parse_vocabulary_payload(raw: bytes) -> VocabularyPayload:
    """The payload from its canonical bytes; ``PackRejectedError`` for anything else."""
    if len(raw) > MAX_VOCABULARY_PAYLOAD_BYTES:
        raise PackRejectedError(REJECTED_VOCABULARY_PAYLOAD)
    try:
        return parse_canonical(VocabularyPayload, raw)
    except FieldappError as error:
        raise PackRejectedError(REJECTED_VOCABULARY_PAYLOAD) from error
