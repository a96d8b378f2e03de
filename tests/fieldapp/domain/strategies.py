"""Hypothesis strategies for valid domain records, for round-trip and property tests."""

from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

from fieldapp.domain import (
    AnonymityWish,
    ApproxDate,
    Attachment,
    AttachmentKind,
    ConfidentialityLevel,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    ContactKind,
    ContactPoint,
    CountPrecision,
    CustodyEvent,
    CustodyKind,
    ExplainedTopic,
    FamilyMember,
    Incident,
    KnownPlace,
    MinorConsent,
    Narrative,
    PlaceKind,
    PublicPlace,
    RecordRef,
    RecordStatus,
    RedactionKind,
    RedactionSpan,
    ScopeDecisions,
    Testimony,
    VictimCount,
    WithdrawalChannel,
    WitnessIdentity,
    bundled_vocabularies,
    new_pseudonym,
)
from fieldapp.domain.attachment import MAX_ATTACHMENT_BYTES
from fieldapp.domain.custody import BUNDLE_KINDS, GENESIS_PREV_HASH

# Letters of several scripts, digits, punctuation and spaces, but no control characters.
_TEXT_ALPHABET = st.characters(
    codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x85\xa0"
)


def vocab_code(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(bundled_vocabularies()[name].codes()))


def short_text() -> st.SearchStrategy[str]:
    # Models strip whitespace; generate text that is already stripped so it round-trips as is.
    return st.text(_TEXT_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)


def long_text() -> st.SearchStrategy[str]:
    line = st.text(_TEXT_ALPHABET, max_size=60)
    return st.lists(line, min_size=1, max_size=4).map("\n".join).map(str.strip).filter(bool)


def aware_datetimes() -> st.SearchStrategy[datetime]:
    offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
    return st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=offsets
    )


def sha256_hex() -> st.SearchStrategy[str]:
    return st.binary(min_size=32, max_size=32).map(bytes.hex)


def fingerprints() -> st.SearchStrategy[str]:
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return st.text(b64, min_size=43, max_size=43).map(lambda s: "SHA256:" + s)


def pseudonyms() -> st.SearchStrategy[str]:
    return st.builds(new_pseudonym)


@st.composite
def approx_dates(draw: st.DrawFn) -> ApproxDate:
    day = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31)))
    precision = draw(st.sampled_from(["exact", "month", "year", "estimate"]))
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return ApproxDate(value=day, precision=precision)


