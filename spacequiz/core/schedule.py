"""Spaced repetition for `spacequiz review`: which questions a player most needs, and when.

Pure apart from the FSRS scheduler: a player's past answers go in (from any game of the
bank, play or review: the caller picks them by bank, as two banks may share an id), the
state of each question as a flashcard comes out. Nothing is stored but the
answers themselves, so the schedule can always be rebuilt, and improves with FSRS itself.

How an answer becomes an FSRS rating (the README has the same table):

    wrong, partly right, or no answer in time   -> Again  (back in about a minute)
    right, but with the hint or slowly (> 20 s) -> Hard
    right within 20 s                            -> Good
    right within 5 s, no hint                    -> Easy   (rarely seen again)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

FAST_SECONDS = 5.0
SLOW_SECONDS = 20.0


@dataclass(frozen=True)
class Attempt:
    """One past answer to a question."""

    question_id: str
    at: datetime
    correct: bool
    seconds: float
    hint_used: bool = False


@dataclass(frozen=True)
class Memory:
    """What FSRS believes about one question for one player."""

    question_id: str
    due: datetime
    state: str
    stability: float | None
    difficulty: float | None
    retrievability: float
    reviews: int
    misses: int
    last_review: datetime | None

    def is_due(self, now: datetime) -> bool:
        return self.due <= now

    def as_dict(self) -> dict[str, object]:
        return {
            "question_id": self.question_id,
            "due": self.due.isoformat(timespec="seconds"),
            "state": self.state,
            "stability": None if self.stability is None else round(self.stability, 3),
            "difficulty": None if self.difficulty is None else round(self.difficulty, 3),
            "retrievability": round(self.retrievability, 4),
            "reviews": self.reviews,
            "misses": self.misses,
            "last_review": self.last_review.isoformat(timespec="seconds")
            if self.last_review
            else None,
        }


def rating(correct: bool, seconds: float, hint_used: bool) -> Rating:
    """Map how an answer went onto FSRS's four grades (see the module docstring)."""
    if not correct:
        return Rating.Again
    if hint_used or seconds > SLOW_SECONDS:
        return Rating.Hard
    if seconds <= FAST_SECONDS:
        return Rating.Easy
    return Rating.Good


def _card_id(question_id: str) -> int:
    # A stable id (fsrs otherwise stamps the clock and sleeps a millisecond per card).
    return int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:6], "big")


def memories(attempts: Iterable[Attempt], *, now: datetime | None = None) -> dict[str, Memory]:
    """Replay a player's answers, oldest first, through FSRS: one Memory per question."""
    now = now or datetime.now(UTC)
    # No fuzz: the same history always gives the same schedule, which tests and players
    # comparing notes both prefer.
    scheduler = Scheduler(enable_fuzzing=False)
    cards: dict[str, Card] = {}
    counts: dict[str, list[int]] = {}
    for attempt in sorted(attempts, key=lambda a: a.at):
        at = attempt.at.astimezone(UTC)
        card = cards.get(attempt.question_id) or Card(card_id=_card_id(attempt.question_id), due=at)
        grade = rating(attempt.correct, attempt.seconds, attempt.hint_used)
        cards[attempt.question_id], _ = scheduler.review_card(card, grade, review_datetime=at)
        reviews_misses = counts.setdefault(attempt.question_id, [0, 0])
        reviews_misses[0] += 1
        reviews_misses[1] += grade == Rating.Again
    return {
        qid: Memory(
            question_id=qid,
            due=card.due,
            state=State(card.state).name.lower(),
            stability=card.stability,
            difficulty=card.difficulty,
            retrievability=scheduler.get_card_retrievability(card, now),
            reviews=counts[qid][0],
            misses=counts[qid][1],
            last_review=card.last_review,
        )
        for qid, card in cards.items()
    }


def due(memories_: Iterable[Memory], now: datetime, *, among: Sequence[str]) -> list[Memory]:
    """The questions due now (of those in `among`), the longest overdue first."""
    wanted = set(among)
    found = [m for m in memories_ if m.question_id in wanted and m.is_due(now)]
    return sorted(found, key=lambda m: (m.due, m.retrievability, m.question_id))


def upcoming(memories_: Iterable[Memory], now: datetime, *, among: Sequence[str]) -> list[Memory]:
    """Questions not yet due, soonest first."""
    wanted = set(among)
    found = [m for m in memories_ if m.question_id in wanted and not m.is_due(now)]
    return sorted(found, key=lambda m: (m.due, m.question_id))


def unseen(memories_: dict[str, Memory], among: Sequence[str]) -> list[str]:
    """Questions the player has never answered, in bank order."""
    return [qid for qid in among if qid not in memories_]
