"""The solo game and what a terminal sends it: Ctrl-Z stops it with the question's clock
until `fg`, typeahead on a terminal never answers the next question (lines in a pipe always
do), and a SIGINT from outside ends it as Ctrl-C does. Job control exists on Linux and macOS."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pyte
import pytest

from spacequiz.bank.load import load_banks
from spacequiz.core.engine import Filters, select
from spacequiz.core.model import ChoiceQuestion
from tests.test_play_terminal import TIMEOUT, Terminal, _Screen, choice, write_bank

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTSTP"), reason="no job control")

SEED = "1"
COUNTDOWN = re.compile(r"⏱\s+(\d+)s left")
PROMPT = r"(?m)^\$$"  # the shell waits (lines are read without trailing spaces)
ASKING = r"(?m)^Number 1-3:$"  # the plain game waits for an answer


def two_questions(tmp_path: Path) -> Path:
    return write_bank(
        tmp_path / "b.yaml",
        choice("site", "Baikonur", "Plesetsk", "Vostochny", prompt="Launched from?"),
        choice("crew", "Shipenko", "Peresild", "Shkaplerov", prompt="Who directed?"),
    )


def right_numbers(bank: Path) -> list[str]:
    """The key that picks the right answer of each round, in the game's order."""
    rounds = select(load_banks([bank]), Filters(), 2, random.Random(int(SEED))).rounds
    answers = [r.question.answer for r in rounds if isinstance(r.question, ChoiceQuestion)]
    return [str(1 + r.options.index(a)) for r, a in zip(rounds, answers, strict=True)]


def history() -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "spacequiz", "history", "--json"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    games: list[dict[str, Any]] = json.loads(done.stdout)
    return games


class Shell(Terminal):
    """An interactive bash with job control in a pseudo-terminal, and the screen it shows:
    Ctrl-Z and `fg` as a player has them."""

    def __init__(self, columns: int = 100, rows: int = 30) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "PS1": "$ "}
        for name in ("NO_COLOR", "COLUMNS", "LINES"):
            env.pop(name, None)
        self.screen = _Screen(columns, rows, self)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            "bash",
            ["--norc", "--noprofile", "-i"],
            env=env,
            encoding="utf-8",
            codec_errors="replace",  # a stop may cut the output in the middle of a character
            timeout=TIMEOUT,
            dimensions=(rows, columns),
        )
        self.child.logfile_read = self

    def seconds_left(self) -> int:
        """The countdown as it stands now (after what the program printed meanwhile)."""
        self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.1)
        found = COUNTDOWN.search(self.expect(COUNTDOWN.pattern))
        assert found is not None
        return int(found.group(1))

    def wait(self, seconds: float) -> None:
        """Let time pass, reading what the shell prints meanwhile."""
        since = time.monotonic()
        while time.monotonic() - since < seconds:
            self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.2)


