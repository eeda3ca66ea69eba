"""The program's one Env, and the commands run in a fake one: what a player sees, without
patching private names or spawning a process."""

from __future__ import annotations

import io
import json
import re
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacequiz.cli.app import app
from spacequiz.ui.env import Env
from tests.fakes import FakeClock, errors, fake_env, keys, output
from tests.test_plain_game import RIGHT, script_for

runner = CliRunner()
SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
CLASSROOM = Path(__file__).parent / "banks" / "good" / "classroom.yaml"


# The Env itself ---------------------------------------------------------------------------


def test_from_process_reads_the_streams_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    env = Env.from_process()
    assert env.stdin is sys.stdin and env.stdout is sys.stdout and env.stderr is sys.stderr
    assert (env.stdin_isatty, env.no_color, env.term_dumb) == (False, True, True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm")
    env = Env.from_process(no_color=True)
    assert (env.no_color, env.term_dumb) == (True, False)
    assert not Env.from_process().no_color


def test_interactive_needs_both_ends_on_a_terminal_that_is_not_dumb() -> None:
    assert fake_env(tty=True).interactive
    assert not fake_env(tty=True, stdout_tty=False).interactive
    assert not fake_env(tty=False, stdout_tty=True).interactive
    assert not fake_env(tty=True, term_dumb=True).interactive


def test_consoles_write_to_the_env_streams_and_honour_no_color() -> None:
    env = fake_env(tty=True, no_color=True).with_no_color(False)
    env.console.print("[bold]out[/bold]")
    env.error_console.print("err", style="red")
    assert output(env) == "out\n"
    assert errors(env) == "err\n"
    assert env.console is env.console  # made once, on first use
    assert env.with_no_color(True) is env  # already without colour


def test_the_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(now=10.0)
    assert clock() == clock() == 10.0
    clock.advance(2.5)
    assert clock() == 12.5
    ticking = FakeClock(now=0.0, tick=1.0)
    assert (ticking(), ticking()) == (1.0, 2.0)


# play ---------------------------------------------------------------------------------------


def test_play_on_a_pipe_plays_the_plain_game_from_the_env_stdin() -> None:
    env = fake_env(script_for(4, RIGHT))
    args = ["play", "--seed", "4", "-b", str(SMALL), "-n", "6", "--json"]
    result = runner.invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    assert "no interactive terminal, so playing the plain line-by-line game" in errors(env)
    assert "Game over." in errors(env)  # with --json, the game itself is on stderr
    data = json.loads(result.stdout)
    assert (data["score"], data["correct"], data["finished"]) == (1950, 6, True)


def test_play_times_answers_by_the_env_clock() -> None:
    """A clock that moves 4 s at each reading: every answer takes the same whole seconds."""
    env = fake_env(script_for(4, RIGHT), clock=FakeClock(tick=4.0))
    args = ["play", "--plain", "--seed", "4", "-b", str(SMALL), "-n", "6", "--json"]
    result = runner.invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    seconds = {answer["seconds"] for answer in json.loads(result.stdout)["outcomes"]}
    assert len(seconds) == 1 and seconds.pop() % 4 == 0


def test_play_shows_the_game_on_stderr_when_only_stdout_is_redirected() -> None:
    env = fake_env(script_for(4, RIGHT), tty=True, stdout_tty=False)
    result = runner.invoke(app, ["play", "--seed", "4", "-b", str(SMALL), "-n", "6"], obj=env)
    assert result.exit_code == 0, result.output
    assert "standard output is not a terminal, so the game is shown here" in errors(env)
    assert "Game over." in errors(env)
    assert output(env) == ""


def test_play_refuses_a_game_nobody_could_see() -> None:
    env = fake_env("1\n", tty=True, stdout_tty=False, stderr_tty=False)
    result = runner.invoke(app, ["play", "-b", str(SMALL)], obj=env)
    assert result.exit_code == 2
    assert "its questions could not be seen" in result.stderr


def test_play_on_a_dumb_terminal_is_the_plain_game() -> None:
    env = fake_env(script_for(4, RIGHT), tty=True, term_dumb=True)
    result = runner.invoke(app, ["play", "--seed", "4", "-b", str(SMALL), "-n", "6"], obj=env)
    assert result.exit_code == 0, result.output
    assert "Score: 1950 · 6/6 right (100%)" in output(env)


def test_play_interactive_takes_keys_through_the_env_prompts() -> None:
    """The interactive game, its prompts fed by a pipe: answer the first question, then
    Ctrl-C at the pause; what was played is summed up and the exit code is 130."""
    with keys() as (pipe, env):

        def player() -> None:
            # Each key only once its prompt is up: the game drops keys typed ahead.
            if _shown(env, "Question 1 of 6"):
                pipe.send_text("1")
            _shown(env, "Your answer")  # the echo of the answer, once the prompt is gone
            for _ in range(50):  # Ctrl-C until the game has ended (the pause may be late)
                if "Game over" in output(env):
                    return
                pipe.send_text("\x03")
                _shown(env, "Game over", seconds=0.2)

        driver = threading.Thread(target=player, daemon=True)
        driver.start()
        result = runner.invoke(app, ["play", "--seed", "4", "-b", str(SMALL), "-n", "6"], obj=env)
        driver.join(10)
    assert result.exit_code == 130, result.output
    shown = output(env)
    assert "Question 1 of 6" in shown and "Your answer" in shown
    assert "Game over" in shown and "(stopped early)" in shown
    assert "0.0 s" in shown  # the fake clock did not move


def _shown(env: Env, text: str, seconds: float = 30.0) -> bool:
    """Wait until the Env's screen shows `text` (polling, no fixed sleep); whether it did."""
    deadline = time.monotonic() + seconds
    while text not in output(env):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# classroom ----------------------------------------------------------------------------------


def test_classroom_plain_reads_its_lines_from_the_env() -> None:
    env = fake_env("Red, Blue\n1\nnext\nquit\ny\n")
    args = ["classroom", "-b", str(CLASSROOM), "-n", "2", "--seed", "5", "--timer", "0"]
    result = runner.invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    assert "Team names, separated by commas (2 to 12): " in errors(env)
    shown = output(env)
    assert "Question 1 of 2" in shown and "Red's turn." in shown
    assert "Final standings:" in shown


def test_classroom_turn_ends_when_the_env_clock_runs_out() -> None:
    """A clock that jumps 30 s at each reading: a 20 s turn is over before any answer."""
    env = fake_env("next\nquit\ny\n", clock=FakeClock(tick=30.0))
    args = ["classroom", "--players", "Red,Blue", "-b", str(CLASSROOM), "-n", "2"]
    result = runner.invoke(app, [*args, "--seed", "5", "--timer", "20"], obj=env)
    assert result.exit_code == 0, result.output
    assert "Time's up for Red" in output(env)


# New code goes through the Env ----------------------------------------------------------

WORLD = re.compile(r"sys\.stdin|sys\.stdout|\.isatty\(\)|time\.monotonic")
"""Reads of the process's world that belong in the Env."""
ALLOWED = {
    ("ui/env.py", "sys.stdin"): "the Env is built here, from the real process",
    ("ui/env.py", "sys.stdout"): "the Env is built here, from the real process",
    ("ui/env.py", ".isatty()"): "the Env is built here, from the real process",
    ("ui/env.py", "time.monotonic"): "the Env's own clock",
    ("ui/clock.py", "time.monotonic"): "the default of an injected clock (prompts' pauses)",
    ("ui/classroom_control.py", "time.monotonic"): "the default of an injected clock",
    ("ui/lines.py", "time.monotonic"): "the default of an injected clock (join reads untimed)",
    ("live/server.py", "time.monotonic"): "the default of an injected clock",
    ("ui/system.py", "sys.stdin"): "the platform module: prompt_toolkit's console input "
    "wants the text stdin when the stream given is the process's own",
    ("ui/system.py", "sys.stdout"): "symbols_that_fit sets the encoding at start, before any Env",
    ("storage/history.py", "time.monotonic"): "waiting for another program's database lock: "
    "real seconds, not the game's clock",
    ("storage/files.py", "time.monotonic"): "the default of an injected clock: waiting for "
    "another program's lock file on a bank, real seconds",
    ("cli/history.py", "sys.stdout"): "--csv output written byte for byte",
    ("cli/app.py", "sys.stdout"): "--version answered before anything loads",
    ("cli/shell.py", "sys.stdout"): "the outermost shell: the streams' encoding, and a "
    "closed stdout pointed at /dev/null",
}


def test_only_the_env_reads_the_streams_ttys_and_clock() -> None:
    package = Path(__file__).resolve().parent.parent / "spacequiz"
    found: set[tuple[str, str]] = set()
    stray: list[str] = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in WORLD.finditer(line):
                key = (where, match.group())
                found.add(key)
                if key not in ALLOWED:
                    stray.append(f"{where}:{number}: {line.strip()}")
    assert not stray, "read these through the Env (ui/env.py):\n" + "\n".join(stray)
    assert not set(ALLOWED) - found, "allowed but no longer there: drop from ALLOWED"
