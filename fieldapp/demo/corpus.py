"""A deterministic corpus of clearly fictional testimonies for newcomers, screenshots, benchmarks.

``generate(count, seed=…)`` yields ``DemoRecord``s: a draft testimony with coded incidents and a
narrative whose names and hometown are marked for redaction, the witness's consent (sometimes a
later version or a withdrawal), the witness's identity, and small attachments made on demand.
Every record passes the domain's validation, and the same seed always gives the same records.

The stories follow patterns the documentation of DPRK abuses records again and again (forced
repatriation from China and interrogation by the Ministry of State Security, the famine of the
1990s, punishment for foreign media, public executions), told in invented words by invented
people. Every title starts with ``[DEMO]`` and every identity says it is fictional, so a demo
record can never be mistaken for a witness's.
"""

import bisect
import dataclasses
import functools
import itertools
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random
from typing import Any, Generic, TypeVar

from fieldapp.demo import texts
from fieldapp.demo.audio import fake_scan_png, tone_wav
from fieldapp.demo.texts import EN, KO, ActCoding, Filling, Scenario, Template
from fieldapp.domain import (
    AnonymityWish,
    AttachmentKind,
    ConfidentialityLevel,
    ConsentRecord,
    ConsentScope,
    ConsentWithdrawal,
    ContactKind,
    ExplainedTopic,
    PlaceKind,
    RedactionKind,
    Testimony,
    WithdrawalChannel,
    WitnessIdentity,
    is_pseudonym,
    label,
    validate_model,
)
from fieldapp.domain.consent import ESSENTIAL_TOPICS
from fieldapp.domain.pseudonym import ALPHABET, DATA_SYMBOLS, GROUP_SIZE, PREFIX, SEPARATOR

DEFAULT_SEED = 2014  # the year of the Commission of Inquiry's report
DEFAULT_INTERVIEWER = "Demo Interviewer 1"
TITLE_PREFIX = "[DEMO]"
DEMO_TAG = "demo"
IDENTITY_NOTES = (
    "Fictional demo witness. The names (fictional) are drawn at random from fixed lists of common "
    "Korean names; any likeness to a real person is a coincidence."
)

# Proportions over many records.
KOREAN_SHARE = 0.5
NO_ARCHIVE_RATE = 0.05
WITHDRAWAL_RATE = 0.03
SECOND_CONSENT_RATE = 0.02
SEAL_RATE = 0.7  # of the records that can be sealed
ATTACHMENT_RATE = 1 / 3
MINOR_RATE = 0.0005
#: One minor early on, so that even a corpus of a few records shows the guardian's consent.
MINOR_INDEX = 3

EARLIEST_BIRTH = date(1935, 1, 1)
LAST_EVENT = date(2023, 6, 30)
FIRST_INTERVIEW = date(2002, 1, 1)
LAST_INTERVIEW = date(2024, 11, 30)
MINOR_INTERVIEWS = (date(2016, 1, 1), date(2024, 6, 30))
MINOR_AGES = (14, 17)
MINOR_FIRST_EVENT_AGE = 11
ALIAS_RATE = 0.3
#: Parents of older witnesses are rarely alive; children of younger ones are rarely grown.
PARENTS_ALIVE_BEFORE_AGE = 55
CHILDREN_GROWN_FROM_AGE = 35
MIN_SENTENCES = 3
MAX_SENTENCES = 12
_DAYS_PER_YEAR = 365.25

T = TypeVar("T")


class _Weighted(Generic[T]):
    """A weighted choice with its cumulative weights computed once (``Random.choices`` would
    recompute them on every call, which shows at a hundred thousand records)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = tuple(value for value, _ in pairs)
        self.cumulative = tuple(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng: Random) -> T:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.values[min(index, len(self.values) - 1)]


# --- What a record is ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAttachment:
    """A file the demo attaches to its testimony; ``content`` is the bytes or makes them."""

    kind: AttachmentKind
    media_type: str
    content: bytes | Callable[[], bytes]
    #: A description for ``Attachment.label``; never a file name.
    label: str

    def data(self) -> bytes:
        return self.content if isinstance(self.content, bytes) else self.content()


@dataclass(frozen=True)
class DemoRecord:
    """One fictional witness's testimony with everything that belongs to it."""

    testimony: Testimony
    consents: tuple[ConsentRecord, ...]
    withdrawals: tuple[ConsentWithdrawal, ...]
    identity: WitnessIdentity
    attachments: tuple[DemoAttachment, ...]
    #: Whether the demo should seal the testimony; only ever True when the checklist passes.
    seal: bool


@dataclass(frozen=True)
class _Tone:
    # A value rather than a closure: records compare equal across runs, and nothing is built
    # until asked for (a hundred thousand records would otherwise hold gigabytes of audio).
    seconds: float
    frequency: int

    def __call__(self) -> bytes:
        return tone_wav(self.seconds, self.frequency)


