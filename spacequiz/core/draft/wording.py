"""Sentences turned into prompts: blanks, 'who ...?' and 'how many ...?' questions, statements.

Plain string rules over one sentence and the places of its facts. Each function returns
None when its pattern does not fit, so the caller falls back to a simpler wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacequiz.core.answers import normalise
from spacequiz.core.draft import words as w
from spacequiz.core.draft.facts import Mention, Quantity, Span

BLANK = "___"
MAX_QUOTED_WORDS = 32
"""A sentence quoted in a prompt is cut to the clauses around its blank beyond this."""
MIN_PREDICATE_WORDS = 3

_DETERMINERS = frozenset("the a an their his her its our".split())
_BAD_STARTERS = frozenset(
    """and or but nor of in on at to for from by with as who which that whose the a an
    this these those 's later earlier ago""".split()
)
_NOUNS = w.PERSON_ROLES | w.ORGANISATION_NOUNS | w.CRAFT_NOUNS
_AND = (" and ", ", ", ", and ")


def blanked(spans: Sequence[Span], replacement: str = BLANK) -> str:
    """The spans' sentence with each span replaced, cut to the clauses around the blanks."""
    sentence = spans[0].sentence.text
    pieces: list[str] = []
    if sentence.startswith("“") and sentence.endswith("”") and sentence.count("“") == 1:
        sentence = " " + sentence[1:-1] + " "  # a quoted sentence: its own marks go

    position = 0
    for span in sorted(spans, key=lambda s: s.start):
        pieces += [sentence[position : span.start], replacement]
        position = span.end
    pieces.append(sentence[position:])
    return clip("".join(pieces).strip(), replacement)


def clip(text: str, keep: str = BLANK) -> str:
    """Long text cut at commas to the clauses around `keep`, with '…' where it was cut."""
    if len(text.split()) <= MAX_QUOTED_WORDS:
        return text
    parts = text.split(", ")
    centre = next((i for i, p in enumerate(parts) if keep in p), 0)
    low = high = centre
    while len(", ".join(parts[low : high + 1]).split()) < MAX_QUOTED_WORDS // 2:
        if high + 1 < len(parts):
            high += 1
        elif low > 0:
            low -= 1
        else:
            break
    clipped = ", ".join(parts[low : high + 1])
    if low > 0:
        clipped = "…" + clipped
    if high < len(parts) - 1:
        clipped = clipped.rstrip(".,;") + "…"
    return clipped


def quoted(text: str) -> str:
    return f"“{text}”"


def mentions_any(text: str, forms: Sequence[str]) -> bool:
    """Whether any of the forms appears in the text as whole words (case and accents aside)."""
    padded = f" {normalise(text)} "
    return any(normalise(f) and f" {normalise(f)} " in padded for f in forms)


@dataclass(frozen=True)
class Subject:
    """A name that is the subject of its clause, and what the clause says it did."""

    intro: str
    """What stands before the clause ("When the crew docked, "), or ""."""
    predicate: str
    """What the subject did ("found the group alive on the ledge"), or "" if unclear."""
    partners: tuple[Mention, ...]
    """Others in the same subject ("A and B landed"): the question then asks for all."""
    relative: str
    """What a 'who' clause after the name says ("X, who led the dive, ...")."""


