"""The plain game through a real pipe, as a script or a screen reader would use it."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

from spacequiz.bank.load import load_banks
from spacequiz.core.engine import Filters, select

SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
HOSTILE = Path(__file__).parent / "banks" / "good" / "hostile.yaml"
RIGHT = {
    "site": "baikonur",
    "kazakhstan": "true",
    "cosmonaut": "Shkaplerow",
    "applicants": "3 200",
    "film-crew": "Shipenko, Peresild",
    "sequence": "launch docking landing",
}


def spacequiz(
    *args: str, input: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spacequiz", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def script_for(seed: int, answers: dict[str, str]) -> str:
    """The answer lines in the order the seeded game asks its questions."""
    rounds = select(load_banks([SMALL]), Filters(), 6, random.Random(seed)).rounds
    return "".join(answers[r.question.id] + "\n" for r in rounds)


def test_a_full_scripted_game_with_a_known_score() -> None:
    result = spacequiz(
        "play",
        "--plain",
        "--seed",
        "4",
        "-b",
        str(SMALL),
        "-n",
        "6",
        "--json",
        input=script_for(4, RIGHT),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # Base points 100+200+300+200+300+100, streak bonuses 0+50+100+150+200+250.
    assert data["score"] == 1950
    assert (data["correct"], data["answered"], data["longest_streak"]) == (6, 6, 6)
    assert data["finished"] is True
    assert "Game over." in result.stderr


def test_invalid_answers_are_asked_again_and_text_choices_work() -> None:
    answers = dict(RIGHT, site="9\nnowhere\nBAIKONUR", applicants="lots\n3000")
    result = spacequiz(
        "play", "--plain", "--seed", "4", "-b", str(SMALL), "-n", "6", input=script_for(4, answers)
    )
    assert result.returncode == 0, result.stderr
    assert "Please type a number from 1 to 3." in result.stdout
    assert "Please type a number, e.g. 3000." in result.stdout
    assert "Score: 1950 · 6/6 right (100%)" in result.stdout


def test_the_issue_example_and_eof_mid_game() -> None:
    result = spacequiz("play", "--plain", "--seed", "1", input="1\n2\n")
    assert result.returncode == 130
    assert "Traceback" not in result.stderr
    assert "(stopped early)" in result.stdout
    assert "Game over." in result.stdout


def test_piped_game_switches_to_plain_by_itself_and_ends_with_0() -> None:
    extra = "more input that must not start another game\n" * 3
    result = spacequiz(
        "play", "--seed", "4", "-b", str(SMALL), "-n", "6", input=script_for(4, RIGHT) + extra
    )
    assert result.returncode == 0
    assert "no interactive terminal, so playing the plain line-by-line game" in result.stderr
    assert "Play again" not in result.stdout
    assert result.stdout.count("Game over.") == 1


def test_hint_costs_points_and_no_color_means_no_escapes() -> None:
    answers = dict(RIGHT, cosmonaut="h\nShkaplerov")
    result = spacequiz(
        "play",
        "--plain",
        "--seed",
        "4",
        "-b",
        str(SMALL),
        "-n",
        "6",
        "--json",
        input=script_for(4, answers),
        env={"NO_COLOR": "1", "TERM": "xterm"},
    )
    data = json.loads(result.stdout)
    cosmonaut = next(o for o in data["outcomes"] if o["question_id"] == "cosmonaut")
    assert cosmonaut["hint_used"] is True
    assert data["score"] == 1950 - 150
    assert "Hint: His first name is Anton." in result.stderr
    assert "\x1b" not in result.stderr


def test_hostile_bank_is_shown_literally_with_no_raw_escapes() -> None:
    result = spacequiz("play", "--plain", "--seed", "1", "-b", str(HOSTILE), input="1\nx\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "[link=https://evil.example]Click[/link] :rocket: [bold]not bold[/]" in out
    assert "Вызов 中文 🚀" in out
    assert "[red]red?[/red]" in out
    assert "osc52  clip" in out and "line two  after  reset" in out
    for bad in ("\x1b", "\x9b", "\x07", "\x00"):
        assert bad not in out


def test_closed_pipe_is_quiet() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "spacequiz", "bank", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err


def test_plain_timer_moves_on_when_no_answer_comes() -> None:
    """Input kept open but silent: each question times out and the game goes on."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "spacequiz",
            "play",
            "--plain",
            "--seed",
            "4",
            "-b",
            str(SMALL),
            "-n",
            "2",
            "--timer",
            "1",
            "--json",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, proc.kill)  # a hung game fails the test, not the suite
    watchdog.start()
    try:
        out, err = _wait_keeping_stdin_open(proc)
    finally:
        watchdog.cancel()
        proc.kill()
    data = json.loads(out)
    assert [o["timed_out"] for o in data["outcomes"]] == [True, True]
    assert data["score"] == 0 and data["finished"] is True
    assert err.count("Time's up!") == 2


def _wait_keeping_stdin_open(proc: subprocess.Popen[str]) -> tuple[str, str]:
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()  # returns when the game exits; stdin stays open and silent
    return out, proc.stderr.read()


def test_windows_style_input_and_a_dumb_terminal_are_fine() -> None:
    lines = script_for(4, RIGHT).replace("\n", "\r\n")
    result = spacequiz(
        "play",
        "--seed",
        "4",
        "-b",
        str(SMALL),
        "-n",
        "6",
        input="\ufeff" + lines,
        env={"TERM": "dumb"},
    )
    assert result.returncode == 0, result.stderr
    assert "Score: 1950 · 6/6 right (100%)" in result.stdout


def test_odd_digits_and_year_choices_in_plain_answers(tmp_path: Path) -> None:
    bank = tmp_path / "years.yaml"
    bank.write_text(
        "version: 1\nquestions:\n  - id: y\n    type: choice\n    prompt: When?\n"
        "    choices: [1961, 1969, 2021]\n    answer: 2021\n"
    )
    result = spacequiz("play", "--plain", "-b", str(bank), "--seed", "1", input="²\n2021\n")
    assert result.returncode == 0, result.stderr
    assert "Please type a number from 1 to 3." in result.stdout
    assert "Score: 200 · 1/1 right" in result.stdout


def test_a_timer_that_is_not_a_number_of_seconds_is_a_usage_error() -> None:
    for value in ("nan", "inf", "1e12"):
        assert spacequiz("play", "--timer", value, input="").returncode == 2
    assert spacequiz("play", "--timer", "0.5", input="").returncode == 2


def test_timer_zero_means_no_timer_as_in_classroom_and_host() -> None:
    """`--timer 0` plays untimed: a silent player is waited for, not timed out."""
    played = spacequiz(
        "play", "--plain", "--seed", "4", "-b", str(SMALL), "-n", "1", "--timer", "0", "--json",
        input=script_for(4, RIGHT),
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    data = json.loads(played.stdout)
    assert data["outcomes"][0]["timed_out"] is False and data["score"] > 0
    assert "seconds" not in played.stderr  # no countdown line was drawn