@dataclass(frozen=True)
class _Scan:
    width: int
    height: int
    seed: int

    def __call__(self) -> bytes:
        return fake_scan_png(self.width, self.height, self.seed)


# --- Stories, people and places, by weight --------------------------------------------------

_SCENARIOS = _Weighted(texts.SCENARIOS)
_PERPETRATORS = {code: _Weighted(a.perpetrators) for code, a in texts.ACT_CODING.items()}
_SOURCES = {code: _Weighted(a.sources) for code, a in texts.ACT_CODING.items()}
_INCIDENT_COUNT = _Weighted([(1, 25), (2, 35), (3, 25), (4, 15)])

# --- The rest of a record, by weight ---------------------------------------------------------

_PROVINCES = _Weighted(texts.HOMETOWN_PROVINCES)
_PRECISIONS = _Weighted([("exact", 15), ("month", 40), ("year", 30), ("estimate", 15)])
_BIRTH_PRECISIONS = _Weighted([("year", 55), ("exact", 35), ("month", 10)])
_RELIABILITY = _Weighted([("high", 25), ("medium", 45), ("low", 5), ("not_assessed", 25)])
_RECORDING_MODES = _Weighted(
    [("audio_and_notes", 40), ("notes", 30), ("audio", 20), ("written_statement", 10)]
)
_CONSENT_METHODS = _Weighted([("written", 40), ("oral_recorded", 35), ("oral_noted", 25)])
_ANONYMITY = _Weighted(
    [
        (AnonymityWish.ANONYMOUS, 75),
        (AnonymityWish.NAMED_CONFIDENTIALLY, 22),
        (AnonymityWish.NAMED_PUBLICLY, 3),
    ]
)
_CONFIDENTIALITY = _Weighted(
    [
        (ConfidentialityLevel.STRICTLY_CONFIDENTIAL, 50),
        (ConfidentialityLevel.CONFIDENTIAL, 35),
        (ConfidentialityLevel.RESTRICTED, 15),
    ]
)
_WITHDRAWAL_CHANNELS = _Weighted(
    [
        (WithdrawalChannel.PHONE, 40),
        (WithdrawalChannel.MESSAGE, 25),
        (WithdrawalChannel.IN_PERSON, 20),
        (WithdrawalChannel.THROUGH_THIRD_PARTY, 10),
        (WithdrawalChannel.LETTER, 5),
    ]
)
_WITHDRAWN_SCOPES = _Weighted(
    [
        (ConsentScope.PUBLIC_MEDIA, 6),
        (ConsentScope.RESEARCH, 3),
        (ConsentScope.UN_REPORTING, 2),
        (ConsentScope.ACCOUNTABILITY, 2),
        (ConsentScope.RECONTACT, 2),
        (ConsentScope.ARCHIVE, 1),
    ]
)
#: Chance that each scope is allowed, when archiving is.
_SCOPE_RATES = {
    "un_reporting": 0.85,
    "accountability": 0.7,
    "public_media": 0.35,
    "research": 0.6,
    "recontact": 0.65,
}
_OTHERS_PRESENT = (
    "support worker", "psychologist", "legal adviser", "second interviewer", "caseworker",
)  # fmt: skip
_GUARDIANS = ("mother", "aunt", "legal guardian")
_RESTRICTIONS = {
    EN: (
        "Not to be shared with any government.",
        "Not to be used while the witness's family remains in the country.",
        "No details of the hometown in any publication.",
    ),
    KO: (
        "어떤 정부 기관에도 제공하지 말 것.",
        "가족이 북한에 있는 동안에는 사용하지 말 것.",
        "어떤 출판물에도 고향에 관한 내용을 싣지 말 것.",
    ),
}
_EXPLANATION_NOTES = {
    EN: "Explained with the consent leaflet and answered the witness's questions (demo).",
    KO: "동의 안내문으로 설명하고 증인의 질문에 답함 (시연용).",
}
_WITHDRAWAL_NOTES = {
    EN: "The witness worries that publicity could reach relatives (demo).",
    KO: "증인은 공개될 경우 친척에게 알려질까 걱정함 (시연용).",
}


def generate(
    count: int, *, seed: int = DEFAULT_SEED, interviewer: str = DEFAULT_INTERVIEWER
) -> Iterator[DemoRecord]:
    """``count`` fictional records, the same ones for the same seed, made one at a time."""
    if count < 0:
        raise ValueError("count must not be negative")
    builder = _Builder(seed, interviewer)
    for index in range(count):
        yield builder.record(index)


# --- Building one record ---------------------------------------------------------------------


@dataclass(frozen=True)
class _LifeDates:
    birth: date
    left: date  # the country, for the last time
    interview: date


@dataclass
class _Incident:
    act: str
    category: str
    start: date
    end: date | None
    fields: dict[str, Any]
    fillings: dict[str, Filling]


