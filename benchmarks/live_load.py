"""Load on `spacequiz host`: N WebSocket players in other processes play a 5-question game.

The real command runs as a child process, as a teacher starts it for an unattended demo:
`python -m spacequiz host --plain --auto A --bind 127.0.0.1 --port 0 -n 5 --timer T
--max-players N --seed S --report REPORT.json`, with SPACEQUIZ_HOME in a temporary folder
(never the user's data folder). Its stdout, one line per event, is read on a thread and each
line is stamped as it arrives. The players are spread over a few client processes, each
running asyncio clients that use only the `websockets` client: every player joins, and
answers each question after a random delay that stays inside the timer.

Printed for each game:
- players joined (their `welcome`), answers sent, acknowledged (`accepted`) and counted: the
  answers in the host's JSON report that did not time out (the host's `answered:` lines agree);
  and stored: the given answers in the game's history in SPACEQUIZ_HOME, which the host
  writes as they arrive;
- answer->ack p50/p99: from just before a client sends its answer to its `accepted` frame;
- question start -> last client: from the question's start to the last client receiving its
  frame. The start is the first sign of it that this machine sees: the first client's receipt,
  or the arrival of the host's `question N` line if that came first (it rarely does: the host
  prints the line once it has queued the frame for every player, so how much later the line
  comes is printed too). Every time is time.monotonic(), one system-wide clock for all the
  processes on one Linux machine. Times taken in the clients include their own event loop's
  delays, so they are upper bounds on the server's share;
- host memory: its VmRSS (/proc) before the first join and after the last, the growth divided
  by N, and its peak (VmHWM); "n/a" where /proc is missing.

A 10-player game in the same run is the baseline: the ratios against it hold on any machine.
The load average is printed before and after, since other work on the machine shows in the
tail latencies. Targets: p99 answer->ack under 100 ms at 1000 players, under 50 KB of host
memory a player, and a run with 300 players within a minute on 2 cores (each game takes about
--auto + 5 x (--spread + --auto) seconds whatever N). The whole run stops by itself after
--limit seconds and stops the host and the client processes on its way out.

    python benchmarks/live_load.py [--players 1000] [--baseline 10] [--spread 2] [--timer 10]
        [--auto 1] [--clients 2] [--seed 7] [--limit 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import queue
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # traffic goes to loopback only
QUESTIONS = 5
MARGIN = 1.0
"""An answer is sent at least this many seconds before the question's time is up."""
HANDSHAKES = 64
"""Opening handshakes in flight at once over all client processes: under the listen backlog
(100, asyncio's default), so a burst of joins does not overflow it and wait a second for the
SYN to be sent again."""
P99_TARGET_MS = 100.0
KB_PER_PLAYER_TARGET = 50.0
JOINED = re.compile(r"\((\d+) players?\)$")

Tally = dict[str, Any]


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


def status_kb(pid: int, key: str) -> int | None:
    """A `VmRSS`-like figure of a process, in KB; None off Linux or once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


class Stop(Exception):
    """The run cannot go on: the time limit, or the host failed."""


# The players, in the client processes ---------------------------------------------------------


def pick(kind: str, options: int, rng: random.Random) -> object:
    """A random answer of the right shape for the question's kind (docs/live-protocol.md)."""
    if kind in ("choice", "truefalse"):
        return rng.randrange(options)
    if kind == "multi":
        return sorted(rng.sample(range(options), rng.randint(0, options)))
    if kind == "order":
        return rng.sample(range(options), options)
    return rng.choice(["Baikonur", "12", "Shkaplerov"])


