"""The live server on loopback with real WebSocket clients."""

from __future__ import annotations

import asyncio
import json
import random
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from spacequiz.bank.load import load_banks
from spacequiz.core.engine import Filters, select
from spacequiz.live.game import GRACE_SECONDS, LiveGame, correct_options
from spacequiz.live.server import LiveServer

WAIT = 20.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_server(count: int = 3, *, time_limit: float | None = 30.0) -> tuple[LiveServer, Clock]:
    bank = load_banks([])
    rounds = select(bank, Filters(types=("choice",)), count, random.Random(7)).rounds
    tokens = iter(f"secret-{i:04d}" for i in range(10_000))
    game = LiveGame(rounds, code="424242", new_token=lambda: next(tokens), time_limit=time_limit)
    clock = Clock()
    return LiveServer(game, title=bank.title, clock=clock), clock


def run(test: Callable[[LiveServer, Clock, str], Awaitable[None]], **options: Any) -> None:
    async def main() -> None:
        server, clock = make_server(**options)
        port = await server.start("127.0.0.1", 0)
        try:
            await asyncio.wait_for(test(server, clock, f"ws://127.0.0.1:{port}/ws"), 60)
        finally:
            await server.stop()

    asyncio.run(main())


async def frame(ws: ClientConnection, kind: str | None = None) -> dict[str, Any]:
    """The next frame (of `kind`, skipping progress and lobby counts)."""
    while True:
        data = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        if kind is None or data["type"] == kind:
            return data  # type: ignore[no-any-return]
        duplicate = data["type"] == "error" and data["code"] in ("already_answered", "not_open")
        if data["type"] not in ("progress", "lobby", "accepted", "leaderboard") and not duplicate:
            raise AssertionError(f"expected {kind}, got {data}")


async def join(
    url: str, name: str, token: str | None = None
) -> tuple[ClientConnection, dict[str, Any]]:
    ws = await connect(url)
    message: dict[str, Any] = {"type": "join", "v": 1, "code": "424242", "name": name}
    if token:
        message["token"] = token
    await ws.send(json.dumps(message))
    return ws, json.loads(await asyncio.wait_for(ws.recv(), WAIT))


def test_twenty_players_every_answer_counted_once() -> None:
    seen: list[str] = []

    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        players = [await join(url, f"Player {i}") for i in range(20)]
        assert all(w["type"] == "welcome" for _, w in players)
        sockets = [ws for ws, _ in players]
        server.start_game()
        for number in range(1, 4):
            questions = [await frame(ws, "question") for ws in sockets]
            seen.extend(json.dumps(q) for q in questions)
            assert {q["number"] for q in questions} == {number}
            options = questions[0]["options"]
            picks = [i % len(options) for i in range(20)]
            for ws, pick in zip(sockets, picks, strict=True):
                await ws.send(json.dumps({"type": "answer", "question": number, "answer": pick}))
                await ws.send(json.dumps({"type": "answer", "question": number, "answer": pick}))
            reveals = [await frame(ws, "reveal") for ws in sockets]
            right = correct_options(server.game.round)
            assert reveals[0]["counts"] == [picks.count(i) for i in range(len(options))]
            assert reveals[0]["correct"] == list(right)
            for pick, shown in zip(picks, reveals, strict=True):
                assert shown["you"]["correct"] == (pick in right)
            if number < 3:
                server.next_question()
        for player in server.game.players.values():
            assert sorted(player.answers) == [1, 2, 3]
        # Each player sent every answer twice: exactly one was counted.
        assert sum(len(p.answers) for p in server.game.players.values()) == 60
        for ws in sockets:
            await ws.close()

    run(game)
    # No frame before the reveal marks the right answer: questions carry no answer field.
    for text in seen:
        assert not {"answer", "correct", "counts"} & set(json.loads(text))


async def _errors_until(ws: ClientConnection, code: str) -> dict[str, Any]:
    while True:
        data = await frame(ws)
        if data["type"] == "error":
            assert data["code"] == code, data
            return data


def test_late_answers_and_duplicates_are_refused() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        ann, _ = await join(url, "Ann")
        bob, _ = await join(url, "Bob")
        server.start_game()
        await frame(ann, "question")
        await frame(bob, "question")
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await frame(ann, "accepted")
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 1}))
        await _errors_until(ann, "already_answered")
        clock.now += 31  # past the deadline: the server closes the question itself
        reveal = await frame(bob, "reveal")
        assert reveal["you"]["given"] is None and reveal["you"]["points"] == 0
        await bob.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await _errors_until(bob, "not_open")
        assert sorted(server.game.players["bob"].answers) == [1]
        assert server.game.players["bob"].answers[1].outcome.timed_out

    run(game)