class _Builder:
    def __init__(self, seed: int, interviewer: str) -> None:
        # Not security randomness: a fixed seed must give the same demo records on every machine.
        self.rng = Random(seed)  # noqa: S311
        self.interviewer = interviewer
        self.used_pseudonyms: set[str] = set()
        self.banks = _banks()

    def record(self, index: int) -> DemoRecord:
        rng = self.rng
        lang = KO if rng.random() < KOREAN_SHARE else EN
        minor = index == MINOR_INDEX or rng.random() < MINOR_RATE
        female = rng.random() < (0.6 if minor else 0.72)
        scenario = self._scenario(female, minor)
        witness = _Witness.make(rng, lang, female)
        testimony_id = _uuid(rng)
        pseudonym = self._pseudonym()
        incidents, dates = self._story(scenario, minor, lang, witness)
        witness = witness.with_family(rng, lang, _age(dates.birth, dates.interview))
        started_at = datetime(
            dates.interview.year, dates.interview.month, dates.interview.day,
            rng.randint(0, 8), rng.choice((0, 15, 30, 45)), tzinfo=UTC,
        )  # fmt: skip
        ended_at = started_at + timedelta(minutes=rng.randint(60, 240))

        narrative = self._narrative(lang, witness, incidents, dates)
        testimony = self._testimony(
            testimony_id, pseudonym, lang, minor, scenario, incidents, narrative, started_at,
            ended_at, witness.province,
        )  # fmt: skip
        consents, withdrawals, can_seal = self._consent(testimony, lang, minor, dates.birth)
        identity = self._identity(pseudonym, witness, dates, started_at, minor)
        return DemoRecord(
            testimony=testimony,
            consents=consents,
            withdrawals=withdrawals,
            identity=identity,
            attachments=self._attachments(testimony, consents[0].method),
            seal=can_seal and rng.random() < SEAL_RATE,
        )

    def _story(
        self, scenario: Scenario, minor: bool, lang: str, witness: "_Witness"
    ) -> tuple[list[_Incident], "_LifeDates"]:
        """The incidents and the witness's dates, in an order that keeps them consistent."""
        rng = self.rng
        if minor:
            # A minor's interview comes first: the events must fall in a childhood before it.
            interview = _day_between(rng, *MINOR_INTERVIEWS)
            age = rng.randint(MINOR_AGES[0], MINOR_AGES[1])
            birth = interview - timedelta(days=rng.randint(age * 366 + 1, age * 365 + 360))
            first_event = max(
                birth + timedelta(days=round(MINOR_FIRST_EVENT_AGE * _DAYS_PER_YEAR)),
                interview - timedelta(days=900),
            )
            bound = interview - timedelta(days=60)
            incidents = self._incidents(scenario, minor, first_event, bound, lang, witness)
            left = min(self._left_country(incidents, bound), interview - timedelta(days=30))
            return incidents, _LifeDates(birth, left, interview)
        first_event = _day_between(
            rng, date(scenario.years[0], 1, 1), date(scenario.years[1], 12, 31)
        )
        incidents = self._incidents(scenario, minor, first_event, LAST_EVENT, lang, witness)
        left = self._left_country(incidents, LAST_INTERVIEW)
        # Documentation of escapees' accounts by NGOs took off in the early 2000s; those who
        # left in the famine years were often interviewed years later.
        earliest = max(left + timedelta(days=30), FIRST_INTERVIEW)
        interview = min(earliest + timedelta(days=rng.randint(0, 3000)), LAST_INTERVIEW)
        youngest, oldest = scenario.ages
        earliest_birth_year = max(EARLIEST_BIRTH.year, first_event.year - oldest - 1)
        birth = _day_between(
            rng, date(earliest_birth_year, 1, 1), date(first_event.year - youngest - 1, 12, 31)
        )
        return incidents, _LifeDates(birth, left, interview)

    # -- pieces --

    def _scenario(self, female: bool, minor: bool) -> Scenario:
        while True:
            scenario = _SCENARIOS.pick(self.rng)
            if (female or not scenario.women_only) and (scenario.for_minors or not minor):
                return scenario

    def _pseudonym(self) -> str:
        while True:
            data = [self.rng.randrange(len(ALPHABET)) for _ in range(DATA_SYMBOLS)]
            code = _pseudonym_from(data)
            if code not in self.used_pseudonyms:
                self.used_pseudonyms.add(code)
                return code

    def _incidents(
        self,
        scenario: Scenario,
        minor: bool,
        first_event: date,
        bound: date,
        lang: str,
        witness: "_Witness",
    ) -> list[_Incident]:
        rng = self.rng
        count = min(_INCIDENT_COUNT.pick(rng), len(scenario.acts), 2 if minor else 4)
        first = rng.randrange(len(scenario.acts) - count + 1)
        cursor = min(first_event, bound)
        incidents = []
        for act_type, category in scenario.acts[first : first + count]:
            act = texts.ACT_CODING[act_type]
            start = cursor
            end = None
            if act.lasts_days is not None:
                end = min(start + timedelta(days=rng.randint(*act.lasts_days)), bound)
            cursor = min((end or start) + timedelta(days=rng.randint(0, 90)), bound)
            incidents.append(self._incident(act_type, category, act, start, end, lang, witness))
        return incidents

    def _incident(
        self,
        act_type: str,
        category: str,
        act: ActCoding,
        start: date,
        end: date | None,
        lang: str,
        witness: "_Witness",
    ) -> _Incident:
        rng = self.rng
        perpetrator = _PERPETRATORS[act_type].pick(rng)
        start_date, start_text, start_bare = _approx(rng, start, lang)
        fields: dict[str, Any] = {
            "id": _uuid(rng),
            "act_type": act_type,
            "coi_category": category,
            "date_start": start_date,
            "place_public": (
                {"country": "CN"} if act.abroad else {"country": "KP", "province": witness.province}
            ),
            "perpetrator_type": perpetrator,
            "source_connection": _SOURCES[act_type].pick(rng),
            "reliability": _RELIABILITY.pick(rng),
        }
        fillings: dict[str, Filling] = {
            "date": (start_text, None),
            "date_bare": (start_bare, None),
            "perp": (texts.PERPETRATORS[perpetrator][lang == KO], None),
            "weeks": (str(rng.randint(2, 10)), None),
            "years": (str(rng.randint(2, 15)), None),
            "home": witness.fillings["home"],
            "work": witness.fillings["work"],
            "given": witness.fillings["given"],
        }
        if end is not None:
            end_date, _, end_bare = _approx(rng, end, lang)
            fields["date_end"] = end_date
            fillings["date_end"] = (end_bare, None)
        if act.facilities:
            facility = texts.FACILITIES[rng.choice(act.facilities)]
            fillings["facility"] = (facility[lang == KO], None)
            if rng.random() < 0.6:
                fields["place_exact"] = facility[lang == KO]
        elif act.abroad and rng.random() < 0.6:
            fields["place_exact"] = rng.choice(texts.CHINA_PLACES)
        if act.victims is not None:
            fewest, most, precision = act.victims
            value = rng.randint(fewest, most)
            fields["victims"] = {"value": value, "precision": precision}
            fillings["count"] = (_count_text(value, precision, lang), None)
        units = texts.UNITS.get(perpetrator)
        if units and rng.random() < 0.4:
            fields["perpetrator_unit"] = rng.choice(units)
        return _Incident(act_type, category, start, end, fields, fillings)

    def _left_country(self, incidents: list[_Incident], bound: date) -> date:
        rng = self.rng
        if texts.ACT_CODING[incidents[-1].act].ends_abroad:
            # The story ends abroad: the witness had left before the first of those events.
            first_abroad = len(incidents) - 1
            while (
                first_abroad > 0 and texts.ACT_CODING[incidents[first_abroad - 1].act].ends_abroad
            ):
                first_abroad -= 1
            left = incidents[first_abroad].start - timedelta(days=rng.randint(20, 700))
        else:
            last = incidents[-1].end or incidents[-1].start
            left = last + timedelta(days=rng.randint(30, 900))
        return min(left, bound - timedelta(days=60))

    def _narrative(
        self,
        lang: str,
        witness: "_Witness",
        incidents: list[_Incident],
        dates: _LifeDates,
    ) -> dict[str, Any]:
        rng = self.rng
        banks = self.banks[lang]
        common = {
            **witness.fillings,
            "birth_year": (str(dates.birth.year), None),
            "left_year": (str(dates.left.year), None),
        }
        intro = [(t, common) for t in rng.sample(banks.intro, rng.choice((1, 1, 2)))]
        events: list[tuple[Template, dict[str, Filling]]] = []
        details: list[tuple[Template, dict[str, Filling]]] = []
        alias_told = "alias" not in witness.fillings or rng.random() < 0.3
        for incident in incidents:
            act = banks.acts[incident.act]
            events.append((rng.choice(act.main), incident.fillings))
            if rng.random() < 0.5:
                events.append((act.detail, incident.fillings))
                details.append(events[-1])
            if not alias_told and texts.ACT_CODING[incident.act].abroad:
                events.append((rng.choice(banks.alias), common))
                alias_told = True
        closing: list[tuple[Template, dict[str, Filling]]] = []
        if rng.random() < 0.6:
            closing.append((rng.choice(banks.leaving), common))
        for member in witness.family:
            if rng.random() < 0.7:
                closing.append((rng.choice(banks.family), {**common, **member.fillings}))
        fillers = [(t, common) for t in rng.sample(banks.filler, rng.randint(0, 2))]
        closing += fillers
        spare = [(t, common) for t in banks.filler if (t, common) not in fillers]

        paragraphs = [intro, events, closing]
        total = sum(len(p) for p in paragraphs)
        for sentence in reversed(fillers + details):
            if total <= MAX_SENTENCES:
                break
            for paragraph in paragraphs:
                if sentence in paragraph:
                    paragraph.remove(sentence)
                    total -= 1
                    break
        while total < MIN_SENTENCES:
            closing.append(spare.pop())
            total += 1
        return _render(paragraphs, texts.SENTENCE_SEPARATOR)

    def _testimony(
        self,
        testimony_id: uuid.UUID,
        pseudonym: str,
        lang: str,
        minor: bool,
        scenario: Scenario,
        incidents: list[_Incident],
        narrative: dict[str, Any],
        started_at: datetime,
        ended_at: datetime,
        province: str,
    ) -> Testimony:
        rng = self.rng
        years = _years_text([i.start for i in incidents] + [i.end for i in incidents if i.end])
        province_label = self.banks[lang].provinces[province]
        phrases = list(dict.fromkeys(
            texts.ACTS[i.act].title_ko if lang == KO else texts.ACTS[i.act].title_en
            for i in incidents
        ))  # fmt: skip
        if lang == KO:
            title = f"{TITLE_PREFIX} {_join_ko(phrases)} — {province_label}, {years}년"
            summary = (
                "교육과 시험을 위한 가상의 시연용 기록이며 실존 인물과 무관합니다. 증인은 "
                f"{years}년에 있었던 사건 {len(incidents)}건을 진술했습니다: {', '.join(phrases)}."
            )
        else:
            title = f"{TITLE_PREFIX} {_capitalised(_join_en(phrases))} — {province_label}, {years}"
            summary = (
                "Fictional demo record for training and testing; it describes no real person. "
                f"The witness recounts {len(incidents)} "
                f"{'incident' if len(incidents) == 1 else 'incidents'} from {years}: "
                f"{', '.join(phrases)}."
            )
        place_en, place_ko = self.banks[EN].interview_places.pick(rng)
        spoken = "ko" if lang == KO or rng.random() < 0.7 else "en"
        # An account written in English of one told in Korean was interpreted.
        interpreter = f"Interpreter {rng.randint(1, 12):02d}" if spoken != lang else None
        others = rng.sample(_OTHERS_PRESENT, rng.choice((0, 0, 0, 1, 1, 2)))
        if minor:
            others = ["guardian", *others]
        categories = sorted({i.category for i in incidents})
        return validate_model(
            Testimony,
            {
                "id": testimony_id,
                "pseudonym": pseudonym,
                "interviewer": self.interviewer,
                "started_at": started_at,
                "ended_at": ended_at,
                "interview_place": place_ko if lang == KO else place_en,
                "language": spoken,
                "interpreter": interpreter,
                "others_present": tuple(others),
                "recording_mode": _RECORDING_MODES.pick(rng),
                "title": title,
                "summary": summary,
                "narrative": narrative,
                "incidents": tuple(i.fields for i in incidents),
                "confidentiality": (
                    ConfidentialityLevel.STRICTLY_CONFIDENTIAL
                    if minor
                    else _CONFIDENTIALITY.pick(rng)
                ),
                "tags": (DEMO_TAG, scenario.name, *(f"coi-{c}" for c in categories)),
            },
        )

    def _consent(
        self, testimony: Testimony, lang: str, minor: bool, birth_day: date
    ) -> tuple[tuple[ConsentRecord, ...], tuple[ConsentWithdrawal, ...], bool]:
        rng = self.rng
        archive = minor or rng.random() >= NO_ARCHIVE_RATE
        if archive:
            scopes = {scope: rng.random() < rate for scope, rate in _SCOPE_RATES.items()}
        else:
            # Some witnesses agree to be contacted again but not to have the account kept.
            scopes = dict.fromkeys(_SCOPE_RATES, False)
            scopes["recontact"] = rng.random() < 0.5
        if minor:
            scopes["public_media"] = False
        explained = tuple(ExplainedTopic)
        if rng.random() < 0.2:
            optional = sorted(set(ExplainedTopic) - ESSENTIAL_TOPICS)
            chosen = rng.sample(optional, rng.randint(0, len(optional)))
            explained = (*sorted(ESSENTIAL_TOPICS), *chosen)
        first: dict[str, Any] = {
            "testimony_id": testimony.id,
            "pseudonym": testimony.pseudonym,
            "version": 1,
            "taken_by": self.interviewer,
            "taken_at": testimony.started_at - timedelta(minutes=rng.randint(0, 15)),
            "language": testimony.language,
            "interpreter": testimony.interpreter,
            "method": _CONSENT_METHODS.pick(rng),
            "explained": explained,
            "explanation_notes": _EXPLANATION_NOTES[lang] if rng.random() < 0.2 else None,
            "scopes": {"archive": archive, **scopes},
            "anonymity": AnonymityWish.ANONYMOUS if minor else _ANONYMITY.pick(rng),
            "restrictions": rng.choice(_RESTRICTIONS[lang]) if rng.random() < 0.1 else None,
        }
        if minor:
            first["minor"] = {
                "age_years": _age(birth_day, testimony.started_at.date()),
                "guardian_relationship": rng.choice(_GUARDIANS),
                "guardian_consented": True,
                "witness_assented": True,
            }
        versions = [first]
        if archive and not minor and rng.random() < SECOND_CONSENT_RATE:
            # At a follow-up meeting the witness changed their mind about publication.
            changed = {**first["scopes"], "public_media": not first["scopes"]["public_media"]}
            versions.append({
                **first,
                "version": 2,
                "taken_at": first["taken_at"] + timedelta(days=rng.randint(30, 400)),
                "scopes": changed,
            })  # fmt: skip
        consents = tuple(validate_model(ConsentRecord, v) for v in versions)
        latest = consents[-1]
        withdrawals: tuple[ConsentWithdrawal, ...] = ()
        if archive and rng.random() < WITHDRAWAL_RATE:
            withdrawals = (self._withdrawal(latest, lang),)
        withdrawn = {scope for w in withdrawals for scope in w.scopes}
        can_seal = archive and ConsentScope.ARCHIVE not in withdrawn
        return consents, withdrawals, can_seal

    def _withdrawal(self, consent: ConsentRecord, lang: str) -> ConsentWithdrawal:
        rng = self.rng
        allowed = [s for s in ConsentScope if consent.scopes.allowed(s)]
        scopes = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            scope = _WITHDRAWN_SCOPES.pick(rng)
            if scope in allowed:
                scopes.append(scope)
        if not scopes:
            scopes = [next((s for s in allowed if s is not ConsentScope.ARCHIVE), allowed[0])]
        return validate_model(
            ConsentWithdrawal,
            {
                "id": _uuid(rng),
                "testimony_id": consent.testimony_id,
                "pseudonym": consent.pseudonym,
                "applies_to_version": consent.version,
                "received_at": consent.taken_at + timedelta(days=rng.randint(20, 700)),
                "received_by": f"Caseworker {rng.randint(1, 9):02d}",
                "how_received": _WITHDRAWAL_CHANNELS.pick(rng),
                "scopes": tuple(scopes),
                "notes": _WITHDRAWAL_NOTES[lang] if rng.random() < 0.5 else None,
            },
        )

    def _identity(
        self,
        pseudonym: str,
        witness: "_Witness",
        dates: _LifeDates,
        started_at: datetime,
        minor: bool,
    ) -> WitnessIdentity:
        rng = self.rng
        precision = "exact" if minor else _BIRTH_PRECISIONS.pick(rng)
        contacts = []
        roll = rng.random()
        if roll < 0.25:
            contacts.append(
                {"kind": ContactKind.EMAIL, "value": f"w{rng.getrandbits(32):08x}@example.org"}
            )
        elif roll < 0.45:
            contacts.append(
                {"kind": ContactKind.MESSENGER, "value": f"demo_{rng.getrandbits(32):08x}"}
            )
        elif roll < 0.6:
            contacts.append({"kind": ContactKind.THROUGH_PERSON, "value": "the caseworker (demo)"})
        place_kind = PlaceKind.BIRTHPLACE if rng.random() < 0.5 else PlaceKind.RESIDENCE
        return validate_model(
            WitnessIdentity,
            {
                "pseudonym": pseudonym,
                "names": witness.names,
                "aliases": witness.aliases,
                "birth_date": {"value": _truncate(dates.birth, precision), "precision": precision},
                "gender": "female" if witness.female else "male",
                "left_country": {
                    "value": _truncate(dates.left, "month"),
                    "precision": "month",
                },
                "contacts": tuple(contacts),
                "places": tuple({"name": name, "kind": place_kind} for name in witness.hometown),
                "family_at_risk": tuple(m.identity for m in witness.family),
                "recorded_by": self.interviewer,
                "recorded_at": started_at,
                "notes": IDENTITY_NOTES,
            },
        )

    def _attachments(self, testimony: Testimony, method: str) -> tuple[DemoAttachment, ...]:
        rng = self.rng
        if rng.random() >= ATTACHMENT_RATE:
            return ()
        candidates = [
            DemoAttachment(
                AttachmentKind.SCAN, "image/png", _Scan(480, 680, rng.getrandbits(32)),
                "witness's sketch of a detention cell (demo)",
            ),
        ]  # fmt: skip
        if testimony.recording_mode in ("audio", "audio_and_notes"):
            tone = _Tone(rng.choice((1.0, 1.5, 2.0, 2.5, 3.0)), rng.randint(200, 800))
            candidates.append(
                DemoAttachment(
                    AttachmentKind.AUDIO, "audio/wav", tone, "interview excerpt (demo tone)"
                )
            )
        if method == "written":
            candidates.append(
                DemoAttachment(
                    AttachmentKind.SCAN, "image/png", _Scan(560, 792, rng.getrandbits(32)),
                    "consent form, page 1 (demo)",
                )
            )  # fmt: skip
        wanted = 1 if rng.random() < 0.65 else 2
        return tuple(rng.sample(candidates, min(wanted, len(candidates))))


