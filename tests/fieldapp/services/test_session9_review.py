"""Review R1 of session 9: office withdrawals, withdrawal and vocabulary packs, purge.

Each test is a finding: one that still fails is a strict xfail naming the fix left; the others
were fixed in the product and hold it there. Real workspaces throughout (import_support).
"""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from fieldapp.domain import (
    ConsentRecord,
    Vocabulary,
    bundled_vocabularies,
    parse_vocabulary,
)
from fieldapp.domain.consent import ConsentScope
from fieldapp.domain.narrative import Narrative
from fieldapp.errors import PackRejectedError, ValidationFailedError
from fieldapp.services import audit, pack_writing, packs, receipts, records, vocabulary_packs
from fieldapp.services.office_withdrawals import consent_in_force, record_office_withdrawal
from fieldapp.sync.manifest import ManifestKind
from fieldapp.sync.vocabulary_pack import vocabulary_payload, vocabulary_payload_bytes
from fieldapp.workspace.vocabulary_state import stored_vocabularies
from tests.fieldapp.domain.factories import make_consent, make_scopes, make_testimony
from tests.fieldapp.workspace.support import stored_state

from .import_support import Archive, Device, withdraw
from .test_vocabulary_packs import vocabulary_file

ACTS = "act_types"
OFFICE = {"received_by": "Office, caseworker 02", "how_received": "phone"}


# --- vocabularies --------------------------------------------------------------------------------


def _acts_narrowed() -> Vocabulary:
    """The bundled act types, one version on, with ``forced_relocation`` no longer filed under
    B (the bundled file allows C and B): every code kept, one filing taken away."""
    acts = bundled_vocabularies()[ACTS]
    entries = tuple(
        entry.model_copy(update={"coi_categories": ("C",)})
        if entry.code == "forced_relocation"
        else entry
        for entry in acts.entries
    )
    assert entries != acts.entries
    return Vocabulary(
        vocabulary=ACTS, version=acts.version + 1, description=acts.description, entries=entries
    )


def test_a_newer_act_types_may_not_take_a_coi_category_from_an_act_type(
    hq: Archive, tmp_path: Path
) -> None:
    """An incident sealed as (forced_relocation, B) must stay valid for decades; a version that
    keeps every code but takes B from forced_relocation made it fail validation everywhere the
    new set is in force (the archive's imports, the laptop's export and editor)."""
    with pytest.raises(ValidationFailedError):
        bundled_vocabularies().updated_with(_acts_narrowed())
    before = stored_state(hq.ws.connection)
    (tmp_path / "files").mkdir()
    path = vocabulary_file(tmp_path / "files", _acts_narrowed())
    with pytest.raises(ValidationFailedError):
        vocabulary_packs.issue_vocabularies(hq.ws, [path], tmp_path / "files")
    assert stored_state(hq.ws.connection) == before


def test_the_laptop_refuses_a_signed_pack_that_takes_a_coi_category_away(
    hq: Archive, laptop: Device
) -> None:
    """The archive's own key signing such a pack (an archive that stored it before the rule)."""
    payload = vocabulary_payload_bytes(vocabulary_payload((_acts_narrowed(),)))
    sent = pack_writing.send_pack(
        hq.ws, laptop.fingerprint, ManifestKind.VOCABULARY, payload, laptop.usb
    )
    before = stored_state(laptop.ws.connection)
    with pytest.raises(PackRejectedError):
        packs.apply_pack(laptop.ws, sent.path)
    assert stored_state(laptop.ws.connection) == before
    assert stored_vocabularies(laptop.ws.connection) == []


@pytest.mark.parametrize("character", ["\x7f", "\x85", "\x9b"], ids=["DEL", "NEL", "CSI"])
def test_a_vocabulary_label_refuses_the_control_characters_a_short_text_refuses(
    character: str,
) -> None:
    """A label is shown in every drop-down; ShortText refuses C1 controls and DEL (NEL breaks a
    line, CSI starts a terminal escape in `testimony show`), a label did not."""
    entry = {"code": "forced_labour", "label": f"Forced{character}labour", "coi_categories": ["C"]}
    raw = json.dumps({"vocabulary": ACTS, "version": 9, "entries": [entry]}).encode()
    with pytest.raises(ValidationFailedError):
        parse_vocabulary(raw)


# --- office withdrawals --------------------------------------------------------------------------


def _sealed(device: Device, *, research: bool) -> tuple[UUID, ConsentRecord]:
    taken = datetime.now(UTC) - timedelta(days=2)
    testimony = make_testimony(started_at=taken, ended_at=taken + timedelta(hours=1))
    consent = make_consent(
        testimony_id=testimony.id,
        pseudonym=testimony.pseudonym,
        taken_at=taken,
        scopes=make_scopes(research=research),
    )
    records.create_testimony(device.ws, testimony, [consent])
    records.seal_testimony(device.ws, testimony.id)
    return testimony.id, consent


def test_a_withdrawal_refused_as_already_not_allowed_is_not_undone_by_a_late_version(
    hq: Archive, laptop: Device
) -> None:
    """Fixed (H9): recorded all the same, the uses already not allowed said in the result."""
    testimony_id, first = _sealed(laptop, research=False)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    # On the laptop, an hour before the witness calls the office, they agree to research.
    again = first.model_copy(
        update={
            "version": 2,
            "taken_at": datetime.now(UTC) - timedelta(hours=1),
            "scopes": make_scopes(research=True),
        }
    )
    records.add_consent(laptop.ws, again)
    # The call: "no research". The archive holds version 1 only, which said no already.
    recorded = record_office_withdrawal(hq.ws, testimony_id, [ConsentScope.RESEARCH], **OFFICE)
    assert recorded.already_not_allowed == (ConsentScope.RESEARCH,)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    in_force = consent_in_force(hq.ws, testimony_id)
    assert in_force.version == 2
    assert not in_force.allows(ConsentScope.RESEARCH)  # the witness's latest word


