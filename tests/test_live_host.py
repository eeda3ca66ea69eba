"""`spacequiz host` driven as a teacher would: plain commands on a pipe, keys in a terminal."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pexpect
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests import pty_tools

WAIT = 30.0


class PlainHost:
    """The host process with its stdout read on a thread, so every wait has a timeout."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        command = [sys.executable, "-m", "spacequiz", "host", "--plain", "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--port", "0", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout

        def read() -> None:
            for line in stdout:
                self.lines.put(line)

        threading.Thread(target=read, daemon=True).start()

    def expect(self, pattern: str) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no {pattern!r} in {self.seen}") from None
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "SPACEQUIZ_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}


async def _join(url: str, name: str) -> ClientConnection:
    ws = await connect(url)
    await ws.send(json.dumps({"type": "join", "v": 1, "code": url.split("=")[-1], "name": name}))
    return ws


async def _next(ws: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        data: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        if data["type"] == kind:
            return data


def _socket_url(join_url: str) -> str:
    address, code = re.match(r"http://([^/]+)/\?code=(\d+)", join_url).groups()  # type: ignore[union-attr]
    return f"ws://{address}/ws?code={code}"


def test_plain_host_plays_a_game_to_the_end_and_writes_the_report(
    env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "live.json"
    host = PlainHost("-n", "2", "--seed", "4", "--timer", "60", "--report", str(report), env=env)
    url = _socket_url(host.expect(r"join: (\S+)").group(1))
    code = host.expect(r"^code: (\d{6})$").group(1)
    assert url.endswith(code)

    async def play() -> None:
        ann = await _join(url, "Ann")
        bob = await _join(url, "Bob\x1b]52;c;aGk=\x07")
        host.expect(r"joined: Ann \(1 player\)")
        host.expect(r"joined: Bob \(2 players\)")
        host.send("start")
        for number in (1, 2):
            host.expect(rf"question {number} of 2: ")
            for ws in (ann, bob):
                question = await _next(ws, "question")
                kind, options = question["kind"], question["options"]
                answer: Any = {"order": list(range(len(options))), "multi": [0]}.get(
                    kind, 0 if options else "42"
                )
                await ws.send(json.dumps({"type": "answer", "question": number, "answer": answer}))
            host.expect(r"answered: \S+ \(2 of 2\)")
            host.expect(rf"reveal {number}: ")
            host.send("next")
        host.expect(r"standings:")
        end = await _next(ann, "end")
        assert end["you"]["name"] == "Ann"

    asyncio.run(play())
    assert host.process.wait(timeout=WAIT) == 0
    output = "".join(host.seen)
    assert "\x1b" not in output, "a player's escape sequence reached the terminal"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert set(data["teams"]) == {"Ann", "Bob"}
    assert len(data["answers"]) == 4
    (game,) = _history(env)
    assert (game["mode"], game["finished"], game["ended_early"]) == ("live", True, False)
    assert sorted(len(p["answers"]) for p in game["participants"]) == [2, 2]


def _history(env: dict[str, str]) -> list[dict[str, Any]]:
    """`spacequiz history --json` on the host's data folder."""
    done = subprocess.run(
        [sys.executable, "-m", "spacequiz", "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 0, done.stderr
    games: list[dict[str, Any]] = json.loads(done.stdout)
    return games


def test_plain_quit_ends_at_once_and_kick_frees_the_name(env: dict[str, str]) -> None:
    host = PlainHost("-n", "3", "--timer", "0", env=env)
    url = _socket_url(host.expect(r"join: (\S+)").group(1))

    async def play() -> None:
        ann = await _join(url, "Ann")
        host.expect(r"joined: Ann")
        host.send("kick ann")
        host.expect(r"kicked: Ann")
        assert (await _next(ann, "kicked"))["message"]
        again = await _join(url, "Ann")
        assert (await _next(again, "welcome"))["name"] == "Ann"
        host.send("lock")
        host.expect(r"locked")
        late = await _join(url, "Zed")
        assert (await _next(late, "error"))["code"] == "locked"
        host.send("start")
        host.expect(r"question 1 of 3")
        host.send("quit")
        host.expect(r"standings:")

    asyncio.run(play())
    assert host.process.wait(timeout=WAIT) == 0


def test_a_port_in_use_is_a_clear_error(env: dict[str, str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "spacequiz", "host", "--plain", "--bind", "127.0.0.1"]
            + ["--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=WAIT,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_projector_screen_shows_lobby_question_reveal_and_podium(env: dict[str, str]) -> None:
    env = {**env, "TERM": "xterm-256color"}
    env.pop("NO_COLOR")
    screen = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "host", "--bind", "127.0.0.1", "--port", "0", "-n", "1"]
        + ["--type", "choice", "--timer", "60", "--seed", "2"],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=WAIT,
    )
    try:
        screen.expect(r"code=(\d{6})")
        code = pty_tools.matched(screen).group(1)
        shown = (screen.before or "") + pty_tools.matched(screen)[0]
        found = re.search(r"127\.0\.0\.1:(\d+)", shown)
        assert found is not None
        port = found.group(1)
        screen.expect("Game code")
        screen.expect("▀")  # the QR code is drawn in half blocks

        async def play() -> None:
            ws = await connect(f"ws://127.0.0.1:{port}/ws")
            await ws.send(json.dumps({"type": "join", "v": 1, "code": code, "name": "Ann"}))
            await _next(ws, "welcome")
            await asyncio.to_thread(screen.expect, "1 player joined")
            screen.send("\r")
            question = await _next(ws, "question")
            await asyncio.to_thread(screen.expect, "0 of 1 answered")
            await ws.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
            await asyncio.to_thread(screen.expect, "Answer:")
            assert question["options"]

        asyncio.run(play())
        screen.send("\r")
        screen.expect("The podium")
        screen.expect(r"\?")  # the step stands empty until its place comes out
        screen.send("\r")  # Enter brings the next place out without waiting
        screen.expect("1st place")
        screen.expect("Final standings")  # every place out: the table joins the podium
        screen.expect("press any key to leave")
        screen.send("x")
        screen.expect(pexpect.EOF)
    finally:
        screen.close(force=True)
    assert screen.exitstatus == 0


def test_a_bad_extra_time_is_a_usage_error(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spacequiz", "host", "--plain", "--extra-time", "Ann=9"],
        capture_output=True,
        text=True,
        env=env,
        timeout=WAIT,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "NAME=FACTOR" in done.stderr


def test_sigterm_ends_the_game_and_writes_the_report(env: dict[str, str], tmp_path: Path) -> None:
    import signal

    report = tmp_path / "class.csv"
    host = PlainHost("-n", "3", "--timer", "60", "--report", str(report), env=env)
    url = _socket_url(host.expect(r"join: (\S+)").group(1))

    async def play() -> None:
        ann = await _join(url, "Ann")
        host.expect(r"joined: Ann")
        host.send("start")
        question = await _next(ann, "question")
        answer: Any = {"order": list(range(len(question["options"]))), "multi": [0]}.get(
            question["kind"], 0 if question["options"] else "7"
        )
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": answer}))
        host.expect(r"reveal 1: ")
        host.process.send_signal(signal.SIGTERM)
        host.expect(r"standings:")

    asyncio.run(play())
    assert host.process.wait(timeout=WAIT) == 0
    rows = report.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and "Ann" in rows[1], rows
    # SIGTERM ends the game as quit does: after a question, it is finished early.
    (game,) = _history(env)
    assert (game["player"], game["finished"], game["ended_early"]) == ("Ann", True, True)


def _projector(env: dict[str, str], *args: str) -> pexpect.spawn[str]:
    env = {**env, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "host", "--bind", "127.0.0.1", "--port", "0", *args],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=WAIT,
    )


def _port_and_code(screen: pexpect.spawn[str]) -> tuple[str, str]:
    screen.expect(r"127\.0\.0\.1:(\d+)/\?code=(\d{6})")
    port, code = pty_tools.matched(screen).groups()
    return port, code


async def _ann_starts(screen: pexpect.spawn[str]) -> ClientConnection:
    """Ann joins the projector's game and the teacher starts it: her socket at question 1."""
    port, code = _port_and_code(screen)
    ws = await connect(f"ws://127.0.0.1:{port}/ws")
    await ws.send(json.dumps({"type": "join", "v": 1, "code": code, "name": "Ann"}))
    await _next(ws, "welcome")
    await asyncio.to_thread(screen.expect, "1 player joined")
    screen.send("\r")
    await _next(ws, "question")
    return ws


def test_q_asks_before_it_ends_the_game_for_everyone(env: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "class.csv"
    screen = _projector(
        env, "-n", "2", "--type", "choice", "--timer", "60", "--report", str(report)
    )
    try:

        async def play() -> None:
            ws = await _ann_starts(screen)
            await asyncio.to_thread(screen.expect, "0 of 1 answered")
            screen.send("q")
            await asyncio.to_thread(screen.expect, "End the game for everyone")
            screen.send("n")  # anything but y: the question stays open for Ann
            await asyncio.to_thread(screen.expect, "the game goes on")
            await ws.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
            await _next(ws, "accepted")
            screen.send("q")
            await asyncio.to_thread(screen.expect, "End the game for everyone")
            screen.send("y")
            await _next(ws, "end")

        asyncio.run(play())
        screen.expect("The podium")
        screen.send("q")  # on the podium q leaves at once: the game is already over
        screen.expect(pexpect.EOF)
    finally:
        screen.close(force=True)
    assert screen.exitstatus == 0
    rows = report.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and "Ann" in rows[1], rows


def test_the_report_is_written_before_the_podium_and_a_closed_window_ends_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    import signal

    report = tmp_path / "class.html"
    screen = _projector(
        env, "-n", "1", "--type", "choice", "--timer", "60", "--report", str(report)
    )
    try:

        async def play() -> None:
            ws = await _ann_starts(screen)
            await ws.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
            await asyncio.to_thread(screen.expect, "Answer:")

        asyncio.run(play())
        screen.send("\r")
        screen.expect("The podium")
        assert "Ann" in report.read_text(encoding="utf-8")  # written while the podium shows
        (game,) = _history(env)
        assert game["finished"] is True
        screen.kill(signal.SIGHUP)  # the teacher closes the window on the podium
        screen.expect(pexpect.EOF)
    finally:
        screen.close(force=True)
    assert screen.signalstatus is None, "SIGHUP must end the podium, not kill the host"


def test_extra_time_on_the_command_line_doubles_a_players_clock(env: dict[str, str]) -> None:
    host = PlainHost("-n", "1", "--timer", "10", "--extra-time", "Ann=2", env=env)
    url = _socket_url(host.expect(r"join: (\S+)").group(1))

    async def play() -> None:
        ann, bo = await _join(url, "Ann"), await _join(url, "Bo")
        host.expect(r"joined: Bo")
        host.send("start")
        assert (await _next(ann, "question"))["seconds"] == 20
        assert (await _next(bo, "question"))["seconds"] == 10
        host.send("quit")
        host.expect(r"standings:")

    asyncio.run(play())
    assert host.process.wait(timeout=WAIT) == 0


def test_sigterm_mid_question_ends_the_projector_host(env: dict[str, str], tmp_path: Path) -> None:
    """SIGTERM is `quit` for the whole host: no podium left waiting for a key."""
    import signal

    report = tmp_path / "class.csv"
    screen = _projector(
        env, "-n", "2", "--type", "choice", "--timer", "60", "--report", str(report)
    )
    try:

        async def play() -> None:
            await _ann_starts(screen)
            await asyncio.to_thread(screen.expect, "0 of 1 answered")

        asyncio.run(play())
        screen.kill(signal.SIGTERM)
        screen.expect(pexpect.EOF)
    finally:
        screen.close(force=True)
    assert screen.exitstatus == 0, (screen.exitstatus, screen.signalstatus)
    assert "Ann" in report.read_text(encoding="utf-8")
    (game,) = _history(env)
    assert (game["finished"], game["ended_early"]) == (True, True)


def test_plain_lock_and_an_empty_kick_say_one_line_each(env: dict[str, str]) -> None:
    host = PlainHost("-n", "1", env=env)
    host.expect(r"^commands: ")
    for command in ("lock", "unlock", "kick", "quit"):
        host.send(command)
    host.expect(r"^locked: no new players")
    host.expect(r"^unlocked")
    host.expect(r"^write: kick NAME")
    host.expect(r"standings:")
    assert host.process.wait(timeout=WAIT) == 0
    said = "".join(host.seen)
    assert said.count("spacequiz live:") == 1 and "no player called" not in said
