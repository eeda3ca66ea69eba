"""Classroom mode as a teacher uses it: keys on a real pseudo-terminal, screens measured."""

from __future__ import annotations

import csv
import os
import random
import re
import sys
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from spacequiz.bank.load import load_banks
from spacequiz.core.classroom import Classroom
from spacequiz.core.engine import Filters, select
from spacequiz.ui.classroom_control import Controller, labels
from spacequiz.ui.classroom_screens import render

BANK = Path(__file__).parent / "banks" / "good" / "classroom.yaml"
TIMEOUT = 60


def letter_of(round_, text: str) -> str:  # type: ignore[no-untyped-def]
    return labels(round_)[round_.options.index(text)]


def test_three_teams_four_questions_with_pass_undo_pause_and_timer(tmp_path: Path) -> None:
    rounds = select(load_banks([BANK]), Filters(), 4, random.Random(1)).rounds
    right = [letter_of(r, r.question.answer) for r in rounds]
    wrong = [next(x for x in labels(r) if x != right[i]) for i, r in enumerate(rounds)]
    report = tmp_path / "report.csv"
    env = {**os.environ, "TERM": "xterm-256color"}
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "spacequiz",
            "classroom",
            "--players",
            "Red,Blue,Green",
            "-b",
            str(BANK),
            "--rounds",
            "4",
            "--seed",
            "1",
            "--timer",
            "12",  # room for a slow machine between keys; question 3 waits it out
            "--no-speed",
            "--report",
            str(report),
        ],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(30, 100),
    )
    # Question 1, Red's turn: wrong, passed to Blue, who gets it right for half points.
    child.expect("Red's turn")
    child.send(wrong[0])
    child.expect("n: pass to Blue")
    child.send("n")
    child.expect("Passed to Blue")
    child.send(right[0])
    child.expect("r: reveal")
    child.send("r")
    child.expect("Leaderboard")
    child.send("\r")
    # Question 2, Blue's turn: a pause, a wrong answer taken back, then the right one.
    child.expect("Blue's turn")
    child.send("p")
    child.expect("PAUSED")
    child.send("p")
    child.expect("Resumed")
    child.send(wrong[1])
    child.expect("Blue has answered")
    child.send("u")
    child.expect("Undone")
    child.send(right[1])
    child.expect("r: reveal")
    child.send("r")
    child.expect("Leaderboard")
    child.send("\r")
    # Question 3, Green's turn: the timer runs out.
    child.expect("Green's turn")
    child.expect("Time's up for Green", timeout=TIMEOUT)
    child.send("r")
    child.expect("Leaderboard")
    child.send("\r")
    # Question 4, Red's turn again.
    child.expect("Red's turn")
    child.send(right[3])
    child.expect("r: reveal")
    child.send("r")
    child.expect("Leaderboard")
    child.send("\r")
    child.expect("Final standings")
    child.expect("Podium")
    standings = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # Blue: 50 (passed) + 100 + streak bonus 50; Red: 100; Green: 0.
    assert re.search(r"1\s+Blue\s+200", standings), standings
    assert re.search(r"2\s+Red\s+100", standings)
    assert re.search(r"3\s+Green\s+0", standings)
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert len(rows) == 3 * 4
    points = {}
    for row in rows:
        points[row["team"]] = points.get(row["team"], 0) + int(row["points"])
    assert points == {"Red": 100, "Blue": 200, "Green": 0}


def test_quit_asks_first_and_keeps_the_results(tmp_path: Path) -> None:
    report = tmp_path / "partial.json"
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "spacequiz",
            "classroom",
            "--players",
            "Ann,Bo",
            "-b",
            str(BANK),
            "--rounds",
            "4",
            "--seed",
            "1",
            "--report",
            str(report),
        ],
        env={**os.environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(30, 100),
    )
    child.expect("Ann's turn")
    child.send("q")
    child.expect(r"Quit the game\?")
    child.send("x")  # anything but y carries on
    child.expect("Carry on")
    child.send("q")
    child.expect(r"Quit the game\?")
    child.send("y")
    child.expect("Final standings")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert '"finished": false' in report.read_text(encoding="utf-8")


LONG = Path(__file__).parent / "banks" / "good" / "long.yaml"


@pytest.mark.parametrize(
    ("bank", "width", "height"),
    [(None, 80, 24), (None, 200, 50), (None, 60, 20), (LONG, 80, 24), (LONG, 200, 50)],
)
def test_screens_fit_without_cutting_off_choices(
    bank: Path | None, width: int, height: int
) -> None:
    banks = [bank] if bank else []
    pick = Filters() if bank else Filters(types=("choice", "multi"))
    rounds = select(load_banks(banks), pick, 6, random.Random(3)).rounds
    controller = Controller(Classroom(["Red", "Blue", "Green"], rounds))
    for mode in ("question", "reveal"):
        console = Console(width=width, height=height, record=True, file=open(os.devnull, "w"))
        if mode == "reveal":
            controller.command("r")
        console.print(render(controller, None, width, height), height=height)
        screen = console.export_text()
        lines = screen.splitlines()
        assert len(lines) <= height and max(len(line) for line in lines) <= width
        words = set(re.findall(r"[\w']+", screen))
        if mode == "question":
            # Boxes side by side interleave their lines, so check word by word: a box
            # cut short would lose the last words of its choice.
            for text in (*controller.game.round.options, controller.game.round.question.prompt):
                assert set(re.findall(r"[\w']+", text)) <= words, text
            assert "quit" in lines[-1]  # the footer is on screen
        else:
            assert "Leaderboard" in screen and "Green" in screen


def test_buzz_answers_typed_on_the_open_line() -> None:
    first = select(load_banks([BANK]), Filters(), 1, random.Random(2)).rounds[0]
    right = letter_of(first, first.question.answer)
    wrong = next(x for x in labels(first) if x != right)
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "spacequiz",
            "classroom",
            "--players",
            "Red,Blue",
            "-b",
            str(BANK),
            "--rounds",
            "1",
            "--seed",
            "2",
            "--style",
            "buzz",
            "--timer",
            "0",
            "--no-speed",
        ],
        env={**os.environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(30, 100),
    )
    child.expect("Answers as Team=answer")  # the line opens by itself in buzz style
    child.send("Red=A Pink=B\r")
    child.expect("no team called 'Pink'")
    child.send("\x15" + f"Red={wrong} Blue={right}\r")
    child.expect("Everyone has answered")
    child.send(f"Red={right}\r")  # a team may change its answer until the reveal
    child.expect("Red has answered")
    child.send("\x1b")  # Esc: teacher keys
    child.send("r")
    child.expect("Leaderboard")
    child.send("\r")
    child.expect("Final standings")
    child.expect("Podium")
    standings = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # Both right in the end: Red changed its answer before the reveal.
    assert re.search(r"1\s+Red\s+100", standings) and re.search(r"1\s+Blue\s+100", standings)
