"""What every format shares: import and export results, clean text, the formula guard."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from spacequiz.core.model import Question
from spacequiz.core.records import Skipped

_SPACES = re.compile(r"[ \t\u00a0]+")


class FormatError(ValueError):
    """The whole file is unreadable as this format (not just one question)."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(message)


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
_GUARDED_STARTS = (*FORMULA_STARTS, "'")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def guard_formula(text: str, *, numbers_are_data: bool = False) -> str:
    """A cell a spreadsheet would run as a formula gets a leading ' (OWASP's advice).

    A cell that starts with its own ' gets one more, so that `unguard_formula` gives back
    exactly what was written. With `numbers_are_data`, a plain number such as "-12" is left
    as it is.
    """
    if not text.startswith(_GUARDED_STARTS):
        return text
    if numbers_are_data and _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text


def unguard_formula(cell: str) -> str:
    """Undo `guard_formula`, so text survives a trip through a spreadsheet unchanged."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_GUARDED_STARTS) else cell


def unsafe_text(question: Question, allowed: str = "\n\t") -> str | None:
    """Why a format with no escape for control characters cannot carry this question, or None.

    A terminal showing the file would obey an escape sequence, so it is never written raw.
    """
    from spacequiz.bank.write import question_fields
    from spacequiz.core.text import first_unsafe

    for key, value in question_fields(question).items():
        for text in value if isinstance(value, list) else [value]:
            found = first_unsafe(text, allowed) if isinstance(text, str) else None
            if found is not None:
                return (
                    f"its {key} holds a control character ({found}, as in escape sequences) "
                    "that this format cannot carry"
                )
    return None


def summary(done: int, skipped: int, verb: str = "imported") -> str:
    """'12 imported, 2 skipped' (the words a user greps for)."""
    return f"{done} {verb}, {skipped} skipped"


def clean_text(text: str, *, entities: bool = False) -> str:
    """Imported text as a bank wants it: one line, no BOM or CR, entities decoded, spaces tidied."""
    if entities:
        text = html.unescape(text)
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    # Line breaks inside an entry are the file's wrapping, not the author's: join them.
    return " ".join(_SPACES.sub(" ", line).strip() for line in text.split("\n") if line.strip())