# --- The witness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _FamilyMember:
    identity: dict[str, Any]
    fillings: dict[str, Filling]


@dataclass(frozen=True)
class _Witness:
    female: bool
    family_name: tuple[str, str]
    given: tuple[str, str]
    names: tuple[str, ...]
    aliases: tuple[str, ...]
    province: str
    hometown: tuple[str, str]
    fillings: dict[str, Filling]
    family: tuple[_FamilyMember, ...] = ()

    @classmethod
    def make(cls, rng: Random, lang: str, female: bool) -> "_Witness":
        ko = lang == KO
        family_name = rng.choice(texts.FAMILY_NAMES)
        given = rng.choice(texts.FEMALE_GIVEN_NAMES if female else texts.MALE_GIVEN_NAMES)
        hangul = family_name[0] + given[0]
        roman = f"{family_name[1]} {given[1]}"
        names = (hangul, roman) if ko else (roman, hangul)
        province = _PROVINCES.pick(rng)
        hometown = rng.choice(texts.HOMETOWNS[province])
        fillings: dict[str, Filling] = {
            "full": (names[0], RedactionKind.NAME),
            "given": (given[0] if ko else given[1], RedactionKind.NAME),
            "home": (hometown[ko], RedactionKind.PLACE),
            "province": (_banks()[lang].provinces[province], None),
            "work": (rng.choice(texts.WORKPLACES)[ko], None),
        }
        aliases: tuple[str, ...] = ()
        if rng.random() < ALIAS_RATE:
            aliases = rng.choice(texts.FEMALE_ALIASES if female else texts.MALE_ALIASES)
            fillings["alias"] = (aliases[ko], RedactionKind.NAME)
        return cls(female, family_name, given, names, aliases, province, hometown, fillings)

    def with_family(self, rng: Random, lang: str, age: int) -> "_Witness":
        """The witness with 0–2 relatives at risk, of an age that fits the witness's."""
        ko = lang == KO
        fitting = [
            kin
            for kin in texts.KIN
            if (kin.generation >= 0 or age < PARENTS_ALIVE_BEFORE_AGE)
            and (kin.generation <= 0 or age >= CHILDREN_GROWN_FROM_AGE)
        ]
        family = []
        taken = {self.given}
        for kin in rng.sample(fitting, rng.choice((0, 1, 1, 2))):
            surname = self.family_name if kin.shares_family_name else rng.choice(texts.FAMILY_NAMES)
            given_names = texts.FEMALE_GIVEN_NAMES if kin.female else texts.MALE_GIVEN_NAMES
            given = rng.choice([g for g in given_names if g not in taken])
            taken.add(given)
            name = surname[0] + given[0] if ko else f"{surname[1]} {given[1]}"
            place = (
                self.hometown if rng.random() < 0.6 else rng.choice(texts.HOMETOWNS[self.province])
            )
            if ko:
                relation = kin.ko_from_woman if self.female else kin.ko_from_man
            else:
                relation = kin.relationship
            identity = {"relationship": kin.relationship, "name": name, "location": place[ko]}
            fillings: dict[str, Filling] = {
                "rel": (relation, None),
                "kin": (name, RedactionKind.NAME),
                "kin_place": (place[ko], RedactionKind.PLACE),
            }
            family.append(_FamilyMember(identity, fillings))
        return dataclasses.replace(self, family=tuple(family))


