"""What every format shares: import and export results, skip reports, ids, clean text."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacequiz.core.model import Question

MAX_ID_LENGTH = 48
"""Ids proposed from a prompt stay short enough to read and to type."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_STOP_WORDS = frozenset(
    "a an the of in on at to for and or is are was were be by with what which who whom "
    "whose when where why how did does do true false".split()
)
# Cyrillic has no ASCII decomposition, so ids from Russian prompts are transliterated.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяі",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia i".split(),
        strict=True,
    )
) | {"ъ": "", "ь": ""}
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Skipped:
    """One entry a format could not bring across, and why; `line` is 1-based (0: unknown)."""

    line: int
    reason: str
    label: str = ""
    kept: bool = False
    """The question came across, but not all of it: `reason` says what was left out."""

    def describe(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        what = f" ({self.label})" if self.label else ""
        verb = "imported with a change" if self.kept else "skipped"
        return f"{where}: {verb}{what}: {self.reason}"


@dataclass(frozen=True)
class Entry:
    """An imported question and the line of the source where it began."""

    question: Question
    line: int


@dataclass(frozen=True)
class Imported:
    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...] = ()
    title: str = ""
    changed: tuple[Skipped, ...] = ()
    """Questions imported with something left out (kept=True), each said out loud."""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(e.question for e in self.entries)


@dataclass(frozen=True)
class Exported:
    text: str
    written: int
    skipped: tuple[Skipped, ...] = field(default=())


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def guard_formula(text: str, *, numbers_are_data: bool = False) -> str:
    """A cell a spreadsheet would run as a formula gets a leading ' (OWASP's advice).

    With `numbers_are_data`, a plain number such as "-12" is left as it is.
    """
    if not text.startswith(FORMULA_STARTS):
        return text
    if numbers_are_data and _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text


def unguard_formula(cell: str) -> str:
    """Undo `guard_formula`, so text survives a trip through a spreadsheet unchanged."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def summary(done: int, skipped: int, verb: str = "imported") -> str:
    """'12 imported, 2 skipped' (the words a user greps for)."""
    return f"{done} {verb}, {skipped} skipped"


def slugify(text: str) -> str:
    """A short ASCII slug of a text's meaningful words, e.g. 'launch-site'."""
    text = "".join(_CYRILLIC.get(c, c) for c in text.lower())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in _NOT_SLUG.split(ascii_text.lower()) if w]
    meaningful = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in meaningful:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_ID_LENGTH:
            break
        slug = longer
    return slug or (meaningful[0][:MAX_ID_LENGTH] if meaningful else "")


class Ids:
    """Hands out unique ids: from a title or prompt, with -2, -3... when one is taken."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {t.casefold() for t in taken}

    def propose(self, *sources: str) -> str:
        base = next((s for s in map(slugify, sources) if s), "") or "question"
        candidate, number = base, 2
        while candidate.casefold() in self.taken:
            candidate = f"{base}-{number}"
            number += 1
        self.taken.add(candidate.casefold())
        return candidate


def clean_text(text: str, *, entities: bool = False) -> str:
    """Imported text as a bank wants it: one line, no BOM or CR, entities decoded, spaces tidied."""
    if entities:
        text = html.unescape(text)
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    # Line breaks inside an entry are the file's wrapping, not the author's: join them.
    return " ".join(_SPACES.sub(" ", line).strip() for line in text.split("\n") if line.strip())
