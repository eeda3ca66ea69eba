"""Reading what a player typed: normalised text, forgiving matches, numbers with separators."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation, localcontext

FUZZY_THRESHOLD = 85.0
"""rapidfuzz `ratio` (0-100) at or above which a typed text answer counts as right.

85 forgives one slip in a name of seven letters or more ("Shkaplerow" scores 90 against
"Shkaplerov") but not a different name ("Shipenko" scores 33)."""

FUZZY_MIN_LENGTH = 5
"""Shorter answers must match exactly after normalising: one slip in 'Mir' is another word."""

LETTERS_PER_SLIP = 8
"""And at most one edit (a letter added, dropped or changed) per eight letters of the
answer, at least one: "The Change" is three edits from "The Challenge", not a typo."""

_DIGITS = re.compile(r"\d+")
_SCALE_WORDS = re.compile(r"\b(hundred|thousand|million|billion|k|bn)\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"""^[~≈]?\s*(?P<sign>[-+−]?)\s*
        (?P<body>[0-9]{1,3}(?:[ ,\u00a0\u202f'’][0-9]{3})+(?:\.[0-9]+)?   # 3,000 / 3 000 / 1'000.5
        |[0-9]+(?:[.,][0-9]+)?(?:[eE][-+]?[0-9]+)?                        # 3000 / 3.5 / 3,5 / 1.5e3
        |[.,][0-9]+)                                                # .5
        \s*(?P<rest>[^0-9]*)$""",
    re.VERBOSE,
)


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: what we compare typed text on."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M"):
            continue  # combining accents: "Pérésild" -> "peresild"
        kept.append(" " if category[0] in "PSZC" else char)
    return " ".join("".join(kept).split())


def text_matches(typed: str, expected: list[str], reject: Sequence[str] = ()) -> bool:
    """Whether typed text is one of the expected answers, forgiving case, accents and typos.

    Text that is, or is a typo of, an entry in `reject` never counts, unless it is exactly
    one of the expected answers: "Challenger" is not a slip for "The Challenge".
    """
    if reject and _fuzzy_matches(typed, list(reject)):
        given = normalise(typed)
        return bool(given) and any(given == normalise(answer) for answer in expected)
    return _fuzzy_matches(typed, expected)


def _fuzzy_matches(typed: str, expected: list[str]) -> bool:
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.fuzz import ratio

    given = normalise(typed)
    for answer in expected:
        target = normalise(answer)
        if not target:  # an answer of symbols only ("🚀"): compare as typed
            if typed.strip() and typed.strip().casefold() == answer.strip().casefold():
                return True
            continue
        if not given:
            continue
        if given == target:
            return True
        # Numbers inside an answer must be exact: "MS-19" is not a typo for "MS-18".
        if _DIGITS.findall(given) != _DIGITS.findall(target):
            continue
        slips = slips_allowed(target)
        if (
            min(len(given), len(target)) >= FUZZY_MIN_LENGTH
            and ratio(given, target) >= FUZZY_THRESHOLD
            and Levenshtein.distance(given, target) <= slips
        ):
            return True
    return False


def slips_allowed(target: str) -> int:
    """The most edits a typed answer may be from a normalised answer and still count."""
    return max(1, len(target) // LETTERS_PER_SLIP)


MAX_TYPED_NUMBER = 1000
"""Characters of a typed number we read at all; thousands of digits are not an answer."""

BANK_NUMBER_LIMIT = Decimal("1e308")
"""Numbers a bank holds: what a double can, so every YAML and JSON reader agrees on them."""


def parse_number(typed: str) -> Decimal | None:
    """A number as people type it: 3000, 3,000, 3 000, 3.5, 3,5, '37 years'; None if none.

    Exact (a Decimal, never rounded through a float), so 9007199254740993 is not taken for
    9007199254740992.
    """
    typed = typed.strip()
    if len(typed) > MAX_TYPED_NUMBER:
        return None
    match = _NUMBER.match(typed)
    if match is None or _SCALE_WORDS.search(match["rest"]):
        return None  # "3 thousand" is not 3: better asked again than marked wrong
    body = match["body"]
    if re.fullmatch(r"[0-9]{1,3}(?:[ ,\u00a0\u202f'’][0-9]{3})+(?:\.[0-9]+)?", body):
        body = re.sub(r"[ ,\u00a0\u202f'’]", "", body)
    else:
        body = body.replace(",", ".")
    try:
        value = Decimal(body)
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None
    return -value if match["sign"] in ("-", "−") else value


def exact(value: float) -> Decimal:
    """A bank's number as the decimal it was written as (2.3 is 2.3, not 2.2999...)."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))


def number_matches(typed: Decimal, answer: float, tolerance: float = 0.0) -> bool:
    """Whether a typed number is within `tolerance` of the answer, compared exactly."""
    target, room = exact(answer), exact(tolerance)
    with localcontext() as context:
        # Wide enough that answer ± tolerance is exact for any number a bank can hold.
        context.prec = 5000
        low, high = target - room, target + room
    return low <= typed <= high


def bank_number(value: Decimal) -> int | float | None:
    """A typed number as a bank holds it (int when whole), or None when no bank can."""
    if not value.is_finite() or abs(value) >= BANK_NUMBER_LIMIT:
        return None
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    return number if number != 0 else None  # 1e-400 would silently become 0
