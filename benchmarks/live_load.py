"""Load on the live classroom server: N players join, answer 3 questions, and get their acks.

The host's LiveServer runs alone in a child process on 127.0.0.1 (so its event loop and its
memory are measured apart from the clients); this process opens one WebSocket per simulated
player. The child drives the game as the host would: it starts once everyone has joined,
reveals as soon as everyone has answered, and opens the next question. Measured: the time
from sending an answer to receiving its `accepted` frame (p50/p99/max), that every answer was
acknowledged and counted exactly once, the host's RSS growth per player, and the time for all
to join. A 10-player game in the same run is the baseline; the ratios against it hold on any
machine. Targets (from the issue): p99 answer->ack under 100 ms at 1000 players, under 50 KB
of host memory per player. Everything stops by itself after --limit seconds.

    python benchmarks/live_load.py [--players 1000] [--baseline 10] [--spread 2] [--limit 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import connect  # noqa: E402

HOST = "127.0.0.1"  # traffic goes to loopback only
CODE = "424242"
QUESTIONS = 3
P99_TARGET_MS = 100.0
KB_PER_PLAYER_TARGET = 50.0


def progress(text: str) -> None:
    if sys.stderr.isatty():
        print(text, file=sys.stderr, flush=True)


def raise_open_files() -> int:
    """Lift the soft limit on open files to the hard one (each socket is a file)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    except (ValueError, OSError):
        return soft


# The host, in the child process ---------------------------------------------------------------


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # peak, in KB on Linux


def say(*words: object) -> None:
    print(*words, flush=True)


async def serve(players: int, limit: float) -> None:
    from spacequiz.bank.load import load_banks
    from spacequiz.core.engine import Filters, select
    from spacequiz.live.game import DEFAULT_MAX_PLAYERS, LiveGame
    from spacequiz.live.server import Event, LiveServer

    loop = asyncio.get_running_loop()
    bank = load_banks([])
    rounds = select(bank, Filters(types=("choice",)), QUESTIONS, random.Random(7)).rounds
    tokens = iter(f"token-{i:06d}" for i in range(10 * players + 100))
    game = LiveGame(
        rounds,
        code=CODE,
        new_token=lambda: next(tokens),
        time_limit=30.0,
        max_players=max(players, DEFAULT_MAX_PLAYERS),
    )
    server: LiveServer

    def timed(name: str, call: Callable[[], object]) -> None:
        """A host action, timed: the event loop serves no one while it runs."""
        began = time.perf_counter()
        call()
        say("host", name, time.perf_counter() - began)

    def after_reveal() -> None:
        shown = server.last_reveal
        assert shown is not None
        say("reveal", shown.number, shown.answered)
        timed("leaderboard", server.leaderboard)
        last = shown.number == game.total
        loop.call_later(0.05, timed, "end" if last else "question", server.next_question)

    def reveal() -> None:
        if game.phase == "question":
            timed("reveal", server.reveal)

    def on_event(event: Event) -> None:
        if event.kind == "joined" and len(game.players) == players and game.phase == "lobby":
            say("joined", rss_kb())
            loop.call_soon(timed, "question", server.start_game)
        elif event.kind == "answered" and event.answered == players:
            loop.call_soon(reveal)
        elif event.kind == "reveal":
            loop.call_soon(after_reveal)

    server = LiveServer(game, title=bank.title, on_event=on_event)
    port = await server.start(HOST, 0)
    say("ready", port, rss_kb())
    try:
        await asyncio.wait_for(server.finished.wait(), limit)
        counted = sum(
            not a.outcome.timed_out for p in game.players.values() for a in p.answers.values()
        )
        say("done", counted, rss_kb())
        for _ in range(200):  # let the players hang up first
            if not server.sockets:
                break
            await asyncio.sleep(0.05)
    finally:
        await server.stop()


# The players, in this process -----------------------------------------------------------------


@dataclass
class Run:
    players: int
    join_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    accepted: dict[tuple[int, int], int] = field(default_factory=dict)  # (player, question)
    errors: list[str] = field(default_factory=list)
    ended: int = 0
    rss_before: int = 0
    rss_joined: int = 0
    rss_done: int = 0
    server_counted: int = -1
    server_reveals: list[int] = field(default_factory=list)
    host_calls: dict[str, float] = field(default_factory=dict)  # the longest of each, in s


async def play(
    url: str, index: int, run: Run, rng: random.Random, spread: float, joined: asyncio.Event
) -> None:
    async with connect(url, compression=None, ping_interval=None, open_timeout=30) as ws:
        join = {"type": "join", "v": 1, "code": CODE, "name": f"Player {index}"}
        await ws.send(json.dumps(join))
        sent: dict[int, float] = {}
        answering: set[asyncio.Task[None]] = set()

        async def answer(number: int, options: int) -> None:
            await asyncio.sleep(rng.uniform(0, spread))
            frame = {"type": "answer", "question": number, "answer": rng.randrange(options)}
            sent[number] = time.perf_counter()
            await ws.send(json.dumps(frame))

        async for message in ws:
            now = time.perf_counter()
            data: dict[str, Any] = json.loads(message)
            kind = data["type"]
            if kind == "welcome":
                joined.set()
            elif kind == "question":
                task = asyncio.create_task(answer(data["number"], len(data["options"])))
                answering.add(task)
                task.add_done_callback(answering.discard)
            elif kind == "accepted":
                number = data["question"]
                run.latencies.append(now - sent[number])
                key = (index, number)
                run.accepted[key] = run.accepted.get(key, 0) + 1
            elif kind == "error":
                run.errors.append(f"player {index}: {data['code']}")
            elif kind == "end":
                run.ended += 1
                return


