"""`spacequiz join`: play in a live game from a terminal, as the page the host serves does.

The connection and the protocol are in `live.client`; here are the command, the two screens it
draws on (Rich and questionary on a terminal, one line per event otherwise) and the file that
keeps each game's resume token, so running `join` again with the same name carries on.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import typer

from spacequiz.cli import common as cli

if TYPE_CHECKING:
    from questionary.prompts.common import InquirerControl
    from rich.console import Console

    from spacequiz.live.client import Address, Board, Ended, Question, Revealed, Welcome
    from spacequiz.ui.env import Env

TOKENS_FILE = "live-tokens.json"
KEPT_TOKENS = 50
"""The newest tokens kept; older games are long over."""


def play_join(env: Env, address: str, name: str, code: str | None, plain: bool) -> None:
    """Join a live game that 'spacequiz host' runs (the `join` command's body)."""
    from websockets.asyncio.client import connect

    from spacequiz.live.client import Client, Interrupted, check_code, parse_address

    no_color = env.no_color
    interactive = not plain and env.interactive
    with cli.reporting(no_color):
        where = parse_address(address)
        given = code if code is not None else where.code
        if given is None:
            from spacequiz.live.client import JoinError

            raise JoinError("give the game's code with --code (or in the address, ?code=...)")
        game_code = check_code(given)
    console = env.make_console(plain=not interactive, capped=interactive, styled=interactive)
    err = env.make_console(stderr=True, styled=interactive)
    screen: PlainScreen | RichScreen = (
        RichScreen(console, err, env.clock)
        if interactive
        else PlainScreen(console, err, _Lines(env.stdin_bytes))
    )
    tokens = TokenFile(_tokens_path(), where, game_code, name)

    def dial(url: str) -> Any:
        return connect(
            url, open_timeout=10, max_size=2**20, compression=None, user_agent_header=None
        )

    client = Client(where, game_code, name, screen, tokens, connect=dial)
    try:
        with cli.reporting(no_color):
            ended = asyncio.run(client.run())
    except (KeyboardInterrupt, EOFError, Interrupted):
        console.print()
        console.print("Left the game.", style="muted", markup=False)
        raise typer.Exit(cli.EXIT_INTERRUPTED) from None
    screen.end(ended)


# The resume tokens ------------------------------------------------------------------------


def _tokens_path() -> Path:
    from spacequiz.storage.files import data_home

    return data_home() / TOKENS_FILE


class TokenFile:
    """Tokens by address, code and name in one small JSON file, replaced atomically."""

    def __init__(self, path: Path, where: Address, code: str, name: str) -> None:
        from spacequiz.core.names import name_key

        self.path = path
        self.key = f"{where.netloc} {code} {name_key(name)}"

    def _read(self) -> dict[str, Any]:
        from spacequiz.core.text import parse_json

        try:
            data = parse_json(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self) -> str | None:
        entry = self._read().get(self.key)
        token = entry.get("token") if isinstance(entry, dict) else None
        return token if isinstance(token, str) else None

    def put(self, token: str) -> None:
        data = self._read()
        data.pop(self.key, None)
        data[self.key] = {"token": token, "saved": round(time.time())}
        self._write(dict(list(data.items())[-KEPT_TOKENS:]))

    def forget(self) -> None:
        data = self._read()
        if data.pop(self.key, None) is not None:
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        """Replaced atomically and private (0600): a token lets anyone play as this player.

        A token that cannot be saved only costs the resume, so the game goes on without it.
        """
        from spacequiz.storage.files import write_atomic

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1), mode=0o600)
        except OSError:
            pass


# Plain lines ------------------------------------------------------------------------------


