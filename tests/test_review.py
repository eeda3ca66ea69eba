"""Spaced repetition: how answers map onto FSRS ratings and what falls due when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from spacequiz.core.schedule import Attempt, due, memories, rating, unseen, upcoming

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("correct", "seconds", "hint", "expected"),
    [
        (False, 1.0, False, Rating.Again),
        (True, 30.0, False, Rating.Hard),
        (True, 2.0, True, Rating.Hard),
        (True, 10.0, False, Rating.Good),
        (True, 4.0, False, Rating.Easy),
    ],
)
def test_rating_mapping(correct: bool, seconds: float, hint: bool, expected: Rating) -> None:
    assert rating(correct, seconds, hint) is expected


def test_a_missed_question_comes_back_soon_a_known_one_much_later() -> None:
    known = memories([Attempt("missed", T0, False, 3.0), Attempt("known", T0, True, 3.0)], now=T0)
    assert known["missed"].due - T0 <= timedelta(minutes=10)
    assert known["known"].due - T0 >= timedelta(days=3)
    assert known["missed"].misses == 1
    assert known["known"].misses == 0


def test_due_and_upcoming_split_on_now_and_ignore_other_banks() -> None:
    known = memories(
        [
            Attempt("a", T0, False, 3.0),
            Attempt("b", T0, True, 3.0),
            Attempt("elsewhere", T0, False, 3.0),
        ],
        now=T0,
    )
    later = T0 + timedelta(hours=1)
    assert [m.question_id for m in due(known.values(), later, among=["a", "b", "c"])] == ["a"]
    assert [m.question_id for m in upcoming(known.values(), later, among=["a", "b"])] == ["b"]
    assert unseen(known, ["a", "b", "c"]) == ["c"]


def test_repeated_success_spaces_reviews_further_apart() -> None:
    first = memories([Attempt("q", T0, True, 8.0)], now=T0)["q"]
    second_at = first.due
    second = memories([Attempt("q", T0, True, 8.0), Attempt("q", second_at, True, 8.0)])["q"]
    assert second.due - second_at > first.due - T0
    assert second.reviews == 2
