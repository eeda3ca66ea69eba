"""`spacequiz join` against a real host on loopback: piped lines, a terminal, a resume, errors."""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from pexpect.popen_spawn import PopenSpawn

from spacequiz.live.client import (
    Question,
    parse_address,
    read_line_answer,
)
from tests import pty_tools

TIMEOUT = 30
# `join` through the real app.
JOIN = "from spacequiz.cli.app import app\napp(prog_name='spacequiz')\n"


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "SPACEQUIZ_HOME": str(home), "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    return env


class Host:
    def __init__(self, child: pexpect.spawn[str], url: str, code: str) -> None:
        self.child, self.url, self.code = child, url, code

    def send(self, command: str) -> None:
        self.child.sendline(command)

    def expect(self, pattern: str) -> None:
        self.child.expect(pattern)


@pytest.fixture
def host(_isolated_home: Path, request: pytest.FixtureRequest) -> Iterator[Host]:
    """The plain host; a test parametrized indirectly passes other options."""
    options = getattr(request, "param", ["-n", "2", "--seed", "1", "--timer", "30"])
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "host", "--plain", "--bind", "127.0.0.1", "--port", "0", *options],
        env=_env(_isolated_home),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.logfile_read = io.StringIO()
    child.expect(r"join: (http://127\.0\.0\.1:\d+/\?code=(\d{6}))")
    yield Host(child, pty_tools.matched(child).group(1), pty_tools.matched(child).group(2))
    if child.isalive():
        child.sendline("quit")
        child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=10)
    child.close(force=True)


