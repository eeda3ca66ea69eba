"""The moments that make a game feel like one: streak milestones and where a score stands
among the player's own games. Pure: the history is read elsewhere and passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacequiz.core.records import SessionRow

STREAK_MILESTONES = (3, 5, 10)
"""Streaks that get a moment of their own on screen."""


def streak_milestone(streak: int) -> int | None:
    """The milestone a streak has just reached, if any."""
    return streak if streak in STREAK_MILESTONES else None


@dataclass(frozen=True)
class Standing:
    """Where a finished game's score stands among the player's games like it."""

    score: int
    rank: int
    """1 for the best; equal scores share a rank."""
    games: int
    """How many games it was compared with, itself included."""
    previous_best: int | None
    """The best score before this game; None for a first game."""

    @property
    def first_game(self) -> bool:
        return self.previous_best is None

    @property
    def new_best(self) -> bool:
        return self.previous_best is not None and self.score > self.previous_best

    @property
    def equals_best(self) -> bool:
        return self.previous_best is not None and self.score == self.previous_best


def standing(score: int, earlier: Sequence[int]) -> Standing:
    """A score against the player's earlier scores."""
    return Standing(
        score=score,
        rank=1 + sum(1 for s in earlier if s > score),
        games=len(earlier) + 1,
        previous_best=max(earlier) if earlier else None,
    )


def comparable(rows: Sequence[SessionRow], game: SessionRow) -> list[int]:
    """Scores of the finished games a game is ranked against: the same player, bank
    (fingerprint) and number of questions, played in `play` mode, before it."""
    return [
        r.score
        for r in rows
        if r.id != game.id
        and r.finished
        and r.mode == "play"
        and r.player == game.player
        and r.bank_fingerprint == game.bank_fingerprint
        and r.planned == game.planned
        and (r.started_at, r.id) < (game.started_at, game.id)
    ]
