"""The classroom engine and its teacher controls, without a terminal."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from spacequiz.bank.load import load_banks
from spacequiz.core.classroom import Classroom, parse_buzz_entry, parse_teams
from spacequiz.core.engine import Filters, Round, select
from spacequiz.core.errors import ClassroomError
from spacequiz.ui.classroom_control import Clock, Controller, letters_to_numbers

BANK = Path(__file__).parent / "banks" / "good" / "classroom.yaml"
TEAMS = ("Red", "Blue", "Green")


def rounds(count: int = 4, seed: int = 1) -> tuple[Round, ...]:
    return select(load_banks([BANK]), Filters(), count, random.Random(seed)).rounds


def right(round_: Round) -> str:
    return round_.question.answer  # type: ignore[union-attr, return-value]


def wrong(round_: Round) -> str:
    return next(o for o in round_.options if o != right(round_))


def test_team_names() -> None:
    assert parse_teams(" Red , Blue,,Green ") == TEAMS
    with pytest.raises(ClassroomError, match="2 to 12 teams, not 1"):
        parse_teams("Solo")
    with pytest.raises(ClassroomError, match="2 to 12 teams, not 13"):
        parse_teams(",".join(f"T{i}" for i in range(13)))
    with pytest.raises(ClassroomError, match="must differ: Red"):
        parse_teams("Red,red,Blue")


def test_team_names_follow_the_one_name_rule() -> None:
    """Escapes, invisible characters, width and case do not make a second team."""
    for twin in ("Ann\x1b[0m", "ＡＮＮ", "a\u200bnn", "ANN\x9b31m"):
        with pytest.raises(ClassroomError, match="given twice"):
            parse_teams(f"Ann,{twin}")
    assert parse_teams("Red\x1b]0;title\x07, Blue\u202e") == ("Red", "Blue")
    assert parse_buzz_entry("ＲＥＤ=A blue\x1b[1m=B", ("Red", "Blue")) == [
        ("Red", "A"),
        ("Blue", "B"),
    ]


def test_turns_rotate_and_a_pass_earns_half() -> None:
    game = Classroom(TEAMS, rounds(), speed=False)
    first = game.round
    assert game.turn_team() == "Red"
    assert game.answer("Red", wrong(first)).points == 0
    assert game.can_pass()
    assert game.pass_on() == "Blue"
    assert not game.can_pass()  # once only
    record = game.answer("Blue", right(first))
    assert (record.passed, record.points) == (True, 50)  # easy 100, halved
    game.reveal()
    game.next()
    assert game.turn_team() == "Blue"
    with pytest.raises(ClassroomError, match="not Red's turn"):
        game.answer("Red", right(game.round))


def test_streaks_and_speed_like_kahoot() -> None:
    game = Classroom(("Red", "Blue"), rounds(), time_limit=20)
    assert game.answer("Red", right(game.round), seconds=0.2).points == 100
    game.reveal()
    game.next()
    assert game.answer("Blue", right(game.round), seconds=10).points == 75
    game.reveal()
    game.next()
    # Red's streak stood while it was Blue's turn: 100 + streak bonus 50.
    assert game.answer("Red", right(game.round), seconds=0.2).points == 150


def test_buzz_scores_without_the_clock() -> None:
    """One keyboard: the order the teacher types answers in is not the teams' speed."""
    game = Classroom(TEAMS, rounds(), style="buzz", time_limit=20)
    assert not game.speed
    game.answer("Red", right(game.round), seconds=19)
    game.answer("Blue", right(game.round), seconds=0.2)
    assert {a.team: a.points for a in game.round_answers()} == {"Red": 100, "Blue": 100}
    assert game.result(title="T", seed=1).speed is False


def test_no_speed_scores_without_the_clock() -> None:
    game = Classroom(TEAMS, rounds(), style="buzz", time_limit=20, speed=False)
    assert game.answer("Red", right(game.round), seconds=19).points == 100


