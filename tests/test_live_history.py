"""A live game in the history: one game, every player a participant, stored answer by answer.

The real LiveServer on 127.0.0.1 with real WebSocket clients, and the history writer the host
uses; the database is read from the side as the game goes.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import Any

from websockets.asyncio.client import ClientConnection

from spacequiz.bank.load import load_banks
from spacequiz.cli.live_history import LiveHistory
from spacequiz.core.engine import Filters, select
from spacequiz.live.game import LiveGame
from spacequiz.live.server import LiveServer
from spacequiz.storage.history import Store, database_path, now_iso
from tests.test_live_server import Clock, join

WAIT = 20.0


def on_disk() -> list[tuple[str, int, bool]]:
    """(player, question number, right) of every stored answer, read as another process would."""
    path = database_path()
    if not path.exists():
        return []
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT p.name, a.position, a.correct FROM answers a"
            " JOIN participants p ON p.id = a.participant_id ORDER BY a.id"
        ).fetchall()
    except sqlite3.OperationalError:  # the writer is still creating the tables
        return []
    finally:
        db.close()
    return [(name, number, bool(right)) for name, number, right in rows]


async def until(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"not stored within {WAIT} s: {what}; {on_disk()}"
        await asyncio.sleep(0.01)


def live(types: tuple[str, ...], count: int) -> tuple[LiveServer, LiveHistory, list[str], Filters]:
    bank = load_banks([])
    filters = Filters(types=types)
    rounds = select(bank, filters, count, random.Random(7)).rounds
    tokens = iter(f"secret-{i:04d}" for i in range(100))
    game = LiveGame(rounds, code="424242", new_token=lambda: next(tokens), time_limit=30.0)
    warnings: list[str] = []
    history = LiveHistory(bank, filters, 7, count, warnings.append, stamp=now_iso)
    server = LiveServer(game, title=bank.title, clock=Clock(), on_answer=history.record)
    return server, history, warnings, filters


def run(server: LiveServer, test: Callable[[str], Awaitable[None]]) -> None:
    async def main() -> None:
        port = await server.start("127.0.0.1", 0)
        try:
            await asyncio.wait_for(test(f"ws://127.0.0.1:{port}/ws"), 60)
        finally:
            await server.stop()

    asyncio.run(main())


async def frame(ws: ClientConnection, kind: str) -> dict[str, Any]:
    """The next frame of this kind; others (reveals, standings, counts) go by."""
    while True:
        data: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        if data["type"] == kind:
            return data


async def answer(ws: ClientConnection, number: int, choice: Any) -> None:
    await ws.send(json.dumps({"type": "answer", "question": number, "answer": choice}))
    assert (await frame(ws, "accepted"))["question"] == number


def test_a_live_game_is_one_game_stored_answer_by_answer() -> None:
    server, history, warnings, _ = live(("choice",), 2)

    async def game(url: str) -> None:
        players = {name: (await join(url, name))[0] for name in ("Ann", "Bob", "Cy")}
        server.start_game()
        for ws in players.values():
            await frame(ws, "question")
        right = server.game.round.options.index(server.game.round.question.answer)  # type: ignore[union-attr]
        # Each accepted answer is on disk while the question is still open.
        await answer(players["Ann"], 1, right)
        await until("Ann's answer", lambda: on_disk() == [("Ann", 1, True)])
        await answer(players["Bob"], 1, (right + 1) % 4)
        await until("Bob's answer", lambda: len(on_disk()) == 2)
        with Store.open(verify=False) as store:
            (row,) = store.sessions()
        assert (row.mode, row.finished, len(row.participants)) == ("live", False, 2)
        await answer(players["Cy"], 1, right)
        server.reveal()
        server.next_question()
        await frame(players["Ann"], "question")
        await answer(players["Ann"], 2, 0)
        server.reveal()  # Bob and Cy let the time run out: a miss each, stored too
        await until("the misses", lambda: len(on_disk()) == 6)

    run(server, game)
    history.close(finished=True)
    assert warnings == []
    with Store.open(verify=False) as store:
        (row,) = store.sessions(with_answers=True)
    assert (row.mode, row.finished, row.ended_early, row.planned) == ("live", True, False, 2)
    assert sorted((p.name, p.kind, len(p.answers)) for p in row.participants) == [
        ("Ann", "player", 2),
        ("Bob", "player", 2),
        ("Cy", "player", 2),
    ]
    scores = {p.name: p.score for p in server.game.players.values()}
    assert {p.name: p.score for p in row.participants} == scores
    assert row.player == max(scores, key=lambda name: scores[name])
    assert history.commits <= 6
    # Every answer names its question's version, and the version's words are kept.
    with Store.open(verify=False) as store:
        marks, texts = store.item_marks()
    assert len(marks) == 6 and all(m.item.version for m in marks)
    assert {texts[m.item].type for m in marks} == {"choice"}


def test_the_server_never_waits_for_the_history() -> None:
    """Another program holds the database's write lock: answers are still taken at once, and
    reach the disk when the lock is let go."""
    server, history, warnings, _ = live(("choice",), 1)
    with Store.open():  # create the database, so another connection can lock it
        pass

    async def game(url: str) -> None:
        sockets = [(await join(url, f"P{i}"))[0] for i in range(20)]
        server.start_game()
        blocker = sqlite3.connect(database_path(), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            began = time.monotonic()
            for ws in sockets:
                await frame(ws, "question")
                await answer(ws, 1, 0)
            took = time.monotonic() - began
            assert took < 5.0, f"20 answers took {took:.1f} s while the database was locked"
            assert on_disk() == []
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        await until("all 20 answers", lambda: len(on_disk()) == 20)

    run(server, game)
    history.close(finished=False, early=True)
    assert warnings == []
    with Store.open(verify=False) as store:
        (row,) = store.sessions()
    assert (row.finished, row.ended_early, len(row.participants)) == (True, True, 20)


def test_an_empty_typed_answer_is_stored_once() -> None:
    server, history, _, _ = live(("text",), 1)

    async def game(url: str) -> None:
        ws = (await join(url, "Ann"))[0]
        server.start_game()
        await frame(ws, "question")
        await answer(ws, 1, "   ")  # counts as no answer, and is told at once
        server.reveal()
        await until("Ann's answer", lambda: len(on_disk()) >= 1)

    run(server, game)
    history.close(finished=True)
    assert on_disk() == [("Ann", 1, False)]


def test_nobody_answering_stores_no_game() -> None:
    server, history, _, _ = live(("choice",), 1)

    async def game(url: str) -> None:
        await join(url, "Ann")

    run(server, game)
    history.close(finished=False)
    assert not database_path().exists() or Store.open().sessions() == []


def test_a_resumed_host_goes_on_with_the_same_game_and_writes_what_the_crash_lost() -> None:
    server, first, _, filters = live(("choice",), 2)
    game = server.game
    ann = game.join(game.code, "Ann").player
    bob = game.join(game.code, "Bob").player
    game.start(0.0)
    game.answer(ann, 1, 0, now=1.0)
    first.record(ann, game.round)
    deadline = time.monotonic() + WAIT
    while not on_disk():
        assert time.monotonic() < deadline, "Ann's answer was never stored"
        time.sleep(0.01)
    # Bob's answer is accepted, then the host dies before writing it: no finish, no close.
    game.answer(bob, 1, 1, now=2.0)
    first.jobs.put(None)
    first.thread.join(WAIT)
    # The host comes back with the game rebuilt from its journal, and goes on.
    second = LiveHistory(first.bank, filters, 7, 2, print, stamp=now_iso)
    second.resume(game)
    game.reveal()
    game.next(3.0)
    game.answer(bob, 2, 0, now=4.0)
    second.record(bob, game.round)
    second.close(finished=True)
    assert sorted(on_disk()) == [
        ("Ann", 1, ann.answers[1].outcome.correct),
        ("Bob", 1, bob.answers[1].outcome.correct),
        ("Bob", 2, bob.answers[2].outcome.correct),
    ]
    with Store.open(verify=False) as store:
        (row,) = store.sessions()
    assert row.finished
    assert sorted(p.name for p in row.participants) == ["Ann", "Bob"]


def test_a_resumed_host_keeps_one_participant_for_a_player_whose_only_answer_is_a_miss() -> None:
    server, first, _, filters = live(("choice",), 2)
    game = server.game
    ann = game.join(game.code, "Ann").player
    cy = game.join(game.code, "Cy").player
    game.start(0.0)
    game.answer(ann, 1, 0, now=1.0)
    first.record(ann, game.round)
    game.reveal()
    first.record(cy, game.round)  # Cy let the time run out: stored as a miss
    first.jobs.put(None)  # the host dies with the next question open
    first.thread.join(WAIT)
    game.next(2.0)
    second = LiveHistory(first.bank, filters, 7, 2, print, stamp=now_iso)
    second.resume(game)
    game.answer(cy, 2, 0, now=3.0)
    second.record(cy, game.round)
    second.close(finished=False)
    with Store.open(verify=False) as store:
        (row,) = store.sessions()
    assert sorted((p.name, p.answered) for p in row.participants) == [("Ann", 1), ("Cy", 2)]
