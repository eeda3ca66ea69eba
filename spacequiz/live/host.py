"""The host's side of a live game: the teacher's commands drive the server, a view shows it.

The same controller serves two views: the projector screen (ui/live_screens, keys) and the
plain one (a line per event on stdout, a command per line on stdin) for scripts, screen
readers and tests. Commands arrive on one asyncio queue whichever view reads them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacequiz.core.classroom import Standing
from spacequiz.core.engine import Round
from spacequiz.live.game import LiveError, Reveal
from spacequiz.live.server import Event, LiveServer

COMMANDS = (
    "start",
    "reveal",
    "next",
    "kick NAME",
    "extra NAME FACTOR",
    "lock",
    "unlock",
    "quit",
)


@dataclass
class Lobby:
    """What the lobby shows: where to join, and who has."""

    title: str
    urls: Sequence[str]
    code: str
    qr_url: str
    total: int
    names: list[str] = field(default_factory=list)
    locked: bool = False


class View(Protocol):
    """What the host's screen must be able to show."""

    def lobby(self, lobby: Lobby) -> None: ...
    def event(self, event: Event, lobby: Lobby) -> None: ...
    def question(self, round_: Round, answered: int, players: int, left: float | None) -> None: ...
    def reveal(self, round_: Round, shown: Reveal, standings: Sequence[Standing]) -> None: ...
    def board(self, standings: Sequence[Standing], number: int, total: int) -> None: ...
    def final(self, standings: Sequence[Standing]) -> None: ...
    def say(self, text: str) -> None: ...


class Host:
    """Turns the teacher's commands into server calls, in the order a game allows."""

    def __init__(
        self,
        server: LiveServer,
        view: View,
        lobby: Lobby,
        *,
        auto: float | None = None,
        step_board: bool = False,
        clock: Callable[[], float],
        on_over: Callable[[], None] = lambda: None,
    ) -> None:
        self.server = server
        self.view = view
        self.lobby = lobby
        self.auto = auto
        self.step_board = step_board
        """Show the leaderboard as a step of its own (the projector); plain goes straight on."""
        self.clock = clock
        self.on_over = on_over
        """Called once the game is over, before the final screen: the report and history."""
        # A resumed game starts where it stopped.
        self.stage = {"lobby": "lobby", "question": "question", "reveal": "reveal"}.get(
            server.game.phase, "done"
        )
        self.commands: asyncio.Queue[str] = asyncio.Queue()
        self.revealed_at = 0.0
        self.joined_at = 0.0
        self.interrupted = False
        """Broken off by `stop` (Ctrl-C, a closed terminal): the game was not ended."""

    def on_event(self, event: Event) -> None:
        if event.kind == "joined" and event.name not in self.lobby.names:
            self.lobby.names.append(event.name)
            self.joined_at = self.clock()
        elif event.kind == "kicked" and event.name in self.lobby.names:
            self.lobby.names.remove(event.name)
        if event.kind == "reveal":
            self._show_reveal()
        self.view.event(event, self.lobby)

    def _show_reveal(self) -> None:
        game = self.server.game
        shown = self.server.last_reveal
        if shown is None:
            return
        self.stage = "reveal"
        self.revealed_at = self.clock()
        self.view.reveal(game.round, shown, game.standings())

    async def run(self) -> None:
        """Until the game ends or the teacher quits."""
        self.view.lobby(self.lobby)
        game = self.server.game
        if self.stage == "question":
            self._open(game.round)
        elif self.stage == "reveal":
            self._show_reveal()
        while self.stage != "done":
            command: str | None
            try:
                command = await asyncio.wait_for(self.commands.get(), timeout=0.25)
            except TimeoutError:
                command = self._automatic()
            if command is None:
                self._refresh()
            else:
                self.handle(command)

    def _automatic(self) -> str | None:
        """With --auto the game moves on by itself: it starts once players have joined and
        nobody new has come for the pause, and goes on a pause after each reveal."""
        if self.auto is None:
            return None
        quiet = self.clock() - self.joined_at >= self.auto
        if self.stage == "lobby" and self.lobby.names and quiet:
            return "start"
        if self.stage in ("reveal", "board") and self.clock() - self.revealed_at >= self.auto:
            return "next"
        return None

    def _refresh(self) -> None:
        game = self.server.game
        if self.stage == "question" and game.phase == "question":
            left = game.seconds_left(self.clock())
            self.view.question(game.round, game.answered_now, game.counted_count(), left)

    def handle(self, line: str) -> None:
        word, _, rest = line.strip().partition(" ")
        word = word.lower()
        try:
            match word:
                case "":
                    return
                case "start":
                    self._start()
                case "reveal":
                    if self.server.game.phase != "question":
                        raise LiveError("not_open", "no question is open")
                    self.server.reveal()
                case "next":
                    self._next()
                case "kick" if not rest.strip():
                    self.view.say("write: kick NAME")
                case "kick":
                    player = self.server.kick(rest)
                    self.view.say(f"kicked: {player.name}")
                case "extra":
                    name, _, factor = rest.strip().rpartition(" ")
                    try:
                        times = float(factor)
                    except ValueError:
                        raise LiveError(
                            "bad_extra", "write: extra NAME FACTOR, e.g. extra Ann 2"
                        ) from None
                    self.server.give_extra_time(name, times)
                    self.view.say(f"extra time: {name.strip()} x{times:g}")
                case "lock" | "unlock":
                    self.lobby.locked = word == "lock"
                    self.server.lock(self.lobby.locked)
                    self.view.say("locked: no new players" if self.lobby.locked else "unlocked")
                    if self.stage == "lobby":
                        self.view.lobby(self.lobby)
                case "quit":
                    self._finish()
                case "stop":  # not a teacher's command: what Ctrl-C and SIGHUP send
                    # The game is not ended, so nothing is journaled: --resume goes on.
                    self.interrupted = True
                    self.stage = "done"
                case _:
                    self.view.say(f"unknown command {word!r}: use {', '.join(COMMANDS)}")
        except LiveError as refused:
            self.view.say(f"cannot: {refused}")

    def _start(self) -> None:
        if self.stage != "lobby":
            raise LiveError("started", "the game has already started")
        if not self.server.game.players:
            raise LiveError("no_players", "nobody has joined yet")
        self._open(self.server.start_game())

    def _open(self, round_: Round) -> None:
        self.stage = "question"
        game = self.server.game
        self.view.question(round_, 0, game.counted_count(), game.time_limit)

    def _next(self) -> None:
        game = self.server.game
        if self.stage == "question":
            raise LiveError("not_revealed", "reveal the answer first")
        if self.stage == "lobby":
            raise LiveError("not_started", "start the game first")
        last = game.index + 1 >= game.total
        if self.stage == "reveal" and not last:
            self.server.leaderboard()
            self.view.board(game.standings(), game.index + 1, game.total)
            if self.step_board:
                self.stage = "board"
                self.revealed_at = self.clock()  # with --auto, the board stays a pause too
                return
        round_ = self.server.next_question()
        if round_ is None:
            self._done()
        else:
            self._open(round_)

    def _finish(self) -> None:
        if self.server.game.phase != "finished":
            self.server.end()
        self._done()

    def _done(self) -> None:
        self.stage = "done"
        self.on_over()
        self.view.final(self.server.game.standings())