def subject(mention: Mention, mentions: Sequence[Mention]) -> Subject | None:
    """The clause a name is the subject of, if the sentence reads that way."""
    text = mention.span.sentence.text
    head = text[: mention.span.start]
    comma = head.rfind(", ")
    clause_start = comma + 2 if comma >= 0 else 0
    words = head[clause_start:].split()
    if words and not _noun_phrase(words):
        return None
    intro = text[:clause_start].rstrip(", ")
    if intro and (len(intro.split()) <= 2 and not re.search(r"\d", intro)):
        intro = ""  # "However," "Incidentally," add nothing to a question
    if intro.startswith(("“", '"')) or intro.count("(") != intro.count(")"):
        return None
    rest = text[mention.span.end :]
    partners: list[Mention] = []
    relative = ""
    rest = re.sub(r"^\s*\([^)]*\)", "", rest)
    if rest.startswith(", "):
        inner, separator, after = rest[2:].partition(", ")
        if not separator:
            return None
        if inner.startswith("who "):
            relative = _clause_end(inner[4:])
        rest = " " + after
    else:
        end = mention.span.end
        for other in sorted(mentions, key=lambda m: m.span.start):
            if other.span.start < end:
                continue
            if other.kind != mention.kind or text[end : other.span.start] not in _AND:
                break
            partners.append(other)
            end = other.span.end
        rest = text[end:]
    predicate = _clause_end(rest.strip())
    first = predicate.split()[0] if predicate else ""
    if not first or not first[0].islower() or first in _BAD_STARTERS:
        predicate = ""
    if len(predicate.split()) < MIN_PREDICATE_WORDS:
        predicate = ""
    if not predicate and not relative:
        return None
    return Subject(intro, predicate, tuple(partners), relative)


def _noun_phrase(words: Sequence[str]) -> bool:
    """Whether the words before a name describe it: 'The 37-year-old Russian actress'."""
    first = words[0]
    if not (first.lower() in _DETERMINERS or first in w.DEMONYMS or first.lower() in _NOUNS):
        if not re.fullmatch(r"\d+-year-old", first) and first.lower() not in w.SMALL_ADJECTIVES:
            return False
    if words[-1].lower() not in _NOUNS:
        return False
    return not any(x.lower() in w.FUNCTION_WORDS - _DETERMINERS for x in words)


def _clause_end(text: str) -> str:
    """Text up to the end of its clause: the first comma, semicolon or full stop."""
    cut = re.split(r",\s|;\s|\s[—–]\s|[.!?](?:[”\"’]?)(?:\s|$)", text, maxsplit=1)[0]
    return cut.strip().rstrip('.!?”"’').strip()


def question(intro: str, wh: str, predicate: str, suffix: str = "") -> str:
    """'When the crew docked, who had to switch ...?' from its parts."""
    body = f"{intro}, {wh} {predicate}?" if intro else f"{wh} {predicate}?"
    return capitalised(body + (f" {suffix}" if suffix else ""))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def how_many(quantity: Quantity) -> str | None:
    """'On October 5, 2021, how many people launched from ...?' when the count is a subject."""
    text = quantity.span.sentence.text
    head = text[: quantity.span.start]
    comma = head.rfind(", ")
    clause_start = comma + 2 if comma >= 0 else 0
    between = head[clause_start:].strip().lower()
    if between and between not in {h.replace("-", " ") for h in w.HEDGES}:
        return None
    intro = text[:clause_start].rstrip(", ")
    if intro and len(intro.split()) <= 2 and not re.search(r"\d", intro):
        intro = ""
    after_unit = text[quantity.span.end :].lstrip()
    if not after_unit.lower().startswith(quantity.unit.lower()):
        return None
    rest = after_unit[len(quantity.unit) :]
    if rest.startswith(", "):
        _, separator, after = rest[2:].partition(", ")
        if not separator:
            return None
        rest = " " + after
    predicate = _clause_end(rest.strip())
    first = predicate.split()[0] if predicate else ""
    if not first or not first[0].islower() or first in _BAD_STARTERS:
        return None
    if len(predicate.split()) < MIN_PREDICATE_WORDS:
        return None
    wh = "about how many" if quantity.hedged else "how many"
    return question(intro, f"{wh} {quantity.unit}", predicate)


def statement(text: str, keep_capital: bool) -> str:
    """A sentence as a statement after 'According to the article, '."""
    text = text.rstrip()
    if not keep_capital and text[:1].isupper() and not text[:2].isupper():
        text = text[:1].lower() + text[1:]
    return text