# --- Phrase banks, parsed once ---------------------------------------------------------------


@dataclass(frozen=True)
class _ActTemplates:
    main: tuple[Template, ...]
    detail: Template


@dataclass(frozen=True)
class _Bank:
    intro: tuple[Template, ...]
    leaving: tuple[Template, ...]
    alias: tuple[Template, ...]
    family: tuple[Template, ...]
    filler: tuple[Template, ...]
    acts: dict[str, _ActTemplates]
    provinces: dict[str, str]
    interview_places: _Weighted[tuple[str, str]]


@functools.cache
def _banks() -> dict[str, _Bank]:
    places = _Weighted([((en, ko), weight) for en, ko, weight in texts.INTERVIEW_PLACES])
    banks = {}
    for lang in texts.LANGUAGES:
        ko = lang == KO
        acts = {
            code: _ActTemplates(
                main=texts.parse_all(t.main_ko if ko else t.main_en),
                detail=Template.parse(t.detail_ko if ko else t.detail_en),
            )
            for code, t in texts.ACTS.items()
        }
        banks[lang] = _Bank(
            intro=texts.parse_all(texts.INTRO[lang]),
            leaving=texts.parse_all(texts.LEAVING[lang]),
            alias=texts.parse_all(texts.ALIAS[lang]),
            family=texts.parse_all(texts.FAMILY[lang]),
            filler=texts.parse_all(texts.FILLER[lang]),
            acts=acts,
            provinces={
                code: label("dprk_provinces", code, "ko" if ko else "en")
                for code in texts.HOMETOWNS
            },
            interview_places=places,
        )
    return banks


