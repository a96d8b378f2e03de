"""An estimate of a passphrase's strength: a score from 0 to 4 and one plain sentence of advice.

Scoring, after zxcvbn's idea (Wheeler, USENIX Security 2016) in a small form. The passphrase is
read left to right; at each position the longest known pattern starting there is taken as one
piece, or else a single character. Each piece costs an attacker about 2^bits guesses:

- a common password or word (``COMMON_WORDS``, the workspace's own label, l33t spellings such as
  ``p@ssw0rd`` read as words): log2(size of the list) + 1 bit if capitalised or l33t;
- a row of keys on a QWERTY keyboard, 4 keys or more, either way (``qwer``, ``lkjh``):
  log2(number of keys) + log2(length) + 1 for the direction;
- a sequence of letters or digits, 3 or more, either way (``abcd``, ``9876``):
  log2(size of the alphabet) + log2(length) + 1 for the direction;
- a repeated character or group (``aaaa``, ``abcabc``): the bits of one copy + log2(repeats);
- a year from 1900 to 2099: log2(200);
- any other run of Latin letters that could be a word (it has a vowel and no five consonants in
  a row): ``DICTIONARY_BITS`` for each started ``WORD_LETTERS`` letters, + 1 bit if capitalised —
  people choose words, not random letters, and a guesser tries a dictionary first;
- any other character: log2 of the pool of every character class the passphrase uses
  (lower case 26, upper case 26, digits 10, ASCII symbols 33, anything else counted as 100).

Patterns are sought in a copy read as a guesser reads it: NFKC (full-width ``ｐａｓｓ`` is
``pass``), case-folded, each run of spaces and punctuation one separator, and none between two
single characters (``p a s s`` is ``pass``); the character pool comes from the NFKC text.

A piece never costs more than its characters would as random ones. The bits add up to the
score (``SCORE_BITS``). It is an estimate that can only find weakness: a passphrase that looks
random to it may still be guessable by someone who knows the person.

The floor (``acceptable``) is at least ``MIN_LENGTH`` characters and a score of 2 (40 bits); a
shorter passphrase scores 1 at most, so that the meter never looks full for a refused one.
Why 40 bits is enough only here: keys.json is wrapped with Argon2id at about half a second and
256 MiB per guess, some 2^19 times the cost of a fast hash, so 2^40 guesses cost about 2^59
fast-hash work — near-month-long on a large cluster for a seized laptop, rather than seconds.
Why 12 characters: NIST SP 800-63B asks for at least 8 (15 where the password is the only
factor); the Argon2id cost stands in for the missing three, and four short common words
already make 12 or more. Below the floor set-up refuses; above it the meter keeps advising.
"""

import itertools
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fieldapp.errors import ValidationFailedError

MIN_LENGTH = 12
MIN_SCORE = 2
MAX_SCORE = 4
#: The lowest number of bits for scores 1, 2, 3 and 4.
SCORE_BITS = (28.0, 40.0, 56.0, 72.0)
# Patterns are sought in the first characters only: a longer passphrase is strong by its length
# alone, and a pasted megabyte must not make the meter slow.
MAX_ANALYSED_CHARS = 256
MIN_WORD = 3
MIN_KEYBOARD_RUN = 4
MIN_SEQUENCE = 3
MAX_REPEAT_UNIT = 8
# log2 of a large dictionary (about 130,000 words): the cost of one word a person chose.
DICTIONARY_BITS = 17.0
WORD_LETTERS = 10
_VOWELS = frozenset("aeiouy")
_MAX_CONSONANT_RUN = 4

