"""Plain records that cross layers: rows of the game history, and what an import skipped.

Storage fills them and screens show them, so they live here, where both can see them
without a screen importing the database or a format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AnswerRow:
    question_id: str
    given: str
    correct: bool
    points: int
    seconds: float
    hint_used: bool
    answered_at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "given": self.given,
            "correct": self.correct,
            "points": self.points,
            "seconds": self.seconds,
            "hint_used": self.hint_used,
            "answered_at": self.answered_at,
        }


@dataclass(frozen=True)
class SessionRow:
    id: int
    player: str
    started_at: str
    ended_at: str
    bank_title: str
    bank_fingerprint: str
    filters: str
    seed: int | None
    planned: int
    score: int
    seconds: float
    finished: bool
    mode: str
    answered: int
    correct: int
    answers: tuple[AnswerRow, ...] = ()

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    def as_dict(self, *, with_answers: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "player": self.player,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "mode": self.mode,
            "bank": self.bank_title,
            "bank_fingerprint": self.bank_fingerprint,
            "filters": self.filters or None,  # None: the game had no filters
            "seed": self.seed,
            "finished": self.finished,
            "planned": self.planned,
            "answered": self.answered,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "score": self.score,
            "seconds": round(self.seconds, 2),
        }
        if with_answers:
            data["answers"] = [a.as_dict() for a in self.answers]
        return data


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    asked: int
    missed: int
    seconds: float
    """Average seconds taken."""

    @property
    def miss_rate(self) -> float:
        return self.missed / self.asked if self.asked else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "asked": self.asked,
            "missed": self.missed,
            "miss_rate": round(self.miss_rate, 4),
            "average_seconds": round(self.seconds, 2),
        }


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