# --- Small helpers ---------------------------------------------------------------------------


def _render(
    paragraphs: Sequence[Sequence[tuple[Template, dict[str, Filling]]]], separator: str
) -> dict[str, Any]:
    pieces: list[str] = []
    spans: list[tuple[int, int, RedactionKind]] = []
    offset = 0
    for paragraph in (p for p in paragraphs if p):
        if pieces:
            pieces.append(texts.PARAGRAPH_SEPARATOR)
            offset += len(texts.PARAGRAPH_SEPARATOR)
        for number, (template, fillings) in enumerate(paragraph):
            if number:
                pieces.append(separator)
                offset += len(separator)
            offset = template.render(fillings, pieces, spans, offset)
    return {
        "text": "".join(pieces),
        "redactions": tuple({"start": s, "end": e, "kind": k} for s, e, k in spans),
    }


_SYMBOL_BITS = len(ALPHABET).bit_length() - 1  # 32 symbols: 5 bits each


@functools.cache
def _check_table() -> tuple[tuple[int, ...], ...]:
    # The check symbol is linear in the data symbols (the code is a linear code over GF(32), see
    # fieldapp.domain.pseudonym), so it is the XOR of the checks of each symbol on its own.
    # Those are found once through the public validator, so the demo draws codes from its own
    # seeded generator without reaching into the module's private arithmetic.
    def check_of(position: int, value: int) -> int:
        data = [0] * DATA_SYMBOLS
        data[position] = value
        for check in range(len(ALPHABET)):
            if is_pseudonym(_format_code([*data, check])):
                return check
        raise AssertionError("no check symbol fits")  # pragma: no cover

    table = []
    for position in range(DATA_SYMBOLS):
        bits = [check_of(position, 1 << bit) for bit in range(_SYMBOL_BITS)]
        row = []
        for value in range(len(ALPHABET)):
            check = 0
            for bit, bit_check in enumerate(bits):
                if value >> bit & 1:
                    check ^= bit_check
            row.append(check)
        table.append(tuple(row))
    return tuple(table)