async def player(
    url: str,
    code: str,
    index: int,
    rng: random.Random,
    spread: float,
    gate: asyncio.Semaphore,
    tally: Tally,
) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, WebSocketException

    try:
        async with gate:
            ws = await connect(
                url, compression=None, ping_interval=None, open_timeout=30, proxy=None
            )
    except (OSError, WebSocketException, TimeoutError) as error:
        tally["errors"].append(f"player {index}: cannot connect: {error}")
        return
    sent: dict[int, float] = {}
    seen: set[int] = set()
    tasks: set[asyncio.Task[None]] = set()
    ended = False

    async def answer(number: int, kind: str, options: int, seconds: float | None) -> None:
        room = spread if seconds is None else min(spread, max(0.0, seconds - MARGIN))
        await asyncio.sleep(rng.uniform(0, room))
        frame = {"type": "answer", "question": number, "answer": pick(kind, options, rng)}
        sent[number] = time.monotonic()
        try:
            await ws.send(json.dumps(frame))
        except ConnectionClosed:
            return
        tally["sent"] += 1

    async with ws:
        await ws.send(json.dumps({"type": "join", "v": 1, "code": code, "name": f"Player {index}"}))
        try:
            async for message in ws:
                now = time.monotonic()
                data: dict[str, Any] = json.loads(message)
                kind = data.get("type")
                if kind == "welcome":
                    tally["welcomes"].append(now)
                    tally["in_lobby"] += data.get("phase") == "lobby"
                elif kind == "question" and data["number"] not in seen:
                    number = data["number"]
                    seen.add(number)
                    tally["received"].setdefault(number, []).append(now)
                    if not data.get("answered"):
                        args = (number, data["kind"], len(data["options"]), data.get("seconds"))
                        task = asyncio.create_task(answer(*args))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                elif kind == "accepted":
                    began = sent.get(data["question"])
                    if began is None:
                        tally["errors"].append(f"player {index}: an ack for an unsent answer")
                    else:
                        tally["latencies"].append(now - began)
                elif kind == "error":
                    tally["errors"].append(f"player {index}: {data.get('code')}")
                elif kind == "end":
                    ended = True
                    tally["ended"] += 1
                    break
        except ConnectionClosed:
            pass
        finally:
            for task in list(tasks):
                task.cancel()
    if not ended:
        tally["errors"].append(f"player {index}: disconnected before the end")


async def players(
    url: str, code: str, first: int, count: int, spread: float, seed: int, tally: Tally
) -> None:
    gate = asyncio.Semaphore(tally["handshakes"])
    await asyncio.gather(
        *(
            player(url, code, i, random.Random(f"{seed}-{i}"), spread, gate, tally)
            for i in range(first, first + count)
        )
    )


def run_clients(
    first: int,
    count: int,
    spread: float,
    seed: int,
    handshakes: int,
    deadline: float,
    inbox: Connection,
    results: Any,
) -> None:
    """One client process: wait for the host's address, then play `count` players."""
    raise_open_files()
    import websockets.asyncio.client  # noqa: F401  (imported before the clock starts)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the benchmark stops this process
    results.put(("ready", {}))
    tally: Tally = {
        "handshakes": handshakes,
        "welcomes": [],
        "in_lobby": 0,
        "sent": 0,
        "latencies": [],
        "received": {},
        "errors": [],
        "ended": 0,
    }
    if not inbox.poll(max(0.0, deadline - time.monotonic())):
        return
    try:
        url, code = inbox.recv()
    except EOFError:  # the benchmark has gone
        return
    coroutine = players(url, code, first, count, spread, seed, tally)
    try:
        asyncio.run(asyncio.wait_for(coroutine, max(0.1, deadline - time.monotonic())))
    except TimeoutError:
        tally["errors"].append(f"players {first}+: stopped at the time limit")
    except Exception as error:  # reported, not raised: the benchmark prints it
        tally["errors"].append(f"players {first}+: {error!r}")
    results.put(("done", tally))


# The host, read from its stdout ---------------------------------------------------------------


