"""The facts a quiz can ask, found in an article's sentences by plain rules.

Names of people, places, organisations, craft and works (see `names`); numbers with what
they count; ages; dates and years. Every fact keeps its sentence and where in it it stands,
so a question can blank it out and a comment can cite it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Protocol, TypeVar

from spacequiz.core.answers import normalise
from spacequiz.core.draft import words as w
from spacequiz.core.draft.names import (
    KINDS,
    Entity,
    Kind,
    Mention,
    Span,
    find_names,
    lowercase_words,
    overlaps,
)
from spacequiz.core.draft.sentences import Article, Sentence

__all__ = ["KINDS", "Entity", "Facts", "Kind", "Mention", "Quantity", "Span", "When", "find_facts"]


class _HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


_Located = TypeVar("_Located", bound=_HasSpan)


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts: "around 3,000 applicants", "six months", an age."""

    span: Span
    value: float
    unit: str
    """The noun counted or the unit ("applicants", "metres"); "years" for an age."""
    hedged: bool
    """The article gives it as approximate ("about", "around", "more than")."""
    age_of: str | None = None
    """For an age: the person's full name."""


@dataclass(frozen=True)
class When:
    """A date or year, with the year inferred from nearby dates when it is not written."""

    span: Span
    year: int
    month: int | None
    day: int | None
    year_written: bool

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Facts:
    sentences: tuple[Sentence, ...]
    entities: dict[str, Entity]
    mentions: tuple[Mention, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[When, ...]
    lowercase: frozenset[str] = frozenset()
    """Every word the article writes in lower case: a capitalised one is then no name."""

    # Each draft looks up its own sentence's facts and the names of a kind: indexed once,
    # so drafting grows with the article rather than with its square.

    def mentions_in(self, sentence: Sentence) -> list[Mention]:
        return list(self._in_sentence[0].get(sentence, ()))

    def quantities_in(self, sentence: Sentence) -> list[Quantity]:
        return list(self._in_sentence[1].get(sentence, ()))

    def dates_in(self, sentence: Sentence) -> list[When]:
        return list(self._in_sentence[2].get(sentence, ()))

    def of_kind(self, kind: Kind) -> list[Entity]:
        return list(self._of_kind.get(kind, ()))

    def normalised(self, name: str) -> str:
        """`normalise(name)`, remembered: the same names are compared again and again."""
        known = self._normalised.get(name)
        if known is None:
            known = self._normalised[name] = normalise(name)
        return known

    def unrelated(self, kind: Kind, name: str) -> list[Entity]:
        """Names of a kind that neither hold `name` (a plural 's' aside) nor are part of it:
        worked out once for each name, since an article mentions its people again and again."""
        found = self._unrelated.get((kind, name))
        if found is None:
            key = self.normalised(name).removesuffix("s")
            found = self._unrelated[kind, name] = [
                e
                for e in self.of_kind(kind)
                if key not in self.normalised(e.name) and self.normalised(e.name) not in key
            ]
        return list(found)

    @cached_property
    def _unrelated(self) -> dict[tuple[Kind, str], list[Entity]]:
        return {}

    @cached_property
    def _in_sentence(
        self,
    ) -> tuple[
        dict[Sentence, list[Mention]], dict[Sentence, list[Quantity]], dict[Sentence, list[When]]
    ]:
        return _by_sentence(self.mentions), _by_sentence(self.quantities), _by_sentence(self.dates)

    @cached_property
    def _of_kind(self) -> dict[Kind, list[Entity]]:
        kinds: dict[Kind, list[Entity]] = {}
        for entity in self.entities.values():
            kinds.setdefault(entity.kind, []).append(entity)
        return kinds

    @cached_property
    def _normalised(self) -> dict[str, str]:
        return {}


def _by_sentence(facts: Sequence[_Located]) -> dict[Sentence, list[_Located]]:
    """Facts grouped by their sentence, in their order."""
    groups: dict[Sentence, list[_Located]] = {}
    for fact in facts:
        groups.setdefault(fact.span.sentence, []).append(fact)
    return groups


# Dates ------------------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(1[0-9]{3}|20[0-9]{2})"
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTH}),? (?P<year>{_YEAR[1:-1]})\b"),
    re.compile(
        rf"\b(?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>{_YEAR[1:-1]})\b"
    ),
    re.compile(r"\b(?P<year>(?:1[0-9]{3}|20[0-9]{2}))-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])\b"),
    re.compile(rf"\b(?P<month>{_MONTH}) (?P<year>{_YEAR[1:-1]})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTH})\b(?! \d)"),
    re.compile(rf"\b(?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d)"),
)
_BARE_YEAR = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|year|early|late|mid|during|before|after)"
    r"|^)\s+(?P<year>(?:1[0-9]{3}|20[0-9]{2}))\b(?![,.]?\d)",
    re.IGNORECASE,
)


