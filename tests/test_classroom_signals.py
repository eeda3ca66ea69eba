"""The projector view and the signals a terminal sends: Ctrl-Z stops it with the clock, and
SIGTERM or SIGHUP end it with the terminal as it was. Job control exists on Linux and macOS."""

from __future__ import annotations

import os
import re
import signal
import sys
import time

import pexpect
import pytest

from tests.test_classroom_terminal import BANK, frame_with, plain

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTSTP"), reason="no job control")

CLOCK = re.compile(r"⏱\s+(\d+)s")


def spawn_game() -> pexpect.spawn[str]:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "classroom", "-b", str(BANK), "--players", "Red,Blue"]
        + ["--count", "2", "--seed", "1", "--timer", "30", "--preview", "0", "--talk", "0"],
        env={**os.environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        codec_errors="replace",  # a signal may cut the output in the middle of a character
        timeout=60,
        dimensions=(30, 100),
    )
    frame_with(child, "Press Enter to start")
    child.send("\r\r")
    return child


def seconds_left(child: pexpect.spawn[str]) -> int:
    lines = frame_with(child, "⏱")
    found = next(CLOCK.search(line) for line in lines if CLOCK.search(line))
    assert found is not None
    return int(found.group(1))


def test_ctrl_z_stops_the_view_and_its_clock_until_fg() -> None:
    """In a shell with job control, as a teacher has it: Ctrl-Z, some time, then `fg`."""
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        env={**os.environ, "TERM": "xterm-256color", "PS1": "$ "},
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 100),
    )
    try:
        shell.expect_exact("$ ")
        game = " ".join(
            [sys.executable, "-m", "spacequiz", "classroom", "-b", str(BANK)]
            + ["--players", "Red,Blue", "--count", "2", "--seed", "1", "--timer", "30"]
            + ["--preview", "0", "--talk", "0"]
        )
        shell.sendline(game)
        frame_with(shell, "Press Enter to start")
        shell.send("\r\r")
        shell.expect("Red's turn")
        before = seconds_left(shell)
        while before > 28:  # the question's clock is running
            before = seconds_left(shell)
        shell.send("\x1a")
        shell.expect("Stopped")
        shell.expect_exact("$ ")
        stopped_at = time.monotonic()
        while time.monotonic() - stopped_at < 3:  # time passes while the game is stopped
            shell.expect(pexpect.TIMEOUT, timeout=0.2)
        shell.sendline("fg")
        seconds_left(shell)  # the frame it redraws first is the one it left
        after = seconds_left(shell)
        assert after >= before - 2, (before, after)  # the 3 s stopped did not count
        shell.send("q")
        shell.expect("Quit")
        shell.send("y")
        shell.expect("Final standings|Team")
        shell.expect_exact("$ ")
        shell.sendline("exit")
        shell.expect(pexpect.EOF)
    finally:
        shell.close(force=True)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_restore_the_terminal(name: str) -> None:
    import termios

    child = spawn_game()
    try:
        seconds_left(child)
        child.logfile_read = None
        child.kill(getattr(signal, name))
        rest = ""
        while True:
            try:
                rest += child.read_nonblocking(4096, timeout=30)
            except pexpect.EOF:
                break
        assert "\x1b[?1049l" in rest and "\x1b[?25h" in rest, rest[-200:]
        assert "Traceback" not in plain(rest)
        modes = termios.tcgetattr(child.child_fd)
        assert modes[3] & termios.ICANON and modes[3] & termios.ECHO
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
