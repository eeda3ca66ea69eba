"""A host killed mid-game comes back with `--resume`: same address, players, answers, scores."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests import pty_tools
from tests.test_live_host import WAIT, PlainHost, _history, _next, _socket_url


async def _join(url: str, code: str, name: str, token: str | None = None) -> ClientConnection:
    ws = await connect(url)
    frame: dict[str, Any] = {"type": "join", "v": 1, "code": code, "name": name}
    if token:
        frame["token"] = token
    await ws.send(json.dumps(frame))
    return ws


def _answer_for(question: dict[str, Any]) -> Any:
    options = question["options"]
    return {"order": list(range(len(options))), "multi": [0]}.get(
        question["kind"], 0 if options else "42"
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "SPACEQUIZ_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}


def test_sigkill_then_resume_ends_the_game_with_every_answer_once(
    env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "live.json"
    options = ["-n", "2", "--seed", "5", "--timer", "120", "--report", str(report)]
    first = PlainHost(*options, env=env)
    join_url = first.expect(r"join: (\S+)").group(1)
    url = _socket_url(join_url)
    code = first.expect(r"^code: (\d{6})$").group(1)
    tokens: dict[str, str] = {}

    async def before_the_crash() -> None:
        ann, bob = await _join(url, code, "Ann"), await _join(url, code, "Bob")
        for name, ws in (("Ann", ann), ("Bob", bob)):
            tokens[name] = (await _next(ws, "welcome"))["token"]
        first.expect(r"joined: Bob")
        first.send("start")
        for ws in (ann, bob):
            question = await _next(ws, "question")
            await ws.send(
                json.dumps({"type": "answer", "question": 1, "answer": _answer_for(question)})
            )
            await _next(ws, "accepted")
        first.expect(r"reveal 1: ")
        first.send("next")
        question = await _next(ann, "question")
        await ann.send(
            json.dumps({"type": "answer", "question": 2, "answer": _answer_for(question)})
        )
        await _next(ann, "accepted")  # counted: the crash must not lose it
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=WAIT)

    asyncio.run(before_the_crash())

    second = PlainHost("--resume", "--report", str(report), env=env)
    assert second.expect(r"join: (\S+)").group(1) == join_url, "the same address and code"

    async def after_the_crash() -> None:
        ann = await _join(url, code, "Ann", tokens["Ann"])
        bob = await _join(url, code, "Bob", tokens["Bob"])
        assert (await _next(ann, "welcome"))["phase"] == "question"
        again = await _next(ann, "question")
        assert again["number"] == 2 and again["answered"] is True
        question = await _next(bob, "question")
        assert question["answered"] is False
        await bob.send(
            json.dumps({"type": "answer", "question": 2, "answer": _answer_for(question)})
        )
        second.expect(r"reveal 2: ")
        second.send("next")
        second.expect(r"standings:")
        end = await _next(ann, "end")
        assert end["you"]["name"] == "Ann"

    asyncio.run(after_the_crash())
    assert second.process.wait(timeout=WAIT) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    answers = sorted((a["team"], a["round"]) for a in data["answers"])
    assert answers == [("Ann", 1), ("Ann", 2), ("Bob", 1), ("Bob", 2)], "every answer once"
    assert not any(a["timed_out"] for a in data["answers"])
    # The history holds one game, gone on with after the crash, with every answer once.
    history = subprocess.run(
        [sys.executable, "-m", "spacequiz", "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    (game,) = json.loads(history.stdout)
    assert (game["mode"], game["finished"], game["ended_early"]) == ("live", True, False)
    stored = sorted((p["name"], len(p["answers"])) for p in game["participants"])
    assert stored == [("Ann", 2), ("Bob", 2)]


def test_resume_without_a_game_or_after_the_end_says_so(env: dict[str, str]) -> None:
    nothing = PlainHost("--resume", env=env)
    assert nothing.process.wait(timeout=WAIT) == 1
    host = PlainHost("-n", "1", env=env)
    host.expect(r"^code: ")
    host.send("quit")
    host.expect(r"standings:")
    assert host.process.wait(timeout=WAIT) == 0
    over = PlainHost("--resume", env=env)
    assert over.process.wait(timeout=WAIT) == 1
    assert "over" in "".join(over.lines.queue)


async def _until(ws: ClientConnection, *kinds: str) -> dict[str, Any]:
    """The next frame of one of these kinds (others are passed over)."""
    while True:
        data: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        if data["type"] in kinds:
            return data


def test_a_resumed_question_waits_for_every_player_and_each_stays_one_participant(
    env: dict[str, str],
) -> None:
    first = PlainHost("-n", "2", "--seed", "5", "--timer", "120", env=env)
    url = _socket_url(first.expect(r"join: (\S+)").group(1))
    code = first.expect(r"^code: (\d{6})$").group(1)
    names = ("Ann", "Bob", "Cy")
    tokens: dict[str, str] = {}

    async def before_the_crash() -> None:
        sockets = {name: await _join(url, code, name) for name in names}
        for name, ws in sockets.items():
            tokens[name] = (await _next(ws, "welcome"))["token"]
        first.expect(r"joined: Cy")
        first.send("start")
        for name in ("Ann", "Bob"):  # Cy lets the first question go by
            question = await _next(sockets[name], "question")
            answer = {"type": "answer", "question": 1, "answer": _answer_for(question)}
            await sockets[name].send(json.dumps(answer))
            await _next(sockets[name], "accepted")
        first.send("reveal")
        first.expect(r"reveal 1: ")
        first.send("next")
        for ws in sockets.values():
            await _next(ws, "question")
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=WAIT)

    asyncio.run(before_the_crash())
    second = PlainHost("--resume", env=env)
    second.expect(r"join: ")

    async def after_the_crash() -> None:
        ann = await _join(url, code, "Ann", tokens["Ann"])
        question = await _next(ann, "question")
        await ann.send(
            json.dumps({"type": "answer", "question": 2, "answer": _answer_for(question)})
        )
        await _next(ann, "accepted")
        # The tick that would close the question sends the progress after it: a progress
        # in the open question shows it stayed open for the two still reconnecting.
        shown = await _until(ann, "progress", "reveal")
        assert shown == {"type": "progress", "answered": 1, "players": 3}
        for name in ("Bob", "Cy"):
            ws = await _join(url, code, name, tokens[name])
            question = await _next(ws, "question")
            assert question["answered"] is False
            await ws.send(
                json.dumps({"type": "answer", "question": 2, "answer": _answer_for(question)})
            )
            await _next(ws, "accepted")
        second.expect(r"reveal 2: ")
        second.send("next")
        second.expect(r"standings:")

    asyncio.run(after_the_crash())
    assert second.process.wait(timeout=WAIT) == 0
    (game,) = _history(env)
    stored = sorted((p["name"], len(p["answers"])) for p in game["participants"])
    assert stored == [("Ann", 2), ("Bob", 2), ("Cy", 2)], "one participant a player"


def _resumes_at_question_one(env: dict[str, str]) -> None:
    """`--resume` goes on with the open first question; `quit` then ends the game for good."""
    again = PlainHost("--resume", env=env)
    again.expect(r"^question 1 of 2: ")
    again.send("quit")
    again.expect(r"standings:")
    assert again.process.wait(timeout=WAIT) == 0
    over = PlainHost("--resume", env=env)
    assert over.process.wait(timeout=WAIT) == 1
    assert "over" in "".join(over.lines.queue)


def test_ctrl_c_on_the_projector_leaves_the_game_resumable(env: dict[str, str]) -> None:
    import pexpect

    screen_env = {**env, "TERM": "xterm-256color"}
    screen = pexpect.spawn(
        sys.executable,
        ["-m", "spacequiz", "host", "--bind", "127.0.0.1", "--port", "0", "-n", "2"]
        + ["--timer", "120", "--seed", "2"],
        env=screen_env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=WAIT,
    )
    try:
        screen.expect(r"127\.0\.0\.1:(\d+)/\?code=(\d{6})")
        port, code = pty_tools.matched(screen).groups()

        async def play() -> None:
            ws = await _join(f"ws://127.0.0.1:{port}/ws", code, "Ann")
            await _next(ws, "welcome")
            await asyncio.to_thread(screen.expect, "1 player joined")
            screen.send("\r")
            await _next(ws, "question")
            await asyncio.to_thread(screen.expect, "0 of 1 answered")
            screen.send("\x03")
            await asyncio.to_thread(screen.expect, pexpect.EOF)

        asyncio.run(play())
    finally:
        screen.close(force=True)
    assert screen.exitstatus == 130
    _resumes_at_question_one(env)


def test_a_closed_terminal_leaves_the_game_resumable(env: dict[str, str]) -> None:
    host = PlainHost("-n", "2", "--timer", "120", env=env)
    url = _socket_url(host.expect(r"join: (\S+)").group(1))
    code = host.expect(r"^code: (\d{6})$").group(1)

    async def play() -> None:
        ws = await _join(url, code, "Ann")
        await _next(ws, "welcome")
        host.expect(r"joined: Ann")
        host.send("start")
        await _next(ws, "question")
        host.process.send_signal(signal.SIGHUP)
        assert await asyncio.to_thread(host.process.wait, WAIT) == 130

    asyncio.run(play())
    _resumes_at_question_one(env)


def test_one_host_a_data_folder_and_no_resumable_game_lost_by_accident(
    env: dict[str, str],
) -> None:
    """A second host on the same data folder would rewrite the running game's journal; a
    fresh host after a crash would throw the crashed game away without a word."""
    first = PlainHost("-n", "2", "--timer", "0", env=env)
    url = _socket_url(first.expect(r"join: (\S+)").group(1))

    async def join_and_start() -> None:
        ann = await _join(url, url.rsplit("=", 1)[1], "Ann")
        await _next(ann, "welcome")
        first.send("start")
        await _next(ann, "question")

    asyncio.run(join_and_start())
    second = PlainHost("-n", "1", env=env)
    assert second.process.wait(timeout=WAIT) == 1
    assert "another 'spacequiz host' is running" in "".join(second.lines.queue)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=WAIT)

    fresh = PlainHost("-n", "1", env=env)
    assert fresh.process.wait(timeout=WAIT) == 2  # a usage error: say which you mean
    said = "".join(fresh.lines.queue)
    assert "1 player" in said and "--resume" in said and "--new" in said
    noted = PlainHost("--resume", "--bank", "other.yaml", env=env)
    noted.expect(r"--bank left as the game began")
    noted.expect(r"^question 1 of 2: ")  # the crashed game goes on, its own bank and all
    noted.process.send_signal(signal.SIGKILL)
    noted.process.wait(timeout=WAIT)
    anew = PlainHost("-n", "1", "--new", env=env)
    anew.expect(r"^code: ")
    anew.send("quit")
    assert anew.process.wait(timeout=WAIT) == 0
    over = PlainHost("--resume", env=env)  # the new game replaced the old one's journal
    assert over.process.wait(timeout=WAIT) == 1


def _crashed_game(env: dict[str, str]) -> Path:
    """A game with one answer, its host killed: the journal it leaves."""
    host = PlainHost("-n", "2", "--timer", "0", "--type", "choice", env=env)
    url = _socket_url(host.expect(r"join: (\S+)").group(1))

    async def play() -> None:
        ann = await _join(url, url.rsplit("=", 1)[1], "Ann")
        await _next(ann, "welcome")
        host.send("start")
        await _next(ann, "question")
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await _next(ann, "accepted")

    asyncio.run(play())
    host.process.send_signal(signal.SIGKILL)
    host.process.wait(timeout=WAIT)
    return Path(env["SPACEQUIZ_HOME"]) / "live-game.jsonl"


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda e: {**e, "a": {"x": 1}} if e["e"] == "answer" else e, "answer event"),
        (lambda e: {**e, "t": 1e999} if e["e"] == "answer" else e, "answer event"),
        (lambda e: {**e, "seed": "x"} if e["e"] == "setup" else e, "line 1: setup"),
    ],
    ids=["answer-of-another-kind", "time-beyond-a-float", "seed-no-number"],
)
def test_a_damaged_journal_is_named_with_its_line(
    env: dict[str, str], damage: Any, said: str
) -> None:
    journal = _crashed_game(env)
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    journal.write_text("".join(json.dumps(damage(e)) + "\n" for e in lines), encoding="utf-8")
    again = PlainHost("--resume", env=env)
    assert again.process.wait(timeout=WAIT) == 1
    out = " ".join("".join(again.lines.queue).split())  # the message wraps on a terminal
    assert f"journal {journal} is damaged" in out and said in out, out
    assert "bug in spacequiz" not in out and "--new" in out


def test_a_journal_of_noise_is_damaged_not_missing(env: dict[str, str]) -> None:
    journal = Path(env["SPACEQUIZ_HOME"]) / "live-game.jsonl"
    journal.parent.mkdir(parents=True)
    journal.write_bytes(os.urandom(2000).replace(b"\n", b"?"))
    again = PlainHost("--resume", env=env)
    assert again.process.wait(timeout=WAIT) == 1
    said = " ".join("".join(again.lines.queue).split())
    assert "is damaged (line 1 is no game's setup)" in said
