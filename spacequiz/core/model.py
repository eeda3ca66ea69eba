"""The plain data of spacequiz: questions, banks, and the problems found in them.

Everything here is immutable and free of I/O, so every other layer can share it safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacequiz.core.problem_codes import PROBLEM_CODES

QuestionType = Literal["choice", "multi", "truefalse", "text", "number", "order"]
Difficulty = Literal["easy", "medium", "hard"]

QUESTION_TYPES: tuple[QuestionType, ...] = (
    "choice",
    "multi",
    "truefalse",
    "text",
    "number",
    "order",
)
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")


@dataclass(frozen=True, kw_only=True)
class BaseQuestion:
    """What every question has, whatever its type."""

    id: str
    prompt: str
    explanation: str = ""
    difficulty: Difficulty = "medium"
    tags: tuple[str, ...] = ()
    hint: str | None = None
    family: str | None = None
    """Questions of one family ask (or give away) the same fact: a game asks one of them."""


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(BaseQuestion):
    """Pick the one right choice."""

    choices: tuple[str, ...]
    answer: str
    type: Literal["choice"] = "choice"


@dataclass(frozen=True, kw_only=True)
class MultiQuestion(BaseQuestion):
    """Select all the choices that apply."""

    choices: tuple[str, ...]
    answer: tuple[str, ...]
    type: Literal["multi"] = "multi"


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(BaseQuestion):
    """Say whether a statement is true."""

    answer: bool
    type: Literal["truefalse"] = "truefalse"

    @property
    def choices(self) -> tuple[str, ...]:
        return ("True", "False")


@dataclass(frozen=True, kw_only=True)
class TextQuestion(BaseQuestion):
    """Type a short answer; `accept` lists other forms that also count, `reject` forms that
    never do, however close they come ("Challenger" for "The Challenge")."""

    answer: str
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    type: Literal["text"] = "text"


@dataclass(frozen=True, kw_only=True)
class NumberQuestion(BaseQuestion):
    """Type a number; anything within `tolerance` of the answer counts."""

    answer: float
    tolerance: float = 0.0
    unit: str | None = None
    type: Literal["number"] = "number"


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(BaseQuestion):
    """Put `items` (stored in the right order) back in order."""

    items: tuple[str, ...]
    type: Literal["order"] = "order"


Question = (
    ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | TextQuestion
    | NumberQuestion
    | OrderQuestion
)


@dataclass(frozen=True)
class Bank:
    """A titled list of questions, read from one file or merged from several."""

    title: str
    questions: tuple[Question, ...]
    sources: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file, located so an editor can jump to it.

    `code` names the kind of problem (one of core.problem_codes.PROBLEM_CODES) for scripts
    and for code that must tell problems apart; `field` is the path of the value it is
    about, e.g. "questions[2].choices[1]", or "" for the file as a whole.
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    code: str = field(kw_only=True)
    field: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }
