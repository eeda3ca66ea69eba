"""The real program in a real pseudo-terminal: keys typed, the screen read."""

from __future__ import annotations

import io
import os
import random
import re
import sys
from pathlib import Path

import pexpect
import pytest

from spacequiz.bank.load import load_banks
from spacequiz.core.engine import Filters, answer_text, select
from tests import pty_tools

SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
TIMEOUT = 60  # generous: CI machines are small and noisy
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


def start(*args: str, columns: int = 100) -> pexpect.spawn[str]:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": "40"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", *args],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, columns),
    )
    child.logfile_read = io.StringIO()  # the whole transcript, for checks on raw bytes
    return child


def rounds(seed: int, count: int):  # type: ignore[no-untyped-def]
    return select(load_banks([SMALL]), Filters(), count, random.Random(seed)).rounds


def answer_right(child: pexpect.spawn[str], round_) -> None:  # type: ignore[no-untyped-def]
    """Type the right answer with the keys a player would use."""
    question = round_.question
    options = list(round_.options)
    if question.type in ("choice", "truefalse"):
        child.expect(r"Your answer:|True or false\?")
        target = (
            question.answer if question.type == "choice" else "True" if question.answer else "False"
        )
        child.send(DOWN * options.index(target) + ENTER)
    elif question.type == "multi":
        child.expect("Select all that apply")
        for option in options:
            if option in question.answer:
                child.send(SPACE)
            child.send(DOWN)
        child.send(ENTER)
    elif question.type == "order":
        left = list(options)
        for item in question.items[:-1]:
            child.expect(r"Item \d of")
            child.send(DOWN * left.index(item) + ENTER)
            left.remove(item)
    else:
        child.expect(r"Type (your answer|a number)")
        typed = "shkaplerow" if question.type == "text" else "3,100"
        child.send(typed + ENTER)
    child.expect("Right!")


def test_a_five_question_game_by_keystrokes() -> None:
    child = start("play", "--seed", "11", "-b", str(SMALL), "-n", "5")
    for round_ in rounds(11, 5):
        child.expect(f"Question {round_.number} of 5")
        answer_right(child, round_)
        child.expect("Press Enter for (the next question|your score)")
        child.send(ENTER)
    # Five right in a row: base points plus bonuses 0+50+100+150+200.
    expected = (
        sum({"easy": 100, "medium": 200, "hard": 300}[r.question.difficulty] for r in rounds(11, 5))
        + 500
    )
    child.expect(f"Score: {expected} · 5/5 right")
    child.expect("Play again")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_mid_game_shows_the_summary_and_exits_130() -> None:
    child = start("play", "--seed", "11", "-b", str(SMALL), "-n", "5")
    first = rounds(11, 5)[0]
    child.expect("Question 1 of 5")
    answer_right(child, first)
    child.expect("Press Enter for the next question")
    child.send(ENTER)
    child.expect("Question 2 of 5")
    child.sendintr()
    child.expect(r"1/1 right \(100%\)")
    child.expect(r"stopped early")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def test_timer_runs_out_and_moves_on() -> None:
    child = start(
        "play",
        "--seed",
        "3",
        "-b",
        str(SMALL),
        "-n",
        "2",
        "--timer",
        "2",
        "--type",
        "choice",
        "--type",
        "truefalse",
    )
    child.expect("Question 1 of 2")
    child.expect(r"\d+s left")
    child.expect("Time's up!")
    child.expect("Press Enter for the next question")
    child.send(ENTER)
    child.expect("Question 2 of 2")
    child.expect("Time's up!")
    child.expect("Press Enter for your score")
    child.send(ENTER)
    child.expect(r"Score: 0 · 0/2 right")
    child.expect("Play again")
    child.sendintr()  # Ctrl-C here too is an interruption, not a "no"
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


@pytest.mark.parametrize("columns", [60, 160])
def test_narrow_and_wide_terminals_wrap_long_prompts(columns: int) -> None:
    child = start("play", "--seed", "1", "-n", "1", "--type", "choice", columns=columns)
    child.expect("Question 1 of 1")
    child.expect("Your answer:")
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "")
    widths = [len(line.rstrip("\r")) for line in screen.splitlines() if "│" in line]
    assert widths and max(widths) <= columns
    child.sendintr()
    child.expect(pexpect.EOF)


def test_many_choices_and_a_tall_prompt_stay_usable(tmp_path: Path) -> None:
    choices = ", ".join(f"Choice {i}" for i in range(30))
    bank = tmp_path / "tall.yaml"
    bank.write_text(
        "version: 1\nquestions:\n  - id: tall\n    type: choice\n"
        f"    prompt: {'Which choice is the seventh one, after all this text? ' * 10}\n"
        f"    choices: [{choices}]\n    answer: Choice 7\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"  # and the size comes from the pty itself
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "play", "-b", str(bank)],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(15, 70),
    )
    # The panel scrolls away, so the prompt's label repeats the question.
    child.expect("Which choice is the seventh one.*Your answer:")
    child.send("\x1b[A" * 30)  # scrolling through all thirty choices works both ways
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_hostile_bank_on_a_real_terminal_stays_inert() -> None:
    hostile = Path(__file__).parent / "banks" / "good" / "hostile.yaml"
    child = start("play", "-b", str(hostile), "--seed", "1", "--type", "choice")
    child.expect("Your answer:")
    child.send(ENTER)
    child.expect("Press Enter for (the next question|your score)")
    child.send(ENTER)
    child.expect("Game over")
    child.expect("Play again")
    child.send("n")
    child.expect(pexpect.EOF)
    transcript = pty_tools.transcript(child)
    for raw in ("\x1b]0;pwned", "\x1b]52;", "\x9b", "\x1b]8;;https://evil", "\x1bc", "\x1b[2J"):
        assert raw not in transcript
    assert "[red]red?[/red]" in transcript


def test_a_dumb_terminal_gets_the_plain_game() -> None:
    env = {**os.environ, "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "play", "--seed", "1", "-n", "1", "--type", "choice"],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(24, 80),
    )
    child.expect("no interactive terminal, so playing the plain line-by-line game")
    child.expect(r"Number 1-\d")
    child.sendline("1")
    child.expect("Game over.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_plain_on_a_terminal_prints_text_only() -> None:
    """--plain is for screen readers and transcripts: no colour, bold or dim codes."""
    picks = Filters(types=("choice", "truefalse"))
    first, second = select(load_banks([SMALL]), picks, 2, random.Random(3)).rounds
    child = start(
        *("play", "--plain", "--seed", "3", "-b", str(SMALL), "-n", "2"),
        *("--type", "choice", "--type", "truefalse"),
    )
    child.expect(r"Number 1-\d")
    child.sendline(answer_text(first.question))
    child.expect("✔ Right!")
    child.expect(r"Number 1-\d")
    child.sendline(next(o for o in second.options if o != answer_text(second.question)))
    child.expect("✘ Wrong.")
    child.expect("Game over.")
    child.expect(pexpect.EOF)
    assert "\x1b" not in pty_tools.transcript(child)