class HostLines(threading.Thread):
    """Reads the host's plain lines as they come, stamping each with time.monotonic()."""

    def __init__(self, stream: IO[str], pid: int, players: int) -> None:
        super().__init__(daemon=True, name="host-lines")
        self.stream, self.pid, self.players = stream, pid, players
        self.url = self.code = ""
        self.ready = threading.Event()
        self.rss_joined: int | None = None
        self.most_joined = 0
        self.answered = 0
        self.questions: dict[int, float] = {}  # number -> when its line arrived
        self.reveals = 0
        self.tail: list[str] = []

    def run(self) -> None:
        for raw in self.stream:
            now = time.monotonic()
            line = raw.rstrip("\n")
            self.tail = [*self.tail[-9:], line]
            if line.startswith("join: ") and not self.url:
                self.url = line.removeprefix("join: ")
            elif line.startswith("code: "):
                self.code = line.removeprefix("code: ").strip()
                self.ready.set()
            elif line.startswith("joined: "):
                found = JOINED.search(line)
                self.most_joined = max(self.most_joined, int(found[1]) if found else 0)
                if self.most_joined == self.players:
                    self._joins_over()
            elif line.startswith("answered: "):
                self.answered += 1
            elif line.startswith("question "):
                number = int(line.split()[1])
                self.questions.setdefault(number, now)
                self._joins_over()  # if some never joined, the game starts without them
                progress(f"  question {number}")
            elif line.startswith("reveal "):
                self.reveals += 1
        self.ready.set()

    def _joins_over(self) -> None:
        if self.rss_joined is None:
            self.rss_joined = status_kb(self.pid, "VmRSS") or 0


# One game -------------------------------------------------------------------------------------


@dataclass
class Game:
    players: int
    joined: int = 0
    in_lobby: int = 0
    join_seconds: float = 0.0
    sent: int = 0
    acked: int = 0
    counted: int = -1
    stored: int = -1  # given answers in the history database
    answered_lines: int = 0
    ended: int = 0
    latencies: list[float] = field(default_factory=list)
    fanout: list[float] = field(default_factory=list)  # per question
    host_lag: list[float] = field(default_factory=list)  # the host's line after the 1st client
    rss_before: int | None = None
    rss_joined: int | None = None
    rss_peak: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        everyone = self.joined == self.in_lobby == self.ended == self.players
        sent = self.players * QUESTIONS
        return (
            everyone
            and self.sent == self.acked == self.counted == self.stored == sent
            and not self.errors
        )


def host_command(args: argparse.Namespace, players: int, report: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "spacequiz",
        "host",
        "--plain",
        "--auto",
        f"{args.auto:g}",
        "--bind",
        HOST,
        "--port",
        "0",
        "-n",
        str(QUESTIONS),
        "--timer",
        f"{args.timer:g}",
        "--max-players",
        str(players),
        "--seed",
        str(args.seed),
        "--report",
        str(report),
    ]


def remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Stop("the time limit was reached")
    return left


def receive(
    results: Any,
    clients: list[tuple[multiprocessing.process.BaseProcess, Connection]],
    deadline: float,
) -> list[Tally]:
    """A message from each client process; Stop if one has died or the time is up."""
    got: list[Tally] = []
    while len(got) < len(clients):
        try:
            got.append(results.get(timeout=min(0.2, remaining(deadline)))[1])
        except queue.Empty:
            if any(process.exitcode not in (None, 0) for process, _ in clients):
                raise Stop("a client process failed") from None
    return got