def _pseudonym_from(data: Sequence[int]) -> str:
    table = _check_table()
    check = 0
    for position, value in enumerate(data):
        check ^= table[position][value]
    return _format_code([*data, check])


def _format_code(values: Sequence[int]) -> str:
    symbols = "".join(ALPHABET[v] for v in values)
    groups = [symbols[i : i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE)]
    return SEPARATOR.join([PREFIX, *groups])


def _uuid(rng: Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _day_between(rng: Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _truncate(day: date, precision: str) -> date:
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def _approx(rng: Random, day: date, lang: str) -> tuple[dict[str, Any], str, str]:
    """An incident date at a random precision: the model's fields, and the date as the witness
    would say it (with a preposition in English, and without)."""
    precision = _PRECISIONS.pick(rng)
    value = _truncate(day, precision)
    month = texts.MONTHS_EN[value.month - 1]
    if lang == KO:
        text = {
            "exact": f"{value.year}년 {value.month}월 {value.day}일",
            "month": f"{value.year}년 {value.month}월",
            "year": f"{value.year}년",
            "estimate": f"{value.year}년 {value.month}월 {value.day}일경",
        }[precision]
        return {"value": value, "precision": precision}, text, text
    bare = {
        "exact": f"{value.day} {month} {value.year}",
        "month": f"{month} {value.year}",
        "year": f"{value.year}",
        "estimate": f"around {value.day} {month} {value.year}",
    }[precision]
    preposition = {"exact": "on ", "month": "in ", "year": "in ", "estimate": ""}[precision]
    return {"value": value, "precision": precision}, preposition + bare, bare


def _count_text(value: int, precision: str, lang: str) -> str:
    if lang == KO:
        return {
            "exact": f"{value}명",
            "approximate": f"약 {value}명",
            "at_least": f"적어도 {value}명",
        }[precision]
    number = texts.NUMBER_WORDS_EN[value] if value < len(texts.NUMBER_WORDS_EN) else str(value)
    return {"exact": number, "approximate": f"about {number}", "at_least": f"at least {number}"}[
        precision
    ]


def _years_text(days: Sequence[date]) -> str:
    first, last = min(days).year, max(days).year
    return str(first) if first == last else f"{first}–{last}"


def _join_en(phrases: Sequence[str]) -> str:
    if len(phrases) > 3:
        phrases = [phrases[0], phrases[1], phrases[-1]]
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def _join_ko(phrases: Sequence[str]) -> str:
    if len(phrases) > 3:
        phrases = [phrases[0], phrases[1], phrases[-1]]
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} 및 {phrases[-1]}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
