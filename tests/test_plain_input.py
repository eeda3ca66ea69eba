"""Input that is not answers, and output that is not a terminal: a game never loops for ever
and never plays blind."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.pty_tools import transcript

SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
CLASSROOM = Path(__file__).parent / "banks" / "good" / "classroom.yaml"
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


def endless_yes() -> subprocess.Popen[bytes]:
    return subprocess.Popen(["yes"], stdout=subprocess.PIPE)


@pytest.mark.parametrize(
    "command",
    [
        ["play", "-b", str(SMALL), "--seed", "1", "-n", "3", "--name", "Ann"],
        ["review", "-b", str(SMALL), "--seed", "1", "--new", "3", "--name", "Ann"],
    ],
    ids=lambda command: command[0],
)
def test_endless_unreadable_input_stops_with_a_message(command: list[str]) -> None:
    """`yes | spacequiz play`: "y" is no choice, asked again ten times, then the game ends."""
    source = endless_yes()
    try:
        game = subprocess.run(
            [sys.executable, "-m", "spacequiz", *command],
            stdin=source.stdout,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    finally:
        source.kill()
        source.wait()
    assert game.returncode == 1, game.stderr
    said = " ".join(game.stderr.split())
    assert "error: 10 lines in a row could not be read as answers" in said
    assert "stopped early" in game.stdout  # the summary of what was played
    assert "Traceback" not in game.stderr


def test_a_classroom_fed_endless_nonsense_stops_and_writes_its_report(tmp_path: Path) -> None:
    report = tmp_path / "class.csv"
    source = endless_yes()
    try:
        game = subprocess.run(
            [
                sys.executable, "-m", "spacequiz", "classroom", "-b", str(CLASSROOM),
                "--players", "Red,Blue", "--rounds", "2", "--report", str(report),
            ],
            stdin=source.stdout,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )  # fmt: skip
    finally:
        source.kill()
        source.wait()
    assert game.returncode == 1, game.stderr
    assert "10 lines in a row could not be read" in " ".join(game.stderr.split())
    assert report.exists()


def test_a_few_mistakes_on_a_pipe_are_still_asked_again() -> None:
    game = subprocess.run(
        [sys.executable, "-m", "spacequiz", "play", "-b", str(SMALL), "--seed", "1", "-n", "1"],
        input="nine\n99\n\n3\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert game.returncode == 0, game.stderr
    assert game.stdout.count("Please type a number from 1 to 3.") == 2


def in_a_terminal(command: str, tmp_path: Path) -> pexpect.spawn[str]:
    """`command` run by a shell in a pseudo-terminal (so redirections apply to it)."""
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env, cwd=str(tmp_path), encoding="utf-8",
        timeout=TIMEOUT, dimensions=(40, 100),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    return child


@pytest.mark.parametrize("command", ["play", "review"])
def test_with_stdout_redirected_the_questions_are_shown_on_the_terminal(
    tmp_path: Path, command: str
) -> None:
    args = {
        "play": f"play -b {SMALL} --seed 1 -n 1 --name Ann",
        "review": f"review -b {SMALL} --seed 1 --new 1 --name Ann",
    }[command]
    spacequiz = f"{shlex.quote(sys.executable)} -m spacequiz {args}"
    child = in_a_terminal(f"{spacequiz} > out.txt", tmp_path)
    child.expect("standard output is not a terminal, so the game is shown here")
    child.expect(r"Question 1 of 1")
    child.expect(r"(Number 1-\d|Your answer)[^:]*: ")
    child.sendline("1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, transcript(child)
    assert "Game over." in transcript(child)
    assert "\x1b" not in transcript(child)  # the plain game: text only, note too


def test_a_game_nobody_could_see_is_refused(tmp_path: Path) -> None:
    spacequiz = f"{shlex.quote(sys.executable)} -m spacequiz"
    for command in ("play", f"classroom --players A,B -b {CLASSROOM}"):
        child = in_a_terminal(f"{spacequiz} {command} > out.txt 2> err.txt", tmp_path)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2, command
        said = " ".join((tmp_path / "err.txt").read_text(encoding="utf-8").split())
        assert "its questions could not be seen; play it in a terminal" in said
        assert (tmp_path / "out.txt").read_text(encoding="utf-8") == ""