def measure(players: int, args: argparse.Namespace, deadline: float, seed: int) -> Game:
    game = Game(players)
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    results = context.Queue()
    processes = min(args.clients, players)
    shares = [players // processes + (i < players % processes) for i in range(processes)]
    clients: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    tallies: list[Tally] = []
    with tempfile.TemporaryDirectory(prefix="spacequiz-live-load-") as folder:
        report = Path(folder) / "report.json"
        env = dict(
            os.environ,
            SPACEQUIZ_HOME=str(Path(folder) / "home"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            NO_COLOR="1",
        )
        errors = open(Path(folder) / "host-stderr.txt", "w+", encoding="utf-8")  # noqa: SIM115
        host = subprocess.Popen(
            host_command(args, players, report),
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            encoding="utf-8",
        )
        try:
            assert host.stdout is not None
            lines = HostLines(host.stdout, host.pid, players)
            lines.start()
            first = 0
            for share in shares:
                inbox, outbox = context.Pipe(duplex=False)
                process = context.Process(
                    target=run_clients,
                    args=(
                        first,
                        share,
                        args.spread,
                        seed,
                        max(1, HANDSHAKES // processes),
                        deadline,
                        inbox,
                        results,
                    ),
                    daemon=True,
                )
                process.start()
                inbox.close()
                clients.append((process, outbox))
                first += share
            receive(results, clients, deadline)  # every client process has started
            if not lines.ready.wait(remaining(deadline)) or not lines.code:
                raise Stop(f"the host printed no game code: {' | '.join(lines.tail)}")
            where = urlsplit(lines.url)
            if where.hostname != HOST or where.port is None:
                raise Stop(f"the host is not on {HOST}: {lines.url!r}")
            game.rss_before = status_kb(host.pid, "VmRSS")
            go = time.monotonic()
            for _, outbox in clients:
                outbox.send((f"ws://{HOST}:{where.port}/ws", lines.code))
            progress(f"  {players} players joining over {processes} client processes")
            while host.poll() is None:  # the host ends by itself after the last question
                peak = status_kb(host.pid, "VmHWM")
                game.rss_peak = max(game.rss_peak or 0, peak or 0) or None
                try:
                    host.wait(min(0.1, remaining(deadline)))
                except subprocess.TimeoutExpired:
                    pass
            if host.returncode != 0:
                errors.seek(0)
                raise Stop(f"the host exited with {host.returncode}: {errors.read()[-2000:]}")
            tallies = receive(results, clients, deadline)
            lines.join(remaining(deadline))
            counted = json.loads(report.read_text(encoding="utf-8"))["answers"]
            game.counted = sum(not answer["timed_out"] for answer in counted)
            game.stored = stored_answers(Path(folder) / "home" / "history.sqlite3")
        finally:  # on time, everyone has finished; otherwise, stop them now
            for process, outbox in clients:
                outbox.close()
                process.join(timeout=2 if tallies else 0)
                if process.is_alive():
                    process.kill()
                    process.join()
            if host.poll() is None:
                host.terminate()  # as `quit`: the host ends the game and writes its report
                try:
                    host.wait(2)
                except subprocess.TimeoutExpired:
                    host.kill()
                    host.wait()
            errors.close()
    game.rss_joined = lines.rss_joined or None
    game.answered_lines = lines.answered
    welcomes: list[float] = []
    received: dict[int, list[float]] = {}
    for tally in tallies:
        welcomes += tally["welcomes"]
        game.in_lobby += tally["in_lobby"]
        game.sent += tally["sent"]
        game.latencies += tally["latencies"]
        game.errors += tally["errors"]
        game.ended += tally["ended"]
        for number, times in tally["received"].items():
            received.setdefault(number, []).extend(times)
    game.joined, game.acked = len(welcomes), len(game.latencies)
    game.join_seconds = max(welcomes, default=go) - go
    for number, times in sorted(received.items()):
        line = lines.questions.get(number, min(times))
        game.fanout.append(max(times) - min(min(times), line))
        game.host_lag.append(line - min(times))
    return game


# Report ---------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def mb(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:.1f} MB"


def stored_answers(path: Path) -> int:
    """The answers players gave (not the misses, stored empty) in the host's history."""
    import sqlite3

    try:
        with sqlite3.connect(path) as db:
            return int(db.execute("SELECT count(*) FROM answers WHERE given != ''").fetchone()[0])
    except sqlite3.Error:
        return -1


def describe(game: Game) -> dict[str, float]:
    n, lat = game.players, game.latencies
    more = f"  {'':>5}          "
    late = game.joined - game.in_lobby
    print(
        f"  {n:>5} players: {game.joined} joined in {game.join_seconds:.2f} s"
        + (f" ({late} after the start)" if late else "")
        + f"; answers sent {game.sent}/{n * QUESTIONS}, acknowledged {game.acked}, "
        f"counted {game.counted}"
    )
    print(
        f"{more}(counted: in the host's report; it printed {game.answered_lines} `answered:`); "
        f"stored in its history {game.stored}"
    )
    print(
        f"{more}answer->ack p50 {percentile(lat, 0.50) * 1000:.1f} ms, "
        f"p99 {percentile(lat, 0.99) * 1000:.1f} ms, max {max(lat, default=0) * 1000:.1f} ms"
    )
    fan = statistics.median(game.fanout) if game.fanout else float("nan")
    worst = max(game.fanout, default=float("nan"))
    lag = statistics.median(game.host_lag) if game.host_lag else float("nan")
    print(
        f"{more}question start -> last client: median {fan * 1000:.1f} ms, "
        f"worst {worst * 1000:.1f} ms of {len(game.fanout)} questions"
    )
    print(f"{more}(the host's `question` line came {lag * 1000:.1f} ms after the first client)")
    kb = float("nan")
    if game.rss_before is not None and game.rss_joined is not None:
        kb = (game.rss_joined - game.rss_before) / n
        print(
            f"{more}host memory {mb(game.rss_before)} before the joins, "
            f"{mb(game.rss_joined)} after: {kb:.1f} KB a player; peak {mb(game.rss_peak)}"
        )
    else:
        print(f"{more}host memory n/a (no /proc)")
    for error in game.errors[:5]:
        print(f"{more}{error}")
    if len(game.errors) > 5:
        print(f"{more}... and {len(game.errors) - 5} more")
    return {
        "p50": percentile(lat, 0.50),
        "p99": percentile(lat, 0.99),
        "fan": fan,
        "worst": worst,
        "join": game.join_seconds / n,
        "kb": kb,
    }


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    except OSError:
        return "n/a"


def bench(args: argparse.Namespace) -> None:
    deadline = time.monotonic() + args.limit
    files = raise_open_files()  # the host and the client processes inherit it
    shown = " ".join(host_command(args, args.players, Path("REPORT.json"))[1:])
    print(f"live load: python {shown}")
    print(
        f"  on {HOST}; answers 0-{args.spread:g} s after each question; players in "
        f"{args.clients} client processes; open-file limit {files}; load {load_average()}"
    )
    began = time.monotonic()
    progress(f"baseline: {args.baseline} players")
    base = measure(args.baseline, args, deadline, seed=1)
    progress(f"load: {args.players} players")
    load = measure(args.players, args, deadline, seed=2)
    small, big = describe(base), describe(load)
    n = args.players
    print(f"ratios, {n} players / {args.baseline} players (same run):")
    for label, key in (
        ("answer->ack p50", "p50"),
        ("answer->ack p99", "p99"),
        ("question to last client", "fan"),
        ("  worst question", "worst"),
        ("join time per player", "join"),
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
    print(f"whole run: {time.monotonic() - began:.1f} s; load {load_average()}")
    if not (base.ok and load.ok):
        raise SystemExit("some players or answers were lost, refused or counted wrong")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--spread", type=float, default=2.0, help="answer within this many s")
    parser.add_argument("--timer", type=float, default=10.0, help="the host's --timer")
    parser.add_argument("--auto", type=float, default=1.0, help="the host's --auto")
    parser.add_argument(
        "--clients", type=int, default=max(2, min(4, os.cpu_count() or 2)), help="processes"
    )
    parser.add_argument("--seed", type=int, default=7, help="the host's --seed")
    parser.add_argument("--limit", type=float, default=120.0, help="stop after this many s")
    args = parser.parse_args()
    if min(args.players, args.baseline, args.clients) < 1:
        parser.error("--players, --baseline and --clients take at least 1")
    if not 0 <= args.spread <= args.timer - MARGIN:
        parser.error(f"--spread must stay inside the timer: at most --timer - {MARGIN:g}")

    def terminated(number: int, frame: object) -> None:
        raise SystemExit(f"stopped by signal {number}")  # so the host and clients are stopped

    signal.signal(signal.SIGTERM, terminated)
    try:
        bench(args)
    except Stop as stop:
        raise SystemExit(f"stopped: {stop}") from None


if __name__ == "__main__":
    main()