def _dates(sentences: Sequence[Sentence]) -> list[When]:
    found: list[When] = []
    last_year: int | None = None
    for sentence in sentences:
        taken: list[tuple[int, int]] = []
        in_sentence: list[When] = []
        for pattern in _DATE_PATTERNS:
            for match in pattern.finditer(sentence.text):
                if overlaps(match.start(), match.end(), taken):
                    continue
                month_text = match["month"].rstrip(".").lower()
                month = int(month_text) if month_text.isdigit() else w.MONTHS.get(month_text)
                if month is None or not 1 <= month <= 12:
                    continue
                day = int(match["day"]) if "day" in match.groupdict() and match["day"] else None
                if day is not None and not 1 <= day <= 31:
                    continue
                year_text = match.groupdict().get("year")
                if month_text == "may" and day is None and year_text is None:
                    continue  # "may" the verb
                taken.append((match.start(), match.end()))
                span = Span(sentence, match.start(), match.end())
                year = int(year_text) if year_text else 0
                in_sentence.append(When(span, year, month, day, year_text is not None))
        for match in _BARE_YEAR.finditer(sentence.text):
            start, end = match.start("year"), match.end("year")
            if overlaps(start, end, taken):
                continue
            taken.append((start, end))
            span = Span(sentence, start, end)
            in_sentence.append(When(span, int(match["year"]), None, None, True))
        for when in sorted(in_sentence, key=lambda d: d.span.start):
            if when.year_written:
                last_year = when.year
            elif last_year is not None:
                when = replace(when, year=last_year)
            else:
                continue  # no year to place it in time
            found.append(when)
    return found


# Numbers ----------------------------------------------------------------------------------

_NUMERAL = re.compile(
    r"(?<![\w.,'’-])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<old>-year-old)?(?![\w]|[.,]\d|-\w)"
)
_WORD_NUMBER = re.compile(r"\b(?P<number>" + "|".join(w.NUMBER_WORDS) + r")\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(about|around|some|nearly|almost|roughly|approximately|over|more than|at least|"
    r"up to|fewer than|less than|just over|just under|an estimated|estimated)\s+$",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"^\s*(?:to|-|–|and|or)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:to|-|–|and|or)\s*$")
_NOT_A_COUNT = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d|per\s?cent|%)", re.IGNORECASE)


def _quantities(
    sentences: Sequence[Sentence], dates: Sequence[When], mentions: Sequence[Mention]
) -> list[Quantity]:
    found: list[Quantity] = []
    dates_in, mentions_in = _by_sentence(dates), _by_sentence(mentions)
    for sentence in sentences:
        taken = [(d.span.start, d.span.end) for d in dates_in.get(sentence, ())]
        here = mentions_in.get(sentence, [])
        people = [m for m in here if m.kind == "person"]
        names = [(m.span.start, m.span.end) for m in here]
        candidates: list[tuple[int, int, float, bool]] = []
        for match in _NUMERAL.finditer(sentence.text):
            value = float(match["number"].replace(",", ""))
            candidates.append((match.start(), match.end(), value, bool(match["old"])))
        for match in _WORD_NUMBER.finditer(sentence.text):
            value = float(w.NUMBER_WORDS[match["number"].lower()])
            candidates.append((match.start(), match.end(), value, False))
        for start, end, value, year_old in sorted(candidates):
            if overlaps(start, end, taken) or overlaps(start, end, names):
                continue
            text = sentence.text
            head, tail = text[:start], text[end:]
            if _RANGE_AFTER.match(tail) or _RANGE_BEFORE.search(head) or _NOT_A_COUNT.match(tail):
                continue
            hedged = _HEDGE.search(head) is not None
            span = Span(sentence, start, end)
            if year_old:
                span = Span(sentence, start, start + len(text[start:end].split("-")[0]))
                person = _age_person(span, people)
                if person:
                    found.append(Quantity(span, value, "years", hedged, age_of=person))
                continue
            person = _appositive_age(span, people)
            if person:
                found.append(Quantity(span, value, "years", hedged, age_of=person))
                continue
            unit = _unit(tail, word_number=not text[start].isdigit())
            if unit is None:
                continue
            found.append(Quantity(span, value, unit, hedged))
    return found


