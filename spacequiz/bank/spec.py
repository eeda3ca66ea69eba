"""The bank format in one place: which keys a bank and each question type take.

The loader validates against these tables and `spacequiz schema` turns them into a JSON
Schema, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacequiz.core.model import DIFFICULTIES, QUESTION_TYPES, QuestionType

FieldKind = Literal["text", "text_list", "number", "bool", "enum", "slug"]

FORMAT_VERSION = 1
MAX_BANK_BYTES = 16 * 1024 * 1024
"""Largest bank file accepted (16 MiB holds well over 50,000 questions)."""

MAX_TEXT_CHARS = 10_000
"""Longest text value (a prompt, a choice, an explanation): a question is read on one
screen, and a bank of such questions stays far below MAX_BANK_BYTES."""

SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    description: str
    required: bool = False
    values: tuple[str, ...] = ()
    min_items: int = 0


ID = Field("id", "slug", "Unique, stable identifier: ASCII letters, digits, '-', '_', '.'.", True)
TYPE = Field("type", "enum", "The kind of question.", True, QUESTION_TYPES)
PROMPT = Field("prompt", "text", "The question as the player reads it.", True)
EXPLANATION = Field("explanation", "text", "One or two sentences shown after the answer.")
DIFFICULTY = Field("difficulty", "enum", "easy, medium (the default) or hard.", False, DIFFICULTIES)
TAGS = Field("tags", "text_list", "Topics, used to filter and to report accuracy by tag.")
HINT = Field("hint", "text", "Shown when the player asks for a hint (costs points).")
FAMILY = Field(
    "family",
    "slug",
    "Questions that ask or give away the same fact share a family; a game asks one of them.",
)
CHOICES = Field("choices", "text_list", "The options shown, at least two.", True, min_items=2)

COMMON = (ID, TYPE, PROMPT, EXPLANATION, DIFFICULTY, TAGS, HINT, FAMILY)

QUESTION_FIELDS: dict[QuestionType, tuple[Field, ...]] = {
    "choice": (
        *COMMON,
        CHOICES,
        Field("answer", "text", "The right choice, written exactly as in choices.", True),
    ),
    "multi": (
        *COMMON,
        CHOICES,
        Field("answer", "text_list", "Every right choice, as in choices.", True, min_items=1),
    ),
    "truefalse": (*COMMON, Field("answer", "bool", "true or false.", True)),
    "text": (
        *COMMON,
        Field("answer", "text", "The expected answer.", True),
        Field("accept", "text_list", "Other answers that also count."),
        Field(
            "reject",
            "text_list",
            "Answers that never count, even if close to the answer (a near-miss word).",
        ),
    ),
    "number": (
        *COMMON,
        Field("answer", "number", "The expected number.", True),
        Field("tolerance", "number", "How far from the answer still counts (default 0)."),
        Field("unit", "text", "Shown after the answer box, e.g. years."),
    ),
    "order": (
        *COMMON,
        Field(
            "items",
            "text_list",
            "The items in the right order; the game shuffles them.",
            True,
            min_items=2,
        ),
    ),
}

ALL_QUESTION_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(f.name for fields in QUESTION_FIELDS.values() for f in fields)
)

BANK_FIELDS = (
    Field("version", "number", f"The format version: {FORMAT_VERSION}."),
    Field("title", "text", "The bank's title, shown on the title screen."),
    Field("questions", "text_list", "The questions.", True),
)