# The most common passwords and the words of this work (a guesser tries them first), lower case.
_COMMON_WORDS_TEXT = """
    password passwort passphrase secret letmein welcome admin administrator login master
    iloveyou love lover monkey dragon shadow sunshine princess football baseball soccer
    superman batman michael jessica charlie donald freedom whatever trustno1 hello hunter
    summer winter spring autumn flower computer internet qwerty azerty asdf zxcv abc
    test guest default changeme private access mustang starwars pokemon cookie chocolate
    family friend happy angel heaven jesus christ god money tiger killer pepper ginger
    fieldapp field laptop testimony testimonies witness interview interviewer archive
    coordinator custodian record korea korean north south seoul pyongyang human rights
    saranghae sarang annyeong daehanminguk hangul kimchi mother father sister brother
    correct horse battery staple
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
_LEET = str.maketrans("013457@$", "oieastas")
_KEYBOARD_ROWS = ("`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./")
_KEYBOARD_KEYS = sum(len(row) for row in _KEYBOARD_ROWS)
# Zigzags between rows and down columns (1q2w3e4r, q1w2e3r4, 1qaz2wsx): among the commonest
# Korean passwords. Sought as rows are; they add no keys to the count.
_KEYBOARD_LINES = (
    *_KEYBOARD_ROWS,
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "qawsedrftgyhujikolp;",
    "azsxdcfvgbhnjmk,l.;/",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
)


#: Sentences of this module's ValidationFailedErrors: named templates the desktop app
#: translates (``ui/validation_texts.py``) before filling in their values.
TOO_WEAK = "The passphrase is too weak. {advice}"


def _nfkc_letters(text: str) -> str:
    # Each character alone: a compatibility jamo (ㄱ) becomes the conjoining one (U+1100) that
    # the NFKC copy of a passphrase holds.
    return "".join(unicodedata.normalize("NFKC", char) for char in text)


_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    # Hangul in dictionary order, as children learn it: the Korean 'abcd' and '1234'.
    "가나다라마바사아자차카타파하",
    "아야어여오요우유으이",
    _nfkc_letters("ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"),
    _nfkc_letters("ㅏㅑㅓㅕㅗㅛㅜㅠㅡㅣ"),
)
# Punctuation that l33t spelling uses as letters (p@ssw0rd): not a separator.
_LEET_PUNCTUATION = frozenset("@")
_YEARS = 200
_OTHER_POOL = 100
_SYMBOL_POOL = 33


class Advice(StrEnum):
    """What to tell the person; the UI translates each one."""

    EMPTY = "empty"
    TOO_SHORT = "too_short"
    COMMON_WORD = "common_word"
    KEYBOARD = "keyboard"
    SEQUENCE = "sequence"
    REPEAT = "repeat"
    YEAR = "year"
    TOO_SIMPLE = "too_simple"
    ADD_WORD = "add_word"
    STRONG = "strong"


SENTENCES = {
    Advice.EMPTY: "Type a passphrase.",
    Advice.TOO_SHORT: (
        f"Use at least {MIN_LENGTH} characters; four or five unrelated words are easy to remember."
    ),
    Advice.COMMON_WORD: "Avoid common passwords and words about this work; add unrelated words.",
    Advice.KEYBOARD: "Avoid rows of keys such as qwerty; add unrelated words.",
    Advice.SEQUENCE: "Avoid sequences such as abcd or 1234; add unrelated words.",
    Advice.REPEAT: "Avoid repeated characters or groups; add unrelated words.",
    Advice.YEAR: "Avoid years and dates; add unrelated words.",
    Advice.TOO_SIMPLE: "Too easy to guess; add more unrelated words.",
    Advice.ADD_WORD: "Good enough; one more unrelated word would make it stronger.",
    Advice.STRONG: "Strong passphrase.",
}
# The order in which found patterns are worth mentioning: the most guessable first.
_PATTERN_ADVICE = (Advice.COMMON_WORD, Advice.KEYBOARD, Advice.SEQUENCE, Advice.REPEAT, Advice.YEAR)


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (guessed at once) to 4 (far beyond any guessing)
    bits: float
    advice: Advice
    acceptable: bool

    @property
    def sentence(self) -> str:
        return SENTENCES[self.advice]


@dataclass(frozen=True)
class _Piece:
    length: int
    bits: float
    kind: Advice | None  # None: a character counted as random


def estimate(passphrase: str, context: Iterable[str] = ()) -> Strength:
    """The strength of ``passphrase``; ``context`` holds words a guesser would know (a label)."""
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        return Strength(0, 0.0, Advice.EMPTY, acceptable=False)
    words = COMMON_WORDS | _context_words(context)
    pool_bits = math.log2(max(1, _pool(unicodedata.normalize("NFKC", text))))
    head = text[:MAX_ANALYSED_CHARS]
    # NFKC may lengthen the copy (a ligature is several letters): what is past the cap is dropped.
    analysed = _matching_copy(head)[:MAX_ANALYSED_CHARS]
    bits, found = 0.0, set()
    position = 0
    while position < len(analysed):
        piece = _best_piece(analysed, position, words, pool_bits)
        bits += piece.bits
        if piece.kind is not None:
            found.add(piece.kind)
        position += piece.length
    bits += (len(text) - len(head)) * pool_bits
    score = sum(1 for floor in SCORE_BITS if bits >= floor)
    if len(text) < MIN_LENGTH:
        score = min(score, MIN_SCORE - 1)  # a meter that looks full must not be refused
    acceptable = len(text) >= MIN_LENGTH and score >= MIN_SCORE
    return Strength(score, bits, _advice(text, score, found), acceptable)


def check_passphrase(passphrase: str, context: Iterable[str] = ()) -> None:
    """Refuse a passphrase below the floor, with the sentence that says how to mend it."""
    strength = estimate(passphrase, context)
    if not strength.acceptable:
        raise ValidationFailedError(TOO_WEAK, args={"advice": strength.sentence})


def _advice(text: str, score: int, found: set[Advice]) -> Advice:
    if len(text) < MIN_LENGTH:
        return Advice.TOO_SHORT
    if score >= MAX_SCORE:
        return Advice.STRONG
    for advice in _PATTERN_ADVICE:
        if advice in found:
            return advice
    return Advice.TOO_SIMPLE if score < MIN_SCORE else Advice.ADD_WORD


def _matching_copy(text: str) -> str:
    """``text`` as patterns are sought in it: NFKC, case-folded, each run of separators (spaces,
    punctuation) one space, and none between two single characters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    parts: list[str] = []
    previous = ""
    pending = False
    for is_separator, group in itertools.groupby(folded, key=_is_separator):
        if is_separator:
            pending = True
            continue
        token = "".join(group)
        spaced_out = len(previous) == 1 and len(token) == 1  # "p a s s": one word, spaced
        if pending and (not parts or not spaced_out):
            parts.append(" ")
        parts.append(token)
        previous, pending = token, False
    if pending:
        parts.append(" ")
    return "".join(parts)


