"""Ghost mode through a pipe: a past game raced line by line, or a plain game when there is
no ghost to race."""

from __future__ import annotations

from .test_plain_game import SMALL, spacequiz

PLAIN = ("play", "--plain", "-b", str(SMALL), "--type", "choice", "--type", "truefalse")


def test_with_no_ghost_in_the_history_it_says_so_and_plays_a_normal_game() -> None:
    result = spacequiz(*PLAIN, "-n", "1", "--ghost", "best", input="1\n")
    assert result.returncode == 0, result.stderr
    assert "No ghost to race: none of your finished games of this bank" in result.stderr
    assert "Game over." in result.stdout
    assert "Ghost" not in result.stdout


def test_another_players_best_game_is_raced_question_by_question() -> None:
    first = spacequiz(*PLAIN, "-n", "2", "--seed", "4", "--name", "Ann", input="1\n1\n")
    assert first.returncode == 0, first.stderr
    race = spacequiz(*PLAIN, "--name", "Bo", "--ghost", "Ann", input="1\n1\n")
    assert race.returncode == 0, race.stderr
    assert race.stdout.count("Ghost (Ann's best game): ") == 2
    assert "2 questions." in race.stdout  # Ann's questions, not ten new ones
    assert "A tie with the ghost of Ann's best game!" in race.stdout  # the same answers
    assert "Seed: 4" in race.stdout


def test_an_empty_ghost_name_is_a_usage_error() -> None:
    assert spacequiz(*PLAIN, "--ghost", " ", input="").returncode == 2
