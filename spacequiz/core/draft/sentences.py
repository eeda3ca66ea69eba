"""An article as located sentences: plain text or Markdown in, sentences with their lines out.

Sentence boundaries come from pysbd, a rule-based splitter that knows abbreviations ("Dr.",
"U.S."), decimals and quotations, with no model to load. Markdown is read just enough to
keep its markup out of the sentences: headings, code, links, emphasis and list bullets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacequiz.core.text import strip_controls


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, its whitespace collapsed and its markup removed."""

    number: int
    """1-based, in article order."""
    line: int
    """The article's line (1-based) where the sentence starts."""
    text: str


@dataclass(frozen=True)
class Article:
    sentences: tuple[Sentence, ...]
    emphasised: frozenset[str]
    """Phrases the author set in *italics* or **bold**: titles and names of ships, often."""


_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+|\*+|_+)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s*(?:>\s?)+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
# Words a careless copy ran together: "theRussian", "byMission".
_RUN_TOGETHER = re.compile(r"\b(the|by|of|in|to|from|at|on|and|for|with)(?=[A-Z][a-z])")
_END_PUNCTUATION = re.compile(r"""[.!?:;"'”’)\]]\s*$""")
# Characters pysbd uses as markers inside its rules: text holding them would confuse it.
_PYSBD_RESERVED = re.compile("[∯ȸ♨☝✂⎋ᓰᓱᓳᓴᓷᓸ]")
# A full stop after a lower-case word of four letters or more, then a capital: a sentence
# ends there in any paragraph ("etc." and "approx." are the abbreviations it could miss).
_SURE_END = re.compile(r"(?<=[a-z]{4}[.!?]) (?=[A-Z])")
PART_CHARACTERS = 4000
"""pysbd's time grows faster than a paragraph's length: a paragraph longer than this (a
whole article on one line) is split at sure sentence ends into parts about this long."""
HEADING_WORDS = 12
"""A line of at most this many words without closing punctuation is a heading, not prose."""


def read_article(text: str, progress: Callable[[int, int], None] | None = None) -> Article:
    """The article's sentences, each with the line it starts on.

    `progress`, if given, is called with (lines done, lines in all) as paragraphs are split.
    """
    lines = strip_controls(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    emphasised: set[str] = set()
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    in_code = False
    raw = lines.split("\n")
    for index, line in enumerate(raw):
        number = index + 1
        if _FENCE.match(line):
            in_code = not in_code
            blocks.append(current)
            current = []
            continue
        following = raw[index + 1] if index + 1 < len(raw) else ""
        heading = (
            _ATX_HEADING.match(line)
            or _SETEXT_RULE.match(line)
            or (line.strip() and _SETEXT_RULE.match(following) and following.strip()[0] in "=-")
        )
        if in_code or not line.strip() or heading:
            blocks.append(current)
            current = []
            continue
        cleaned, found = _plain(line)
        emphasised.update(found)
        # A line after one that closed its sentence starts a paragraph: many plain-text
        # articles put each paragraph on one line with no blank line between them.
        if _BULLET.match(line) or (current and _END_PUNCTUATION.search(current[-1][1])):
            blocks.append(current)
            current = []
        if _looks_like_heading(cleaned, current, following):
            blocks.append(current)
            current = []
            continue
        current.append((number, cleaned))
    blocks.append(current)
    sentences: list[Sentence] = []
    for block in blocks:
        if block:
            sentences.extend(_split(block, len(sentences)))
            if progress is not None:
                progress(block[-1][0], len(raw))
    return Article(tuple(sentences), frozenset(emphasised))


def _plain(line: str) -> tuple[str, set[str]]:
    """A Markdown line as plain text, and the phrases it emphasised."""
    line = _QUOTE_MARK.sub("", line)
    line = _BULLET.sub("", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = _CODE.sub(r"\1", line)
    found: set[str] = set()

    def unwrap(match: re.Match[str]) -> str:
        found.add(match[2].strip())
        return match[2]

    # Emphasis markers must touch a word: "5 * 3" and snake_case stay as they are.
    line = _EMPHASIS.sub(unwrap, line)
    line = _RUN_TOGETHER.sub(r"\1 ", line)
    return " ".join(line.split()), found


def _looks_like_heading(line: str, current: list[tuple[int, str]], following: str) -> bool:
    """A short line with no closing punctuation, standing alone: a title, not a sentence."""
    if current or not line or _END_PUNCTUATION.search(line):
        return False
    starts_new = not following.strip() or following.lstrip()[:1].isupper()
    return len(line.split()) <= HEADING_WORDS and starts_new


@cache
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _split(block: list[tuple[int, str]], before: int) -> list[Sentence]:
    """A paragraph's sentences, each located at the line where it starts."""
    text = ""
    starts: list[tuple[int, int]] = []  # (offset in text, line)
    for line, part in block:
        if text:
            text += " "
        starts.append((len(text), line))
        text += part
    safe = _PYSBD_RESERVED.sub(" ", text)  # same length, so offsets still hold
    offsets = [offset for offset, _ in starts]
    found: list[Sentence] = []
    position = 0
    for piece in (p for part in _parts(safe) for p in _segmenter().segment(part)):
        body = str(piece).strip()
        if not body:
            continue
        at = safe.find(body, position)
        if at < 0:  # pysbd changed the text: fall back to where the last one ended
            at = position
        else:
            position = at + len(body)
        line = starts[bisect_right(offsets, at) - 1][1]  # the last line starting by `at`
        sentence = " ".join(text[at : at + len(body)].split())
        found.append(Sentence(before + len(found) + 1, line, sentence))
    return found


def _parts(text: str) -> Iterator[str]:
    """The paragraph in parts of about PART_CHARACTERS, each cut at a sure sentence end."""
    start = 0
    while len(text) - start > PART_CHARACTERS:
        end = _SURE_END.search(text, start + PART_CHARACTERS)
        if end is None:
            break
        yield text[start : end.start()]
        start = end.end()
    yield text[start:]