@st.composite
def narratives(draw: st.DrawFn, *, text: st.SearchStrategy[str] | None = None) -> Narrative:
    body = draw(text if text is not None else st.text(_TEXT_ALPHABET | st.just("\n"), max_size=200))
    cuts = sorted(draw(st.sets(st.integers(0, len(body)), max_size=8)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end:
            spans.append(
                RedactionSpan(start=start, end=end, kind=draw(st.sampled_from(RedactionKind)))
            )
    return Narrative(text=body, redactions=tuple(draw(st.permutations(spans))))


@st.composite
def incidents(draw: st.DrawFn) -> Incident:
    act = draw(vocab_code("act_types"))
    start = draw(approx_dates())
    end = draw(st.none() | approx_dates().filter(lambda d: d.latest() >= start.earliest()))
    in_dprk = draw(st.booleans())
    place = PublicPlace(
        country="KP" if in_dprk else draw(st.sampled_from(["CN", "RU", "JP"])),
        province=draw(st.none() | vocab_code("dprk_provinces")) if in_dprk else None,
    )
    return Incident(
        id=draw(st.uuids()),
        act_type=act,
        coi_category=draw(st.sampled_from(bundled_vocabularies().coi_categories_of(act))),
        date_start=start,
        date_end=end,
        place_public=place,
        place_exact=draw(st.none() | short_text()),
        perpetrator_type=draw(vocab_code("perpetrator_types")),
        perpetrator_unit=draw(st.none() | short_text()),
        victims=draw(
            st.none()
            | st.builds(
                VictimCount, value=st.integers(1, 5000), precision=st.sampled_from(CountPrecision)
            )
        ),
        source_connection=draw(vocab_code("source_connection")),
        reliability=draw(vocab_code("reliability")),
        summary=draw(st.none() | long_text()),
    )


@st.composite
def testimonies(draw: st.DrawFn) -> Testimony:
    record_id = draw(st.uuids())
    version = draw(st.integers(1, 5))
    started = draw(aware_datetimes())
    amends = None
    if version > 1:
        amends = RecordRef(id=record_id, version=version - 1, content_hash=draw(sha256_hex()))
    ended = draw(
        st.none() | st.timedeltas(timedelta(0), timedelta(hours=8)).map(lambda d: started + d)
    )
    return Testimony(
        id=record_id,
        version=version,
        amends=amends,
        status=draw(st.sampled_from(RecordStatus)),
        pseudonym=draw(pseudonyms()),
        interviewer=draw(short_text()),
        started_at=started,
        ended_at=ended,
        interview_place=draw(short_text()),
        language=draw(st.sampled_from(["ko", "en", "ko-KP", "zh-Hans"])),
        interpreter=draw(st.none() | short_text()),
        others_present=tuple(draw(st.lists(short_text(), max_size=3))),
        recording_mode=draw(vocab_code("recording_modes")),
        title=draw(short_text()),
        summary=draw(st.none() | long_text()),
        narrative=draw(narratives()),
        incidents=tuple(draw(st.lists(incidents(), max_size=3, unique_by=lambda i: i.id))),
        confidentiality=draw(st.sampled_from(ConfidentialityLevel)),
        tags=tuple(draw(st.lists(short_text(), max_size=4))),
    )


def scope_decisions() -> st.SearchStrategy[ScopeDecisions]:
    return st.builds(ScopeDecisions, **{scope.value: st.booleans() for scope in ConsentScope})


@st.composite
def consents(draw: st.DrawFn) -> ConsentRecord:
    minor = draw(
        st.none()
        | st.builds(
            MinorConsent,
            age_years=st.integers(0, 17),
            guardian_relationship=short_text(),
            guardian_consented=st.booleans(),
            witness_assented=st.booleans(),
        )
    )
    return ConsentRecord(
        testimony_id=draw(st.uuids()),
        pseudonym=draw(pseudonyms()),
        version=draw(st.integers(1, 9)),
        taken_by=draw(short_text()),
        taken_at=draw(aware_datetimes()),
        language=draw(st.sampled_from(["ko", "en"])),
        interpreter=draw(st.none() | short_text()),
        method=draw(vocab_code("consent_methods")),
        explained=tuple(draw(st.lists(st.sampled_from(ExplainedTopic)))),
        explanation_notes=draw(st.none() | long_text()),
        scopes=draw(scope_decisions()),
        anonymity=draw(st.sampled_from(AnonymityWish)),
        restrictions=draw(st.none() | long_text()),
        minor=minor,
        evidence_attachment_id=draw(st.none() | st.uuids()),
    )


@st.composite
def withdrawals(draw: st.DrawFn) -> ConsentWithdrawal:
    return ConsentWithdrawal(
        id=draw(st.uuids()),
        testimony_id=draw(st.uuids()),
        pseudonym=draw(pseudonyms()),
        applies_to_version=draw(st.integers(1, 9)),
        received_at=draw(aware_datetimes()),
        received_by=draw(short_text()),
        how_received=draw(st.sampled_from(WithdrawalChannel)),
        scopes=tuple(draw(st.lists(st.sampled_from(ConsentScope), min_size=1))),
        notes=draw(st.none() | long_text()),
    )


@st.composite
def identities(draw: st.DrawFn) -> WitnessIdentity:
    return WitnessIdentity(
        pseudonym=draw(pseudonyms()),
        version=draw(st.integers(1, 3)),
        names=tuple(draw(st.lists(short_text(), min_size=1, max_size=3))),
        aliases=tuple(draw(st.lists(short_text(), max_size=2))),
        birth_date=draw(st.none() | approx_dates()),
        gender=draw(st.none() | short_text()),
        left_country=draw(st.none() | approx_dates()),
        contacts=tuple(
            draw(
                st.lists(
                    st.builds(
                        ContactPoint,
                        kind=st.sampled_from(ContactKind),
                        value=short_text(),
                        note=st.none() | short_text(),
                    ),
                    max_size=2,
                )
            )
        ),
        places=tuple(
            draw(
                st.lists(
                    st.builds(KnownPlace, name=short_text(), kind=st.sampled_from(PlaceKind)),
                    max_size=3,
                )
            )
        ),
        family_at_risk=tuple(
            draw(
                st.lists(
                    st.builds(
                        FamilyMember,
                        relationship=short_text(),
                        name=st.none() | short_text(),
                        location=st.none() | short_text(),
                        risk_notes=st.none() | long_text(),
                    ),
                    max_size=2,
                )
            )
        ),
        relinking_roles=tuple(
            draw(st.lists(st.sampled_from(["custodian", "lead_investigator"]), min_size=1))
        ),
        recorded_by=draw(short_text()),
        recorded_at=draw(aware_datetimes()),
        notes=draw(st.none() | long_text()),
    )


_MEDIA_TYPES = {
    AttachmentKind.AUDIO: ["audio/ogg", "audio/mp4", "audio/wav"],
    AttachmentKind.SCAN: ["image/png", "application/pdf"],
    AttachmentKind.PHOTO: ["image/jpeg"],
    AttachmentKind.DOCUMENT: ["application/pdf", "text/plain"],
}


@st.composite
def attachments(draw: st.DrawFn) -> Attachment:
    kind = draw(st.sampled_from(AttachmentKind))
    return Attachment(
        id=draw(st.uuids()),
        testimony_id=draw(st.uuids()),
        kind=kind,
        media_type=draw(st.sampled_from(_MEDIA_TYPES[kind])),
        size=draw(st.integers(0, MAX_ATTACHMENT_BYTES)),
        sha256=draw(sha256_hex()),
        captured_at=draw(aware_datetimes()),
        device=draw(fingerprints()),
        label=draw(st.none() | short_text()),
    )


@st.composite
def custody_events(draw: st.DrawFn) -> CustodyEvent:
    seq = draw(st.integers(1, 10_000))
    kind = draw(st.sampled_from(CustodyKind))
    record_id = draw(st.uuids()) if kind not in BUNDLE_KINDS or draw(st.booleans()) else None
    return CustodyEvent(
        seq=seq,
        kind=kind,
        record_id=record_id,
        record_version=draw(st.none() | st.integers(1, 9)) if record_id else None,
        bundle_id=draw(st.uuids()) if kind in BUNDLE_KINDS else draw(st.none() | st.uuids()),
        actor=draw(fingerprints()),
        claimed_at=draw(aware_datetimes()),
        prev_hash=(
            GENESIS_PREV_HASH
            if seq == 1
            else draw(sha256_hex().filter(lambda h: h != GENESIS_PREV_HASH))
        ),
        payload_hash=draw(sha256_hex()),
    )


#: Every record type with its strategy, for tests that hold for all of them.
RECORD_STRATEGIES = {
    Testimony: testimonies(),
    Incident: incidents(),
    ConsentRecord: consents(),
    ConsentWithdrawal: withdrawals(),
    WitnessIdentity: identities(),
    Attachment: attachments(),
    CustodyEvent: custody_events(),
    Narrative: narratives(),
}