def _is_separator(char: str) -> bool:
    if char in _LEET_PUNCTUATION:
        return False
    return char.isspace() or unicodedata.category(char)[0] in "ZP"


def _context_words(context: Iterable[str]) -> frozenset[str]:
    words: set[str] = set()
    for text in context:
        # Read as the passphrase is: a label in NFD, or joined by hyphens, is the same words.
        lowered = _matching_copy(text)
        words.update(w for w in lowered.split() if len(w) >= MIN_WORD)
        # The whole phrase as typed and without its spaces: "laptop 7", "laptop7".
        for phrase in (" ".join(lowered.split()), "".join(lowered.split())):
            if len(phrase) >= MIN_WORD:
                words.add(phrase)
    return frozenset(words)


def _pool(text: str) -> int:
    classes = {_character_class(char) for char in text}
    sizes = {"lower": 26, "upper": 26, "digit": 10, "symbol": _SYMBOL_POOL, "other": _OTHER_POOL}
    return sum(sizes[name] for name in classes)


def _character_class(char: str) -> str:
    if "a" <= char <= "z":
        return "lower"
    if "A" <= char <= "Z":
        return "upper"
    if "0" <= char <= "9":
        return "digit"
    if char.isascii():
        return "symbol"
    return "other"


def _best_piece(text: str, start: int, words: frozenset[str], pool_bits: float) -> _Piece:
    candidates = [
        piece
        for piece in (
            _word(text, start, words),
            _keyboard(text, start),
            _sequence(text, start),
            _repeat(text, start, pool_bits),
            _year(text, start),
            _dictionary_word(text, start),
        )
        if piece is not None
    ]
    if not candidates:
        return _Piece(1, pool_bits, None)
    best = max(candidates, key=lambda p: (p.length, -p.bits))
    # A pattern never costs more than its characters would as random ones.
    return _Piece(best.length, min(best.bits, best.length * pool_bits), best.kind)


