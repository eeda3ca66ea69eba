"""The solo game as a player sees it: the real program in a pseudo-terminal, its output fed
to a terminal emulator (pyte), so the tests read the screen itself, scrolled as it scrolls."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pyte

from spacequiz.bank.load import load_banks
from spacequiz.core.engine import Filters, select

SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
TIMEOUT = 60  # generous: CI machines are small and noisy
ENTER = "\r"


class _Screen(pyte.Screen):
    """A screen that answers the program's questions about it (where the cursor is), as a
    real terminal does."""

    def __init__(self, columns: int, rows: int, terminal: Terminal) -> None:
        super().__init__(columns, rows)
        self.terminal = terminal

    def write_process_input(self, data: str) -> None:
        self.terminal.child.send(data)


class Terminal:
    """`spacequiz ARGS` in a pseudo-terminal of a given size, with the screen it shows."""

    def __init__(self, *args: str, columns: int = 80, rows: int = 24) -> None:
        env = {**os.environ, "TERM": "xterm-256color"}
        for name in ("NO_COLOR", "COLUMNS", "LINES"):  # the size comes from the terminal
            env.pop(name, None)
        self.screen = _Screen(columns, rows, self)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "spacequiz", *args],
            env=env,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(rows, columns),
        )
        self.child.logfile_read = self  # every byte the program writes reaches the screen

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def expect(self, pattern: str) -> str:
        """Wait until the screen shows `pattern` (a regular expression), and return the match."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = re.search(pattern, "\n".join(self.lines()))
            if found:
                return found.group(0)
            if time.monotonic() > deadline or not self.child.isalive():
                raise AssertionError(f"{pattern!r} not on the screen:\n" + "\n".join(self.lines()))
            self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.05)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def shows(self, text: str) -> bool:
        return any(text in line for line in self.lines())

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus or 0)


def write_bank(path: Path, *questions: str) -> Path:
    path.write_text("version: 1\ntitle: T\nquestions:\n" + "".join(questions), encoding="utf-8")
    return path


def choice(id: str, answer: str, *others: str, prompt: str = "Which one?") -> str:
    choices = ", ".join(f'"{c}"' for c in (answer, *others))
    return (
        f"  - id: {id}\n    type: choice\n    prompt: {prompt}\n"
        f'    choices: [{choices}]\n    answer: "{answer}"\n'
    )


def test_the_next_clock_starts_full_after_reading_a_result_for_five_seconds(
    tmp_path: Path,
) -> None:
    bank = write_bank(tmp_path / "b.yaml", choice("one", "A", "B"), choice("two", "C", "D"))
    term = Terminal("play", "-b", str(bank), "--seed", "1", "--timer", "10")
    term.expect("Question 1 of 2")
    term.expect(r"\? Your answer:")
    term.send("1")
    term.expect("Press Enter for the next question")
    time.sleep(5)  # the player reads the explanation: this is the scenario, not a wait
    assert not term.shows("Question 2 of 2")
    term.send(ENTER)
    term.expect("Question 2 of 2")
    term.expect(r"⏱\s+\d+s left")
    term.expect(r"\? Your answer:")
    assert term.shows("⏱  10s left")  # the whole time: the clock starts when it is drawn
    term.send("\x03")
    assert term.end() == 130


def test_ticks_on_screen_when_the_time_runs_out_score_partial_credit() -> None:
    (round_,) = select(load_banks([SMALL]), Filters(types=("multi",)), 1, random.Random(5)).rounds
    one_right = 1 + round_.options.index("Peresild")
    term = Terminal("play", "-b", str(SMALL), "--seed", "5", "--type", "multi", "--timer", "2")
    term.expect("Select all that apply")
    term.send(str(one_right))  # one of the two right answers, ticked by its number
    term.expect("Time's up: what you had was partly right.")
    # hard: 300 points x half the right answers, x 1/2 at the time limit
    term.expect(r"\+75 points \(150 base − 75 speed\)")
    term.expect("Press Enter for your score")
    term.send(ENTER)
    term.expect("Play again")
    term.send("n")
    assert term.end() == 0


def test_a_long_choice_wraps_whole_at_60_columns(tmp_path: Path) -> None:
    long = "The two cosmonauts already aboard the station who were expected to act"
    assert len(long) == 70
    bank = write_bank(tmp_path / "b.yaml", choice("long", long, "Nobody"))
    term = Terminal("play", "-b", str(bank), "--seed", "3", columns=60)
    term.expect("Nobody")
    lines = term.lines()
    start = next(i for i, line in enumerate(lines) if "The two cosmonauts" in line)
    first, second = lines[start], lines[start + 1]
    # " ❯ 1 The two ..." then the rest under it: every word whole, nothing cut off.
    words = first.split()[first.split().index("The") :] + second.split()
    assert " ".join(words) == long
    assert second.startswith(" " * 5) and "…" not in first + second
    term.send("\x03")
    assert term.end() == 130