def test_rejoin_mid_question_keeps_the_player_and_a_wrong_token_is_refused() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        ann, welcome = await join(url, "Ann")
        cat, _ = await join(url, "Cat")
        server.start_game()
        await frame(ann, "question")
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await frame(ann, "accepted")
        await ann.close()
        thief, refused = await join(url, "Ann", "not-the-token")
        assert refused["code"] == "bad_token"
        await thief.close()
        taken, refused = await join(url, "ANN")
        assert refused["code"] == "name_taken"
        await taken.close()
        back, again = await join(url, "Ann", welcome["token"])
        assert again["type"] == "welcome" and again["phase"] == "question"
        question = await frame(back, "question")
        assert question["answered"] is True and question["number"] == 1
        await back.send(json.dumps({"type": "answer", "question": 1, "answer": 1}))
        await _errors_until(back, "already_answered")
        await cat.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        reveal = await frame(back, "reveal")
        assert sum(reveal["counts"]) == 2

    run(game)


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[" * 2000 + "]" * 2000,  # deep nesting: RecursionError, not ValueError
        "[" * 5000 + "]" * 5000,  # over the frame size limit
        json.dumps({"type": "join", "code": 424242, "name": "x"}),
        json.dumps({"type": "launch"}),
        json.dumps([1, 2]),
        json.dumps({"type": "answer", "question": 1, "answer": 0}),
    ],
)
def test_malformed_frames_get_an_error_frame_and_the_server_goes_on(raw: str) -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        ws = await connect(url)
        try:
            await ws.send(raw)
            reply = await frame(ws)
        except Exception:  # noqa: BLE001 - a frame over the size limit closes the socket
            reply = {"type": "error", "code": "closed"}
        assert reply["type"] == "error"
        ok, welcome = await join(url, "Still here")
        assert welcome["type"] == "welcome"
        await ok.close()

    run(game)


def test_wrong_codes_from_one_address_are_limited() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        codes = []
        for i in range(11):
            ws = await connect(url)
            await ws.send(json.dumps({"type": "join", "code": f"{i:06d}", "name": f"g{i}"}))
            codes.append((await frame(ws, "error"))["code"])
            await ws.close()
        assert codes[:10] == ["bad_code"] * 10 and codes[10] == "too_many_attempts"
        clock.now += 61
        ok, welcome = await join(url, "Honest")
        assert welcome["type"] == "welcome"

    run(game)


def test_the_page_is_served_with_a_policy_and_nothing_else_is() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        base = url.replace("ws://", "http://").removesuffix("/ws")

        def get(path: str) -> tuple[int, dict[str, str], bytes]:
            try:
                with urllib.request.urlopen(base + path, timeout=WAIT) as reply:
                    return reply.status, dict(reply.headers), reply.read()
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), b""

        status, headers, body = await asyncio.to_thread(get, "/?code=424242")
        assert status == 200 and b"<html" in body.lower()
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        for path in ("/../pyproject.toml", "/%2e%2e/server.py", "/static/app.js", "/server.py"):
            status, _, _ = await asyncio.to_thread(get, path)
            assert status == 404, path

    run(game)


def test_a_page_from_another_site_cannot_open_the_socket() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        with pytest.raises(Exception, match="403"):
            await connect(url, origin="http://evil.example")  # type: ignore[arg-type]

    run(game)


def test_static_files_ship_with_the_package() -> None:
    static = Path(__file__).parent.parent / "spacequiz" / "live" / "static"
    assert {p.name for p in static.iterdir()} >= {"index.html", "app.js", "app.css"}


def test_extra_time_keeps_the_question_open_for_that_player_alone() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        server.game.give_extra_time("Ann", 2)
        ann, _ = await join(url, "Ann")
        bob, _ = await join(url, "Bob")
        server.start_game()
        assert (await frame(ann, "question"))["seconds"] == 60
        assert (await frame(bob, "question"))["seconds"] == 30
        clock.now += 31
        await bob.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await _errors_until(bob, "late")
        assert server.game.phase == "question", "the reveal waits for Ann"
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await frame(ann, "accepted")
        reveal = await frame(bob, "reveal")
        assert sum(reveal["counts"]) == 1

    run(game)


def test_an_answer_that_arrives_just_after_the_deadline_counts_and_then_the_question_closes() -> (
    None
):
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        ann, _ = await join(url, "Ann")
        bob, _ = await join(url, "Bob")
        server.start_game()
        await frame(ann, "question")
        await frame(bob, "question")
        clock.now += 30 + GRACE_SECONDS / 2  # sent as the page's countdown reached zero
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await frame(ann, "accepted")
        assert server.game.phase == "question", "Bob's answer may still be on its way"
        clock.now += GRACE_SECONDS  # the grace is over: the server closes the question
        reveal = await frame(ann, "reveal")
        assert sum(reveal["counts"]) == 1 and reveal["you"]["given"] is not None
        assert (await frame(bob, "reveal"))["you"]["given"] is None

    run(game)


