"""Input with deadlines as Windows has it: no termios, tty, fcntl, pty or resource, and a
`select` that takes sockets only. Simulated here by hiding the modules; prompt_toolkit's own
path is fed through its pipe input."""

from __future__ import annotations

import ast
import gc
import io
import json
import os
import random
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from spacequiz.bank.load import load_banks
from spacequiz.core.classroom import Classroom
from spacequiz.core.engine import Filters
from spacequiz.core.engine import select as pick
from spacequiz.ui import system
from spacequiz.ui.classroom_control import Controller
from spacequiz.ui.lines import LineReader

PACKAGE = Path(__file__).parent.parent / "spacequiz"
SMALL = Path(__file__).parent / "banks" / "good" / "small.yaml"
CLASSROOM = Path(__file__).parent / "banks" / "good" / "classroom.yaml"

LIKE_WINDOWS = """
import select, sys
for name in ("termios", "tty", "fcntl", "pty", "resource"):
    sys.modules[name] = None  # an import of it raises ImportError, as on Windows
real = select.select
def sockets_only(r, w, x, *timeout):
    if any(not hasattr(f, "recv") for f in (*r, *w, *x)):
        raise OSError(10038, "An operation was attempted on something that is not a socket")
    return real(r, w, x, *timeout)
select.select = sockets_only
from spacequiz.cli.app import main
sys.argv[0] = "spacequiz"
main()
"""


def _refuse_files(*args: Any) -> Any:
    raise OSError(10038, "An operation was attempted on something that is not a socket")


@pytest.fixture
def like_windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in system.POSIX_ONLY:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setattr(select, "select", _refuse_files)
    yield