def test_buzz_a_team_may_change_its_answer_until_the_reveal() -> None:
    game = Classroom(TEAMS, rounds(), style="buzz", speed=False)
    game.answer("Green", wrong(game.round))
    assert game.waiting_teams() == ("Red", "Blue")
    game.answer("Green", right(game.round))  # changed its mind
    assert [(a.team, a.points) for a in game.round_answers()] == [("Green", 100)]
    assert game.state.scores["Green"] == 100 and game.state.streaks["Green"] == 1
    game.reveal()
    with pytest.raises(ClassroomError, match="closed"):
        game.answer("Green", wrong(game.round))


def test_turns_a_team_answers_once() -> None:
    game = Classroom(TEAMS, rounds())
    game.answer("Red", right(game.round))
    with pytest.raises(ClassroomError, match="Red has already answered"):
        game.answer("Red", right(game.round))


def test_a_pass_is_offered_after_a_right_answer_too() -> None:
    """Offered only after wrong answers, a pass would give the answer away before the reveal."""
    game = Classroom(TEAMS, rounds(), speed=False)
    with pytest.raises(ClassroomError, match="Red has not answered yet"):
        game.pass_on()
    game.answer("Red", right(game.round))
    assert game.can_pass() and game.pass_target() == "Blue"
    assert game.pass_on() == "Blue"
    game.answer("Blue", right(game.round))
    # The first answer keeps its points; the next team's earns half.
    assert {a.team: a.points for a in game.round_answers()} == {"Red": 100, "Blue": 50}


def test_undo_takes_back_answers_reveals_and_next() -> None:
    game = Classroom(TEAMS, rounds(), speed=False)
    game.answer("Red", right(game.round))
    game.reveal()
    game.next()
    assert game.round.number == 2
    assert game.undo() and game.revealed and game.round.number == 1
    assert game.undo() and not game.revealed
    assert game.undo() and game.state.scores["Red"] == 0 and game.waiting_teams() == ("Red",)
    assert not game.undo()


def test_skip_scores_nothing_and_standings_show_movement() -> None:
    game = Classroom(TEAMS, rounds(), style="buzz", speed=False)
    game.answer("Green", right(game.round))
    game.reveal()
    game.next()
    standings = game.standings()
    assert [(s.team, s.rank) for s in standings] == [("Green", 1), ("Red", 2), ("Blue", 2)]
    game.answer("Blue", right(game.round))
    game.skip()
    assert game.state.scores["Blue"] == 0 and game.round.number == 3
    game.answer("Red", right(game.round))
    game.answer("Blue", right(game.round))
    game.reveal()
    moved = {s.team: s.movement for s in game.standings()}
    assert moved == {"Green": 0, "Red": 1, "Blue": 1}  # places gained since the last question
    game.next()
    result = game.result(title="T", seed=1)
    assert result.skipped == (2,)
    # The skipped answer left Blue's streak as it was: no bonus on question 3.
    assert {s.team: s.score for s in result.standings} == {"Red": 100, "Blue": 100, "Green": 100}


def test_buzz_entries() -> None:
    assert parse_buzz_entry('red=B Blue=2 "Green"=Baikonur', TEAMS) == [
        ("Red", "B"),
        ("Blue", "2"),
        ("Green", "Baikonur"),
    ]
    with pytest.raises(ClassroomError, match="no team called 'Pink'"):
        parse_buzz_entry("Pink=A", TEAMS)
    with pytest.raises(ClassroomError, match="Team=answer"):
        parse_buzz_entry("Red", TEAMS)


def test_letters_become_numbers_for_labelled_questions() -> None:
    round_ = rounds()[0]
    assert letters_to_numbers(round_, "b") == "2"
    assert letters_to_numbers(round_, "Baikonur") == "Baikonur"


