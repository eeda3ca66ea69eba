"""The live game's server: the page and one WebSocket per player, on the host's clock.

Built on the `websockets` library, which serves both the WebSocket and the three static files
of the page (through `process_request`), so no HTTP or WebSocket parsing is ours. The host
screen drives it with plain method calls on the same event loop; no message from the network
can start, reveal, kick or end anything.
"""

from __future__ import annotations

import asyncio
import http
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlsplit

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from spacequiz.core.classroom import Standing
from spacequiz.core.engine import Round
from spacequiz.core.names import name_key
from spacequiz.live import protocol
from spacequiz.live.game import LiveError, LiveGame, Player, Reveal

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGES = {"/": "index.html", "/index.html": "index.html", "/app.js": "app.js", "/app.css": "app.css"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
FRAMES_PER_SECOND = 20
"""A connection may send this many frames a second (a burst of twice that); more are refused."""
FAILED_CODES_PER_MINUTE = 10
"""Wrong game codes tried from one address in a minute before it must wait."""
SEND_BUFFER_LIMIT = 256 * 1024
"""A client whose unsent frames pass this many bytes has stopped reading: it is dropped."""
TICK = 0.1
PROGRESS_EVERY = 0.25

EventKind = Literal["joined", "left", "kicked", "answered", "question", "reveal", "finished"]


@dataclass(frozen=True)
class Event:
    """Something the host screen may want to show."""

    kind: EventKind
    name: str = ""
    answered: int = 0
    players: int = 0


def _page(name: str) -> bytes:
    return (resources.files("spacequiz.live") / "static" / name).read_bytes()


class _Bucket:
    """A token bucket: `rate` frames a second with bursts of `burst`."""

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.at = rate, burst, burst, now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class LiveServer:
    """Serves one LiveGame; the host calls start_game, reveal, next_question, kick, lock."""

    def __init__(
        self,
        game: LiveGame,
        *,
        title: str,
        on_event: Callable[[Event], None] = lambda event: None,
        on_answer: Callable[[Player, Round], None] = lambda player, round_: None,
        on_record: Callable[[dict[str, Any]], None] = lambda event: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.game = game
        self.title = title
        self.on_event = on_event
        self.on_answer = on_answer
        self.on_record = on_record
        """Every change to the game, as an event a journal keeps (live/journal.py replays it)."""
        self.clock = clock
        self.sockets: dict[str, ServerConnection] = {}  # player key -> its connection
        self._failed: dict[str, deque[float]] = {}
        self._pages = {path: _page(name) for path, name in PAGES.items()}
        self._server: Server | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._progress_due = False
        self._progress_at = 0.0
        self.last_reveal: Reveal | None = None
        self.finished = asyncio.Event()
        self._stopping = False

    # Serving ---------------------------------------------------------------------------

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0: any free port); returns the port."""
        self._server = await serve(
            self._play,
            host,
            port,
            process_request=self._http,
            max_size=protocol.MAX_FRAME_BYTES,
            max_queue=16,
            compression=None,
            ping_interval=10,
            ping_timeout=20,
            server_header=None,
            # A class joins at once: asyncio's default backlog of 100 drops connections.
            backlog=1024,
            logger=_quiet_logger(),
        )
        self._ticker = asyncio.create_task(self._tick())
        socket = next(iter(self._server.sockets))
        return int(socket.getsockname()[1])

    async def stop(self) -> None:
        # The host is going: the connections it closes are no players leaving the game.
        self._stopping = True
        if self._ticker:
            self._ticker.cancel()
        if self._server:
            self._server.close()
            await self._server.wait_closed()

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path).path
        if path == "/ws":
            origin = request.headers.get("Origin")
            # A page from another site must not drive a player's socket; clients that send
            # no Origin (the terminal client, scripts) are not browsers and may connect.
            if origin is not None and urlsplit(origin).netloc != request.headers.get("Host"):
                return _response(http.HTTPStatus.FORBIDDEN, b"Forbidden origin\n", "text/plain")
            return None
        body = self._pages.get(path)
        if body is None:
            return _response(http.HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain")
        kind = TYPES["." + PAGES[path].rsplit(".", 1)[1]]
        return _response(http.HTTPStatus.OK, body, kind)

    # One player's connection -----------------------------------------------------------

    async def _play(self, ws: ServerConnection) -> None:
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        bucket = _Bucket(FRAMES_PER_SECOND, 2 * FRAMES_PER_SECOND, self.clock())
        player: Player | None = None
        try:
            async for message in ws:
                now = self.clock()
                if not bucket.take(now):
                    self._send(ws, protocol.error("slow_down", "too many frames: slow down"))
                    continue
                try:
                    frame = protocol.read_frame(message)
                    if frame["type"] == "ping":
                        self._send(ws, protocol.dump({"type": "pong"}))
                    elif frame["type"] == "join":
                        player = self._join(ws, frame, address, now, player)
                    elif player is None:
                        raise LiveError("not_joined", "join the game first")
                    else:
                        self._answer(ws, player, frame, now)
                except LiveError as refused:
                    self._send(ws, protocol.error(refused.code, str(refused)))
                    if refused.code in protocol.FATAL:
                        await ws.close(1008, refused.code)
                        return
        except ConnectionClosed:
            pass
        finally:
            if player is not None and self.sockets.get(player.key) is ws:
                del self.sockets[player.key]
                if player.key in self.game.players and not self._stopping:
                    self.game.leave(player)
                    # Journaled, so a resume knows who was still playing when it stopped.
                    self.on_record({"e": "left", "name": player.name})
                    self._progress_due = True
                    self.on_event(Event("left", player.name, players=self._players()))

    def _join(
        self,
        ws: ServerConnection,
        frame: dict[str, Any],
        address: str,
        now: float,
        current: Player | None,
    ) -> Player:
        if current is not None:
            raise LiveError("bad_message", "this connection has already joined")
        failed = self._failed.setdefault(address, deque())
        while failed and failed[0] < now - 60:
            failed.popleft()
        if len(failed) >= FAILED_CODES_PER_MINUTE:
            raise LiveError("too_many_attempts", "too many wrong codes: wait a minute")
        try:
            joined = self.game.join(frame["code"], frame["name"], frame.get("token"))
        except LiveError as refused:
            if refused.code == "bad_code":
                failed.append(now)
            raise
        finally:
            if not failed:
                del self._failed[address]
        player = joined.player
        self.on_record(
            {"e": "back", "name": player.name}
            if joined.resumed
            else {"e": "join", "name": player.name, "token": player.token}
        )
        old = self.sockets.get(player.key)
        self.sockets[player.key] = ws
        if old is not None and old is not ws:  # the same player on a new connection
            asyncio.ensure_future(old.close(1000, "resumed elsewhere"))
        self._send(
            ws,
            protocol.dump(
                {
                    "type": "welcome",
                    "v": protocol.VERSION,
                    "name": player.name,
                    "token": player.token,
                    "title": self.title,
                    "total": self.game.total,
                    "phase": self.game.phase,
                    "players": self._players(),
                    "resumed": joined.resumed,
                }
            ),
        )
        self._catch_up(ws, player, now)
        self._progress_due = True
        self.on_event(Event("joined", player.name, players=self._players()))
        return player

    def _catch_up(self, ws: ServerConnection, player: Player, now: float) -> None:
        """Show a player who (re)joins where the game is."""
        phase = self.game.phase
        if phase == "lobby":
            self._send(ws, protocol.dump({"type": "lobby", "players": self._players()}))
        elif phase == "question":
            answered = self.game.round.number in player.answers
            frame = protocol.question(
                self.game.round, seconds=self.game.seconds_left(now, player), answered=answered
            )
            self._send(ws, protocol.dump(frame))
        elif phase == "reveal" and self.last_reveal is not None:
            if player.first > self.last_reveal.number:
                return  # joined after it was asked: the welcome's waiting screen stays
            ranks = {s.team: s.rank for s in self.game.standings()}
            frame = protocol.reveal(self.last_reveal, player, ranks.get(player.name))
            self._send(ws, protocol.dump(frame))
        elif phase == "finished":
            standings = self.game.standings()
            ranks = {s.team: s.rank for s in standings}
            self._send(ws, protocol.dump(self._end_frame(player, standings, ranks)))

    def _answer(
        self, ws: ServerConnection, player: Player, frame: dict[str, Any], now: float
    ) -> None:
        self.game.answer(player, frame["question"], frame.get("answer"), now)
        # Journaled before the player hears it counted: a crash cannot lose an accepted answer.
        self.on_record(
            {
                "e": "answer",
                "name": player.name,
                "q": frame["question"],
                "a": frame.get("answer"),
                "t": now - self.game.opened_at,
            }
        )
        self._send(ws, protocol.dump({"type": "accepted", "question": frame["question"]}))
        self.on_answer(player, self.game.round)
        self._progress_due = True
        self.on_event(
            Event("answered", player.name, answered=self.game.answered_now, players=self._players())
        )

    # What the host does ----------------------------------------------------------------

    def start_game(self) -> Round:
        round_ = self.game.start(self.clock())
        self.on_record({"e": "start"})
        self._send_question(round_)
        return round_

    def reveal(self) -> Reveal:
        number = self.game.round.number
        silent = [p for p in self.game.players.values() if number not in p.answers]
        shown = self.game.reveal()
        self.on_record({"e": "reveal"})
        self.last_reveal = shown
        for player in silent:  # their miss, as an answer (an empty one was told already)
            self.on_answer(player, self.game.round)
        ranks = {s.team: s.rank for s in self.game.standings()}
        for key, ws in self.sockets.items():
            player = self.game.players[key]
            self._send(ws, protocol.dump(protocol.reveal(shown, player, ranks.get(player.name))))
        self.on_event(Event("reveal", players=self._players()))
        return shown

    def leaderboard(self) -> None:
        standings = self.game.standings()
        top = protocol.board(standings)
        ranks = {s.team: s.rank for s in standings}
        number = self.game.index + 1
        for key, ws in self.sockets.items():
            player = self.game.players[key]
            if player.first > number:
                continue  # a late joiner waits for their first question
            mine = protocol.you(player, ranks.get(player.name))
            self._send(ws, protocol.dump({"type": "leaderboard", "top": top, "you": mine}))

    def next_question(self) -> Round | None:
        round_ = self.game.next(self.clock())
        self.on_record({"e": "next"})
        if round_ is None:
            self._end()
        else:
            self._send_question(round_)
        return round_

    def end(self) -> None:
        """The host ends the game now."""
        if self.game.phase == "question":
            self.reveal()
        self.game.finish()
        self.on_record({"e": "end"})
        self._end()

    def give_extra_time(self, name: str, factor: float) -> None:
        """More time for one player; mid-question, their clock is sent again."""
        game = self.game
        game.give_extra_time(name, factor)
        self.on_record({"e": "extra", "name": name, "factor": factor})
        player = game.players.get(name_key(name))
        ws = self.sockets.get(player.key) if player else None
        if player is not None and ws is not None and game.phase == "question":
            seconds = game.seconds_left(self.clock(), player)
            answered = game.round.number in player.answers
            frame = protocol.question(game.round, seconds=seconds, answered=answered)
            self._send(ws, protocol.dump(frame))

    def lock(self, on: bool) -> None:
        self.game.locked = on
        self.on_record({"e": "lock", "on": on})

    def kick(self, name: str) -> Player:
        player = self.game.kick(name)
        self.on_record({"e": "kick", "name": player.name})
        ws = self.sockets.pop(player.key, None)
        if ws is not None:
            self._send(ws, protocol.dump({"type": "kicked", "message": "the host removed you"}))
            asyncio.ensure_future(ws.close(1008, "kicked"))
        self._progress_due = True
        self.on_event(Event("kicked", player.name, players=self._players()))
        return player

    def _send_question(self, round_: Round) -> None:
        game = self.game
        frame = protocol.dump(protocol.question(round_, seconds=game.time_limit, answered=False))
        for key, ws in list(self.sockets.items()):
            if key in game.extra:  # a player with extra time sees their own clock
                mine = protocol.question(
                    round_, seconds=game.limit_of(game.players[key]), answered=False
                )
                self._send(ws, protocol.dump(mine))
            else:
                self._send(ws, frame)
        self.on_event(Event("question", players=self._players()))

    def _end(self) -> None:
        # Rank once: ranking every player again for each player's frame is O(n²).
        standings = self.game.standings()
        ranks = {s.team: s.rank for s in standings}
        for key, ws in self.sockets.items():
            frame = self._end_frame(self.game.players[key], standings, ranks)
            self._send(ws, protocol.dump(frame))
        self.on_event(Event("finished", players=self._players()))
        self.finished.set()

    def _end_frame(
        self, player: Player, standings: list[Standing], ranks: dict[str, int]
    ) -> dict[str, Any]:
        podium = [{"rank": s.rank, "name": s.team, "score": s.score} for s in standings[:3]]
        return {
            "type": "end",
            "podium": podium,
            "players": len(standings),
            "you": protocol.you(player, ranks.get(player.name)),
        }

    # The clock -------------------------------------------------------------------------

    async def _tick(self) -> None:
        """Close a question when its time is up or everyone has answered; send progress."""
        while True:
            await asyncio.sleep(TICK)
            now = self.clock()
            game = self.game
            if game.phase == "question" and (game.time_up(now) or game.everyone_answered()):
                self.reveal()
            if self._progress_due and now - self._progress_at >= PROGRESS_EVERY:
                self._progress_due = False
                self._progress_at = now
                if game.phase == "lobby":
                    self._broadcast(protocol.dump({"type": "lobby", "players": self._players()}))
                elif game.phase == "question":
                    progress = {
                        "type": "progress",
                        "answered": game.answered_now,
                        "players": self._players(),
                    }
                    self._broadcast(protocol.dump(progress))

    # Sending ---------------------------------------------------------------------------

    def _players(self) -> int:
        """Connected players; during a question, the players it counts (game.counted)."""
        if self.game.phase == "question":
            return self.game.counted_count()
        return self.game.connected_count()

    def _broadcast(self, text: str) -> None:
        """One frame to every player: encoded once, never waiting for a slow reader."""
        healthy = [ws for ws in list(self.sockets.values()) if self._reading(ws)]
        broadcast(healthy, text)

    def _send(self, ws: ServerConnection, text: str) -> None:
        """Queue a frame without waiting; a client that has stopped reading is dropped."""
        if self._reading(ws):
            broadcast([ws], text)

    @staticmethod
    def _reading(ws: ServerConnection) -> bool:
        """False, and the connection dropped, once its unsent frames pass the limit."""
        transport = ws.transport
        if transport is not None and transport.get_write_buffer_size() > SEND_BUFFER_LIMIT:
            transport.abort()
            return False
        return True


def _response(status: http.HTTPStatus, body: bytes, kind: str) -> Response:
    headers = Headers(
        [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
            ("Content-Security-Policy", CSP),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(status.value, status.phrase, headers, body)


def _quiet_logger() -> logging.Logger:
    """The library's reports of broken clients stay off the host's screen."""
    logger = logging.getLogger("spacequiz.live")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return logger