def process_state(pid: int) -> str:
    """'T' for a stopped process, as /proc (Linux) or ps (macOS) shows it."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        return stat.read_text().rsplit(")", 1)[1].split()[0]
    shown = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
    return shown.stdout.strip()[:1]


def test_ctrl_z_stops_a_timed_question_and_fg_brings_it_back_with_its_time(
    tmp_path: Path,
) -> None:
    bank = two_questions(tmp_path)
    first, _ = right_numbers(bank)
    shell = Shell()
    try:
        shell.expect(PROMPT)
        command = (
            f"{sys.executable} -m spacequiz play -b {bank} --seed {SEED} -n 2 --timer 30 --name Ann"
        )
        shell.send(command + "\r")
        shell.expect(r"\? Your answer:")
        shown = time.monotonic()  # the clock has started: the question is drawn
        before = shell.seconds_left()
        while before > 27:  # the player thinks for a while before stepping away
            before = shell.seconds_left()
        shell.send("\x1a")
        shell.expect(r"Stopped")
        shell.expect(PROMPT)
        stopped = time.monotonic()
        assert not shell.shows("? Your answer:")  # the prompt erased itself for the shell
        shell.send("jobs -l\r")
        pid = int(shell.expect(r"\[1\]\+\s+\d+(?= +Stopped)").split()[-1])
        assert process_state(pid) == "T"
        shell.wait(6)  # the player is away; the game stays stopped
        assert process_state(pid) == "T"
        shell.send("clear\r")
        shell.expect(PROMPT)
        shell.send("fg\r")
        held = time.monotonic() - stopped
        shell.expect(r"\? Your answer:")
        after = shell.seconds_left()
        assert after >= before - 3, (before, after)  # the 6 s stopped are not counted
        lines = shell.lines()  # the same question back, drawn once and cleanly
        assert sum("? Your answer:" in line for line in lines) == 1, "\n".join(lines)
        assert sum(bool(COUNTDOWN.search(line)) for line in lines) == 1, "\n".join(lines)
        assert sum("Baikonur" in line for line in lines) == 1, "\n".join(lines)
        shell.send(first)
        answered = time.monotonic()
        shell.expect(r"Right!")
        shell.expect(r"\+\d+ points \(200 base − \d+ speed\)")  # fast: no speed lost while stopped
        shell.expect("Press Enter for the next question")
        shell.send("\x03")
        shell.expect(r"stopped early")
        shell.expect(PROMPT)
    finally:
        shell.child.close(force=True)
    (game,) = history()
    (answer,) = game["answers"]
    seconds = float(answer["seconds"])
    assert answer["correct"] is True
    assert seconds < answered - shown - held + 1.5, (seconds, answered - shown, held)


def test_typeahead_on_a_terminal_does_not_answer_the_next_question(tmp_path: Path) -> None:
    bank = two_questions(tmp_path)
    term = Terminal("play", "--plain", "-b", str(bank), "--seed", SEED, "-n", "2", "--timer", "30")
    term.expect("Question 1 of 2")
    term.expect(ASKING)
    # The right answer, then, typed ahead while the result prints, a wrong answer to the next.
    term.send("Baikonur\rPeresild\r")
    term.expect("Question 2 of 2")
    term.expect(ASKING)
    term.send("Shipenko\r")  # the second question waited for this answer
    term.expect(r"2/2 right")
    assert not term.shows("Please type")  # dropped without a word, not read and refused
    assert term.end() == 0


def test_lines_waiting_in_a_pipe_answer_each_timed_question(tmp_path: Path) -> None:
    bank = two_questions(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "spacequiz", "play", "--plain", "-b", str(bank)]
        + ["--seed", SEED, "-n", "2", "--timer", "30"],
        input="Baikonur\nShipenko\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert "2/2 right" in done.stdout


@pytest.mark.parametrize("plain", [False, True], ids=["interactive", "plain"])
def test_a_sigint_from_outside_ends_the_game_like_ctrl_c(tmp_path: Path, plain: bool) -> None:
    bank = two_questions(tmp_path)
    first, _ = right_numbers(bank)
    mode = ["--plain"] if plain else []
    term = Terminal(
        "play", *mode, "-b", str(bank), "--seed", SEED, "-n", "2", "--timer", "30", "--name", "Ann"
    )
    term.expect("Question 1 of 2")
    if plain:
        term.expect(ASKING)
        term.send("Baikonur\r")
        term.expect("Question 2 of 2")
        term.expect(ASKING)
    else:
        term.expect(r"\? Your answer:")
        term.send(first)
        term.expect("Press Enter for the next question")
        term.send("\r")
        term.expect(r"\? Your answer:")
    assert term.child.pid is not None
    os.kill(term.child.pid, signal.SIGINT)
    term.expect("stopped early")
    term.expect(r"1/1 right")
    assert term.end() == 130
    assert not term.shows("Traceback")
    (game,) = history()  # the game so far is saved, as on Ctrl-C
    assert (game["finished"], game["answered"], game["planned"]) == (False, 1, 2)