def test_controller_timer_pause_and_timeout() -> None:
    now = [0.0]
    clock = Clock(now=lambda: now[0])
    game = Classroom(TEAMS, rounds(), time_limit=10, speed=False)
    controller = Controller(game, clock)
    now[0] = 4
    controller.command("p")
    now[0] = 100  # paused: the clock stands still
    controller.tick()
    assert controller.seconds_left() == 6 and game.waiting_teams() == ("Red",)
    controller.command("p")
    now[0] = 106
    controller.tick()
    assert game.round_answers()[0].timed_out
    assert "Time's up for Red" in controller.message
    controller.command("n")
    assert game.turn_team() == "Blue" and controller.seconds_left() == 10


def test_the_status_says_who_answered_not_whether_it_was_right() -> None:
    said = []
    for pick in (right, wrong):
        controller = Controller(Classroom(TEAMS, rounds(), time_limit=None))
        round_ = controller.game.round
        assert controller.enter_answer("ABCD"[round_.options.index(pick(round_))])
        said.append(controller.message)
    assert said[0] == said[1] == "Red has answered. n: pass to Blue for half points · r: reveal"


def test_controller_quit_asks_first() -> None:
    controller = Controller(Classroom(TEAMS, rounds()))
    assert controller.command("q") and controller.mode == "confirm-quit"
    assert controller.command("n") and controller.mode == "question"
    controller.command("q")
    assert controller.command("y") is False and controller.mode == "over"