def test_posix_only_modules_are_imported_in_one_place() -> None:
    """Everything that Windows lacks goes through spacequiz/ui/system.py."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "ui" / "system.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module.split(".")[0]]
            line = getattr(node, "lineno", 0)
            for name in names:
                if name in (*system.POSIX_ONLY, "select", "msvcrt"):
                    found.append(f"{path.relative_to(PACKAGE)}:{line} imports {name}")
            if isinstance(node, ast.Attribute) and node.attr in ("SIGHUP", "SIGTSTP", "SIGCONT"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} uses {node.attr}")
    assert found == []


def test_a_line_reader_keeps_its_deadline_where_select_refuses_files(like_windows: None) -> None:
    read, write = os.pipe()
    with os.fdopen(read, "rb", buffering=0) as stream:
        reader = LineReader(stream)
        started = time.monotonic()
        assert reader.readline(0.3) is None  # nothing typed: the deadline passes
        assert 0.25 <= time.monotonic() - started < 5
        os.write(write, b"first\r\nsecond\nthi")
        assert reader.readline(5) == "first"
        assert reader.readline(0) == "second"  # already waiting: an answer, not dropped
        os.write(write, b"rd\n")
        assert reader.readline(5) == "third"
        os.close(write)
        with pytest.raises(EOFError):
            reader.readline(5)


def test_a_timed_plain_game_plays_to_its_end_as_on_windows() -> None:
    """The first question gets no answer and times out; the second is answered in time."""
    rounds = pick(load_banks([SMALL]), Filters(), 2, random.Random(4)).rounds
    answers = {"site": "baikonur", "applicants": "3 200"}
    second = answers[rounds[1].question.id]
    proc = subprocess.Popen(
        [sys.executable, "-c", LIKE_WINDOWS, "play", "--plain", "--seed", "4", "-b", str(SMALL)]
        + ["-n", "2", "--timer", "2", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    watchdog = threading.Timer(60, proc.kill)  # a hung game fails the test, not the suite
    watchdog.start()
    try:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        seen = b""
        while b"Time's up!" not in seen:  # stdin open and silent until the deadline
            chunk = proc.stderr.read1(4096)  # type: ignore[attr-defined]
            assert chunk, seen.decode()
            seen += chunk
        proc.stdin.write(second.encode() + b"\n")
        proc.stdin.flush()
        out = proc.stdout.read()
        err = seen + proc.stderr.read()
    finally:
        watchdog.cancel()
        proc.kill()
    assert b"Traceback" not in err
    data = json.loads(out)
    assert [o["timed_out"] for o in data["outcomes"]] == [True, False]
    assert data["finished"] is True
    assert data["outcomes"][1]["correct"] is True


def _when(check: Callable[[], bool]) -> None:
    limit = time.monotonic() + 30
    while not check():
        assert time.monotonic() < limit, "the game did not get there"
        time.sleep(0.02)


def test_the_projector_view_reads_keys_and_keeps_deadlines_as_on_windows(
    like_windows: None,
) -> None:
    """The classroom's key reader without termios or select: a game with a one-second timer
    plays to its end; Red answers by a key, Blue says nothing and the clock ends its turn."""
    from spacequiz.ui.classroom import run_screen

    rounds = pick(load_banks([CLASSROOM]), Filters(), 2, random.Random(5)).rounds
    game = Classroom(("Red", "Blue"), rounds, style="turns", time_limit=1, speed=False)
    controller = Controller(game)
    read, write = os.pipe()
    stdin = os.fdopen(read, "rb", buffering=0)
    out = io.StringIO()
    console = Console(file=out, width=100, height=30, force_terminal=True)
    right = str(rounds[0].options.index(rounds[0].question.answer) + 1)  # type: ignore[union-attr]

    def teacher() -> None:
        _when(lambda: controller.mode == "question" and game.waiting_teams() == ("Red",))
        os.write(write, right.encode())
        _when(lambda: not game.waiting_teams())
        os.write(write, b"r")
        _when(lambda: controller.mode == "reveal")
        os.write(write, b"\r")
        _when(lambda: game.round.number == 2 and "Time's up for Blue" in controller.message)
        os.write(write, b"r")
        _when(lambda: controller.mode == "reveal" and game.round.number == 2)
        os.write(write, b"\r")

    driver = threading.Thread(target=teacher, daemon=True)
    driver.start()
    try:
        run_screen(controller, console, stdin)
    finally:
        os.close(write)
        stdin.close()
    driver.join(5)
    # The key reader's thread and any file object it made over the pipe must be gone before
    # the next test opens files: a late close would hit a reused descriptor number.
    for thread in threading.enumerate():
        if thread.name.startswith("spacequiz-"):
            thread.join(5)
    gc.collect()
    assert game.finished
    assert {s.team: s.score for s in game.standings()} == {"Red": 100, "Blue": 0}
    assert "Final standings" in out.getvalue() or "Red" in out.getvalue()


def test_keys_through_prompt_toolkit_as_on_a_windows_console() -> None:
    """The path a Windows console takes, fed through prompt_toolkit's pipe input."""
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as keys, system.ToolkitKeys(keys) as reader:
        assert reader.read(0.05) is None
        keys.send_text("b")
        assert reader.read(5) == "b"
        keys.send_text("\x1b[A")  # an arrow: nothing for the projector
        keys.send_text("Red=2\r")
        got = ""
        while not got.endswith("\r"):
            piece = reader.read(5)
            assert piece is not None
            got += piece
        assert got == "Red=2\r"
        keys.send_text("\x03")
        with pytest.raises(KeyboardInterrupt):
            reader.read(5)


def test_the_open_file_limit_is_left_alone_where_there_is_none(like_windows: None) -> None:
    assert system.open_file_room(500) == 500


def test_typeahead_is_dropped_on_a_terminal_only(like_windows: None) -> None:
    read, write = os.pipe()
    with os.fdopen(read, "rb", buffering=0) as stream:
        reader = LineReader(stream)
        os.write(write, b"kept\n")
        reader.drop_typeahead()  # a pipe: its lines are answers
        assert reader.readline(5) == "kept"
        # End the reader's thread before the pipe closes: a thread still reading a closed
        # descriptor would read whatever file a later test opens under the same number.
        os.close(write)
        with pytest.raises(EOFError):
            reader.readline(5)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_in_a_code_page_gets_plain_symbols_not_a_traceback(encoding: str) -> None:
    """Redirected output on Windows is in the ANSI code page, which has no ✔ or ✘."""
    result = subprocess.run(
        [sys.executable, "-m", "spacequiz", "play", "--plain", "-b", str(SMALL)]
        + ["-n", "2", "--seed", "4"],
        input=b"baikonur\n1\n",
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    shown = result.stdout.decode(encoding, "replace")
    assert result.returncode == 0, (result.returncode, shown, result.stderr)
    out = result.stdout.decode(encoding)
    assert "Score: 100" in out and "1/2 right" in out
    assert "✔" not in result.stdout.decode(encoding, "replace")  # a plain mark, not a ✔
    assert "\ufffd" not in result.stdout.decode(encoding, "replace")
