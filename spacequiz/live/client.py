"""The terminal player's side of a live game: the address, the frames and the connection.

`Client` speaks the protocol (docs/live-protocol.md) and hands what arrives to a `Screen`, as
small frozen values; it never draws. The screens (Rich and questionary, or plain lines) live
in the CLI layer, which also keeps the resume tokens on disk; tests pass fakes of both.

A dropped connection after a good `welcome` is rejoined a few times with backoff, with the
token the server gave, so the player keeps their score and answers.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, assert_never, cast
from urllib.parse import parse_qs, urlsplit

from spacequiz.core.answers import parse_number
from spacequiz.core.errors import SpacequizError
from spacequiz.core.text import parse_json
from spacequiz.live.game import MAX_TEXT_ANSWER, Kind
from spacequiz.live.protocol import FATAL, VERSION

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

KINDS: frozenset[str] = frozenset({"choice", "multi", "truefalse", "text", "number", "order"})
RETRIES = 12
"""How many times a dropped connection is rejoined before the player is told it is lost:
about 50 seconds in all, time for a teacher to run `host --resume` after a crash."""
BACKOFF = 0.5
"""Seconds before the first rejoin; each next one waits twice as long, up to MAX_WAIT."""
MAX_WAIT = 5.0
CLOSE_WAIT = 1.0
"""Seconds an open prompt gets to close itself before its task is cancelled."""


class JoinError(SpacequizError):
    """The game cannot go on for this player: a refused join, a kick, an unreachable host."""


# The address ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    host: str
    port: int
    secure: bool = False
    code: str | None = None

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The game's WebSocket."""
        return f"{'wss' if self.secure else 'ws'}://{self.netloc}/ws"