async def host_lines(process: asyncio.subprocess.Process, run: Run) -> None:
    assert process.stdout is not None
    async for raw in process.stdout:
        words = raw.decode().split()
        if words[0] == "joined":
            run.rss_joined = int(words[1])
        elif words[0] == "reveal":
            run.server_reveals.append(int(words[2]))
            progress(f"  question {words[1]}: {words[2]} answers counted")
        elif words[0] == "host":
            run.host_calls[words[1]] = max(run.host_calls.get(words[1], 0.0), float(words[2]))
        elif words[0] == "done":
            run.server_counted, run.rss_done = int(words[1]), int(words[2])


async def measure(players: int, spread: float, limit: float, seed: int) -> Run:
    run = Run(players)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve",
        str(players),
        "--limit",
        str(limit),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        ready = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().split()
        port, run.rss_before = int(ready[1]), int(ready[2])
        lines = asyncio.create_task(host_lines(process, run))
        url = f"ws://{HOST}:{port}/ws"
        rng = random.Random(seed)
        events = [asyncio.Event() for _ in range(players)]
        began = time.perf_counter()
        tasks = [
            asyncio.create_task(play(url, i, run, random.Random(rng.random()), spread, events[i]))
            for i in range(players)
        ]
        await asyncio.gather(*(e.wait() for e in events))
        run.join_seconds = time.perf_counter() - began
        progress(f"  {players} joined in {run.join_seconds:.2f} s")
        await asyncio.gather(*tasks)
        await asyncio.wait_for(process.wait(), 15)
        await lines
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return run


# Report ---------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def describe(run: Run) -> dict[str, float]:
    lat = run.latencies
    expected = run.players * QUESTIONS
    once = all(run.accepted.get((i, q), 0) == 1 for i in range(run.players) for q in (1, 2, 3))
    ok = once and len(lat) == expected == run.server_counted and not run.errors
    print(
        f"  {run.players:>5} players: joined in {run.join_seconds * 1000:7.0f} ms; "
        f"answer->ack p50 {percentile(lat, 0.50) * 1000:6.1f} ms, "
        f"p99 {percentile(lat, 0.99) * 1000:6.1f} ms, max {max(lat) * 1000:6.1f} ms"
    )
    grown = run.rss_joined - run.rss_before
    print(
        f"  {'':>5}          host RSS {run.rss_before / 1024:.1f} MB -> "
        f"{run.rss_joined / 1024:.1f} MB after joins ({grown / run.players:.1f} KB a player), "
        f"{run.rss_done / 1024:.1f} MB at the end"
    )
    print(
        f"  {'':>5}          acks {len(lat)}/{expected}, server counted {run.server_counted} "
        f"(per question {run.server_reveals}), errors {len(run.errors)}: "
        f"{'every answer counted exactly once' if ok else 'MISMATCH'}"
    )
    calls = ", ".join(f"{k} {v * 1000:.1f}" for k, v in sorted(run.host_calls.items()))
    print(f"  {'':>5}          longest host call, ms (the loop is blocked): {calls}")
    for error in run.errors[:5]:
        print(f"    {error}")
    return {
        "p50": percentile(lat, 0.50),
        "p99": percentile(lat, 0.99),
        "max": max(lat),
        "join": run.join_seconds / run.players,
        "kb": grown / run.players,
        "ok": float(ok),
        **{f"host {k}": v for k, v in run.host_calls.items()},
    }


async def bench(args: argparse.Namespace) -> None:
    files = raise_open_files()
    print(
        f"live server load: {QUESTIONS} choice questions, answers spread over {args.spread:g} s "
        f"after each question; open-file limit {files}"
    )
    progress(f"baseline: {args.baseline} players")
    base = await measure(args.baseline, args.spread, args.limit, seed=1)
    progress(f"load: {args.players} players")
    load = await measure(args.players, args.spread, args.limit, seed=2)
    small, big = describe(base), describe(load)
    n = args.players
    print(f"ratios, {n} players / {args.baseline} players (same run):")
    for label, key in (
        ("answer->ack p50", "p50"),
        ("answer->ack p99", "p99"),
        ("answer->ack max", "max"),
        ("join time per player", "join"),
        ("host reveal call", "host reveal"),
        ("host end-of-game call", "host end"),
    ):
        print(f"  {label:<24} {big[key] / small[key]:6.2f}x")
    print(f"  {'host KB per player':<24} {big['kb']:.1f} KB vs {small['kb']:.1f} KB")
    p99 = big["p99"] * 1000
    print(
        f"target p99 answer->ack < {P99_TARGET_MS:.0f} ms at {n} players: {p99:.1f} ms, "
        f"{'met' if p99 < P99_TARGET_MS else 'NOT met'}"
    )
    print(
        f"target host memory < {KB_PER_PLAYER_TARGET:.0f} KB a player: {big['kb']:.1f} KB, "
        f"{'met' if big['kb'] < KB_PER_PLAYER_TARGET else 'NOT met'}"
    )
    if not (small["ok"] and big["ok"]):
        raise SystemExit("some answers were lost or counted twice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--spread", type=float, default=2.0, help="answer within this many s")
    parser.add_argument("--limit", type=float, default=120.0, help="stop after this many s")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        raise_open_files()
        asyncio.run(serve(args.serve, args.limit))
        return
    try:
        asyncio.run(asyncio.wait_for(bench(args), args.limit))
    except TimeoutError:
        raise SystemExit(f"stopped: the run took over {args.limit:g} s") from None


if __name__ == "__main__":
    main()