def test_a_replayed_journal_gives_back_the_same_players_answers_and_scores() -> None:
    from spacequiz.live.journal import replay

    events: list[dict[str, Any]] = []
    standings: list[Any] = []

    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        server.on_record = events.append
        server.give_extra_time("Cat", 1.5)
        sockets = [(await join(url, name))[0] for name in ("Ann", "Bob", "Cat")]
        server.start_game()
        for number in (1, 2):
            for i, ws in enumerate(sockets):
                await frame(ws, "question")
                clock.now += 1.7 * (i + 1)
                answer = {"type": "answer", "question": number, "answer": i % 2}
                await ws.send(json.dumps(answer))
                await frame(ws, "accepted")
            for ws in sockets:
                await frame(ws, "reveal")
            server.next_question()
        standings.extend(server.game.standings())

    run(game)
    fresh, _ = make_server()
    assert replay(fresh.game, events) == 0.0
    assert fresh.game.standings() == standings
    assert fresh.game.phase == "question" and fresh.game.index == 2


async def _raw(port: int, data: bytes) -> bytes:
    """Send raw bytes to the server and read what comes back until it closes or goes quiet."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        return await asyncio.wait_for(reader.read(65536), WAIT)
    except (ConnectionError, TimeoutError):
        return b""
    finally:
        writer.close()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def test_oversized_headers_bodies_and_odd_paths_are_refused_and_the_host_serves_on() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        port = _port(url)
        huge = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"
        reply = await _raw(port, huge)
        assert not reply.startswith(b"HTTP/1.1 200"), reply[:80]
        many = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 500 + b"\r\n"
        reply = await _raw(port, many)
        assert not reply.startswith(b"HTTP/1.1 200"), reply[:80]
        body = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999\r\n\r\n" + b"x" * 1000
        reply = await _raw(port, body)
        assert not reply.startswith(b"HTTP/1.1 200"), reply[:80]
        for path in (b"//etc/passwd", b"/..%2fserver.py", b"/%2e%2e%2fgame.py", b"/app.js/.."):
            reply = await _raw(port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            assert reply.startswith(b"HTTP/1.1 404"), (path, reply[:80])
        ok, welcome = await join(url, "Still serving")
        assert welcome["type"] == "welcome"
        await ok.close()

    run(game)


def test_many_connections_opened_and_dropped_leave_the_host_serving() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        port = _port(url)

        async def drop(i: int) -> None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if i % 2:  # half start a WebSocket handshake and vanish in the middle of it
                writer.write(b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n")
                await writer.drain()
            writer.transport.abort()

        await asyncio.gather(*(drop(i) for i in range(300)))
        ok, welcome = await join(url, "After the storm")
        assert welcome["type"] == "welcome"
        await ok.close()

    run(game)


def test_a_client_that_stops_reading_is_dropped_and_never_slows_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from spacequiz.live import server as server_module

    monkeypatch.setattr(server_module, "SEND_BUFFER_LIMIT", 4096)

    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        stuck, _ = await join(url, "Stuck")
        stuck.transport.pause_reading()  # reads nothing more, as a frozen script would
        ok, _ = await join(url, "Reader")
        # More than the kernel's socket buffers hold, so the server's own queue must grow.
        big = json.dumps({"type": "lobby", "players": 2, "pad": "x" * 60_000})
        deadline = asyncio.get_running_loop().time() + WAIT
        while len(server.sockets) > 1 and asyncio.get_running_loop().time() < deadline:
            server._broadcast(big)
            await asyncio.sleep(0.01)
        assert list(server.sockets) == ["reader"], "the stuck client was dropped"
        await ok.send(json.dumps({"type": "ping"}))
        while (await frame(ok))["type"] != "pong":
            pass

    run(game)


def test_a_player_who_joins_after_a_question_waits_for_the_next_one() -> None:
    async def game(server: LiveServer, clock: Clock, url: str) -> None:
        ann, _ = await join(url, "Ann")
        server.start_game()
        await frame(ann, "question")
        await ann.send(json.dumps({"type": "answer", "question": 1, "answer": 0}))
        await frame(ann, "reveal")  # Ann was the only player: the question closed
        cat, welcome = await join(url, "Cat")
        assert welcome["phase"] == "reveal"
        server.leaderboard()
        server.next_question()
        # No reveal of a question that was never hers, no board: the next question is next.
        question = json.loads(await asyncio.wait_for(cat.recv(), WAIT))
        assert (question["type"], question["number"]) == ("question", 2)

    run(game)