def parse_address(text: str) -> Address:
    """What the host prints (`http://HOST:PORT/?code=NNNNNN`) or just `HOST:PORT`."""
    raw = text.strip()
    if not raw:
        raise JoinError("give the address the host shows, e.g. 192.168.1.20:8765")
    if "://" not in raw:
        raw = "http://" + raw
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https", "ws", "wss"):
        raise JoinError(f"{text!r} is not an address like http://192.168.1.20:8765")
    secure = scheme in ("https", "wss")
    try:
        port = parts.port
    except ValueError:
        raise JoinError(f"the port in {text!r} is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise JoinError(f"{text!r} has no host name or IP address")
    codes = parse_qs(parts.query).get("code")
    return Address(
        parts.hostname, port or (443 if secure else 80), secure, codes[0] if codes else None
    )


def check_code(code: str) -> str:
    code = code.strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise JoinError(f"the game code is 6 digits, not {code!r}")
    return code


# What arrives, as values ------------------------------------------------------------------


@dataclass(frozen=True)
class Welcome:
    name: str
    title: str
    total: int
    phase: str
    players: int
    resumed: bool


@dataclass(frozen=True)
class Question:
    number: int
    total: int
    kind: Kind
    prompt: str
    options: tuple[str, ...]
    unit: str | None
    seconds: float | None
    answered: bool


@dataclass(frozen=True)
class You:
    name: str
    score: int
    rank: int | None
    streak: int


@dataclass(frozen=True)
class Revealed:
    number: int
    answer: str
    correct_options: tuple[int, ...]
    explanation: str
    you: You
    given: str | None
    correct: bool
    credit: float
    points: int


@dataclass(frozen=True)
class Line:
    rank: int
    name: str
    score: int
    movement: int = 0


@dataclass(frozen=True)
class Board:
    top: tuple[Line, ...]
    you: You


@dataclass(frozen=True)
class Ended:
    podium: tuple[Line, ...]
    you: You
    players: int
    """How many players the game ranked."""


def _int(value: object, default: int = 0) -> int:
    return value if type(value) is int else default


def _count(value: object, default: int = 0) -> int:
    """A number of players: a host that sends a negative one sends none."""
    return value if type(value) is int and value >= 0 else default


MAX_SECONDS = 3 * 3600.0
"""The longest clock a host can give (an hour's timer, three times over for extra time);
anything else from the network is no clock at all, not a number to draw."""


def _seconds(value: object) -> float | None:
    if type(value) not in (int, float):  # bool is an int, and no number of seconds
        return None
    seconds = float(value)  # type: ignore[arg-type]
    return seconds if 0 <= seconds <= MAX_SECONDS else None  # NaN fails both


def _str(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _you(data: object) -> You:
    d = data if isinstance(data, dict) else {}
    rank = d.get("rank")
    return You(
        _str(d.get("name")),
        _int(d.get("score")),
        rank if type(rank) is int else None,
        _int(d.get("streak")),
    )


def _lines(data: object) -> tuple[Line, ...]:
    rows = data if isinstance(data, list) else []
    return tuple(
        Line(
            _int(r.get("rank")), _str(r.get("name")), _int(r.get("score")), _int(r.get("movement"))
        )
        for r in rows
        if isinstance(r, dict)
    )


def read_question(frame: dict[str, Any]) -> Question | None:
    """A `question` frame as a value; None when it is not one this client can show."""
    kind = frame.get("kind")
    if kind not in KINDS or type(frame.get("number")) is not int:
        return None
    options = frame.get("options")
    seconds = frame.get("seconds")
    unit = frame.get("unit")
    return Question(
        number=frame["number"],
        total=_int(frame.get("total"), frame["number"]),
        kind=cast(Kind, kind),
        prompt=_str(frame.get("prompt")),
        options=tuple(_str(o) for o in options) if isinstance(options, list) else (),
        unit=unit if isinstance(unit, str) and unit else None,
        seconds=_seconds(seconds),
        answered=frame.get("answered") is True,
    )


def read_reveal(frame: dict[str, Any]) -> Revealed:
    mine = frame.get("you") if isinstance(frame.get("you"), dict) else {}
    assert isinstance(mine, dict)
    correct = frame.get("correct")
    credit = mine.get("credit")
    given = mine.get("given")
    return Revealed(
        number=_int(frame.get("number")),
        answer=_str(frame.get("answer")),
        correct_options=tuple(i for i in correct if type(i) is int)
        if isinstance(correct, list)
        else (),
        explanation=_str(frame.get("explanation")),
        you=_you(mine),
        given=given if isinstance(given, str) else None,
        correct=mine.get("correct") is True,
        credit=float(credit) if isinstance(credit, int | float) else 0.0,
        points=_int(mine.get("points")),
    )


# Answers typed as lines -------------------------------------------------------------------


def letter(index: int) -> str:
    """A, B, ... Z, then AA, AB ... for an option's index."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


_SPLIT = re.compile(r"[\s,;]+")
_TRUE = {"t", "true", "y", "yes"}
_FALSE = {"f", "false", "n", "no"}


def _index(options: Sequence[str], token: str) -> int | None:
    """An option by its letter, its number from 1, or its whole text."""
    upper = token.strip().upper().rstrip(").")
    for i in range(len(options)):
        if upper == letter(i):
            return i
    if upper.isdecimal() and 1 <= int(upper) <= len(options):
        return int(upper) - 1
    folded = token.strip().casefold()
    return next((i for i, o in enumerate(options) if o.casefold() == folded), None)


def how_to_answer(question: Question) -> str:
    """One line telling a plain player what to type."""
    n = len(question.options)
    last = letter(n - 1) if n else "A"
    match question.kind:
        case "choice" | "truefalse":
            return f"type a letter (A-{last})"
        case "multi":
            return f"type the letters of all that apply, e.g. A C (A-{last}; - for none)"
        case "order":
            example = " ".join(letter(i) for i in reversed(range(n)))
            return f"type all the letters in order, e.g. {example}"
        case "number":
            return f"type a number{f' ({question.unit})' if question.unit else ''}"
        case "text":
            return "type your answer"
        case _:
            assert_never(question.kind)


def read_line_answer(question: Question, text: str) -> tuple[object, str | None]:
    """A typed line as the protocol's answer, or (None, what is wrong with it)."""
    text = text.strip()
    options = question.options
    n = len(options)
    match question.kind:
        case "choice" | "truefalse":
            picked = _index(options, text) if text else None
            if (
                picked is None
                and question.kind == "truefalse"
                and text.casefold() in _TRUE | _FALSE
            ):
                picked = 0 if text.casefold() in _TRUE else 1
            if picked is None:
                return None, f"please type one letter from A to {letter(n - 1)}"
            return picked, None
        case "multi" | "order":
            whole = _index(options, text) if text else None
            tokens = [text] if whole is not None else [t for t in _SPLIT.split(text) if t]
            if question.kind == "multi" and text in ("-", "none"):
                return [], None
            found = [_index(options, t) for t in tokens]
            if not found or any(p is None for p in found):
                return None, f"please type letters from A to {letter(n - 1)}, separated by spaces"
            chosen = [p for p in found if p is not None]
            if len(set(chosen)) != len(chosen):
                return None, "each letter only once, please"
            if question.kind == "order" and len(chosen) != n:
                return None, f"please put all {n} letters in order"
            return (sorted(chosen) if question.kind == "multi" else chosen), None
        case "text" | "number":
            if not text:
                return None, "please type an answer"
            if len(text) > MAX_TEXT_ANSWER:
                return None, f"please keep the answer under {MAX_TEXT_ANSWER} characters"
            if question.kind == "number" and parse_number(text) is None:
                return None, "please type a number, e.g. 3000"
            return text, None
        case _:
            assert_never(question.kind)


# The connection ---------------------------------------------------------------------------


class Screen(Protocol):
    """What the player sees; `ask` returns the protocol's answer, or None for no answer."""

    def joined(self, welcome: Welcome) -> None: ...
    def lobby(self, players: int) -> None: ...
    def question(self, question: Question) -> None: ...
    async def ask(self, question: Question) -> object: ...
    def close_prompt(self) -> None: ...
    def accepted(self, number: int) -> None: ...
    def progress(self, answered: int, players: int) -> None: ...
    def reveal(self, revealed: Revealed) -> None: ...
    def leaderboard(self, board: Board) -> None: ...
    def refused(self, message: str) -> None: ...
    def status(self, message: str) -> None: ...


class Tokens(Protocol):
    """Where the resume token of this address, code and name is kept between runs."""

    def get(self) -> str | None: ...
    def put(self, token: str) -> None: ...
    def forget(self) -> None: ...


Connect = Callable[[str], Any]
"""`websockets.asyncio.client.connect`, or a test's stand-in: an async context manager."""


class Client:
    """One player in one game, from `join` to `end`."""

    def __init__(
        self,
        address: Address,
        code: str,
        name: str,
        screen: Screen,
        tokens: Tokens,
        *,
        connect: Connect,
        sleep: Callable[[float], Any] = asyncio.sleep,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
    ) -> None:
        self.address = address
        self.code = code
        self.name = name
        self.screen = screen
        self.tokens = tokens
        self.connect = connect
        self.sleep = sleep
        self.retries = retries
        self.backoff = backoff
        self.welcomed = False
        self.players = 0
        self.shown_reveals: set[int] = set()
        self._fresh_welcome = False
        self._ask_task: asyncio.Task[None] | None = None

    async def run(self) -> Ended:
        """Play to the end; JoinError when the game cannot go on."""
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

        drops = 0
        fresh_retry = True  # a stale saved token gets one fresh join
        while True:
            token = self.tokens.get()
            try:
                async with self.connect(self.address.url) as ws:
                    ended = await self._session(ws, token)
                if ended is not None:
                    return ended
            except _StaleToken:
                self.tokens.forget()
                if not fresh_retry:
                    raise JoinError("the host no longer knows this player: join again") from None
                fresh_retry = False
                continue
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI, ConnectionClosed) as lost:
                if not self.welcomed:
                    raise JoinError(
                        f"cannot reach a game at {self.address.netloc}: {_why(lost)}"
                    ) from None
            finally:
                await self._close_ask()
            if self._fresh_welcome:  # that connection got in: a new loss counts from one
                drops, self._fresh_welcome = 0, False
            drops += 1
            if drops > self.retries:
                raise JoinError(f"lost the connection to {self.address.netloc}")
            wait = min(self.backoff * 2 ** (drops - 1), MAX_WAIT)
            self.screen.status(
                f"connection lost: rejoining in {wait:g} s ({drops} of {self.retries})"
            )
            await self.sleep(wait)

    async def _session(self, ws: ClientConnection, token: str | None) -> Ended | None:
        """One connection: join, then handle frames until `end` (returned) or a drop (None)."""
        self._fresh_welcome = False
        join: dict[str, Any] = {"type": "join", "v": VERSION, "code": self.code, "name": self.name}
        if token:
            join["token"] = token
        await ws.send(json.dumps(join, ensure_ascii=False))
        from websockets.exceptions import ConnectionClosed

        receiving: asyncio.Future[str | bytes] | None = None
        try:
            while True:
                if receiving is None:
                    receiving = asyncio.ensure_future(ws.recv())
                waiting: set[asyncio.Future[Any]] = {receiving}
                asking = self._ask_task
                if asking is not None and not asking.done():
                    waiting.add(asking)
                done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                if asking is not None and asking in done:
                    asking.result()  # Interrupted leaves from here
                if receiving in done:
                    message = receiving.result()
                    receiving = None
                    ended = await self._handle(ws, message, token)
                    if ended is not None:
                        return ended
        except ConnectionClosed:
            if ws.close_reason == "resumed elsewhere":
                raise JoinError("this player joined again from another window or device") from None
            return None
        finally:
            if receiving is not None:
                receiving.cancel()

    async def _handle(
        self, ws: ClientConnection, message: str | bytes, token: str | None
    ) -> Ended | None:
        try:
            text = message.decode("utf-8") if isinstance(message, bytes) else message
            frame = parse_json(text)
        except ValueError:  # not UTF-8, not JSON, or nested too deep
            return None
        if not isinstance(frame, dict):
            return None
        kind = frame.get("type")
        screen = self.screen
        if kind == "welcome":
            new = _str(frame.get("token"))
            if new:
                self.tokens.put(new)
            self.welcomed = self._fresh_welcome = True
            self.players = _count(frame.get("players"))
            welcome = Welcome(
                name=_str(frame.get("name"), self.name),
                title=_str(frame.get("title")),
                total=_int(frame.get("total")),
                phase=_str(frame.get("phase")),
                players=self.players,
                resumed=bool(token),
            )
            screen.joined(welcome)
        elif kind == "lobby":
            self.players = _count(frame.get("players"), self.players)
            screen.lobby(self.players)
        elif kind == "question":
            await self._close_ask()
            question = read_question(frame)
            if question is None:
                screen.refused("the host sent a question this client cannot show")
                return None
            screen.question(question)
            if not question.answered:
                self._ask_task = asyncio.ensure_future(self._ask(ws, question))
        elif kind == "accepted":
            screen.accepted(_int(frame.get("question")))
        elif kind == "progress":
            self.players = _count(frame.get("players"), self.players)
            screen.progress(_int(frame.get("answered")), self.players)
        elif kind == "reveal":
            await self._close_ask()
            revealed = read_reveal(frame)
            if revealed.number not in self.shown_reveals:  # a rejoin repeats the last reveal
                self.shown_reveals.add(revealed.number)
                screen.reveal(revealed)
        elif kind == "leaderboard":
            screen.leaderboard(Board(_lines(frame.get("top")), _you(frame.get("you"))))
        elif kind == "end":
            await self._close_ask()
            podium = _lines(frame.get("podium"))
            you = _you(frame.get("you"))
            # The end frame says how many were ranked; an older host did not.
            players = _count(frame.get("players")) or max(self.players, len(podium), you.rank or 0)
            return Ended(podium, you, players)
        elif kind == "kicked":
            raise JoinError("the host removed you from the game")
        elif kind == "error":
            code = _str(frame.get("code"))
            text = _str(frame.get("message"), code)
            if code == "bad_token" and token and not self.welcomed:
                raise _StaleToken
            if code in FATAL:
                raise JoinError(text)
            screen.refused(text)
        return None

    async def _ask(self, ws: ClientConnection, question: Question) -> None:
        try:
            answer = await self.screen.ask(question)
        except (KeyboardInterrupt, EOFError):
            # Raised in a task, they would escape the event loop past every cleanup.
            raise Interrupted from None
        if answer is not None:
            frame = {"type": "answer", "question": question.number, "answer": answer}
            await ws.send(json.dumps(frame, ensure_ascii=False))

    async def _close_ask(self) -> None:
        """Close a prompt still open (time is up, or the host moved on) and wait for it."""
        task, self._ask_task = self._ask_task, None
        if task is None:
            return
        if not task.done():
            self.screen.close_prompt()
            await asyncio.wait({task}, timeout=CLOSE_WAIT)
        if not task.done():
            task.cancel()
            await asyncio.wait({task})
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, Interrupted):
            raise error


class Interrupted(Exception):
    """The player pressed Ctrl-C or Ctrl-D in a prompt: leave the game."""


class _StaleToken(Exception):
    """The saved token is not known to the host (a new game with the same code, a kick)."""


def _why(error: BaseException) -> str:
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    if isinstance(error, ConnectionRefusedError):
        return "nothing is listening there (is the host running?)"
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, InvalidStatus):
        return f"it is not a spacequiz host (HTTP {error.response.status_code})"
    if isinstance(error, ConnectionClosed):
        return "the connection closed"
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return str(error) or type(error).__name__
