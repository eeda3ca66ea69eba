"""Names in an article's sentences: capitalised runs of words, and what each one names.

A person, a place, an organisation, a craft (a ship, a spacecraft) or a work (a title): told
by the name's own words ("Mount", "Agency", "RMS"), by the words around it ("the actress",
"in", "the ship"), and by the other places the article mentions it. A lone word that is part
of one longer name ("Hillary", "ISS") names the same thing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from spacequiz.core.draft import words as w
from spacequiz.core.draft.sentences import Sentence

Kind = Literal["person", "place", "organisation", "craft", "work"]
KINDS: tuple[Kind, ...] = ("person", "place", "organisation", "craft", "work")


@dataclass(frozen=True)
class Span:
    """Where a fact stands: its sentence and its characters in the sentence's text."""

    sentence: Sentence
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.sentence.text[self.start : self.end]


@dataclass(frozen=True)
class Mention:
    """A name as the sentence writes it ("Shkaplerov"), and whom it names."""

    span: Span
    name: str
    """The full name ("Anton Shkaplerov"), the same for every mention of one entity."""
    kind: Kind


@dataclass(frozen=True)
class Entity:
    name: str
    kind: Kind
    forms: tuple[str, ...]
    """Every way the article writes the name, the full name first."""


def overlaps(start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*(?:['’]s?)?")
_QUOTED = re.compile(r"[“\"]([^”\"]{1,80}?)[”\"]")


@dataclass
class _Phrase:
    """A run of capitalised words in one sentence, before we know whom it names."""

    span: Span
    words: list[str]
    possessive: bool = False
    quoted: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.words)


def _name_like(token: str) -> bool:
    parts = re.split(r"[-.]", token)
    return (
        bool(parts[0])
        and parts[0][0].isupper()
        and all(p[:1].isupper() or p[:1].isdigit() for p in parts if p)
    )


def _phrases(sentence: Sentence, lowercase: frozenset[str]) -> list[_Phrase]:
    """Capitalised runs: 'Yulia Peresild', 'Bay of Bengal', 'Soyuz MS-18', 'Russia' ('s)."""
    text = sentence.text
    tokens = list(_TOKEN.finditer(text))
    phrases: list[_Phrase] = []
    current: list[re.Match[str]] = []

    def close(possessive: bool = False) -> None:
        while current and current[-1][0].lower() in _CONNECTORS:
            current.pop()
        if current:
            start, end = current[0].start(), current[-1].end()
            if possessive:
                end = current[-1].end() - len(re.search(r"['’]s?$", current[-1][0])[0])  # type: ignore[index]
            words = text[start:end].split()
            phrases.append(_Phrase(Span(sentence, start, end), words, possessive))
        current.clear()

    for index, token in enumerate(tokens):
        word = token[0]
        joined = bool(current) and text[current[-1].end() : token.start()] == " "
        if current and not joined:
            close()
        is_name = _name_like(word) and word.lower().rstrip(".") not in w.MONTHS
        is_name = is_name and word.lower() not in w.WEEKDAYS and word != "I"
        code = bool(current) and word.isdigit() and len(word) <= 3 and _name_like(current[-1][0])
        connector = bool(current) and word.lower() in _CONNECTORS and index + 1 < len(tokens)
        if is_name or code or connector:
            current.append(token)
            if re.search(r"['’]s?$", word) and not code:
                close(possessive=True)
        else:
            close()
    close()
    kept: list[_Phrase] = []
    for phrase in phrases:
        first = phrase.words[0]
        at_start = phrase.span.start == 0 or text[: phrase.span.start].strip() in ("“", '"', "(")
        if at_start and (first.lower() in w.FUNCTION_WORDS or first.lower() in lowercase):
            if len(phrase.words) == 1:
                continue
            offset = phrase.span.start + len(first) + 1
            phrase = _Phrase(
                Span(sentence, offset, phrase.span.end), phrase.words[1:], phrase.possessive
            )
        if phrase.words[0] in ("The", "A", "An") and len(phrase.words) > 1:
            offset = phrase.span.start + len(phrase.words[0]) + 1
            phrase = _Phrase(
                Span(sentence, offset, phrase.span.end), phrase.words[1:], phrase.possessive
            )
        if len(phrase.words) == 1 and phrase.words[0] in w.DEMONYMS:
            continue
        if phrase.words[0] in w.DEMONYMS and len(phrase.words) > 1:
            # "Russian Yulia Peresild": the nationality is not part of the name.
            if phrase.words[1][0].isupper() and phrase.words[-1] not in w.ORGANISATION_NAME_WORDS:
                offset = phrase.span.start + len(phrase.words[0]) + 1
                phrase = _Phrase(
                    Span(sentence, offset, phrase.span.end), phrase.words[1:], phrase.possessive
                )
        kept.append(phrase)
    for match in _QUOTED.finditer(text):
        title = match[1].strip().rstrip(".,;:")
        words = title.split()
        if not words or len(words) > 6 or not words[0][0].isupper() or title[-1:] in "!?":
            continue
        start = match.start(1)
        kept = [p for p in kept if not overlaps(p.span.start, p.span.end, [(start, match.end(1))])]
        kept.append(_Phrase(Span(sentence, start, start + len(title)), words, quoted=True))
    return sorted(kept, key=lambda p: p.span.start)


_CONNECTORS = frozenset("of de da van von der del la le du bin al".split())


def _before(span: Span, count: int = 3) -> list[str]:
    """The lowercase words just before a span (nearest last), stopping at punctuation."""
    head = span.sentence.text[: span.start]
    cut = max(head.rfind(c) for c in ',;:()“”"')
    return [t.lower() for t in re.findall(r"[\w'’-]+", head[cut + 1 :])][-count:]


def _after(span: Span, count: int = 2) -> list[str]:
    tail = span.sentence.text[span.end :]
    return re.findall(r"[\w'’-]+|[,.;:!?]", tail)[:count]


def _cues(phrase: _Phrase, emphasised: frozenset[str], alias: bool = False) -> Counter[Kind]:
    """Votes for what a phrase names, from the phrase itself and the words around it.

    Args:
        alias: the phrase is a short form of a longer name ("ISS", "Shkaplerov"), whose own
            words say more about its kind than the short form's capitals do.
    """
    votes: Counter[Kind] = Counter()
    words = phrase.words
    before = _before(phrase.span)
    after = _after(phrase.span)
    if phrase.quoted or phrase.name in emphasised:
        craft = any(b in w.CRAFT_NOUNS for b in before) or words[0] in w.CRAFT_PREFIXES
        votes["craft" if craft else "work"] += 3
    if words[0] in w.CRAFT_PREFIXES or any(x in w.CRAFT_NAME_WORDS for x in words):
        votes["craft"] += 3
    if len(words) > 1 and any(c.isdigit() for c in words[-1]):
        votes["craft"] += 2
    if any(x in w.ORGANISATION_NAME_WORDS for x in words[1:] or words):
        votes["organisation"] += 3
    if any(x in w.PLACE_NAME_WORDS for x in words) or phrase.name in w.COUNTRIES:
        votes["place"] += 3
    if words[0].lower().rstrip(".") in w.PERSON_TITLES | w.ROYAL_TITLES and len(words) > 1:
        votes["person"] += 3
    if re.fullmatch(r"[A-Z]{2,7}s?", phrase.name) and phrase.name not in w.COUNTRIES and not alias:
        votes["organisation"] += 2
    if words[-1] in w.AWARD_WORDS:
        return Counter()  # a medal or prize: not a kind a question asks about
    nearest = before[-1] if before else ""
    # The noun a name stands for: "actress Yulia Peresild", "a sled called Argo".
    noun = next((b for b in reversed(before) if b not in ("called", "named", "the", "a", "an")), "")
    if noun in w.PERSON_ROLES:
        votes["person"] += 2
    if noun in w.ORGANISATION_NOUNS:
        votes["organisation"] += 2
    if noun in w.CRAFT_NOUNS or nearest == "aboard":
        votes["craft"] += 2
    if noun in w.WORK_NOUNS:
        votes["work"] += 2
    if after and after[0].lower() in w.PLACE_NOUNS:
        votes["place"] += 2
    if nearest in w.PLACE_PREPOSITIONS:
        votes["place"] += 2
    elif nearest == "of" and len(before) > 1 and before[-2] in w.PLACE_OF:
        votes["place"] += 2  # "south-east of Newfoundland"
    elif nearest in w.WEAK_PLACE_PREPOSITIONS:
        votes["place"] += 1
    if (
        after[:1] == [","]
        and len(after) > 1
        and (after[1].isdigit() or after[1] in ("who", "then", "aged"))
    ):
        votes["person"] += 2
    if after and after[0].lower() in ("said", "says", "told", "wrote", "added", "explained"):
        votes["person"] += 2
    if len(words) in (2, 3) and all(x.isalpha() for x in words if x.lower() not in _CONNECTORS):
        votes["person"] += 1  # most two- or three-word names in a report are people's
    return votes


def lowercase_words(sentences: Sequence[Sentence]) -> frozenset[str]:
    return frozenset(t for s in sentences for t in re.findall(r"\b[a-z][\w'-]*", s.text))


def find_names(
    sentences: Sequence[Sentence], emphasised: frozenset[str], lowercase: frozenset[str]
) -> tuple[dict[str, Entity], list[Mention]]:
    phrases = [p for s in sentences for p in _phrases(s, lowercase)]
    # Full names first: a single word links to the one longer name it is part of.
    multi = {p.name for p in phrases if len(p.words) > 1 and not p.quoted}
    by_word: dict[str, set[str]] = defaultdict(set)
    for name in multi:
        for word in name.split():
            if word.lower() not in _CONNECTORS and word[0].isupper():
                by_word[word].add(name)
    for name in multi:  # "Tom Cruise" inside "Mission Impossible-Star Tom Cruise"
        for other in multi:
            if other != name and f" {name} " in f" {other} ":
                by_word[name].add(other)
    # "International Space Station (ISS)": the short form names the same thing.
    for one, two in zip(phrases, phrases[1:], strict=False):
        between = one.span.sentence.text[one.span.end : two.span.start]
        if one.span.sentence == two.span.sentence and between == " (" and len(two.words) == 1:
            by_word[two.name] = {one.name}
    votes: dict[str, Counter[Kind]] = defaultdict(Counter)
    linked: list[tuple[_Phrase, str]] = []
    for phrase in phrases:
        name = phrase.name
        owner = _owner(name, by_word.get(name, set())) if len(phrase.words) == 1 else None
        alias = owner is not None
        if owner is not None:
            name = owner
        votes[name] += _cues(phrase, emphasised, alias)
        if phrase.possessive:
            votes[name]["place" if name in w.COUNTRIES else "person"] += 1
        linked.append((phrase, name))
    # "Elon Musk's SpaceX": what a person owns is an organisation.
    for (holder, holder_name), (owned, owned_name) in zip(linked, linked[1:], strict=False):
        if holder.possessive and owned.span.start == holder.span.end + 3:
            if _kind_of(votes[holder_name]) == "person":
                votes[owned_name]["organisation"] += 2
    # "China and Nepal": names joined by 'and' are of one kind.
    for (one, one_name), (two, two_name) in zip(linked, linked[1:], strict=False):
        between = one.span.sentence.text[one.span.end : two.span.start]
        if one.span.sentence == two.span.sentence and between in (" and ", ", ", " or "):
            for a, b in ((one_name, two_name), (two_name, one_name)):
                kind = _kind_of(votes[b])
                if kind and not _kind_of(votes[a]):
                    votes[a][kind] += 1
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    forms: dict[str, list[str]] = defaultdict(list)
    for phrase, name in linked:
        kind = _kind_of(votes[name])
        if kind is None:
            continue
        if len(name.split()) == 1 and sum(votes[name].values()) < 2:
            continue  # a lone capitalised word with one weak cue: too likely a common word
        display = _strip_title(name) if kind == "person" else name
        text = phrase.span.text
        if text not in forms[display]:
            forms[display].append(text)
        mentions.append(Mention(phrase.span, display, kind))
        entities[display] = Entity(display, kind, ())
    for display, entity in entities.items():
        written = [f for f in forms[display] if f != display]
        entities[display] = replace(entity, forms=(display, *written))
    return entities, mentions


def _owner(word: str, names: set[str]) -> str | None:
    """The one longer name a single word stands for: a surname first ('Hillary' is Edmund
    Hillary, not the Hillary Step), else a first word ('Tenzing' is Tenzing Norgay)."""
    for position in (-1, 0):
        fits = [n for n in names if n.split()[position] == word]
        if len(fits) == 1:
            return fits[0]
        if fits:
            return None
    return next(iter(names)) if len(names) == 1 else None


def _kind_of(votes: Counter[Kind]) -> Kind | None:
    if not votes:
        return None
    best = max(votes.values())
    if best <= 0:
        return None
    return next(k for k in KINDS if votes[k] == best)


def _strip_title(name: str) -> str:
    words = name.split()
    if len(words) > 2 and words[0].lower().rstrip(".") in w.PERSON_TITLES:
        return " ".join(words[1:])
    return name
