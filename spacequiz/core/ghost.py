"""Ghost mode: race a past game. The ghost answers each question as it was answered then,
as fast as it was answered then. Pure: the history is read elsewhere and passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from spacequiz.core.records import AnswerRow, SessionRow

BEST = "best"
LAST = "last"


@dataclass(frozen=True)
class Ghost:
    """A past game to race: its player, which game it was, and its answers in order."""

    player: str
    which: str
    """"best", "last", or a player's name: how the game was asked for."""
    started_at: str
    score: int
    seed: int
    answers: tuple[AnswerRow, ...]

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(a.question_id for a in self.answers)

    def step(self, number: int, your_score: int) -> GhostStep:
        """The ghost at question `number` (1-based), and both running scores."""
        answer = self.answers[number - 1] if 0 < number <= len(self.answers) else None
        ghost_score = sum(a.points for a in self.answers[:number])
        return GhostStep(self.player, self.which, answer, ghost_score, your_score)


@dataclass(frozen=True)
class GhostStep:
    player: str
    which: str
    answer: AnswerRow | None
    """What the ghost answered; None where its game had no answer."""
    ghost_score: int
    your_score: int

    @property
    def lead(self) -> int:
        """Your points ahead of the ghost (below zero: behind)."""
        return self.your_score - self.ghost_score


def find_ghost(
    sessions: Sequence[SessionRow], which: str, player: str, questions: Collection[str]
) -> Ghost | None:
    """The game to race, from sessions with their answers, or None when there is none.

    `which` is "best" or "last" (the player's own finished games) or another player's name
    (their best). Only finished `play` games whose questions are all in `questions` count.
    """
    whose = player if which in (BEST, LAST) else which
    games = [
        s
        for s in sessions
        if s.player == whose
        and s.finished
        and s.mode == "play"
        and s.answers
        and all(a.question_id in questions for a in s.answers)
    ]
    if not games:
        return None
    if which == LAST:
        game = max(games, key=lambda s: (s.started_at, s.id))
    else:  # the best; of equal scores, the earlier
        game = min(games, key=lambda s: (-s.score, s.started_at, s.id))
    return Ghost(
        player=game.player,
        which=which,
        started_at=game.started_at,
        score=game.score,
        seed=game.seed or 0,
        answers=game.answers,
    )
