"""Plain records that cross layers: rows of the game history, and what an import skipped.

Storage fills them and screens show them, so they live here, where both can see them
without a screen importing the database or a format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

ParticipantKind = Literal["team", "player"]
SHARED_MODES = ("classroom", "live")
"""Modes of games played by several participants at once, stored as one game."""


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
class Participant:
    """One team (classroom) or player (live game) in a game played together."""

    name: str
    kind: ParticipantKind
    score: int
    seconds: float
    answered: int
    correct: int
    rank: int = 0
    answers: tuple[AnswerRow, ...] = ()

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    def as_dict(self, *, with_answers: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "rank": self.rank,
            "score": self.score,
            "answered": self.answered,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "seconds": round(self.seconds, 2),
        }
        if with_answers:
            data["answers"] = [a.as_dict() for a in self.answers]
        return data


def ranked(participants: Sequence[Participant]) -> tuple[Participant, ...]:
    """Best score first; ties share a rank and keep their given order (team or join order)."""
    order = sorted(range(len(participants)), key=lambda i: (-participants[i].score, i))
    result: list[Participant] = []
    for position, i in enumerate(order, start=1):
        entry = participants[i]
        tie = result and result[-1].score == entry.score
        result.append(replace(entry, rank=result[-1].rank if tie else position))
    return tuple(result)


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
    participants: tuple[Participant, ...] = ()
    """Everyone in a classroom or live game, best first; empty for a game played alone.
    In such a game `player`, `score`, `answered`, `correct`, `seconds` and `answers` are
    the winner's."""
    ended_early: bool = False
    """The teacher ended the game after at least one question: finished, but early."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def shared(self) -> bool:
        return self.mode in SHARED_MODES

    @property
    def winners(self) -> tuple[str, ...]:
        """The names in first place (more than one on a tie)."""
        return tuple(p.name for p in self.participants if p.rank == 1)

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
        if self.shared:  # a game played alone keeps the shape it always had
            data["ended_early"] = self.ended_early
            data["participants"] = [p.as_dict(with_answers=with_answers) for p in self.participants]
        return data


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