def terminal_join(home: Path, url: str, name: str) -> pexpect.spawn[str]:
    """`join URL --name NAME` in a 100x40 pseudo-terminal, its output kept."""
    join = pexpect.spawn(
        sys.executable,
        ["-c", JOIN, "join", url, "--name", name],
        env=_env(home),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    join.logfile_read = io.StringIO()
    return join


def plain_join(home: Path, *args: str) -> PopenSpawn[str]:
    """`join` with stdin and stdout as pipes: the plain game."""
    child = PopenSpawn(
        [sys.executable, "-c", JOIN, "join", *args],
        env=_env(home),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.logfile_read = io.StringIO()
    return child


def answer_plain(child: PopenSpawn[str], number: int) -> None:
    """Read question `number` and answer it as the line tells: letters, or typed text."""
    child.expect(rf"question {number} of 2: [^\n]+\n")
    child.expect(r"(?:[\d.]+ seconds: )?type ([^\n]+?)\r?\n")
    how = pty_tools.matched(child).group(1)
    if "in order" in how:
        child.sendline(how.rsplit("e.g. ", 1)[1])
    elif "letter" in how:
        child.sendline("A")
    elif "number" in how:
        child.sendline("12")
    else:
        child.sendline("Baikonur")


def test_plain_join_plays_a_game_to_the_end(host: Host, _isolated_home: Path) -> None:
    join = plain_join(_isolated_home, host.url, "--name", "Ann")
    join.expect(r"joined: [^\n]+ as Ann \(1 players\)")
    join.expect("lobby: 1 players, waiting for the host to start")
    host.expect(r"joined: Ann")
    host.send("start")
    answer_plain(join, 1)
    join.expect("answer sent")
    join.expect(r"(right|wrong|partly right): [^\n]*score (\d+), rank 1, streak \d")
    host.expect("reveal 1")
    host.send("next")
    join.expect(r"leaderboard:\s+1\. Ann \d+")
    answer_plain(join, 2)
    join.expect("answer sent")
    join.expect(r"(right|wrong|partly right): [^\n]*score (\d+), rank 1")
    score = pty_tools.matched(join).group(2)
    host.expect("reveal 2")
    host.send("next")
    join.expect(rf"podium:\s+1\. Ann {score}\s+final: rank 1 of 1, score {score}")
    join.expect(pexpect.EOF)
    assert join.proc.wait() == 0
    transcript = pty_tools.transcript(join)
    assert "Traceback" not in transcript and "\x1b" not in transcript


def test_join_in_a_terminal_with_keys(host: Host, _isolated_home: Path) -> None:
    join = pexpect.spawn(
        sys.executable,
        ["-c", JOIN, "join", f"127.0.0.1:{host.url.split(':')[2].split('/')[0]}"]
        + ["--code", host.code, "--name", "Bo"],
        env=_env(_isolated_home),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    join.logfile_read = io.StringIO()
    join.expect(r"Joined as (?:\x1b\[[\d;]*m)*Bo")
    join.expect("Waiting for the host")
    host.expect("joined: Bo")
    host.send("start")
    for number in (1, 2):
        join.expect(f"Question {number} of 2")
        kind = join.expect(
            [r"Your answer:", r"Select all that apply", r"Item 1 of \d", "Your number"]
        )
        join.expect(r"\d+s left")  # the countdown above the prompt
        if kind == 0:
            join.send("b\r")  # the letter points at B; Enter answers
        elif kind == 1:
            join.send(" \r")
        elif kind == 2:  # order: pick what comes first, then next, until one is left
            join.send("\r")
            while join.expect([r"Item \d+ of \d+ \(after", "Answer in"]) == 0:
                join.send("\r")
        else:
            join.send("12\r")
        if kind != 2:
            join.expect("Answer in")
        join.expect(r"(Right!|Wrong\.|Partly right\.)")
        join.expect(r"score \d+ · streak \d+ · rank 1")
        host.expect(f"reveal {number}")
        host.send("next")
    join.expect("Game over")
    join.expect(r"You: rank 1 of 1, score \d+")
    join.expect(pexpect.EOF)
    join.close()
    assert join.exitstatus == 0
    assert "Traceback" not in pty_tools.transcript(join)


@pytest.mark.parametrize("host", [["-n", "1", "--type", "multi", "--timer", "60"]], indirect=True)
def test_select_all_is_ticked_with_the_letters_shown(host: Host, _isolated_home: Path) -> None:
    join = terminal_join(_isolated_home, host.url, "Bo")
    join.expect("Waiting for the host")
    host.send("start")
    join.expect("Select all that apply")
    join.expect(r"\d+s left")
    join.send("a")
    join.send("3")  # the digit of C ticks it too
    join.send("c")  # and its letter again takes the tick back
    join.send("c")
    join.send("\r")
    join.expect("Answer in")
    host.expect(r"reveal 1: ")
    host.expect(r"\n")
    counts = {}
    for _ in range(3):
        host.expect(r"  . ([A-Z])\) [^\n]*: (\d+)")
        letter, count = host.child.match.groups()  # type: ignore[union-attr]
        counts[letter] = int(count)
    assert counts == {"A": 1, "B": 0, "C": 1}
    host.send("next")
    join.expect("Game over")
    join.expect(pexpect.EOF)
    join.close()


def test_running_join_again_resumes_with_the_score(host: Host, _isolated_home: Path) -> None:
    first = plain_join(_isolated_home, host.url, "--name", "Ann")
    first.expect("lobby: 1 players")
    host.expect("joined: Ann")
    host.send("start")
    answer_plain(first, 1)
    first.expect(r"(?:right|wrong|partly right): [^\n]*score (\d+), rank 1")
    score = int(pty_tools.matched(first).group(1))
    first.kill(signal.SIGKILL)
    first.proc.wait()
    host.expect("left: Ann")
    token_file = _isolated_home / "live-tokens.json"
    assert token_file.exists() and "Ann".casefold() in token_file.read_text().casefold()

    again = plain_join(_isolated_home, host.url, "--name", "ann")
    again.expect(r"rejoined: [^\n]+ as Ann")
    # Back during the reveal: the host shows this player where the game is.
    again.expect(rf"score {score}, rank 1")
    host.expect("joined: Ann")
    host.send("next")
    answer_plain(again, 2)
    again.expect(r"(?:right|wrong|partly right): [^\n]*score (\d+), rank 1")
    assert int(pty_tools.matched(again).group(1)) >= score
    host.expect("reveal 2")
    host.send("next")
    again.expect(r"final: rank 1 of 1, score \d+")
    again.expect(pexpect.EOF)
    assert again.proc.wait() == 0


def test_a_wrong_code_is_exit_1_with_a_message(host: Host, _isolated_home: Path) -> None:
    wrong = f"{(int(host.code) + 1) % 1_000_000:06d}"
    port = host.url.split(":")[2].split("/")[0]
    join = plain_join(_isolated_home, f"127.0.0.1:{port}", "--code", wrong, "--name", "Ann")
    join.expect(pexpect.EOF)
    assert join.proc.wait() == 1
    out = pty_tools.transcript(join)
    assert "error: that is not this game's code" in out
    assert "Traceback" not in out


def test_an_unreachable_address_is_exit_1(_isolated_home: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    join = plain_join(_isolated_home, f"http://127.0.0.1:{port}/?code=123456", "--name", "Ann")
    join.expect(pexpect.EOF)
    assert join.proc.wait() == 1
    out = pty_tools.transcript(join)
    assert f"error: cannot reach a game at 127.0.0.1:{port}" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("text", "url", "code"),
    [
        ("http://192.168.1.20:8765/?code=123456", "ws://192.168.1.20:8765/ws", "123456"),
        ("192.168.1.20:8765", "ws://192.168.1.20:8765/ws", None),
        ("https://quiz.example/?code=000001", "wss://quiz.example:443/ws", "000001"),
        ("[::1]:9000", "ws://[::1]:9000/ws", None),
    ],
)
def test_addresses_as_the_host_prints_them(text: str, url: str, code: str | None) -> None:
    address = parse_address(text)
    assert (address.url, address.code) == (url, code)


def test_typed_lines_become_protocol_answers() -> None:
    def q(kind: str, options: tuple[str, ...] = ("x", "y", "z")) -> Question:
        return Question(1, 1, kind, "?", options, None, None, False)  # type: ignore[arg-type]

    assert read_line_answer(q("choice"), "b") == (1, None)
    assert read_line_answer(q("choice"), "3") == (2, None)
    assert read_line_answer(q("truefalse", ("True", "False")), "false") == (1, None)
    assert read_line_answer(q("multi"), "C, a") == ([0, 2], None)
    assert read_line_answer(q("multi"), "-") == ([], None)
    assert read_line_answer(q("order"), "C A B") == ([2, 0, 1], None)
    assert read_line_answer(q("order"), "C A")[1] == "please put all 3 letters in order"
    assert read_line_answer(q("choice"), "Q")[1] == "please type one letter from A to C"
    assert read_line_answer(q("number", ()), "1 200") == ("1 200", None)
    assert read_line_answer(q("number", ()), "lots")[1] == "please type a number, e.g. 3000"
    assert re.fullmatch(r"Baikonur", str(read_line_answer(q("text", ()), " Baikonur ")[0]))


def test_ctrl_c_in_a_prompt_leaves_with_130(host: Host, _isolated_home: Path) -> None:
    join = terminal_join(_isolated_home, host.url, "Cy")
    join.expect("Waiting for the host")
    host.send("start")
    join.expect(r"\d+s left")
    join.sendintr()
    join.expect("Left the game.")
    join.expect(pexpect.EOF)
    join.close()
    assert join.exitstatus == 130
    assert "Traceback" not in pty_tools.transcript(join)


class _Screen:
    """Keeps the status lines a player would read; the rest of the screen is not needed."""

    def __init__(self) -> None:
        self.statuses: list[str] = []

    def status(self, message: str) -> None:
        self.statuses.append(message)

    def joined(self, welcome: object) -> None:
        pass


class _Tokens:
    def __init__(self) -> None:
        self.token: str | None = None

    def get(self) -> str | None:
        return self.token

    def put(self, token: str) -> None:
        self.token = token

    def forget(self) -> None:
        self.token = None


def test_a_host_that_stays_away_is_given_up_on_after_a_bounded_count() -> None:
    """Welcomed once, then every connection refused: the count goes up, the waits grow to
    a cap, and the player is told, rather than 'rejoining (1 of N)' for ever."""
    import asyncio
    import json
    from contextlib import asynccontextmanager
    from typing import Any

    from websockets.exceptions import ConnectionClosedOK
    from websockets.frames import Close

    from spacequiz.live.client import MAX_WAIT, RETRIES, Client, JoinError

    class Socket:
        close_reason = ""

        def __init__(self) -> None:
            self.frames = [json.dumps({"type": "welcome", "token": "t", "players": 1})]

        async def send(self, text: str) -> None:
            pass

        async def recv(self) -> str:
            if self.frames:
                return self.frames.pop(0)
            raise ConnectionClosedOK(Close(1001, "going away"), None)

    tries = 0

    @asynccontextmanager
    async def connect(url: str) -> Any:
        nonlocal tries
        tries += 1
        if tries > 1:
            raise ConnectionRefusedError(111, "Connection refused")
        yield Socket()

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    screen = _Screen()
    client = Client(
        parse_address("127.0.0.1:9"), "123456", "Ann", screen, _Tokens(),  # type: ignore[arg-type]
        connect=connect, sleep=sleep,
    )  # fmt: skip
    with pytest.raises(JoinError, match="lost the connection"):
        asyncio.run(client.run())
    assert [s.split("(")[-1] for s in screen.statuses] == [
        f"{n} of {RETRIES})" for n in range(1, RETRIES + 1)
    ]
    assert waits == sorted(waits) and max(waits) == MAX_WAIT
    assert 30 <= sum(waits) <= 90  # long enough for `host --resume`, not for ever


@pytest.mark.parametrize("seconds", [float("inf"), 1e308, float("nan"), -1, True, "20"])
def test_a_hostile_hosts_clock_is_no_clock(seconds: object) -> None:
    """`"seconds": Infinity` crashed the countdown; only a real clock is drawn."""
    from spacequiz.live.client import read_question

    frame = {"type": "question", "number": 1, "total": 2, "kind": "choice", "prompt": "?"}
    question = read_question({**frame, "options": ["a", "b"], "seconds": seconds})
    assert question is not None and question.seconds is None
    kept = read_question({**frame, "options": ["a", "b"], "seconds": 20})
    assert kept is not None and kept.seconds == 20.0