def _word(text: str, start: int, words: frozenset[str]) -> _Piece | None:
    rest = text[start:].lower()
    plain = rest.translate(_LEET)
    longest = 0
    variant = 0.0
    for word in words:
        if len(word) <= longest:
            continue
        if rest.startswith(word):
            longest, variant = len(word), 0.0
        elif plain.startswith(word):
            longest, variant = len(word), 1.0
    if longest < MIN_WORD:
        return None
    if text[start : start + longest] != rest[:longest]:
        variant += 1.0  # capitals somewhere in it
    return _Piece(longest, math.log2(len(words)) + variant, Advice.COMMON_WORD)


def _dictionary_word(text: str, start: int) -> _Piece | None:
    # Only a whole run of letters: "lantern", not "antern" starting inside it.
    if start > 0 and _is_latin_letter(text[start - 1]):
        return None
    end = start
    while end < len(text) and _is_latin_letter(text[end]):
        end += 1
    run = text[start:end]
    if len(run) < MIN_WORD or not _looks_like_a_word(run.lower()):
        return None
    bits = DICTIONARY_BITS * math.ceil(len(run) / WORD_LETTERS)
    capitalised = 1.0 if run != run.lower() else 0.0
    return _Piece(len(run), bits + capitalised, None)


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _looks_like_a_word(run: str) -> bool:
    consonants = 0
    for char in run:
        consonants = 0 if char in _VOWELS else consonants + 1
        if consonants > _MAX_CONSONANT_RUN:
            return False
    return any(char in _VOWELS for char in run)


def _keyboard(text: str, start: int) -> _Piece | None:
    rest = text[start:].lower()
    longest = 0
    for row in _KEYBOARD_LINES:
        for line in (row, row[::-1]):
            for length in range(min(len(rest), len(line)), longest, -1):
                if rest[:length] in line:
                    longest = length
                    break
    if longest < MIN_KEYBOARD_RUN:
        return None
    return _Piece(longest, math.log2(_KEYBOARD_KEYS) + math.log2(longest) + 1, Advice.KEYBOARD)


def _sequence(text: str, start: int) -> _Piece | None:
    rest = text[start:].lower()
    for alphabet in _ALPHABETS:
        if len(rest) < MIN_SEQUENCE or rest[0] not in alphabet or rest[1] not in alphabet:
            continue
        step = alphabet.index(rest[1]) - alphabet.index(rest[0])
        if step not in (1, -1):
            continue
        length = 2
        while (
            length < len(rest)
            and rest[length] in alphabet
            and (alphabet.index(rest[length]) - alphabet.index(rest[length - 1]) == step)
        ):
            length += 1
        if length >= MIN_SEQUENCE:
            bits = math.log2(len(alphabet)) + math.log2(length) + 1
            return _Piece(length, bits, Advice.SEQUENCE)
    return None


def _repeat(text: str, start: int, pool_bits: float) -> _Piece | None:
    rest = text[start:]
    for unit in range(1, min(MAX_REPEAT_UNIT, len(rest) // 2) + 1):
        group = rest[:unit]
        count = 1
        while rest[count * unit : (count + 1) * unit] == group:
            count += 1
        if count >= 2 and count * unit >= MIN_SEQUENCE:
            return _Piece(count * unit, unit * pool_bits + math.log2(count), Advice.REPEAT)
    return None


def _year(text: str, start: int) -> _Piece | None:
    candidate = text[start : start + 4]
    # isdecimal() alone would take Arabic-Indic or full-width digits for a year.
    is_year = candidate.isascii() and candidate.isdecimal() and candidate[:2] in ("19", "20")
    return _Piece(4, math.log2(_YEARS), Advice.YEAR) if len(candidate) == 4 and is_year else None