class _Lines:
    """Lines from stdin, read on a thread so the game's connection never waits for them."""

    def __init__(self, stdin: BinaryIO) -> None:
        self.stdin = stdin
        self.queue: asyncio.Queue[str | None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.started = False

    async def next(self) -> str | None:
        """The next line; None at the end of input."""
        if self.queue is None:
            self.queue = asyncio.Queue()
            self.loop = asyncio.get_running_loop()
            threading.Thread(target=self._read, daemon=True).start()
        return await self.queue.get()

    def _read(self) -> None:
        from spacequiz.ui.lines import LineReader

        reader = LineReader(self.stdin)
        assert self.loop is not None and self.queue is not None
        while True:
            try:
                line: str | None = reader.readline()
            except (EOFError, OSError, ValueError):
                line = None
            try:
                self.loop.call_soon_threadsafe(self.queue.put_nowait, line)
            except RuntimeError:  # the loop has closed: the game is over
                return
            if line is None:
                return


def _one_line(text: str) -> str:
    return " ".join(text.split())


class PlainScreen:
    """One line per event, for pipes, scripts and screen readers."""

    def __init__(self, console: Console, err: Console, lines: _Lines) -> None:
        self.console = console
        self.err = err
        self.lines = lines
        self.eof = False
        self.last_lobby = -1

    def say(self, text: str, style: str = "") -> None:
        from spacequiz.ui.safe import literal

        self.console.print(literal(text, style))
        self.console.file.flush()

    def joined(self, welcome: Welcome) -> None:
        verb = "rejoined" if welcome.resumed else "joined"
        self.say(
            f"{verb}: {_one_line(welcome.title)} as {welcome.name} ({welcome.players} players)"
        )

    def lobby(self, players: int) -> None:
        if players != self.last_lobby:
            self.last_lobby = players
            self.say(f"lobby: {players} players, waiting for the host to start")

    def question(self, question: Question) -> None:
        from spacequiz.live.client import how_to_answer, letter

        self.say(f"question {question.number} of {question.total}: {_one_line(question.prompt)}")
        for i, option in enumerate(question.options):
            self.say(f"{letter(i)}) {_one_line(option)}")
        if question.answered:
            self.say("answer sent")
            return
        timer = f"{question.seconds:g} seconds: " if question.seconds is not None else ""
        self.say(f"{timer}{how_to_answer(question)}")

    async def ask(self, question: Question) -> object:
        from spacequiz.live.client import read_line_answer

        while not self.eof:
            line = await self.lines.next()
            if line is None:  # the end of input: watch the game to its end
                self.eof = True
                break
            answer, problem = read_line_answer(question, line)
            if problem is None:
                return answer
            self.say(problem, "warn")
        await asyncio.Event().wait()  # until the reveal closes the question
        return None

    def close_prompt(self) -> None:
        """Nothing to close: the client cancels the waiting `ask`."""

    def accepted(self, number: int) -> None:
        self.say("answer sent")

    def progress(self, answered: int, players: int) -> None:
        """Too chatty for one line per event."""

    def reveal(self, revealed: Revealed) -> None:
        you = revealed.you
        rank = f", rank {you.rank}" if you.rank is not None else ""
        stats = f"+{revealed.points} points, score {you.score}{rank}, streak {you.streak}"
        if revealed.correct:
            self.say(f"right: {stats}")
        else:
            word = "partly right" if revealed.credit > 0 else "wrong"
            if revealed.given is None:
                word = "no answer"
            self.say(f"{word}: the answer was {_one_line(revealed.answer)}; {stats}")
        if revealed.explanation:
            self.say(f"why: {_one_line(revealed.explanation)}")

    def leaderboard(self, board: Board) -> None:
        self.say("leaderboard:")
        for line in board.top:
            self.say(f"{line.rank}. {_one_line(line.name)} {line.score}{_moved(line.movement)}")
        if board.you.rank is not None and board.you.name not in {t.name for t in board.top}:
            self.say(f"you: rank {board.you.rank}, score {board.you.score}")

    def end(self, ended: Ended) -> None:
        self.say("podium:")
        for line in ended.podium:
            self.say(f"{line.rank}. {_one_line(line.name)} {line.score}")
        rank = ended.you.rank if ended.you.rank is not None else "-"
        self.say(f"final: rank {rank} of {ended.players}, score {ended.you.score}")

    def refused(self, message: str) -> None:
        self.say(f"refused: {message}", "warn")

    def status(self, message: str) -> None:
        from spacequiz.ui.safe import literal

        self.err.print(literal(message, "warn"))


def _moved(movement: int) -> str:
    if movement > 0:
        return f" (up {movement})"
    if movement < 0:
        return f" (down {-movement})"
    return ""


# The terminal -----------------------------------------------------------------------------


class RichScreen:
    """Panels and questionary prompts, with the seconds left shown above each prompt."""

    def __init__(self, console: Console, err: Console, clock: Callable[[], float]) -> None:
        self.console = console
        self.err = err
        self.clock = clock
        self.app: Any = None
        self.closing = False
        self.last_lobby = -1
        self.held: list[str] = []

    def joined(self, welcome: Welcome) -> None:
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        from spacequiz.ui.safe import literal

        verb = "Back in" if welcome.resumed else "Joined"
        body = Group(
            Text("🚀 spacequiz live", style="bold magenta", justify="center"),
            Text.assemble(literal(welcome.title, "bold"), justify="center"),
            Text.assemble(f"{verb} as ", literal(welcome.name, "accent"), justify="center"),
            Text(f"{welcome.total} questions", style="muted", justify="center"),
        )
        self.console.print(Panel(body, border_style="magenta", padding=(1, 2)))
        if welcome.phase == "lobby":
            self.console.print("Waiting for the host to start the game…", style="muted")

    def lobby(self, players: int) -> None:
        if players != self.last_lobby:
            self.last_lobby = players
            self.console.print(
                f"{players} player{'' if players == 1 else 's'} in the lobby", style="muted"
            )

    def question(self, question: Question) -> None:
        from rich.console import Group, RenderableType
        from rich.panel import Panel
        from rich.text import Text

        from spacequiz.live.client import letter
        from spacequiz.ui.safe import literal

        parts: list[RenderableType] = [literal(question.prompt, "bold")]
        if question.options:
            parts.append(Text(""))
            parts += [
                Text.assemble((f"{letter(i)}) ", "accent"), literal(o))
                for i, o in enumerate(question.options)
            ]
        self.console.print()
        self.console.print(
            Panel(
                Group(*parts),
                title=Text(f"Question {question.number} of {question.total}", style="accent"),
                title_align="left",
                border_style="cyan",
                padding=(0, 1),
            )
        )
        if question.answered:
            self.console.print("You have answered this one: waiting for the others…", style="muted")

    async def ask(self, question: Question) -> object:
        from spacequiz.live.client import letter
        from spacequiz.ui.safe import clean

        self.closing = False
        deadline = None if question.seconds is None else self.clock() + question.seconds
        total = question.seconds or 1.0
        labels = [f"{letter(i)}) {clean(_one_line(o))}" for i, o in enumerate(question.options)]
        try:
            match question.kind:
                case "choice" | "truefalse":
                    return await self._select(
                        "Your answer:", labels, list(range(len(labels))), deadline, total
                    )
                case "multi":
                    return await self._checkbox(labels, deadline, total)
                case "order":
                    return await self._order(labels, deadline, total)
                case "text" | "number":
                    return await self._text(question, deadline, total)
        finally:
            self.app = None
            for text in self.held:
                self.refused(text)
            self.held.clear()
        return None

    async def _run(self, prompt: Any, deadline: float | None, total: float) -> Any:
        from spacequiz.ui.interactive import add_countdown
        from spacequiz.ui.prompts import guard_prompt

        if self.closing:
            return None
        guard_prompt(prompt)
        if deadline is not None:
            add_countdown(prompt, deadline, total, self.clock)
        self.app = prompt.application
        answer = await prompt.unsafe_ask_async()
        self.app = None
        return None if self.closing else answer

    def _select_prompt(self, message: str, labels: list[str], values: list[Any]) -> Any:
        import questionary

        from spacequiz.ui.interactive import STYLE

        prompt = questionary.select(
            message,
            choices=[
                questionary.Choice(label, value=v) for label, v in zip(labels, values, strict=True)
            ],
            style=STYLE,
            instruction="(letter or ↑/↓, then Enter)",
        )

        # A letter key points at its choice (questionary's own shortcuts are lower-case only
        # and would show "a) A) ..."); Enter answers, as with the arrows.
        def point(control: InquirerControl, index: int) -> None:
            control.pointed_at = index

        _letter_keys(prompt.application, labels, point, digits=False)
        return prompt

    async def _select(
        self,
        message: str,
        labels: list[str],
        values: list[Any],
        deadline: float | None,
        total: float,
    ) -> Any:
        return await self._run(self._select_prompt(message, labels, values), deadline, total)

    async def _checkbox(self, labels: list[str], deadline: float | None, total: float) -> object:
        import questionary

        from spacequiz.ui.interactive import STYLE

        prompt = questionary.checkbox(
            "Select all that apply:",
            choices=[questionary.Choice(label, value=i) for i, label in enumerate(labels)],
            style=STYLE,
            validate=lambda picked: bool(picked) or "Tick at least one, then Enter.",
            instruction="(a letter or Space to tick, Enter to answer)",
        )

        # The letter shown beside a choice ticks it, as its digit does in `play`.
        def tick(control: InquirerControl, index: int) -> None:
            control.pointed_at = index
            if index in control.selected_options:
                control.selected_options.remove(index)
            else:
                control.selected_options.append(index)

        _letter_keys(prompt.application, labels, tick, digits=True)
        picked = await self._run(prompt, deadline, total)
        return None if picked is None else sorted(picked)

    async def _order(self, labels: list[str], deadline: float | None, total: float) -> object:
        """Build the order one pick at a time: what comes first, then next, and so on."""
        left = list(range(len(labels)))
        chosen: list[int] = []
        while len(left) > 1:
            message = f"Item {len(chosen) + 1} of {len(labels)}" + (
                f" (after {labels[chosen[-1]].split(')', 1)[0]})"
                if chosen
                else " (what comes first?)"
            )
            picked = await self._select(
                message, [labels[i] for i in left], list(left), deadline, total
            )
            if picked is None:
                return None
            chosen.append(picked)
            left.remove(picked)
        return chosen + left

    async def _text(self, question: Question, deadline: float | None, total: float) -> object:
        import questionary

        from spacequiz.core.answers import parse_number
        from spacequiz.live.game import MAX_TEXT_ANSWER
        from spacequiz.ui.interactive import STYLE
        from spacequiz.ui.safe import clean

        is_number = question.kind == "number"

        def valid(text: str) -> bool | str:
            if not text.strip():
                return "Please type an answer."
            if len(text) > MAX_TEXT_ANSWER:
                return f"At most {MAX_TEXT_ANSWER} characters, please."
            if is_number and parse_number(text) is None:
                return "Please type a number, e.g. 3000."
            return True

        unit = f" ({clean(question.unit)})" if question.unit else ""
        message = ("Your number" if is_number else "Your answer") + unit + ":"
        typed = await self._run(
            questionary.text(message, validate=valid, style=STYLE), deadline, total
        )
        return None if typed is None else str(typed).strip()

    def close_prompt(self) -> None:
        self.closing = True
        app = self.app
        if app is not None and app.is_running and not app.future.done():
            app.exit(result=None)

    def accepted(self, number: int) -> None:
        self.console.print("Answer in: waiting for the others…", style="muted")

    def progress(self, answered: int, players: int) -> None:
        """The prompt owns the screen while a question is open: no progress lines."""

    def reveal(self, revealed: Revealed) -> None:
        from rich.console import Group, RenderableType
        from rich.panel import Panel
        from rich.text import Text

        from spacequiz.ui.safe import literal
        from spacequiz.ui.screens import PARTIAL_MARK, RIGHT_MARK, WRONG_MARK

        if revealed.correct:
            mark, word, style = RIGHT_MARK, "Right!", "right"
        elif revealed.given is None:
            mark, word, style = WRONG_MARK, "No answer.", "wrong"
        elif revealed.credit > 0:
            mark, word, style = PARTIAL_MARK, "Partly right.", "warn"
        else:
            mark, word, style = WRONG_MARK, "Wrong.", "wrong"
        lines: list[RenderableType] = [Text(f"{mark} {word}", style=style)]
        if not revealed.correct:
            if revealed.given is not None:
                lines.append(Text.assemble("Your answer: ", literal(revealed.given)))
            lines.append(Text.assemble("Answer: ", literal(revealed.answer, "bold")))
        if revealed.explanation:
            lines.append(literal(revealed.explanation))
        you = revealed.you
        rank = f" · rank {you.rank}" if you.rank is not None else ""
        lines.append(
            Text(
                f"+{revealed.points} points · score {you.score} · streak {you.streak}{rank}",
                style="muted",
            )
        )
        self.console.print(Panel(Group(*lines), border_style=style, padding=(0, 1)))

    def leaderboard(self, board: Board) -> None:
        from rich.table import Table
        from rich.text import Text

        from spacequiz.ui.safe import literal

        table = Table(title="Leaderboard", title_style="accent", box=None, padding=(0, 1))
        table.add_column("#", justify="right")
        table.add_column("player")
        table.add_column("score", justify="right")
        table.add_column("")
        for line in board.top:
            me = line.name == board.you.name
            moved = "▲" if line.movement > 0 else "▼" if line.movement < 0 else ""
            table.add_row(
                str(line.rank),
                literal(line.name, "bold" if me else ""),
                str(line.score),
                Text(moved, style="right" if line.movement > 0 else "wrong"),
            )
        self.console.print(table)
        if board.you.rank is not None and board.you.name not in {t.name for t in board.top}:
            self.console.print(
                f"You: rank {board.you.rank}, score {board.you.score}", style="muted"
            )

    def end(self, ended: Ended) -> None:
        from rich.console import Group, RenderableType
        from rich.panel import Panel
        from rich.text import Text

        from spacequiz.ui.safe import literal

        medals = {1: "🥇", 2: "🥈", 3: "🥉"}
        rows: list[RenderableType] = [Text("Game over", style="bold magenta", justify="center")]
        for line in ended.podium:
            rows.append(
                Text.assemble(
                    f"{medals.get(line.rank, str(line.rank))} ",
                    literal(line.name, "bold"),
                    f"  {line.score}",
                    justify="center",
                )
            )
        rank = ended.you.rank if ended.you.rank is not None else "-"
        rows.append(
            Text(
                f"You: rank {rank} of {ended.players}, score {ended.you.score}",
                style="accent",
                justify="center",
            )
        )
        self.console.print()
        self.console.print(Panel(Group(*rows), border_style="magenta", padding=(1, 2)))

    def refused(self, message: str) -> None:
        from spacequiz.ui.safe import literal

        if self.app is not None:  # keep the open prompt's lines intact; say it after
            self.held.append(message)
            return
        self.console.print(literal(f"Refused: {message}", "warn"))

    def status(self, message: str) -> None:
        from spacequiz.ui.safe import literal

        self.err.print(literal(message, "warn"))


def _letter_keys(
    app: Any, labels: list[str], action: Callable[[InquirerControl, int], None], *, digits: bool
) -> None:
    """Bind the letter each label starts with ("B) ...", either case), and its digit when
    `digits`, to `action` on that choice of the questionary list in `app`."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    control = next(
        w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )
    keys = KeyBindings()
    for i, label in enumerate(labels):
        key = label.split(")", 1)[0]
        if len(key) != 1:
            continue

        def act(event: Any, index: int = i) -> None:
            action(control, index)

        # Eager, as questionary's own keys are ("a" ticks all, "i" inverts): ours win.
        names = [key.lower(), key, *([str(i + 1)] if digits and i < 9 else [])]
        for name in dict.fromkeys(names):
            keys.add(name, eager=True)(act)
    app.key_bindings = merge_key_bindings([app.key_bindings, keys] if app.key_bindings else [keys])
