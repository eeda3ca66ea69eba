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

from tests.test_live_host import WAIT, PlainHost, _next, _socket_url


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