def test_pressing_2_picks_the_second_choice(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b.yaml", choice("pick", "Baikonur", "Plesetsk", "Vostochny"))
    (round_,) = select(load_banks([bank]), Filters(), 1, random.Random(8)).rounds
    term = Terminal("play", "-b", str(bank), "--seed", "8")
    term.expect(r"\? Your answer:")
    term.send("2")
    term.expect(f"Your answer: {round_.options[1]}")
    term.expect("Press Enter for your score")
    term.send(ENTER)
    term.expect("Play again")
    term.send(ENTER)  # Enter means no: the game ends, nothing to page through
    assert term.end() == 0


def test_the_final_score_is_on_the_last_screen_at_80x24() -> None:
    term = Terminal("play", "-b", str(SMALL), "--seed", "2", "-n", "6", columns=80, rows=24)
    for number in range(1, 7):
        term.expect(f"Question {number} of 6")
        # The live prompt starts with "? "; the answers echoed above it start with "› ".
        prompt = term.expect(r"\? (Your answer:|Type|True or false|Select all|Item 1 of)")
        if prompt in ("? Your answer:", "? True or false"):
            term.send("2")  # a wrong answer now and then makes a long list of misses
        elif prompt == "? Type":
            term.send("1" + ENTER)  # a wrong number, or a wrong name
        elif prompt == "? Select all":
            term.send("1" + ENTER)
        elif prompt == "? Item 1 of":
            term.send("2")
            term.expect(r"\? Item 2 of")
            term.send("1")
        term.expect("Press Enter for (the next question|your score)")
        term.send(ENTER)
    term.expect("Play again")
    lines = term.lines()
    assert any(line.lstrip("│ ").startswith("Score: ") for line in lines), "\n".join(lines)
    assert any("right (" in line for line in lines)
    term.send("n")
    assert term.end() == 0


def test_a_ghost_game_shows_what_the_ghost_answered() -> None:
    (first, second) = select(
        load_banks([SMALL]), Filters(types=("choice", "truefalse")), 2, random.Random(4)
    ).rounds
    recorded = subprocess.run(  # Ann's game, played through a pipe: the first right, one wrong
        [
            sys.executable,
            "-m",
            "spacequiz",
            "play",
            "--plain",
            "--name",
            "Ann",
            "-b",
            str(SMALL),
            "--seed",
            "4",
            "--type",
            "choice",
            "--type",
            "truefalse",
            "-n",
            "2",
        ],
        input="1\n1\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert recorded.returncode == 0, recorded.stderr
    term = Terminal(
        "play", "-b", str(SMALL), "--name", "Ann", "--ghost", "best", columns=100, rows=50
    )
    term.expect("Racing your best game")
    term.expect("Question 1 of 2")
    term.expect(r"\? (Your answer:|True or false)")
    term.send("1")  # the ghost's own answers, so the race is a tie
    term.expect(r"👻 your best game: .* in \d+\.\d s · you \d+ vs ghost \d+")
    term.expect("Press Enter for the next question")
    term.send(ENTER)
    term.expect("Question 2 of 2")
    term.expect(r"\? (Your answer:|True or false)")
    term.send("1")
    term.expect("Press Enter for your score")
    assert sum("👻 your best game:" in line for line in term.lines()) == 2
    term.send(ENTER)
    term.expect(r"(You beat|The ghost of|A tie with the ghost of) your best game")
    term.expect("Play again")
    term.send("n")
    assert term.end() == 0


def test_a_key_pressed_before_the_answers_are_ready_still_counts(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b.yaml", choice("pick", "Baikonur", "Plesetsk", "Vostochny"))
    (round_,) = select(load_banks([bank]), Filters(), 1, random.Random(8)).rounds
    term = Terminal("play", "-b", str(bank), "--seed", "8")
    term.child.expect("Question 1 of 1")  # the raw stream: the panel is being drawn
    term.send("2")  # at once, while the answer prompt is still being set up
    term.expect(f"Your answer: {round_.options[1]}")
    assert not any(line.strip() == "2" for line in term.lines())  # never echoed on screen
    term.expect("Press Enter for your score")
    term.send(ENTER)
    term.expect("Play again")
    term.send("n")
    assert term.end() == 0
