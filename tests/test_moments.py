"""Streak milestones, personal standings and ghosts: pure functions over the history."""

from __future__ import annotations

from spacequiz.core.ghost import find_ghost
from spacequiz.core.moments import comparable, standing, streak_milestone
from spacequiz.core.records import AnswerRow, SessionRow


def row(id: int, score: int, **changes: object) -> SessionRow:
    fields: dict[str, object] = {
        "id": id,
        "player": "Ann",
        "started_at": f"2026-01-{id:02d}T10:00:00+00:00",
        "ended_at": "",
        "bank_title": "T",
        "bank_fingerprint": "f1",
        "filters": "",
        "seed": 7,
        "planned": 2,
        "score": score,
        "seconds": 3.0,
        "finished": True,
        "mode": "play",
        "answered": 2,
        "correct": 1,
        "answers": (
            AnswerRow("a", "x", True, score, 1.5, False, ""),
            AnswerRow("b", "y", False, 0, 2.5, False, ""),
        ),
    }
    fields.update(changes)
    return SessionRow(**fields)  # type: ignore[arg-type]


def test_streak_milestones_are_three_five_and_ten() -> None:
    assert [n for n in range(1, 13) if streak_milestone(n)] == [3, 5, 10]


def test_standing_among_earlier_scores() -> None:
    first = standing(500, [])
    assert (first.first_game, first.new_best, first.rank, first.games) == (True, False, 1, 1)
    best = standing(900, [500, 800])
    assert (best.new_best, best.rank, best.games, best.previous_best) == (True, 1, 3, 800)
    second = standing(700, [500, 800, 300])
    assert (second.new_best, second.rank, second.games) == (False, 2, 4)
    tie = standing(800, [800, 100])
    assert (tie.new_best, tie.equals_best, tie.rank) == (False, True, 1)


def test_a_game_is_ranked_among_the_same_players_games_of_its_kind() -> None:
    game = row(9, 400)
    rows = [
        row(1, 100),
        row(2, 200, player="Bob"),
        row(3, 300, bank_fingerprint="other"),
        row(4, 350, planned=5),
        row(5, 450, finished=False),
        row(6, 500, mode="review"),
        row(7, 600),
        game,
        row(10, 999),  # later than the game
    ]
    assert comparable(rows, game) == [100, 600]


def test_the_ghost_is_the_best_the_last_or_another_players_best() -> None:
    rows = [row(1, 300), row(2, 500), row(3, 400), row(4, 900, player="Bob")]
    questions = {"a", "b"}
    best = find_ghost(rows, "best", "Ann", questions)
    assert best is not None and (best.score, best.which, best.player) == (500, "best", "Ann")
    last = find_ghost(rows, "last", "Ann", questions)
    assert last is not None and last.score == 400
    bob = find_ghost(rows, "Bob", "Ann", questions)
    assert bob is not None and (bob.player, bob.score) == ("Bob", 900)
    assert find_ghost(rows, "Cy", "Ann", questions) is None
    assert find_ghost(rows, "best", "Ann", {"a"}) is None  # its questions are gone
    assert find_ghost([row(1, 300, finished=False)], "best", "Ann", questions) is None


def test_the_ghost_steps_through_its_answers_with_both_scores() -> None:
    ghost = find_ghost([row(1, 300)], "best", "Ann", {"a", "b"})
    assert ghost is not None and ghost.question_ids == ("a", "b")
    first = ghost.step(1, your_score=200)
    assert first.answer is not None and first.answer.given == "x"
    assert (first.ghost_score, first.your_score, first.lead) == (300, 200, -100)
    beyond = ghost.step(3, your_score=600)
    assert beyond.answer is None and beyond.lead == 300