def _run(*args: str, input: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spacequiz", "classroom", "-b", str(BANK), *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_plain_buzz_game_through_a_pipe() -> None:
    lines = []
    for round_ in rounds(2, seed=5):
        good = "ABCD"[round_.options.index(right(round_))]
        bad = "ABCD"[round_.options.index(wrong(round_))]
        lines += [f"Red={good} blue={bad}", "Green=nonsense", f"Green={good}", "reveal", ""]
    result = _run(
        "--players",
        "Red,Blue,Green",
        "--style",
        "buzz",
        "--count",
        "2",
        "--seed",
        "5",
        "--timer",
        "0",
        input="\n".join(lines) + "\n",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Green: Please type a number from 1 to 4." in out
    assert "Leaderboard:" in out
    # Two right answers each for Red and Green: 100, then 100 + streak 50.
    assert "1. Red: 250 points" in out and "1. Green: 250 points" in out
    assert "3. Blue: 0 points" in out


@pytest.mark.parametrize("count", [("-n", "2"), ("--count", "2"), ("--rounds", "2")])
def test_count_is_the_number_of_questions_and_rounds_still_works(count: tuple[str, str]) -> None:
    played = _run(
        "--players", "Red,Blue", *count, "--seed", "5", "--timer", "0", input="reveal\n\n" * 2
    )
    assert "Question 2 of 2" in played.stdout, played.stderr
    assert "Question 3" not in played.stdout


def test_plain_classroom_asks_for_team_names_and_refuses_bad_ones() -> None:
    result = _run("--count", "1", "--seed", "5", input="Solo\n")
    assert result.returncode == 1
    assert "2 to 12 teams, not 1" in result.stderr
    assert "Traceback" not in result.stderr


def _history(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spacequiz", "history", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "120"},
    )


def _run_stats() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spacequiz", "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_classroom_game_is_one_game_in_the_history_with_its_teams() -> None:
    first = rounds(1, seed=5)[0]
    good = "ABCD"[first.options.index(right(first))]
    played = _run(
        "--players",
        "Red,Blue",
        "--count",
        "1",
        "--seed",
        "5",
        "--timer",
        "0",
        input=f"{good}\nreveal\n\n",
    )
    assert played.returncode == 0, played.stderr
    (game,) = json.loads(_history("--json").stdout)
    assert (game["mode"], game["player"], game["score"]) == ("classroom", "Red", 100)
    assert (game["finished"], game["ended_early"]) == (True, False)
    red, blue = game["participants"]
    assert (red["name"], red["kind"], red["rank"], red["score"]) == ("Red", "team", 1, 100)
    assert [a["correct"] for a in red["answers"]] == [True]
    assert (blue["name"], blue["rank"], blue["answers"]) == ("Blue", 2, [])
    assert game["answers"] == red["answers"]  # the winner's, as `player` is the winner
    (stats,) = json.loads(_run_stats().stdout)  # the answer names its question's version
    assert (stats["question_id"], stats["asked"]) == (first.question.id, 1)
    assert stats["question_hash"] and stats["prompt"] == first.question.prompt
    table = _history().stdout
    assert "Red won · 2 teams" in table
    assert "Blue" not in table
    assert len([line for line in table.splitlines() if "classroom" in line]) == 1


def test_a_classroom_game_ended_with_q_is_finished_early_and_one_broken_off_is_not() -> None:
    first = rounds(2, seed=5)[0]
    good = "ABCD"[first.options.index(right(first))]
    quit_after_one = _run(
        "--players",
        "Red,Blue",
        "--rounds",
        "2",
        "--seed",
        "5",
        "--timer",
        "0",
        input=f"{good}\nreveal\n\nquit\ny\n",
    )
    assert quit_after_one.returncode == 0, quit_after_one.stderr
    quit_at_once = _run(
        "--players", "Red,Blue", "--rounds", "2", "--seed", "5", "--timer", "0", input="quit\ny\n"
    )
    assert quit_at_once.returncode == 0, quit_at_once.stderr
    # The end of input in the middle of question 2 breaks the game off, as Ctrl-C does.
    broken_off = _run(
        "--players",
        "Red,Blue",
        "--rounds",
        "2",
        "--seed",
        "5",
        "--timer",
        "0",
        input=f"{good}\nreveal\n\n",
    )
    assert broken_off.returncode == 130, broken_off.stderr
    early, nothing, broken = json.loads(_history("--json").stdout)
    assert (early["finished"], early["ended_early"], early["planned"]) == (True, True, 2)
    assert (nothing["finished"], nothing["ended_early"]) == (False, False)
    assert (broken["finished"], broken["ended_early"], broken["score"]) == (False, False, 100)
    table = _history().stdout
    assert "finished early (classroom)" in table
    assert "unfinished (classroom)" in table


def test_after_time_is_up_input_is_awaited_without_a_deadline() -> None:
    """A spent clock must not turn the line reader into a busy loop."""
    now = [0.0]
    controller = Controller(Classroom(TEAMS, rounds(), time_limit=5), Clock(now=lambda: now[0]))
    assert controller.wait_limit() == 5
    now[0] = 6
    controller.tick()
    assert controller.seconds_left() == 0 and controller.wait_limit() is None
    controller.command("p")  # paused with time left: no deadline either
    assert controller.wait_limit() is None


def test_a_rejected_answer_line_is_not_taken() -> None:
    controller = Controller(Classroom(TEAMS, rounds(), style="buzz"))
    assert not controller.enter_answer("Red=A Pink=B")
    assert "no team called 'Pink'" in controller.message
    assert not controller.game.round_answers()  # Red's part was not taken either
    assert controller.enter_answer("Red=A Blue=B")
    assert controller.game.waiting_teams() == ("Green",)


def test_bad_team_names_and_report_suffix_are_usage_errors() -> None:
    bad_names = _run("--players", "Solo", input="")
    assert bad_names.returncode == 2
    unboxed = " ".join(bad_names.stderr.replace("│", " ").split())
    assert "2 to 12 teams, not 1" in unboxed
    bad_report = _run("--players", "Red,Blue", "--report", "results.pdf", input="")
    assert bad_report.returncode == 2
    assert ".csv, .json, .html" in " ".join(bad_report.stderr.replace("│", " ").split())


def test_the_reveal_counts_each_choice_and_knows_each_teams_picks() -> None:
    game = Classroom(TEAMS, rounds(), style="buzz")
    round_ = game.round
    good, bad = round_.options.index(right(round_)), round_.options.index(wrong(round_))
    game.answer("Red", right(round_))
    game.answer("Blue", right(round_))
    game.answer("Green", wrong(round_))
    counts = [0] * len(round_.options)
    counts[good], counts[bad] = 2, 1
    assert game.tally() == tuple(counts)
    assert game.picks("Green") == (bad,)
    game.answer("Green", right(round_))  # changed its mind: counted once, where it is now
    assert game.tally()[good] == 3 and game.tally()[bad] == 0
    game.reveal()
    game.next()
    assert game.tally() == (0, 0, 0, 0) and game.picks("Red") is None


def test_picks_and_right_options_for_every_kind_of_answer() -> None:
    from spacequiz.core.classroom import picks_of, right_options
    from spacequiz.core.model import MultiQuestion, OrderQuestion, TextQuestion, TrueFalseQuestion

    multi = Round(
        1,
        1,
        MultiQuestion(id="m", prompt="?", choices=("a", "b", "c"), answer=("a", "c")),
        ("c", "a", "b"),
    )
    assert right_options(multi) == (0, 1)
    assert picks_of(multi, ("b", "c")) == (2, 0)
    order = Round(1, 1, OrderQuestion(id="o", prompt="?", items=("x", "y", "z")), ("z", "x", "y"))
    assert right_options(order) == (1, 2, 0)  # x, y, z as shown
    assert picks_of(order, ("z", "y", "x")) == (0, 2, 1)
    truth = Round(1, 1, TrueFalseQuestion(id="t", prompt="?", answer=False), ("True", "False"))
    assert right_options(truth) == (1,) and picks_of(truth, True) == (0,)
    text = Round(1, 1, TextQuestion(id="x", prompt="?", answer="Baikonur"))
    assert right_options(text) == () and picks_of(text, "Baikonur") == ()
    assert picks_of(truth, None) == ()


def test_an_order_tally_counts_items_put_in_their_right_place() -> None:
    from spacequiz.core.model import OrderQuestion

    order = Round(1, 1, OrderQuestion(id="o", prompt="?", items=("x", "y", "z")), ("z", "x", "y"))
    game = Classroom(("Red", "Blue"), [order], style="buzz")
    game.answer("Red", ("x", "y", "z"))  # all three in place
    game.answer("Blue", ("x", "z", "y"))  # only x in place
    assert game.tally() == (1, 2, 1)  # z, x, y as shown


def test_podium_places_share_ties() -> None:
    from spacequiz.core.classroom import Standing, podium_places

    seven = [Standing(1, f"T{i}", 100, 0) for i in range(7)] + [Standing(8, "Last", 0, 0)]
    assert [len(place) for place in podium_places(seven, 3)] == [7]
    split = [Standing(1, "A", 300, 0), Standing(1, "B", 300, 0), Standing(3, "C", 100, 0)]
    assert [[s.team for s in p] for p in podium_places(split, 3)] == [["A", "B"], ["C"]]
    assert [[s.team for s in p] for p in podium_places(split, 1)] == [["A", "B"]]


def test_a_longer_question_previews_longer_within_bounds() -> None:
    from spacequiz.core.classroom import preview_seconds

    assert preview_seconds("Who?") == 3
    assert 3 < preview_seconds(" ".join(["word"] * 15)) < 10
    assert preview_seconds(" ".join(["word"] * 200)) == 10


def _show(game: Classroom, **pacing: float | None) -> tuple[Controller, list[float]]:
    from spacequiz.ui.classroom_control import Pacing

    now = [0.0]
    settings = {"preview": 0.0, "talk": 0.0, **pacing}
    show = Pacing.show(preview=settings["preview"], talk=settings["talk"] or 0.0, podium=3)
    return Controller(game, Clock(now=lambda: now[0]), show), now


def test_the_projector_waits_in_the_lobby_counts_down_then_shows_the_question_alone() -> None:
    game = Classroom(TEAMS, rounds(), time_limit=10)
    controller, now = _show(game, preview=None, talk=5)
    assert controller.mode == "lobby"
    now[0] = 100
    controller.tick()
    assert controller.mode == "lobby"  # until the teacher starts
    controller.command("\r")
    assert controller.mode == "countdown"
    now[0] += 3
    controller.tick()
    assert controller.mode == "preview"
    assert 3 <= controller.preview_length() <= 10  # by the question's length
    assert not controller.enter_answer("A") and "Enter shows them now" in controller.message
    now[0] += controller.preview_length() + 0.01
    controller.tick()
    assert controller.mode == "talk" and controller.seconds_left() is None
    controller.command("a")  # an answer key while the teams talk
    assert "locked" in controller.message and not game.round_answers()
    now[0] += 5
    controller.tick()
    assert controller.mode == "question" and controller.seconds_left() == 10
    assert controller.enter_answer("A")


def test_enter_cuts_the_preview_and_the_talk_short() -> None:
    controller, _ = _show(Classroom(TEAMS, rounds()), preview=8, talk=20)
    controller.command("\r")  # start
    controller.command("\r")  # no need to wait for 3-2-1
    assert controller.mode == "preview"
    controller.command("\r")
    assert controller.mode == "talk"
    controller.command("\r")
    assert controller.mode == "question"


def test_reveal_leaderboard_next_and_the_podium_after_the_last_question() -> None:
    game = Classroom(TEAMS, rounds(2), style="buzz", time_limit=None)
    controller, now = _show(game)
    controller.command("\r")
    controller.command("\r")
    assert controller.mode == "question"
    controller.enter_answer("Red=A")
    controller.command("r")
    assert controller.mode == "reveal"
    controller.command("\r")
    assert controller.mode == "board"
    controller.command("u")  # back to the answer
    assert controller.mode == "reveal"
    controller.command("\r")
    controller.command("\r")
    assert controller.mode == "question" and game.round.number == 2
    controller.command("r")
    controller.command("\r")  # no leaderboard after the last: it would name the winner
    assert controller.mode == "podium" and controller.shown_places == 0
    places = len(controller.podium())
    for shown in range(1, places + 1):
        now[0] += 3  # a place every few seconds by itself...
        controller.tick()
        assert controller.shown_places == shown
    assert controller.command("\r")  # ...or on a key; then the full standings
    assert controller.finale_done()
    now[0] += 60
    controller.tick()
    assert controller.mode == "podium"  # it stays until the teacher presses a key
    assert controller.command("x") is False and controller.mode == "over"


def test_plain_lines_keep_the_protocol_no_lobby_no_leaderboard_step_no_finale() -> None:
    game = Classroom(TEAMS, rounds(2), time_limit=None)
    controller = Controller(game)
    assert controller.mode == "question"
    controller.command("r")
    assert controller.command("")
    assert controller.mode == "question" and game.round.number == 2
    controller.command("r")
    assert controller.command("") is False and controller.mode == "over"


def test_a_team_named_after_a_colour_wears_it_and_no_two_teams_share_one() -> None:
    from spacequiz.ui.classroom_screens import NAMED_COLOURS, TEAM_COLOURS, team_colour

    teams = ("Ann", "Red", "Blue Whales", "Bo", "RED two", "Cy")
    colours = {team: team_colour(teams, team) for team in teams}
    assert colours["Red"] == NAMED_COLOURS["red"]
    assert colours["Blue Whales"] == NAMED_COLOURS["blue"]
    assert len(set(colours.values())) == len(teams)  # the second red team gets another
    assert colours["RED two"] != colours["Red"]
    assert all(colours[t] in TEAM_COLOURS for t in ("Ann", "Bo", "Cy", "RED two"))
    twelve = tuple(f"T{i}" for i in range(12))
    assert len({team_colour(twelve, t) for t in twelve}) == 12