def _age_person(span: Span, people: Sequence[Mention]) -> str | None:
    """Whose age 'N-year-old' gives: 'X, a 37-year-old ...' or '37-year-old ... X'."""
    text = span.sentence.text
    for person in people:
        between = text[person.span.end : span.start]
        if re.fullmatch(r",\s+(?:a|an|then\s+a|then\s+an)\s+", between):
            return person.name
    for person in people:
        if person.span.start > span.end and len(text[span.end : person.span.start].split()) <= 6:
            between = text[span.end : person.span.start]
            if not re.search(r"\b(and|or|with|of)\b", between):
                return person.name
    return None


def _appositive_age(span: Span, people: Sequence[Mention]) -> str | None:
    """'Shkaplerov, 49,' / 'Ballard, then 43,' / 'Tenzing, aged 39': an age after a name."""
    text = span.sentence.text
    if not re.match(r"\s*[,)]", text[span.end :]):
        return None
    for person in people:
        between = text[person.span.end : span.start]
        if re.fullmatch(r",\s+(?:then\s+|aged\s+|now\s+)?|\s+\(", between):
            return person.name
    return None


def _unit(tail: str, word_number: bool) -> str | None:
    """What a number counts, from the words after it: 'applicants', 'main pieces', 'metres'."""
    following: list[str] = re.findall(r"[\w'’-]+|[^\w\s]", tail)[:3]
    if not following:
        return None
    first = following[0]
    if first in ("%",) or first.lower() in ("percent", "per"):
        return "per cent"
    if not first[0].islower() and first not in w.DEMONYMS:
        return None
    if first.lower() in w.FUNCTION_WORDS and first.lower() not in w.MEASURE_UNITS:
        return None
    if first.endswith("ed") and first.lower() not in w.MEASURE_UNITS:
        return None  # "about 710 survived": a verb, the thing counted left unsaid
    if first in w.DEMONYMS or first in w.SMALL_ADJECTIVES:
        if len(following) > 1 and following[1][:1].isalpha() and following[1][0].islower():
            return f"{first} {following[1]}"
        return None
    if word_number and first.lower() in ("of", "by", "at", "to"):
        return None
    return first.lower() if first[0].islower() else first


# The whole article ------------------------------------------------------------------------


def find_facts(article: Article) -> Facts:
    """Every fact the rules find in the article, in article order."""
    sentences = article.sentences
    lowercase = lowercase_words(sentences)
    entities, mentions = find_names(sentences, article.emphasised, lowercase)
    dates = _dates(sentences)
    date_spans: dict[int, set[tuple[int, int]]] = {}
    for d in dates:
        date_spans.setdefault(d.span.sentence.number, set()).add((d.span.start, d.span.end))
    # A name overlapping a date is a month misread as a name ("May 29").
    mentions = [
        m
        for m in mentions
        if not overlaps(m.span.start, m.span.end, date_spans.get(m.span.sentence.number, ()))
    ]
    quantities = _quantities(sentences, dates, mentions)
    used = {m.name for m in mentions}
    entities = {k: v for k, v in entities.items() if k in used}
    return Facts(
        tuple(sentences), entities, tuple(mentions), tuple(quantities), tuple(dates), lowercase
    )