def test_a_fast_laptop_clock_does_not_undo_a_withdrawal_received_at_the_office(
    hq: Archive, laptop: Device
) -> None:
    """Fixed (H9): a version supersedes an office withdrawal only if taken after the laptop
    applied the pack telling it (its signed pack_apply event: one clock on both sides)."""
    testimony_id, first = _sealed(laptop, research=True)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    # On the laptop, whose clock runs an hour fast, the witness signs a fresh form (a version 2
    # with the same uses); a day later they call the office: "no research".
    records.add_consent(
        laptop.ws,
        first.model_copy(update={"version": 2, "taken_at": datetime.now(UTC) + timedelta(hours=1)}),
    )
    record_office_withdrawal(hq.ws, testimony_id, [ConsentScope.RESEARCH], **OFFICE)
    assert not consent_in_force(hq.ws, testimony_id).allows(ConsentScope.RESEARCH)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    assert not consent_in_force(hq.ws, testimony_id).allows(ConsentScope.RESEARCH)


# --- purge ---------------------------------------------------------------------------------------

INTERVIEWER = "Interviewer-marker-R1Q"
RESTRICTION = "restriction-marker-R1Q"


def test_purge_leaves_nothing_of_who_met_the_witness(hq: Archive, laptop: Device) -> None:
    testimony = make_testimony(interviewer=INTERVIEWER)
    consent = make_consent(
        testimony_id=testimony.id,
        pseudonym=testimony.pseudonym,
        taken_by=INTERVIEWER,
        restrictions=f"Not for the press: {RESTRICTION}",
    )
    records.create_testimony(laptop.ws, testimony, [consent])
    records.seal_testimony(laptop.ws, testimony.id)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    (pack,) = receipts.write_receipts(hq.ws, laptop.usb)
    packs.apply_pack(laptop.ws, pack.path)
    assert receipts.purge_archived(laptop.ws).testimonies == 1

    left = repr(stored_state(laptop.ws.connection))
    assert INTERVIEWER not in left
    assert RESTRICTION not in left


# --- the archive's audit -------------------------------------------------------------------------


def test_a_devices_withdrawal_deleted_on_the_archive_is_found(hq: Archive, laptop: Device) -> None:
    testimony_id, _ = _sealed(laptop, research=True)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    withdrawal = withdraw(laptop, testimony_id, ConsentScope.RESEARCH)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    assert not consent_in_force(hq.ws, testimony_id).allows(ConsentScope.RESEARCH)
    assert audit.verify_custody(hq.ws).intact

    hq.ws.connection.execute("DELETE FROM withdrawals WHERE id = ?", (str(withdrawal.id),))

    assert consent_in_force(hq.ws, testimony_id).allows(ConsentScope.RESEARCH)  # given back
    assert not audit.verify_custody(hq.ws).intact


WORD = "zqxwvmarkerword"
SECOND_WORD = "ywvuqsecondword"


def test_purge_leaves_no_word_of_the_testimony_in_the_search_index(
    hq: Archive, laptop: Device
) -> None:
    """FTS5 keeps a deleted row's words in its index segments (``testimony_search_data``) until
    they are merged, unless its ``secure-delete`` option is on: whoever opens the purged laptop
    read every word of the narrative there."""
    testimony = make_testimony(title=f"Title {WORD}", narrative=Narrative(text=f"It was {WORD}."))
    consent = make_consent(testimony_id=testimony.id, pseudonym=testimony.pseudonym)
    records.create_testimony(laptop.ws, testimony, [consent])
    records.seal_testimony(laptop.ws, testimony.id)
    kept = make_testimony(id=uuid4(), title=f"Kept {SECOND_WORD}")
    records.create_testimony(
        laptop.ws, kept, [make_consent(testimony_id=kept.id, pseudonym=kept.pseudonym)]
    )
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    (pack,) = receipts.write_receipts(hq.ws, laptop.usb)
    packs.apply_pack(laptop.ws, pack.path)
    assert receipts.purge_archived(laptop.ws).testimonies == 1

    state = stored_state(laptop.ws.connection)
    assert state["testimony_search_data"]  # the index is there, holding the kept testimony
    assert WORD.encode() not in repr(state).encode()
    assert SECOND_WORD.encode() in repr(state).encode()  # what is looked for can be seen
    assert [s.id for s in records.search_testimonies(laptop.ws, "Kept")] == [kept.id]

    # The next purge, with the option on already (no rebuild), forgets as much.
    records.seal_testimony(laptop.ws, kept.id)
    [report] = hq.import_(laptop.export())
    assert report.outcome == "imported", report.reason
    (pack,) = receipts.write_receipts(hq.ws, laptop.usb)
    packs.apply_pack(laptop.ws, pack.path)
    assert receipts.purge_archived(laptop.ws).testimonies == 1
    assert SECOND_WORD.encode() not in repr(stored_state(laptop.ws.connection)).encode()
    assert records.search_testimonies(laptop.ws, "Kept") == []
